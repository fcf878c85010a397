package sshd

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
	"wardpanel/tui/sshd/sshtest"
	"wardpanel/tui/termtest"
)

// touch raises an urgent problem, which every open board shows at its top.
func (f *fixture) touch(t testing.TB, title string) {
	t.Helper()
	dana, err := f.st.UserByName("Dana Police")
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.st.CreateProblem(model.Actor{User: dana, Fingerprint: "test"},
		model.Problem{Ward: testWard, Title: title, Priority: model.PriorityHigh})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAStalledClientDelaysNobodyAndIsDisconnected(t *testing.T) {
	const stall = 500 * time.Millisecond
	f := startServer(t, false, func(c *Config) { c.StallTimeout = stall })
	f.addProblems(t, 150) // a full board, so every redraw of a big terminal is big

	// The stalled client takes no output at all, on a large terminal so
	// each redraw is big, and keeps resizing to make the server redraw.
	slow, err := dial(t, f.addr, gossh.PublicKeys(f.police))
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	slowSess, err := slow.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	slowOut, err := slowSess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := slowSess.RequestPty("xterm-256color", 200, 400, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := slowSess.Shell(); err != nil {
		t.Fatal(err)
	}
	// It reads until its board is up, as a laptop would before its Wi-Fi
	// drops, then never reads again. (Resizing before the session has
	// started would also race inside charm.land/ssh: Session.Pty reads the
	// window while a window-change request writes it.)
	first := termtest.NewScreen(400, 200)
	defer first.Close()
	buf := make([]byte, 4096)
	for !strings.Contains(first.Text(), "Dana Police") {
		n, err := slowOut.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = first.Write(buf[:n])
	}
	start := time.Now()
	gone := make(chan struct{})
	go func() { _ = slow.Wait(); close(gone) }()
	go func() {
		// Until the server gives up on it; bounded in case it never does.
		for i := 0; time.Since(start) < 70*time.Second; i++ {
			if slowSess.WindowChange(200, 400-i%2) != nil {
				return
			}
			select {
			case <-gone:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()

	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)

	healthy := make([]*terminal, 10)
	for i := range healthy {
		healthy[i] = openTerminal(t, f.addr, f.housing, 80, 24)
		healthy[i].screen.WaitFor(t, "Priya Housing")
	}
	for round := 0; round < 5; round++ {
		marks := make([]int, len(healthy))
		for i, h := range healthy {
			marks[i] = h.screen.Mark()
		}
		f.touch(t, fmt.Sprintf("Fly-tipping round %d", round))
		for _, h := range healthy {
			h.screen.WaitForMore(t, marks[h.index(healthy)], 5*time.Second)
		}
	}
	select {
	case <-gone:
	case <-time.After(stall + 60*time.Second): // filling a 2 MB client window takes ~3 s, ~25 s under -race
		t.Fatal("the stalled client was never disconnected")
	}
	t.Logf("stalled client disconnected after %v", time.Since(start))

	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grew := int64(after.HeapInuse) - int64(before.HeapInuse); grew > 64<<20 {
		t.Errorf("heap grew by %d MiB while a client stalled", grew>>20)
	}
}

// addProblems fills the ward's board with n more problems.
func (f *fixture) addProblems(t testing.TB, n int) {
	t.Helper()
	dana, err := f.st.UserByName("Dana Police")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		_, err := f.st.CreateProblem(model.Actor{User: dana, Fingerprint: "test"}, model.Problem{Ward: testWard,
			Title: fmt.Sprintf("Problem %d with a long enough title to fill a wide terminal row", i), Location: "Somewhere on a long street name"})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// terminal is one interactive client session.
type terminal struct {
	client *gossh.Client
	sess   *gossh.Session
	screen *termtest.Screen
	in     io.WriteCloser
}

func (h *terminal) close() {
	h.client.Close()
	h.screen.Close()
}

func (h *terminal) index(all []*terminal) int {
	for i, o := range all {
		if o == h {
			return i
		}
	}
	return -1
}

func openTerminal(t testing.TB, addr string, signer gossh.Signer, w, h int) *terminal {
	t.Helper()
	term, err := dialTerminal(addr, signer, w, h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(term.close)
	return term
}

// startShell asks for a w×h PTY and a shell on sess, and returns its input.
func startShell(sess *gossh.Session, w, h int) (io.WriteCloser, error) {
	in, err := sess.StdinPipe()
	if err == nil {
		err = sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{})
	}
	if err == nil {
		err = sess.Shell()
	}
	return in, err
}

// dialTerminal opens an interactive session of w×h; it may run on any goroutine.
func dialTerminal(addr string, signer gossh.Signer, w, h int) (*terminal, error) {
	c, err := gossh.Dial("tcp", addr, sshtest.Config("anyone", signer))
	if err != nil {
		return nil, err
	}
	sess, err := c.NewSession()
	if err != nil {
		c.Close()
		return nil, err
	}
	scr := termtest.NewScreen(w, h)
	sess.Stdout, sess.Stderr = scr, scr
	in, err := startShell(sess, w, h)
	if err != nil {
		c.Close()
		scr.Close()
		return nil, err
	}
	return &terminal{client: c, sess: sess, screen: scr, in: in}, nil
}

func openFDs(t testing.TB) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd here")
	}
	return len(entries)
}

func TestSessionsLeaveNoGoroutinesOrFilesBehind(t *testing.T) {
	f := startServer(t, false, func(c *Config) {
		// A hundred sessions of one user connecting at once from one address.
		c.ConnectionBurst, c.MaxSessionsPerUser, c.MaxUnauthenticatedPerSource = 1000, -1, -1
		// On a busy machine a hundred handshakes at once can take longer
		// than the tests' 5 s; this test is about what sessions leave
		// behind, not how long they may take to arrive.
		c.HandshakeTimeout = time.Minute
	})
	settle := func() (int, int) { runtime.GC(); return runtime.NumGoroutine(), openFDs(t) }
	// os/signal starts its one reading goroutine on the first Notify of the
	// process and keeps it: start it before the count, so that a session
	// being the first to ask for signals is not counted as a leak.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGWINCH)
	signal.Stop(sigs)
	baseG, baseFD := settle()

	const n = 100
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			term, err := dialTerminal(f.addr, f.housing, 80, 24)
			if err == nil {
				err = term.screen.Await("Priya Housing", 20*time.Second)
			}
			if err != nil {
				errs <- err
				return
			}
			for j := 0; j < 20; j++ {
				if err := term.sess.WindowChange(24+j%5, 80+j%7); err != nil {
					errs <- err
					return
				}
			}
			_, _ = term.in.Write([]byte("q"))
			for j := 0; j < 20; j++ { // a storm of resizes at and after quit
				if term.sess.WindowChange(30, 100+j) != nil {
					break
				}
			}
			_ = term.sess.Wait()
			term.close()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("session: %v", err)
	}

	deadline := time.Now().Add(15 * time.Second)
	for {
		g, fd := settle()
		if g <= baseG && fd <= baseFD {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			stacks := string(buf[:runtime.Stack(buf, true)])
			t.Fatalf("after %d sessions: %d goroutines (baseline %d), %d fds (baseline %d)\n%s",
				n, g, baseG, fd, baseFD, firstLines(stacks, 80))
		}
		time.Sleep(50 * time.Millisecond) // polling: there is no signal for "all goroutines ended"
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}
