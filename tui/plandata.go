package tui

import (
	"time"

	"charm.land/bubbles/v2/key"

	"wardpanel/model"
)

// Problems' SARA plans (issue 19) on the problem screen: the plan by stage,
// the stage timeline and the assessment's figures (plan.go), and the
// sheets that write them (planforms.go). What the screen shows comes from
// the store, which filters the plan for its reader (model.VisiblePlan);
// every key is offered only when the model's Check* allows it.

// PlanStore is what the problem screen reads and writes of a plan:
// *store.Store satisfies it.
type PlanStore interface {
	Plan(viewer model.User, id model.ID) (model.Plan, error)
	BeforeAfter(viewer model.User, id model.ID) (model.BeforeAfter, bool, error)
	SetPlanText(by model.Actor, id model.ID, field model.PlanField, text string, vis *model.Visibility, version uint64) (model.Plan, error)
	AddPlanNote(by model.Actor, id model.ID, text string, vis *model.Visibility) (model.Plan, error)
	AddResponse(by model.Actor, id model.ID, r model.Response) (model.Plan, error)
	SetPlanScan(by model.Actor, id model.ID, src model.ProblemSource, focus model.CrimeFocus) (model.Plan, error)
	SetReview(by model.Actor, id model.ID, date time.Time) (model.Problem, error)
	MoveStage(by model.Actor, id model.ID, to model.Stage, reason string, version uint64) (model.Problem, error)
}

// planKeyMap is the board's "for review" filter; keyMap.Plan holds it.
// The plan's own keys are the problem screen's (package records).
type planKeyMap struct {
	// ForReview filters the board to the problems past their review date.
	ForReview key.Binding
}

func newPlanKeyMap() planKeyMap {
	return planKeyMap{
		ForReview: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "for review")),
	}
}

// planSavedMsg answers a plan sheet's save: text is the status line.
type planSavedMsg struct {
	seq  int
	text string
	err  error
}

// openPlanFormMsg opens a plan sheet built by the problem screen.
type openPlanFormMsg struct{ f *planForm }

// planDoneMsg: a plan sheet saved; the root closes it and the problem
// screen reads the problem afresh.
type planDoneMsg struct{ text string }
