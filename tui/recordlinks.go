package tui

import (
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	rec "wardpanel/tui/records"
	"wardpanel/tui/updates"
)

// recordLinks are the ways out of a problem or an action (package
// records): the forms that stay in tui, and the router's messages.
func recordLinks(c *common) rec.Links {
	return rec.Links{
		OpenProblem: func(p model.Problem) tea.Msg { return openDetailMsg{p: p} },
		OpenAction:  func(a model.Action) tea.Msg { return openActionMsg{a: a} },
		ProblemGone: func(id model.ID) tea.Msg { return problemGoneMsg{id: id} },
		ActionGone:  func(id model.ID) tea.Msg { return actionGoneMsg{id: id} },

		EditProblem: func(p model.Problem) tea.Msg { return openFormMsg{p: p} },
		RaiseAction: func(p model.Problem) tea.Msg {
			return openActionFormMsg{create: true, problem: &p, a: model.Action{Ward: p.Ward, ProblemID: p.ID}}
		},
		AddEvidence: func(p model.Problem) tea.Msg { return openEvidenceMsg{p: p} },
		PlanSheet:   planSheet(c),

		SetStatus:  func(a model.Action) tea.Msg { return openStatusMsg{a: a} },
		LogOutcome: func(a model.Action) tea.Msg { return openOutcomeMsg{a: a} },
		EditAction: func(a model.Action, p *model.Problem) tea.Msg { return openActionFormMsg{a: a, problem: p} },

		PostUpdate: func(kind model.RecordKind, id model.ID, title string) tea.Msg {
			return openUpdateMsg{target: updates.Target{Kind: kind, ID: id, Title: title}}
		},
		UpdateContext: c.updateContext,
	}
}
