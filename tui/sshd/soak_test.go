package sshd

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
)

// The soak keeps many sessions busy as people in a long meeting are: each
// moves through the board and opens and closes problems a few times a
// second, and raises an action through the TUI every ten seconds. It
// measures keypress-to-echo latency, and checks that nothing fails,
// memory levels off and every goroutine and file goes at the end.
//
// The default is short, for CI; the full run is
//
//	go test ./tui/sshd -run '^TestSoak$' -v -timeout 20m -soak.sessions=50 -soak.duration=10m
var (
	soakSessions = flag.Int("soak.sessions", 10, "concurrent sessions in TestSoak")
	soakDuration = flag.Duration("soak.duration", 10*time.Second, "how long TestSoak runs")
)

const (
	soakKeyEvery    = 333 * time.Millisecond // a few keys a second
	soakActionEvery = 10 * time.Second
	soakWait        = 10 * time.Second // for a screen to show what a key should bring
)

func TestSoak(t *testing.T) {
	n, dur := *soakSessions, *soakDuration
	full := dur >= time.Minute
	f := startServer(t, false, func(c *Config) {
		// n sessions of two users connecting at once from one address.
		c.ConnectionBurst, c.MaxSessionsPerUser, c.MaxUnauthenticatedPerSource = 10*n, -1, -1
	})
	f.addProblems(t, 30)
	// One session first: it starts what lives as long as the process.
	warm := openTerminal(t, f.addr, f.housing, 80, 24)
	warm.screen.WaitFor(t, "● live")
	warm.press(t, "q")
	_ = warm.sess.Wait()
	warm.close()
	baseG, baseFD := settledFDs(t)
	actionsBefore := countActions(t, f)

	var samples sampler
	stopSampling := samples.start(max(dur/40, 250*time.Millisecond))

	start := time.Now()
	end := start.Add(dur)
	var wg sync.WaitGroup
	results := make([]*soakSession, n)
	for i := range n {
		s := &soakSession{i: i, f: f, rng: rand.New(rand.NewPCG(uint64(i), 1))}
		results[i] = s
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.run(start, end, n)
		}()
	}
	wg.Wait()
	stopSampling()

	var lat []time.Duration
	var errs []error
	raised := 0
	for _, s := range results {
		lat = append(lat, s.latencies...)
		errs = append(errs, s.errs...)
		raised += s.raised
	}
	for i, err := range errs {
		if i == 10 {
			t.Errorf("… and %d more errors", len(errs)-10)
			break
		}
		t.Errorf("session error: %v", err)
	}
	if got := countActions(t, f) - actionsBefore; got != raised {
		t.Errorf("%d actions raised on screen, %d in the store", raised, got)
	}
	slices.Sort(lat)
	if len(lat) == 0 {
		t.Fatal("no keypress was measured")
	}
	p50, p99 := percentile(lat, 50), percentile(lat, 99)
	t.Logf("%d sessions for %v: %d keys measured, %d actions raised; keypress-to-echo p50 %v, p99 %v, max %v",
		n, dur, len(lat), raised, p50, p99, lat[len(lat)-1])
	limit := time.Second // short runs share the machine with the rest of the suite, often under -race
	if full {
		limit = 100 * time.Millisecond
	}
	if p99 > limit {
		t.Errorf("p99 keypress-to-echo %v, want under %v", p99, limit)
	}

	early, late := samples.quarters()
	t.Logf("RSS after warm-up: first quarter up to %d MiB, last quarter up to %d MiB (heap %d → %d MiB, goroutines %d → %d)",
		early.rss>>20, late.rss>>20, early.heap>>20, late.heap>>20, early.goroutines, late.goroutines)
	// Short runs report only: ten seconds is mostly warm-up.
	if full && late.rss > early.rss+early.rss/10+8<<20 {
		t.Errorf("RSS grew from %d MiB to %d MiB after warm-up", early.rss>>20, late.rss>>20)
	}

	// Everything a session held goes with it.
	deadline := time.Now().Add(20 * time.Second)
	for {
		g, fd := settledFDs(t)
		if g <= baseG && fd <= baseFD {
			t.Logf("after: %d goroutines (baseline %d), %d fds (baseline %d)", g, baseG, fd, baseFD)
			break
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("after the soak: %d goroutines (baseline %d), %d fds (baseline %d)\n%s",
				g, baseG, fd, baseFD, firstLines(string(buf[:runtime.Stack(buf, true)]), 80))
		}
		time.Sleep(50 * time.Millisecond) // polling: nothing signals "all goroutines ended"
	}
}

func settledFDs(t *testing.T) (int, int) {
	runtime.GC()
	return runtime.NumGoroutine(), openFDs(t)
}

func countActions(t *testing.T, f *fixture) int {
	t.Helper()
	all, err := f.st.Actions(model.User{Role: model.RoleChair, Agency: "police", Wards: []string{testWard}}, testWard)
	if err != nil {
		t.Fatal(err)
	}
	return len(all)
}

func percentile(sorted []time.Duration, p int) time.Duration {
	return sorted[min(len(sorted)-1, len(sorted)*p/100)]
}

// soakSession is one person at the meeting.
type soakSession struct {
	i         int
	f         *fixture
	rng       *rand.Rand
	term      *soakTerminal
	latencies []time.Duration
	errs      []error
	raised    int
}

func (s *soakSession) fail(err error) {
	s.errs = append(s.errs, fmt.Errorf("session %d: %w", s.i, err))
}

func (s *soakSession) run(start, end time.Time, n int) {
	signer := s.f.housing
	if s.i%2 == 1 {
		signer = s.f.police
	}
	term, err := dialSoakTerminal(s.f.addr, signer, 80, 24)
	if err != nil {
		s.fail(err)
		return
	}
	s.term = term
	defer func() {
		// Quit as a person does, then make sure the connection goes.
		if _, err := term.in.Write([]byte("q")); err == nil {
			done := make(chan struct{})
			go func() { _ = term.sess.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(soakWait):
				s.fail(errors.New("the session did not end after q"))
			}
		}
		term.close()
	}()
	if err := term.await("● live"); err != nil {
		s.fail(err)
		return
	}
	// Each session works its own part of the board: rows r and r+1.
	for range s.i % 20 {
		if _, err := s.press("j", ""); err != nil {
			s.fail(err)
			return
		}
	}
	// Actions are staggered so that one is raised somewhere every
	// soakActionEvery/n.
	nextAction := start.Add(soakActionEvery * time.Duration(s.i+1) / time.Duration(n))
	steps := []struct{ key, want string }{
		{"j", ""}, {"k", ""}, {"j", ""}, {"\r", "raise action"}, {"\x7f", "sort priority"}, {"k", ""},
	}
	step := 0
	for {
		next := time.Now().Add(soakKeyEvery/2 + time.Duration(s.rng.Int64N(int64(soakKeyEvery))))
		if next.After(end) {
			return
		}
		time.Sleep(time.Until(next))
		// An action is raised between rounds, with the cursor on row r.
		if !time.Now().Before(nextAction) && step%len(steps) == 0 {
			nextAction = nextAction.Add(soakActionEvery)
			if err := s.raiseAction(); err != nil {
				s.fail(err)
				return
			}
			continue
		}
		st := steps[step%len(steps)]
		step++
		d, err := s.press(st.key, st.want)
		if err != nil {
			s.fail(err)
			return
		}
		s.latencies = append(s.latencies, d)
	}
}

// raiseAction opens the problem under the cursor and raises an action on
// it, typing its title, then goes back to the board.
func (s *soakSession) raiseAction() error {
	title := fmt.Sprintf("soak %d-%d", s.i, s.raised+1)
	for _, st := range []struct{ key, want string }{
		{"\r", "raise action"}, {"a", "New action on P"},
	} {
		d, err := s.press(st.key, st.want)
		if err != nil {
			return err
		}
		s.latencies = append(s.latencies, d)
	}
	for i := range title {
		d, err := s.press(title[i:i+1], "")
		if err != nil {
			return err
		}
		s.latencies = append(s.latencies, d)
	}
	if err := s.term.await(title); err != nil {
		return err
	}
	if _, err := s.press("\x13", "Raised action A"); err != nil { // ctrl+s
		return err
	}
	s.raised++
	_, err := s.press("\x7f", "sort priority")
	return err
}

// press types key once the screen has been quiet a moment, and returns
// the time until the first output after it; if want is set, it then waits
// for want to be on the screen.
func (s *soakSession) press(key, want string) (time.Duration, error) {
	t := s.term
	t.awaitQuiet(20*time.Millisecond, time.Second)
	mark := t.bytes.Load()
	sent := time.Now()
	if _, err := t.in.Write([]byte(key)); err != nil {
		return 0, fmt.Errorf("typing %q: %w", key, err)
	}
	d, err := t.awaitOutput(mark, sent, soakWait)
	if err != nil {
		return 0, fmt.Errorf("after %q: %w", key, err)
	}
	if want != "" {
		if err := t.await(want); err != nil {
			return 0, fmt.Errorf("after %q: %w", key, err)
		}
	}
	return d, nil
}

// soakTerminal is a client terminal that keeps no copy of what it was
// sent (termtest.Screen keeps it all, which over a long soak would be the
// test's own memory growing), and notes when output arrives.
type soakTerminal struct {
	client *gossh.Client
	sess   *gossh.Session
	in     io.WriteCloser
	// mu guards emu: SafeEmulator's String takes no lock of its own.
	mu  sync.Mutex
	emu *vt.SafeEmulator

	bytes   atomic.Int64
	lastOut atomic.Int64 // UnixNano of the latest output
	arrived chan time.Time
}

func dialSoakTerminal(addr string, signer gossh.Signer, w, h int) (*soakTerminal, error) {
	c, err := gossh.Dial("tcp", addr, clientConfig(signer))
	if err != nil {
		return nil, err
	}
	sess, err := c.NewSession()
	if err != nil {
		c.Close()
		return nil, err
	}
	t := &soakTerminal{client: c, sess: sess, emu: vt.NewSafeEmulator(w, h), arrived: make(chan time.Time, 1)}
	// The emulator's answers to terminal queries go nowhere, as some real
	// clients' do, but must be read or its writes would block.
	go func() { _, _ = io.Copy(io.Discard, t.emu) }()
	sess.Stdout, sess.Stderr = t, t
	t.in, err = sess.StdinPipe()
	if err == nil {
		err = sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{})
	}
	if err == nil {
		err = sess.Shell()
	}
	if err != nil {
		t.close()
		return nil, err
	}
	return t, nil
}

func (t *soakTerminal) Write(p []byte) (int, error) {
	now := time.Now()
	t.mu.Lock()
	_, _ = t.emu.Write(p)
	t.mu.Unlock()
	t.bytes.Add(int64(len(p)))
	t.lastOut.Store(now.UnixNano())
	// Drop an older arrival for this one: readers want the latest news.
	select {
	case <-t.arrived:
	default:
	}
	t.arrived <- now
	return len(p), nil
}

func (t *soakTerminal) close() {
	t.client.Close()
	if c, ok := t.emu.InputPipe().(io.Closer); ok {
		_ = c.Close()
	}
}

// awaitQuiet waits until nothing has arrived for quiet, or until limit.
func (t *soakTerminal) awaitQuiet(quiet, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		since := time.Since(time.Unix(0, t.lastOut.Load()))
		if since >= quiet {
			return
		}
		time.Sleep(quiet - since)
	}
}

// awaitOutput waits for output beyond mark, and says how long after sent
// its first bytes came.
func (t *soakTerminal) awaitOutput(mark int64, sent time.Time, within time.Duration) (time.Duration, error) {
	timeout := time.After(within)
	for {
		select {
		case at := <-t.arrived:
			if t.bytes.Load() > mark {
				return max(0, at.Sub(sent)), nil
			}
		case <-timeout:
			return 0, fmt.Errorf("no output within %v", within)
		}
	}
}

// await waits for want to be on the screen.
func (t *soakTerminal) await(want string) error {
	deadline := time.Now().Add(soakWait)
	for !strings.Contains(t.text(), want) {
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out waiting for %q; the screen shows:\n%s", want, t.text())
		}
		time.Sleep(5 * time.Millisecond) // polling: one arrival may not be the one that shows want
	}
	return nil
}

func (t *soakTerminal) text() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.emu.String()
}

// sampler records the process's memory and goroutines through the soak.
type sampler struct {
	mu      sync.Mutex
	samples []sample
}

type sample struct {
	rss, heap  uint64
	goroutines int
}

func (s *sampler) start(every time.Duration) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				s.mu.Lock()
				s.samples = append(s.samples, sample{rss: vmRSS(), heap: m.HeapInuse, goroutines: runtime.NumGoroutine()})
				s.mu.Unlock()
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// quarters leaves out the first quarter of the run as warm-up and gives
// the highest of each figure in the second quarter and in the last.
func (s *sampler) quarters() (early, late sample) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := len(s.samples) / 4
	peak := func(part []sample) sample {
		var p sample
		for _, x := range part {
			p.rss, p.heap, p.goroutines = max(p.rss, x.rss), max(p.heap, x.heap), max(p.goroutines, x.goroutines)
		}
		return p
	}
	if q == 0 {
		return peak(s.samples), peak(s.samples)
	}
	return peak(s.samples[q : 2*q]), peak(s.samples[len(s.samples)-q:])
}

// vmRSS is the process's resident set, from /proc (0 where there is none).
func vmRSS() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
