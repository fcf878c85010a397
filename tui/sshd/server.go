// Package sshd serves wardpanel over SSH: public-key identity, the TUI for
// sessions with a terminal, and a small command set for sessions without one.
package sshd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"sync"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/ratelimiter"
	"charm.land/wish/v2/recover"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"

	"wardpanel/store"
)

// Config is what the server needs; zero durations take the defaults below.
type Config struct {
	Store       *store.Store
	HostKeyPath string
	// Demo lets an unknown key pick one of Personas (by name) and be enrolled as it.
	Demo     bool
	Personas []string
	Logger   *slog.Logger
	// Observer, if set, hears of refusals and commands (observe.go).
	Observer Observer

	// HandshakeTimeout (default 10s) closes stragglers that never finish
	// key exchange, and connections not yet known to be an enrolled user's
	// that have no session under way (gate.go).
	HandshakeTimeout time.Duration
	// StallTimeout (default 20s): a terminal session whose client has not
	// taken its output, or whose program has not taken a message, for this
	// long is disconnected, so it holds no memory or goroutines for ever.
	StallTimeout time.Duration
	// ConnectionsPerSecond and ConnectionBurst limit new connections per
	// source, before authentication, and new sessions per source IP after
	// it (defaults 5 and 60: a room of people behind one NAT joining at
	// once, then a steady trickle). A negative rate is no limit.
	ConnectionsPerSecond float64
	ConnectionBurst      int
	// MaxUnauthenticated and MaxUnauthenticatedPerSource cap connections
	// not yet known to be an enrolled user's (see gate.go), in all and
	// per source address (an IPv4 address or an IPv6 /64); a connection
	// over either is closed at once. Defaults 512 (each costs some 30 KiB
	// until HandshakeTimeout) and 16 (a handshake takes milliseconds, so
	// even a room joining through one NAT rarely has more than a few in
	// flight). Negative: no cap.
	MaxUnauthenticated          int
	MaxUnauthenticatedPerSource int
	// MaxSessionsPerUser caps one user's concurrent sessions, terminal and
	// command alike (default 10: a desk, a laptop in the meeting, a phone,
	// and scripts). In demo mode, where visitors share personas, it counts
	// per key. Negative: no cap.
	MaxSessionsPerUser int
	// UnknownKeyDelay and UnknownKeyMaxDelay slow unknown keys per source:
	// the first is answered at once, the next after UnknownKeyDelay,
	// doubling to at most UnknownKeyMaxDelay (defaults 250ms and 4s).
	UnknownKeyDelay    time.Duration
	UnknownKeyMaxDelay time.Duration
	// IdleTimeout (default 30m: a meeting can sit on one screen a long
	// time) ends a terminal session that long after its last key press,
	// however much the screen changes, and closes a connection that long
	// without a session.
	IdleTimeout time.Duration
	MaxTimeout  time.Duration // default 12h
	// KeepaliveInterval (default 15s) is how often an authenticated
	// connection is sent keepalive@openssh.com; after KeepaliveCountMax
	// (default 3) unanswered in a row it is closed. Negative: none.
	KeepaliveInterval time.Duration
	KeepaliveCountMax int
}

// Server is one SSH listener and the sessions on it.
type Server struct {
	cfg      Config
	srv      *ssh.Server
	log      *slog.Logger
	gate     *gate
	sessions *registry
	stop     context.CancelFunc // ends the re-checking of sessions

	// joins counts wrong invite codes per address (join.go).
	joinOnce sync.Once
	joins    *addrGuard
}

// New builds the server; it makes the host key on first use and keeps it.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("sshd: no store")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&cfg.HandshakeTimeout, 10*time.Second)
	def(&cfg.StallTimeout, 20*time.Second)
	if cfg.ConnectionsPerSecond == 0 {
		cfg.ConnectionsPerSecond = 5
	}
	if cfg.ConnectionBurst == 0 {
		cfg.ConnectionBurst = 60
	}
	def(&cfg.IdleTimeout, 30*time.Minute)
	def(&cfg.MaxTimeout, 12*time.Hour)
	defInt := func(n *int, v int) {
		if *n == 0 {
			*n = v
		}
	}
	defInt(&cfg.MaxUnauthenticated, 512)
	defInt(&cfg.MaxUnauthenticatedPerSource, 16)
	defInt(&cfg.MaxSessionsPerUser, 10)
	def(&cfg.UnknownKeyDelay, 250*time.Millisecond)
	def(&cfg.UnknownKeyMaxDelay, 4*time.Second)
	def(&cfg.KeepaliveInterval, 15*time.Second)
	defInt(&cfg.KeepaliveCountMax, 3)

	s := &Server{cfg: cfg, log: cfg.Logger, gate: newGate(cfg, cfg.Logger), sessions: newRegistry()}
	// The LRU of per-IP limiters bounds memory under a scan.
	sessionRate := rate.Limit(cfg.ConnectionsPerSecond)
	if cfg.ConnectionsPerSecond < 0 {
		sessionRate = rate.Inf
	}
	limiter := ratelimiter.NewRateLimiter(sessionRate, cfg.ConnectionBurst, 4096)
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(cfg.HostKeyPath),
		// Any key may finish authentication so an unknown one can be told, in
		// words, how to get in; identify() decides who it is from the key the
		// session really authenticated with. No password or keyboard-interactive
		// handler is set, so those methods are refused.
		wish.WithPublicKeyAuth(func(ssh.Context, ssh.PublicKey) bool { return true }),
		// Limits before authentication: see gate.go.
		ssh.WrapConn(s.accept),
		// Socket-level idleness, a backstop only: keepalives and live
		// updates keep an authenticated socket busy, so the rule that
		// matters is the last key press (teaMiddleware) and sessions on the
		// connection (tend). A minute longer, so those speak first.
		wish.WithIdleTimeout(cfg.IdleTimeout+time.Minute),
		wish.WithMaxTimeout(cfg.MaxTimeout),
		wish.WithMiddleware(
			// Listed innermost first: wish wraps each around the ones before it.
			s.teaMiddleware,
			s.commandMiddleware,
			s.identityMiddleware,
			s.connMiddleware,
			ratelimiter.Middleware(limiter),
			recover.MiddlewareWithLogger(slogPrintf{s.log}),
		),
	)
	if err != nil {
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	srv.HandshakeTimeout = cfg.HandshakeTimeout
	s.srv = srv
	ctx, stop := context.WithCancel(context.Background())
	s.stop = stop
	go s.follow(ctx)
	return s, nil
}

// Serve accepts connections on l until Shutdown.
func (s *Server) Serve(l net.Listener) error {
	err := s.srv.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting, then waits for sessions to end until ctx is done,
// then closes what is left.
func (s *Server) Shutdown(ctx context.Context) error {
	defer s.stop()
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return s.srv.Close()
	}
	return err
}

// HostKeyFingerprint reads the host key so the operator can tell users what to expect.
func HostKeyFingerprint(path string) (string, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	signer, err := gossh.ParsePrivateKey(pem)
	if err != nil {
		return "", fmt.Errorf("host key %s: %w", path, err)
	}
	return gossh.FingerprintSHA256(signer.PublicKey()), nil
}

// slogPrintf lets the recover middleware log through slog.
type slogPrintf struct{ l *slog.Logger }

func (p slogPrintf) Printf(format string, v ...any) { p.l.Error(fmt.Sprintf(format, v...)) }
