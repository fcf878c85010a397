package store

import "wardpanel/model"

// impl holds the store's state; replaced by the real implementation.
type impl struct{}

func open(dir string, opts Options) (*Store, error)                          { panic("unimplemented") }
func (s *Store) close() error                                                { panic("unimplemented") }
func (s *Store) path() string                                                { panic("unimplemented") }
func (s *Store) schemaVersion() (int, error)                                 { panic("unimplemented") }
func (s *Store) revision() uint64                                            { panic("unimplemented") }
func (s *Store) subscribe() *Subscription                                    { panic("unimplemented") }
func (s *Store) unsubscribe(*Subscription)                                   { panic("unimplemented") }
func (s *Store) addWard(model.Actor, model.Ward) (model.Ward, error)         { panic("unimplemented") }
func (s *Store) ward(string) (model.Ward, error)                             { panic("unimplemented") }
func (s *Store) wards() ([]model.Ward, error)                                { panic("unimplemented") }
func (s *Store) putAgency(model.Actor, model.Agency) (model.Agency, error)   { panic("unimplemented") }
func (s *Store) agencies() ([]model.Agency, error)                           { panic("unimplemented") }
func (s *Store) addUser(model.Actor, model.User) (model.User, error)         { panic("unimplemented") }
func (s *Store) addKey(model.Actor, model.ID, model.Key) (model.User, error) { panic("unimplemented") }
func (s *Store) user(model.ID) (model.User, error)                           { panic("unimplemented") }
func (s *Store) userByName(string) (model.User, error)                       { panic("unimplemented") }
func (s *Store) userByKey(string) (model.User, error)                        { panic("unimplemented") }
func (s *Store) users() ([]model.User, error)                                { panic("unimplemented") }
func (s *Store) createProblem(model.Actor, model.Problem) (model.Problem, error) {
	panic("unimplemented")
}
func (s *Store) updateProblem(model.Actor, model.Problem) (model.Problem, error) {
	panic("unimplemented")
}
func (s *Store) problem(model.User, model.ID) (model.Problem, error)  { panic("unimplemented") }
func (s *Store) problems(model.User, string) ([]model.Problem, error) { panic("unimplemented") }
func (s *Store) audit(model.User, int) ([]model.AuditEntry, error)    { panic("unimplemented") }
