package store

import "wardpanel/model"

// Stubs until the tasking implementation lands; replace this file.

func (s *Store) createAction(model.Actor, model.Action) (model.Action, error) { panic("unimplemented") }
func (s *Store) updateAction(model.Actor, model.Action) (model.Action, error) { panic("unimplemented") }
func (s *Store) setActionStatus(model.Actor, model.ID, model.ActionStatus, *model.Outcome) (model.Action, error) {
	panic("unimplemented")
}
func (s *Store) action(model.User, model.ID) (model.Action, error)           { panic("unimplemented") }
func (s *Store) actions(model.User, string) ([]model.Action, error)          { panic("unimplemented") }
func (s *Store) problemActions(model.User, model.ID) ([]model.Action, error) { panic("unimplemented") }
func (s *Store) addOutcome(model.Actor, model.ID, model.Outcome) (model.Outcome, error) {
	panic("unimplemented")
}
func (s *Store) outcomes(model.User, model.ID) ([]model.Outcome, error) { panic("unimplemented") }
func (s *Store) addEvidence(model.Actor, model.Evidence) (model.Evidence, error) {
	panic("unimplemented")
}
func (s *Store) evidence(model.User, model.ID) ([]model.Evidence, error) { panic("unimplemented") }
