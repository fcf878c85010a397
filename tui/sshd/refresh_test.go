package sshd

import (
	"context"
	"io"
	"runtime"
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

// After a change, as many sessions refresh at once as there are
// processors: the next is handed the change only once one of them has
// settled, and every session gets the latest revision.
func TestSessionsRefreshAFewAtATime(t *testing.T) {
	f := startServer(t, false)
	s := &Server{cfg: Config{Store: f.st}}
	s.refresh.within = time.Hour // only a settled refresh hands the turn on
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	k := runtime.GOMAXPROCS(0)
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

// changeSeen remembers the revision of the change it was handed.
type changeSeen struct{ rev uint64 }

func (changeSeen) Init() tea.Cmd { return nil }
func (c changeSeen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(tui.StoreChangedMsg); ok {
		c.rev = m.Revision
	}
	return c, nil
}
func (changeSeen) View() tea.View { return tea.NewView("") }

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
