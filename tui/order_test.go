package tui

import (
	"slices"
	"strings"
	"testing"

	"wardpanel/model"
)

// The actions screen and a problem's actions read in the model's one
// order (open before closed, then due date), as the SSH commands do.
func TestActionListsFollowTheModelsOrder(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.keys("t")
	want := slices.Clone(hs.app.actions().State().All)
	slices.SortFunc(want, model.CompareActions)
	var wantIDs []model.ID
	for _, a := range want {
		wantIDs = append(wantIDs, a.ID)
	}
	if got := hs.actionIDs(); !slices.Equal(got, wantIDs) {
		t.Fatalf("actions screen %v, model order %v", got, wantIDs)
	}

	// Problem 4's open action falls due after its overdue one; closing the
	// overdue one sends it below.
	a := st.actions[1]
	a.Status = model.ActionDone
	st.actions[1] = a
	hs.keys("esc")
	hs.openProblem(4)
	var got []model.ID
	for _, a := range hs.app.detail().actions {
		got = append(got, a.ID)
	}
	if want := []model.ID{2, 1}; !slices.Equal(got, want) {
		t.Fatalf("problem 4's actions %v, want %v (open before done)", got, want)
	}
}

// Counts and articles read as English: 1 apology, 1 ballot, an opinion.
func TestWordsForOneAndForVowels(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{model.Counted(1, "apology", "apologies"), "1 apology"},
		{model.Counted(2, "apology", "apologies"), "2 apologies"},
		{model.Counted(1, "ballot", "ballots"), "1 ballot"},
		{model.Counted(0, "ballot", "ballots"), "0 ballots"},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
	hs := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
	hs.openProblem(4)
	hs.keys("v", "right", "tab", "tab", "Lighting would do as much.", "ctrl+s")
	if got, want := hs.app.status.text, "Added an opinion to problem P4"; got != want {
		t.Fatalf("status %q, want %q", got, want)
	}
}

// A due date already past is a slip of the keyboard more often than not:
// enter, or save, asks once; a second keeps it.
func TestPastDueDateNeedsASecondEnter(t *testing.T) {
	for _, how := range []string{"enter", "ctrl+s"} {
		t.Run(how, func(t *testing.T) {
			st := newFakeStore()
			hs := newHarness(t, userOpts(st, officer), 80, 24)
			hs.openProblem(4)
			n := len(st.actions)
			hs.keys("a", "Check the gates", "tab", "tab", "tab", "ctrl+u", "2020-01-06", how)
			f := hs.app.actionForm()
			if f == nil || f.due.Err != pastDueAsk || f.Focused() != f.due || len(st.actions) != n {
				t.Fatalf("one %s on a past date did not ask: %v", how, hs.text())
			}
			if !strings.Contains(hs.text(), "that date has passed; enter again to keep it") {
				t.Fatalf("the question is not on screen:\n%s", hs.text())
			}
			hs.keys(how)
			if how == "enter" {
				if f.due.Err != "" || f.Focused() == f.due {
					t.Fatalf("a second enter did not keep the date: err %q", f.due.Err)
				}
				hs.keys("ctrl+s")
			}
			if len(st.actions) != n+1 {
				t.Fatalf("the action with a kept past date was not saved: %s", hs.text())
			}
		})
	}
}
