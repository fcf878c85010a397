package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"wardpanel/model"
)

// Column widths in cells. Title takes what is left; location grows on wide
// screens. Narrower screens drop location, then lead agency, then category,
// rather than wrap a row.
const (
	colMarker   = 2
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
	// titleRoomy is the title width past which location starts to grow.
	titleRoomy = 40
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
			c.loc = colLocMin
			if extra := c.title - titleRoomy; extra > 0 {
				grow := min(extra/2, colLocMax-colLocMin)
				c.loc += grow
				c.title -= grow
			}
		}
		c.title = max(c.title, 1)
		return c
	}
	return columns{title: 1}
}

// reviewTag marks a problem past its review date, on the board and in meetings.
const reviewTag = "REVIEW"

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

// board lists the ward's problems. Sorting and filtering happen in Update
// (on load, on a filter change, on resize), never in View: View draws only
// the rows that fit, from indexes worked out beforehand.
type board struct {
	c *common

	wardIdx int
	// problems are as loaded; list is them in the current sort order, all
	// its problems. All three are shared with other sessions (boardList)
	// and only read: what is the session's own is rows.
	problems []model.Problem
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
	loading bool
	stale   bool
	seq     int

	listFrame
	selected model.ID
	// want is a problem to put the cursor on once a load brings it, such
	// as one just created; until then the cursor stays where it is.
	want model.ID

	filter    boardFilter
	sortByAge bool
	input     textinput.Model
	typing    bool

	width int
	cols  columns
	// now is the frame's time, for the past-review mark.
	now time.Time

	// Drawn in Update, when what they show changes, so the frames that
	// every change to the store triggers do not style them again.
	bar       string
	colHeader string
	priCells  map[model.Priority]string
}

func newBoard(c *common) *board {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "words in title, location, category or description"
	in.CharLimit = model.MaxLineLen
	in.KeyMap.Paste.Unbind() // it would read the server's clipboard, not the user's
	b := &board{c: c, input: in}
	b.restyle()
	return b
}

func (b *board) Init() tea.Cmd { return b.reload() }

// reload re-reads the board, or notes that it must once the current read lands.
func (b *board) reload() tea.Cmd {
	if !b.c.hasUser || b.c.ward.Code == "" {
		return nil
	}
	if b.loading {
		b.stale = true
		return nil
	}
	b.loading = true
	b.stale = false
	b.seq = b.c.nextSeq()
	return loadBoardCmd(b.c.store, b.c.user, b.c.ward.Code, b.seq)
}

func (b *board) restyle() {
	st := &b.c.styles
	b.input.SetStyles(st.TextInput)
	b.priCells = map[model.Priority]string{
		model.PriorityHigh:   st.PriHigh.Render(fit(priorityLabel(model.PriorityHigh), colPriority)),
		model.PriorityMedium: st.PriMedium.Render(fit(priorityLabel(model.PriorityMedium), colPriority)),
		model.PriorityLow:    st.PriLow.Render(fit(priorityLabel(model.PriorityLow), colPriority)),
	}
	b.colHeader = b.columnHeader()
	b.bar = b.filterBar()
}

func (b *board) SetSize(w, h int) {
	b.width, b.height = w, h
	b.cols = layoutColumns(w)
	b.input.SetWidth(max(1, w-lipgloss.Width(b.input.Prompt)-1))
	b.colHeader = b.columnHeader()
	b.scroll()
}

func (b *board) capturing() bool { return b.typing }

func (b *board) canCreate() bool { return model.CanCreateProblems(b.c.user, b.c.ward.Code) }

// canAudit: the audit trail is offered to the roles that read it.
func (b *board) canAudit() bool { return b.c.hasUser && model.CanReadAudit(b.c.user) }

func (b *board) ShortHelp() []key.Binding {
	k := b.c.keys
	if b.typing {
		return []key.Binding{k.FilterApply, k.FilterCancel}
	}
	// Help comes first so it survives truncation on narrow screens; the
	// rarer filters (category, agency) are in the full help.
	out := []key.Binding{k.Help, k.Open, k.Actions, k.Meetings}
	if b.filter.active() {
		out = append(out, k.ClearFilters)
	}
	if b.canCreate() {
		out = append(out, k.New)
	}
	// Sort is in the full help: the short one has to leave room for t.
	out = append(out, k.Filter, k.Stage)
	if len(b.c.user.Wards) > 1 {
		out = append(out, k.Ward)
	}
	if b.canAudit() {
		out = append(out, k.Audit)
	}
	return append(out, k.Quit)
}

func (b *board) FullHelp() [][]key.Binding {
	k := b.c.keys
	if b.typing {
		return [][]key.Binding{{k.FilterApply, k.FilterCancel}}
	}
	act := []key.Binding{k.Open, k.Actions, k.Meetings, k.Pictures.Board, k.Crimes.Board, k.Inbox.Board}
	if b.canCreate() {
		act = append(act, k.New)
	}
	if len(b.c.user.Wards) > 1 {
		act = append(act, k.Ward)
	}
	if b.canAudit() {
		act = append(act, k.Audit)
	}
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		{k.Filter, k.Stage, k.Category, k.Agency, k.Plan.ForReview, k.Sort, k.ClearFilters},
		append(act, k.Help, k.Quit),
	}
}

func (b *board) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case boardLoadedMsg:
		return b.loadedMsg(msg)
	case StoreChangedMsg:
		return b.reload()
	case tea.PasteMsg:
		if b.typing {
			var cmd tea.Cmd
			b.input, cmd = b.input.Update(cleanInput(msg))
			b.setText(b.input.Value())
			return cmd
		}
	case tea.KeyPressMsg:
		if b.typing {
			return b.typingKey(msg)
		}
		return b.key(msg)
	}
	return nil
}

func (b *board) loadedMsg(msg boardLoadedMsg) tea.Cmd {
	if msg.seq != b.seq {
		return nil
	}
	b.loading = false
	var cmds []tea.Cmd
	if msg.err != nil {
		cmds = append(cmds, msgCmd(errMsg{op: "loading the board", err: msg.err}))
	} else {
		b.c.ward = msg.ward
		b.problems = msg.problems
		b.agencies = msg.agencies
		b.c.agencies = msg.agencies
		b.loaded = true
		b.sort()
		// The store filters by visibility; checking again here means a bug
		// there still cannot put a restricted row on someone's screen.
		// Should one get through, this board keeps a filtered copy.
		if !b.list.shows(b.c.user, b.c.ward.Code) {
			var kept []model.Problem
			for i := range b.problems {
				if p := &b.problems[i]; p.Ward == b.c.ward.Code && model.CanSeeProblem(b.c.user, *p) {
					kept = append(kept, *p)
				}
			}
			b.problems = kept
			b.sort()
		}
		b.refilter()
		b.want = 0
		cmds = append(cmds, b.list.prepareSearch())
	}
	if b.stale {
		cmds = append(cmds, b.reload())
	}
	return tea.Batch(cmds...)
}

func (b *board) typingKey(msg tea.KeyPressMsg) tea.Cmd {
	k := b.c.keys
	switch {
	case key.Matches(msg, k.FilterApply):
		b.typing = false
		b.input.Blur()
		return nil
	case key.Matches(msg, k.FilterCancel):
		b.typing = false
		b.input.Blur()
		b.input.SetValue("")
		b.setText("")
		return nil
	case key.Matches(msg, k.Up):
		if msg.Text == "" { // arrows move the list while you type; k is a letter
			b.move(-1)
			return nil
		}
	case key.Matches(msg, k.Down):
		if msg.Text == "" {
			b.move(1)
			return nil
		}
	}
	var cmd tea.Cmd
	b.input, cmd = b.input.Update(cleanInput(msg))
	b.setText(b.input.Value())
	return cmd
}

func (b *board) key(msg tea.KeyPressMsg) tea.Cmd {
	k := b.c.keys
	switch {
	case key.Matches(msg, k.Up):
		b.move(-1)
	case key.Matches(msg, k.Down):
		b.move(1)
	case key.Matches(msg, k.PageUp):
		b.move(-b.pageSize())
	case key.Matches(msg, k.PageDown):
		b.move(b.pageSize())
	case key.Matches(msg, k.Home):
		b.move(-len(b.rows))
	case key.Matches(msg, k.End):
		b.move(len(b.rows))
	case key.Matches(msg, k.Open):
		if p, ok := b.current(); ok {
			return msgCmd(openDetailMsg{p: p})
		}
	case key.Matches(msg, k.New):
		if b.canCreate() && b.c.ward.Code != "" {
			return msgCmd(openFormMsg{new: true, p: model.Problem{Ward: b.c.ward.Code}})
		}
	case key.Matches(msg, k.Actions):
		if b.c.hasUser && b.c.ward.Code != "" {
			return msgCmd(openActionsMsg{})
		}
	case key.Matches(msg, k.Meetings):
		if b.c.hasUser && b.c.ward.Code != "" {
			return msgCmd(openMeetingsMsg{})
		}
	case key.Matches(msg, k.Audit):
		if b.canAudit() {
			return msgCmd(openAuditMsg{})
		}
	case key.Matches(msg, k.Pictures.Board):
		if b.c.hasUser && b.c.ward.Code != "" {
			return msgCmd(openPicturesMsg{})
		}
	case key.Matches(msg, k.Crimes.Board):
		if b.c.hasUser && b.c.ward.Code != "" {
			return msgCmd(openCrimesMsg{})
		}
	case key.Matches(msg, k.Inbox.Board):
		if b.c.hasUser {
			return msgCmd(openInboxMsg{})
		}
	case key.Matches(msg, k.Filter):
		b.typing = true
		b.input.SetValue(b.filter.text)
		b.input.CursorEnd()
		return b.input.Focus()
	case key.Matches(msg, k.Stage):
		b.filter.stage = cycle(append([]model.Stage{""}, model.Stages...), b.filter.stage)
		b.refilter()
	case key.Matches(msg, k.Category):
		b.filter.category = cycle(b.presentCategories(), b.filter.category)
		b.refilter()
	case key.Matches(msg, k.Agency):
		b.filter.agency = cycle(b.presentAgencies(), b.filter.agency)
		b.refilter()
	case key.Matches(msg, k.Plan.ForReview):
		if b.filter.review.IsZero() {
			b.filter.review = model.Day(b.c.now())
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
			b.input.SetValue("")
			b.refilter()
		}
	}
	return nil
}

// cycle returns the value after cur in opts, wrapping; opts[0] is "all".
func cycle[T comparable](opts []T, cur T) T {
	i := slices.Index(opts, cur)
	return opts[(i+1)%len(opts)]
}

// presentCategories are the categories on this board, in the model's order:
// cycling through ones nobody has used would only show empty lists.
func (b *board) presentCategories() []model.Category {
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

func (b *board) presentAgencies() []string {
	var codes []string
	for _, p := range b.all {
		if p.LeadAgency != "" {
			codes = append(codes, p.LeadAgency)
		}
	}
	slices.Sort(codes)
	return append([]string{""}, slices.Compact(codes)...)
}

func (b *board) nextWard() tea.Cmd {
	wards := b.c.user.Wards
	if len(wards) < 2 {
		return nil
	}
	b.wardIdx = (slices.Index(wards, b.c.ward.Code) + 1) % len(wards) // it may start on any (StartWard)
	code := wards[b.wardIdx]
	b.c.ward = model.Ward{Code: code, Name: code}
	b.problems, b.list, b.all, b.rows, b.loaded = nil, nil, nil, nil, false
	b.cursor, b.offset, b.selected = 0, 0, 0
	b.bar = b.filterBar()
	// A load for the old ward may be in flight; its answer no longer
	// matches b.seq once this one starts.
	b.loading = false
	return b.reload()
}

func (b *board) setText(s string) {
	if s == b.filter.text {
		return
	}
	b.filter.text = s
	b.refilter()
}

func (b *board) sort() {
	b.list = sortedBoard(b.problems, b.sortByAge)
	b.all = b.list.all
}

// refilter recomputes the visible rows and keeps the cursor on the problem
// it was on, wherever that problem now sits.
func (b *board) refilter() {
	b.findRows()
	b.bar = b.filterBar()
}

func (b *board) findRows() {
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
	for _, id := range []model.ID{b.want, b.selected} {
		if id == 0 {
			continue
		}
		if b.list == nil {
			continue
		}
		// rows are in the list's order, so a binary search finds it.
		if at, ok := b.list.position(id); ok {
			if r, ok := slices.BinarySearch(b.rows, at); ok {
				b.cursor = r
				b.selected = id
				b.scroll()
				return
			}
		}
	}
	// The problem left the list (filtered out, removed, restricted): stay
	// at the same height on screen rather than jump to the top.
	b.cursor = clamp(b.cursor, 0, max(0, len(b.rows)-1))
	b.syncSelected()
	b.scroll()
}

// selectID puts the cursor on id now, or once the next load brings it.
func (b *board) selectID(id model.ID) {
	b.want = id
	b.refilter()
}

func (b *board) syncSelected() {
	if p, ok := b.current(); ok {
		b.selected = p.ID
	} else {
		b.selected = 0
	}
}

func (b *board) current() (model.Problem, bool) {
	if b.cursor < 0 || b.cursor >= len(b.rows) {
		return model.Problem{}, false
	}
	return *b.all[b.rows[b.cursor]], true
}

func (b *board) move(delta int) {
	if len(b.rows) == 0 {
		return
	}
	b.want = 0
	b.cursor = clamp(b.cursor+delta, 0, len(b.rows)-1)
	b.syncSelected()
	b.scroll()
}

// listHeight is how many rows fit under the filter bar and column header.
func (b *board) scroll() {
	b.offset = keepInView(b.cursor, b.offset, b.listHeight(), len(b.rows))
}

// news marks the ward's priorities on the board.
func (b *board) news() {
	b.starred = map[model.ID]bool{}
	for _, p := range b.c.news.priorities {
		b.starred[p.ID] = true
	}
}

func (b *board) View() string {
	b.now = b.c.now()
	lines := make([]string, 0, b.height)
	if b.chromeHeight() > 0 {
		bar := b.bar
		if b.typing {
			bar = b.input.View()
		}
		lines = append(lines, bar, b.colHeader)
	}
	h := b.listHeight()
	switch {
	case !b.c.hasUser:
	case b.c.ward.Code == "":
		lines = append(lines, b.c.styles.Muted.Render("You are not a member of any ward yet: ask your panel admin to add you to one."))
	case !b.loaded:
		lines = append(lines, b.c.styles.Muted.Render("Loading the board…"))
	case len(b.all) == 0:
		msg := "No problems on this ward's board yet."
		if b.canCreate() {
			msg = "No problems on this ward's board yet — press n to raise one."
		}
		lines = append(lines, b.c.styles.Muted.Render(msg))
	case len(b.rows) == 0:
		lines = append(lines, b.c.styles.Muted.Render("No problems match — press esc to clear filters."))
	default:
		end := min(len(b.rows), b.offset+h)
		for r := b.offset; r < end; r++ {
			lines = append(lines, b.row(b.all[b.rows[r]], r == b.cursor))
		}
	}
	return block(lines, b.width, b.height)
}

func (b *board) filterBar() string {
	st := &b.c.styles
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
		parts = append(parts, st.Label.Render("/ ")+st.FilterOn.Render(safeLine(b.filter.text, model.MaxLineLen)))
	}
	sortBy := "priority"
	if b.sortByAge {
		sortBy = "newest"
	}
	parts = append(parts,
		part("stage", orAll(string(b.filter.stage)), b.filter.stage != ""),
		part("cat", orAll(safeLine(string(b.filter.category), model.MaxLineLen)), b.filter.category != ""),
		part("lead", orAll(safeLine(b.filter.agency, model.MaxLineLen)), b.filter.agency != ""),
	)
	if !b.filter.review.IsZero() {
		parts = append(parts, st.FilterOn.Render("for review"))
	}
	parts = append(parts, part("sort", sortBy, false))
	return strings.Join(parts, st.Label.Render(" · "))
}

func (b *board) columnHeader() string {
	c := b.cols
	cells := []string{strings.Repeat(" ", colMarker-1), fit("PRI", colPriority), fit("STAGE", colStage), fit("TITLE", c.title)}
	if c.showCat {
		cells = append(cells, fit("CATEGORY", colCategory))
	}
	if c.showLoc {
		cells = append(cells, fit("LOCATION", c.loc))
	}
	if c.showLead {
		cells = append(cells, fit("LEAD", colLead))
	}
	return b.c.styles.ColHeader.Render(strings.Join(cells, " "))
}

// row draws one problem on one line. The selected row is drawn plain and
// styled whole, because inner styles would reset its highlight midway.
func (b *board) row(p *model.Problem, selected bool) string {
	st := &b.c.styles
	c := b.cols
	plain := func(s inline, text string) string {
		if selected {
			return text
		}
		return s.Render(text)
	}

	marker := "  "
	if selected {
		marker = "> "
	}
	if b.starred[p.ID] {
		// A ward priority: the second cell of the marker, beside the cursor.
		marker = marker[:1] + "★"
	}
	pri, ok := b.priCells[p.Priority]
	if selected || !ok {
		pri = fit(priorityLabel(p.Priority), colPriority)
	}

	title := safeLine(p.Title, model.MaxTitleLen)
	// Tags before the title: REVIEW once its review date has gone by (a
	// word, so it reads without colour), and a restricted record's marker.
	var tag string
	tagW := 0
	addTag := func(s inline, text string) {
		if tagW > 0 {
			tag, tagW = tag+" ", tagW+1
		}
		tag, tagW = tag+plain(s, text), tagW+lipgloss.Width(text)
	}
	if p.PastReview(b.now) {
		addTag(st.Overdue, reviewTag)
	}
	if vt := visibilityTag(p.Visibility); vt != "" {
		addTag(st.Restricted, vt)
	}
	if tagW > 0 {
		w := min(tagW, max(0, c.title-colTitleMin/2))
		title = trunc(tag, w) + " " + fit(title, max(0, c.title-w-1))
	} else {
		title = fit(title, c.title)
	}

	cells := []string{marker + pri, fit(safeLine(string(p.Stage), model.MaxLineLen), colStage), title}
	if c.showCat {
		cells = append(cells, fit(safeLine(string(p.Category), model.MaxLineLen), colCategory))
	}
	if c.showLoc {
		cells = append(cells, fit(safeLine(p.Location, model.MaxLineLen), c.loc))
	}
	if c.showLead {
		lead := safeLine(p.LeadAgency, model.MaxLineLen)
		if lead == "" {
			lead = "—"
		}
		cells = append(cells, fit(lead, colLead))
	}
	line := strings.Join(cells, " ")
	if selected {
		return st.RowSelected.Render(fit(line, b.width))
	}
	return line
}
