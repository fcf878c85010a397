package sshd

import (
	"errors"
	"fmt"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"

	"wardpanel/model"
	"wardpanel/store"
)

type ctxKey int

const (
	userKey ctxKey = iota
	fingerprintKey
)

// identityMiddleware resolves who the session is from the key it actually
// authenticated with (ssh's Session.PublicKey, set from the successful
// attempt), never from keys merely offered earlier in the handshake: a
// client can offer one key and sign with another.
func (s *Server) identityMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if sess.User() == publicUser {
			s.public(sess) // no user, no key needed: public.go
			return
		}
		pk := sess.PublicKey()
		if pk == nil {
			// Cannot happen with only public-key auth configured; refuse rather than trust it.
			wish.Fatalln(sess, "public-key authentication is required")
			return
		}
		fp := model.KeyFrom(pk, "").Fingerprint
		start := time.Now()
		kind := sessionKind(sess)
		sess.Context().SetValue(fingerprintKey, fp)
		if sess.User() == joinUser {
			// ssh join@host: a newcomer with an invite code enrols this key.
			if s.overBudget(sess, "source/"+sourceOf(sess.RemoteAddr()).String(), s.budgets.source, fp, kind) {
				return
			}
			s.join(sess, fp)
			return
		}

		u, err := s.cfg.Store.UserByKey(fp)
		switch {
		case err == nil:
			sess.Context().SetValue(userKey, u)
		case errors.Is(err, model.ErrNotFound) && s.cfg.Demo && (kind == "tui" || kind == "command plain"):
			// A demo visitor: the TUI, or plain mode, asks them to pick a persona.
		case errors.Is(err, model.ErrNotFound) && s.cfg.Demo:
			s.refused(RefusedNoTerminal)
			s.log.Info("refused", "key", fp, "kind", kind, "reason", "demo visitor without terminal")
			wish.Fatalln(sess, "demo: connect once with a terminal (ssh -p PORT host) to pick a persona")
			return
		case errors.Is(err, model.ErrNotFound):
			// Slowed per source and audited (gate.go).
			s.refuseUnknownKey(sess, fp, kind)
			return
		case errors.Is(err, store.ErrDamaged):
			// Trying again will not help: the operator must restore.
			s.log.Error("identify", "key", fp, "err", err)
			wish.Fatalln(sess, "wardpanel cannot read its data file, which is damaged; tell your panel admin")
			return
		default:
			s.log.Error("identify", "key", fp, "err", err)
			wish.Fatalln(sess, "wardpanel could not read its data; try again shortly")
			return
		}
		budget, rate := "source/"+sourceOf(sess.RemoteAddr()).String(), s.budgets.source
		if u, ok := sessionUser(sess); ok {
			budget, rate = fmt.Sprintf("user/%d", u.ID), s.budgets.user
			if s.cfg.Demo { // visitors share personas
				budget = "key/" + fp
			}
		}
		if s.overBudget(sess, budget, rate, fp, kind) {
			return
		}
		if u, ok := sessionUser(sess); ok {
			// Sessions are tracked so a revoked key's or a disabled user's
			// end at once, and one user's sessions stay within a cap.
			release, err := s.track(sess, u, fp)
			if err != nil {
				s.refusedFor(err)
				s.log.Info("refused", "key", fp, "kind", kind, "reason", err.Error())
				wish.Fatalln(sess, err.Error())
				return
			}
			defer release()
		}
		s.log.Info("session start", "key", fp, "kind", kind)
		next(sess)
		s.log.Info("session end", "key", fp, "kind", kind, "duration", time.Since(start).Round(time.Millisecond))
	}
}

// overBudget refuses the session, with its line, if budget has no
// session left (ratelimit.go).
func (s *Server) overBudget(sess ssh.Session, budget string, r budgetRate, fp, kind string) bool {
	if s.budgets.allow(budget, r, time.Now()) {
		return false
	}
	s.log.Info("refused", "key", fp, "kind", kind, "reason", "session budget spent")
	wish.Fatalln(sess, errSessionBudget.Error())
	return true
}

// sessionKind names a session for the log without recording what was typed.
func sessionKind(sess ssh.Session) string {
	cmd, err := commandArgs(sess)
	if err != nil {
		return "command (unreadable)"
	}
	if _, _, ok := sess.Pty(); ok && len(cmd) == 0 {
		return "tui"
	}
	if len(cmd) > 0 {
		if _, ok := commands[cmd[0]]; ok {
			return "command " + cmd[0]
		}
		return "command (unknown)"
	}
	return "command (none)"
}

// sessionUser is the enrolled user, or false for a demo visitor still choosing.
func sessionUser(sess ssh.Session) (model.User, bool) {
	u, ok := sess.Context().Value(userKey).(model.User)
	return u, ok
}

func sessionFingerprint(sess ssh.Session) string {
	fp, _ := sess.Context().Value(fingerprintKey).(string)
	return fp
}
