package sshd

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"wardpanel/model"
	"wardpanel/tui"
	"wardpanel/tui/paint"
)

// still is a session's model that shows nothing and loads nothing: its
// refresh settles as soon as the change is handled.
type still struct{}

func (still) Init() tea.Cmd                       { return nil }
func (still) Update(tea.Msg) (tea.Model, tea.Cmd) { return still{}, nil }
func (still) View() tea.View                      { return tea.NewView("") }

// settledTurns is a store and a server whose sessions hand their turn on
// only once their refresh has settled, and a context for the sessions
// that ends with the test.
func settledTurns(t *testing.T) (*fixture, *Server, context.Context) {
	f := startServer(t, false)
	s := &Server{cfg: Config{Store: f.st}}
	s.refresh.within = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return f, s, ctx
}

// After a lone change (no write in flight), refreshWide sessions refresh
// at once: the next is handed the change only once one of them has
// settled, and every session gets the latest revision.
func TestSessionsRefreshAFewAtATime(t *testing.T) {
	f, s, ctx := settledTurns(t)

	k := max(refreshWide, runtime.GOMAXPROCS(0))
	type session struct {
		settle *paint.Settler
		got    chan tea.Msg
	}
	sessions := make([]session, k+1)
	for i := range sessions {
		sessions[i] = session{paint.NewSettler(), make(chan tea.Msg, 4)}
		ses := sessions[i]
		go s.followStore(ctx, f.st.Subscribe(), ses.settle, func(m tea.Msg) { ses.got <- m })
	}
	var dana model.User
	for id := model.ID(1); dana.Name != "Dana Police"; id++ {
		u, err := f.st.User(id)
		if err != nil {
			t.Fatal(err)
		}
		dana = u
	}
	p := f.panelP
	p.Title = "Fly-tipping on Mill Lane and Hale Street"
	if _, err := f.st.UpdateProblem(model.Actor{User: dana, Fingerprint: "test"}, p); err != nil {
		t.Fatal(err)
	}

	// k sessions get the change; the last waits for a turn.
	handed := map[int]tea.Msg{}
	for len(handed) < k {
		for i, ses := range sessions {
			select {
			case m := <-ses.got:
				handed[i] = m
			default:
			}
		}
		runtime.Gosched()
	}
	waiting := -1
	for i := range sessions {
		if _, ok := handed[i]; !ok {
			waiting = i
		}
	}
	select {
	case <-sessions[waiting].got:
		t.Fatalf("a session beyond the first %d was handed the change before any settled", k)
	default:
	}

	// One settles (its program handles the change and draws the frame after).
	for i, m := range handed {
		model := tea.Model(paint.Model{Model: still{}, Painter: paint.New(io.Discard, 20, 2, colorprofile.Ascii), Settle: sessions[i].settle})
		model, _ = model.Update(m)
		model.View()
		break
	}
	m := <-sessions[waiting].got
	model := tea.Model(paint.Model{Model: changeSeen{}, Painter: paint.New(io.Discard, 20, 2, colorprofile.Ascii), Settle: sessions[waiting].settle})
	model, _ = model.Update(m)
	if got := model.(paint.Model).Model.(changeSeen).rev; got == 0 || got != f.st.Revision() {
		t.Errorf("the waiting session was handed revision %d, want the store's latest, %d", got, f.st.Revision())
	}
}

// changeSeen remembers, and draws, the revision of the change it was handed.
type changeSeen struct{ rev uint64 }

func (changeSeen) Init() tea.Cmd { return nil }
func (c changeSeen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(tui.StoreChangedMsg); ok {
		c.rev = m.Revision
	}
	return c, nil
}
func (c changeSeen) View() tea.View { return tea.NewView(fmt.Sprintf("revision %d", c.rev)) }

// A session with its turn waits for writes under way, but never for long:
// quiet writes cost it nothing, writes that never end hold it at most
// refreshYieldWithin, and a session that ends stops waiting.
func TestRefreshYieldsToWritesInFlight(t *testing.T) {
	closed := make(chan struct{})
	close(closed)
	for _, tc := range []struct {
		name      string
		quiet     func() <-chan struct{}
		cancelled bool
		want      bool
		atLeast   time.Duration
	}{
		{"no write under way", func() <-chan struct{} { return closed }, false, true, 0},
		{"a write that finishes", func() <-chan struct{} {
			c := make(chan struct{})
			go close(c)
			return c
		}, false, true, 0},
		{"writes that never stop", func() <-chan struct{} { return make(chan struct{}) }, false, true, refreshYieldWithin},
		{"the session ends", func() <-chan struct{} { return make(chan struct{}) }, true, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.cancelled {
				cancel()
			}
			timer := time.NewTimer(0)
			start := time.Now()
			if got := yieldToWrites(ctx, tc.quiet(), timer); got != tc.want {
				t.Errorf("yieldToWrites = %v, want %v", got, tc.want)
			}
			if took := time.Since(start); took < tc.atLeast {
				t.Errorf("refreshed after %v, while a write was under way: want at least %v", took, tc.atLeast)
			}
		})
	}
}

// writes stands for the store's writes in flight: quiet is what
// Subscription.WritesQuiet would return.
type writes struct {
	mu sync.Mutex
	c  chan struct{} // closed: none in flight
}

func quietWrites() *writes {
	w := &writes{c: make(chan struct{})}
	close(w.c)
	return w
}

func (w *writes) quiet() <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.c
}

func (w *writes) start() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.c = make(chan struct{})
}

func (w *writes) end() {
	w.mu.Lock()
	defer w.mu.Unlock()
	close(w.c)
}

// waiters is how many sessions wait for a turn.
func (r *refreshTurns) waiters() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.waiting)
}

// untilWaiting returns once n sessions wait for a turn.
func untilWaiting(t *testing.T, r *refreshTurns, n int) {
	t.Helper()
	for r.waiters() != n {
		runtime.Gosched()
	}
}

// Turns are wide while no write is in flight and no burst of changes is
// under way, and narrow while one is: a write or a burst that starts stops
// new turns until those out are back below one per processor, and when it
// ends those waiting go, up to the wide width.
func TestRefreshTurnsNarrowWhileAWriteIsInFlight(t *testing.T) {
	const wide, narrow = 4, 2
	for _, tc := range []struct {
		name string
		// take: a turn had at once; wait: a session left waiting for
		// one (each must get it by the end); give: a turn given back;
		// write, done: a write starts, ends; change: a session hears of a
		// change; later: refreshBurstGap passes.
		steps []string
		free  bool // a turn free at once at the end
		held  int  // turns out at the end
	}{
		{"no write in flight: wide", []string{"take", "take", "take"}, true, 3},
		{"no write in flight: up to the width", []string{"take", "take", "take", "take"}, false, 4},
		{"a write in flight: narrow", []string{"write", "take", "take"}, false, 2},
		{"a write that starts holds new turns back", []string{"take", "take", "take", "write", "give"}, false, 2},
		{"until those out are fewer than narrow", []string{"take", "take", "take", "write", "give", "give"}, true, 1},
		{"the write's end lets those waiting go", []string{"write", "take", "take", "wait", "wait", "done"}, false, 4},
		{"a turn given back in a write goes to one waiting", []string{"write", "take", "take", "wait", "give"}, false, 2},
		{"a lone change: wide", []string{"change", "take", "take", "take"}, true, 3},
		{"changes apart: wide", []string{"change", "later", "change", "take", "take", "take"}, true, 3},
		{"a burst of changes: narrow", []string{"change", "change", "take", "take"}, false, 2},
		{"a burst's end lets those waiting go", []string{"change", "change", "take", "take", "wait", "wait", "later"}, false, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := quietWrites()
			var clock atomic.Int64
			r := &refreshTurns{wide: wide, narrow: narrow, now: func() time.Time { return time.Unix(0, clock.Load()) }}
			var rev uint64
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			ended, now := context.WithCancel(context.Background())
			now() // asks for a turn only if one is free at once
			got := make(chan bool, len(tc.steps))
			waited := 0
			for _, step := range tc.steps {
				switch step {
				case "take":
					if !r.take(ended, w.quiet) {
						t.Fatalf("after %v: no turn free at once", tc.steps)
					}
				case "wait":
					n := r.waiters()
					waited++
					go func() { got <- r.take(ctx, w.quiet) }()
					untilWaiting(t, r, n+1)
				case "give":
					r.give(w.quiet)
				case "write":
					w.start()
				case "done":
					w.end()
				case "change":
					rev++
					r.heard(rev)
				case "later":
					clock.Add(int64(refreshBurstGap))
				}
			}
			for range waited {
				if !<-got {
					t.Fatal("a session waiting for a turn got none")
				}
			}
			r.mu.Lock()
			held := r.held
			r.mu.Unlock()
			if held != tc.held {
				t.Errorf("%d turns out, want %d", held, tc.held)
			}
			if free := r.take(ended, w.quiet); free != tc.free {
				t.Errorf("a turn free at once: %v, want %v", free, tc.free)
			}
		})
	}
}

// A session waiting for its turn stops waiting when the session ends, and
// the turn it waited for goes to the next, not to the session gone.
func TestWaitingForATurnEndsWithTheSession(t *testing.T) {
	f := startServer(t, false)
	s := &Server{cfg: Config{Store: f.st}}
	s.refresh.wide, s.refresh.narrow = 1, 1
	sub := f.st.Subscribe()
	if !s.refresh.take(context.Background(), sub.WritesQuiet) {
		t.Fatal("no turn free")
	}
	ctx, cancel := context.WithCancel(context.Background())
	gone := make(chan struct{})
	go func() {
		defer close(gone)
		s.followStore(ctx, f.st.Subscribe(), paint.NewSettler(), func(tea.Msg) { t.Error("a session without a turn was handed the change") })
	}()
	f.touch(t, "Burst water main on Hale Street")
	untilWaiting(t, &s.refresh, 1)
	cancel()
	<-gone
	if n := s.refresh.waiters(); n != 0 {
		t.Errorf("%d sessions still wait for a turn after the session ended", n)
	}
	s.refresh.give(sub.WritesQuiet)
	ended, now := context.WithCancel(context.Background())
	now()
	if !s.refresh.take(ended, sub.WritesQuiet) {
		t.Error("the turn given back went to the session that ended")
	}
}

// frames is a terminal that keeps what each write painted.
type frames chan string

func (f frames) Write(b []byte) (int, error) { f <- string(b); return len(b), nil }

// With wide turns a change that comes while sessions hold their turns
// still reaches every screen: each one's last frame shows the store's
// latest revision, not the one its turn began with.
func TestWideTurnsPaintTheLatestChange(t *testing.T) {
	f, s, ctx := settledTurns(t)

	const n = 3 // fewer than the wide turns: all hold one at once
	type session struct {
		model  tea.Model
		got    chan tea.Msg
		screen frames
	}
	sessions := make([]*session, n)
	for i := range sessions {
		settle, screen := paint.NewSettler(), make(frames, 64)
		painter := paint.New(screen, 20, 2, colorprofile.Ascii)
		go func() { _ = painter.Run() }()
		t.Cleanup(painter.Close)
		ses := &session{tea.Model(paint.Model{Model: changeSeen{}, Painter: painter, Settle: settle}), make(chan tea.Msg, 4), screen}
		sessions[i] = ses
		go s.followStore(ctx, f.st.Subscribe(), settle, func(m tea.Msg) { ses.got <- m })
	}
	handle := func(ses *session) {
		ses.model, _ = ses.model.Update(<-ses.got)
		ses.model.View()
	}

	f.touch(t, "Burst water main on Hale Street")
	// Every session holds a turn with the first change; the second
	// commits before any of them has drawn it.
	for _, ses := range sessions {
		m := <-ses.got
		ses.got <- m
	}
	f.touch(t, "Streetlight out on Mill Lane")
	latest := f.st.Revision()
	for _, ses := range sessions {
		handle(ses) // the first change, drawn: the turn is given back
		handle(ses) // the second
		want := fmt.Sprintf("revision %d", latest)
		for shown := ""; !strings.Contains(shown, want); {
			shown = <-ses.screen
		}
	}
}
