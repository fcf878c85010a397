package model

import "time"

// HeldAt is when m was held: when the chair started it, in the zone it
// was planned in. Zero if it has not started.
func (m Meeting) HeldAt() time.Time {
	if m.StartedAt.IsZero() {
		return time.Time{}
	}
	return m.StartedAt.In(m.When.Location())
}

// OffDay reports whether t falls on another calendar day than the one m
// is planned for, in the zone it was planned in: starting it then asks
// first, and its minutes give both dates (issue 17).
func (m Meeting) OffDay(t time.Time) bool {
	if m.When.IsZero() || t.IsZero() {
		return false
	}
	y1, m1, d1 := m.When.Date()
	y2, m2, d2 := t.In(m.When.Location()).Date()
	return y1 != y2 || m1 != m2 || d1 != d2
}

// HeldOffDay reports whether m was held on another day than planned.
func (m Meeting) HeldOffDay() bool {
	held := m.HeldAt()
	return !held.IsZero() && m.OffDay(held)
}
