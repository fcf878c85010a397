package ui

import (
	"time"

	"wardpanel/model"
)

// Stamp formats a record's time in the zone it was recorded in, so the
// screen does not depend on the server's zone (and golden files are stable).
func Stamp(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format("2 Jan 2006 15:04")
}

// ActionReader reads one action as viewer may see it.
type ActionReader interface {
	Action(viewer model.User, id model.ID) (model.Action, error)
}

// ReadAction reads one action and applies the visibility rule again, as
// ReadProblem does for problems.
func ReadAction(st ActionReader, viewer model.User, id model.ID) (model.Action, error) {
	return readVisible(viewer, id, st.Action, model.CanSeeAction)
}

// readVisible reads one record with read, and applies the model's rule
// can again: a bug in the store still shows nobody what they may not see.
func readVisible[T any](viewer model.User, id model.ID, read func(model.User, model.ID) (T, error), can func(model.User, T) bool) (T, error) {
	var zero T
	r, err := read(viewer, id)
	if err != nil {
		return zero, err
	}
	if !can(viewer, r) {
		return zero, model.ErrNotFound
	}
	return r, nil
}
