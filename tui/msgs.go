package tui

import (
	"wardpanel/model"
	"wardpanel/tui/ui"
)

// Messages carry the results of store I/O back to Update. Loads carry the
// seq they were started with, so a slow answer to an old question (a ward
// switched away from, a form since closed) is recognised and dropped.

// errMsg reports a failed store call that has no screen of its own to show it.
type errMsg struct {
	op  string
	err error
}

// statusMsg puts one line in the status bar.
type statusMsg struct {
	text string
	err  bool
}

// Navigation between screens: components ask, the root decides.
type (
	openDetailMsg struct{ p model.Problem }
	// problemGoneMsg: the problem on screen can no longer be read by this user.
	problemGoneMsg struct{ id model.ID }

	openActionMsg struct{ a model.Action }
	// actionGoneMsg: the action on screen can no longer be read by this user.
	actionGoneMsg struct{ id model.ID }
	// taskSavedMsg: a tasking form or chooser saved; the root closes it.
	taskSavedMsg struct {
		text     string
		actionID model.ID // the action made or changed, if any
	}
)

// describeErr turns a store error into words for the status line.
func describeErr(op string, err error) string { return ui.DescribeErr(op, err) }
