package sshd

import (
	"context"
	"io"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
	"wardpanel/tui"
)

// teaMiddleware runs the TUI for a session with a terminal. It replaces
// wish's own so that it can (1) drain window changes for the whole life of
// the session, because the SSH library sends them on a channel with a
// blocking send and a session that stops reading would hold its request
// loop forever, and (2) disconnect a session that stops keeping up.
func (s *Server) teaMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		_, winch, ok := sess.Pty()
		if !ok {
			next(sess)
			return
		}
		ctx, cancel := context.WithCancel(sess.Context())
		defer cancel()
		guard := &stallGuard{}
		out := &guardedWriter{w: sess, g: guard}
		p := tea.NewProgram(s.model(sess), append(bubbletea.MakeOptions(sess),
			tea.WithOutput(out), tea.WithContext(ctx))...)

		go func() {
			// Until the library closes it (when the session's requests end),
			// not merely until the program ends: resizes may come after quit.
			for w := range winch {
				if ctx.Err() == nil {
					guard.deliver(func() { p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height}) })
				}
			}
		}()
		go tui.FollowStore(ctx, s.cfg.Store, func(m tea.Msg) { guard.deliver(func() { p.Send(m) }) })
		go s.watch(ctx, sess, guard, p)

		if _, err := p.Run(); err != nil && ctx.Err() == nil {
			s.log.Info("program ended", "key", sessionFingerprint(sess), "err", err)
		}
		p.Kill()
		cancel()
		next(sess)
	}
}

// watch disconnects the session once it has been stalled longer than the
// limit: its client stopped reading (an output write never returns) or the
// program stopped taking messages. Closing the connection, not just the
// channel, is what unblocks a write waiting on the client's window.
func (s *Server) watch(ctx context.Context, sess ssh.Session, g *stallGuard, p *tea.Program) {
	tick := time.NewTicker(s.cfg.StallTimeout / 4)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			if g.stalledFor(now) > s.cfg.StallTimeout {
				s.log.Info("disconnecting stalled session", "key", sessionFingerprint(sess))
				if conn, ok := sess.Context().Value(ssh.ContextKeyConn).(gossh.Conn); ok {
					_ = conn.Close()
				}
				p.Kill()
				return
			}
		}
	}
}

// stallGuard records since when an output write or a message delivery has
// been in progress (zero: none is).
type stallGuard struct {
	writing    atomic.Int64
	delivering atomic.Int64
}

func (g *stallGuard) stalledFor(now time.Time) time.Duration {
	oldest := time.Duration(0)
	for _, since := range []int64{g.writing.Load(), g.delivering.Load()} {
		if since != 0 {
			oldest = max(oldest, now.Sub(time.Unix(0, since)))
		}
	}
	return oldest
}

// deliver runs send (which blocks while the program is busy) under watch.
func (g *stallGuard) deliver(send func()) {
	g.delivering.CompareAndSwap(0, time.Now().UnixNano())
	send()
	g.delivering.Store(0)
}

// guardedWriter is the program's output, timed by the guard.
type guardedWriter struct {
	w io.Writer
	g *stallGuard
}

func (w *guardedWriter) Write(p []byte) (int, error) {
	w.g.writing.Store(time.Now().UnixNano())
	defer w.g.writing.Store(0)
	return w.w.Write(p)
}

// model builds the TUI for one session: the enrolled user's board, or the
// persona picker for a demo visitor.
func (s *Server) model(sess ssh.Session) tea.Model {
	opts := tui.Options{Store: s.cfg.Store, Fingerprint: sessionFingerprint(sess), Demo: s.cfg.Demo, Live: true}
	if u, ok := sessionUser(sess); ok {
		opts.User = &u
	} else {
		opts.Personas = s.personas()
		opts.Enrol = s.enrolFunc(sess)
	}
	return tui.New(opts)
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
