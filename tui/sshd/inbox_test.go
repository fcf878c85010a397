package sshd

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
)

// TestMatrixInbox: each role's inbox, over SSH, against the permission
// matrix. Every action here was raised by the chair of the police moments
// ago and is owned by police (the council for the officers-only one), so
// it is new for its owner agency's people who may see it, and for nobody
// else; each problem is led by that agency and changed by the same chair.
func TestMatrixInbox(t *testing.T) {
	w := startMatrixServer(t)
	pc, err := w.st.UserByName("Poppy Chair")
	if err != nil {
		t.Fatal(err)
	}
	for i := range mxVis {
		p, err := w.st.Problem(pc, w.P[i])
		if err != nil {
			t.Fatal(err)
		}
		p.LeadAgency = mxOwner(i)
		if _, err := w.st.UpdateProblem(model.Actor{User: pc, Fingerprint: "test"}, p); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range mxPersonas {
		t.Run(p.key, func(t *testing.T) {
			r := w.runner(t, p.key)
			out, errOut, code := r.run("inbox --json")
			if code != 0 {
				t.Fatalf("inbox --json: exit %d: %s", code, errOut)
			}
			text, errOut, code := r.run("inbox")
			if code != 0 {
				t.Fatalf("inbox: exit %d: %s", code, errOut)
			}
			var b struct {
				New      []model.Action  `json:"new"`
				Overdue  []model.Action  `json:"overdue"`
				DueSoon  []model.Action  `json:"due_soon"`
				Changed  []model.Problem `json:"changed_problems"`
				Meetings []model.Meeting `json:"next_meetings"`
			}
			if err := json.Unmarshal([]byte(out), &b); err != nil {
				t.Fatalf("inbox --json: %v\n%s", err, out)
			}
			// Expected, from the table: new for the owner agency's people
			// who may see it, never for the one who made it.
			wantNew, wantChanged := []model.ID{}, []model.ID{}
			for i := range mxVis {
				if p.see[i] == 'y' && p.agency == mxOwner(i) && p.name != pc.Name {
					wantNew = append(wantNew, w.A[i], w.R[i])
					wantChanged = append(wantChanged, w.P[i])
				}
			}
			slices.Sort(wantNew)
			if gotNew := sortedIDs(b.New, func(a model.Action) model.ID { return a.ID }); !slices.Equal(gotNew, wantNew) {
				t.Errorf("new: %v, want %v", gotNew, wantNew)
			}
			if gotChanged := sortedIDs(b.Changed, func(p model.Problem) model.ID { return p.ID }); !slices.Equal(gotChanged, wantChanged) {
				t.Errorf("changed problems: %v, want %v", gotChanged, wantChanged)
			}
			if len(b.Overdue)+len(b.DueSoon) != 0 {
				t.Errorf("nothing here is due within a week: %+v %+v", b.Overdue, b.DueSoon)
			}
			// The live meeting is the next one for its ward; the other
			// ward's meeting is past.
			if wantM := p.ward == testWard; (len(b.Meetings) == 1 && b.Meetings[0].ID == w.M2) != wantM || (!wantM && len(b.Meetings) != 0) {
				t.Errorf("next meetings: %+v", b.Meetings)
			}
			// No marker of a visibility the persona may not see, in either form.
			for i, v := range mxVis {
				if p.see[i] != 'y' && (strings.Contains(out, v.Marker) || strings.Contains(text, v.Marker)) {
					t.Errorf("%s leaks into the inbox of %s:\n%s\n%s", v.Marker, p.key, out, text)
				}
			}
			if len(wantNew) > 0 && !strings.Contains(text, fmt.Sprintf("New or changed for you or your agency (%d)", len(wantNew))) {
				t.Errorf("text inbox does not count what it lists:\n%s", text)
			}
		})
	}
}

// Over SSH with a terminal, a server with Config.Inbox (as serve runs it)
// shows a user with news their inbox first; esc puts it away for the board.
func TestInboxBeforeTheBoardOverSSH(t *testing.T) {
	f := startServer(t, false, func(c *Config) { c.Inbox = true })
	priya, err := f.st.UserByName("Priya Housing")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateAction(model.Actor{User: priya, Fingerprint: "test"}, model.Action{Ward: testWard,
		ProblemID: f.panelP.ID, Title: "Photograph the dumped mattresses", OwnerAgency: "police",
		Due: model.DateOnly(time.Now()).AddDate(0, 0, 20)}); err != nil {
		t.Fatal(err)
	}
	scr, in := openTUI(t, f.addr, f.police)
	scr.WaitFor(t, "Since you were last here")
	scr.WaitFor(t, "Photograph the dumped mattresses")
	mark := scr.Mark()
	if _, err := in.Write([]byte{0x1b}); err != nil {
		t.Fatal(err)
	}
	scr.WaitForSince(t, mark, f.policeP.Title)
	if strings.Contains(scr.Text(), "Since you were last here") {
		t.Errorf("the inbox stayed after esc:\n%s", scr.Text())
	}
	// Priya raised it herself: nothing new for her, so her board comes first.
	scr2, _ := openTUI(t, f.addr, f.housing)
	scr2.WaitFor(t, f.panelP.Title)
	if strings.Contains(scr2.Text(), "Since you were last here") {
		t.Errorf("an empty inbox was shown:\n%s", scr2.Text())
	}
}

func sortedIDs[T any](xs []T, id func(T) model.ID) []model.ID {
	out := []model.ID{}
	for _, x := range xs {
		out = append(out, id(x))
	}
	slices.Sort(out)
	return out
}
