package paint

import (
	"reflect"
	"sync"

	tea "charm.land/bubbletea/v2"
)

// A Settler tells when a program has finished with a message: the message
// handled, every command it started (and every command their answers
// started) answered and handled, and the frame after handed to the
// painter. The server
// uses it to let only a few sessions at a time refresh after a change to
// the store (issue 24): a session holds its turn until its refresh has
// settled, so a burst of changes does not put hundreds of sessions' loads
// and redraws in the scheduler's queue at once, ahead of the writers.
//
// Commands are followed by wrapping them: their answers come back marked
// and are unwrapped before the model sees them. Messages the Bubble Tea
// runtime acts on itself (quit, batches, sequences, …) are handed back to
// it unchanged; a batch's commands are followed one by one. A command that
// waits (a timer) keeps the message unsettled until it fires: the caller
// bounds its wait.
type Settler struct {
	mu      sync.Mutex
	gen     int // the message being followed; answers of an older one are not counted
	pending int // its commands not yet answered
	active  bool
	settled chan struct{} // one slot: the message being followed has settled
}

// NewSettler returns a settler with nothing followed.
func NewSettler() *Settler { return &Settler{settled: make(chan struct{}, 1)} }

// Follow wraps msg so that the program's handling of it is followed;
// Settled is signalled once it settles. Following a message forgets the
// one followed before.
func (s *Settler) Follow(msg tea.Msg) tea.Msg {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	s.pending, s.active = 0, false
	select {
	case <-s.settled:
	default:
	}
	return followed{msg: msg, gen: s.gen}
}

// Settled is signalled once the message last given to Follow has settled.
func (s *Settler) Settled() <-chan struct{} { return s.settled }

// followed is a message being followed, or the answer of one of its commands.
type followed struct {
	msg    tea.Msg
	gen    int
	answer bool
}

// begin notes the start of handling m, and says whether it is followed.
func (s *Settler) begin(m followed) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m.gen != s.gen {
		return false
	}
	if m.answer {
		s.pending--
	} else {
		s.active = true
	}
	return true
}

// track follows cmd's answer, as part of message gen.
func (s *Settler) track(gen int, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	s.mu.Lock()
	if gen != s.gen {
		s.mu.Unlock()
		return cmd
	}
	s.pending++
	s.mu.Unlock()
	return func() tea.Msg { return followed{msg: cmd(), gen: gen, answer: true} }
}

// end notes a followed message handled and its frame made: if nothing it
// started is still out, it has settled.
func (s *Settler) end(gen int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if gen != s.gen || !s.active || s.pending > 0 {
		return
	}
	s.active = false
	select {
	case s.settled <- struct{}{}:
	default:
	}
}

var teaPackage = reflect.TypeFor[tea.QuitMsg]().PkgPath()

// forRuntime says whether msg is one of Bubble Tea's own messages, which
// its event loop must see itself: a command's answer like these goes back
// to it unwrapped.
func forRuntime(msg tea.Msg) bool {
	t := reflect.TypeOf(msg)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t != nil && t.PkgPath() == teaPackage
}

// updateFollowed is Model.Update for a followed message or answer: the
// model sees the message inside, and the commands it returns are followed.
func (m Model) updateFollowed(f followed) (tea.Model, tea.Cmd) {
	s := m.Settle
	if !s.begin(f) {
		// An answer to a message no longer followed: handled as usual.
		switch {
		case f.msg == nil:
			return m, nil
		case forRuntime(f.msg):
			inner := f.msg
			return m, func() tea.Msg { return inner }
		}
		return m.update(f.msg)
	}
	m.settles = f.gen
	switch msg := f.msg.(type) {
	case nil:
		return m, nil
	case tea.BatchMsg:
		cmds := make([]tea.Cmd, 0, len(msg))
		for _, c := range msg {
			cmds = append(cmds, s.track(f.gen, c))
		}
		return m, tea.Batch(cmds...)
	}
	if f.answer && forRuntime(f.msg) {
		inner := f.msg
		return m, func() tea.Msg { return inner }
	}
	next, cmd := m.update(f.msg)
	return next, s.track(f.gen, cmd)
}
