package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// migrateAssignees (schema 12, issue 17) turns the free-text assignees
// typed before the people pickers into the names of the users they mean,
// as model.MatchAssignee reads them ("Pri" is Priya Shah if she is the
// only one in the owner agency whose name begins so). An assignee that
// matches nobody, or more than one person, is left as typed: `wardpanel
// check` lists it for someone to pick the person. The record's version
// and audit trail are untouched: the action says what it said, better
// spelt.
func migrateAssignees(tx *bolt.Tx) error {
	users, err := allUsers(tx)
	if err != nil {
		return err
	}
	// Collected, then written: bbolt's cursor must not see its bucket written under it.
	var moved []model.Action
	err = eachRecord(tx.Bucket(bucketActions), func(a model.Action) error {
		if a.Assignee == "" || enrolledAssignee(a, users) {
			return nil
		}
		if u, ok := model.MatchAssignee(a.Assignee, a.Ward, a.OwnerAgency, users); ok {
			a.Assignee = u.Name
			moved = append(moved, a)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, a := range moved {
		if err := put(tx.Bucket(bucketActions), u64(uint64(a.ID)), a); err != nil {
			return fmt.Errorf("action %d: %w", a.ID, err)
		}
	}
	return nil
}

// enrolledAssignee reports whether a's assignee is exactly the name of a
// user of its ward.
func enrolledAssignee(a model.Action, users []model.User) bool {
	for _, u := range users {
		if u.Name == a.Assignee && u.InWard(a.Ward) {
			return true
		}
	}
	return false
}
