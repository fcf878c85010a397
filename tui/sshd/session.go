package sshd

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2/bubbletea"

	"wardpanel/model"
	"wardpanel/tui"
)

// programHandler builds the TUI for one terminal session and ties it to the
// store's change feed for as long as the session lives.
func (s *Server) programHandler(sess ssh.Session) *tea.Program {
	fp := sessionFingerprint(sess)
	opts := tui.Options{Store: s.cfg.Store, Fingerprint: fp, Demo: s.cfg.Demo}
	if u, ok := sessionUser(sess); ok {
		opts.User = &u
	} else {
		opts.Personas = s.personas()
		opts.Enrol = s.enrolFunc(sess)
	}
	p := tea.NewProgram(tui.New(opts), bubbletea.MakeOptions(sess)...)
	go tui.FollowStore(sess.Context(), s.cfg.Store, p)
	return p
}

// personas are the demo users a visitor may become, in the configured order.
func (s *Server) personas() []model.User {
	var out []model.User
	for _, name := range s.cfg.Personas {
		if u, err := s.cfg.Store.UserByName(name); err == nil {
			out = append(out, u)
		}
	}
	return out
}

// enrolFunc enrols the session's key as the chosen persona. The operator
// makes the change on the visitor's behalf; the audit entry carries the
// visitor's key fingerprint.
func (s *Server) enrolFunc(sess ssh.Session) func(model.User) (model.User, error) {
	key := model.KeyFrom(sess.PublicKey(), "demo visitor")
	return func(persona model.User) (model.User, error) {
		by := model.Actor{User: model.Operator.User, Fingerprint: key.Fingerprint}
		u, err := s.cfg.Store.AddKey(by, persona.ID, key)
		if err == nil {
			s.log.Info("demo enrolment", "key", key.Fingerprint, "role", u.Role)
		}
		return u, err
	}
}
