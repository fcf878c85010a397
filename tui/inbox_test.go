package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"wardpanel/model"
	"wardpanel/store"
)

// The inbox on connecting: Asha, a police officer, sees what others raised
// for the police this week, hers overdue and due soon, and the next meeting.
func TestGoldenInbox(t *testing.T) {
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			opts := Options{Store: inboxStore(t), User: &officer, Fingerprint: "SHA256:golden", Now: fixedNow, Inbox: true}
			tm := startLoaded(t, opts, []string{"Northfield panel, spring"})
			resize(tm, sz)
			teatest.RequireEqualOutput(t, finalScreen(t, tm))
		})
	}
}

// inboxStore is the fixture with a week's news for the police: the chair
// raised two actions for them (one already late) and moved a problem they
// lead on, and the next meeting is in the diary.
func inboxStore(t *testing.T) *store.Store {
	t.Helper()
	st := realStore(t)
	by := model.Actor{User: chair, Fingerprint: "SHA256:fixture"}
	if _, err := st.CreateMeeting(by, model.Meeting{Ward: wardA, Title: "Northfield panel, spring",
		When: day(13).Add(19 * time.Hour), Venue: "St Mark's hall"}); err != nil {
		t.Fatal(err)
	}
	for _, a := range []model.Action{
		{Ward: wardA, Title: "Send the CCTV request for the parade", OwnerAgency: "police", Assignee: officer.Name, Due: day(-1)},
		{Ward: wardA, Title: "Join the council's licensing visit", OwnerAgency: "police", Due: day(20)},
	} {
		if _, err := st.CreateAction(by, a); err != nil {
			t.Fatal(err)
		}
	}
	ps, err := st.Problems(chair, wardA)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.LeadAgency == "police" {
			p.Stage = model.StageResponse
			if _, err := st.UpdateProblemBecause(by, p, "responses agreed"); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	return st
}

// One key puts the inbox away; `i` on the board brings it back; enter
// opens the record under the cursor.
func TestInboxKeys(t *testing.T) {
	opts := Options{Store: inboxStore(t), User: &officer, Fingerprint: "SHA256:golden", Now: fixedNow, Inbox: true}
	tm := startLoaded(t, opts, []string{"Yours overdue"})
	tm.Send(press(tea.KeyEscape))
	waitFor(t, tm, "Speeding")
	tm.Send(tea.KeyPressMsg{Code: 'i', Text: "i"})
	waitFor(t, tm, "enter open")
	tm.Send(press(tea.KeyEnter))
	waitFor(t, tm, "Outcomes")
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	tm.WaitFinished(t, teatest.WithFinalTimeout(5e9))
}

// Without Options.Inbox, or with nothing in it, the board comes first.
func TestInboxNotShownWhenEmptyOrOff(t *testing.T) {
	for _, c := range []struct {
		name  string
		user  model.User
		inbox bool
	}{
		{"off", officer, false},
		{"empty", watcher, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			u := c.user
			opts := Options{Store: realStore(t), User: &u, Now: fixedNow, Inbox: c.inbox}
			tm := startProgram(t, opts, 100, 30, colorprofile.NoTTY)
			waitFor(t, tm, "Speeding")
			out := finalScreen(t, tm)
			if strings.Contains(string(out), "Since you were last here") {
				t.Fatalf("inbox shown:\n%s", out)
			}
		})
	}
}

// The inbox panel against the permission matrix: each persona's panel, on
// connecting or at i, lists the actions and led problems new for their
// agency that they may see, and no marker of a record they may not.
func TestMatrixInboxPanel(t *testing.T) {
	st := newMatrixStore(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	builder := mxPersonas[len(mxPersonas)-1].u
	by := model.Actor{User: builder, Fingerprint: "SHA256:builder"}
	for i, v := range mxVis {
		p, err := st.CreateProblem(by, model.Problem{Ward: wardA, Title: v.marker + " problem", Visibility: mxVisibility(i), LeadAgency: mxOwner(i)})
		must(err)
		_, err = st.CreateAction(by, model.Action{Ward: wardA, ProblemID: p.ID, Title: v.marker + " action", OwnerAgency: mxOwner(i), Due: day(10)})
		must(err)
	}
	for _, p := range mxPersonas {
		t.Run(p.key, func(t *testing.T) {
			u := p.u
			hs := newHarness(t, Options{Store: st, User: &u, Fingerprint: "SHA256:" + p.key, Now: fixedNow, Inbox: true}, 120, 60)
			news := false
			for i := range mxVis {
				news = news || (p.see[i] == 'y' && u.Agency == mxOwner(i) && u.Name != builder.Name)
			}
			if on := hs.app.active == screenInbox; on != news {
				t.Errorf("inbox shown on connecting: %t, want %t", on, news)
			}
			if !news && u.InWard(wardA) {
				hs.keys("i")
			}
			screen := hs.view()
			for i, v := range mxVis {
				mine := p.see[i] == 'y' && u.Agency == mxOwner(i) && u.Name != builder.Name
				for _, what := range []string{" action", " problem"} {
					if got := strings.Contains(screen, v.marker+what); got != mine {
						t.Errorf("%s%s on the panel: %t, want %t:\n%s", v.marker, what, got, mine, screen)
					}
				}
				if p.see[i] != 'y' && strings.Contains(screen, v.marker) {
					t.Errorf("%s leaks:\n%s", v.marker, screen)
				}
			}
		})
	}
}
