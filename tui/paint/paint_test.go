package paint

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
)

var (
	red  = lipgloss.NewStyle().Foreground(lipgloss.Color("#ff0000")).Bold(true)
	bar  = lipgloss.NewStyle().Background(lipgloss.Color("#0000ff")).Foreground(lipgloss.Color("#ffffff"))
	dim  = lipgloss.NewStyle().Foreground(lipgloss.Color("241"))
	wide = "会議の議題 ✅"
)

// fromScratch is the oracle: a fresh terminal that is cleared and given
// every line of the frame.
func fromScratch(t testing.TB, content string, w, h int) string {
	t.Helper()
	p := New(nil, w, h, colorprofile.TrueColor)
	emu := vt.NewEmulator(w, h)
	_, _ = emu.Write(p.paint(frame{content, w, h}, colorprofile.TrueColor))
	return emu.Render()
}

func lines(ls ...string) string { return strings.Join(ls, "\n") }

// Painting only what changed leaves the screen exactly as painting the
// whole frame on a blank one would.
func TestChangedLinesLeaveTheScreenAsAWholeFrameWould(t *testing.T) {
	const w, h = 20, 4
	tests := []struct {
		name   string
		frames []string
	}{
		{"one line changes", []string{
			lines("title", "row one", "row two", "help"),
			lines("title", "row 1", "row two", "help"),
		}},
		{"a line gets shorter", []string{
			lines("a long line of text", "", "", ""),
			lines("short", "", "", ""),
		}},
		{"a highlight moves down", []string{
			lines(bar.Render("> first        "), "  second", "  third", dim.Render("j/k move")),
			lines("  first", bar.Render("> second       "), "  third", dim.Render("j/k move")),
		}},
		{"a styled line becomes plain, no colour left behind", []string{
			lines(bar.Render(strings.Repeat(" ", 12)), red.Render("alert"), "", ""),
			lines("plain", "plain", "", ""),
		}},
		{"a line fills the width", []string{
			lines(strings.Repeat("x", w), strings.Repeat("y", w), "", ""),
			lines(strings.Repeat("z", w), strings.Repeat("y", w-1), "", ""),
		}},
		{"wide characters give way to narrow ones", []string{
			lines(wide, wide+wide, "", ""),
			lines("narrow", "会", "", ""),
		}},
		{"a line too wide is cut, not wrapped", []string{
			lines(strings.Repeat("w", w+7), "second", "third", "fourth"),
			lines(strings.Repeat("v", w+1), "second", "third", "fourth"),
		}},
		{"a wide character at the edge goes whole, and what was there too", []string{
			lines("", strings.Repeat("x", w), "", ""),
			lines("", strings.Repeat("y", w-1)+"会", "", ""),
		}},
		{"fewer lines than rows", []string{
			lines("one", "two", "three", "four"),
			"only",
		}},
		{"nothing changes", []string{
			lines("same", "same", "", ""),
			lines("same", "same", "", ""),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := New(nil, w, h, colorprofile.TrueColor)
			emu := vt.NewEmulator(w, h)
			for i, f := range tt.frames {
				_, _ = emu.Write(p.paint(frame{f, w, h}, colorprofile.TrueColor))
				if got, want := emu.Render(), fromScratch(t, f, w, h); got != want {
					t.Fatalf("after frame %d the screen is\n%q\nnot\n%q", i, got, want)
				}
			}
		})
	}
}

// A change to one row sends that row and nothing of the others.
func TestOnlyTheChangedLineIsSent(t *testing.T) {
	const w, h = 100, 30
	rows := make([]string, h)
	for i := range rows {
		rows[i] = dim.Render("row ") + strings.Repeat("·", 40) + red.Render(string(rune('A'+i%26)))
	}
	p := New(nil, w, h, colorprofile.TrueColor)
	p.paint(frame{lines(rows...), w, h}, colorprofile.TrueColor)
	rows[12] = dim.Render("row ") + "changed"
	out := string(p.paint(frame{lines(rows...), w, h}, colorprofile.TrueColor))
	if strings.Count(out, "row ") != 1 || !strings.Contains(out, "changed") {
		t.Fatalf("sent %q: want the changed row alone", out)
	}
	if len(out) > 120 {
		t.Errorf("a one-row change took %d bytes", len(out))
	}
}

// A resize clears the screen and paints the frame whole at the new size.
func TestResizePaintsEverything(t *testing.T) {
	p := New(nil, 30, 3, colorprofile.TrueColor)
	p.paint(frame{lines("a", "b", "c"), 30, 3}, colorprofile.TrueColor)
	out := string(p.paint(frame{lines("a", "b", "c", "d"), 20, 4}, colorprofile.TrueColor))
	if !strings.Contains(out, ansi.EraseEntireScreen) {
		t.Errorf("no clear after a resize: %q", out)
	}
	emu := vt.NewEmulator(20, 4)
	_, _ = emu.Write([]byte(out))
	if got := emu.String(); got != lines("a", "b", "c", "d") {
		t.Errorf("screen after resize:\n%s", got)
	}
}

// Colours are rendered as the client's terminal can show them.
func TestColoursFollowTheProfile(t *testing.T) {
	for _, tt := range []struct {
		profile colorprofile.Profile
		want    string // in the bytes sent
		not     string
	}{
		{colorprofile.TrueColor, "38;2;255;0;0", ""},
		{colorprofile.ANSI256, "38;5;196", "38;2;"},
		{colorprofile.Ascii, "alert", "38;"},
		{colorprofile.NoTTY, "alert", "\x1b[1"},
	} {
		t.Run(tt.profile.String(), func(t *testing.T) {
			p := New(nil, 20, 2, tt.profile)
			out := string(p.paint(frame{lines(red.Render("alert"), ""), 20, 2}, tt.profile))
			if !strings.Contains(out, tt.want) || (tt.not != "" && strings.Contains(out, tt.not)) {
				t.Errorf("sent %q: want %q and no %q", out, tt.want, tt.not)
			}
		})
	}
}

// gate is a client that takes its first write only when let go.
type gate struct {
	mu      sync.Mutex
	out     bytes.Buffer
	writes  int
	first   chan struct{} // closed on the first write's arrival
	release chan struct{}
	once    sync.Once
	wrote   chan string // each write after the first, as it arrives
}

func (g *gate) Write(b []byte) (int, error) {
	g.once.Do(func() { close(g.first); <-g.release })
	g.mu.Lock()
	g.writes++
	g.out.Write(b)
	g.mu.Unlock()
	select {
	case g.wrote <- string(b):
	default:
	}
	return len(b), nil
}

// A client that reads slowly is sent the latest frame when it catches up,
// not every frame it missed; closing puts its terminal back.
func TestASlowClientGetsTheLatestFrame(t *testing.T) {
	g := &gate{first: make(chan struct{}), release: make(chan struct{}), wrote: make(chan string, 10)}
	p := New(g, 20, 2, colorprofile.TrueColor)
	ran := make(chan error)
	go func() { ran <- p.Run() }()
	<-g.first // Run is stuck writing its set-up
	for i := range 100 {
		p.Frame(lines("frame", strings.Repeat("#", i%20)))
	}
	p.Frame(lines("frame", "last"))
	close(g.release)
	for w := range g.wrote {
		if strings.Contains(w, "last") {
			break
		}
	}
	p.Close()
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
	if g.writes > 3 { // set-up, the latest frame, the restore
		t.Errorf("%d writes for a client that missed 100 frames", g.writes)
	}
	emu := vt.NewEmulator(20, 2)
	out := g.out.Bytes()
	cut := bytes.LastIndex(out, []byte(leave))
	_, _ = emu.Write(out[:cut])
	if got := emu.String(); got != lines("frame", "last") {
		t.Errorf("the client's screen shows\n%s", got)
	}
	_, _ = emu.Write(out[cut:])
	if emu.IsAltScreen() {
		t.Error("still on the alternate screen after Close")
	}
	// What was pushed is popped: the shell gets its keyboard back as it was.
	if !bytes.HasPrefix(out, []byte(enter)) || !strings.Contains(enter, ansi.PushKittyKeyboard(1)) || !strings.Contains(leave, ansi.PopKittyKeyboard(1)) {
		t.Errorf("the keyboard mode set on start is not reset on close: %q … %q", enter, leave)
	}
}

// FuzzPaint paints random frame pairs and compares with a whole repaint.
func FuzzPaint(f *testing.F) {
	f.Add("a\nb\nc", "a\nx\nc", uint8(10))
	f.Add(bar.Render("sel")+"\n"+wide, "plain\n"+red.Render("r"), uint8(5))
	f.Fuzz(func(t *testing.T, a, b string, width uint8) {
		w, h := int(width%40)+1, 3
		// Only text the TUI could send: its lines are sanitised, so no
		// control characters but the SGR sequences its styles make.
		clean := func(s string) string {
			var out []string
			for _, l := range strings.Split(s, "\n") {
				out = append(out, ansi.Strip(strings.Map(func(r rune) rune {
					if r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0xfffd {
						return -1
					}
					return r
				}, l)))
			}
			for i := range out {
				if i%2 == 1 {
					out[i] = bar.Render(out[i])
				}
			}
			return strings.Join(out, "\n")
		}
		a, b = clean(a), clean(b)
		p := New(nil, w, h, colorprofile.TrueColor)
		emu := vt.NewEmulator(w, h)
		_, _ = emu.Write(p.paint(frame{a, w, h}, colorprofile.TrueColor))
		_, _ = emu.Write(p.paint(frame{b, w, h}, colorprofile.TrueColor))
		if got, want := emu.Render(), fromScratch(t, b, w, h); got != want {
			t.Fatalf("incremental\n%q\nwhole\n%q", got, want)
		}
	})
}
