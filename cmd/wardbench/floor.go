package main

import (
	"context"
	"strings"
	"sync"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
)

// The floor server: the same SSH stack as both other servers (wish on
// charm.land/ssh, PTY and shell), with nothing behind it. A session gets a
// precomputed frame as one write, and a change is one precomputed write to
// every session: no model, no rendering, no diffing. What wardpanel takes
// beyond this is what it could still win; what it takes up to it is the
// machine's.
type floorServer struct {
	addr   string
	srv    *ssh.Server
	served chan error
	frame  []byte

	mu       sync.Mutex
	sessions map[ssh.Session]struct{}
}

func startFloor(hostKey string) (*floorServer, error) {
	f := &floorServer{sessions: map[ssh.Session]struct{}{}, served: make(chan error, 1), frame: floorFrameBytes()}
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(hostKey),
		wish.WithPublicKeyAuth(func(ssh.Context, ssh.PublicKey) bool { return true }),
		wish.WithMiddleware(func(ssh.Handler) ssh.Handler { return f.session }),
	)
	if err != nil {
		return nil, err
	}
	f.srv = srv
	if f.addr, err = serveLoopback("floor", srv.Serve, f.served); err != nil {
		return nil, err
	}
	return f, nil
}

// floorFrameBytes is the bare server's first frame, rendered once here,
// so the client's frame test is the same as for the bare server.
func floorFrameBytes() []byte {
	v := newBareModel().View()
	return []byte("\x1b[?1049h\x1b[H\x1b[2J" + strings.ReplaceAll(v.Content, "\n", "\r\n"))
}

func (f *floorServer) session(sess ssh.Session) {
	if _, _, ok := sess.Pty(); !ok {
		return
	}
	if _, err := sess.Write(f.frame); err != nil {
		return
	}
	f.mu.Lock()
	f.sessions[sess] = struct{}{}
	f.mu.Unlock()
	<-sess.Context().Done()
	f.mu.Lock()
	delete(f.sessions, sess)
	f.mu.Unlock()
}

// broadcast writes update to every session, each on its own goroutine as
// the bare server sends its message, never under the lock.
func (f *floorServer) broadcast(update []byte) {
	f.mu.Lock()
	all := make([]ssh.Session, 0, len(f.sessions))
	for s := range f.sessions {
		all = append(all, s)
	}
	f.mu.Unlock()
	for _, s := range all {
		go func() { _, _ = s.Write(update) }()
	}
}

// floorUpdate is a precomputed update of n bytes: a cursor move and text,
// harmless to any terminal.
func floorUpdate(n, round int) []byte {
	b := []byte("\x1b[3;1H")
	c := byte('a' + round%26)
	for len(b) < max(n, 8) {
		b = append(b, c)
	}
	return b
}

func (f *floorServer) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := f.srv.Shutdown(ctx); err != nil {
		_ = f.srv.Close()
	}
	<-f.served
}

func (b *bench) floorSpec(w, h int, answering bool) connectSpec {
	s := b.bareSpec(w, h, answering)
	s.addr = b.floor.addr
	return s
}
