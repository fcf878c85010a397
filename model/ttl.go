package model

import (
	"strconv"
	"strings"
	"time"
)

// ParseInviteTTL reads how long an invite stays good, as an admin types
// it: a Go duration ("72h", "90m") or whole days ("7d"). Its limits are
// Invite.Validate's.
func ParseInviteTTL(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	d, err := time.ParseDuration(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		n, err = strconv.Atoi(days)
		d = time.Duration(n) * 24 * time.Hour
	}
	if err != nil || d <= 0 {
		return 0, invalid("expires", "%q: say how long, e.g. 72h or 7d", CleanLine(s, 20))
	}
	return d, nil
}
