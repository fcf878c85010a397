package sshd

import (
	"strings"

	"wardpanel/model"
)

// accessOf is what a session's sight and rights rest on: when an admin
// changes it (wardpanel user edit), the user's sessions are told to
// connect again, rather than carry on with what they were.
func accessOf(u model.User) string {
	return string(u.Role) + "|" + u.Agency + "|" + strings.Join(u.Wards, ",")
}
