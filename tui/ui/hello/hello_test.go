package hello

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"wardpanel/tui/ui"
)

func TestHelloCountsItsOpeningsAndGoesBackOnEsc(t *testing.T) {
	s := New()
	s.SetSize(20, 3)
	s.Show()
	s.Show()
	if v := s.View(); !strings.HasPrefix(v, "Hello, opened ||") || strings.Count(v, "\n") != 2 {
		t.Fatalf("view %q", v)
	}
	if s.Capturing() || s.Title() != "Hello" || s.Init() != nil || len(s.FullHelp()[0]) != 1 {
		t.Error("hello is not a plain screen")
	}
	if s.Update(tea.KeyPressMsg{Code: 'x'}) != nil {
		t.Error("x did something")
	}
	cmd := s.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if cmd == nil || cmd() != (ui.Back{}) {
		t.Error("esc did not ask to go back")
	}
}
