package tui

import "wardpanel/model"

// SetPlanScan answers as the store does, by the same rule; the fake keeps
// no plans (the crime picture's problems are tested on the real store).
func (s *fakeStore) SetPlanScan(by model.Actor, id model.ID, src model.ProblemSource, focus model.CrimeFocus) (model.Plan, error) {
	p, err := s.Problem(by.User, id)
	if err != nil {
		return model.Plan{}, err
	}
	if err := model.CheckEditPlan(by.User, p, nil, p.Visibility); err != nil {
		return model.Plan{}, err
	}
	return model.Plan{ProblemID: p.ID, Ward: p.Ward, Source: src, Focus: focus}, nil
}
