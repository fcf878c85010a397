package form

import (
	"time"

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
