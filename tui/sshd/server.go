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

	HandshakeTimeout time.Duration // default 10s: stragglers that never finish key exchange
	// StallTimeout (default 20s): a terminal session whose client has not
	// taken its output, or whose program has not taken a message, for this
	// long is disconnected, so it holds no memory or goroutines for ever.
	StallTimeout time.Duration
	// ConnectionsPerSecond and ConnectionBurst limit new sessions per source
	// IP (defaults 5 and 60: a room of people behind one NAT joining at once,
	// then a steady trickle).
	ConnectionsPerSecond float64
	ConnectionBurst      int
	IdleTimeout          time.Duration // default 30m: a meeting can sit on one screen a long time
	MaxTimeout           time.Duration // default 12h
}

// Server is one SSH listener and the sessions on it.
type Server struct {
	cfg Config
	srv *ssh.Server
	log *slog.Logger
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

	s := &Server{cfg: cfg, log: cfg.Logger}
	// The LRU of per-IP limiters bounds memory under a scan.
	limiter := ratelimiter.NewRateLimiter(rate.Limit(cfg.ConnectionsPerSecond), cfg.ConnectionBurst, 4096)
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(cfg.HostKeyPath),
		// Any key may finish authentication so an unknown one can be told, in
		// words, how to get in; identify() decides who it is from the key the
		// session really authenticated with. No password or keyboard-interactive
		// handler is set, so those methods are refused.
		wish.WithPublicKeyAuth(func(ssh.Context, ssh.PublicKey) bool { return true }),
		wish.WithIdleTimeout(cfg.IdleTimeout),
		wish.WithMaxTimeout(cfg.MaxTimeout),
		wish.WithMiddleware(
			// Listed innermost first: wish wraps each around the ones before it.
			s.teaMiddleware,
			s.commandMiddleware,
			s.identityMiddleware,
			ratelimiter.Middleware(limiter),
			recover.MiddlewareWithLogger(slogPrintf{s.log}),
		),
	)
	if err != nil {
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	srv.HandshakeTimeout = cfg.HandshakeTimeout
	s.srv = srv
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
