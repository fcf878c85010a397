package sshd

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"

	"wardpanel/model"
)

// The gate (issue 6): limits before authentication, in the spirit of
// OpenSSH's MaxStartups and PerSourcePenalties, and the life of a
// connection after it: keepalives and the idle rule for connections
// without a session.
//
// A connection counts as unauthenticated from accept until wardpanel
// knows it is an enrolled user's (a session passes track), or it opens a
// terminal for the join or demo flow. Any key finishes SSH authentication
// here (an unknown key must be told, in words, how to get in), so SSH's
// own notion of authenticated would let anyone with a fresh key hold
// connections for free. Unauthenticated connections are capped in all
// and per source (an IPv4 address, or an IPv6 /64, which one client
// usually has whole); new connections from a source are rate limited;
// and an unauthenticated connection still without a session
// HandshakeTimeout after it arrived is closed. Connections over a cap are
// closed at accept, before any SSH byte is sent, which costs the server
// next to nothing.
//
// Unknown keys are answered ever more slowly per source: the first at
// once, then after UnknownKeyDelay, doubling up to UnknownKeyMaxDelay;
// answers are queued one after another, and a connection that would wait
// longer than UnknownKeyMaxDelay is closed without one. Each answered
// refusal is audited as denied.connect, within a budget for the whole
// server; the next audited entry says how many went unrecorded.

const (
	// unknownKeyForget is how long a source must stay quiet for its
	// unknown-key refusals to be forgotten.
	unknownKeyForget = 10 * time.Minute
	// maxRefusalsPerConn is how many unknown-key sessions one connection
	// may open; the next closes it.
	maxRefusalsPerConn = 3
	// maxSources bounds the per-source table under a scan from many
	// addresses; beyond it, new sources are refused until idle ones go.
	maxSources = 1 << 16
	// refusalLogEvery bounds the log lines about refused connections per source.
	refusalLogEvery = 10 * time.Second
)

// deniedAudits is the whole server's budget for audited refusals (per
// second, and burst): a flood from many sources must not turn into a
// flood of writes.
const (
	deniedAuditsPerSecond = 20
	deniedAuditBurst      = 100
)

// gate holds the counts before authentication.
type gate struct {
	total, perSource int // < 0: no cap
	rate             rate.Limit
	burst            int
	delay, maxDelay  time.Duration
	log              *slog.Logger

	mu        sync.Mutex
	pending   int
	sources   map[netip.Prefix]*source
	sweepAt   int
	loggedAt  time.Time // the last log line about the total cap
	dropped   int       // connections dropped by the total cap since that line
	audits    *rate.Limiter
	unaudited int // refusals not audited since the last that was
}

// source is what the gate knows about one address.
type source struct {
	pending     int
	limiter     *rate.Limiter
	refusals    int // unknown-key refusals in the current spell
	lastRefusal time.Time
	nextSlot    time.Time // when the next refusal may be answered
	dropped     int       // connections refused since the last log line
	loggedAt    time.Time
}

func newGate(cfg Config, log *slog.Logger) *gate {
	r := rate.Limit(cfg.ConnectionsPerSecond)
	if cfg.ConnectionsPerSecond < 0 {
		r = rate.Inf
	}
	return &gate{total: cfg.MaxUnauthenticated, perSource: cfg.MaxUnauthenticatedPerSource,
		rate: r, burst: cfg.ConnectionBurst, delay: cfg.UnknownKeyDelay, maxDelay: cfg.UnknownKeyMaxDelay,
		log: log, sources: map[netip.Prefix]*source{}, sweepAt: 1024,
		audits: rate.NewLimiter(deniedAuditsPerSecond, deniedAuditBurst)}
}

// sourceOf is the address a connection is counted under.
func sourceOf(a net.Addr) netip.Prefix {
	var ip netip.Addr
	if tcp, ok := a.(*net.TCPAddr); ok {
		ip = tcp.AddrPort().Addr().Unmap()
	} else if ap, err := netip.ParseAddrPort(a.String()); err == nil {
		ip = ap.Addr().Unmap()
	}
	bits := 32
	if ip.Is6() {
		bits = 64
	}
	p, _ := ip.Prefix(bits) // the zero prefix for an address that is not IP: all such share one
	return p
}

// admit counts a new connection from src, or says why it is refused.
func (g *gate) admit(src netip.Prefix, now time.Time) (ok bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	why := ""
	var so *source
	switch {
	case g.total >= 0 && g.pending >= g.total:
		g.dropped++
		if now.Sub(g.loggedAt) >= refusalLogEvery {
			g.log.Warn("refusing connections: too many unauthenticated", "limit", g.total, "dropped", g.dropped)
			g.loggedAt, g.dropped = now, 0
		}
		return false
	default:
		if so = g.source(src, now); so == nil {
			g.log.Warn("refusing a connection: too many sources", "from", src)
			return false
		}
	}
	switch {
	case !so.limiter.AllowN(now, 1):
		why = "connecting too often"
	case g.perSource >= 0 && so.pending >= g.perSource:
		why = "too many unauthenticated connections"
	}
	if why != "" {
		so.dropped++
		if now.Sub(so.loggedAt) >= refusalLogEvery {
			g.log.Warn("refusing connections before authentication", "from", src, "reason", why, "dropped", so.dropped)
			so.loggedAt, so.dropped = now, 0
		}
		return false
	}
	so.pending++
	g.pending++
	return true
}

// done uncounts a connection that authenticated or closed.
func (g *gate) done(src netip.Prefix) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.pending--
	if so := g.sources[src]; so != nil {
		so.pending--
	}
}

// source finds or makes src's entry; nil if the table is full.
func (g *gate) source(src netip.Prefix, now time.Time) *source {
	if so := g.sources[src]; so != nil {
		return so
	}
	if len(g.sources) >= g.sweepAt {
		for p, so := range g.sources {
			if so.pending == 0 && so.limiter.TokensAt(now) >= float64(g.burst) && now.Sub(so.lastRefusal) > unknownKeyForget {
				delete(g.sources, p)
			}
		}
		g.sweepAt = max(1024, 2*len(g.sources))
	}
	if len(g.sources) >= maxSources {
		return nil
	}
	so := &source{limiter: rate.NewLimiter(g.rate, g.burst)}
	g.sources[src] = so
	return so
}

// unknownKey books the answer to an unknown key from src: how long to
// wait before refusing it, and which refusal of the spell it is; ok is
// false if it would wait too long, and should be closed without a word.
func (g *gate) unknownKey(src netip.Prefix, now time.Time) (wait time.Duration, n int, ok bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	so := g.sources[src]
	if so == nil { // its connection was not counted through the gate
		so = &source{limiter: rate.NewLimiter(g.rate, g.burst)}
		g.sources[src] = so
	}
	if now.Sub(so.lastRefusal) > unknownKeyForget {
		so.refusals = 0
	}
	so.refusals++
	so.lastRefusal = now
	at := now
	if so.nextSlot.After(at) {
		at = so.nextSlot
	}
	at = at.Add(g.backoff(so.refusals))
	if at.Sub(now) > g.maxDelay {
		return 0, so.refusals, false
	}
	so.nextSlot = at
	return at.Sub(now), so.refusals, true
}

// backoff is the n-th refusal's own delay: none for the first, then
// doubling from g.delay up to g.maxDelay.
func (g *gate) backoff(n int) time.Duration {
	if n <= 1 || g.delay <= 0 {
		return 0
	}
	d := g.delay
	for i := 2; i < n && d < g.maxDelay; i++ {
		d *= 2
	}
	return min(d, g.maxDelay)
}

// auditBudget reports whether one more refusal may be audited, and how
// many were not since the last that was.
func (g *gate) auditBudget() (ok bool, skipped int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.audits.Allow() {
		g.unaudited++
		return false, 0
	}
	skipped, g.unaudited = g.unaudited, 0
	return true, skipped
}

// connState is an accepted connection as the gate sees it.
type connState struct {
	net.Conn
	g        *gate
	src      netip.Prefix
	deadline time.Duration

	mu       sync.Mutex
	pending  bool // counted as unauthenticated
	inflight int  // sessions being identified while pending
	refusals int
	timer    *time.Timer
	open     int       // sessions running
	idle     time.Time // since when no session has been open
	tending  bool
}

type connKeyT struct{}

var connKey connKeyT

// accept is the server's ConnCallback: it counts the connection, or
// returns nil, which closes it at once.
func (s *Server) accept(ctx ssh.Context, conn net.Conn) net.Conn {
	src := sourceOf(conn.RemoteAddr())
	if !s.gate.admit(src, time.Now()) {
		s.refused(RefusedLimit)
		return nil
	}
	c := &connState{Conn: conn, g: s.gate, src: src, deadline: s.cfg.HandshakeTimeout, pending: true, idle: time.Now()}
	c.mu.Lock() // expire reads c.timer
	c.timer = time.AfterFunc(c.deadline, c.expire)
	c.mu.Unlock()
	ctx.SetValue(connKey, c)
	return c
}

// connOf is the session's connection state (nil if it was not accepted through the gate).
func connOf(sess ssh.Session) *connState {
	c, _ := sess.Context().Value(connKey).(*connState)
	return c
}

// Close uncounts the connection and closes it; it may be called more than once.
func (c *connState) Close() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	if c.pending {
		c.pending = false
		c.g.done(c.src)
	}
	c.timer.Stop()
	c.mu.Unlock()
	return c.Conn.Close()
}

// expire closes a connection still unauthenticated and without a
// session in progress when its time is up.
func (c *connState) expire() {
	c.mu.Lock()
	if !c.pending {
		c.mu.Unlock()
		return
	}
	if c.inflight > 0 {
		c.timer.Reset(c.deadline)
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	c.g.log.Debug("closing a connection that did not authenticate in time", "from", c.src)
	_ = c.Close()
}

// admit marks the connection authenticated (uncounted), and starts
// tending it: keepalives, and closing it once idle without a session.
func (c *connState) admit(s *Server, sess ssh.Session) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending {
		c.pending = false
		c.g.done(c.src)
		c.timer.Stop()
	}
	if !c.tending {
		c.tending = true
		if conn, ok := sess.Context().Value(ssh.ContextKeyConn).(gossh.Conn); ok {
			s.tend(sess.Context(), c, conn)
		}
	}
}

// sessionStarted counts a session; the returned func uncounts it.
func (c *connState) sessionStarted() (ended func()) {
	if c == nil {
		return func() {}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.open++
	identifying := c.pending
	if identifying {
		c.inflight++
	}
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.open--; c.open == 0 {
			c.idle = time.Now()
		}
		if identifying {
			c.inflight--
		}
	}
}

// idleFor is how long the connection has had no session open.
func (c *connState) idleFor(now time.Time) time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.open > 0 {
		return 0
	}
	return now.Sub(c.idle)
}

// refused counts an unknown-key refusal on the connection; false once
// it has had its share.
func (c *connState) refused() bool {
	if c == nil {
		return true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refusals++
	return c.refusals <= maxRefusalsPerConn
}

// connMiddleware counts the connection's sessions, and lets in the join
// and demo terminals, whose people are not enrolled yet and have their
// own limits there.
func (s *Server) connMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		c := connOf(sess)
		ended := c.sessionStarted()
		defer ended()
		if _, _, pty := sess.Pty(); pty && (sess.User() == joinUser || s.cfg.Demo) {
			c.admit(s, sess)
		}
		next(sess)
	}
}

// tend sends keepalives on an authenticated connection and closes it when
// KeepaliveCountMax in a row go unanswered (a dead peer, or a path that
// went silent), or when it has had no session for IdleTimeout. It runs on
// a timer, not a goroutine of its own: a thousand quiet connections cost
// a thousand timers, and a goroutine only while a keepalive awaits its
// reply.
func (s *Server) tend(ctx context.Context, c *connState, conn gossh.Conn) {
	every := s.cfg.KeepaliveInterval
	if every <= 0 {
		every = max(time.Second, s.cfg.IdleTimeout/4)
	}
	t := &tender{s: s, ctx: ctx, c: c, conn: conn, every: every}
	t.mu.Lock() // tick reads t.timer
	t.timer = time.AfterFunc(every, t.tick)
	t.mu.Unlock()
	// A pending timer holds the connection, and through it everything the
	// session had, until it fires: let go as soon as the connection ends.
	context.AfterFunc(ctx, func() {
		t.mu.Lock()
		t.timer.Stop()
		t.mu.Unlock()
	})
}

// tender is one connection's keepalive and idle check.
type tender struct {
	s     *Server
	ctx   context.Context
	c     *connState
	conn  gossh.Conn
	every time.Duration

	mu     sync.Mutex
	timer  *time.Timer
	probe  chan struct{} // the keepalive awaiting its reply, if any
	missed int
}

func (t *tender) tick() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.ctx.Err() != nil {
		return // the connection has closed
	}
	s := t.s
	if s.cfg.KeepaliveInterval > 0 {
		if t.probe != nil {
			select {
			case <-t.probe:
				t.probe, t.missed = nil, 0
			default:
				t.missed++
			}
		}
		if t.missed >= s.cfg.KeepaliveCountMax {
			s.log.Info("closing a connection whose peer stopped answering", "from", t.c.src, "keepalives", t.missed)
			_ = t.c.Close()
			return
		}
		if t.probe == nil {
			p := make(chan struct{})
			t.probe = p
			go func() {
				// Returns on the reply, or with an error once the connection closes.
				_, _, _ = t.conn.SendRequest("keepalive@openssh.com", true, nil)
				close(p)
			}()
		}
	}
	if idle := t.c.idleFor(time.Now()); idle > s.cfg.IdleTimeout {
		s.log.Info("closing a connection idle without a session", "from", t.c.src, "idle", idle.Round(time.Second))
		_ = t.c.Close()
		return
	}
	t.timer.Reset(t.every)
}

// refuseUnknownKey answers an unknown key: slowed per source, audited,
// then the one line, or nothing at all for a source that is hammering.
func (s *Server) refuseUnknownKey(sess ssh.Session, fp, kind string) {
	s.refused(RefusedUnknownKey)
	c := connOf(sess)
	src := sourceOf(sess.RemoteAddr())
	if !c.refused() {
		s.log.Info("refused", "key", fp, "kind", kind, "from", src, "reason", "not enrolled, again on one connection")
		_ = c.Close()
		return
	}
	wait, n, ok := s.gate.unknownKey(src, time.Now())
	if !ok {
		s.log.Info("refused", "key", fp, "kind", kind, "from", src, "reason", "not enrolled, source hammering", "attempt", n)
		_ = c.Close()
		return
	}
	if wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-sess.Context().Done():
			t.Stop()
			return
		}
	}
	host, _, _ := net.SplitHostPort(sess.RemoteAddr().String())
	s.auditRefusal(model.Actor{Fingerprint: fp}, "ip/"+host,
		fmt.Sprintf("key not enrolled (refusal %d from this address, answered after %v)", n, wait.Round(time.Millisecond)))
	s.log.Info("refused", "key", fp, "kind", kind, "from", src, "reason", "not enrolled", "attempt", n, "delay", wait)
	wish.Fatalln(sess, model.ErrNotEnrolled.Error())
}

// auditRefusal records a refused connection as denied.connect, within the
// server's budget for such entries.
func (s *Server) auditRefusal(by model.Actor, target, reason string) {
	ok, skipped := s.gate.auditBudget()
	if !ok {
		return
	}
	if skipped > 0 {
		reason += fmt.Sprintf("; %d earlier refusals not recorded one by one", skipped)
	}
	if err := s.cfg.Store.AuditDenied(by, "connect", target, reason); err != nil {
		s.log.Error("audit a refusal", "key", by.Fingerprint, "err", err)
	}
}
