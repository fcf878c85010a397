package sshd

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
)

// Idle logout and keepalives: which connections the server keeps.

func TestIdleLogoutCountsKeyPressesNotScreenUpdates(t *testing.T) {
	const idle = time.Second
	f := startServer(t, false, func(c *Config) { c.IdleTimeout = idle })
	dana := userNamed(t, f, "Dana Police")
	term := openTerminal(t, f.addr, f.police, 80, 24)
	term.screen.WaitFor(t, f.panelP.Title)
	gone := make(chan struct{})
	go func() { _ = term.sess.Wait(); close(gone) }()

	// The board changes ten times a second throughout, so the socket is
	// never quiet.
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for i := 1; ; i++ {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			_, _ = f.st.CreateProblem(model.Actor{User: dana, Fingerprint: "test"},
				model.Problem{Ward: testWard, Title: fmt.Sprintf("Update %d", i), Priority: model.PriorityHigh})
		}
	}()
	defer func() { close(stop); <-stopped }()

	// Typing keeps the session, for twice the idle timeout.
	var last time.Time
	for end := time.Now().Add(2 * idle); time.Now().Before(end); {
		// Taken before the write: the server cannot have the key sooner,
		// so the timeout runs from no earlier than this.
		last = time.Now()
		if _, err := term.in.Write([]byte("j")); err != nil {
			t.Fatal(err)
		}
		select {
		case <-gone:
			t.Fatalf("logged out while typing:\n%s", term.screen.Text())
		case <-time.After(idle / 4): // the typist's pace
		}
	}
	// Then no key: the screen keeps changing, and the session ends.
	term.screen.WaitForMore(t, term.screen.Mark(), idle/2)
	select {
	case <-gone:
	case <-time.After(idle + 5*time.Second):
		t.Fatalf("still open %v after the last key press", time.Since(last))
	}
	if quiet := time.Since(last); quiet < idle {
		t.Errorf("logged out %v after the last key press, before the %v timeout", quiet, idle)
	}
	term.screen.WaitFor(t, "wardpanel: signed out after 1 second without a key press")
}

func TestAConnectionWithoutASessionIsClosedWhenIdle(t *testing.T) {
	const idle = 300 * time.Millisecond
	f := startServer(t, false, func(c *Config) { c.IdleTimeout, c.KeepaliveInterval = idle, 50*time.Millisecond })
	c, err := dial(t, f.addr, gossh.PublicKeys(f.police))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if out, err := sshOutput(c, "whoami"); err != nil {
		t.Fatalf("whoami: %q, %v", out, err)
	}
	// Keepalives are answered, so the socket is busy; no session is open.
	start := time.Now()
	closed := make(chan struct{})
	go func() { _ = c.Wait(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(idle + 5*time.Second):
		t.Fatal("a connection without a session stayed open")
	}
	if took := time.Since(start); took < idle/2 {
		t.Errorf("closed after %v, too soon for the %v idle timeout", took, idle)
	}
}

// freezer is a TCP proxy to one server that can go silent both ways while
// keeping both sockets open, as a dead NAT or a suspended laptop does: the
// server's writes are still taken (and dropped), so only an answer that
// never comes can tell it the peer is gone.
type freezer struct {
	addr     string
	frozen   atomic.Bool
	upClosed chan struct{} // the server closed its side
}

func startFreezer(t *testing.T, target string) *freezer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fz := &freezer{addr: l.Addr().String(), upClosed: make(chan struct{})}
	var conns sync.WaitGroup
	t.Cleanup(func() { l.Close(); conns.Wait() })
	conns.Add(1)
	go func() {
		defer conns.Done()
		down, err := l.Accept()
		if err != nil {
			return
		}
		defer down.Close()
		up, err := net.Dial("tcp", target)
		if err != nil {
			return
		}
		defer up.Close()
		done := make(chan struct{})
		go func() {
			fz.pump(down, up)
			close(fz.upClosed)
			down.Close()
			close(done)
		}()
		fz.pump(up, down)
		up.Close()
		<-done
	}()
	return fz
}

// pump copies src to dst until src fails, dropping what it reads while frozen.
func (fz *freezer) pump(dst io.Writer, src io.Reader) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && !fz.frozen.Load() {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func TestKeepalivesDropAPeerThatStopsAnswering(t *testing.T) {
	const every = 100 * time.Millisecond
	dropped := logSignal{msg: "closing a connection whose peer stopped answering", c: make(chan struct{}, 4)}
	f := startServer(t, false, func(c *Config) {
		c.KeepaliveInterval, c.KeepaliveCountMax = every, 3
		c.Logger = slog.New(dropped)
	})
	fz := startFreezer(t, f.addr)
	frozen := openTerminal(t, fz.addr, f.police, 80, 24)
	healthy := openTerminal(t, f.addr, f.housing, 80, 24)
	frozen.screen.WaitFor(t, f.panelP.Title)
	healthy.screen.WaitFor(t, f.panelP.Title)

	fz.frozen.Store(true)
	start := time.Now()
	select {
	case <-fz.upClosed:
	case <-time.After(5 * time.Second):
		t.Fatal("the server kept a connection whose peer went silent")
	}
	took := time.Since(start)
	t.Logf("the silent peer was dropped after %v (keepalive every %v, 3 missed)", took.Round(time.Millisecond), every)
	select {
	case <-dropped.c:
	default:
		t.Error("the connection was closed, but not for its missed keepalives")
	}
	if took < 2*every {
		t.Errorf("dropped after %v, before three keepalives could go unanswered", took)
	}

	// A peer that answers stays, through all of that and more.
	f.touch(t, "After the silent peer went")
	healthy.screen.WaitFor(t, "After the silent peer went")
	if _, _, code := sshRun(t, f.addr, f.housing, "whoami"); code != 0 {
		t.Errorf("whoami beside the live terminal: exit %d", code)
	}
}

// A connection's memory goes when it ends, not when its next keepalive
// would have been due: a room of people leaving a meeting must not leave
// their sessions behind for a keepalive interval.
func TestEndedSessionsAreLetGoAtOnce(t *testing.T) {
	f := startServer(t, false, func(c *Config) { c.KeepaliveInterval, c.KeepaliveCountMax = time.Hour, 3 })
	heap := func() uint64 {
		runtime.GC()
		runtime.GC() // a second cycle frees what the first's cleanups let go
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapInuse
	}
	// One session first, so what every session shares (the store's
	// caches, the TUI's tables) is not counted.
	first, err := dialTerminal(f.addr, f.police, 80, 24)
	if err != nil {
		t.Fatal(err)
	}
	first.screen.WaitFor(t, f.panelP.Title)
	first.close()
	idle := runtime.NumGoroutine()
	before := heap()
	const n = 30
	for range n {
		term, err := dialTerminal(f.addr, f.police, 80, 24) // not kept for the test's cleanup
		if err != nil {
			t.Fatal(err)
		}
		term.screen.WaitFor(t, f.panelP.Title)
		term.close()
	}
	// The sessions' goroutines end soon after their clients close.
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > idle && time.Now().Before(deadline) {
		runtime.Gosched()
		time.Sleep(10 * time.Millisecond)
	}
	after := heap()
	perSession := (float64(after) - float64(before)) / n
	t.Logf("heap after %d sessions came and went: %+.1f kB each", n, perSession/1e3)
	if perSession > 10e3 {
		t.Errorf("each ended session still holds %.0f kB", perSession/1e3)
	}
}
