package sshd

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
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
	// held connections leaves early to make room.
	f := startServer(t, false, func(c *Config) { c.HandshakeTimeout = time.Minute })
	const n = 200
	held, cut := 0, 0
	start := time.Now()
	for range n {
		if greeted(t, dialFrom(t, floodAddr, f.addr)) {
			held++ // and held open, silent
		} else {
			cut++
		}
	}
	t.Logf("%d connections from %s: %d held, %d closed at once, in %v", n, floodAddr, held, cut, time.Since(start).Round(time.Millisecond))
	if held != 16 {
		t.Errorf("%d connections held from one source, want the cap of 16", held)
	}
	userGetsIn(t, f)
}

func TestPreAuthenticationLimits(t *testing.T) {
	tests := []struct {
		name    string
		tune    func(*Config)
		allowed int
	}{
		{"per source", func(c *Config) { c.MaxUnauthenticatedPerSource, c.MaxUnauthenticated = 3, -1 }, 3},
		{"in all", func(c *Config) { c.MaxUnauthenticatedPerSource, c.MaxUnauthenticated = -1, 3 }, 3},
		{"rate per source", func(c *Config) {
			c.MaxUnauthenticatedPerSource, c.ConnectionsPerSecond, c.ConnectionBurst = -1, 0.01, 3
		}, 3},
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
			if greeted(t, dialFrom(t, floodAddr, f.addr)) {
				t.Fatal("one more connection than the limit was let in")
			}
			if took := time.Since(start); took > time.Second {
				t.Errorf("the refused connection took %v to close, want at once", took)
			}
			if tt.name == "in all" {
				// The total cap holds for everyone, until the flood goes.
				if greeted(t, dialFrom(t, "127.0.0.1", f.addr)) {
					t.Fatal("a connection over the total cap was let in")
				}
				for _, c := range held {
					c.Close()
				}
				awaitWhoami(t, f)
				return
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
			sshRun(t, f.addr, newSigner(t), "whoami")
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

func TestAKeyThatAuthenticatesButIsNotEnrolledCannotHoldAConnection(t *testing.T) {
	// Any key finishes SSH authentication here; until a session shows it
	// is enrolled, the connection is on the handshake clock.
	const timeout = 500 * time.Millisecond
	f := startServer(t, false, func(c *Config) { c.HandshakeTimeout = timeout })
	c, err := dial(t, f.addr, gossh.PublicKeys(newSigner(t)))
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
		t.Fatal("a connection with an unknown key and no session stayed open")
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
		_, errOut, code := sshRun(t, f.addr, f.stranger, "whoami")
		took := time.Since(start)
		if code == 0 || strings.TrimSpace(errOut) != model.ErrNotEnrolled.Error() {
			t.Fatalf("attempt %d: exit %d, stderr %q", i+1, code, errOut)
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
			conn := dialFrom(t, floodAddr, f.addr)
			c, chans, reqs, err := gossh.NewClientConn(conn, f.addr, clientConfig(newSigner(t)))
			if err != nil {
				t.Errorf("handshake: %v", err)
				return
			}
			client := gossh.NewClient(c, chans, reqs)
			defer client.Close()
			sess, err := client.NewSession()
			got := ""
			if err == nil {
				var errOut bytes.Buffer
				sess.Stderr = &errOut
				_ = sess.Run("whoami")
				got = errOut.String()
			}
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
