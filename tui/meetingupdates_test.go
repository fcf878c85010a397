package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"wardpanel/model"
	"wardpanel/store"
)

// seedUpdatesDue closes the spring meeting, which set the priorities, and
// plans the next one from it; the police post updates on their priority
// and on the Elm Grove letter drop, and nobody else has yet.
func seedUpdatesDue(t *testing.T, st *store.Store) model.Meeting {
	t.Helper()
	last := seedLiveMeeting(t, st)
	as := func(u model.User) model.Actor { return model.Actor{User: u, Fingerprint: "SHA256:fixture"} }
	for _, ch := range []model.MeetingChange{model.CloseVote{}, model.CloseMeeting{}} {
		if _, err := st.ChangeMeeting(as(chair), last.ID, ch); err != nil {
			t.Fatal(err)
		}
	}
	next, err := st.CreateMeeting(as(chair), model.Meeting{Ward: wardA, PreviousID: last.ID, Title: "Northfield Ward Panel — Summer",
		When: day(20).Add(19 * time.Hour), Venue: "Northfield Library"})
	if err != nil {
		t.Fatal(err)
	}
	pr, err := st.Priorities(officer, wardA)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range pr.Problems {
		if p, err := st.Problem(officer, id); err == nil && p.LeadAgency == "police" {
			if _, _, err := st.PostUpdate(as(officer), model.RecordProblem, id, "Burglary down from 7 to 2 since the patrols began."); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, a := range next.ItemOfKind(model.ItemReview).Reviews {
		if _, _, err := st.PostUpdate(as(officer), model.RecordAction, a.ActionID, "Letters delivered to 140 homes; two residents came forward."); err != nil {
			t.Fatal(err)
		}
	}
	return next
}

// The chair, before the meeting, on "Police actions on the previous
// priorities" and on matters arising: each record with its updates, and
// who has and has not updated.
func TestGoldenMeetingUpdates(t *testing.T) {
	for _, item := range []struct {
		name string
		down int
		wait string
	}{{"priorities", 2, "3. Police actions"}, {"arising", 1, "2. Minutes and actions"}} {
		for _, sz := range goldenSizes {
			t.Run(fmt.Sprintf("%s/%dx%d", item.name, sz[0], sz[1]), func(t *testing.T) {
				st := realStore(t)
				seedUpdatesDue(t, st)
				opts := Options{Store: st, User: &chair, Fingerprint: "SHA256:golden", Now: fixedNow, Live: true}
				keys := []tea.KeyPressMsg{{Code: 'm', Text: "m"}}
				tm := startLoaded(t, opts, []string{"Northfield"}, keys...)
				waitFor(t, tm, "Summer")
				tm.Send(press(tea.KeyEnter))
				waitFor(t, tm, "PLANNED")
				for range item.down {
					tm.Send(press(tea.KeyDown))
				}
				waitFor(t, tm, item.wait)
				resize(tm, sz)
				if sz[1] < 24 {
					tm.Send(press(tea.KeyPgDown)) // the pane is short: to the updates
				}
				teatest.RequireEqualOutput(t, finalScreen(t, tm))
			})
		}
	}
}

// Only the panel's officers see the list of who has not updated; every
// reader sees the updates on what they may see.
func TestMeetingUpdatesPerReader(t *testing.T) {
	st := realStore(t)
	next := seedUpdatesDue(t, st)
	for _, tc := range []struct {
		u          model.User
		owners     bool
		updateSeen bool
	}{{chair, true, true}, {officer, false, true}, {member, false, true}} {
		hs := newHarness(t, Options{Store: st, User: &tc.u, Now: fixedNow}, 100, 40)
		hs.send(openMeetingMsg{id: next.ID})
		hs.keys("down", "down")
		got := ansi.Strip(hs.view())
		if strings.Contains(got, "Updates before the meeting") != tc.owners {
			t.Errorf("%s: the owners' list shown is %v, want %v:\n%s", tc.u.Name, !tc.owners, tc.owners, got)
		}
		if strings.Contains(got, "Burglary down from 7 to 2") != tc.updateSeen {
			t.Errorf("%s: the update shown is %v:\n%s", tc.u.Name, !tc.updateSeen, got)
		}
	}
}

// u on an action's or a priority's detail posts an update for the next
// meeting, offered exactly to those the model lets post; the member is
// told why not.
func TestPostUpdateFromTheDetails(t *testing.T) {
	st := realStore(t)
	next := seedUpdatesDue(t, st)
	a, err := st.Action(officer, 2) // Asha's, not yet updated
	if err != nil {
		t.Fatal(err)
	}
	hs := newHarness(t, Options{Store: st, User: &officer, Now: fixedNow}, 100, 30)
	hs.send(openActionMsg{a: a})
	if got := ansi.Strip(hs.view()); !strings.Contains(got, "u post update") {
		t.Fatalf("the action's help does not offer u:\n%s", got)
	}
	hs.keys("u")
	if got := ansi.Strip(hs.view()); !strings.Contains(got, "Update on A2 for Northfield Ward Panel — Summer") {
		t.Fatalf("u did not open the form:\n%s", got)
	}
	hs.paste("Odd numbers done; even numbers next week.")
	hs.keys("ctrl+s")
	if got := ansi.Strip(hs.view()); !strings.Contains(got, "Posted your update on A2") {
		t.Fatalf("after ctrl+s:\n%s", got)
	}
	p, err := st.Problem(officer, 4)
	if err != nil {
		t.Fatal(err)
	}
	hs.send(openDetailMsg{p: p})
	hs.keys("u")
	hs.paste("Two more arrests.")
	hs.keys("ctrl+s")
	ups, err := st.Updates(officer, next.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, up := range ups {
		got = append(got, fmt.Sprintf("%s %d %s", up.Kind, up.RecordID, up.Text))
	}
	if want := "action 2 Odd numbers done; even numbers next week.|problem 4 Two more arrests."; !strings.Contains(strings.Join(got, "|"), want) {
		t.Errorf("updates after posting: %q, want them to end %q", got, want)
	}

	hm := newHarness(t, Options{Store: st, User: &member, Now: fixedNow}, 100, 30)
	hm.send(openActionMsg{a: a})
	if got := ansi.Strip(hm.view()); strings.Contains(got, "post update") {
		t.Errorf("a member is offered u:\n%s", got)
	}
	hm.keys("u")
	if got := ansi.Strip(hm.view()); !strings.Contains(got, "owner agency (police)") {
		t.Errorf("a member pressing u is not told why not:\n%s", got)
	}
}
