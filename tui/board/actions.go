package board

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// ActionsID is the actions list's line in the table.
const ActionsID = "actions"

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

// Actions is the ward's actions, sorted by due date (open ones first).
// As on the board, sorting and filtering happen in Update; so does drawing
// the rows in view, so a frame redrawn for someone else's change costs a
// string copy.
type Actions struct {
	s     ui.Session
	st    Store
	k     *KeyMap
	links Links

	ward string // the ward all was loaded for
	all  []model.Action
	// order is all's indexes by due date, open ones first, packed with
	// their sort keys (see sort); sortedBy is what it was sorted from.
	order    []uint64
	sortedBy []uint64
	rows     []int // indexes into all that are in the view, in order
	loaded   bool

	load ui.Loader
	err  error

	ui.ListCursor

	view   actionView
	agency string // the owner agency shown in viewAgency

	// Counts over all for the bar, kept at load and refilter.
	overdue, soon int

	width     int
	cols      ui.ActionCols
	bar       string
	colHeader string
	body      string // the rows in view, drawn in Update
}

// NewActions makes the actions list, once per session.
func NewActions(s ui.Session, st Store, k *KeyMap, links Links) *Actions {
	return &Actions{s: s, st: st, k: k, links: links}
}

func (l *Actions) Init() tea.Cmd   { return nil }
func (l *Actions) Title() string   { return "Actions" }
func (l *Actions) Capturing() bool { return false }

// Show is called when the screen opens: another ward since the last visit
// starts afresh; the same ward keeps its view and cursor and refreshes.
func (l *Actions) Show() tea.Cmd {
	if ward := l.s.Ward().Code; l.ward != ward {
		l.loaded, l.err = false, nil
		l.Reset()
		l.ward = ward
		l.load.Forget() // an answer for the old ward is no longer taken
		l.setAll(nil)
	}
	return l.reload()
}

func (l *Actions) reload() tea.Cmd {
	if !l.s.HasUser() || l.ward == "" {
		return nil
	}
	seq, ok := l.load.Start(l.s.NextSeq)
	if !ok {
		return nil
	}
	return loadActionsCmd(l.st, l.s.User(), l.ward, seq)
}

// Restyle follows a change of the terminal's background.
func (l *Actions) Restyle() {
	l.colHeader = l.s.Styles().ColHeader.Render(ui.ActionColumnHeader(l.cols))
	l.draw()
}

func (l *Actions) SetSize(w, h int) {
	l.width, l.Height = w, h
	l.cols = ui.LayoutActionColumns(w, true)
	l.scroll()
	l.Restyle()
}

// Current is the action under the cursor, if there is one.
func (l *Actions) Current() (model.Action, bool) {
	if l.Cursor < 0 || l.Cursor >= len(l.rows) {
		return model.Action{}, false
	}
	return l.all[l.rows[l.Cursor]], true
}

func (l *Actions) canCreate() bool { return l.createErr() == nil }

// createErr is why this user may not raise an action here, or nil.
func (l *Actions) createErr() error {
	if !l.s.HasUser() {
		return model.ErrForbidden
	}
	u := l.s.User()
	return model.CheckCreateAction(u, model.Action{Ward: l.ward, OwnerAgency: u.Agency, Visibility: model.Panel}, nil)
}

func canEditAction(u model.User, a model.Action) bool { return model.CheckEditAction(u, a, a) == nil }

func (l *Actions) ShortHelp() []key.Binding {
	k, g := l.k, l.s.Keys()
	a, ok := l.Current()
	return slices.Concat([]key.Binding{g.Help, k.ActionsBack}, ui.When(ok, g.Open), []key.Binding{k.View},
		ui.When(ok && canEditAction(l.s.User(), a), k.Status), ui.When(ok && model.CheckLogOutcome(l.s.User(), a) == nil, k.Outcome),
		ui.When(l.canCreate(), k.NewAction), []key.Binding{g.Quit})
}

func (l *Actions) FullHelp() [][]key.Binding {
	k, g := l.k, l.s.Keys()
	a, ok := l.Current()
	act := slices.Concat([]key.Binding{g.Open}, ui.When(ok && canEditAction(l.s.User(), a), k.Status, k.Edit),
		ui.When(ok && model.CheckLogOutcome(l.s.User(), a) == nil, k.Outcome), ui.When(l.canCreate(), k.NewAction))
	return [][]key.Binding{
		g.Moves(),
		{k.View, k.ViewAgency},
		append(act, k.ActionsBack, k.ActionsToggle, g.Help, g.Quit),
	}
}

// SelectAction puts the list's cursor on an action (one just saved) now,
// or once the next load brings it.
type SelectAction struct{ ID model.ID }

func (l *Actions) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return l.key(msg)
	case SelectAction:
		l.selectID(msg.ID)
	case actionsLoadedMsg:
		return l.loadedMsg(msg)
	case ui.StoreChanged:
		return l.reload()
	}
	return nil
}

func (l *Actions) loadedMsg(msg actionsLoadedMsg) tea.Cmd {
	cmd, ours := l.load.Landed(msg.seq, "loading the actions", msg.err, l.reload)
	if !ours {
		return nil
	}
	l.err = msg.err
	if msg.err == nil {
		if len(msg.agencies) > 0 {
			l.links.SetAgencies(msg.agencies)
		}
		l.loaded = true
		l.setAll(msg.actions)
		l.Want = 0
	}
	return cmd
}

func (l *Actions) key(msg tea.KeyPressMsg) tea.Cmd {
	k := l.k
	if l.ListCursor.Key(l.s.Keys(), msg, actionRows{l}) {
		l.draw()
		return nil
	}
	switch {
	case key.Matches(msg, k.ActionsBack):
		return ui.Cmd(ui.Back{})
	case key.Matches(msg, l.s.Keys().Open):
		if a, ok := l.Current(); ok {
			return ui.Cmd(l.links.OpenAction(a))
		}
	case key.Matches(msg, k.View):
		l.nextView()
	case key.Matches(msg, k.ViewAgency):
		l.nextAgency()
	case key.Matches(msg, k.Status), key.Matches(msg, k.Edit):
		a, ok := l.Current()
		if !ok {
			return nil
		}
		if err := model.CheckEditAction(l.s.User(), a, a); err != nil {
			return ui.Refused(err)
		}
		if key.Matches(msg, k.Status) {
			return ui.Cmd(l.links.ActionStatus(a))
		}
		return ui.Cmd(l.links.EditAction(a))
	case key.Matches(msg, k.Outcome):
		if a, ok := l.Current(); ok {
			if err := model.CheckLogOutcome(l.s.User(), a); err != nil {
				return ui.Refused(err)
			}
			return ui.Cmd(l.links.Outcome(a))
		}
	case key.Matches(msg, k.NewAction):
		if err := l.createErr(); err != nil {
			return ui.Refused(err)
		}
		return ui.Cmd(l.links.NewAction(l.ward))
	}
	return nil
}

// actionRows is the list's rows in view, as its cursor sees them.
type actionRows struct{ l *Actions }

func (v actionRows) Len() int          { return len(v.l.rows) }
func (v actionRows) ID(r int) model.ID { return v.l.all[v.l.rows[r]].ID }
func (v actionRows) Find(id model.ID) (int, bool) {
	for r, i := range v.l.rows {
		if v.l.all[i].ID == id {
			return r, true
		}
	}
	return 0, false
}

// presentAgencies are the owner agencies among the ward's actions, sorted.
func (l *Actions) presentAgencies() []string {
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
func (l *Actions) nextView() {
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
func (l *Actions) nextAgency() {
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
		l.agency = ui.Cycle(ags, l.agency)
	}
	l.refilter()
}

// setAll replaces the list and, with it, everything worked out from it:
// order and rows index into all, so all never changes without them.
func (l *Actions) setAll(all []model.Action) {
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
func (l *Actions) sort() {
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

func (l *Actions) inView(a *model.Action, state ui.Due) bool {
	switch l.view {
	case viewMine:
		// As `actions --mine` means it: assigned to me, or my agency's
		// with nobody named yet.
		return a.IsFor(l.s.User())
	case viewOverdue:
		return state == ui.DueOverdue
	case viewAgency:
		return a.OwnerAgency == l.agency
	}
	return true
}

// refilter recomputes the rows in view and keeps the cursor on the action
// it was on, wherever that action now sits.
func (l *Actions) refilter() {
	clock := ui.NewDueClock(l.s.Now())
	l.rows = l.rows[:0]
	l.overdue, l.soon = 0, 0
	for _, k := range l.order {
		i := orderIndex(k)
		a := &l.all[i]
		state := clock.Of(a)
		switch state {
		case ui.DueOverdue:
			l.overdue++
		case ui.DueSoon:
			l.soon++
		}
		if l.inView(a, state) {
			l.rows = append(l.rows, i)
		}
	}
	l.Place(actionRows{l})
	l.bar = l.drawBar()
	l.draw()
}

// selectID puts the cursor on id now, or once the next load brings it.
func (l *Actions) selectID(id model.ID) {
	l.Want = id
	l.Place(actionRows{l})
	l.draw()
}

func (l *Actions) scroll() { l.Scroll(len(l.rows)) }

func (l *Actions) drawBar() string {
	st := l.s.Styles()
	view := l.view.String()
	if l.view == viewAgency {
		view = "agency " + ui.SafeLine(l.agency, model.MaxLineLen)
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
func (l *Actions) draw() {
	st := l.s.Styles()
	lines := make([]string, 0, l.Height)
	if l.ChromeHeight() > 0 {
		lines = append(lines, l.bar, l.colHeader)
	}
	hint := func(s string) {
		for _, w := range ui.Wrap(s, max(1, l.width)) {
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
		clock := ui.NewDueClock(l.s.Now())
		first, end := l.InView(len(l.rows))
		for r := first; r < end; r++ {
			lines = append(lines, ui.DrawActionRow(st, l.cols, l.all[l.rows[r]], clock, r == l.Cursor, l.width))
		}
	}
	l.body = ui.Block(lines, l.width, l.Height)
}

func (l *Actions) View() string { return l.body }

// ActionsState is what the actions list shows, as a test outside the
// package reads it.
type ActionsState struct {
	// All are the ward's actions as loaded; Shown those in the view, in order.
	All   []model.Action
	Shown []model.ID
	// View names the view ("all", "mine", "overdue", "agency"), and
	// Agency the owner agency of the agency view.
	View, Agency string
}

// State is what the list shows now.
func (l *Actions) State() ActionsState {
	st := ActionsState{All: l.all, View: l.view.String(), Agency: l.agency, Shown: make([]model.ID, len(l.rows))}
	for i, r := range l.rows {
		st.Shown[i] = l.all[r].ID
	}
	return st
}
