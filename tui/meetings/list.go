package meetings

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// List is the ward's meetings, newest first, with the priorities in
// force below. A live meeting is where the cursor starts.
type List struct {
	c        *env
	meetings []model.Meeting // newest first
	cursor   int
	loaded   bool
	load     ui.Loader
	picked   bool // the user moved the cursor: a reload keeps it there

	width, height int
}

// NewList makes the list, once per session.
func NewList(s ui.Session, st Store, links Links) *List { return &List{c: newEnv(s, st, links)} }

func (l *List) Init() tea.Cmd          { return l.reload() }
func (l *List) Show() tea.Cmd          { return l.reload() }
func (l *List) Capturing() bool        { return false }
func (l *List) Title() string          { return "Meetings" }
func (l *List) SetSize(w, h int)       { l.width, l.height = w, h }
func (l *List) canCreate() bool        { return model.CanCreateMeetings(l.c.User(), l.c.Ward().Code) }
func (l *List) current() model.Meeting { return l.meetings[l.cursor] }

func (l *List) reload() tea.Cmd {
	seq, ok := l.load.Start(l.c.NextSeq)
	if !ok {
		return nil
	}
	return loadMeetingsCmd(l.c.st, l.c.User(), l.c.Ward().Code, seq)
}

func (l *List) ShortHelp() []key.Binding {
	k := l.c.k
	out := []key.Binding{k.Help, k.Back, k.Open}
	if l.canCreate() {
		out = append(out, k.NewMeeting)
	}
	return append(out, k.Down, k.Up, k.Quit)
}

func (l *List) FullHelp() [][]key.Binding {
	k := l.c.k
	act := []key.Binding{k.Open, k.Back}
	if l.canCreate() {
		act = append(act, k.NewMeeting)
	}
	return [][]key.Binding{{k.Up, k.Down, k.Home, k.End}, append(act, k.Help, k.Quit)}
}

func (l *List) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ui.StoreChanged:
		return l.reload()
	case meetingsLoadedMsg:
		cmd, ours := l.load.Landed(msg.seq, "loading meetings", msg.err, l.reload)
		if ours && msg.err == nil {
			l.loaded = true
			var keep model.ID
			if l.picked && l.cursor < len(l.meetings) {
				keep = l.meetings[l.cursor].ID
			}
			l.meetings = slices.Clone(msg.meetings)
			slices.Reverse(l.meetings)
			l.cursor = l.defaultCursor(keep)
		}
		return cmd
	case tea.KeyPressMsg:
		k := l.c.k
		if d, ok := k.Step(msg, 0, len(l.meetings)); ok && d != 0 {
			l.move(d)
			return nil
		}
		switch {
		case key.Matches(msg, k.Back):
			return ui.Cmd(ui.Back{})
		case key.Matches(msg, k.Open):
			if len(l.meetings) > 0 {
				return ui.Cmd(l.c.links.OpenMeeting(l.current().ID))
			}
		case key.Matches(msg, k.NewMeeting):
			if l.canCreate() {
				var prev *model.Meeting
				if len(l.meetings) > 0 {
					prev = &l.meetings[0]
				}
				return ui.Cmd(l.c.links.OpenForm(newMeetingCreateForm(l.c, prev)))
			}
		}
	}
	return nil
}

func (l *List) move(d int) {
	if len(l.meetings) == 0 {
		return
	}
	l.cursor = ui.Clamp(l.cursor+d, 0, len(l.meetings)-1)
	l.picked = true
}

// defaultCursor keeps the user's choice, else points at the live meeting,
// else the next planned one, else the newest.
func (l *List) defaultCursor(keep model.ID) int {
	if i := slices.IndexFunc(l.meetings, func(m model.Meeting) bool { return m.ID == keep }); keep != 0 && i >= 0 {
		return i
	}
	l.picked = false
	if i := slices.IndexFunc(l.meetings, func(m model.Meeting) bool { return m.State == model.MeetingLive }); i >= 0 {
		return i
	}
	// Newest first, so the last planned one found is the soonest.
	next := -1
	for i, m := range l.meetings {
		if m.State == model.MeetingPlanned {
			next = i
		}
	}
	return max(next, 0)
}

func (l *List) View() string {
	st := l.c.Styles()
	lines := []string{st.Title.Render(ui.Trunc("Meetings of "+ui.SafeName(l.c.Ward().Name), l.width))}
	switch {
	case !l.loaded:
		lines = append(lines, st.Muted.Render("Loading meetings…"))
	case len(l.meetings) == 0:
		msg := "No meetings yet."
		if l.canCreate() {
			msg += " Press n to plan one with the standard agenda."
		}
		lines = append(lines, st.Muted.Render(ui.Trunc(msg, l.width)))
	}
	news := l.c.links.Priorities()
	room := l.height - len(lines)
	if len(news) > 0 && room >= len(news)+4 {
		room -= len(news) + 2
	}
	first := ui.Clamp(l.cursor-room+1, 0, max(0, len(l.meetings)-room))
	for i := first; i < len(l.meetings) && i < first+room; i++ {
		lines = append(lines, l.row(l.meetings[i], i == l.cursor))
	}
	if len(news) > 0 && l.height-len(lines) >= len(news)+2 {
		lines = append(lines, "", st.Section.Render("Ward priorities"))
		for i, p := range news {
			lines = append(lines, ui.Trunc(fmt.Sprintf("★ %d. %s %s", i+1, model.ProblemRef(p.ID), ui.SafeLine(p.Title, model.MaxTitleLen)), l.width))
		}
	}
	return ui.Block(lines, l.width, l.height)
}

func (l *List) row(m model.Meeting, selected bool) string {
	st := l.c.Styles()
	state := ui.Fit(strings.ToUpper(string(m.State)), 8)
	when := m.When.Format("Mon 2 Jan 2006 15:04")
	if l.width < 60 {
		when = m.When.Format("2 Jan 06")
	}
	marker := "  "
	if selected {
		marker = "> "
	}
	line := fmt.Sprintf("%s%s %s  %s", marker, state, when, ui.SafeLine(m.Title, model.MaxTitleLen))
	switch {
	case selected:
		return st.RowSelected.Render(ui.Fit(line, l.width))
	case m.State == model.MeetingLive:
		return st.Live.Render(ui.Trunc(line, l.width))
	case m.State == model.MeetingClosed:
		return st.Muted.Render(ui.Trunc(line, l.width))
	}
	return ui.Trunc(line, l.width)
}

// Shown are the meetings listed, newest first.
func (l *List) Shown() []model.Meeting { return l.meetings }
