package tui

import (
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/problemforms"
	rec "wardpanel/tui/records"
)

// The problem's forms (the problem, its evidence, its plan's sheets) are
// package problemforms; here are the messages that open them, and the
// links from them back to the router.

// Navigation to the problem's forms.
type (
	// openFormMsg opens the problem form on p: new, or editing it.
	openFormMsg struct {
		p   model.Problem
		new bool
	}
	openEvidenceMsg struct{ p model.Problem }
	// openPlanFormMsg places a plan sheet built by the problem screen.
	openPlanFormMsg struct{ f component }
	// savedMsg: the problem form saved p; the root shows it.
	savedMsg struct {
		p       model.Problem
		created bool
	}
	// problemFormDoneMsg: an evidence or plan form saved; the root closes
	// it and the problem screen reads the problem afresh.
	problemFormDoneMsg struct{ text string }
)

// problemLinks are the ways out of the problem's forms.
func problemLinks(c *common) problemforms.Links {
	return problemforms.Links{
		Saved:    func(p model.Problem, created bool) tea.Msg { return savedMsg{p: p, created: created} },
		Done:     func(text string) tea.Msg { return problemFormDoneMsg{text: text} },
		Agencies: func() []model.Agency { return c.agencies },
	}
}

// planSheet is the problem screen's way to a sheet of its plan (records.Links.PlanSheet).
func planSheet(c *common) func(rec.Sheet, model.Problem, model.Plan, []model.Action, []model.Stage) tea.Msg {
	return func(kind rec.Sheet, p model.Problem, plan model.Plan, actions []model.Action, targets []model.Stage) tea.Msg {
		return openPlanFormMsg{f: fromUI(problemforms.Plan(c, c.store, problemLinks(c), kind, p, plan, actions, targets))}
	}
}
