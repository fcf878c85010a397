package model

import (
	"net/mail"
	"strings"
)

// MaxEmailLen bounds an e-mail address (RFC 5321's path limit).
const MaxEmailLen = 254

// ParseEmail reads one plain address as typed (no display name), lower
// case; "" is no address.
func ParseEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" || len(s) > MaxEmailLen || CleanLine(s, MaxEmailLen) != s {
		return "", invalid("e-mail", "%q is not an e-mail address like name@example.org", CleanLine(s, 60))
	}
	return strings.ToLower(s), nil
}
