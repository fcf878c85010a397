package sshd

import (
	"charm.land/ssh"
	"charm.land/wish/v2"
)

// joinUser is the SSH user name newcomers connect as: ssh -p 23234 join@host.
const joinUser = "join"

// join enrols the session's key from a one-time invite code (issue 6).
func (s *Server) join(sess ssh.Session, fp string) {
	wish.Fatalln(sess, "invites are not available yet: ask your panel admin to enrol your key")
}
