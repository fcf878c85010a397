package tui

import (
	"errors"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// twice is the two-key confirmation every destructive or panel-wide step
// uses (the meeting close began it): the first press says on the status
// line what a second press of the same key will do; the second does it;
// any other key in between disarms it, so a stray key never destroys work.
type twice struct{ armed string }

// take returns what the last key armed and disarms it. A screen calls it
// once per key, before deciding, so that any key other than the repeat
// leaves nothing armed.
func (t *twice) take() string {
	a := t.armed
	t.armed = ""
	return a
}

// ask arms step and returns the prompt for the status line.
func (t *twice) ask(step, prompt string) tea.Cmd {
	t.armed = step
	return msgCmd(statusMsg{text: prompt, err: true})
}

// editor is a form that knows whether the user has changed it, so esc
// and ctrl+c can ask before throwing their typing away.
type editor interface {
	// keepOriginal notes what the form shows, the first time it is called:
	// the app calls it before the form's first key or paste.
	keepOriginal()
	// edited reports whether the form differs from what keepOriginal saw.
	edited() bool
}

// The prompts of the app-wide guards, here so tests can name them.
const (
	discardPrompt  = "You have changes: press esc again to discard them, or ctrl+s to save."
	quitFormPrompt = "Press ctrl+c again to end the session; this form is not saved."
)

// refused answers a key the rules do not allow this user here: the status
// line gives the model's own reason, so no screen restates a rule. A nil
// err refuses nothing.
func refused(err error) tea.Cmd {
	if err == nil {
		return nil
	}
	return msgCmd(statusMsg{text: refusal(err), err: true})
}

// refusal is err in words for the status line, without the sentinel's prefix.
func refusal(err error) string {
	text := err.Error()
	var fe *model.ForbiddenError
	var ve *model.ValidationError
	switch {
	case errors.As(err, &fe):
		text = fe.Reason
	case errors.As(err, &ve):
		text = ve.Message
	case errors.Is(err, model.ErrNotFound):
		text = "that is no longer here, or no longer shared with you"
	}
	text = safeLine(text, model.MaxLineLen)
	if r, n := utf8.DecodeRuneInString(text); n > 0 {
		text = string(unicode.ToUpper(r)) + text[n:]
	}
	return text + "."
}
