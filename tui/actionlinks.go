package tui

import (
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/actionforms"
)

// The forms that change an action are package actionforms; here are the
// messages that open them, from the board, a record or a meeting, and
// the links they answer through.

type (
	// openActionFormMsg raises (create) or edits a.
	openActionFormMsg struct {
		a       model.Action
		create  bool
		problem *model.Problem // the problem it is (or will be) on, if known
		item    int            // raised under this agenda item of a.MeetingID
		linked  []model.ID     // the item's problems, offered first
	}
	openStatusMsg  struct{ a model.Action }
	openOutcomeMsg struct{ a model.Action }
)

// actionLinks are the ways out of the action forms: the router's
// taskSavedMsg once they saved, and the agencies the session knows.
func actionLinks(c *common) actionforms.Links {
	return actionforms.Links{
		Done:     func(text string, id model.ID) tea.Msg { return taskSavedMsg{text: text, actionID: id} },
		Agencies: func() []model.Agency { return c.agencies },
	}
}

func (m openActionFormMsg) form(c *common) component {
	return fromUI(actionforms.Action(c, c.store, actionLinks(c),
		actionforms.Start{A: m.a, Create: m.create, Problem: m.problem, Item: m.item, Linked: m.linked}))
}

func (m openStatusMsg) form(c *common) component {
	return fromUI(actionforms.Status(c, c.store, actionLinks(c), m.a))
}

func (m openOutcomeMsg) form(c *common) component {
	return fromUI(actionforms.Outcome(c, c.store, actionLinks(c), m.a))
}
