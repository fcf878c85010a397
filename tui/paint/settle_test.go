package paint

import (
	"io"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// loads is a model whose view lists what it has been told, one line each.
// "change" starts two loads that answer once the test lets them; "quit"
// answers with Bubble Tea's quit, "seq" with a sequence of two lines.
type loads struct {
	lines   []string
	release map[string]chan struct{}
}

func (m loads) Init() tea.Cmd { return nil }

func (m loads) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	s, ok := msg.(string)
	if !ok {
		return m, nil
	}
	m.lines = append(m.lines, s)
	load := func(name string) tea.Cmd {
		return func() tea.Msg { <-m.release[name]; return "loaded " + name }
	}
	switch s {
	case "change":
		return m, tea.Batch(load("a"), load("b"))
	case "one load":
		return m, load("a")
	case "quit":
		return m, func() tea.Msg { return tea.Quit() }
	case "seq":
		return m, tea.Sequence(func() tea.Msg { return "first" }, func() tea.Msg { return "second" })
	}
	return m, nil
}

func (m loads) View() tea.View { return tea.NewView(strings.Join(m.lines, "\n")) }

// program runs a loads model under a painter with a settler, on a client
// of 40×8; it returns what the test needs to drive it.
func program(t *testing.T) (*tea.Program, *Settler, *client, map[string]chan struct{}, <-chan error) {
	t.Helper()
	c := newClient(40, 8)
	p := New(c, 40, 8, colorprofile.Ascii)
	go func() { _ = p.Run() }()
	c.waitFor(t, enter)
	release := map[string]chan struct{}{"a": make(chan struct{}), "b": make(chan struct{})}
	s := NewSettler()
	prog := tea.NewProgram(Model{Model: loads{release: release}, Painter: p, Settle: s},
		tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutRenderer(), tea.WithoutSignalHandler(), tea.WithWindowSize(40, 8))
	ran := make(chan error, 1)
	go func() { _, err := prog.Run(); ran <- err }()
	t.Cleanup(func() {
		for _, ch := range release {
			select {
			case <-ch:
			default:
				close(ch)
			}
		}
		prog.Kill()
		p.Close()
	})
	return prog, s, c, release, ran
}

func settledNow(s *Settler) bool {
	select {
	case <-s.Settled():
		return true
	default:
		return false
	}
}

// A change settles only once every load it started has answered and the
// frame after the last answer is made: with one of two loads answered (and
// on the screen), it has not.
func TestAChangeSettlesOnceEveryLoadItStartedIsAnsweredAndDrawn(t *testing.T) {
	prog, s, c, release, _ := program(t)
	prog.Send(s.Follow("change"))
	c.waitFor(t, "change")
	close(release["a"])
	c.waitFor(t, "loaded a")
	if settledNow(s) {
		t.Fatal("settled with one of its two loads still out")
	}
	close(release["b"])
	<-s.Settled()
	c.waitFor(t, "loaded b")
	if got := c.emu.String(); !strings.Contains(got, "change\nloaded a\nloaded b") {
		t.Errorf("screen after the change settled:\n%s", got)
	}
}

// A message that starts nothing settles as soon as its frame is made,
// and the frame reaches the screen.
func TestAChangeThatLoadsNothingSettlesAtOnce(t *testing.T) {
	prog, s, c, _, _ := program(t)
	prog.Send(s.Follow("nothing to load"))
	<-s.Settled()
	c.waitFor(t, "nothing to load")
}

// Following a newer change forgets the older: the newer settles on its
// own, and the older one's late answer still reaches the screen without
// signalling again.
func TestANewerChangeSettlesWithoutWaitingForTheOlder(t *testing.T) {
	prog, s, c, release, _ := program(t)
	prog.Send(s.Follow("one load"))
	c.waitFor(t, "one load")
	prog.Send(s.Follow("newer"))
	<-s.Settled()
	close(release["a"])
	c.waitFor(t, "loaded a")
	if settledNow(s) {
		t.Error("the older change's answer signalled a settle")
	}
}

// Bubble Tea's own answers still reach Bubble Tea: a quit ends the
// program, and a sequence's messages arrive in order.
func TestTheRuntimesOwnAnswersPassThrough(t *testing.T) {
	t.Run("sequence", func(t *testing.T) {
		prog, s, c, _, _ := program(t)
		prog.Send(s.Follow("seq"))
		c.waitFor(t, "second")
		if got := c.emu.String(); !strings.Contains(got, "seq\nfirst\nsecond") {
			t.Errorf("the sequence's lines, in order:\n%s", got)
		}
	})
	t.Run("quit", func(t *testing.T) {
		prog, s, _, _, ran := program(t)
		prog.Send(s.Follow("quit"))
		if err := <-ran; err != nil {
			t.Errorf("the program ended with %v", err)
		}
	})
	t.Run("quit, not followed", func(t *testing.T) {
		prog, _, _, _, ran := program(t)
		prog.Send("quit")
		if err := <-ran; err != nil {
			t.Errorf("the program ended with %v", err)
		}
	})
}
