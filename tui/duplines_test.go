package tui

import (
	"strings"
	"testing"

	"wardpanel/model"
)

// lineCount counts the screen's lines that contain s.
func lineCount(screen, s string) int {
	n := 0
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, s) {
			n++
		}
	}
	return n
}

// After an edit conflict and ctrl+r, the form shows their version and,
// above it, only what of yours differs: a field they left as you had it
// is not shown twice (issue 17).
func TestConflictScreenShowsEachLineOnce(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, st *fakeStore) *harness
		same  []string // fields both versions have: once on screen
		mine  string   // what you typed: shown once, above theirs
	}{
		{"problem form", func(t *testing.T, st *fakeStore) *harness {
			hs := newHarness(t, userOpts(st, officer), 100, 30)
			hs.keys("enter", "e", "tab", "tab")
			hs.paste(" Mine added.")
			p := st.get(hs.app.form().Base().ID)
			p.Version, p.UpdatedBy, p.Description = p.Version+1, "Sam Reid", "Their new description."
			st.put(p)
			return hs
		}, []string{"Burglary hotspot on Elm Grove", "Elm Grove, odd numbers 1-41"}, "Mine added."},
		{"action form", func(t *testing.T, st *fakeStore) *harness {
			hs := newHarness(t, userOpts(st, officer), 100, 30)
			hs.keys("t", "a", "enter", "e", "tab", "tab", "tab", "tab")
			hs.paste(" Mine added.")
			a := st.getAction(1)
			a.Version, a.UpdatedBy, a.Description = 2, "Sam Reid", "Their new description."
			st.putAction(a)
			return hs
		}, []string{"Fit gates at both ends of the Elm Grove alley"}, "Mine added."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := tt.setup(t, newFakeStore())
			hs.keys("ctrl+s", "ctrl+r")
			screen := hs.text()
			if !strings.Contains(screen, "Their new description.") {
				t.Fatalf("their version is not loaded:\n%s", screen)
			}
			for _, s := range tt.same {
				if n := lineCount(screen, s); n != 1 {
					t.Errorf("%q is on %d lines, want 1:\n%s", s, n, screen)
				}
			}
			if n := lineCount(screen, tt.mine); n != 1 {
				t.Errorf("your text is on %d lines, want 1:\n%s", n, screen)
			}
			// ctrl+o puts yours back; the block above goes with it.
			hs.keys("ctrl+o")
			if screen := hs.text(); lineCount(screen, tt.mine) != 1 || strings.Contains(screen, "Your text (") {
				t.Errorf("after ctrl+o:\n%s", screen)
			}
		})
	}
}

// Editing a rich-picture line: the prefixes are named once (the empty
// input's placeholder, not again in the hint), and a conflict's "enter
// saves over theirs" is said once (the hint, not again on the status line).
func TestEditingAPictureLineSaysThingsOnce(t *testing.T) {
	r := newRoom(t, map[string]model.User{"asha": officer, "carol": chair})
	seedPicture(t, r.st)
	r.as("asha", "r", "enter", "esc", "home", "down", "e")
	r.as("carol", "r", "enter", "esc", "home", "down", "e")
	r.as("carol", " now", "enter")
	r.as("asha", " later", "enter")
	screen := r.screen("asha")
	if n := lineCount(screen, "enter saves"); n != 1 {
		t.Errorf("the conflict's keys are on %d lines, want 1:\n%s", n, screen)
	}
	if !strings.Contains(screen, "Carol Hughes changed this line") {
		t.Errorf("the conflict is not named:\n%s", screen)
	}
	r.as("asha", "enter") // saves over theirs
	screen = r.screen("asha")
	if n := lineCount(screen, "s: strength"); n != 1 {
		t.Errorf("the prefixes are on %d lines, want 1:\n%s", n, screen)
	}
	if !strings.Contains(screen, "towpath #safety later") {
		t.Errorf("the line was not saved over theirs:\n%s", screen)
	}
}
