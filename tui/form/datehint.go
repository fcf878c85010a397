package form

import (
	"strings"
	"time"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// DateHint says what a typed date means, as fully as room allows, or how
// to type one (a line field's Hint).
func DateHint(d time.Time, err error, example string, room int) string {
	if err != nil {
		return "? " + example
	}
	for _, layout := range []string{"Mon 2 Jan 2006", "2 Jan 2006", "2 Jan"} {
		if h := "→ " + d.Format(layout); ui.TextWidth(h) <= room {
			return h
		}
	}
	return "→ " + d.Format("2 Jan")
}

// ParseOccurred reads when something happened: a date as due dates are
// typed, or today, yesterday, -3 (days ago) or -1w; never in the future.
func ParseOccurred(s string, today time.Time) (time.Time, error) {
	bad := &model.ValidationError{Field: "occurred", Message: "use a date like 2026-03-01, or yesterday, or -3 for three days ago"}
	switch t := strings.ToLower(strings.TrimSpace(s)); {
	case t == "today":
		return today, nil
	case t == "yesterday":
		return today.AddDate(0, 0, -1), nil
	case strings.HasPrefix(t, "-"):
		back, err := model.ParseDate("+"+t[1:], today)
		if err != nil {
			return time.Time{}, bad
		}
		return today.AddDate(0, 0, -int(back.Sub(today).Hours()/24)), nil
	}
	d, err := model.ParseDate(s, today)
	switch {
	case err != nil || strings.HasPrefix(strings.TrimSpace(s), "+"):
		return time.Time{}, bad
	case d.After(today):
		return time.Time{}, &model.ValidationError{Field: "occurred", Message: "that is in the future: say when it happened"}
	}
	return d, nil
}
