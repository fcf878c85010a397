package sshd

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/colorprofile"
	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
	"wardpanel/tui"
	"wardpanel/tui/paint"
)

// teaMiddleware runs the TUI for a session with a terminal. It replaces
// wish's own so that it can (1) drain window changes for the whole life of
// the session, because the SSH library sends them on a channel with a
// blocking send and a session that stops reading would hold its request
// loop forever, (2) disconnect a session that stops keeping up, and (3)
// end a session with a reason on the screen: signed out after IdleTimeout
// without a key press, or a key revoked or a user disabled (sessions.go).
func (s *Server) teaMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		pty, winch, ok := sess.Pty()
		if !ok {
			next(sess)
			return
		}
		ctx, cancel := context.WithCancel(sess.Context())
		defer cancel()
		guard := &stallGuard{}
		out := &guardedWriter{w: sess, g: guard}
		keys := newKeyClock(newPasteCap(sess, MaxPasteBytes))
		enrolled := &lateRelease{} // a demo visitor's tracking, once they have picked a persona
		defer enrolled.run()
		// The session's frames are painted line by line (tui/paint), not by
		// Bubble Tea's renderer; its ticker then has nothing to do, so it
		// wakes once a second rather than sixty times.
		painter := paint.New(out, pty.Window.Width, pty.Window.Height,
			colorprofile.Env(append(sess.Environ(), "TERM="+pty.Term)))
		go func() { _ = painter.Run() }()
		settle := paint.NewSettler()
		p := tea.NewProgram(paint.Model{Model: s.model(sess, enrolled, ctx.Done()), Painter: painter, Settle: settle},
			append(bubbletea.MakeOptions(sess), tea.WithInput(keys), tea.WithOutput(out), tea.WithContext(ctx),
				tea.WithoutRenderer(), tea.WithFPS(1))...)

		// end quits the program, which restores the terminal, and has the
		// reason printed after it; a program that does not quit is killed.
		var reason atomic.Pointer[string]
		end := func(why string) {
			if !reason.CompareAndSwap(nil, &why) {
				return
			}
			go guard.deliver(p.Quit)
			time.AfterFunc(endGrace, func() {
				if ctx.Err() == nil {
					p.Kill()
				}
			})
		}
		s.sessions.setQuit(sess, end)
		defer s.sessions.dropQuit(sess)
		stopIdle := s.idleLogout(keys, end)
		defer stopIdle()

		go s.resizes(ctx, winch, func(w ssh.Window) {
			guard.deliver(func() { p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height}) })
		})
		go s.followStore(ctx, s.cfg.Store.Subscribe(), settle, func(m tea.Msg) { guard.deliver(func() { p.Send(m) }) })
		go s.watch(ctx, sess, guard, p)

		if _, err := p.Run(); err != nil && ctx.Err() == nil && reason.Load() == nil {
			s.log.Info("program ended", "key", sessionFingerprint(sess), "err", err)
		}
		// Restores the terminal while the stall guard still watches the
		// write.
		painter.Close()
		p.Kill()
		cancel()
		if why := reason.Load(); why != nil {
			_, _ = fmt.Fprintf(sess, "\r\nwardpanel: %s\r\n", *why)
			_ = sess.Exit(1)
		}
		next(sess)
	}
}

// resizeGap is the least time between two window sizes given to a
// program: a drag of the window's corner still looks smooth, and a client
// sending thousands of resizes costs a few redraws a second, not one each.
const resizeGap = time.Second / 30

// resizes passes the window's size on to send, the latest at most once
// per resizeGap (the sizes between are dropped, as channels.go already
// keeps only the latest one waiting). It reads winch until the library
// closes it (when the session's requests end), not merely until the
// program ends: resizes may come after quit, and the library's request
// loop waits on this channel.
func (s *Server) resizes(ctx context.Context, winch <-chan ssh.Window, send func(ssh.Window)) {
	t := time.NewTimer(0)
	defer t.Stop()
	for w := range winch {
		if ctx.Err() != nil {
			continue
		}
		// What came in meanwhile replaces it.
		for more := true; more; {
			select {
			case next, ok := <-winch:
				if !ok {
					return
				}
				w = next
			default:
				more = false
			}
		}
		send(w)
		t.Reset(resizeGap)
		select {
		case <-t.C:
		case <-ctx.Done():
		}
	}
}

// idleLogout ends the session IdleTimeout after the last key press. Only
// what the person types counts: the screen's own updates, which keep the
// socket busy, do not. It runs on a timer, re-armed for the time left;
// the returned func stops it.
func (s *Server) idleLogout(keys *keyClock, end func(string)) (stop func()) {
	limit := s.cfg.IdleTimeout
	var mu sync.Mutex // guards t and stopped
	var t *time.Timer
	stopped := false
	check := func() {
		mu.Lock()
		defer mu.Unlock()
		if stopped {
			return
		}
		idle := keys.idleFor(time.Now())
		if idle < limit {
			t.Reset(limit - idle)
			return
		}
		s.log.Info("idle logout", "idle", idle.Round(time.Second))
		end("signed out after " + humanDuration(limit) + " without a key press")
	}
	mu.Lock()
	t = time.AfterFunc(limit, check)
	mu.Unlock()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		stopped = true
		t.Stop()
	}
}

// keyClock is a session's input, noting when the person last pressed a key.
type keyClock struct {
	r    io.Reader
	last atomic.Int64 // UnixNano
}

func newKeyClock(r io.Reader) *keyClock {
	k := &keyClock{r: r}
	k.last.Store(time.Now().UnixNano())
	return k
}

func (k *keyClock) Read(p []byte) (int, error) {
	n, err := k.r.Read(p)
	if n > 0 {
		k.last.Store(time.Now().UnixNano())
	}
	return n, err
}

func (k *keyClock) idleFor(now time.Time) time.Duration {
	return now.Sub(time.Unix(0, k.last.Load()))
}

// humanDuration says 30 minutes, 1 hour or 1.5s.
func humanDuration(d time.Duration) string {
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		return model.Counted(int(d/time.Hour), "hour", "hours")
	case d >= time.Minute && d%time.Minute == 0:
		return model.Counted(int(d/time.Minute), "minute", "minutes")
	case d >= time.Second && d%time.Second == 0:
		return model.Counted(int(d/time.Second), "second", "seconds")
	}
	return d.String()
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
// A demo visitor's session is tracked from their enrolment on; enrolled
// releases it.
func (s *Server) model(sess ssh.Session, enrolled *lateRelease, done <-chan struct{}) tea.Model {
	opts := tui.Options{Store: s.cfg.Store, Fingerprint: sessionFingerprint(sess), Demo: s.cfg.Demo, Live: true, Done: done, Inbox: s.cfg.Inbox}
	if u, ok := sessionUser(sess); ok {
		opts.User = &u
	} else {
		opts.Personas = s.personas()
		opts.Enrol = s.enrolFunc(sess, enrolled)
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
func (s *Server) enrolFunc(sess ssh.Session, enrolled *lateRelease) func(model.User) (model.User, error) {
	key := model.KeyFrom(sess.PublicKey(), "demo visitor")
	return func(persona model.User) (model.User, error) {
		by := model.Actor{User: model.Operator.User, Fingerprint: key.Fingerprint}
		u, err := s.cfg.Store.AddKey(by, persona.ID, key)
		if err == nil {
			s.log.Info("demo enrolment", "key", key.Fingerprint, "role", u.Role)
			enrolled.set(func() func() { return s.trackEnrolled(sess, u, key.Fingerprint) })
		}
		return u, err
	}
}

// lateRelease is a release that may be set from a program's command after
// the session has ended, or never.
type lateRelease struct {
	mu      sync.Mutex
	release func()
	ended   bool
}

// set takes the release of what track returns, once, unless the session
// has already ended, in which case nothing is tracked.
func (l *lateRelease) set(track func() (release func())) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ended || l.release != nil {
		return
	}
	l.release = track()
}

// run releases what was set, and anything set later is not tracked.
func (l *lateRelease) run() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ended = true
	if l.release != nil {
		l.release()
	}
}
