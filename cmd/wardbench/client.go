package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/tui/termtest"
)

// dialTimeout bounds each step of a connection: TCP connect and the SSH
// handshake, then the frame (given per call).
const dialTimeout = 10 * time.Second

// newKey makes an ed25519 key, as a client of either server uses.
func newKey() (ed25519.PrivateKey, gossh.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	s, err := gossh.NewSignerFromKey(priv)
	return priv, s, err
}

// term is one interactive SSH session as a person's terminal sees it: its
// output goes to an emulated screen until the caller stops the screen, from
// then on only the arrival of each write is noted (so a thousand of them do
// not spend the CPU the servers are measured on emulating terminals).
type term struct {
	client *gossh.Client
	in     *lockedWriter

	bytes atomic.Int64 // everything the server sent, counted on the client

	mu        sync.Mutex
	scr       *termtest.Screen // nil once stopped
	lastWrite time.Time
	arrivals  chan time.Time // after stopScreen: when each write came
	watch     func(string) bool
	watchC    chan time.Time

	// marking (set by expectMark): only the write that completes mark is
	// an arrival, once; tail is the end of the writes before it, for a
	// mark split between two.
	marking bool
	mark    []byte
	tail    []byte
}

// lockedWriter is the session's stdin, shared by the screen's answers to
// terminal queries and the keys the benchmark types.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (t *term) Write(p []byte) (int, error) {
	now := time.Now()
	t.bytes.Add(int64(len(p)))
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lastWrite = now
	if t.scr == nil {
		if t.arrivals != nil && (!t.marking || t.sawMark(p)) {
			select {
			case t.arrivals <- now:
			default: // drained between changes; never hold the client up
			}
		}
		return len(p), nil
	}
	_, _ = t.scr.Write(p)
	if t.watch != nil && t.watch(t.scr.Text()) {
		t.watchC <- now
		t.watch = nil
	}
	return len(p), nil
}

// expectMark makes the next write that carries mark (and no other write)
// an arrival, on a stopped screen: a screen that redraws by itself, as a
// live meeting's timer does every second, writes between changes, and
// only the write with the changed text is the change's.
func (t *term) expectMark(mark []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.marking, t.mark, t.tail = true, mark, t.tail[:0]
}

// sawMark reports whether p, after what came before it, completes the
// mark being waited for; once it has, nothing more is an arrival until
// the next expectMark. Called with t.mu held.
func (t *term) sawMark(p []byte) bool {
	if len(t.mark) == 0 {
		return false
	}
	buf := append(t.tail, p...)
	if bytes.Contains(buf, t.mark) {
		t.mark, t.tail = nil, buf[:0]
		return true
	}
	t.tail = append(buf[:0], buf[max(0, len(buf)-len(t.mark)+1):]...)
	return false
}

// expect returns a channel that receives the arrival time of the write
// after which the screen first satisfies done (at once if it does now).
func (t *term) expect(done func(screen string) bool) <-chan time.Time { return t.watchFor(done, true) }

// nextWrite returns a channel that receives the arrival time of the next
// write: on an idle screen, the redraw that follows a key. (The screen's
// text alone may not change: moving a highlight changes only attributes.)
func (t *term) nextWrite() <-chan time.Time {
	return t.watchFor(func(string) bool { return true }, false)
}

func (t *term) watchFor(done func(screen string) bool, now bool) <-chan time.Time {
	c := make(chan time.Time, 1)
	t.mu.Lock()
	defer t.mu.Unlock()
	if now && t.scr != nil && done(t.scr.Text()) {
		c <- time.Now()
		return c
	}
	t.watch, t.watchC = done, c
	return c
}

// text is what the screen shows ("" once stopped).
func (t *term) text() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.scr == nil {
		return ""
	}
	return t.scr.Text()
}

// stopScreen stops emulating: from now on writes are only timestamped into
// arrivals (nil: only counted).
func (t *term) stopScreen(arrivals chan time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.scr != nil {
		_ = t.scr.Close()
		t.scr = nil
	}
	t.watch = nil
	t.arrivals = arrivals
}

// key types s as the user would.
func (t *term) key(s string) error {
	_, err := t.in.Write([]byte(s))
	return err
}

// waitQuiet waits until nothing has arrived for quiet, at most within.
func (t *term) waitQuiet(quiet, within time.Duration) {
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		t.mu.Lock()
		since := time.Since(t.lastWrite)
		t.mu.Unlock()
		if since >= quiet {
			return
		}
		time.Sleep(quiet - since)
	}
}

func (t *term) close() {
	_ = t.client.Close()
	t.stopScreen(nil)
}

// await waits for a channel from expect, failing after within with what
// the screen shows.
func (t *term) await(c <-chan time.Time, within time.Duration, what string) (time.Time, error) {
	select {
	case at := <-c:
		return at, nil
	case <-time.After(within):
		return time.Time{}, fmt.Errorf("%s did not appear within %v; the screen shows:\n%s", what, within, t.text())
	}
}

// connectSpec says how to open one session.
type connectSpec struct {
	addr      string
	user      string // the SSH user name ("": bench)
	signer    gossh.Signer
	w, h      int
	answering bool              // the screen answers terminal queries, as a real terminal does
	frame     func(string) bool // the first complete frame is on the screen
	within    time.Duration     // for the frame
	// then, if set, runs once the first frame is up, with the screen still
	// emulated (P2's meeting half opens the live meeting); the session
	// fails if it does.
	then func(t *term) error
}

// connect dials, authenticates, asks for a PTY and a shell, and waits for
// the first complete frame. It returns the session and the time from the
// start of the TCP connect to the arrival of the write that completed the
// frame.
func connect(spec connectSpec) (*term, time.Duration, error) {
	start := time.Now()
	conn, err := net.DialTimeout("tcp", spec.addr, dialTimeout)
	if err != nil {
		return nil, 0, err
	}
	_ = conn.SetDeadline(time.Now().Add(dialTimeout))
	user := spec.user
	if user == "" {
		user = "bench"
	}
	cc, chans, reqs, err := gossh.NewClientConn(conn, spec.addr, &gossh.ClientConfig{
		User:            user,
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(spec.signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
	})
	if err != nil {
		conn.Close()
		return nil, 0, fmt.Errorf("handshake: %w", err)
	}
	_ = conn.SetDeadline(time.Time{})
	client := gossh.NewClient(cc, chans, reqs)
	t, frame, err := openShell(client, spec)
	if err != nil {
		client.Close()
		return nil, 0, err
	}
	at, err := t.await(frame, spec.within, "the first frame")
	if err == nil && spec.then != nil {
		err = spec.then(t)
	}
	if err != nil {
		t.close()
		return nil, 0, err
	}
	return t, at.Sub(start), nil
}

// openShell starts the session's shell with the frame watched from the
// start, so the first frame cannot slip by unseen.
func openShell(client *gossh.Client, spec connectSpec) (*term, <-chan time.Time, error) {
	sess, err := client.NewSession()
	if err != nil {
		return nil, nil, err
	}
	stdin, err := sess.StdinPipe()
	if err != nil {
		return nil, nil, err
	}
	t := &term{client: client, in: &lockedWriter{w: stdin}}
	if spec.answering {
		t.scr = termtest.NewAnsweringScreen(spec.w, spec.h, t.in)
	} else {
		t.scr = termtest.NewScreen(spec.w, spec.h)
	}
	frame := make(chan time.Time, 1)
	t.watch, t.watchC = spec.frame, frame
	sess.Stdout, sess.Stderr = t, t
	if err := sess.RequestPty("xterm-256color", spec.h, spec.w, gossh.TerminalModes{}); err != nil {
		t.stopScreen(nil)
		return nil, nil, err
	}
	if err := sess.Shell(); err != nil {
		t.stopScreen(nil)
		return nil, nil, err
	}
	return t, frame, nil
}

// contains is a frame test: every part is on the screen.
func contains(parts ...string) func(string) bool {
	return func(s string) bool {
		for _, p := range parts {
			if !strings.Contains(s, p) {
				return false
			}
		}
		return true
	}
}

// connectMany opens n sessions, parallel at a time, and hands each to keep
// once its first frame is up.
func connectMany(n, parallel int, spec func(i int) connectSpec, keep func(i int, t *term)) error {
	var (
		wg    sync.WaitGroup
		next  atomic.Int64
		errMu sync.Mutex
		errs  []error
	)
	for range min(parallel, n) {
		wg.Add(1)
		go labelled("clients", func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				t, _, err := connect(spec(i))
				if err != nil {
					errMu.Lock()
					errs = append(errs, fmt.Errorf("session %d: %w", i, err))
					errMu.Unlock()
					continue
				}
				keep(i, t)
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return fmt.Errorf("%d of %d sessions failed; first: %w", len(errs), n, errs[0])
	}
	return nil
}
