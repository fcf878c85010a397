package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// The inbox (issue 21): "since you were last here" — what is new for you
// or your agency, yours overdue and due soon, problems your agency leads
// that changed, and the next meeting. Shown before the board on connecting
// when it has something in it (Options.Inbox), and at `i` from the board.
// One key (esc, i or space) puts it away; enter opens the record under the
// cursor. It reads through ReadInbox, so only the store's permission-checked
// lists, and follows the change feed while open.

type inboxKeyMap struct {
	Board   key.Binding // board → inbox
	Dismiss key.Binding
	Open    key.Binding
}

func newInboxKeyMap() inboxKeyMap {
	return inboxKeyMap{
		Board:   key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "inbox")),
		Dismiss: key.NewBinding(key.WithKeys("esc", "i", "space", "backspace"), key.WithHelp("esc/i", "to the board")),
		Open:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
	}
}

type (
	// openInboxMsg asks the root for the inbox; connect says it is the
	// session's first look, shown only if there is something in it.
	openInboxMsg   struct{ connect bool }
	inboxLoadedMsg struct {
		seq     int
		connect bool
		b       model.Inbox
		err     error
	}
)

// inboxRow is one line of the panel: a heading, or an item that enter opens.
type inboxRow struct {
	heading bool
	ref     string // A5, P2, M1: keeps the cursor on its record across reloads
	text    string
	state   dueState
	open    tea.Msg // nil: nothing to open
}

type inboxView struct {
	c       *common
	w, h    int
	seq     int
	loaded  bool
	b       model.Inbox
	rows    []inboxRow
	cursor  int // index into rows, always an item when there is one
	offset  int
	loadErr error
}

func newInboxView(c *common) *inboxView { return &inboxView{c: c} }

func (v *inboxView) Init() tea.Cmd            { return nil }
func (v *inboxView) SetSize(w, h int)         { v.w, v.h = w, h }
func (v *inboxView) capturing() bool          { return false }
func (v *inboxView) ShortHelp() []key.Binding { return v.keys() }
func (v *inboxView) FullHelp() [][]key.Binding {
	return [][]key.Binding{v.keys(), {v.c.keys.Up, v.c.keys.Down, v.c.keys.Help, v.c.keys.Quit}}
}

func (v *inboxView) keys() []key.Binding {
	k := v.c.keys
	out := []key.Binding{k.Help, k.Inbox.Dismiss}
	if v.selectable(v.cursor) {
		out = append(out, k.Inbox.Open)
	}
	return out
}

// load reads the inbox in a tea.Cmd, tagged with a fresh seq.
func (v *inboxView) load(connect bool) tea.Cmd {
	if !v.c.hasUser {
		return nil
	}
	v.seq = v.c.nextSeq()
	st, u, now, seq := v.c.store, v.c.user, v.c.now(), v.seq
	return func() tea.Msg {
		b, err := ReadInbox(st, u, now)
		return inboxLoadedMsg{seq: seq, connect: connect, b: b, err: err}
	}
}

func (v *inboxView) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case StoreChangedMsg:
		return v.load(false)
	case inboxLoadedMsg:
		if msg.seq != v.seq {
			return nil
		}
		v.loadErr = msg.err
		if msg.err == nil {
			v.loaded, v.b = true, msg.b
			v.build()
		}
	case tea.KeyPressMsg:
		k := v.c.keys
		switch {
		case key.Matches(msg, k.Inbox.Dismiss):
			return msgCmd(backMsg{})
		case key.Matches(msg, k.Inbox.Open):
			if v.selectable(v.cursor) {
				return msgCmd(v.rows[v.cursor].open)
			}
		case key.Matches(msg, k.Up):
			v.move(-1)
		case key.Matches(msg, k.Down):
			v.move(1)
		}
	}
	return nil
}

func (v *inboxView) selectable(i int) bool {
	return i >= 0 && i < len(v.rows) && v.rows[i].open != nil
}

// move steps the cursor to the next item in direction d, over headings.
func (v *inboxView) move(d int) {
	for i := v.cursor + d; i >= 0 && i < len(v.rows); i += d {
		if v.selectable(i) {
			v.cursor = i
			return
		}
	}
}

// build lays the inbox out as rows, keeping the cursor on the same record.
func (v *inboxView) build() {
	was := ""
	if v.selectable(v.cursor) {
		was = v.rows[v.cursor].ref
	}
	b, now := v.b, v.c.now()
	clock := newDueClock(now)
	v.rows = v.rows[:0]
	heading := func(title string, n int) {
		if n > 0 {
			title = fmt.Sprintf("%s (%d)", title, n)
		} else {
			title += ": none"
		}
		v.rows = append(v.rows, inboxRow{heading: true, text: title})
	}
	actions := func(title string, as []model.Action) {
		heading(title, len(as))
		for _, a := range as {
			st := clock.of(&a)
			text := fmt.Sprintf("%s  %s  %s  %s%s", model.ActionRef(a.ID), dateLabel(a.Due), a.OwnerAgency, safeLine(a.Title, model.MaxTitleLen), visibilityTag(a.Visibility))
			if m := st.marker(); m != "" {
				text = fmt.Sprintf("%s  %s %s  %s  %s%s", model.ActionRef(a.ID), dateLabel(a.Due), m, a.OwnerAgency, safeLine(a.Title, model.MaxTitleLen), visibilityTag(a.Visibility))
			}
			v.rows = append(v.rows, inboxRow{ref: model.ActionRef(a.ID), text: text, state: st, open: openActionMsg{a: a}})
		}
	}
	actions("New or changed for you", b.New)
	actions("Yours overdue", b.Overdue)
	actions(fmt.Sprintf("Yours due within %d days", model.DueSoonDays), b.DueSoon)
	heading("Problems your agency leads, changed", len(b.Changed))
	for _, p := range b.Changed {
		v.rows = append(v.rows, inboxRow{ref: model.ProblemRef(p.ID), text: fmt.Sprintf("%s  %s  %s%s", model.ProblemRef(p.ID), p.Stage.Title(), safeLine(p.Title, model.MaxTitleLen), visibilityTag(p.Visibility)),
			open: openDetailMsg{p: p}})
	}
	if len(b.PastReview) > 0 { // named only when some are: most readers lead none
		heading("Problems your agency leads, past their review", len(b.PastReview))
	}
	for _, p := range b.PastReview {
		v.rows = append(v.rows, inboxRow{ref: model.ProblemRef(p.ID), text: fmt.Sprintf("%s  review was due %s  %s%s", model.ProblemRef(p.ID), p.ReviewBy.Format("2 Jan"),
			safeLine(p.Title, model.MaxTitleLen), visibilityTag(p.Visibility)), open: openDetailMsg{p: p}})
	}
	heading("Next meeting", len(b.Meetings))
	for _, m := range b.Meetings {
		when := m.When.Format("Mon 2 Jan 15:04")
		if m.State == model.MeetingLive {
			when = "live now"
		}
		text := fmt.Sprintf("M%d  %s  %s", m.ID, when, safeLine(m.Title, model.MaxTitleLen))
		if m.Venue != "" {
			text += ", " + safeLine(m.Venue, model.MaxNameLen)
		}
		v.rows = append(v.rows, inboxRow{ref: fmt.Sprint("M", m.ID), text: text, open: openMeetingMsg{id: m.ID}})
	}
	v.askedRows(b.Asked)
	v.cursor = -1
	for i := range v.rows {
		if v.selectable(i) && (v.cursor < 0 || v.rows[i].ref == was) {
			v.cursor = i
		}
	}
	if v.cursor < 0 {
		v.cursor = 0
	}
}

func (v *inboxView) View() string {
	st := &v.c.styles
	lines := []string{st.Title.Render(trunc(fmt.Sprintf("Since you were last here (%d days)", int(model.InboxWindow.Hours()/24)), v.w))}
	switch {
	case v.loadErr != nil:
		lines = append(lines, st.Error.Render(trunc("Could not read your inbox: "+safeLine(v.loadErr.Error(), model.MaxLineLen), v.w)))
	case !v.loaded:
		lines = append(lines, st.Muted.Render("Reading…"))
	}
	listH := max(0, v.h-len(lines))
	v.offset = keepInView(v.cursor, v.offset, listH, len(v.rows))
	for i := v.offset; i < len(v.rows) && i < v.offset+listH; i++ {
		r := v.rows[i]
		switch {
		case r.heading:
			lines = append(lines, st.Section.Render(trunc(r.text, v.w)))
		case i == v.cursor:
			lines = append(lines, st.RowSelected.Render(fit("› "+r.text, v.w)))
		default:
			lines = append(lines, r.state.style(st).Render(trunc("  "+r.text, v.w)))
		}
	}
	return block(lines, v.w, v.h)
}

// askedRows lists the updates asked of the user for their next meeting,
// when any are: "u" on the record posts one (updates.go).
func (v *inboxView) askedRows(asked []model.AskedUpdate) {
	if len(asked) == 0 {
		return
	}
	todo := 0
	for _, a := range asked {
		if !a.Posted {
			todo++
		}
	}
	v.rows = append(v.rows, inboxRow{heading: true, text: fmt.Sprintf("Updates asked of you for the next meeting (%d to post)", todo)})
	for _, a := range asked {
		mark := "to post"
		if a.Posted {
			mark = "posted "
		}
		v.rows = append(v.rows, inboxRow{text: fmt.Sprintf("%s  %s  %s", model.RecordRef(a.Kind, a.ID), mark, safeLine(a.Title, model.MaxTitleLen))})
	}
}
