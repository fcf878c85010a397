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
	a, err := st.Action(viewer, id)
	if err != nil {
		return model.Action{}, err
	}
	if !model.CanSeeAction(viewer, a) {
		return model.Action{}, model.ErrNotFound
	}
	return a, nil
}
