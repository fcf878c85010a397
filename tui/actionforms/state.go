package actionforms

import "wardpanel/model"

// What the forms hold, for the tests that drive the whole app and read
// what a form is working on.

// Base is the action the form edits, or the new one's template, as it
// now stands (a reload of someone else's save replaces it).
func (f *ActionForm) Base() model.Action { return f.base }

// Problem is the problem the action is on, if known.
func (f *ActionForm) Problem() *model.Problem { return f.problem }

// Creating says whether the form raises a new action.
func (f *ActionForm) Creating() bool { return f.create }

// Base is the action the outcome is logged on, as last read.
func (f *OutcomeForm) Base() model.Action { return f.action }

// Choices are the statuses offered and the one under the cursor.
func (s *StatusChooser) Choices() (options []model.ActionStatus, cursor int) {
	return s.options, s.cursor
}
