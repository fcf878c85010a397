// Package board is the ward's board (its problems, with a filter bar,
// search and sort) and the actions list ("my actions", t from the board):
// the two lists of the ward a user moves between. Both are ui.Screens,
// one line each in the root's table; the screens they open are the root's,
// reached through Links.
package board

import (
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

// ID is the board's line in the table.
const ID = "board"

// Column widths in cells. Title takes what is left; location grows on wide
// screens. Narrower screens drop location, then lead agency, then category,
// rather than wrap a row.
const (
	colMarker   = ui.ColMarker
	colPriority = 4
	colStage    = 10
	colCategory = 13
	colLead     = 9
	colLocMin   = 12
	colLocMax   = 30
	colTitleMin = 16
	// colTitleWithLoc is the title width a screen must afford before it
	// shows location: the title says what the problem is, and the location
	// is one key away in the detail.
	colTitleWithLoc = 36
)

type columns struct {
	title, loc                 int
	showCat, showLead, showLoc bool
}

func layoutColumns(width int) columns {
	fixed := colMarker + colPriority + 1 + colStage + 1
	try := []columns{
		{showCat: true, showLead: true, showLoc: true},
		{showCat: true, showLead: true},
		{showCat: true},
		{},
	}
	for _, c := range try {
		used := fixed
		if c.showCat {
			used += 1 + colCategory
		}
		if c.showLead {
			used += 1 + colLead
		}
		if c.showLoc {
			used += 1 + colLocMin
		}
		c.title = width - used
		if (c.title < colTitleMin && c.showCat) || (c.showLoc && c.title < colTitleWithLoc) {
			continue
		}
		if c.showLoc {
			c.title, c.loc = ui.Grow(c.title, colLocMin, colLocMax)
		}
		c.title = max(c.title, 1)
		return c
	}
	return columns{title: 1}
}

// boardFilter is what narrows the list. The zero value shows everything.
type boardFilter struct {
	text     string
	stage    model.Stage
	category model.Category
	agency   string
	// review, when set, keeps only the problems past their review date
	// on that day (the "for review" filter).
	review time.Time
}

func (f boardFilter) active() bool { return f != boardFilter{} }

// rowsKey is a list and a filter, its text lower-cased.
type rowsKey struct {
	list   *boardList
	filter boardFilter
}

// matchFields applies every filter but the text, which findRows checks
// against a prepared haystack.
func (f boardFilter) matchFields(p *model.Problem) bool {
	if f.stage != "" && p.Stage != f.stage {
		return false
	}
	if f.category != "" && p.Category != f.category {
		return false
	}
	if f.agency != "" && p.LeadAgency != f.agency {
		return false
	}
	if !f.review.IsZero() && !p.PastReview(f.review) {
		return false
	}
	return true
}

// Board lists the ward's problems. Sorting and filtering happen in Update
// (on load, on a filter change, on resize), never in View: View draws only
// the rows that fit, from indexes worked out beforehand.
type Board struct {
	s     ui.Session
	st    Store
	k     *KeyMap
	links Links

	wardIdx int
	// problems are as loaded; list is them in the current sort order, all
	// its problems. All three are shared with other sessions (boardList)
	// and only read: what is the session's own is rows.
	problems loadedList
	list     *boardList
	all      []*model.Problem
	agencies []model.Agency
	rows     []int32 // indexes into all that pass the filter, in order
	rowsFor  rowsKey // what rows were found for
	loaded   bool
	// starred are the ward's priorities, marked ★.
	starred map[model.ID]bool

	// One load at a time: a change that arrives during a load marks the
	// board stale and one more load follows, however many changes came.
	load ui.Loader

	ui.ListCursor

	filter    boardFilter
	sortByAge bool
	search    ui.SearchField

	width int
	cols  columns
	// now is the frame's time, for the past-review mark.
	now time.Time

	// Drawn in Update, when what they show changes, so the frames that
	// every change to the store triggers do not style them again.
	bar       string
	colHeader string
	priCells  map[model.Priority]string
	// drawn are rows as last drawn, not selected, by problem. A problem is
	// a record nobody changes (boardList), so its row changes only with
	// the columns, the styles, the stars and the day (its review tag), on
	// which drawn is emptied. Each key of a search shows other rows, most
	// of them drawn for the key before: on a long list the screen fills
	// with them where a short list's shows a few (issue 24, P4).
	drawn    map[*model.Problem]string
	drawnDay time.Time
}

// maxDrawn bounds drawn: a few screens' rows, and not the whole list for
// a session scrolling through it.
const maxDrawn = 256

// New makes the board, once per session; k is the session's keys.
func New(s ui.Session, st Store, k *KeyMap, links Links) *Board {
	in := ui.NewSearchField("/ ", "words in title, location, category or description", model.MaxLineLen)
	b := &Board{s: s, st: st, k: k, links: links, search: in}
	b.Restyle()
	return b
}

func (b *Board) Init() tea.Cmd { return b.reload() }
func (b *Board) Title() string { return "Board" }

// reload re-reads the board, or notes that it must once the current read lands.
func (b *Board) reload() tea.Cmd {
	if !b.s.HasUser() || b.s.Ward().Code == "" {
		return nil
	}
	seq, ok := b.load.Start(b.s.NextSeq)
	if !ok {
		return nil
	}
	return loadProblemsCmd(b.st, b.s.User(), b.s.Ward().Code, seq)
}

// Restyle follows a change of the terminal's background.
func (b *Board) Restyle() {
	st := b.s.Styles()
	b.search.SetStyles(st.TextInput)
	b.priCells = map[model.Priority]string{
		model.PriorityHigh:   st.PriHigh.Render(ui.Fit(ui.PriorityLabel(model.PriorityHigh), colPriority)),
		model.PriorityMedium: st.PriMedium.Render(ui.Fit(ui.PriorityLabel(model.PriorityMedium), colPriority)),
		model.PriorityLow:    st.PriLow.Render(ui.Fit(ui.PriorityLabel(model.PriorityLow), colPriority)),
	}
	b.colHeader = b.columnHeader()
	b.bar = b.filterBar()
	b.drawn = nil
}

func (b *Board) SetSize(w, h int) {
	b.width, b.Height = w, h
	b.cols = layoutColumns(w)
	b.search.Fit(w)
	b.colHeader = b.columnHeader()
	b.drawn = nil
	b.scroll()
}

func (b *Board) Capturing() bool { return b.search.Typing }

func (b *Board) canCreate() bool { return model.CanCreateProblems(b.s.User(), b.s.Ward().Code) }

// canAudit: the audit trail is offered to the roles that read it.
func (b *Board) canAudit() bool { return b.s.HasUser() && model.CanReadAudit(b.s.User()) }

// onWard: the user is in a ward, which the keys to its other screens need.
func (b *Board) onWard() bool { return b.s.HasUser() && b.s.Ward().Code != "" }

func (b *Board) ShortHelp() []key.Binding {
	k, g := b.k, b.s.Keys()
	if b.search.Typing {
		return []key.Binding{g.FilterApply, g.FilterCancel}
	}
	// Help comes first so it survives truncation on narrow screens; the
	// rarer filters (category, agency) are in the full help, and so is
	// sort: the short one has to leave room for t.
	return slices.Concat([]key.Binding{g.Help, g.Open, k.Actions, k.Meetings},
		ui.When(b.filter.active(), k.ClearFilters), ui.When(b.canCreate(), k.New),
		[]key.Binding{k.Filter, k.Stage}, b.roleKeys(), []key.Binding{g.Quit})
}

// roleKeys are the keys offered to some users only, after the rest.
func (b *Board) roleKeys() []key.Binding {
	return slices.Concat(ui.When(len(b.s.User().Wards) > 1, b.k.Ward), ui.When(b.canAudit(), b.k.Audit))
}

func (b *Board) FullHelp() [][]key.Binding {
	k, g := b.k, b.s.Keys()
	if b.search.Typing {
		return [][]key.Binding{{g.FilterApply, g.FilterCancel}}
	}
	act := slices.Concat([]key.Binding{g.Open, k.Actions, k.Meetings, k.Pictures, k.Crimes, k.Inbox},
		ui.When(b.canCreate(), k.New), b.roleKeys())
	return [][]key.Binding{
		g.Moves(),
		{k.Filter, k.Stage, k.Category, k.Agency, k.ForReview, k.Sort, k.ClearFilters},
		append(act, g.Help, g.Quit),
	}
}

// Select puts the board's cursor on a problem (one just saved) now, or
// once the next load brings it, and reads the board again: the change
// feed will say the same, but the board should not have to wait for it
// (or depend on it, in a local session).
type Select struct{ ID model.ID }

func (b *Board) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case problemsLoadedMsg:
		return b.loadedMsg(msg)
	case ui.StoreChanged:
		return b.reload()
	case Select:
		b.selectID(msg.ID)
		return b.reload()
	case tea.PasteMsg:
		if b.search.Typing {
			return b.typingKey(msg)
		}
	case tea.KeyPressMsg:
		if b.search.Typing {
			return b.typingKey(msg)
		}
		return b.key(msg)
	}
	return nil
}

func (b *Board) loadedMsg(msg problemsLoadedMsg) tea.Cmd {
	cmd, ours := b.load.Landed(msg.seq, "loading the board", msg.err, b.reload)
	if !ours || msg.err != nil {
		return cmd
	}
	b.links.SetWard(msg.ward)
	b.problems = msg.problems
	b.agencies = msg.agencies
	b.links.SetAgencies(msg.agencies)
	b.loaded = true
	b.sort()
	// The store filters by visibility; checking again here means a bug
	// there still cannot put a restricted row on someone's screen.
	// Should one get through, this board keeps a filtered copy.
	u, ward := b.s.User(), b.s.Ward().Code
	if !b.list.shows(u, ward) {
		var kept []*model.Problem
		for _, p := range b.problems.ps {
			if p.Ward == ward && model.CanSeeProblem(u, *p) {
				kept = append(kept, p)
			}
		}
		b.problems = sharedOf(kept)
		b.sort()
	}
	// Rows drawn for records the new list no longer holds would keep them,
	// and whatever they were decoded with, alive for as long as the session.
	for p := range b.drawn {
		if at, ok := b.list.position(p.ID); !ok || b.all[at] != p {
			delete(b.drawn, p)
		}
	}
	b.refilter()
	b.Want = 0
	return tea.Batch(b.list.prepareSearch(), cmd)
}

// typingKey takes a key or a paste into the search, which filters as it
// is typed.
func (b *Board) typingKey(msg tea.Msg) tea.Cmd {
	typed, cmd := b.search.Key(b.s.Keys(), msg)
	switch typed {
	case ui.TypedUp:
		b.Move(-1, shown{b})
	case ui.TypedDown:
		b.Move(1, shown{b})
	default:
		b.setText(b.search.Value())
	}
	return cmd
}

func (b *Board) key(msg tea.KeyPressMsg) tea.Cmd {
	k := b.k
	if b.ListCursor.Key(b.s.Keys(), msg, shown{b}) {
		return nil
	}
	switch {
	case key.Matches(msg, b.s.Keys().Open):
		if p, ok := b.Current(); ok {
			return ui.Cmd(b.links.OpenProblem(p))
		}
	case key.Matches(msg, k.New):
		if b.canCreate() && b.s.Ward().Code != "" {
			return ui.Cmd(b.links.NewProblem(b.s.Ward().Code))
		}
	case key.Matches(msg, k.Actions):
		if b.onWard() {
			return ui.Cmd(ui.Open{ID: ActionsID})
		}
	case b.wardScreen(msg) != nil:
		if b.onWard() {
			return ui.Cmd(b.wardScreen(msg)())
		}
	case key.Matches(msg, k.Audit):
		if b.canAudit() {
			return ui.Cmd(b.links.Audit())
		}
	case key.Matches(msg, k.Inbox):
		if b.s.HasUser() {
			return ui.Cmd(b.links.Inbox())
		}
	case key.Matches(msg, k.Filter):
		return b.search.Start(b.filter.text)
	case key.Matches(msg, k.Stage):
		b.filter.stage = ui.Cycle(append([]model.Stage{""}, model.Stages...), b.filter.stage)
		b.refilter()
	case key.Matches(msg, k.Category):
		b.filter.category = ui.Cycle(b.presentCategories(), b.filter.category)
		b.refilter()
	case key.Matches(msg, k.Agency):
		b.filter.agency = ui.Cycle(b.presentAgencies(), b.filter.agency)
		b.refilter()
	case key.Matches(msg, k.ForReview):
		if b.filter.review.IsZero() {
			b.filter.review = model.Day(b.s.Now())
		} else {
			b.filter.review = time.Time{}
		}
		b.refilter()
	case key.Matches(msg, k.Sort):
		b.sortByAge = !b.sortByAge
		b.sort()
		b.refilter()
	case key.Matches(msg, k.Ward):
		return b.nextWard()
	case key.Matches(msg, k.ClearFilters):
		if b.filter.active() {
			b.filter = boardFilter{}
			b.search.SetValue("")
			b.refilter()
		}
	}
	return nil
}

// wardScreen is the link of a key to another of the ward's screens, or
// nil if msg is none.
func (b *Board) wardScreen(msg tea.KeyPressMsg) func() tea.Msg {
	for _, s := range []struct {
		k  key.Binding
		to func() tea.Msg
	}{{b.k.Meetings, b.links.Meetings}, {b.k.Pictures, b.links.Pictures}, {b.k.Crimes, b.links.Crimes}} {
		if key.Matches(msg, s.k) {
			return s.to
		}
	}
	return nil
}

// shown is the board's rows in view, as its cursor sees them.
type shown struct{ b *Board }

func (s shown) Len() int          { return len(s.b.rows) }
func (s shown) ID(r int) model.ID { return s.b.all[s.b.rows[r]].ID }

// Find: rows are in the list's order, so a binary search finds it.
func (s shown) Find(id model.ID) (int, bool) {
	if s.b.list == nil {
		return 0, false
	}
	at, ok := s.b.list.position(id)
	if !ok {
		return 0, false
	}
	return slices.BinarySearch(s.b.rows, at)
}

// presentCategories are the categories on this board, in the model's order:
// cycling through ones nobody has used would only show empty lists.
func (b *Board) presentCategories() []model.Category {
	seen := map[model.Category]bool{}
	for _, p := range b.all {
		seen[p.Category] = true
	}
	out := []model.Category{""}
	for _, c := range model.Categories {
		if seen[c] {
			out = append(out, c)
			delete(seen, c)
		}
	}
	rest := make([]model.Category, 0, len(seen))
	for c := range seen {
		rest = append(rest, c)
	}
	slices.Sort(rest)
	return append(out, rest...)
}

func (b *Board) presentAgencies() []string {
	var codes []string
	for _, p := range b.all {
		if p.LeadAgency != "" {
			codes = append(codes, p.LeadAgency)
		}
	}
	slices.Sort(codes)
	return append([]string{""}, slices.Compact(codes)...)
}

func (b *Board) nextWard() tea.Cmd {
	wards := b.s.User().Wards
	if len(wards) < 2 {
		return nil
	}
	b.wardIdx = (slices.Index(wards, b.s.Ward().Code) + 1) % len(wards) // it may start on any (StartWard)
	code := wards[b.wardIdx]
	b.links.SetWard(model.Ward{Code: code, Name: code})
	b.problems, b.list, b.all, b.rows, b.loaded = loadedList{}, nil, nil, nil, false
	b.Reset()
	b.bar = b.filterBar()
	// A load for the old ward may be in flight; its answer is no longer
	// taken once this one starts.
	b.load.Forget()
	return b.reload()
}

func (b *Board) setText(s string) {
	if s == b.filter.text {
		return
	}
	b.filter.text = s
	b.refilter()
}

func (b *Board) sort() {
	b.list = sortedBoard(b.problems, b.sortByAge)
	b.all = b.list.all
}

// refilter recomputes the visible rows and keeps the cursor on the problem
// it was on, wherever that problem now sits.
func (b *Board) refilter() {
	b.findRows()
	b.bar = b.filterBar()
}

func (b *Board) findRows() {
	f := b.filter
	f.text = strings.ToLower(f.text)
	prev := b.rowsFor
	b.rowsFor = rowsKey{b.list, f}
	switch {
	case f.text == "" || b.list == nil:
		b.rows = slices.Grow(b.rows[:0], len(b.all))
		for i := range int32(len(b.all)) {
			if f.matchFields(b.all[i]) {
				b.rows = append(b.rows, i)
			}
		}
	default:
		hay, ix := b.list.haystack()
		cands, exact := ix.candidates(f.text)
		// Typing on narrows a search: only rows that held the text typed
		// so far can hold what is typed now.
		narrowing := prev.list == b.list && strings.Contains(f.text, prev.filter.text)
		prev.filter.text = f.text
		if narrowing && prev.filter == f && len(b.rows) < len(cands) {
			cands, exact = b.rows, false
		} else {
			// The index's rows are shared: filter a copy.
			b.rows = append(b.rows[:0], cands...)
			cands = b.rows
		}
		if fields := f != (boardFilter{text: f.text}); fields || !exact {
			b.rows = slices.DeleteFunc(cands, func(i int32) bool {
				return (fields && !f.matchFields(b.all[i])) || !(exact || strings.Contains(hay[i], f.text))
			})
		}
	}
	if strings.Contains(f.text, "\x00") {
		b.rows = b.rows[:0] // typed text never spans two fields
	}
	b.Place(shown{b})
}

// selectID puts the cursor on id now, or once the next load brings it.
func (b *Board) selectID(id model.ID) {
	b.Want = id
	b.refilter()
}

// Current is the problem under the cursor, if there is one.
func (b *Board) Current() (model.Problem, bool) {
	if b.Cursor < 0 || b.Cursor >= len(b.rows) {
		return model.Problem{}, false
	}
	return *b.all[b.rows[b.Cursor]], true
}

func (b *Board) scroll() { b.Scroll(len(b.rows)) }

// News marks the ward's priorities on the board, after the session's
// news changed.
func (b *Board) News() {
	b.starred, b.drawn = map[model.ID]bool{}, nil
	for _, p := range b.links.Priorities() {
		b.starred[p.ID] = true
	}
}

func (b *Board) View() string {
	b.now = b.s.Now()
	st := b.s.Styles()
	lines := make([]string, 0, b.Height)
	if b.ChromeHeight() > 0 {
		bar := b.bar
		if b.search.Typing {
			bar = b.search.View()
		}
		lines = append(lines, bar, b.colHeader)
	}
	switch {
	case !b.s.HasUser():
	case b.s.Ward().Code == "":
		lines = append(lines, st.Muted.Render("You are not a member of any ward yet: ask your panel admin to add you to one."))
	case !b.loaded:
		lines = append(lines, st.Muted.Render("Loading the board…"))
	case len(b.all) == 0:
		msg := "No problems on this ward's board yet."
		if b.canCreate() {
			msg = "No problems on this ward's board yet — press n to raise one."
		}
		lines = append(lines, st.Muted.Render(msg))
	case len(b.rows) == 0:
		lines = append(lines, st.Muted.Render("No problems match — press esc to clear filters."))
	default:
		if day := model.Day(b.now); !day.Equal(b.drawnDay) || len(b.drawn) > maxDrawn {
			b.drawn, b.drawnDay = nil, day
		}
		first, end := b.InView(len(b.rows))
		for r := first; r < end; r++ {
			lines = append(lines, b.drawnRow(b.all[b.rows[r]], r == b.Cursor))
		}
	}
	return ui.Block(lines, b.width, b.Height)
}

func (b *Board) filterBar() string {
	st := b.s.Styles()
	part := func(label, value string, on bool) string {
		v := st.Value.Render(value)
		if on {
			v = st.FilterOn.Render(value)
		}
		return st.Label.Render(label+" ") + v
	}
	orAll := func(s string) string {
		if s == "" {
			return "all"
		}
		return s
	}
	count := fmt.Sprintf("%d/%d", len(b.rows), len(b.all))
	parts := []string{st.Label.Render(count)}
	if b.filter.text != "" {
		parts = append(parts, st.Label.Render("/ ")+st.FilterOn.Render(ui.SafeLine(b.filter.text, model.MaxLineLen)))
	}
	sortBy := "priority"
	if b.sortByAge {
		sortBy = "newest"
	}
	parts = append(parts,
		part("stage", orAll(string(b.filter.stage)), b.filter.stage != ""),
		part("cat", orAll(ui.SafeLine(string(b.filter.category), model.MaxLineLen)), b.filter.category != ""),
		part("lead", orAll(ui.SafeLine(b.filter.agency, model.MaxLineLen)), b.filter.agency != ""),
	)
	if !b.filter.review.IsZero() {
		parts = append(parts, st.FilterOn.Render("for review"))
	}
	parts = append(parts, part("sort", sortBy, false))
	return strings.Join(parts, st.Label.Render(" · "))
}

func (b *Board) columnHeader() string {
	c := b.cols
	cells := []string{strings.Repeat(" ", colMarker-1), ui.Fit("PRI", colPriority), ui.Fit("STAGE", colStage), ui.Fit("TITLE", c.title)}
	if c.showCat {
		cells = append(cells, ui.Fit("CATEGORY", colCategory))
	}
	if c.showLoc {
		cells = append(cells, ui.Fit("LOCATION", c.loc))
	}
	if c.showLead {
		cells = append(cells, ui.Fit("LEAD", colLead))
	}
	return b.s.Styles().ColHeader.Render(strings.Join(cells, " "))
}

// drawnRow is row, from drawn if it was drawn before.
func (b *Board) drawnRow(p *model.Problem, selected bool) string {
	if selected {
		return b.row(p, true)
	}
	if line, ok := b.drawn[p]; ok {
		return line
	}
	line := b.row(p, false)
	if b.drawn == nil {
		b.drawn = map[*model.Problem]string{}
	}
	b.drawn[p] = line
	return line
}

// row draws one problem on one line. The selected row is drawn plain and
// styled whole, because inner styles would reset its highlight midway.
func (b *Board) row(p *model.Problem, selected bool) string {
	st := b.s.Styles()
	c := b.cols
	plain := ui.Styler(selected)
	marker := ui.RowMarker(selected)
	if b.starred[p.ID] {
		// A ward priority: the second cell of the marker, beside the cursor.
		marker = marker[:1] + "★"
	}
	pri, ok := b.priCells[p.Priority]
	if selected || !ok {
		pri = ui.Fit(ui.PriorityLabel(p.Priority), colPriority)
	}

	title := ui.SafeLine(p.Title, model.MaxTitleLen)
	// Tags before the title: REVIEW once its review date has gone by (a
	// word, so it reads without colour), and a restricted record's marker.
	var tag string
	tagW := 0
	addTag := func(s ui.Inline, text string) {
		if tagW > 0 {
			tag, tagW = tag+" ", tagW+1
		}
		tag, tagW = tag+plain(s, text), tagW+lipgloss.Width(text)
	}
	if p.PastReview(b.now) {
		addTag(st.Overdue, ui.ReviewTag)
	}
	if vt := ui.VisibilityTag(p.Visibility); vt != "" {
		addTag(st.Restricted, vt)
	}
	if tagW > 0 {
		w := min(tagW, max(0, c.title-colTitleMin/2))
		title = ui.Trunc(tag, w) + " " + ui.Fit(title, max(0, c.title-w-1))
	} else {
		title = ui.Fit(title, c.title)
	}

	cells := []string{marker + pri, ui.Fit(ui.SafeLine(string(p.Stage), model.MaxLineLen), colStage), title}
	if c.showCat {
		cells = append(cells, ui.Fit(ui.SafeLine(string(p.Category), model.MaxLineLen), colCategory))
	}
	if c.showLoc {
		cells = append(cells, ui.Fit(ui.SafeLine(p.Location, model.MaxLineLen), c.loc))
	}
	if c.showLead {
		lead := ui.SafeLine(p.LeadAgency, model.MaxLineLen)
		if lead == "" {
			lead = "—"
		}
		cells = append(cells, ui.Fit(lead, colLead))
	}
	line := strings.Join(cells, " ")
	if selected {
		return st.RowSelected.Render(ui.Fit(line, b.width))
	}
	return line
}

// State is what the board shows, as a test outside the package reads it.
type State struct {
	Loaded bool
	// Shown are the problems that pass the filters, in order.
	Shown []model.ID
	// Text and Stage are the search and stage filters.
	Text  string
	Stage model.Stage
}

// State is what the board shows now.
func (b *Board) State() State {
	st := State{Loaded: b.loaded, Text: b.filter.text, Stage: b.filter.stage, Shown: make([]model.ID, len(b.rows))}
	for i, r := range b.rows {
		st.Shown[i] = b.all[r].ID
	}
	return st
}
