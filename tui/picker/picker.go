// Package picker is the demo visitor's first screen: choose a persona,
// and the session's key is enrolled as that person. Starting the session
// as them is the router's (Enrolled, given by the table's line).
package picker

import (
	"errors"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// ID is the screen's line in the table.
const ID = "picker"

const welcome = "Welcome to the wardpanel demo. This ward and everyone in it are made up, " +
	"and anyone can get in, so please type nothing real. Pick a person to be: your SSH key is " +
	"enrolled as them, so next time you connect you go straight to their board."

// KeyMap is the picker's own key.
type KeyMap struct {
	Choose key.Binding
}

// NewKeyMap makes the key.
func NewKeyMap() KeyMap {
	return KeyMap{Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "be this person"))}
}

// Screen lists the personas; enter enrols the key as the one under the
// cursor.
type Screen struct {
	s        ui.Session
	k        *ui.Keys
	choose   key.Binding
	personas []model.User
	// enrol enrols the session's key as a persona (nil: this server
	// cannot); it runs in a tea.Cmd.
	enrol func(model.User) (model.User, error)
	// enrolled is the router's message that starts the session as u.
	enrolled func(u model.User) tea.Msg

	cursor int
	busy   bool
	err    string

	width, height int
}

var _ ui.Screen = (*Screen)(nil)

// New makes the picker, once per session.
func New(s ui.Session, personas []model.User, enrol func(model.User) (model.User, error), enrolled func(model.User) tea.Msg) *Screen {
	return &Screen{s: s, k: s.Keys(), choose: NewKeyMap().Choose, personas: personas, enrol: enrol, enrolled: enrolled}
}

func (p *Screen) Init() tea.Cmd    { return nil }
func (p *Screen) SetSize(w, h int) { p.width, p.height = w, h }
func (p *Screen) Capturing() bool  { return false }
func (p *Screen) Title() string    { return "Choose who to be" }

func (p *Screen) FullHelp() [][]key.Binding {
	k := p.k
	return [][]key.Binding{{k.Up, k.Down, k.Home, k.End}, {p.choose, k.Help, k.Quit}}
}

func (p *Screen) ShortHelp() []key.Binding {
	k := p.k
	return []key.Binding{k.Help, p.choose, k.Up, k.Down, k.Quit}
}

// enrolledMsg answers the enrolment.
type enrolledMsg struct {
	user model.User
	err  error
}

func enrolCmd(enrol func(model.User) (model.User, error), persona model.User) tea.Cmd {
	return func() tea.Msg {
		if enrol == nil {
			return enrolledMsg{err: errors.New("this server cannot enrol keys")}
		}
		u, err := enrol(persona)
		return enrolledMsg{user: u, err: err}
	}
}

func (p *Screen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case enrolledMsg:
		p.busy = false
		if msg.err != nil {
			p.err = "Could not enrol your key: " + ui.SafeLine(msg.err.Error(), model.MaxLineLen)
			return nil
		}
		return ui.Cmd(p.enrolled(msg.user))
	case tea.KeyPressMsg:
		if p.busy {
			return nil
		}
		k := p.k
		last := max(0, len(p.personas)-1)
		switch {
		case key.Matches(msg, k.Up):
			p.cursor = max(0, p.cursor-1)
		case key.Matches(msg, k.Down):
			p.cursor = ui.Clamp(p.cursor+1, 0, last)
		case key.Matches(msg, k.Home):
			p.cursor = 0
		case key.Matches(msg, k.End):
			p.cursor = last
		case key.Matches(msg, p.choose):
			if p.cursor < len(p.personas) {
				p.busy, p.err = true, ""
				return enrolCmd(p.enrol, p.personas[p.cursor])
			}
		}
	}
	return nil
}

func (p *Screen) View() string {
	st := p.s.Styles()
	var list []string
	for i, u := range p.personas {
		marker := "  "
		if i == p.cursor {
			marker = "> "
		}
		who := ui.SafeName(u.Name)
		about := string(u.Role) + " · " + ui.SafeName(u.Agency)
		line := marker + st.Value.Render(who) + st.Label.Render("  "+about)
		if i == p.cursor {
			line = st.RowSelected.Render(ui.Fit(marker+who+"  "+about, p.width))
		}
		list = append(list, line)
	}
	if len(p.personas) == 0 {
		list = append(list, st.Muted.Render("No personas are set up on this server."))
	}

	var tail []string
	switch {
	case p.busy:
		tail = append(tail, st.Muted.Render("Enrolling your key…"))
	case p.err != "":
		for _, l := range ui.Wrap(p.err, p.width) {
			tail = append(tail, st.Error.Render(l))
		}
	}

	// The list matters most: the welcome text gives way on small screens,
	// then the list scrolls to keep the cursor in view.
	room := p.height - len(tail)
	var intro []string
	if words := ui.Wrap(welcome, p.width); room-len(list) >= len(words)+2 {
		intro = append(intro, st.Title.Render("Choose who to be"))
		for _, l := range words {
			intro = append(intro, st.Muted.Render(l))
		}
		intro = append(intro, "")
	} else if room-len(list) >= 2 {
		intro = []string{st.Title.Render("Choose who to be (demo: nothing here is real)"), ""}
	}
	listRoom := max(1, room-len(intro))
	off := 0
	if p.cursor >= listRoom {
		off = p.cursor - listRoom + 1
	}
	end := min(len(list), off+listRoom)
	lines := append(intro, list[off:end]...)
	return ui.Block(append(lines, tail...), p.width, p.height)
}
