package tui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// The people picker as the officer types "dan" into a new action's
// assignee: the owner agency's one match, and how many there were.
func TestGoldenPeoplePicker(t *testing.T) {
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			opts := Options{Store: realStore(t), User: &officer, Fingerprint: "SHA256:golden", Now: fixedNow}
			tm := startProgram(t, opts, sz[0], sz[1], colorprofile.NoTTY)
			waitFor(t, tm, "Speeding")
			tm.Send(tea.KeyPressMsg{Code: 't', Text: "t"})
			waitFor(t, tm, "Youth outreach")
			tm.Send(tea.KeyPressMsg{Code: 'n', Text: "n"})
			waitFor(t, tm, "ctrl+s save")
			for _, r := range "Walk the alley\tdan" {
				if r == '\t' {
					tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
					continue
				}
				tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
			waitFor(t, tm, "2 of 2")
			teatest.RequireEqualOutput(t, finalScreen(t, tm))
		})
	}
}
