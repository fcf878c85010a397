package sshd

import (
	"errors"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
)

// Who may finish SSH authentication (issue 14). A key that is not
// enrolled is refused here, so a stranger never reaches a session and
// costs the server no more than a handshake. The ways in, all decided in
// entryFor:
//
//   - join@, with any key: a newcomer enrols it with an invite code (join.go);
//   - public@, with any key or none: anyone reads the published
//     summaries and may leave a concern (public.go);
//   - demo mode, with any key: a visitor picks a persona;
//   - otherwise, a key enrolled to a user (a disabled user's too, so that
//     the session can tell them their account is disabled).
//
// A client left with no key that may enter goes on to keyboard-interactive,
// which offers no prompt: it only carries the one line telling the person
// how to get in (OpenSSH prints it), and fails.

// entry is how a connection may come in.
type entry int

const (
	entryRefused entry = iota
	entryEnrolled
	entryJoin
	entryDemo
	entryPublic // public@, any key or none: read-only (public.go)
)

// entryFor decides whether user may authenticate with the key whose
// fingerprint is fp.
func (s *Server) entryFor(user, fp string) entry {
	switch {
	case user == joinUser:
		return entryJoin
	case user == publicUser:
		return entryPublic
	case s.cfg.Demo:
		return entryDemo
	}
	_, err := s.cfg.Store.UserByKey(fp)
	switch {
	case err == nil:
		return entryEnrolled
	case errors.Is(err, model.ErrNotFound):
		return entryRefused
	}
	// The session reads the user again and says that the data could not
	// be read, which is truer than "not enrolled".
	s.log.Error("authenticate", "key", fp, "err", err)
	return entryEnrolled
}

// publicKeyAuth is the server's public-key handler. It may be asked about
// several keys before the client signs with one; only a signature makes
// a key the session's (authLog, identity.go).
func (s *Server) publicKeyAuth(ctx ssh.Context, key ssh.PublicKey) bool {
	fp := model.KeyFrom(key, "").Fingerprint
	if s.entryFor(ctx.User(), fp) != entryRefused {
		return true
	}
	if c, _ := ctx.Value(connKey).(*connState); c != nil {
		c.mu.Lock()
		first := c.offered == ""
		c.offered = fp
		c.mu.Unlock()
		if first { // once per connection, however many keys its client tries
			s.refused(RefusedUnknownKey)
		}
	}
	return false
}

// authLog sees every authentication attempt's outcome. A signature that
// verified, from someone other than a newcomer or demo visitor, proves an
// enrolled key: the connection leaves the unauthenticated count at once.
func (s *Server) authLog(ctx ssh.Context) func(gossh.ConnMetadata, string, error) {
	return func(meta gossh.ConnMetadata, method string, err error) {
		if err != nil || method != "publickey" || meta.User() == joinUser || meta.User() == publicUser || s.cfg.Demo {
			return
		}
		c, _ := ctx.Value(connKey).(*connState)
		c.authenticated()
	}
}

// notEnrolledLine is what a client with no key that may enter is told.
func notEnrolledLine(user string) string {
	if user == joinUser {
		return "join needs an SSH key to enrol: make one with ssh-keygen -t ed25519, then connect again"
	}
	return model.ErrNotEnrolled.Error()
}

// keyboardInteractive tells a client that offered no acceptable key how
// to get in, once per connection, slowed and audited per source (gate.go),
// and fails.
func (s *Server) keyboardInteractive(ctx ssh.Context, challenge gossh.KeyboardInteractiveChallenge) bool {
	c, _ := ctx.Value(connKey).(*connState)
	if c == nil {
		return false
	}
	if s.entryFor(ctx.User(), "") == entryPublic {
		return true // public@ needs no key: no prompt, nothing asked
	}
	c.mu.Lock()
	told, fp := c.told, c.offered
	c.told = true
	c.mu.Unlock()
	if told {
		return false
	}
	note := ", offered at authentication"
	if fp == "" {
		note = ": no key offered"
		s.refused(RefusedUnknownKey) // publicKeyAuth counted those that offered one
	}
	if !s.answerUnknownKey(ctx, c.RemoteAddr(), fp, "auth", note) {
		_ = c.Close()
		return false
	}
	_, _ = challenge("", notEnrolledLine(ctx.User()), nil, nil)
	return false
}
