// Package paint draws a full-screen program's frames on a remote terminal,
// sending only the lines that changed since the frame before.
//
// Bubble Tea's own renderer turns every frame back into a grid of cells,
// diffs the grid against the last one and hashes its lines: about four
// fifths of what a live update costs a session. The TUI's frames are
// already exactly the screen's size, line by line (tui.fitScreen), so a
// line is the natural unit: comparing a line with the one on the screen
// is a string comparison, and a changed line is rewritten whole. Frames
// are written by the painter's own goroutine, so a client that reads
// slowly gets the latest frame when it catches up, never a backlog, and a
// session with nothing changing never wakes.
//
// Frames carry no cursor: the TUI draws its own (bubbles' virtual cursor),
// and the terminal's stays hidden.
package paint

import (
	"bytes"
	"io"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// The terminal modes a painter sets on start and resets on close: the
// alternate screen, a hidden cursor, bracketed paste (so a paste arrives
// as one message, which the session's paste cap relies on), and, where the
// terminal has the kitty keyboard protocol, keys sent unambiguously (Esc
// then a letter typed quickly is not read as alt+letter), as Bubble Tea's
// own renderer asks.
var (
	enter = ansi.SetModeAltScreenSaveCursor + ansi.ResetModeTextCursorEnable + ansi.SetModeBracketedPaste +
		ansi.PushKittyKeyboard(ansi.KittyDisambiguateEscapeCodes)
	leave = ansi.ResetStyle + ansi.PopKittyKeyboard(1) + ansi.SetModeAutoWrap + ansi.ResetModeBracketedPaste +
		ansi.SetModeTextCursorEnable + ansi.ResetModeAltScreenSaveCursor
)

// Each update is one synchronized frame; terminals without mode 2026
// ignore it.
const (
	beginFrame = ansi.SetModeSynchronizedOutput
	endFrame   = ansi.ResetModeSynchronizedOutput
)

// frame is what the program last asked to show, for the size it was made for.
type frame struct {
	content       string
	width, height int
}

// Painter paints one terminal. Frame and Resize come from the program's
// event loop; Run writes. The zero value is not usable: call New.
type Painter struct {
	out io.Writer

	mu      sync.Mutex
	next    frame // the latest frame asked for
	pending bool  // next has not been painted
	width   int   // the terminal's size, as last reported
	height  int
	profile colorprofile.Profile
	repaint bool // paint the next frame whole
	closed  bool
	wake    chan struct{}
	done    chan struct{}

	// Only Run's goroutine touches these.
	shown     []string // the lines on the screen; nil: unknown, paint all
	shownSize [2]int
	buf       bytes.Buffer
}

// New returns a painter for a w×h terminal that renders colours as the
// profile allows. Start Run, then give it frames.
func New(out io.Writer, width, height int, profile colorprofile.Profile) *Painter {
	return &Painter{
		out:     out,
		width:   width,
		height:  height,
		profile: profile,
		wake:    make(chan struct{}, 1),
		done:    make(chan struct{}),
	}
}

// Frame asks for content to be shown. It never blocks: a frame not yet
// painted is replaced by a newer one.
func (p *Painter) Frame(content string) {
	p.mu.Lock()
	f := frame{content, p.width, p.height}
	if f == p.next || p.closed {
		p.mu.Unlock()
		return
	}
	p.next, p.pending = f, true
	p.mu.Unlock()
	p.poke()
}

// Resize notes the terminal's new size. The next frame is painted whole,
// on a cleared screen.
func (p *Painter) Resize(width, height int) {
	p.mu.Lock()
	p.width, p.height = width, height
	p.mu.Unlock()
}

// SetProfile changes how colours are rendered from the next line painted.
func (p *Painter) SetProfile(profile colorprofile.Profile) {
	p.mu.Lock()
	if profile != p.profile {
		p.profile = profile
		// Lines already shown keep their old colours until they change.
		p.repaint, p.pending = true, true
	}
	p.mu.Unlock()
	p.poke()
}

func (p *Painter) poke() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Run sets the terminal up and paints frames until Close. It returns the
// first write error (the client has gone).
func (p *Painter) Run() error {
	defer close(p.done)
	if _, err := io.WriteString(p.out, enter); err != nil {
		return err
	}
	for range p.wake {
		p.mu.Lock()
		f, pending, closed, profile, repaint := p.next, p.pending, p.closed, p.profile, p.repaint
		p.pending, p.repaint = false, false
		p.mu.Unlock()
		if closed {
			break
		}
		if !pending || f.height == 0 {
			continue
		}
		if repaint {
			p.shown = nil
		}
		if _, err := p.out.Write(p.paint(f, profile)); err != nil {
			return err
		}
	}
	_, err := io.WriteString(p.out, leave)
	return err
}

// Close stops Run, which puts the terminal back as it found it (main
// screen, cursor shown), and waits for that to be written.
func (p *Painter) Close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.poke()
	<-p.done
}

// paint returns the bytes that turn the screen into f.
func (p *Painter) paint(f frame, profile colorprofile.Profile) []byte {
	lines := strings.Split(f.content, "\n")
	size := [2]int{f.width, f.height}
	b := &p.buf
	b.Reset()
	b.WriteString(beginFrame)
	if p.shown == nil || p.shownSize != size {
		// Without autowrap, a line the terminal measures wider than we do
		// (widths of unusual characters differ between terminals) is cut
		// at the edge instead of spilling onto the next row.
		b.WriteString(ansi.ResetModeAutoWrap + ansi.ResetStyle + ansi.CursorHomePosition + ansi.EraseEntireScreen)
		p.shown, p.shownSize = make([]string, f.height), size
	}
	colours := colorprofile.Writer{Forward: b, Profile: profile}
	for y := range f.height {
		line := ""
		if y < len(lines) {
			line = lines[y]
		}
		if p.shown[y] == line {
			continue
		}
		p.shown[y] = line
		width := ansi.StringWidth(line)
		if width > f.width {
			// The TUI fits its lines already; one that did not would wrap
			// and push the rest of the screen down.
			line = ansi.Truncate(line, f.width, "")
			// A wide character that would straddle the edge goes whole.
			width = ansi.StringWidth(line)
		}
		b.WriteString(ansi.CursorPosition(1, y+1))
		_, _ = colours.WriteString(line)
		// Clear what the old line had beyond the new one's end, in the
		// default colours. A line that fills the width leaves the cursor
		// waiting to wrap, where erasing would take its last cell.
		b.WriteString(ansi.ResetStyle)
		if width < f.width {
			b.WriteString(ansi.EraseLineRight)
		}
	}
	b.WriteString(endFrame)
	return b.Bytes()
}

// Model wraps a program's model so that its frames go to a painter: run
// the program with tea.WithoutRenderer.
type Model struct {
	tea.Model
	Painter *Painter
	// Settle, if set, follows the messages given to its Follow.
	Settle *Settler
	// settles is the followed message whose handling the next View ends.
	settles int
}

// Update passes the terminal's size and colour profile to the painter, and
// msg to the model.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.settles = 0
	if f, ok := msg.(followed); ok && m.Settle != nil {
		return m.updateFollowed(f)
	}
	return m.update(msg)
}

func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.Painter.Resize(msg.Width, msg.Height)
	case tea.ColorProfileMsg:
		m.Painter.SetProfile(msg.Profile)
	}
	var cmd tea.Cmd
	m.Model, cmd = m.Model.Update(msg)
	return m, cmd
}

// View paints the model's view. Bubble Tea calls it after every message.
func (m Model) View() tea.View {
	v := m.Model.View()
	m.Painter.Frame(v.Content)
	if m.settles != 0 {
		m.Settle.end(m.settles)
	}
	return v
}
