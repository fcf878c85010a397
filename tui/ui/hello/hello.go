// Package hello is the smallest screen there is: the example a new screen
// starts from (README "For developers"), registered in the tui tests.
package hello

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/tui/ui"
)

// ID is the screen's line in the table.
const ID = "hello"

// Screen greets whoever opened it; esc goes back.
type Screen struct {
	w, h  int
	shown int
	back  key.Binding
}

// New makes the screen, once per session.
func New() *Screen {
	return &Screen{back: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"))}
}

func (s *Screen) Init() tea.Cmd             { return nil }
func (s *Screen) SetSize(w, h int)          { s.w, s.h = w, h }
func (s *Screen) Capturing() bool           { return false }
func (s *Screen) Title() string             { return "Hello" }
func (s *Screen) ShortHelp() []key.Binding  { return []key.Binding{s.back} }
func (s *Screen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// Show counts the times the screen was opened.
func (s *Screen) Show() tea.Cmd {
	s.shown++
	return nil
}

func (s *Screen) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, s.back) {
		return func() tea.Msg { return ui.Back{} }
	}
	return nil
}

func (s *Screen) View() string {
	lines := make([]string, s.h)
	if s.h > 0 {
		lines[0] = "Hello, opened " + strings.Repeat("|", s.shown)
	}
	return strings.Join(lines, "\n")
}
