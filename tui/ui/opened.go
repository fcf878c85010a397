package ui

import (
	"errors"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// Opened takes the answer to a screen's load of one record (what names
// it: "the meeting"). ours is false for an answer to drop. gone: the
// record is not there for this user (not found), which cmd reports and
// leaves the screen for; another error is reported as a failed reload; ok
// is true when the answer is the record, to take. cmd also reads once
// more if something changed while the load was in flight.
func (l *Loader) Opened(seq int, what string, err error, reload func() tea.Cmd) (cmd tea.Cmd, ours, gone bool) {
	ours, again := l.Done(seq)
	if !ours {
		return nil, false, false
	}
	switch {
	case errors.Is(err, model.ErrNotFound):
		cmd, gone = tea.Batch(Cmd(Err{Op: "opening " + what, Err: err}), Cmd(Back{})), true
	case err != nil:
		cmd = Cmd(Err{Op: "reloading " + what, Err: err})
	}
	if again {
		cmd = tea.Batch(cmd, reload())
	}
	return cmd, true, gone
}
