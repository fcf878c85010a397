package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// The header names the ward's priorities by reference and short title as
// space allows: the ward's code goes first, then the titles, last first,
// then the references too; the user's name stays (issue 17).
func TestHeaderNamesPrioritiesAsSpaceAllows(t *testing.T) {
	st := realStore(t)
	seedUpdatesDue(t, st) // priorities P4 and P1
	u := chair
	hs := newHarness(t, Options{Store: st, User: &u, Now: fixedNow, Live: true}, 80, 24)
	for _, tt := range []struct {
		width int
		left  string // the header's left, as it begins
	}{
		{140, "wardpanel · Northfield E05009367 · ★ P4 Burglary hotspot, P1 Fly-tipping behind "},
		{100, "Northfield · ★ P4 Burglary hotspot, P1 Fly-tipping behind "},
		{80, "Northfield · ★ P4 Burglary hotspot, P1 Fly-tipping behind "},
		{60, "Northfield · ★ P4 Burglary hotspot, P1 "},
		{40, "Northfield · ★ P4 P1 "},
		{30, "Northfield "},
	} {
		hs.send(tea.WindowSizeMsg{Width: tt.width, Height: 24})
		line, _, _ := strings.Cut(ansi.Strip(hs.view()), "\n")
		if !strings.HasPrefix(strings.TrimSpace(line)+" ", tt.left) || !strings.Contains(line, "Carol Hughes") {
			t.Errorf("at %d columns the header is\n%q, want it to begin\n%q and name the user", tt.width, line, tt.left)
		}
		if tt.width == 30 && strings.Contains(line, "★") {
			t.Errorf("at 30 columns the priorities crowd out the user: %q", line)
		}
	}
}
