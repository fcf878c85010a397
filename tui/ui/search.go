package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// SearchField is a list's search as it is typed (the board's /, the
// audit's who): while Typing, keys go into the field, all but enter and
// esc, which close it, and the arrows, which move the list's cursor.
type SearchField struct {
	textinput.Model
	Typing bool
}

// NewSearchField is a closed field with prompt and placeholder, of at
// most limit runes.
func NewSearchField(prompt, placeholder string, limit int) SearchField {
	in := textinput.New()
	in.Prompt = prompt
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.KeyMap.Paste.Unbind() // it would read the server's clipboard, not the user's
	return SearchField{Model: in}
}

// Start opens the field on text, for typing.
func (f *SearchField) Start(text string) tea.Cmd {
	f.Typing = true
	f.SetValue(text)
	f.CursorEnd()
	return f.Focus()
}

// Typed is what a key did to an open field.
type Typed int

const (
	// TypedText: the key went into the field, whose text may have changed.
	TypedText Typed = iota
	// TypedApply: enter closed the field, keeping the text.
	TypedApply
	// TypedClear: esc closed the field and emptied it.
	TypedClear
	// TypedUp and TypedDown: an arrow, for the list's cursor.
	TypedUp
	TypedDown
)

// Key takes a key press, or a paste, while the field is open.
func (f *SearchField) Key(k *Keys, msg tea.Msg) (Typed, tea.Cmd) {
	if press, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(press, k.FilterApply):
			f.Typing = false
			f.Blur()
			return TypedApply, nil
		case key.Matches(press, k.FilterCancel):
			f.Typing = false
			f.Blur()
			f.SetValue("")
			return TypedClear, nil
		// The arrows move the list while you type; k and j are letters.
		case key.Matches(press, k.Up) && press.Text == "":
			return TypedUp, nil
		case key.Matches(press, k.Down) && press.Text == "":
			return TypedDown, nil
		}
	}
	var cmd tea.Cmd
	f.Model, cmd = f.Update(CleanInput(msg))
	return TypedText, cmd
}

// Fit makes the field, its prompt included, w cells wide (less one, for
// the cursor).
func (f *SearchField) Fit(w int) { f.SetWidth(max(1, w-TextWidth(f.Prompt)-1)) }
