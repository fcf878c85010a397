package model

import (
	"testing"
	"time"
)

func TestOffDayComparesCalendarDaysWherePlanned(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	planned := time.Date(2026, 12, 22, 19, 0, 0, 0, time.UTC)
	summer := time.Date(2026, 6, 9, 23, 30, 0, 0, london) // 22:30 UTC
	tests := []struct {
		name string
		when time.Time
		at   time.Time
		off  bool
	}{
		{"the same evening", planned, planned.Add(-3 * time.Hour), false},
		{"a minute past midnight", planned, time.Date(2026, 12, 23, 0, 1, 0, 0, time.UTC), true},
		{"started early, weeks before", planned, time.Date(2026, 12, 4, 19, 0, 0, 0, time.UTC), true},
		{"a year on", planned, planned.AddDate(1, 0, 0), true},
		{"late in London is still that day", summer, time.Date(2026, 6, 9, 22, 45, 0, 0, time.UTC), false},
		{"UTC's next day is London's", summer, time.Date(2026, 6, 9, 23, 15, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		m := Meeting{When: tt.when}
		if got := m.OffDay(tt.at); got != tt.off {
			t.Errorf("%s: OffDay = %v, want %v", tt.name, got, tt.off)
		}
		m.StartedAt = tt.at
		if got := m.HeldOffDay(); got != tt.off {
			t.Errorf("%s: HeldOffDay = %v, want %v", tt.name, got, tt.off)
		}
		if m.HeldAt().Location() != tt.when.Location() {
			t.Errorf("%s: held in %v", tt.name, m.HeldAt().Location())
		}
	}
	if (Meeting{When: planned}).HeldOffDay() {
		t.Error("a meeting not yet held was held on another day")
	}
}
