package tui

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// meetingScreenStates are the meeting screens with the most keys: the
// chair and the secretary in a live meeting, at the size asked.
var meetingScreenStates = []struct {
	name  string
	setup func(t *testing.T, w, h int) *harness
}{
	{"live meeting, chair", func(t *testing.T, w, h int) *harness {
		_, hs := liveMeetingOn(t, 2)
		hs.send(tea.WindowSizeMsg{Width: w, Height: h})
		return hs
	}},
	{"live meeting, secretary browsing", func(t *testing.T, w, h int) *harness {
		r, _ := liveMeetingOn(t, 1)
		r.as("sec", "m", "enter", "down")
		hs := r.people["sec"]
		hs.send(tea.WindowSizeMsg{Width: w, Height: h})
		return hs
	}},
}

// The one-line footer never cuts a key in half or hides one without
// saying so: at 80, 120 and 200 columns, on every screen, each key of the
// screen's short help is on the line whole, or the line ends "? more"
// and the full help lists it (issue 17: at 120 columns footers were cut).
func TestFooterFitsAndSaysWhenKeysAreLeftOut(t *testing.T) {
	type state = struct {
		name  string
		setup func(t *testing.T, w, h int) *harness
	}
	states := append([]state{}, screenStates...)
	states = append(states, meetingScreenStates...)
	for _, s := range states {
		for _, w := range []int{80, 120, 200} {
			t.Run(fmt.Sprintf("%s/%d", s.name, w), func(t *testing.T) {
				hs := s.setup(t, w, 24)
				if hs.app.help.ShowAll {
					t.Skip("the full help is columns, not this line")
				}
				raw := hs.app.footerView()
				footer := ansi.Strip(raw)
				if strings.Contains(footer, "\n") || lipgloss.Width(raw) > w {
					t.Fatalf("footer is not one line of at most %d columns: %q", w, footer)
				}
				if strings.Contains(footer, "…") {
					t.Fatalf("footer cuts a key: %q", footer)
				}
				full := map[string]bool{}
				for _, g := range hs.app.current().FullHelp() {
					for _, b := range g {
						full[b.Help().Key+" "+b.Help().Desc] = true
					}
				}
				more := strings.HasSuffix(footer, "? "+moreHelp)
				for _, b := range hs.app.current().ShortHelp() {
					if !b.Enabled() || b.Help().Key == "" || b.Help().Key == "?" {
						continue
					}
					item := b.Help().Key + " " + b.Help().Desc
					switch {
					case strings.Contains(footer, item):
					case !more:
						t.Errorf("%q is left out and the footer does not say so: %q", item, footer)
					case !full[item] && w == 200:
						t.Errorf("%q is left out at 200 columns: %q", item, footer)
					}
				}
				if w == 200 && more {
					t.Errorf("200 columns leave keys out: %q", footer)
				}
			})
		}
	}
}

// The live meeting's chair at 120 columns sees the keys that run it.
func TestChairsFooterAt120KeepsTheMeetingKeys(t *testing.T) {
	hs := meetingScreenStates[0].setup(t, 120, 30)
	footer := ansi.Strip(hs.app.footerView())
	for _, want := range []string{"esc back", "n next item", "p previous item", "w write minutes", "a raise action"} {
		if !strings.Contains(footer, want) {
			t.Errorf("chair's footer at 120 lacks %q: %q", want, footer)
		}
	}
}

func TestShortHelpLine(t *testing.T) {
	hs := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
	k := hs.app.c.keys
	h := hs.app.help
	keys := []key.Binding{k.Help, k.Back, k.NextItem, k.PrevItem, k.Down, k.Up, k.Quit}
	tests := []struct {
		w    int
		want string
	}{
		{200, "? help • esc back • n next item • p previous item • ↓/j down • ↑/k up • q quit"},
		{60, "esc back • n next item • p previous item • ↓/j down • ? more"},
		{40, "esc back • n next item • ↑/k up • ? more"},
		{10, "? more"},
	}
	for _, tt := range tests {
		if got := ansi.Strip(shortHelpLine(h, keys, k.Help, tt.w)); got != tt.want {
			t.Errorf("at %d: %q, want %q", tt.w, got, tt.want)
		}
	}
}
