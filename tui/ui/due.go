package ui

import (
	"time"

	"wardpanel/model"
)

// Due is where an action stands against its due date today.
type Due int

const (
	DueLater Due = iota
	DueSoon
	DueOverdue
	DueClosed
)

// DueClock classifies actions against one day. It agrees with
// model.Action.Overdue and DueSoon (a test holds it to them), but works
// the calendar out once per pass rather than twice per action: a reload
// of a long list spent a third of its time there.
type DueClock struct{ Today, soon time.Time }

// NewDueClock is the clock for the day of now.
func NewDueClock(now time.Time) DueClock {
	today := model.DateOnly(now)
	return DueClock{Today: today, soon: today.AddDate(0, 0, model.DueSoonDays)}
}

// Of is where a stands today.
func (c DueClock) Of(a *model.Action) Due {
	switch {
	case a.Status.Closed():
		return DueClosed
	case a.Due.IsZero():
		return DueLater
	case c.Today.After(a.Due):
		return DueOverdue
	case !a.Due.After(c.soon):
		return DueSoon
	}
	return DueLater
}

// Marker is the word a row shows for the state: "overdue", "due soon", or
// nothing.
func (s Due) Marker() string {
	switch s {
	case DueOverdue:
		return "overdue"
	case DueSoon:
		return "due soon"
	}
	return ""
}

// Style is how a row in the state is drawn.
func (s Due) Style(st *Styles) Inline {
	switch s {
	case DueOverdue:
		return st.Overdue
	case DueSoon:
		return st.DueSoon
	}
	return st.Value
}

// DateLabel is how the app writes a date: as it is typed, year first.
func DateLabel(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format("2006-01-02")
}
