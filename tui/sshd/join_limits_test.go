package sshd

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// A join@ prompt counts as unauthenticated until its code is accepted,
// and has a deadline and a byte cap (issue 14).

// joinFrom opens a join@ terminal from the loopback address local; nil
// if the server would not have it.
func joinFrom(local, addr string) *terminal {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}, Timeout: 5 * time.Second}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		return nil
	}
	cfg := clientConfig(nil)
	cfg.User = joinUser
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := gossh.NewSignerFromKey(priv)
	cfg.Auth = []gossh.AuthMethod{gossh.PublicKeys(signer)}
	cc, chans, reqs, err := gossh.NewClientConn(conn, addr, cfg)
	if err != nil {
		conn.Close()
		return nil
	}
	c := gossh.NewClient(cc, chans, reqs)
	sess, err := c.NewSession()
	if err == nil {
		// Standard input stays open, as a person's at the prompt does.
		_, err = sess.StdinPipe()
	}
	if err == nil {
		err = sess.RequestPty("xterm", 24, 80, gossh.TerminalModes{})
	}
	if err == nil {
		err = sess.Shell()
	}
	if err != nil {
		c.Close()
		return nil
	}
	return &terminal{client: c, sess: sess}
}

func TestJoinPromptsCountAsUnauthenticated(t *testing.T) {
	f := startServer(t, false, func(c *Config) { c.HandshakeTimeout = time.Minute })
	const n, sources = 200, 5
	var mu sync.Mutex
	var terms []*terminal
	var wg sync.WaitGroup
	start := time.Now()
	for s := range sources {
		local := fmt.Sprintf("127.0.0.%d", 20+s)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range n / sources {
				if term := joinFrom(local, f.addr); term != nil {
					mu.Lock()
					terms = append(terms, term)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	defer func() {
		for _, term := range terms {
			term.client.Close()
		}
	}()
	// The server's own count, per source, while they wait at the prompt.
	f.srv.gate.mu.Lock()
	perSource := map[string]int{}
	for p, so := range f.srv.gate.sources {
		perSource[p.String()] = so.pending
	}
	f.srv.gate.mu.Unlock()
	clients := make([]*gossh.Client, 0, len(terms))
	for _, term := range terms {
		clients = append(clients, term.client)
	}
	held := clientsOpen(clients, 300*time.Millisecond)
	t.Logf("%d join@ prompts from %d addresses in %v: %d opened, %d still held; unauthenticated per source %v",
		n, sources, time.Since(start).Round(time.Millisecond), len(terms), held, perSource)
	cap := f.srv.cfg.MaxUnauthenticatedPerSource
	for src, k := range perSource {
		if k > cap {
			t.Errorf("%d unauthenticated from %s, over the cap of %d", k, src, cap)
		}
	}
	if held > sources*cap {
		t.Errorf("%d join prompts held from %d addresses, want at most %d", held, sources, sources*cap)
	}
	userGetsIn(t, f)
}

// clientsOpen counts the clients whose connection the server has not
// closed within wait.
func clientsOpen(clients []*gossh.Client, wait time.Duration) int {
	closed := make(chan struct{}, len(clients))
	for _, c := range clients {
		go func() { _ = c.Wait(); closed <- struct{}{} }()
	}
	open := len(clients)
	timeout := time.After(wait)
	for open > 0 {
		select {
		case <-closed:
			open--
		case <-timeout:
			return open
		}
	}
	return 0
}

func TestAJoinPromptHasADeadlineAndAByteCap(t *testing.T) {
	const deadline = 400 * time.Millisecond
	f := startServer(t, false, func(c *Config) { c.JoinTimeout = deadline })
	t.Run("idle", func(t *testing.T) {
		term := openJoin(t, f.addr, newSigner(t))
		term.screen.WaitFor(t, prompt)
		start := time.Now()
		term.screen.WaitFor(t, "No invite code in")
		if status := term.exit(t); status != 1 {
			t.Errorf("exit %d, want 1", status)
		}
		took := time.Since(start)
		t.Logf("an idle prompt closed %v after it was shown (deadline %v)", took.Round(time.Millisecond), deadline)
		if took > deadline+2*time.Second {
			t.Errorf("closed after %v", took)
		}
	})
	t.Run("too much typed", func(t *testing.T) {
		term := openJoin(t, f.addr, newSigner(t))
		term.screen.WaitFor(t, prompt)
		// Arrow keys, which the prompt skips without a line ever ending.
		_, _ = term.in.Write([]byte(strings.Repeat("\x1b[A", maxJoinInput)))
		term.screen.WaitFor(t, "Too much typed for an invite code")
		if status := term.exit(t); status != 1 {
			t.Errorf("exit %d, want 1", status)
		}
	})
}
