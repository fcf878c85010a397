// Package inbox is the inbox screen (issue 21): "since you were last
// here" — what is new for you or your agency, yours overdue and due soon,
// problems your agency leads that changed or are past their review, the
// next meeting, and the updates asked of you for it. Shown before the
// board on connecting when it has something in it (tui.Options.Inbox), and
// at `i` from the board. One key (esc, i or space) puts it away; enter
// opens the record under the cursor, and u posts an update asked of you.
// It reads through Read, so only the store's permission-checked lists, and
// follows the change feed while open.
package inbox

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// ID is the screen's line in the table.
const ID = "inbox"

// Links are the ways from the inbox to screens of other packages, given
// by the table's line.
type Links struct {
	OpenAction  func(a model.Action) tea.Msg
	OpenProblem func(p model.Problem) tea.Msg
	OpenMeeting func(id model.ID) tea.Msg
	// PostUpdate opens the update form on a record, for meeting m.
	PostUpdate func(kind model.RecordKind, id model.ID, title string, m model.Meeting) tea.Msg
	// Greet shows the inbox, read on connecting with something in it,
	// over the board, if the user is still there.
	Greet func() tea.Msg
}

// KeyMap is the inbox's keys; the board offers Board.
type KeyMap struct {
	Board   key.Binding // board → inbox
	Dismiss key.Binding
	Open    key.Binding
	Post    key.Binding
}

// NewKeyMap makes the keys.
func NewKeyMap() KeyMap {
	return KeyMap{
		Board:   ui.Bind("inbox", "i"),
		Dismiss: key.NewBinding(key.WithKeys("esc", "i", "space", "backspace"), key.WithHelp("esc/i", "to the board")),
		Open:    ui.Bind("open", "enter"),
		Post:    ui.Bind("post update", "u"),
	}
}

// row is one line of the panel: a heading, or an item that enter opens.
type row struct {
	heading bool
	ref     string // A5, P2, M1: keeps the cursor on its record across reloads
	text    string
	state   ui.Due
	open    tea.Msg // nil: nothing to open
	post    tea.Msg // an update asked: u opens the form (nil: none)
	postErr error   // why u is refused
	// askedKind and askedID name the record of an update asked.
	askedKind model.RecordKind
	askedID   model.ID
}

// View is the inbox panel, made once per session.
type View struct {
	s     ui.Session
	st    Reader
	k     KeyMap
	links Links
	// onConnect: read the inbox when a user arrives, and show it if it
	// has something in it (Greet).
	onConnect bool
	greeting  bool

	load    ui.Loader
	loaded  bool
	b       model.Inbox
	rows    []row
	cursor  int // index into rows, always an item when there is one
	offset  int
	loadErr error

	w, h int
}

// New makes the panel; onConnect has it greet a user who arrives.
func New(s ui.Session, st Reader, links Links, onConnect bool) *View {
	return &View{s: s, st: st, k: NewKeyMap(), links: links, onConnect: onConnect}
}

func (v *View) Init() tea.Cmd    { return nil }
func (v *View) SetSize(w, h int) { v.w, v.h = w, h }
func (v *View) Capturing() bool  { return false }
func (v *View) Title() string    { return "Inbox" }

// Show reads afresh as the panel opens.
func (v *View) Show() tea.Cmd { return v.reload() }

// Greet reads the inbox for the session's first look, if it shows one.
func (v *View) Greet() tea.Cmd {
	if !v.onConnect {
		return nil
	}
	v.greeting = true
	return v.reload()
}

func (v *View) ShortHelp() []key.Binding { return v.keys() }
func (v *View) FullHelp() [][]key.Binding {
	k := v.s.Keys()
	return [][]key.Binding{v.keys(), {k.Up, k.Down, k.Help, k.Quit}}
}

func (v *View) keys() []key.Binding {
	out := []key.Binding{v.s.Keys().Help, v.k.Dismiss}
	if v.selectable(v.cursor) {
		out = append(out, v.k.Open)
		if r := v.rows[v.cursor]; r.post != nil && r.postErr == nil {
			out = append(out, v.k.Post)
		}
	}
	return out
}

// reload reads the inbox in a tea.Cmd: one load at a time, and one more
// for whatever changed meanwhile.
func (v *View) reload() tea.Cmd {
	if !v.s.HasUser() {
		return nil
	}
	seq, ok := v.load.Start(v.s.NextSeq)
	if !ok {
		return nil
	}
	return loadCmd(v.st, v.s.User(), v.s.Now(), seq)
}

func (v *View) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ui.StoreChanged:
		return v.reload()
	case loadedMsg:
		return v.loadDone(msg)
	case tea.KeyPressMsg:
		return v.key(msg)
	}
	return nil
}

func (v *View) loadDone(msg loadedMsg) tea.Cmd {
	// The inbox shows its own read error in place of the list.
	cmd, ours := v.load.Landed(msg.seq, "", nil, v.reload)
	if !ours {
		return nil
	}
	v.loadErr = msg.err
	if msg.err == nil {
		v.loaded, v.b = true, msg.r.b
		v.build(msg.r)
		if v.greeting && !v.b.Empty() {
			cmd = tea.Batch(ui.Cmd(v.links.Greet()), cmd)
		}
	}
	v.greeting = false
	return cmd
}

func (v *View) key(msg tea.KeyPressMsg) tea.Cmd {
	k := v.s.Keys()
	switch {
	case key.Matches(msg, v.k.Dismiss):
		return ui.Cmd(ui.Back{})
	case key.Matches(msg, v.k.Open):
		if v.selectable(v.cursor) {
			return ui.Cmd(v.rows[v.cursor].open)
		}
	case key.Matches(msg, v.k.Post):
		if r := v.cursorRow(); r.post != nil {
			if r.postErr != nil {
				return ui.Refused(r.postErr)
			}
			return ui.Cmd(r.post)
		}
	case key.Matches(msg, k.Up):
		v.move(-1)
	case key.Matches(msg, k.Down):
		v.move(1)
	}
	return nil
}

// Asked is the update asked of the user under the cursor, if it is on one.
func (v *View) Asked() (kind model.RecordKind, id model.ID, ok bool) {
	if r := v.cursorRow(); r.post != nil {
		return r.askedKind, r.askedID, true
	}
	return "", 0, false
}

// cursorRow is the row under the cursor (none: the zero row).
func (v *View) cursorRow() row {
	if !v.selectable(v.cursor) {
		return row{}
	}
	return v.rows[v.cursor]
}

func (v *View) selectable(i int) bool {
	return i >= 0 && i < len(v.rows) && v.rows[i].open != nil
}

// move steps the cursor to the next item in direction d, over headings.
func (v *View) move(d int) {
	for i := v.cursor + d; i >= 0 && i < len(v.rows); i += d {
		if v.selectable(i) {
			v.cursor = i
			return
		}
	}
}

// build lays the inbox out as rows, keeping the cursor on the same record.
func (v *View) build(r read) {
	was := v.cursorRow().ref
	b := v.b
	clock := ui.NewDueClock(v.s.Now())
	v.rows = v.rows[:0]
	heading := func(title string, n int) {
		if n > 0 {
			title = fmt.Sprintf("%s (%d)", title, n)
		} else {
			title += ": none"
		}
		v.rows = append(v.rows, row{heading: true, text: title})
	}
	actions := func(title string, as []model.Action) {
		heading(title, len(as))
		for _, a := range as {
			st := clock.Of(&a)
			due := ui.DateLabel(a.Due)
			if m := st.Marker(); m != "" {
				due += " " + m
			}
			text := fmt.Sprintf("%s  %s  %s  %s%s", model.ActionRef(a.ID), due, a.OwnerAgency, ui.SafeLine(a.Title, model.MaxTitleLen), ui.VisibilityTag(a.Visibility))
			v.rows = append(v.rows, row{ref: model.ActionRef(a.ID), text: text, state: st, open: v.links.OpenAction(a)})
		}
	}
	actions("New or changed for you", b.New)
	actions("Yours overdue", b.Overdue)
	actions(fmt.Sprintf("Yours due within %d days", model.DueSoonDays), b.DueSoon)
	heading("Problems your agency leads, changed", len(b.Changed))
	for _, p := range b.Changed {
		v.rows = append(v.rows, row{ref: model.ProblemRef(p.ID), text: fmt.Sprintf("%s  %s  %s%s", model.ProblemRef(p.ID), p.Stage.Title(), ui.SafeLine(p.Title, model.MaxTitleLen), ui.VisibilityTag(p.Visibility)),
			open: v.links.OpenProblem(p)})
	}
	if len(b.PastReview) > 0 { // named only when some are: most readers lead none
		heading("Problems your agency leads, past their review", len(b.PastReview))
	}
	for _, p := range b.PastReview {
		v.rows = append(v.rows, row{ref: model.ProblemRef(p.ID), text: fmt.Sprintf("%s  review was due %s  %s%s", model.ProblemRef(p.ID), p.ReviewBy.Format("2 Jan"),
			ui.SafeLine(p.Title, model.MaxTitleLen), ui.VisibilityTag(p.Visibility)), open: v.links.OpenProblem(p)})
	}
	heading("Next meeting", len(b.Meetings))
	for _, m := range b.Meetings {
		when := m.When.Format("Mon 2 Jan 15:04")
		if m.State == model.MeetingLive {
			when = "live now"
		}
		text := fmt.Sprintf("M%d  %s  %s", m.ID, when, ui.SafeLine(m.Title, model.MaxTitleLen))
		if m.Venue != "" {
			text += ", " + ui.SafeLine(m.Venue, model.MaxNameLen)
		}
		v.rows = append(v.rows, row{ref: fmt.Sprint("M", m.ID), text: text, open: v.links.OpenMeeting(m.ID)})
	}
	v.askedRows(r)
	v.cursor = -1
	for i := range v.rows {
		if v.selectable(i) && (v.cursor < 0 || v.rows[i].ref == was && v.rows[v.cursor].ref != was) {
			v.cursor = i
		}
	}
	if v.cursor < 0 {
		v.cursor = 0
	}
}

// askedRows lists the updates asked of the user for their next meeting,
// when any are: enter opens the record, u posts one.
func (v *View) askedRows(r read) {
	if len(r.b.Asked) == 0 {
		return
	}
	todo := 0
	for _, a := range r.b.Asked {
		if !a.Posted {
			todo++
		}
	}
	v.rows = append(v.rows, row{heading: true, text: fmt.Sprintf("Updates asked of you for the next meeting (%d to post)", todo)})
	for _, a := range r.b.Asked {
		mark := "to post"
		if a.Posted {
			mark = "posted "
		}
		ref := model.RecordRef(a.Kind, a.ID)
		rw := row{ref: "asked " + ref, text: fmt.Sprintf("%s  %s  %s", ref, mark, ui.SafeLine(a.Title, model.MaxTitleLen))}
		ask := r.asked[askKey{a.Kind, a.ID}]
		switch {
		case ask.action != nil:
			rw.open = v.links.OpenAction(*ask.action)
		case ask.problem != nil:
			rw.open = v.links.OpenProblem(*ask.problem)
		}
		if rw.open != nil {
			rw.askedKind, rw.askedID = a.Kind, a.ID
			rw.post, rw.postErr = v.links.PostUpdate(a.Kind, a.ID, a.Title, ask.meeting), ask.err
		}
		v.rows = append(v.rows, rw)
	}
}

func (v *View) View() string {
	st := v.s.Styles()
	lines := []string{st.Title.Render(ui.Trunc(fmt.Sprintf("Since you were last here (%d days)", int(model.InboxWindow.Hours()/24)), v.w))}
	switch {
	case v.loadErr != nil:
		lines = append(lines, st.Error.Render(ui.Trunc("Could not read your inbox: "+ui.SafeLine(v.loadErr.Error(), model.MaxLineLen), v.w)))
	case !v.loaded:
		lines = append(lines, st.Muted.Render("Reading…"))
	}
	listH := max(0, v.h-len(lines))
	v.offset = ui.KeepInView(v.cursor, v.offset, listH, len(v.rows))
	for i := v.offset; i < len(v.rows) && i < v.offset+listH; i++ {
		r := v.rows[i]
		switch {
		case r.heading:
			lines = append(lines, st.Section.Render(ui.Trunc(r.text, v.w)))
		case i == v.cursor:
			lines = append(lines, st.RowSelected.Render(ui.Fit("› "+r.text, v.w)))
		default:
			lines = append(lines, r.state.Style(st).Render(ui.Trunc("  "+r.text, v.w)))
		}
	}
	return ui.Block(lines, v.w, v.h)
}
