package tui

import (
	"charm.land/bubbles/v2/key"
)

// Problems' SARA plans (issue 19) on the problem screen: the plan by stage,
// the stage timeline and the assessment's figures (package records), and
// the sheets that write them (package problemforms). What the screen
// shows comes from the store, which filters the plan for its reader
// (model.VisiblePlan); every key is offered only when the model's Check*
// allows it.

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
