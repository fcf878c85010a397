package ui

import (
	"errors"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// Status puts one line in the status bar; Err draws it as a warning.
type Status struct {
	Text string
	Err  bool
}

// Cmd is a command that answers msg at once.
func Cmd(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// Twice is the two-key confirmation every destructive or panel-wide step
// uses (the meeting close began it): the first press says on the status
// line what a second press of the same key will do; the second does it;
// any other key in between disarms it, so a stray key never destroys work.
type Twice struct{ armed string }

// Take returns what the last key armed and disarms it. A screen calls it
// once per key, before deciding, so that any key other than the repeat
// leaves nothing armed.
func (t *Twice) Take() string {
	a := t.armed
	t.armed = ""
	return a
}

// Ask arms step and returns the prompt for the status line.
func (t *Twice) Ask(step, prompt string) tea.Cmd {
	t.armed = step
	return Cmd(Status{Text: prompt, Err: true})
}

// Refused answers a key the rules do not allow this user here: the status
// line gives the model's own reason, so no screen restates a rule. A nil
// err refuses nothing.
func Refused(err error) tea.Cmd {
	if err == nil {
		return nil
	}
	return Cmd(Status{Text: Refusal(err), Err: true})
}

// Refusal is err in words for the status line, without the sentinel's prefix.
func Refusal(err error) string {
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
	text = SafeLine(text, model.MaxLineLen)
	if r, n := utf8.DecodeRuneInString(text); n > 0 {
		text = string(unicode.ToUpper(r)) + text[n:]
	}
	return text + "."
}

// ProblemReader reads one problem as viewer may see it.
type ProblemReader interface {
	Problem(viewer model.User, id model.ID) (model.Problem, error)
}

// ReadProblem reads one problem and applies the visibility rule again, so
// a bug in the store still shows nobody a problem they may not see.
func ReadProblem(st ProblemReader, viewer model.User, id model.ID) (model.Problem, error) {
	return readVisible(viewer, id, st.Problem, model.CanSeeProblem)
}
