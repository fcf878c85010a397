package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Keys are the bindings every screen shares, built once per session: a
// screen in a package of its own adds its own (its KeyMap), and matches
// with key.Matches against these fields only, so a key is changed in one place.
type Keys struct {
	ForceQuit    key.Binding
	Quit         key.Binding
	Help         key.Binding
	Up           key.Binding
	Down         key.Binding
	PageUp       key.Binding
	PageDown     key.Binding
	Home         key.Binding
	End          key.Binding
	Open         key.Binding
	FilterApply  key.Binding
	FilterCancel key.Binding
	Back         key.Binding
	Save         key.Binding
	Cancel       key.Binding

	// The keys of a form (tui/form): moving between fields, stepping a
	// choice, and a form's answer to someone else's save.
	NextField  key.Binding
	PrevField  key.Binding
	FieldDown  key.Binding
	FieldUp    key.Binding
	ChoicePrev key.Binding
	ChoiceNext key.Binding
	// PersonNext is only help: in a people picker, letters filter and
	// the arrows step (form.PersonPick).
	PersonNext key.Binding
	Reload     key.Binding
	UseMine    key.Binding
}

// NewKeys makes the shared bindings.
func NewKeys() Keys {
	return Keys{
		ForceQuit:    key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Quit:         key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Help:         key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Up:           key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:         key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:       key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:     key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Home:         key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/g", "first")),
		End:          key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", "last")),
		Open:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		FilterApply:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		FilterCancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
		Back:         key.NewBinding(key.WithKeys("esc", "backspace"), key.WithHelp("esc", "back")),
		Save:         key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Cancel:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),

		NextField:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
		PrevField:  key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous")),
		FieldDown:  key.NewBinding(key.WithKeys("down")),
		FieldUp:    key.NewBinding(key.WithKeys("up")),
		ChoicePrev: key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "previous choice")),
		ChoiceNext: key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "next choice")),
		PersonNext: key.NewBinding(key.WithKeys("right"), key.WithHelp("type/←→", "find a person")),
		Reload:     key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "load their version")),
		UseMine:    key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "put my text back")),
	}
}

// Step is how far a list's cursor (or a page's scroll) moves for a
// navigation key: up and down one, pgup and pgdown a page, home and end
// the whole of n; ok is false for any other key.
func (k *Keys) Step(msg tea.KeyPressMsg, page, n int) (delta int, ok bool) {
	switch {
	case key.Matches(msg, k.Up):
		return -1, true
	case key.Matches(msg, k.Down):
		return 1, true
	case key.Matches(msg, k.PageUp):
		return -page, true
	case key.Matches(msg, k.PageDown):
		return page, true
	case key.Matches(msg, k.Home):
		return -n, true
	case key.Matches(msg, k.End):
		return n, true
	}
	return 0, false
}

// Bind is a binding of keys, its help the first key and desc.
func Bind(desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(keys[0], desc))
}
