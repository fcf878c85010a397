// Package uitest drives a screen of a package of its own without the
// router: a session to give it, and a harness that runs its commands to
// completion, feeding their answers back, as the program would.
package uitest

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// Session is a ui.Session for tests: a user on their first ward, a fixed
// clock, dark styles and the shared keys.
type Session struct {
	U     model.User
	W     model.Ward
	Clock time.Time
	seq   int
	st    ui.Styles
	keys  ui.Keys
}

var _ ui.Session = (*Session)(nil)

// NewSession is u's session at now.
func NewSession(u model.User, now time.Time) *Session {
	s := &Session{U: u, Clock: now, st: ui.NewStyles(true), keys: ui.NewKeys()}
	if len(u.Wards) > 0 {
		s.W = model.Ward{Code: u.Wards[0], Name: u.Wards[0]}
	}
	return s
}

func (s *Session) User() model.User   { return s.U }
func (s *Session) HasUser() bool      { return s.U.Name != "" }
func (s *Session) Actor() model.Actor { return model.Actor{User: s.U, Fingerprint: "SHA256:uitest"} }
func (s *Session) Ward() model.Ward   { return s.W }
func (s *Session) Now() time.Time     { return s.Clock }
func (s *Session) Today() time.Time   { return model.DateOnly(s.Clock) }
func (s *Session) Styles() *ui.Styles { return &s.st }
func (s *Session) Keys() *ui.Keys     { return &s.keys }
func (s *Session) NextSeq() int       { s.seq++; return s.seq }

// Settle runs cmd and every command its messages lead to, handing each
// message to update, until nothing is left; it says whether one of them
// asked to quit.
func Settle(t testing.TB, cmd tea.Cmd, update func(tea.Msg) tea.Cmd) (quit bool) {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 1000 {
			t.Fatal("commands did not settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.QuitMsg:
			quit = true
		default:
			queue = append(queue, update(msg))
		}
	}
	return quit
}

// Harness holds one screen, sized, as the router would.
type Harness struct {
	t testing.TB
	S ui.Screen
	// Out are the messages the screen sent the router (ui.Back, ui.Open,
	// ui.Err), in order.
	Out []tea.Msg
}

// New sizes s to w×h and runs its Init and, if it has one, its Show.
func New(t testing.TB, s ui.Screen, w, h int) *Harness {
	t.Helper()
	hs := &Harness{t: t, S: s}
	s.SetSize(w, h)
	hs.Run(s.Init())
	if sh, ok := s.(ui.Shower); ok {
		hs.Run(sh.Show())
	}
	return hs
}

// Run settles cmd, keeping what is meant for the router.
func (hs *Harness) Run(cmd tea.Cmd) {
	hs.t.Helper()
	Settle(hs.t, cmd, func(msg tea.Msg) tea.Cmd {
		switch msg.(type) {
		case ui.Back, ui.Open, ui.Err:
			hs.Out = append(hs.Out, msg)
			return nil
		}
		return hs.S.Update(msg)
	})
}

// Send hands the screen one message and settles what follows.
func (hs *Harness) Send(msg tea.Msg) {
	hs.t.Helper()
	hs.Run(hs.S.Update(msg))
}

// Keys sends key presses: names like "enter", "ctrl+s", "shift+tab", or
// any other string typed one rune at a time.
func (hs *Harness) Keys(names ...string) {
	hs.t.Helper()
	for _, k := range Presses(names...) {
		hs.Send(k)
	}
}

// Presses are the key presses names stand for: a name like "enter",
// "ctrl+s" or "shift+tab" one key, any other string typed a rune at a time.
func Presses(names ...string) []tea.KeyPressMsg {
	var out []tea.KeyPressMsg
	for _, n := range names {
		if k, ok := NamedKey(n); ok {
			out = append(out, k)
			continue
		}
		for _, r := range n {
			out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
	return out
}

// NamedKey is the key press a name like "enter" or "ctrl+s" stands for.
func NamedKey(n string) (tea.KeyPressMsg, bool) {
	codes := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "backspace": tea.KeyBackspace,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"space": tea.KeySpace, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
	}
	if c, ok := codes[n]; ok {
		return tea.KeyPressMsg{Code: c}, true
	}
	if n == "shift+tab" {
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}, true
	}
	if r, ok := strings.CutPrefix(n, "ctrl+"); ok && len(r) == 1 {
		return tea.KeyPressMsg{Code: rune(r[0]), Mod: tea.ModCtrl}, true
	}
	return tea.KeyPressMsg{}, false
}

// Frame checks a frame drawn at w×h as a user would see it: exactly h
// lines, none wider than w, with each of want in its text and none of not.
func Frame(t testing.TB, view string, w, h int, want, not []string) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("%d lines, want %d", len(lines), h)
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > w {
			t.Errorf("a line wider than %d: %q", w, ansi.Strip(l))
		}
	}
	text := ansi.Strip(view)
	for _, s := range want {
		if !strings.Contains(text, s) {
			t.Errorf("the frame lacks %q:\n%s", s, text)
		}
	}
	for _, s := range not {
		if strings.Contains(text, s) {
			t.Errorf("the frame has %q:\n%s", s, text)
		}
	}
}
