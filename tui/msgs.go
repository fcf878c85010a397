package tui

import (
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/store"
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

// actionSavedMsg answers a save from the action form or the status chooser.
type actionSavedMsg struct {
	seq int
	a   model.Action
	err error
}

// actionLatestMsg answers "what is the stored action now?", as formLatestMsg
// does for problems.
type actionLatestMsg struct {
	seq    int
	a      model.Action
	err    error
	reload bool
}

type outcomeSavedMsg struct {
	seq int
	o   model.Outcome
	err error
}

type evidenceSavedMsg struct {
	seq int
	e   model.Evidence
	err error
}

type formSavedMsg struct {
	seq int
	p   model.Problem
	err error
}

// formLatestMsg answers "what is the stored version now?" for a form,
// either because the user asked (reload) or because the store changed.
type formLatestMsg struct {
	seq    int
	p      model.Problem
	err    error
	reload bool
}

// Navigation between screens: components ask, the root decides.
type (
	openDetailMsg struct{ p model.Problem }
	openFormMsg   struct {
		p   model.Problem
		new bool
	}
	// backMsg closes the top screen; screens in packages send ui.Back.
	backMsg = ui.Back
	// problemGoneMsg: the problem on screen can no longer be read by this user.
	problemGoneMsg struct{ id model.ID }
	savedMsg       struct {
		p       model.Problem
		created bool
	}

	openActionMsg     struct{ a model.Action }
	openActionFormMsg struct {
		a       model.Action
		create  bool
		problem *model.Problem // the problem it is (or will be) on, if known
		item    int            // raised under this agenda item of a.MeetingID
		linked  []model.ID     // the item's problems, offered first
	}
	openStatusMsg   struct{ a model.Action }
	openOutcomeMsg  struct{ a model.Action }
	openEvidenceMsg struct{ p model.Problem }
	// actionGoneMsg: the action on screen can no longer be read by this user.
	actionGoneMsg struct{ id model.ID }
	// taskSavedMsg: a tasking form or chooser saved; the root closes it.
	taskSavedMsg struct {
		text     string
		actionID model.ID // the action made or changed, if any
	}
)

func msgCmd(m tea.Msg) tea.Cmd { return func() tea.Msg { return m } }

// getProblem reads one problem and applies the visibility rule again.
func getProblem(st Store, viewer model.User, id model.ID) (model.Problem, error) {
	return ui.ReadProblem(st, viewer, id)
}

// getAction reads one action and applies the visibility rule again.
func getAction(st Store, viewer model.User, id model.ID) (model.Action, error) {
	return ui.ReadAction(st, viewer, id)
}

func actionLatestCmd(st Store, viewer model.User, id model.ID, seq int, reload bool) tea.Cmd {
	return func() tea.Msg {
		a, err := getAction(st, viewer, id)
		return actionLatestMsg{seq: seq, a: a, err: err, reload: reload}
	}
}

func saveActionCmd(st Store, by model.Actor, a model.Action, create bool, item int, seq int) tea.Cmd {
	return func() tea.Msg {
		var saved model.Action
		var err error
		if create && a.MeetingID != 0 {
			saved, err = st.RaiseMeetingAction(by, a.MeetingID, item, a)
		} else if create {
			saved, err = st.CreateAction(by, a)
		} else {
			saved, err = st.UpdateAction(by, a)
		}
		return actionSavedMsg{seq: seq, a: saved, err: err}
	}
}

func setStatusCmd(st Store, by model.Actor, a model.Action, seq int) tea.Cmd {
	return func() tea.Msg {
		saved, err := st.ChangeActionStatus(by, store.StatusChange{ID: a.ID, Status: a.Status, Version: a.Version})
		return actionSavedMsg{seq: seq, a: saved, err: err}
	}
}

func addOutcomeCmd(st Store, by model.Actor, actionID model.ID, o model.Outcome, seq int) tea.Cmd {
	return func() tea.Msg {
		saved, err := st.AddOutcome(by, actionID, o)
		return outcomeSavedMsg{seq: seq, o: saved, err: err}
	}
}

func addEvidenceCmd(st Store, by model.Actor, e model.Evidence, seq int) tea.Cmd {
	return func() tea.Msg {
		saved, err := st.AddEvidence(by, e)
		return evidenceSavedMsg{seq: seq, e: saved, err: err}
	}
}

func latestCmd(st Store, viewer model.User, id model.ID, seq int, reload bool) tea.Cmd {
	return func() tea.Msg {
		p, err := getProblem(st, viewer, id)
		return formLatestMsg{seq: seq, p: p, err: err, reload: reload}
	}
}

func saveCmd(st Store, by model.Actor, p model.Problem, create bool, seq int) tea.Cmd {
	return func() tea.Msg {
		var saved model.Problem
		var err error
		if create {
			saved, err = st.CreateProblem(by, p)
		} else {
			saved, err = st.UpdateProblem(by, p)
		}
		return formSavedMsg{seq: seq, p: saved, err: err}
	}
}

// describeErr turns a store error into words for the status line.
func describeErr(op string, err error) string { return ui.DescribeErr(op, err) }
