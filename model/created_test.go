package model

import (
	"testing"
	"time"
)

// TestCreatedStampsEveryKind: a new problem, action, meeting or session is
// stamped alike: its ID, made and last changed by its maker at the same
// moment, version 1.
func TestCreatedStampsEveryKind(t *testing.T) {
	at := time.Date(2026, 3, 1, 18, 30, 0, 0, time.UTC)
	var (
		p Problem
		a Action
		m Meeting
		s PictureSession
	)
	for _, tc := range []struct {
		kind string
		rec  interface{ Stamps() Stamps }
	}{
		{"problem", &p}, {"action", &a}, {"meeting", &m}, {"session", &s},
	} {
		tc.rec.Stamps().Created(7, "Sara Khan", at)
		st := tc.rec.Stamps()
		if *st.ID != 7 || *st.Version != 1 || *st.CreatedBy != "Sara Khan" || *st.UpdatedBy != "Sara Khan" ||
			!st.CreatedAt.Equal(at) || !st.UpdatedAt.Equal(at) {
			t.Errorf("%s: stamped %d v%d by %q/%q at %v/%v", tc.kind, *st.ID, *st.Version, *st.CreatedBy, *st.UpdatedBy, *st.CreatedAt, *st.UpdatedAt)
		}
	}
	if p.ID != 7 || a.CreatedBy != "Sara Khan" || !m.UpdatedAt.Equal(at) || s.Version != 1 {
		t.Errorf("the records themselves were not stamped: %+v", []any{p.ID, a.CreatedBy, m.UpdatedAt, s.Version})
	}
}
