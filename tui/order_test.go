package tui

import (
	"slices"
	"testing"

	"wardpanel/model"
)

// The actions screen and a problem's actions read in the model's one
// order (open before closed, then due date), as the SSH commands do.
func TestActionListsFollowTheModelsOrder(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.keys("t")
	want := slices.Clone(hs.app.actions.all)
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
	for _, a := range hs.app.detail.actions {
		got = append(got, a.ID)
	}
	if want := []model.ID{2, 1}; !slices.Equal(got, want) {
		t.Fatalf("problem 4's actions %v, want %v (open before done)", got, want)
	}
}

// Counts and articles read as English: 1 apology, 1 ballot, an opinion.
func TestWordsForOneAndForVowels(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{counted(1, "apology", "apologies"), "1 apology"},
		{counted(2, "apology", "apologies"), "2 apologies"},
		{plural(1, "ballot"), "1 ballot"},
		{plural(0, "ballot"), "0 ballots"},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
	hs := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
	hs.openProblem(4)
	hs.keys("v", "right", "tab", "tab", "Lighting would do as much.", "ctrl+s")
	if got, want := hs.app.status.text, "Added an opinion to problem #4"; got != want {
		t.Fatalf("status %q, want %q", got, want)
	}
}
