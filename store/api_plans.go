package store

import (
	"time"

	"wardpanel/model"
)

// Problems' SARA plans (issue 19). Reads go through model.VisiblePlan: a
// part the viewer may not see is left out and counted in Withheld. Writes
// check model.CheckEditPlan inside the transaction and write the plan with
// its audit entry. A stage move is a problem save with a new stage
// (UpdateProblemBecause or MoveStage): model.CheckStageMove decides, and
// the plan's history records who, when and why.

// Plan returns problem id's plan as viewer may read it; ErrNotFound if the
// problem is missing or hidden.
func (s *Store) Plan(viewer model.User, id model.ID) (model.Plan, error) { return s.plan(viewer, id) }

// SetPlanText writes one text of the plan (an empty text clears it). vis nil
// keeps the part's visibility (the problem's for a new part). version is the
// plan's version the edit started from (0: do not check).
func (s *Store) SetPlanText(by model.Actor, id model.ID, field model.PlanField, text string, vis *model.Visibility, version uint64) (model.Plan, error) {
	return s.setPlanText(by, id, field, text, vis, version)
}

// AddPlanNote adds an analysis note; vis nil gives it the problem's visibility.
func (s *Store) AddPlanNote(by model.Actor, id model.ID, text string, vis *model.Visibility) (model.Plan, error) {
	return s.addPlanNote(by, id, text, vis)
}

// AddResponse adds a response against a side of the triangle, carried out by
// actions on the problem. A zero Began is now; a zero Visibility the problem's.
func (s *Store) AddResponse(by model.Actor, id model.ID, r model.Response) (model.Plan, error) {
	return s.addResponse(by, id, r)
}

// SetPlanScan records how the problem came in and the place and crime type
// its assessment's figures count.
func (s *Store) SetPlanScan(by model.Actor, id model.ID, src model.ProblemSource, focus model.CrimeFocus) (model.Plan, error) {
	return s.setPlanScan(by, id, src, focus)
}

// SetReview sets an open problem's next review date (model.CheckSetReview).
func (s *Store) SetReview(by model.Actor, id model.ID, date time.Time) (model.Problem, error) {
	return s.setReview(by, id, date)
}

// MoveStage moves problem id to stage `to` with reason, from the version the
// mover saw (0: the stored one): model.CheckStageMove decides.
func (s *Store) MoveStage(by model.Actor, id model.ID, to model.Stage, reason string, version uint64) (model.Problem, error) {
	p, err := s.problem(by.User, id)
	if err != nil {
		return model.Problem{}, err
	}
	if p.Stage == to {
		return model.Problem{}, model.CheckStageMove(p.Stage, to, model.Plan{}, reason)
	}
	if version != 0 {
		p.Version = version
	}
	p.Stage = to
	p.Visibility.Agencies = append([]string(nil), p.Visibility.Agencies...)
	return s.updateProblem(by, p, reason)
}
