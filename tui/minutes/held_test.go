package minutes

import (
	"strings"
	"testing"
	"time"

	"wardpanel/model"
	"wardpanel/store"
)

// The minutes carry the day the meeting was held; when that is not the
// day it was planned for, they give both (issue 17: a meeting dated 22
// December, started on 4 December, gave only the planned date).
func TestMinutesGiveTheDayHeld(t *testing.T) {
	planned := time.Date(2026, 12, 22, 19, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		started time.Time
		want    string
	}{
		{"on the day", time.Date(2026, 12, 22, 19, 4, 0, 0, time.UTC),
			"- When: Tuesday 22 December 2026, 19:00\n"},
		{"weeks early", time.Date(2026, 12, 4, 19, 4, 0, 0, time.UTC),
			"- When: held Friday 4 December 2026, 19:09 (planned for Tuesday 22 December 2026, 19:00)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := &stepClock{t: tt.started}
			st, err := store.Open(t.TempDir(), store.Options{Now: clk.Now})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = st.Close() })
			if _, err := st.AddWard(model.Operator, model.Ward{Code: ward, Name: "Testford"}); err != nil {
				t.Fatal(err)
			}
			if _, err := st.PutAgency(model.Operator, model.Agency{Code: "residents", Name: "Residents"}); err != nil {
				t.Fatal(err)
			}
			chair, err := st.AddUser(model.Operator, model.User{Name: "Alex Chair", Agency: "residents", Role: model.RoleChair, Wards: []string{ward}})
			if err != nil {
				t.Fatal(err)
			}
			as := model.Actor{User: chair, Fingerprint: "SHA256:test"}
			m, err := st.CreateMeeting(as, model.Meeting{Ward: ward, Title: "Testford Ward Panel — December", When: planned})
			if err != nil {
				t.Fatal(err)
			}
			// Started (the clock ticks a minute a write: 19:09), then closed.
			for _, ch := range []model.MeetingChange{model.StartMeeting{}, model.CloseMeeting{}} {
				if _, err := st.ChangeMeeting(as, m.ID, ch); err != nil {
					t.Fatal(err)
				}
			}
			out := render(t, st, chair, m.ID)
			if !strings.Contains(out, tt.want) {
				t.Fatalf("minutes lack %q:\n%s", tt.want, out)
			}
		})
	}
}
