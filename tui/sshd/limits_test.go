package sshd

import (
	"bufio"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
)

// Limits before authentication (gate.go). The flood comes from another
// loopback address, 127.0.0.2 (Linux routes all of 127/8 to lo), so that
// the enrolled user on 127.0.0.1 stands for everyone else on the network.

const floodAddr = "127.0.0.2"

// dialFrom connects to addr from the loopback address local.
func dialFrom(t testing.TB, local, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}, Timeout: 5 * time.Second}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Skipf("cannot connect from %s here: %v", local, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// greeted reads the server's first line. The server speaks first, so a
// connection the gate let through is greeted at once with the SSH banner;
// one it refused is closed without a byte.
func greeted(t testing.TB, c net.Conn) bool {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(3 * time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	_ = c.SetReadDeadline(time.Time{})
	switch {
	case strings.HasPrefix(line, "SSH-2.0-"):
		return true
	case line == "" && (errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || isReset(err)):
		return false
	}
	t.Fatalf("neither a banner nor a close: %q, %v", line, err)
	return false
}

func isReset(err error) bool {
	return err != nil && strings.Contains(err.Error(), "connection reset")
}

func TestAnUnauthenticatedFloodFromOneSourceIsCutOff(t *testing.T) {
	// The defaults (16 unauthenticated connections per source, a burst of
	// 60), and a handshake timeout that outlasts the test, so none of the
	// held connections leaves early by it.
	f := startServer(t, false, func(c *Config) { c.HandshakeTimeout = time.Minute })
	const n = 200
	greetedN, cut := 0, 0
	var conns []net.Conn
	start := time.Now()
	for range n {
		c := dialFrom(t, floodAddr, f.addr)
		if greeted(t, c) {
			greetedN++ // and held open, silent
			conns = append(conns, c)
		} else {
			cut++
		}
	}
	held := stillOpen(conns, 300*time.Millisecond)
	t.Logf("%d connections from %s in %v: %d greeted, %d closed at once; %d still held",
		n, floodAddr, time.Since(start).Round(time.Millisecond), greetedN, cut, held)
	if held != 16 {
		t.Errorf("%d connections held from one source, want the cap of 16", held)
	}
	if cut == 0 {
		t.Error("a flood over the connection rate was never refused")
	}
	userGetsIn(t, f)
}

// stillOpen counts the connections the server has not closed: each is
// read until wait passes (open) or the server closes it.
func stillOpen(conns []net.Conn, wait time.Duration) int {
	var open atomic.Int64
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, closed := closedWithin(readOnly{c}, wait); !closed {
				open.Add(1)
			}
		}()
	}
	wg.Wait()
	return int(open.Load())
}

func TestPreAuthenticationLimits(t *testing.T) {
	// Over a cap, the oldest unauthenticated connection is closed to make
	// room; over the rate, a source with connections in flight is refused.
	tests := []struct {
		name    string
		tune    func(*Config)
		allowed int
		evicts  bool // the next evicts the oldest; else it is refused
	}{
		{"per source", func(c *Config) { c.MaxUnauthenticatedPerSource, c.MaxUnauthenticated = 3, -1 }, 3, true},
		{"in all", func(c *Config) { c.MaxUnauthenticatedPerSource, c.MaxUnauthenticated = -1, 3 }, 3, true},
		{"rate per source", func(c *Config) {
			c.MaxUnauthenticatedPerSource, c.ConnectionsPerSecond, c.ConnectionBurst = -1, 0.01, 3
		}, 3, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := startServer(t, false, tt.tune)
			var held []net.Conn
			for range tt.allowed {
				c := dialFrom(t, floodAddr, f.addr)
				if !greeted(t, c) {
					t.Fatalf("connection %d of %d was refused", len(held)+1, tt.allowed)
				}
				held = append(held, c)
			}
			start := time.Now()
			next := dialFrom(t, floodAddr, f.addr)
			switch in := greeted(t, next); {
			case tt.evicts && !in:
				t.Fatal("a connection over the cap was refused, not let in in place of the oldest")
			case tt.evicts:
				if _, closed := closedWithin(readOnly{held[0]}, time.Second); !closed {
					t.Fatal("the oldest connection was not closed to make room")
				}
				if n := stillOpen(append(held[1:], next), 200*time.Millisecond); n != tt.allowed {
					t.Fatalf("%d connections held, want %d", n, tt.allowed)
				}
			case in:
				t.Fatal("one more connection than the rate was let in")
			}
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("the connection over the limit took %v to settle, want at once", took)
			}
			if _, _, code := sshRun(t, f.addr, f.police, "whoami"); code != 0 {
				t.Errorf("the enrolled user was refused: exit %d", code)
			}
		})
	}
}

// awaitWhoami runs whoami as the police officer until the gate lets the
// connection in: the server uncounts closed connections as it notices
// them, and nothing outside it signals that.
func awaitWhoami(t *testing.T, f *fixture) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := dial(t, f.addr, gossh.PublicKeys(f.police))
		if err == nil {
			out, err := sshOutput(c, "whoami")
			c.Close()
			if err != nil || !strings.Contains(out, "Dana Police") {
				t.Fatalf("whoami: %q, %v", out, err)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the gate did not let the enrolled user in once the others had gone: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func sshOutput(c *gossh.Client, cmd string) (string, error) {
	sess, err := c.NewSession()
	if err != nil {
		return "", err
	}
	defer sess.Close()
	out, err := sess.Output(cmd)
	return string(out), err
}

func TestClosedConnectionsAreUncounted(t *testing.T) {
	// Two at a time from one source, many times over: every way a
	// connection ends must give its place back.
	f := startServer(t, false, func(c *Config) {
		c.MaxUnauthenticatedPerSource, c.ConnectionBurst, c.HandshakeTimeout = 2, 1000, 300*time.Millisecond
		c.UnknownKeyDelay, c.UnknownKeyMaxDelay = time.Millisecond, 10*time.Millisecond
	})
	for i := range 30 {
		switch i % 3 {
		case 0: // an enrolled user, who authenticates and leaves
			if _, _, code := sshRun(t, f.addr, f.police, "whoami"); code != 0 {
				t.Fatalf("round %d: whoami exit %d", i, code)
			}
		case 1: // an unknown key, refused
			refusal(t, f.addr, nil, "anyone", newSigner(t))
		case 2: // garbage, dropped as a protocol error
			c := dialFrom(t, "127.0.0.1", f.addr)
			_, _ = c.Write([]byte(strings.Repeat("A", 4096)))
			_, _ = io.Copy(io.Discard, c)
		}
	}
	// A straggler ends by the timeout; its place comes back too.
	_ = dialFrom(t, "127.0.0.1", f.addr)
	if _, ok := closedWithin(dialFrom(t, "127.0.0.1", f.addr), 3*time.Second); !ok {
		t.Fatal("a silent connection outlived the handshake timeout")
	}
	awaitWhoami(t, f)
}

func TestAConnectionWithoutASessionCannotBeHeld(t *testing.T) {
	// An unknown key cannot authenticate at all (auth.go); an enrolled one
	// leaves the unauthenticated count at once, but is on the handshake
	// clock until it opens a session.
	const timeout = 500 * time.Millisecond
	f := startServer(t, false, func(c *Config) { c.HandshakeTimeout = timeout })
	c, err := dial(t, f.addr, gossh.PublicKeys(f.police))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	start := time.Now()
	closed := make(chan struct{})
	go func() { _ = c.Wait(); close(closed) }()
	select {
	case <-closed:
		t.Logf("closed %v after authenticating", time.Since(start).Round(time.Millisecond))
	case <-time.After(timeout + 5*time.Second):
		t.Fatal("a connection with no session stayed open")
	}
}

func TestUnknownKeysAreSlowedAndAudited(t *testing.T) {
	const delay, maxDelay = 100 * time.Millisecond, 400 * time.Millisecond
	f := startServer(t, false, func(c *Config) { c.UnknownKeyDelay, c.UnknownKeyMaxDelay = delay, maxDelay })
	stranger := gossh.FingerprintSHA256(f.stranger.PublicKey())
	// Each attempt waits at least its own back-off: none, then doubling to the cap.
	wants := []time.Duration{0, delay, 2 * delay, maxDelay, maxDelay}
	for i, want := range wants {
		start := time.Now()
		said := refusal(t, f.addr, nil, "anyone", f.stranger)
		took := time.Since(start)
		if said != model.ErrNotEnrolled.Error() {
			t.Fatalf("attempt %d: told %q", i+1, said)
		}
		if took < want {
			t.Errorf("attempt %d answered after %v, want at least %v", i+1, took, want)
		}
		t.Logf("attempt %d answered after %v", i+1, took.Round(time.Millisecond))
	}
	trail, err := f.st.Audit(model.User{Role: model.RoleAdmin, Wards: []string{testWard}}, 50)
	if err != nil {
		t.Fatal(err)
	}
	denied := 0
	for _, e := range trail {
		if e.Action == "denied.connect" && e.Actor.Fingerprint == stranger && e.Target == "ip/127.0.0.1" {
			denied++
		}
	}
	if denied != len(wants) {
		t.Errorf("%d denied.connect entries for the stranger's key, want %d", denied, len(wants))
	}
	// The enrolled are not slowed by the stranger.
	start := time.Now()
	if _, _, code := sshRun(t, f.addr, f.police, "whoami"); code != 0 {
		t.Fatalf("whoami exit %d", code)
	}
	if took := time.Since(start); took > maxDelay*5 {
		t.Errorf("an enrolled key took %v", took)
	}
}

func TestUnknownKeysAtOnceFromOneSourceAreQueuedThenDropped(t *testing.T) {
	const delay, maxDelay = 300 * time.Millisecond, 500 * time.Millisecond
	f := startServer(t, false, func(c *Config) { c.UnknownKeyDelay, c.UnknownKeyMaxDelay = delay, maxDelay })
	const n = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	answered, dropped := 0, 0
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got := refusal(t, f.addr, dialFrom(t, floodAddr, f.addr), "anyone", newSigner(t))
			mu.Lock()
			defer mu.Unlock()
			if strings.Contains(got, "not enrolled") {
				answered++
			} else {
				dropped++
			}
		}()
	}
	wg.Wait()
	t.Logf("%d unknown keys at once from one source: %d answered, %d dropped without a word", n, answered, dropped)
	// The first at once, the second after 300ms; a third would wait past
	// 500ms, unless it came late.
	if answered < 1 || dropped < 1 || answered > n/2 {
		t.Errorf("%d answered, %d dropped", answered, dropped)
	}
	userGetsIn(t, f)
}
