package sshd

import (
	"container/list"
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
// A connection counts as unauthenticated from accept until it proves an
// enrolled key (auth.go), or a demo visitor opens a terminal; a join@
// newcomer counts until their invite code is accepted. Unauthenticated
// connections are capped in all and per source (an IPv4 address, or an
// IPv6 /64, which one client usually has whole). A new connection over a
// cap is not refused: the oldest unauthenticated connection (of its
// source, or of all) is closed to make room, as the held ones are the
// flood and the newest is most likely someone connecting now. An
// enrolled key is through authentication within milliseconds and leaves
// the count, so a stranger holding slots, even behind the same office
// address, cannot lock it out. New connections from a source are rate
// limited; over the rate a source may still have overRateInFlight
// connections in its handshake, so an officer's batch script (one
// connection after another, each authenticated at once) is not refused
// by its address, while a flood over the rate holds almost nothing. An
// unauthenticated connection still without a session HandshakeTimeout
// after it arrived is closed.
//
// Unknown keys are refused at authentication and told so (auth.go), ever
// more slowly per source: the first at once, then after UnknownKeyDelay,
// doubling up to UnknownKeyMaxDelay; answers are queued one after
// another, and a connection that would wait longer than
// UnknownKeyMaxDelay is closed without one. Each answered refusal is
// audited as denied.connect, within a budget for the whole server; the
// next audited entry says how many went unrecorded.

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
	// overRateInFlight is how many unauthenticated connections a source
	// over its connection rate may still have.
	overRateInFlight = 2
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
	oldest    list.List // of *connState, unauthenticated, oldest first
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
	oldest      list.List // of *connState, as gate.oldest
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

// admit counts c, a new connection, or says why it is refused. To make
// room under a cap it unlinks the oldest unauthenticated connections,
// which the caller closes (outside the lock).
func (g *gate) admit(c *connState, now time.Time) (ok bool, evicted []*connState) {
	g.mu.Lock()
	defer g.mu.Unlock()
	src := c.src
	so := g.source(src, now)
	if so == nil {
		g.log.Warn("refusing a connection: too many sources", "from", src)
		return false, nil
	}
	if !so.limiter.AllowN(now, 1) && so.pending >= overRateInFlight {
		so.dropped++
		if now.Sub(so.loggedAt) >= refusalLogEvery {
			g.log.Warn("refusing connections before authentication", "from", src, "reason", "connecting too often", "dropped", so.dropped)
			so.loggedAt, so.dropped = now, 0
		}
		return false, nil
	}
	if g.perSource > 0 && so.pending >= g.perSource {
		evicted = append(evicted, g.unlink(so.oldest.Front().Value.(*connState)))
		so.dropped++
		if now.Sub(so.loggedAt) >= refusalLogEvery {
			g.log.Warn("closing the oldest unauthenticated connections of a source", "from", src, "limit", g.perSource, "closed", so.dropped)
			so.loggedAt, so.dropped = now, 0
		}
	}
	if g.total > 0 && g.pending >= g.total {
		evicted = append(evicted, g.unlink(g.oldest.Front().Value.(*connState)))
		g.dropped++
		if now.Sub(g.loggedAt) >= refusalLogEvery {
			g.log.Warn("closing the oldest unauthenticated connections: too many", "limit", g.total, "closed", g.dropped)
			g.loggedAt, g.dropped = now, 0
		}
	}
	c.inAll = g.oldest.PushBack(c)
	c.inSource = so.oldest.PushBack(c)
	so.pending++
	g.pending++
	return true, evicted
}

// unlink uncounts c, if it is still counted, and returns it. Under g.mu.
func (g *gate) unlink(c *connState) *connState {
	if c.inAll == nil {
		return c
	}
	g.oldest.Remove(c.inAll)
	if so := g.sources[c.src]; so != nil {
		so.oldest.Remove(c.inSource)
		so.pending--
	}
	c.inAll, c.inSource = nil, nil
	g.pending--
	return c
}

// done uncounts a connection that authenticated or closed.
func (g *gate) done(c *connState) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.unlink(c)
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
	// inAll and inSource are its places in the gate's lists while it is
	// counted; under the gate's lock.
	inAll, inSource *list.Element

	mu       sync.Mutex
	pending  bool // counted as unauthenticated
	inflight int  // sessions being identified while pending
	refusals int
	timer    *time.Timer
	open     int       // sessions running
	idle     time.Time // since when no session has been open
	tending  bool
	channels int    // session channels open (channels.go)
	offered  string // the fingerprint of the last key refused at authentication
	told     bool   // told, at authentication, that its key is not enrolled
}

type connKeyT struct{}

var connKey connKeyT

// accept is the server's ConnCallback: it counts the connection, or
// returns nil, which closes it at once.
func (s *Server) accept(ctx ssh.Context, conn net.Conn) net.Conn {
	c := &connState{Conn: conn, g: s.gate, src: sourceOf(conn.RemoteAddr()), deadline: s.cfg.HandshakeTimeout, pending: true, idle: time.Now()}
	ok, evicted := s.gate.admit(c, time.Now())
	for _, old := range evicted {
		s.refused(RefusedLimit)
		_ = old.Close()
	}
	if !ok {
		s.refused(RefusedLimit)
		return nil
	}
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
		c.g.done(c)
	}
	if c.timer != nil {
		c.timer.Stop()
	}
	c.mu.Unlock()
	return c.Conn.Close()
}

// expire closes a connection when its time is up if it is still
// unauthenticated, or authenticated but never tended (it has had no
// session of an enrolled user), and has no session in progress.
func (c *connState) expire() {
	c.mu.Lock()
	if c.tending {
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
	c.uncount()
	c.timer.Stop()
	if !c.tending {
		c.tending = true
		if conn, ok := sess.Context().Value(ssh.ContextKeyConn).(gossh.Conn); ok {
			s.tend(sess.Context(), c, conn)
		}
	}
}

// authenticated uncounts a connection that proved an enrolled key, so
// that it no longer competes for the unauthenticated slots. It stays on
// the handshake clock until a session of its user is tracked.
func (c *connState) authenticated() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.uncount()
}

// uncount takes a connection still counted among the unauthenticated off
// the count, once; c.mu is held, so that admit does it in the same hold
// as stopping the handshake clock.
func (c *connState) uncount() {
	if c.pending {
		c.pending = false
		c.g.done(c)
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
	identifying := !c.tending // not yet known to be an enrolled user's session
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

// connMiddleware counts the connection's sessions, and lets in the demo
// terminals, whose visitors are not enrolled yet and have their own
// limits there. A join@ terminal stays counted as unauthenticated until
// its code is accepted (join.go).
func (s *Server) connMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		c := connOf(sess)
		ended := c.sessionStarted()
		defer ended()
		if _, _, pty := sess.Pty(); pty && s.cfg.Demo && sess.User() != joinUser && sess.User() != publicUser {
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

// refuseUnknownKey answers a session whose key is not enrolled (one
// revoked since its connection authenticated): slowed per source,
// audited, then the one line, or nothing at all for a source that is
// hammering.
func (s *Server) refuseUnknownKey(sess ssh.Session, fp, kind string) {
	s.refused(RefusedUnknownKey)
	c := connOf(sess)
	if !c.refused() {
		s.log.Info("refused", "key", fp, "kind", kind, "from", sourceOf(sess.RemoteAddr()), "reason", "not enrolled, again on one connection")
		_ = c.Close()
		return
	}
	if !s.answerUnknownKey(sess.Context(), sess.RemoteAddr(), fp, kind, "") {
		_ = c.Close()
		return
	}
	wish.Fatalln(sess, model.ErrNotEnrolled.Error())
}

// answerUnknownKey books the answer to an unknown key from remote, waits
// its turn, and audits it; false if the source is hammering (or the
// connection went while it waited), and it should be closed without a
// word. note, if any, is added to the audited reason.
func (s *Server) answerUnknownKey(ctx context.Context, remote net.Addr, fp, kind, note string) bool {
	src := sourceOf(remote)
	wait, n, ok := s.gate.unknownKey(src, time.Now())
	if !ok {
		s.log.Info("refused", "key", fp, "kind", kind, "from", src, "reason", "not enrolled, source hammering", "attempt", n)
		return false
	}
	if sleepCtx(ctx, wait) != nil {
		return false
	}
	host, _, _ := net.SplitHostPort(remote.String())
	s.auditRefusal(model.Actor{Fingerprint: fp}, "ip/"+host,
		fmt.Sprintf("key not enrolled%s (refusal %d from this address, answered after %v)", note, n, wait.Round(time.Millisecond)))
	s.log.Info("refused", "key", fp, "kind", kind, "from", src, "reason", "not enrolled", "attempt", n, "delay", wait)
	return true
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
