package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// The agenda column grows with a wide screen, between its minimum and
// maximum: at 200 columns titles are no longer cut at 30.
func TestAgendaColumnGrowsWithWidth(t *testing.T) {
	_, hs := liveMeetingOn(t, 2)
	tests := []struct{ width, agenda int }{
		{76, 34}, {80, 34}, {100, 34}, {120, 40}, {160, 60}, {200, 64},
	}
	for _, tt := range tests {
		hs.send(tea.WindowSizeMsg{Width: tt.width, Height: 30})
		body := strings.Split(ansi.Strip(hs.app.current().View()), "\n")
		col := -1
		for _, l := range body[1:] {
			if i := strings.Index(l, "│"); i >= 0 {
				col = ansi.StringWidth(l[:i])
				break
			}
		}
		if col != tt.agenda {
			t.Errorf("at %d columns the agenda is %d wide, want %d", tt.width, col, tt.agenda)
		}
		if tt.width >= 160 && !strings.Contains(strings.Join(body, "\n"), "Minutes and actions of the last meeting ") {
			t.Errorf("at %d columns a long item title is still cut:\n%s", tt.width, strings.Join(body, "\n"))
		}
	}
}

// Without colour, the row you browse to and the row the meeting is on
// still look different: › marks the one, ▶ the other (issue 17).
func TestBrowsedAndCurrentRowsDifferWithoutColour(t *testing.T) {
	r, _ := liveMeetingOn(t, 3)
	r.as("sec", "m", "enter", "up")
	lines := strings.Split(r.screen("sec"), "\n")
	var browsed, current string
	for _, l := range lines {
		switch {
		case strings.Contains(l, "2 Minutes and actions"):
			browsed = l
		case strings.Contains(l, "3 Police actions"):
			current = l
		}
	}
	if !strings.HasPrefix(browsed, "›✓ 2") || !strings.HasPrefix(current, " ▶ 3") {
		t.Fatalf("browsed %q, current %q", browsed, current)
	}
}

// The same, as a golden drawn with no colour at all.
func TestGoldenMeetingBrowsing(t *testing.T) {
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			st := realStore(t)
			m := seedLiveMeeting(t, st)
			u := member
			u.ID = 9
			now := func() time.Time { return m.ItemStarted.Add(7 * time.Minute) }
			opts := Options{Store: st, User: &u, Fingerprint: "SHA256:golden", Now: now, Live: true}
			tm := startLoaded(t, opts, []string{"▶ meeting live"}, tea.KeyPressMsg{Code: 'm', Text: "m"})
			waitFor(t, tm, "Press b to vote")
			tm.Send(press(tea.KeyUp))
			waitFor(t, tm, "press f to follow")
			resize(tm, sz)
			teatest.RequireEqualOutput(t, finalScreen(t, tm))
		})
	}
}
