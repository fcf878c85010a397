package tui

import (
	"errors"
	"time"

	"wardpanel/model"
)

// The fake store keeps no plans: every problem reads as a new, empty plan,
// and writes fail. The plan's screens are tested on the real store
// (plan_test.go), whose stage machine and visibility they would otherwise
// repeat.

var errNoPlans = errors.New("the fake store keeps no plans")

func (s *fakeStore) Plan(viewer model.User, id model.ID) (model.Plan, error) {
	p, err := s.Problem(viewer, id)
	if err != nil {
		return model.Plan{}, err
	}
	return model.VisiblePlan(viewer, p, model.NewPlan(p, p.CreatedBy, p.CreatedAt, ""))
}

func (s *fakeStore) BeforeAfter(model.User, model.ID) (model.BeforeAfter, bool, error) {
	return model.BeforeAfter{}, false, nil
}

func (s *fakeStore) SetPlanText(model.Actor, model.ID, model.PlanField, string, *model.Visibility, uint64) (model.Plan, error) {
	return model.Plan{}, errNoPlans
}

func (s *fakeStore) AddPlanNote(model.Actor, model.ID, string, *model.Visibility) (model.Plan, error) {
	return model.Plan{}, errNoPlans
}

func (s *fakeStore) AddResponse(model.Actor, model.ID, model.Response) (model.Plan, error) {
	return model.Plan{}, errNoPlans
}

func (s *fakeStore) SetReview(model.Actor, model.ID, time.Time) (model.Problem, error) {
	return model.Problem{}, errNoPlans
}

func (s *fakeStore) MoveStage(model.Actor, model.ID, model.Stage, string, uint64) (model.Problem, error) {
	return model.Problem{}, errNoPlans
}
