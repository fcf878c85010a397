package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// Column widths of an action row, in cells. Narrow screens drop the
// assignee, then the problem, then the owner, then fold the due date and
// its marker into one "when" cell, rather than wrap.
const (
	colAStatus      = 11 // "in-progress"
	colADue         = 10 // "2026-03-16"
	colAFlag        = 8  // "overdue", "due soon"
	colAWhen        = 8  // the folded cell: a marker, or a short date
	colAOwner       = 9
	colAProblem     = 5 // "P1234"
	colAAssignee    = 14
	colAAssigneeMax = 22
	colATitleMin    = 16
	// colATitleWithAssignee is the title width a screen must afford
	// before it shows the assignee: the title says what is to be done.
	colATitleWithAssignee = 20
)

type actionCols struct {
	title, assignee                    int
	date, owner, problem, showAssignee bool // date false: the folded "when" cell
}

// layoutActionColumns fits an action row to width. withProblem asks for
// the linked-problem column (not wanted inside a problem's own detail).
func layoutActionColumns(width int, withProblem bool) actionCols {
	try := []actionCols{
		{date: true, owner: true, problem: withProblem, showAssignee: true},
		{date: true, owner: true, problem: withProblem},
		{date: true, owner: true},
		{date: true},
	}
	for _, c := range try {
		used := colMarker + colAStatus + 1 + colADue + 1 + colAFlag + 1
		if c.owner {
			used += colAOwner + 1
		}
		if c.problem {
			used += colAProblem + 1
		}
		if c.showAssignee {
			used += colAAssignee + 1
		}
		c.title = width - used
		minTitle := colATitleMin
		if c.showAssignee {
			minTitle = colATitleWithAssignee
		}
		if c.title < minTitle {
			continue
		}
		if c.showAssignee {
			c.assignee = colAAssignee
			if extra := c.title - titleRoomy; extra > 0 {
				grow := min(extra/2, colAAssigneeMax-colAAssignee)
				c.assignee += grow
				c.title -= grow
			}
		}
		return c
	}
	return actionCols{title: max(1, width-colMarker-colAStatus-1-colAWhen-1)}
}

func actionColumnHeader(c actionCols) string {
	cells := []string{strings.Repeat(" ", colMarker-1), fit("STATUS", colAStatus)}
	if c.date {
		cells = append(cells, fit("DUE", colADue), fit("", colAFlag))
	} else {
		cells = append(cells, fit("WHEN", colAWhen))
	}
	if c.owner {
		cells = append(cells, fit("OWNER", colAOwner))
	}
	if c.problem {
		cells = append(cells, fit("PROB", colAProblem))
	}
	if c.showAssignee {
		cells = append(cells, fit("ASSIGNEE", c.assignee))
	}
	return strings.Join(append(cells, fit("TITLE", c.title)), " ")
}

// dueState is where an action stands against its due date today; the
// clock that tells it is shared with the inbox (package ui).
type dueState = ui.Due

const (
	dueLater   = ui.DueLater
	dueSoon    = ui.DueSoon
	dueOverdue = ui.DueOverdue
	dueClosed  = ui.DueClosed
)

func dueOf(a model.Action, now time.Time) dueState { return ui.NewDueClock(now).Of(&a) }

type dueClock = ui.DueClock

func newDueClock(now time.Time) dueClock { return ui.NewDueClock(now) }

// dateLabel is how the app writes a date: as it is typed, year first.
func dateLabel(t time.Time) string { return ui.DateLabel(t) }

// shortDate fits a date in the folded "when" cell.
func shortDate(t, today time.Time) string {
	switch {
	case t.IsZero():
		return "—"
	case t.Year() == today.Year():
		return t.Format("2 Jan")
	}
	return t.Format("Jan 2006")
}

// drawActionRow draws one action on one line. As on the board, a selected
// row is drawn plain and styled whole; an overdue or due-soon row carries
// its marker as a word, so NO_COLOR loses only the colour.
func drawActionRow(st *styles, c actionCols, a model.Action, clock dueClock, selected bool, width int) string {
	state := clock.Of(&a)
	now := clock.Today
	styled := func(s inline, text string) string {
		if selected || state == dueClosed {
			return text
		}
		return s.Render(text)
	}
	due := func(text string) string {
		if state == dueLater {
			return st.value(text)
		}
		return styled(state.Style(&st.Styles), text)
	}
	marker := "  "
	if selected {
		marker = "> "
	}
	cells := make([]string, 0, 8)
	cells = append(cells, marker+fit(safeLine(string(a.Status), model.MaxLineLen), colAStatus))
	if c.date {
		cells = append(cells, due(fit(dateLabel(a.Due), colADue)), due(fit(state.Marker(), colAFlag)))
	} else {
		when := state.Marker()
		if when == "" {
			when = shortDate(a.Due, now)
		}
		cells = append(cells, due(fit(when, colAWhen)))
	}
	if c.owner {
		cells = append(cells, fit(orDash(safeLine(a.OwnerAgency, model.MaxLineLen)), colAOwner))
	}
	if c.problem {
		prob := "—"
		if a.ProblemID != 0 {
			prob = model.ProblemRef(a.ProblemID)
		}
		cells = append(cells, fit(prob, colAProblem))
	}
	if c.showAssignee {
		cells = append(cells, fit(orDash(safeName(a.Assignee)), c.assignee))
	}
	title := safeLine(a.Title, model.MaxTitleLen)
	if tag := visibilityTag(a.Visibility); tag != "" {
		tagW := min(lipgloss.Width(tag), max(0, c.title-colATitleMin/2))
		tag = trunc(tag, tagW)
		title = styled(st.Restricted, tag) + " " + fit(title, max(0, c.title-tagW-1))
	} else {
		title = fit(title, c.title)
	}
	line := strings.Join(append(cells, title), " ")
	switch {
	case selected:
		return st.RowSelected.Render(fit(line, width))
	case state == dueClosed:
		return st.Closed.Render(line)
	}
	return line
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// actionView is which of the ward's actions the list shows.
type actionView int

const (
	viewAll actionView = iota
	viewMine
	viewOverdue
	viewAgency
)

func (v actionView) String() string {
	return [...]string{"all", "mine", "overdue", "agency"}[v]
}

// actionList is the ward's actions, sorted by due date (open ones first).
// As on the board, sorting and filtering happen in Update; so does drawing
// the rows in view, so a frame redrawn for someone else's change costs a
// string copy.
type actionList struct {
	c *common

	ward string // the ward all was loaded for
	all  []model.Action
	// order is all's indexes by due date, open ones first, packed with
	// their sort keys (see sort); sortedBy is what it was sorted from.
	order    []uint64
	sortedBy []uint64
	rows     []int // indexes into all that are in the view, in order
	agencies []model.Agency
	loaded   bool

	loading bool
	stale   bool
	seq     int
	err     error

	listFrame
	selected model.ID
	want     model.ID

	view   actionView
	agency string // the owner agency shown in viewAgency

	// Counts over all for the bar, kept at load and refilter.
	overdue, soon int

	width     int
	cols      actionCols
	bar       string
	colHeader string
	body      string // the rows in view, drawn in Update
}

func newActionList(c *common) *actionList {
	return &actionList{c: c}
}

func (l *actionList) Init() tea.Cmd { return nil }

// show is called when the screen opens: another ward since the last visit
// starts afresh; the same ward keeps its view and cursor and refreshes.
func (l *actionList) show() tea.Cmd {
	if l.ward != l.c.ward.Code {
		l.loaded, l.err = false, nil
		l.cursor, l.offset, l.selected = 0, 0, 0
		l.ward = l.c.ward.Code
		l.loading = false // an answer for the old ward no longer matches seq
		l.setAll(nil)
	}
	return l.reload()
}

func (l *actionList) reload() tea.Cmd {
	if !l.c.hasUser || l.ward == "" {
		return nil
	}
	if l.loading {
		l.stale = true
		return nil
	}
	l.loading, l.stale = true, false
	l.seq = l.c.nextSeq()
	return loadActionsCmd(l.c.store, l.c.user, l.ward, l.seq)
}

func (l *actionList) restyle() {
	l.colHeader = l.c.styles.ColHeader.Render(actionColumnHeader(l.cols))
	l.draw()
}

func (l *actionList) SetSize(w, h int) {
	l.width, l.height = w, h
	l.cols = layoutActionColumns(w, true)
	l.scroll()
	l.restyle()
}

func (l *actionList) capturing() bool { return false }

func (l *actionList) current() (model.Action, bool) {
	if l.cursor < 0 || l.cursor >= len(l.rows) {
		return model.Action{}, false
	}
	return l.all[l.rows[l.cursor]], true
}

func (l *actionList) canCreate() bool { return l.createErr() == nil }

// createErr is why this user may not raise an action here, or nil.
func (l *actionList) createErr() error {
	if !l.c.hasUser {
		return model.ErrForbidden
	}
	return model.CheckCreateAction(l.c.user, model.Action{Ward: l.ward, OwnerAgency: l.c.user.Agency, Visibility: model.Panel}, nil)
}

func canEditAction(u model.User, a model.Action) bool { return model.CheckEditAction(u, a, a) == nil }

func (l *actionList) ShortHelp() []key.Binding {
	k := l.c.keys
	out := []key.Binding{k.Help, k.ActionsBack}
	a, ok := l.current()
	if ok {
		out = append(out, k.Open)
	}
	out = append(out, k.View)
	if ok && canEditAction(l.c.user, a) {
		out = append(out, k.Status)
	}
	if ok && model.CheckLogOutcome(l.c.user, a) == nil {
		out = append(out, k.Outcome)
	}
	if l.canCreate() {
		out = append(out, k.NewAction)
	}
	return append(out, k.Quit)
}

func (l *actionList) FullHelp() [][]key.Binding {
	k := l.c.keys
	act := []key.Binding{k.Open}
	if a, ok := l.current(); ok {
		if canEditAction(l.c.user, a) {
			act = append(act, k.Status, k.Edit)
		}
		if model.CheckLogOutcome(l.c.user, a) == nil {
			act = append(act, k.Outcome)
		}
	}
	if l.canCreate() {
		act = append(act, k.NewAction)
	}
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		{k.View, k.ViewAgency},
		append(act, k.ActionsBack, k.ActionsToggle, k.Help, k.Quit),
	}
}

func (l *actionList) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case actionsLoadedMsg:
		return l.loadedMsg(msg)
	case StoreChangedMsg:
		return l.reload()
	case tea.KeyPressMsg:
		return l.key(msg)
	}
	return nil
}

func (l *actionList) loadedMsg(msg actionsLoadedMsg) tea.Cmd {
	if msg.seq != l.seq {
		return nil
	}
	l.loading = false
	var cmds []tea.Cmd
	if msg.err != nil {
		l.err = msg.err
		cmds = append(cmds, msgCmd(errMsg{op: "loading the actions", err: msg.err}))
	} else {
		l.err = nil
		if len(msg.agencies) > 0 {
			l.agencies = msg.agencies
			l.c.agencies = msg.agencies
		}
		l.loaded = true
		l.setAll(msg.actions)
		l.want = 0
	}
	if l.stale {
		cmds = append(cmds, l.reload())
	}
	return tea.Batch(cmds...)
}

func (l *actionList) key(msg tea.KeyPressMsg) tea.Cmd {
	k := l.c.keys
	switch {
	case key.Matches(msg, k.Up):
		l.move(-1)
	case key.Matches(msg, k.Down):
		l.move(1)
	case key.Matches(msg, k.PageUp):
		l.move(-l.pageSize())
	case key.Matches(msg, k.PageDown):
		l.move(l.pageSize())
	case key.Matches(msg, k.Home):
		l.move(-len(l.rows))
	case key.Matches(msg, k.End):
		l.move(len(l.rows))
	case key.Matches(msg, k.ActionsBack):
		return msgCmd(backMsg{})
	case key.Matches(msg, k.Open):
		if a, ok := l.current(); ok {
			return msgCmd(openActionMsg{a: a})
		}
	case key.Matches(msg, k.View):
		l.nextView()
	case key.Matches(msg, k.ViewAgency):
		l.nextAgency()
	case key.Matches(msg, k.Status), key.Matches(msg, k.Edit):
		a, ok := l.current()
		if !ok {
			return nil
		}
		if err := model.CheckEditAction(l.c.user, a, a); err != nil {
			return refused(err)
		}
		if key.Matches(msg, k.Status) {
			return msgCmd(openStatusMsg{a: a})
		}
		return msgCmd(openActionFormMsg{a: a})
	case key.Matches(msg, k.Outcome):
		if a, ok := l.current(); ok {
			if err := model.CheckLogOutcome(l.c.user, a); err != nil {
				return refused(err)
			}
			return msgCmd(openOutcomeMsg{a: a})
		}
	case key.Matches(msg, k.NewAction):
		if err := l.createErr(); err != nil {
			return refused(err)
		}
		return msgCmd(openActionFormMsg{create: true, a: model.Action{Ward: l.ward}})
	}
	return nil
}

// presentAgencies are the owner agencies among the ward's actions, sorted.
func (l *actionList) presentAgencies() []string {
	codes := make([]string, 0, 8)
	for _, a := range l.all {
		if a.OwnerAgency != "" {
			codes = append(codes, a.OwnerAgency)
		}
	}
	slices.Sort(codes)
	return slices.Compact(codes)
}

// nextView goes all → mine → overdue → by agency → all. The agency view
// is skipped while no action has an owner.
func (l *actionList) nextView() {
	l.view = (l.view + 1) % (viewAgency + 1)
	if l.view == viewAgency {
		ags := l.presentAgencies()
		if len(ags) == 0 {
			l.view = viewAll
		} else if !slices.Contains(ags, l.agency) {
			l.agency = ags[0]
		}
	}
	l.refilter()
}

// nextAgency shows the next owner agency's actions, entering that view.
func (l *actionList) nextAgency() {
	ags := l.presentAgencies()
	if len(ags) == 0 {
		return
	}
	if l.view != viewAgency {
		l.view = viewAgency
		if !slices.Contains(ags, l.agency) {
			l.agency = ags[0]
		}
	} else {
		l.agency = cycle(ags, l.agency)
	}
	l.refilter()
}

// setAll replaces the list and, with it, everything worked out from it:
// order and rows index into all, so all never changes without them.
func (l *actionList) setAll(all []model.Action) {
	l.all = all
	l.sort()
	l.refilter()
}

// sort orders the list by due date, open actions before closed ones, then
// by ID, so the order never depends on how the store listed them.
//
// Each action becomes one integer, closed | due day | index into all, and
// the integers are sorted: no comparison function, nothing moved but
// words. That is five times quicker than sorting the records, which
// matters when every change re-sorts a long list in every session on this
// screen. Ties fall to the index, which is ID order once all is.
//
// Most changes to the store move no action's due date or status in this
// ward; then the keys are as last time and so is the order.
func (l *actionList) sort() {
	byID := func(x, y model.Action) int { return cmp.Compare(x.ID, y.ID) }
	if !slices.IsSortedFunc(l.all, byID) {
		slices.SortFunc(l.all, byID)
	}
	same := len(l.sortedBy) == len(l.all)
	keys := l.sortedBy[:0]
	for i := range l.all {
		a := &l.all[i]
		k := actionSortKey(a) | uint64(i)
		same = same && l.sortedBy[i] == k
		keys = append(keys, k)
	}
	l.sortedBy = keys
	if same && len(l.order) == len(keys) {
		return
	}
	l.order = append(l.order[:0], keys...)
	slices.Sort(l.order)
}

const (
	sortIndexBits = 36 // up to 68 billion actions in one list
	sortDayBits   = 26 // ± 90,000 years of due dates, zero dates included
)

// actionSortKey is closed (top bit) and the due day (next bits), above
// the bits sort leaves for the index.
func actionSortKey(a *model.Action) uint64 {
	day := a.Due.Unix()/86400 + 1<<(sortDayBits-1)
	k := uint64(clamp64(day, 0, 1<<sortDayBits-1)) << sortIndexBits
	if a.Status.Closed() {
		k |= 1 << (sortIndexBits + sortDayBits)
	}
	return k
}

func clamp64(v, lo, hi int64) int64 { return max(lo, min(v, hi)) }

func orderIndex(k uint64) int { return int(k & (1<<sortIndexBits - 1)) }

func (l *actionList) inView(a *model.Action, state dueState) bool {
	switch l.view {
	case viewMine:
		// As `actions --mine` means it: assigned to me, or my agency's
		// with nobody named yet.
		return a.IsFor(l.c.user)
	case viewOverdue:
		return state == dueOverdue
	case viewAgency:
		return a.OwnerAgency == l.agency
	}
	return true
}

// refilter recomputes the rows in view and keeps the cursor on the action
// it was on, wherever that action now sits.
func (l *actionList) refilter() {
	clock := newDueClock(l.c.now())
	l.rows = l.rows[:0]
	l.overdue, l.soon = 0, 0
	for _, k := range l.order {
		i := orderIndex(k)
		a := &l.all[i]
		state := clock.Of(a)
		switch state {
		case dueOverdue:
			l.overdue++
		case dueSoon:
			l.soon++
		}
		if l.inView(a, state) {
			l.rows = append(l.rows, i)
		}
	}
	l.placeCursor()
	l.bar = l.drawBar()
	l.draw()
}

func (l *actionList) placeCursor() {
	for _, id := range []model.ID{l.want, l.selected} {
		if id == 0 {
			continue
		}
		for r, i := range l.rows {
			if l.all[i].ID == id {
				l.cursor = r
				l.selected = id
				l.scroll()
				return
			}
		}
	}
	// The action left the view: stay at the same height on screen.
	l.cursor = clamp(l.cursor, 0, max(0, len(l.rows)-1))
	if a, ok := l.current(); ok {
		l.selected = a.ID
	} else {
		l.selected = 0
	}
	l.scroll()
}

// selectID puts the cursor on id now, or once the next load brings it.
func (l *actionList) selectID(id model.ID) {
	l.want = id
	l.placeCursor()
	l.draw()
}

func (l *actionList) move(delta int) {
	if len(l.rows) == 0 {
		return
	}
	l.want = 0
	l.cursor = clamp(l.cursor+delta, 0, len(l.rows)-1)
	l.selected = l.all[l.rows[l.cursor]].ID
	l.scroll()
	l.draw()
}

func (l *actionList) scroll() {
	l.offset = keepInView(l.cursor, l.offset, l.listHeight(), len(l.rows))
}

func (l *actionList) drawBar() string {
	st := &l.c.styles
	view := l.view.String()
	if l.view == viewAgency {
		view = "agency " + safeLine(l.agency, model.MaxLineLen)
	}
	parts := []string{
		st.Title.Render("Actions"),
		st.Label.Render(fmt.Sprintf("%d/%d", len(l.rows), len(l.all))),
		st.Label.Render("view ") + st.FilterOn.Render(view),
	}
	if l.overdue > 0 {
		parts = append(parts, st.Overdue.Render(fmt.Sprintf("%d overdue", l.overdue)))
	}
	if l.soon > 0 {
		parts = append(parts, st.DueSoon.Render(fmt.Sprintf("%d due soon", l.soon)))
	}
	return strings.Join(parts, st.Label.Render(" · "))
}

// draw renders the rows in view. Only they are drawn, however long the list.
func (l *actionList) draw() {
	st := &l.c.styles
	h := l.listHeight()
	lines := make([]string, 0, l.height)
	if l.chromeHeight() > 0 {
		lines = append(lines, l.bar, l.colHeader)
	}
	hint := func(s string) {
		for _, w := range wrap(s, max(1, l.width)) {
			lines = append(lines, st.Muted.Render(w))
		}
	}
	switch {
	case l.ward == "":
		hint("You are not a member of any ward yet.")
	case !l.loaded && l.err != nil:
		hint("Could not load the actions; they will load again with the next change.")
	case !l.loaded:
		hint("Loading the actions…")
	case len(l.all) == 0:
		msg := "No actions in this ward yet."
		if l.canCreate() {
			msg += " Open a problem and press a to raise one, or press n."
		}
		hint(msg)
	case len(l.rows) == 0:
		hint("No actions in this view — press v for the next view.")
	default:
		clock := newDueClock(l.c.now())
		end := min(len(l.rows), l.offset+h)
		for r := l.offset; r < end; r++ {
			lines = append(lines, drawActionRow(st, l.cols, l.all[l.rows[r]], clock, r == l.cursor, l.width))
		}
	}
	l.body = block(lines, l.width, l.height)
}

func (l *actionList) View() string { return l.body }
