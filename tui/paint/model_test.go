package paint

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/vt"
)

// client records what a painter writes and says when each write arrives.
type client struct {
	emu   *vt.Emulator
	all   strings.Builder
	wrote chan string
	fail  error
}

func newClient(w, h int) *client {
	return &client{emu: vt.NewEmulator(w, h), wrote: make(chan string, 16)}
}

func (c *client) Write(b []byte) (int, error) {
	if c.fail != nil {
		return 0, c.fail
	}
	c.all.Write(b)
	_, _ = c.emu.Write(b)
	c.wrote <- string(b)
	return len(b), nil
}

// waitFor reads writes until one contains want.
func (c *client) waitFor(t *testing.T, want string) string {
	t.Helper()
	for w := range c.wrote {
		if strings.Contains(w, want) {
			return w
		}
	}
	return ""
}

// shows is a model whose view is its text.
type shows struct{ text string }

func (m shows) Init() tea.Cmd { return nil }
func (m shows) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if s, ok := msg.(string); ok {
		m.text = s
	}
	return m, nil
}
func (m shows) View() tea.View { return tea.NewView(m.text) }

// run starts a painter on c and returns the wrapped model and a function
// that closes the painter and returns Run's error.
func run(t *testing.T, c *client, w, h int, profile colorprofile.Profile) (tea.Model, func() error) {
	t.Helper()
	p := New(c, w, h, profile)
	ran := make(chan error, 1)
	go func() { ran <- p.Run() }()
	c.waitFor(t, enter)
	return Model{Model: shows{}, Painter: p}, func() error { p.Close(); return <-ran }
}

// What the program shows reaches the client's screen, and a resize
// message from the program repaints it whole at the new size.
func TestTheProgramsViewReachesTheScreenAndFollowsResizes(t *testing.T) {
	c := newClient(30, 3)
	m, stop := run(t, c, 30, 3, colorprofile.TrueColor)

	m, _ = m.Update("board\nrow one")
	m.View()
	c.waitFor(t, "row one")
	if got := c.emu.String(); !strings.HasPrefix(got, "board") || !strings.Contains(got, "row one") {
		t.Fatalf("screen after the first frame:\n%s", got)
	}

	c.emu.Resize(20, 4)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 20, Height: 4})
	m, _ = m.Update("board\nrow one\nrow two\nhelp")
	m.View()
	out := c.waitFor(t, "help")
	if !strings.Contains(out, "board") {
		t.Errorf("after a resize only the changed lines were sent: %q", out)
	}
	if got := c.emu.String(); got != lines("board", "row one", "row two", "help") {
		t.Errorf("screen after the resize:\n%s", got)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// When the client's colour profile becomes known, lines already on the
// screen are painted again in colours it can show.
func TestANewColourProfileRepaintsWhatIsShown(t *testing.T) {
	c := newClient(20, 2)
	m, stop := run(t, c, 20, 2, colorprofile.TrueColor)
	m, _ = m.Update(red.Render("alert") + "\nplain")
	m.View()
	if out := c.waitFor(t, "alert"); !strings.Contains(out, "38;2;255;0;0") {
		t.Fatalf("first frame not in true colour: %q", out)
	}
	m, _ = m.Update(tea.ColorProfileMsg{Profile: colorprofile.ANSI256})
	m.View()
	out := c.waitFor(t, "alert")
	if !strings.Contains(out, "38;5;196") || strings.Contains(out, "38;2;") {
		t.Errorf("repaint after the profile changed: %q", out)
	}
	if !strings.Contains(out, "plain") {
		t.Errorf("an unchanged line was not painted again: %q", out)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// A frame the same as the last sends nothing; nothing is sent after Close.
func TestNothingIsSentForAnUnchangedFrameOrAfterClose(t *testing.T) {
	c := newClient(20, 2)
	p := New(c, 20, 2, colorprofile.TrueColor)
	ran := make(chan error, 1)
	go func() { ran <- p.Run() }()
	c.waitFor(t, enter)
	p.Frame("same")
	c.waitFor(t, "same")
	p.Frame("same")
	p.Close()
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
	if last := c.waitFor(t, leave); strings.Contains(last, "same") {
		t.Errorf("the unchanged frame was sent again: %q", last)
	}
	p.Frame("after close")
	if strings.Contains(c.all.String(), "after close") {
		t.Error("a frame after Close was painted")
	}
}

// A client that has gone ends Run with the write's error.
func TestRunReturnsWhenTheClientHasGone(t *testing.T) {
	gone := errors.New("connection reset")
	c := newClient(20, 2)
	c.fail = gone
	p := New(c, 20, 2, colorprofile.TrueColor)
	if err := p.Run(); !errors.Is(err, gone) {
		t.Errorf("Run returned %v, want %v", err, gone)
	}
}
