package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The owner agency may mark an outcome for residents where it logs it
// (issue 22), off unless they say so; anyone else is not offered it.
func TestOutcomeFormOffersPublishingToTheOwnerAgency(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, council), 80, 24)
	hs.openAction(1) // the council's
	hs.keys("o", "Both gates fitted and locked.")
	if !strings.Contains(ansi.Strip(hs.view()), "Publish       no: for the panel") {
		t.Fatalf("the owner agency is not offered publishing:\n%s", ansi.Strip(hs.view()))
	}
	hs.keys("tab", "tab", "right", "ctrl+s")
	os := st.outcomes[1]
	if last := os[len(os)-1]; last.Text != "Both gates fitted and locked." || !last.Publishable {
		t.Fatalf("outcome = %+v", last)
	}

	other := newFakeStore()
	hs = newHarness(t, userOpts(other, officer), 80, 24)
	hs.openAction(1) // the council's, seen by a police officer
	hs.keys("o")
	if f := hs.app.outcome(); f != nil && f.publish != nil {
		t.Fatal("another agency is offered publishing the council's outcome")
	}
}
