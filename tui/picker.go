package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

const pickerWelcome = "Welcome to the wardpanel demo. This ward and everyone in it are made up, " +
	"and anyone can get in, so please type nothing real. Pick a person to be: your SSH key is " +
	"enrolled as them, so next time you connect you go straight to their board."

// picker is the demo visitor's first screen: choose a persona, and the
// session's key is enrolled as that person.
type picker struct {
	c        *common
	personas []model.User
	cursor   int
	busy     bool
	err      string

	width, height int
}

func newPicker(c *common, personas []model.User) *picker {
	return &picker{c: c, personas: personas}
}

func (p *picker) Init() tea.Cmd    { return nil }
func (p *picker) SetSize(w, h int) { p.width, p.height = w, h }
func (p *picker) capturing() bool  { return false }
func (p *picker) FullHelp() [][]key.Binding {
	k := p.c.keys
	return [][]key.Binding{{k.Up, k.Down, k.Home, k.End}, {k.Choose, k.Help, k.Quit}}
}

func (p *picker) ShortHelp() []key.Binding {
	k := p.c.keys
	return []key.Binding{k.Help, k.Choose, k.Up, k.Down, k.Quit}
}

func (p *picker) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case enrolledMsg:
		p.busy = false
		if msg.err != nil {
			p.err = "Could not enrol your key: " + safeLine(msg.err.Error(), model.MaxLineLen)
		}
		// Success is the root's to handle: it switches to the board.
	case tea.KeyPressMsg:
		if p.busy {
			return nil
		}
		k := p.c.keys
		switch {
		case key.Matches(msg, k.Up):
			p.cursor = max(0, p.cursor-1)
		case key.Matches(msg, k.Down):
			p.cursor = clamp(p.cursor+1, 0, max(0, len(p.personas)-1))
		case key.Matches(msg, k.Home):
			p.cursor = 0
		case key.Matches(msg, k.End):
			p.cursor = max(0, len(p.personas)-1)
		case key.Matches(msg, k.Choose):
			if p.cursor < len(p.personas) {
				p.busy, p.err = true, ""
				return enrolCmd(p.c.enrol, p.personas[p.cursor])
			}
		}
	}
	return nil
}

func (p *picker) View() string {
	st := &p.c.styles
	var list []string
	for i, u := range p.personas {
		marker := "  "
		if i == p.cursor {
			marker = "> "
		}
		who := safeName(u.Name)
		about := string(u.Role) + " · " + safeName(u.Agency)
		line := marker + st.Value.Render(who) + st.Label.Render("  "+about)
		if i == p.cursor {
			line = st.RowSelected.Render(fit(marker+who+"  "+about, p.width))
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
		for _, l := range wrap(p.err, p.width) {
			tail = append(tail, st.Error.Render(l))
		}
	}

	// The list matters most: the welcome text gives way on small screens,
	// then the list scrolls to keep the cursor in view.
	room := p.height - len(tail)
	var intro []string
	if words := wrap(pickerWelcome, p.width); room-len(list) >= len(words)+2 {
		intro = append([]string{st.Title.Render("Choose who to be")}, muted(st, words)...)
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
	return block(append(lines, tail...), p.width, p.height)
}

func muted(st *styles, lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = st.Muted.Render(l)
	}
	return out
}
