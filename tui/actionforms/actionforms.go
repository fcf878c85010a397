// Package actionforms is the forms that change an action: raising or
// editing one (Action), logging an outcome on one (Outcome), and the status
// chooser (Status). The two forms are sheets of tui/form, which keep every
// word typed through errors and other people's saves; the chooser offers
// only the moves model.ActionStatus.Moves allows. Every "may this user do
// this here?" is a function of model, the one the store's own write checks;
// the router is reached through Links.
package actionforms

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/form"
	"wardpanel/tui/ui"
)

// IDs are the screens' lines in the table.
const (
	FormID    = "action form"
	StatusID  = "status"
	OutcomeID = "outcome"
)

// Store is what the forms read and write.
type Store interface {
	// Action is each form's check that its action is still there, and
	// the action form's reload after someone else's save.
	ui.ActionReader
	// WardPeople are the assignee picker's people.
	form.PeopleReader
	// Problems are what a new action may be on.
	Problems(viewer model.User, ward string) ([]model.Problem, error)
	CreateAction(by model.Actor, a model.Action) (model.Action, error)
	UpdateAction(by model.Actor, a model.Action) (model.Action, error)
	// RaiseMeetingAction is the write for an action raised in a meeting's item.
	RaiseMeetingAction(by model.Actor, meetingID model.ID, item int, a model.Action) (model.Action, error)
	// ChangeActionStatus is the one write path for a status change,
	// shared with the SSH `action` command.
	ChangeActionStatus(by model.Actor, ch store.StatusChange) (model.Action, error)
	AddOutcome(by model.Actor, actionID model.ID, o model.Outcome) (model.Outcome, error)
}

// Links are the ways from these forms to the router, given by the table's
// lines.
type Links struct {
	// Done closes the form or chooser on top, which saved: text for the
	// status line, and the action made or changed (0: none to select).
	Done func(text string, actionID model.ID) tea.Msg
	// Agencies are the agencies the owner and visibility choices are made of.
	Agencies func() []model.Agency
}

// KeyMap is the forms' own keys.
type KeyMap struct {
	SetStatus key.Binding
}

// NewKeyMap makes the keys.
func NewKeyMap() KeyMap {
	return KeyMap{SetStatus: ui.Bind("set status", "enter")}
}

// env is what every form holds: the session (and its shared keys), the
// store, the links and the forms' own keys.
type env struct {
	ui.Session
	st    Store
	links Links
	own   KeyMap
}

func newEnv(s ui.Session, st Store, links Links) *env {
	return &env{Session: s, st: st, links: links, own: NewKeyMap()}
}

// done is the message that closes a form which saved.
func (c *env) done(text string, actionID model.ID) tea.Cmd {
	return ui.Cmd(c.links.Done(text, actionID))
}

// Messages carry the store's answers back, numbered by the session so an
// answer that comes late for an earlier question is passed over.
type (
	// savedMsg answers a save from the action form or the status chooser.
	savedMsg struct {
		seq int
		a   model.Action
		err error
	}
	// latestMsg answers "what is the stored action now?", either because
	// the user asked (reload) or because the store changed.
	latestMsg struct {
		seq    int
		a      model.Action
		err    error
		reload bool
	}
	outcomeSavedMsg struct {
		seq int
		o   model.Outcome
		err error
	}
	// problemsMsg carries the ward's problems to a new action's form.
	problemsMsg struct {
		problems []model.Problem
		err      error
	}
)

// latestCmd reads one action, applying the visibility rule again.
func latestCmd(st Store, viewer model.User, id model.ID, seq int, reload bool) tea.Cmd {
	return func() tea.Msg {
		a, err := ui.ReadAction(st, viewer, id)
		return latestMsg{seq: seq, a: a, err: err, reload: reload}
	}
}

func saveCmd(st Store, by model.Actor, a model.Action, create bool, item int, seq int) tea.Cmd {
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
		return savedMsg{seq: seq, a: saved, err: err}
	}
}

func statusCmd(st Store, by model.Actor, a model.Action, seq int) tea.Cmd {
	return func() tea.Msg {
		saved, err := st.ChangeActionStatus(by, store.StatusChange{ID: a.ID, Status: a.Status, Version: a.Version})
		return savedMsg{seq: seq, a: saved, err: err}
	}
}

func outcomeCmd(st Store, by model.Actor, actionID model.ID, o model.Outcome, seq int) tea.Cmd {
	return func() tea.Msg {
		saved, err := st.AddOutcome(by, actionID, o)
		return outcomeSavedMsg{seq: seq, o: saved, err: err}
	}
}

func problemsCmd(st Store, viewer model.User, ward string) tea.Cmd {
	return func() tea.Msg {
		ps, err := st.Problems(viewer, ward)
		return problemsMsg{ps, err}
	}
}
