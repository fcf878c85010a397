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
	"charm.land/wish/v2/recover"
	gossh "golang.org/x/crypto/ssh"
)

// Config is what the server needs; zero durations take the defaults below.
type Config struct {
	Store       Store
	HostKeyPath string
	// Demo lets an unknown key pick one of Personas (by name) and be enrolled as it.
	Demo     bool
	Personas []string
	// Inbox shows each terminal session the user's inbox before the board
	// when it has something in it (tui.Options.Inbox).
	Inbox  bool
	Logger *slog.Logger
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
	// source, before authentication, and new sessions per source for
	// those not yet enrolled (defaults 5 and 60: a room of people behind
	// one NAT joining at once, then a steady trickle). Over the rate, a
	// source may still have a couple of connections in their handshake
	// (gate.go). A negative rate is no limit.
	ConnectionsPerSecond float64
	ConnectionBurst      int
	// SessionsPerMinute and SessionBurst limit new sessions per enrolled
	// user, terminal and command alike, wherever they come from (defaults
	// 120 and 120: an officer's batch script of a hundred commands runs
	// at full speed, then two a second). In demo mode they count per key.
	// A negative rate is no limit.
	SessionsPerMinute float64
	SessionBurst      int
	// JoinTimeout (default 2m) is how long a join@ newcomer has to type
	// their invite code.
	JoinTimeout time.Duration
	// ShutdownGrace (default 3s) is how long Shutdown lets sessions, told
	// the server is stopping, end by themselves before it closes every
	// connection.
	ShutdownGrace time.Duration
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

	// budgets limit new sessions per user and, for those not enrolled, per source (ratelimit.go).
	budgets *sessionBudgets

	// refresh lets sessions refresh after a change a few at a time (refresh.go).
	refresh refreshTurns
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
	if cfg.SessionsPerMinute == 0 {
		cfg.SessionsPerMinute = 120
	}
	defInt(&cfg.SessionBurst, 120)
	def(&cfg.JoinTimeout, 2*time.Minute)
	def(&cfg.ShutdownGrace, 3*time.Second)

	s := &Server{cfg: cfg, log: cfg.Logger, gate: newGate(cfg, cfg.Logger), sessions: newRegistry(),
		budgets: newSessionBudgets(cfg)}
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(cfg.HostKeyPath),
		// Only keys that may come in finish authentication (auth.go);
		// identityMiddleware decides who the session is from the key it
		// really authenticated with. Keyboard-interactive only tells a
		// client without such a key how to get in, and fails; passwords
		// are refused.
		wish.WithPublicKeyAuth(s.publicKeyAuth),
		wish.WithKeyboardInteractiveAuth(s.keyboardInteractive),
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
			recover.MiddlewareWithLogger(slogPrintf{s.log}),
		),
	)
	if err != nil {
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	srv.HandshakeTimeout = cfg.HandshakeTimeout
	srv.ServerConfigCallback = func(ctx ssh.Context) *gossh.ServerConfig {
		return &gossh.ServerConfig{Config: hardenedAlgorithms, AuthLogCallback: s.authLog(ctx)}
	}
	// Session channels only, behind the limits of channels.go; the
	// library refuses other channel types and global requests.
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
	s.srv = srv
	ctx, stop := context.WithCancel(context.Background())
	s.stop = stop
	go s.follow(ctx)
	return s, nil
}

// hardenedAlgorithms are what a hardened OpenSSH server offers (issue
// 14): hybrid post-quantum and curve25519 key exchange (strict key
// exchange, the Terrapin fix, is always on), AEAD and counter-mode
// ciphers, and encrypt-then-MAC MACs only. The host key is ed25519
// (wish.WithHostKeyPath makes one).
var hardenedAlgorithms = gossh.Config{
	KeyExchanges: []string{gossh.KeyExchangeMLKEM768X25519, gossh.KeyExchangeCurve25519, "curve25519-sha256@libssh.org"},
	Ciphers: []string{gossh.CipherChaCha20Poly1305, gossh.CipherAES256GCM, gossh.CipherAES128GCM,
		gossh.CipherAES256CTR, gossh.CipherAES192CTR, gossh.CipherAES128CTR},
	MACs: []string{gossh.HMACSHA256ETM, gossh.HMACSHA512ETM},
}

// Serve accepts connections on l until Shutdown.
func (s *Server) Serve(l net.Listener) error {
	err := s.srv.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting, asks every terminal session to end (each is
// told the server is stopping), waits for the connections to go until
// ShutdownGrace has passed or ctx is done, then closes what is left: an
// idle client, or a multiplexing one that keeps its connection open, does
// not hold the server, or its data folder, any longer than that.
func (s *Server) Shutdown(ctx context.Context) error {
	defer s.stop()
	grace, cancel := context.WithTimeout(ctx, s.cfg.ShutdownGrace)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.srv.Shutdown(grace) }()
	s.sessions.quitAll("the server is stopping: connect again in a moment")
	err := <-done
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
