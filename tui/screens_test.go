package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"wardpanel/tui/ui"
	"wardpanel/tui/ui/hello"
)

// A new screen is a package of its own plus one line in the table: the
// hello screen, registered here, opens, draws, shows its keys and goes back
// like any other.
func TestANewScreenIsOneLineInTheTable(t *testing.T) {
	saved := screenTable
	t.Cleanup(func() { screenTable = saved })
	screenTable = append(screenTable[:len(screenTable):len(screenTable)],
		screenDef{hello.ID, func(*common) component { return fromUI(hello.New()) }})

	hs := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
	hs.send(ui.Open{ID: hello.ID})
	if hs.app.active != screen(hello.ID) {
		t.Fatalf("after ui.Open the screen on top is %q", hs.app.active)
	}
	got := ansi.Strip(hs.view())
	if !strings.Contains(got, "Hello, opened |") || !strings.Contains(got, "esc back") {
		t.Fatalf("the hello screen is not drawn, sized and helped:\n%s", got)
	}
	if name := hs.app.current().name(); name != "Hello" {
		t.Errorf("the screen on top is named %q", name)
	}
	hs.send(tea.KeyPressMsg{Code: tea.KeyEscape})
	if hs.app.active != screenBoard {
		t.Fatalf("esc from hello went to %q", hs.app.active)
	}
	hs.send(ui.Open{ID: hello.ID})
	if got := hs.view(); !strings.Contains(got, "Hello, opened ||") {
		t.Errorf("opened again, Show was not called:\n%s", got)
	}
}

// Every line of the table is a screen that draws at every size without
// panicking, and has a name.
func TestEveryScreenOfTheTableIsLive(t *testing.T) {
	hs := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
	for _, d := range screenTable {
		c := hs.app.screen(d.id)
		if (c != nil) != (d.make != nil) {
			t.Errorf("%s: made once %v, live %v", d.id, d.make != nil, c != nil)
			continue
		}
		if c != nil && c.name() == "" {
			t.Errorf("%s has no name", d.id)
		}
	}
}
