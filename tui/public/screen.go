package public

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
)

// Source is what the public screen reads and writes: published summaries
// only, and concerns (rate limited by whoever provides it).
type Source interface {
	PublishedWards() ([]model.Ward, error)
	Published(ward string) (model.Summary, error)
	LeaveConcern(ward, text, contact string) error
}

// keys is the screen's one key map.
type keys struct {
	Up, Down, Open, Back, Concern, Quit key.Binding
}

func newKeys() keys {
	return keys{
		Up:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:    key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Open:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "read")),
		Back:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Concern: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "leave a concern")),
		Quit:    key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

type mode int

const (
	choosing mode = iota
	reading
	writing // the concern, then the contact
)

// Screen is the public screen: choose a published ward, read its summary,
// leave a concern. It is read-only but for the concern.
type Screen struct {
	src           Source
	keys          keys
	width, height int
	mode          mode
	wards         []model.Ward
	cursor        int
	ward          string
	text          string   // the summary being read
	lines         []string // text wrapped to the width
	top           int
	input         textinput.Model
	concern       string // typed, while the contact is asked
	askContact    bool
	status        string
}

// New is the screen over src.
func New(src Source) *Screen {
	in := textinput.New()
	in.CharLimit = model.MaxConcernLen
	in.KeyMap.Paste.Unbind() // it would read the server's clipboard, not the user's
	s := &Screen{src: src, keys: newKeys(), width: 80, height: 24, input: in}
	s.loadWards()
	return s
}

func (s *Screen) loadWards() {
	w, err := s.src.PublishedWards()
	if err != nil {
		s.status = "wardpanel could not read its data; try again shortly"
		return
	}
	s.wards = w
}

func (s *Screen) Init() tea.Cmd { return nil }

func (s *Screen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.width, s.height = msg.Width, msg.Height
		s.input.SetWidth(max(10, s.width-22))
		s.wrap()
		return s, nil
	case tea.KeyPressMsg:
		if s.mode == writing {
			return s, s.typing(msg)
		}
		switch {
		case key.Matches(msg, s.keys.Quit):
			return s, tea.Quit
		case key.Matches(msg, s.keys.Up):
			s.move(-1)
		case key.Matches(msg, s.keys.Down):
			s.move(1)
		case key.Matches(msg, s.keys.Open) && s.mode == choosing && len(s.wards) > 0:
			s.open(s.wards[s.cursor].Code)
		case key.Matches(msg, s.keys.Back) && s.mode == reading:
			s.mode, s.status = choosing, ""
		case key.Matches(msg, s.keys.Concern) && s.mode == reading:
			s.mode, s.askContact, s.status = writing, false, ""
			s.input.Reset()
			s.input.Placeholder = "what concerns you, in a line or two"
			return s, s.input.Focus()
		}
	}
	return s, nil
}

func (s *Screen) move(d int) {
	if s.mode == choosing {
		s.cursor = min(max(0, s.cursor+d), max(0, len(s.wards)-1))
		return
	}
	s.top = min(max(0, s.top+d), max(0, len(s.lines)-s.bodyHeight()))
}

func (s *Screen) open(code string) {
	sum, err := s.src.Published(code)
	if err != nil {
		s.status = model.CleanLine(err.Error(), model.MaxLineLen)
		return
	}
	s.ward, s.mode, s.top, s.text = code, reading, 0, Text(sum)
	s.wrap()
}

// wrap fits the summary to the width: a resident on a narrow terminal
// reads every word, scrolling, rather than a line cut short.
func (s *Screen) wrap() {
	s.lines = s.lines[:0]
	if s.text == "" {
		return
	}
	for _, l := range strings.Split(strings.TrimRight(s.text, "\n"), "\n") {
		// Continuations sit under the line's own text, a little further in.
		lead := len(l) - len(strings.TrimLeft(l, " "))
		pad := min(lead+2, s.width/3)
		for i, part := range strings.Split(ansi.Wrap(l[lead:], max(1, s.width-pad), ""), "\n") {
			if i == 0 {
				s.lines = append(s.lines, l[:lead]+part)
			} else {
				s.lines = append(s.lines, strings.Repeat(" ", pad)+part)
			}
		}
	}
	s.top = min(s.top, max(0, len(s.lines)-s.bodyHeight()))
}

// typing is a key while the concern, then the contact, is typed.
func (s *Screen) typing(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		s.mode, s.status = reading, "Nothing was sent."
		s.input.Blur()
		return nil
	case "enter":
		if !s.askContact {
			s.concern, s.askContact = s.input.Value(), true
			s.input.Reset()
			s.input.Placeholder = "optional: how the panel may contact you (enter to skip)"
			return nil
		}
		s.mode = reading
		s.input.Blur()
		if err := s.src.LeaveConcern(s.ward, s.concern, s.input.Value()); err != nil {
			s.status = model.CleanLine(err.Error(), model.MaxLineLen)
		} else {
			s.status = "Thank you: your concern is with the panel's officers."
		}
		return nil
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	return cmd
}

// bodyHeight is the lines left for the summary under the title, above
// the status and help lines, and the input while a concern is typed.
func (s *Screen) bodyHeight() int {
	if s.mode == writing {
		return max(1, s.height-6)
	}
	return max(1, s.height-4)
}

func (s *Screen) View() tea.View {
	var b strings.Builder
	b.WriteString("wardpanel · you said, we did · no account needed\n\n")
	help := ""
	switch s.mode {
	case choosing:
		if len(s.wards) == 0 {
			b.WriteString("No ward has published its summary yet.\n")
		} else {
			b.WriteString("Choose a ward:\n")
		}
		for i, w := range s.wards {
			mark := "  "
			if i == s.cursor {
				mark = "> "
			}
			fmt.Fprintf(&b, "%s%s (%s)\n", mark, model.CleanLine(w.Name, model.MaxNameLen), w.Code)
		}
		help = "↑/↓ choose · enter read · q quit"
	case reading, writing:
		end := min(len(s.lines), s.top+s.bodyHeight())
		for _, l := range s.lines[s.top:end] {
			b.WriteString(l + "\n")
		}
		help = "↑/↓ scroll · c leave a concern · esc wards · q quit"
		if s.mode == writing {
			label := "Your concern: "
			if s.askContact {
				label = "Contact (optional): "
			}
			b.WriteString("\n" + label + s.input.View() + "\n")
			help = "enter send · esc cancel"
		}
	}
	out := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	for len(out) < s.height-2 {
		out = append(out, "")
	}
	out = append(out[:min(len(out), s.height-2)], s.status, help)
	for i, l := range out {
		out[i] = ansi.Truncate(l, s.width, "…")
	}
	v := tea.NewView(strings.Join(out, "\n"))
	v.AltScreen = true
	return v
}
