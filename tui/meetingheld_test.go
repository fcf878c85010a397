package tui

import (
	"strings"
	"testing"
	"time"

	"wardpanel/model"
)

// Starting a meeting on another day than planned asks first, naming both
// days; on the planned day one s starts it (issue 17). The started
// meeting's header then gives the day held and the day planned.
func TestStartingOnAnotherDayAsks(t *testing.T) {
	tests := []struct {
		name   string
		when   time.Time
		prompt string // "" : starts at once
	}{
		{"on the day", time.Date(2026, 3, 2, 19, 0, 0, 0, time.UTC), ""},
		{"weeks early", time.Date(2026, 3, 22, 19, 0, 0, 0, time.UTC),
			"Planned for Sun 22 Mar, not today (Mon 2 Mar): press s again to start it today."},
		{"a day late", time.Date(2026, 3, 1, 19, 0, 0, 0, time.UTC),
			"Planned for Sun 1 Mar, not today (Mon 2 Mar): press s again to start it today."},
		{"a year on", time.Date(2027, 3, 2, 19, 0, 0, 0, time.UTC),
			"Planned for Tue 2 Mar 2027, not today (Mon 2 Mar 2026): press s again to start it today."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The session's clock and the store's agree: the store's
			// starts at t0 (Mon 2 Mar, 09:30) and ticks a minute a write.
			st := realStore(t)
			r := &room{t: t, st: st, people: map[string]*harness{}}
			u := chair
			r.people["chair"] = newHarness(t, Options{Store: st, User: &u, Fingerprint: "SHA256:chair", Live: true,
				Now: func() time.Time { return t0.Add(time.Hour) }}, 100, 30)
			if _, err := r.st.CreateMeeting(model.Actor{User: chair, Fingerprint: "SHA256:chair"},
				model.Meeting{Ward: wardA, Title: "Northfield Ward Panel", When: tt.when}); err != nil {
				t.Fatal(err)
			}
			r.as("chair", "m", "enter", "s")
			hs := r.people["chair"]
			if tt.prompt == "" {
				if st := r.meeting().State; st != model.MeetingLive {
					t.Fatalf("one s on the day left it %s; status %q", st, hs.app.status.text)
				}
				if strings.Contains(r.screen("chair"), "planned") {
					t.Fatalf("the header names a planned day:\n%s", r.screen("chair"))
				}
				return
			}
			if st := r.meeting().State; st != model.MeetingPlanned {
				t.Fatalf("one s started it on another day: %s", st)
			}
			if got := hs.app.status.text; got != tt.prompt {
				t.Fatalf("one s says %q, want %q", got, tt.prompt)
			}
			// Another key disarms it; then two s start it.
			r.as("chair", "z", "s")
			if st := r.meeting().State; st != model.MeetingPlanned {
				t.Fatalf("s, z, s started it: %s", st)
			}
			r.as("chair", "s")
			m := r.meeting()
			if m.State != model.MeetingLive || !m.HeldOffDay() {
				t.Fatalf("two s: %s, held off day %v", m.State, m.HeldOffDay())
			}
			if got := r.screen("chair"); !strings.Contains(got, "held ") || !strings.Contains(got, "planned "+tt.when.Format("Mon 2 Jan")) {
				t.Fatalf("the header does not give both days:\n%s", got)
			}
		})
	}
}
