package form_test

import (
	"strings"
	"testing"
	"time"

	"wardpanel/model"
	"wardpanel/tui/form"
)

// TestParseOccurred covers the ways a partner says when something happened,
// and the dates it refuses (the future, a due-date offset, free words).
func TestParseOccurred(t *testing.T) {
	today := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return today.AddDate(0, 0, n) }
	tests := []struct {
		in   string
		want time.Time
		err  string
	}{
		{"2026-03-01", day(-3), ""},
		{"today", today, ""},
		{"Yesterday", day(-1), ""},
		{"-3", day(-3), ""},
		{"-2w", day(-14), ""},
		{"2026-03-05", time.Time{}, "in the future"},
		{"+3", time.Time{}, "use a date like"},
		{"last week", time.Time{}, "use a date like"},
		{"-", time.Time{}, "use a date like"},
	}
	for _, tt := range tests {
		got, err := form.ParseOccurred(tt.in, today)
		switch {
		case tt.err == "" && (err != nil || !got.Equal(tt.want)):
			t.Errorf("%q: %s, %v; want %s", tt.in, model.DateOnly(got).Format(time.DateOnly), err, tt.want.Format(time.DateOnly))
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%q: err %v, want %q", tt.in, err, tt.err)
		}
	}
}
