package sshd

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"

	"wardpanel/model"
)

// Live sessions by user (issue 6). Every session of an enrolled user is
// registered here while it runs. A goroutine follows the store's change
// feed and, after each change, re-reads the users who have sessions: a
// session whose user was disabled or removed, or whose key is no longer
// theirs, is told why and ended. The same registry holds each user to
// Config.MaxSessionsPerUser.

// sweepGap is the least time between two re-checks: a busy store (every
// save in a meeting is a change) costs at most ten rounds of user reads a
// second, and a revoke is still acted on well within a second.
const sweepGap = 100 * time.Millisecond

// endGrace is how long an ended session has to say why and go before its
// connection is closed under it.
const endGrace = 2 * time.Second

// registry is the set of live, identified sessions.
type registry struct {
	mu     sync.Mutex
	byUser map[model.ID]map[*tracked]struct{}
	// quits are the terminal sessions' ways to end gracefully (the program
	// quits, restoring the terminal, and the reason is printed), by session.
	quits map[ssh.Session]func(reason string)
	// byKey counts sessions per key, for the demo's shared personas.
	byKey map[string]int
	// bySess finds a session's entry.
	bySess map[ssh.Session]*tracked
}

// tracked is one live session of an enrolled user.
type tracked struct {
	sess ssh.Session
	user model.ID
	fp   string
	tui  bool
	conn *connState // nil only for connections not accepted through the gate

	// reason is why the session is being ended; set once, under registry.mu.
	reason string
	// access is the user's role, agency and wards when the session began.
	access string
}

func newRegistry() *registry {
	return &registry{byUser: map[model.ID]map[*tracked]struct{}{}, quits: map[ssh.Session]func(string){},
		byKey: map[string]int{}, bySess: map[ssh.Session]*tracked{}}
}

// add registers a session unless the user (or, with perKey, the key)
// already has limit sessions; limit < 0 is no cap.
func (r *registry) add(t *tracked, limit int, perKey bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := len(r.byUser[t.user])
	if perKey {
		n = r.byKey[t.fp]
	}
	if limit >= 0 && n >= limit {
		return fmt.Errorf("you already have %s open, the most allowed: close one first",
			model.Counted(n, "wardpanel session", "wardpanel sessions"))
	}
	set := r.byUser[t.user]
	if set == nil {
		set = map[*tracked]struct{}{}
		r.byUser[t.user] = set
	}
	set[t] = struct{}{}
	r.byKey[t.fp]++
	r.bySess[t.sess] = t
	return nil
}

// remove unregisters a session; it reports whether it was registered.
func (r *registry) remove(t *tracked) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	set := r.byUser[t.user]
	if _, ok := set[t]; !ok {
		return false
	}
	delete(set, t)
	if len(set) == 0 {
		delete(r.byUser, t.user)
	}
	if r.byKey[t.fp]--; r.byKey[t.fp] <= 0 {
		delete(r.byKey, t.fp)
	}
	if r.bySess[t.sess] == t {
		delete(r.bySess, t.sess)
	}
	return true
}

func (r *registry) registered(t *tracked) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.byUser[t.user][t]
	return ok
}

// snapshot lists the tracked sessions by user, for a re-check outside the lock.
func (r *registry) snapshot() map[model.ID][]*tracked {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[model.ID][]*tracked, len(r.byUser))
	for id, set := range r.byUser {
		for t := range set {
			out[id] = append(out[id], t)
		}
	}
	return out
}

// setQuit registers a terminal session's graceful ending. If the session
// was already being ended, quit is called at once.
func (r *registry) setQuit(sess ssh.Session, quit func(reason string)) {
	r.mu.Lock()
	r.quits[sess] = quit
	reason := ""
	if t := r.bySess[sess]; t != nil {
		reason = t.reason
	}
	r.mu.Unlock()
	if reason != "" {
		quit(reason)
	}
}

// quitAll ends every terminal session gracefully, saying why.
func (r *registry) quitAll(reason string) {
	r.mu.Lock()
	quits := make([]func(string), 0, len(r.quits))
	for _, q := range r.quits {
		quits = append(quits, q)
	}
	r.mu.Unlock()
	for _, q := range quits {
		q(reason)
	}
}

func (r *registry) dropQuit(sess ssh.Session) {
	r.mu.Lock()
	delete(r.quits, sess)
	r.mu.Unlock()
}

// markEnding records why t is ending; false if it already was. It returns
// the session's graceful quit, if it has one.
func (r *registry) markEnding(t *tracked, reason string) (quit func(string), first bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if t.reason != "" {
		return nil, false
	}
	t.reason = reason
	return r.quits[t.sess], true
}

// track registers an identified session; release unregisters it. An error
// refuses the session with its text (issue 6: revoked keys, disabled users,
// the per-user session cap).
func (s *Server) track(sess ssh.Session, u model.User, fp string) (release func(), err error) {
	if err := u.CanConnect(fp); err != nil {
		s.auditRefusal(model.Actor{User: actorUser(u), Fingerprint: fp}, fmt.Sprintf("user/%d", u.ID), "account disabled")
		return nil, err
	}
	t := &tracked{sess: sess, user: u.ID, fp: fp, tui: sessionKind(sess) == "tui", conn: connOf(sess), access: accessOf(u)}
	if err := s.sessions.add(t, s.cfg.MaxSessionsPerUser, s.cfg.Demo); err != nil {
		return nil, err
	}
	// Read again now that the session is registered: a revoke that
	// committed after the caller's read, but before registration, was
	// re-checked without this session; one that commits from here on is
	// re-checked with it.
	if err := s.stillAllowed(u.ID, fp); err != nil {
		s.sessions.remove(t)
		return nil, err
	}
	t.conn.admit(s, sess)
	return func() {
		if s.sessions.remove(t) {
			s.log.Debug("session untracked", "key", fp, "user", u.ID)
		}
	}, nil
}

// trackEnrolled registers a demo visitor's session once it has enrolled
// its key, without the cap (it was let in before it had a user); the
// terminal middleware releases it when the session ends.
func (s *Server) trackEnrolled(sess ssh.Session, u model.User, fp string) func() {
	t := &tracked{sess: sess, user: u.ID, fp: fp, tui: true, conn: connOf(sess), access: accessOf(u)}
	_ = s.sessions.add(t, -1, false)
	return func() { s.sessions.remove(t) }
}

// stillAllowed re-reads the user: the line to show if the session may not go on.
func (s *Server) stillAllowed(id model.ID, fp string) error {
	u, err := s.cfg.Store.User(id)
	switch {
	case errors.Is(err, model.ErrNotFound):
		return model.ErrNotEnrolled
	case err != nil:
		s.log.Error("re-check user", "user", id, "err", err)
		return errors.New("wardpanel could not read its data; try again shortly")
	}
	return u.CanConnect(fp)
}

// follow re-checks the tracked sessions after every change to the store
// until ctx ends or the store closes.
func (s *Server) follow(ctx context.Context) {
	sub := s.cfg.Store.Subscribe()
	defer sub.Close()
	gap := time.NewTimer(0)
	defer gap.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-sub.C:
			if !ok {
				return
			}
		}
		s.sweep()
		gap.Reset(sweepGap)
		select {
		case <-ctx.Done():
			return
		case <-gap.C:
		}
	}
}

// sweep ends the sessions that may no longer go on.
func (s *Server) sweep() {
	for id, sessions := range s.sessions.snapshot() {
		u, err := s.cfg.Store.User(id)
		if err != nil && !errors.Is(err, model.ErrNotFound) {
			s.log.Error("re-check user", "user", id, "err", err)
			continue
		}
		for _, t := range sessions {
			switch {
			case err != nil:
				s.endSession(t, "your account has been removed")
			case u.Disabled:
				s.endSession(t, "your account has been disabled")
			case !u.HasKey(t.fp):
				s.endSession(t, "your key has been revoked")
			case accessOf(u) != t.access:
				s.endSession(t, "an admin changed your role, agency or wards: connect again to work with them")
			}
		}
	}
}

// endSession tells a session why it is ending and ends it: a terminal
// session quits its program (which restores the terminal) and prints the
// reason; a command gets it on stderr. If it has not gone within endGrace,
// its connection is closed.
func (s *Server) endSession(t *tracked, reason string) {
	quit, first := s.sessions.markEnding(t, reason)
	if !first {
		return
	}
	s.log.Info("ending session", "key", t.fp, "user", t.user, "reason", reason)
	switch {
	case quit != nil:
		quit(reason)
	case !t.tui:
		wish.Fatalln(t.sess, "wardpanel: "+reason)
	}
	time.AfterFunc(endGrace, func() {
		if s.sessions.registered(t) {
			s.log.Info("closing the connection of a session that did not end", "key", t.fp, "user", t.user)
			t.conn.Close()
		}
	})
}

// actorUser is who a refused user is in the audit trail: enough to know
// them by, without their keys.
func actorUser(u model.User) model.User {
	return model.User{ID: u.ID, Name: u.Name, Agency: u.Agency, Role: u.Role}
}
