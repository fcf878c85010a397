package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// meetingList is the ward's meetings, newest first, with the priorities in
// force below. A live meeting is where the cursor starts.
type meetingList struct {
	c        *common
	meetings []model.Meeting // newest first
	cursor   int
	loaded   bool
	seq      int
	loading  bool
	stale    bool
	picked   bool // the user moved the cursor: a reload keeps it there

	width, height int
}

func newMeetingList(c *common) *meetingList { return &meetingList{c: c} }

func (l *meetingList) Init() tea.Cmd          { return l.reload() }
func (l *meetingList) capturing() bool        { return false }
func (l *meetingList) SetSize(w, h int)       { l.width, l.height = w, h }
func (l *meetingList) canCreate() bool        { return model.CanCreateMeetings(l.c.user, l.c.ward.Code) }
func (l *meetingList) current() model.Meeting { return l.meetings[l.cursor] }

func (l *meetingList) reload() tea.Cmd {
	if l.loading {
		l.stale = true
		return nil
	}
	l.loading, l.stale = true, false
	l.seq = l.c.nextSeq()
	return loadMeetingsCmd(l.c.store, l.c.user, l.c.ward.Code, l.seq)
}

func (l *meetingList) ShortHelp() []key.Binding {
	k := l.c.keys
	out := []key.Binding{k.Help, k.Back, k.Open}
	if l.canCreate() {
		out = append(out, k.NewMeeting)
	}
	return append(out, k.Down, k.Up, k.Quit)
}

func (l *meetingList) FullHelp() [][]key.Binding {
	k := l.c.keys
	act := []key.Binding{k.Open, k.Back}
	if l.canCreate() {
		act = append(act, k.NewMeeting)
	}
	return [][]key.Binding{{k.Up, k.Down, k.Home, k.End}, append(act, k.Help, k.Quit)}
}

func (l *meetingList) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case StoreChangedMsg:
		return l.reload()
	case meetingsLoadedMsg:
		if msg.seq != l.seq {
			return nil
		}
		l.loading = false
		var cmd tea.Cmd
		if msg.err != nil {
			cmd = msgCmd(errMsg{op: "loading meetings", err: msg.err})
		} else {
			l.loaded = true
			var keep model.ID
			if l.picked && l.cursor < len(l.meetings) {
				keep = l.meetings[l.cursor].ID
			}
			l.meetings = slices.Clone(msg.meetings)
			slices.Reverse(l.meetings)
			l.cursor = l.defaultCursor(keep)
		}
		if l.stale {
			cmd = tea.Batch(cmd, l.reload())
		}
		return cmd
	case tea.KeyPressMsg:
		k := l.c.keys
		switch {
		case key.Matches(msg, k.Back):
			return msgCmd(backMsg{})
		case key.Matches(msg, k.Up):
			l.move(-1)
		case key.Matches(msg, k.Down):
			l.move(1)
		case key.Matches(msg, k.Home):
			l.move(-len(l.meetings))
		case key.Matches(msg, k.End):
			l.move(len(l.meetings))
		case key.Matches(msg, k.Open):
			if len(l.meetings) > 0 {
				return msgCmd(openMeetingMsg{id: l.current().ID})
			}
		case key.Matches(msg, k.NewMeeting):
			if l.canCreate() {
				var prev *model.Meeting
				if len(l.meetings) > 0 {
					prev = &l.meetings[0]
				}
				return msgCmd(openMeetingFormMsg{f: newMeetingCreateForm(l.c, prev)})
			}
		}
	}
	return nil
}

func (l *meetingList) move(d int) {
	if len(l.meetings) == 0 {
		return
	}
	l.cursor = clamp(l.cursor+d, 0, len(l.meetings)-1)
	l.picked = true
}

// defaultCursor keeps the user's choice, else points at the live meeting,
// else the next planned one, else the newest.
func (l *meetingList) defaultCursor(keep model.ID) int {
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

func (l *meetingList) View() string {
	st := &l.c.styles
	lines := []string{st.Title.Render(trunc("Meetings of "+safeName(l.c.ward.Name), l.width))}
	switch {
	case !l.loaded:
		lines = append(lines, st.Muted.Render("Loading meetings…"))
	case len(l.meetings) == 0:
		msg := "No meetings yet."
		if l.canCreate() {
			msg += " Press n to plan one with the standard agenda."
		}
		lines = append(lines, st.Muted.Render(trunc(msg, l.width)))
	}
	news := l.c.news.priorities
	room := l.height - len(lines)
	if len(news) > 0 && room >= len(news)+4 {
		room -= len(news) + 2
	}
	first := clamp(l.cursor-room+1, 0, max(0, len(l.meetings)-room))
	for i := first; i < len(l.meetings) && i < first+room; i++ {
		lines = append(lines, l.row(l.meetings[i], i == l.cursor))
	}
	if len(news) > 0 && l.height-len(lines) >= len(news)+2 {
		lines = append(lines, "", st.Section.Render("Ward priorities"))
		for i, p := range news {
			lines = append(lines, trunc(fmt.Sprintf("★ %d. %s %s", i+1, model.ProblemRef(p.ID), safeLine(p.Title, model.MaxTitleLen)), l.width))
		}
	}
	return block(lines, l.width, l.height)
}

func (l *meetingList) row(m model.Meeting, selected bool) string {
	st := &l.c.styles
	state := fit(strings.ToUpper(string(m.State)), 8)
	when := m.When.Format("Mon 2 Jan 2006 15:04")
	if l.width < 60 {
		when = m.When.Format("2 Jan 06")
	}
	marker := "  "
	if selected {
		marker = "> "
	}
	line := fmt.Sprintf("%s%s %s  %s", marker, state, when, safeLine(m.Title, model.MaxTitleLen))
	switch {
	case selected:
		return st.RowSelected.Render(fit(line, l.width))
	case m.State == model.MeetingLive:
		return st.Live.Render(trunc(line, l.width))
	case m.State == model.MeetingClosed:
		return st.Muted.Render(trunc(line, l.width))
	}
	return trunc(line, l.width)
}
