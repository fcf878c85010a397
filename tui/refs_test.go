package tui

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
	"wardpanel/tui/minutes"
)

// hashRef is the old look of a problem or an action, "#4", which could be
// either (issue 17). Themes ("#drugs") and Markdown headings ("# Minutes")
// do not match it.
var hashRef = regexp.MustCompile(`#[0-9]`)

// A police officer and a resident walk the demo's screens at 80×24 —
// the board and every problem on it, the actions and every action, the
// meetings and every item of each, last meeting's minutes on screen and
// as Markdown — and none names a problem or an action as "#4": problems
// read P4 and actions A9 everywhere.
func TestNoScreenNamesAProblemOrActionByHash(t *testing.T) {
	st := realStore(t)
	seedUpdatesDue(t, st) // a closed meeting that set priorities, with minutes; the next one planned
	for _, persona := range []model.User{officer, member} {
		t.Run(persona.Name, func(t *testing.T) {
			u := persona
			hs := newHarness(t, Options{Store: st, User: &u, Fingerprint: "SHA256:test", Now: fixedNow, Live: true}, 80, 24)
			screens := 0
			// look checks the screen as drawn, then its further pages.
			look := func(where string) {
				t.Helper()
				last := ""
				for page := 0; page < 6; page++ {
					v := ansi.Strip(hs.view())
					if v == last {
						break
					}
					screens++
					if line := hashLine(v); line != "" {
						t.Errorf("%s shows %q:\n%s", where, line, v)
					}
					last = v
					hs.keys("pgdown")
				}
			}
			if !strings.Contains(ansi.Strip(hs.view()), "★ P") {
				t.Errorf("the header does not name the priorities by reference:\n%s", ansi.Strip(hs.view()))
			}

			look("the board")
			for i := range hs.app.board().State().Shown {
				hs.keys("enter")
				look("problem " + model.ProblemRef(hs.app.detail().p.ID))
				hs.keys("esc", "down")
				if hs.app.active != screenBoard {
					t.Fatalf("esc from problem %d left %v open", i, hs.app.active)
				}
			}

			hs.keys("t")
			look("the actions")
			for range hs.actionIDs() {
				hs.keys("enter")
				look("action " + model.ActionRef(hs.app.action().a.ID))
				hs.keys("esc", "down")
			}
			if len(hs.actionIDs()) == 0 {
				t.Error("no actions to walk")
			}
			hs.keys("esc")

			hs.keys("m")
			if hs.app.active != screenMeetings {
				t.Fatalf("m opened %v", hs.app.active)
			}
			look("the meetings")
			ms := hs.app.meetings().Shown()
			if len(ms) < 2 {
				t.Fatalf("%d meetings, want the closed one and the next", len(ms))
			}
			for range ms {
				hs.keys("enter")
				m, _ := hs.app.meeting().Shown()
				for range m.Items {
					_, sel := hs.app.meeting().Shown()
					look(fmt.Sprintf("meeting %d, item %d", m.ID, sel))
					hs.keys("down")
				}
				hs.keys("esc", "down")
			}
			for _, m := range ms {
				var md bytes.Buffer
				if err := minutes.Render(&md, st, u, m.ID); err != nil {
					t.Fatal(err)
				}
				if line := hashLine(md.String()); line != "" {
					t.Errorf("the minutes of meeting %d say %q", m.ID, line)
				}
				if m.State == model.MeetingClosed && !regexp.MustCompile(`\n1\. P[0-9]+ `).MatchString(md.String()) {
					t.Errorf("the closed meeting's minutes do not name the priorities set as P…:\n%s", md.String())
				}
			}
			if screens < 20 {
				t.Errorf("only %d screens walked", screens)
			}
		})
	}
}

// hashLine is the first line of s with a "#4", or "".
func hashLine(s string) string {
	for l := range strings.Lines(s) {
		if hashRef.MatchString(l) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}
