// Package audit is the audit screen: who changed what, when, for officers
// and admins. The store decides which entries each may see
// (model.CanSeeAudit, and the record as it is now); the screen asks for
// them filtered by who, what and when, newest first, and follows the
// change feed.
package audit

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
	"wardpanel/store"
	"wardpanel/tui/ui"
)

// ID is the screen's line in the table.
const ID = "audit"

// Store is what the screen reads: the entries viewer may see that match,
// newest first.
type Store interface {
	AuditFind(viewer model.User, q store.AuditQuery) ([]model.AuditEntry, error)
}

// keyMap is the shared keys and the screen's own.
type keyMap struct {
	*ui.Keys
	AuditOpen, AuditWho, AuditWhat, AuditWhen key.Binding
}

func newKeyMap(shared *ui.Keys) keyMap {
	return keyMap{
		Keys:      shared,
		AuditOpen: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "in full")),
		AuditWho:  key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "who")),
		AuditWhat: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "what")),
		AuditWhen: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "when")),
	}
}

// auditLoadLimit is how many entries one load brings: the newest that
// match. Narrower filters reach further back.
const auditLoadLimit = 500

// auditWhatWard are the "what" choices for changes to a ward's records
// (everything, then each family model names); model.AdminFamilies are those
// for administration and refusals, whose entries only admins see.
var auditWhatWard = append([]model.AuditFamily{""}, model.WardFamilies...)

// Span is the "when" filter.
type Span int

const (
	SpanAll Span = iota
	spanToday
	spanWeek
	spanMonth
	spanCount
)

func (s Span) String() string {
	return [...]string{"all", "today", "7 days", "30 days"}[s]
}

// since is where the span starts, from now: today is the UTC day, as the
// entries' times are shown.
func (s Span) since(now time.Time) time.Time {
	switch s {
	case spanToday:
		return model.DateOnly(now.UTC())
	case spanWeek:
		return now.Add(-7 * 24 * time.Hour)
	case spanMonth:
		return now.Add(-30 * 24 * time.Hour)
	}
	return time.Time{}
}

// Column widths of an audit row, in cells. Narrow screens drop the record,
// then the key, then the summary, rather than wrap; the entry in full has
// them all.
const (
	colAuWhen       = 12 // "02 Mar 09:31", or "02 Mar 2025" for another year
	colAuWho        = 14
	colAuWhoMin     = 6
	colAuKey        = 7 // the start of the fingerprint's hash
	colAuWhat       = 16
	colAuTarget     = 11
	colAuSummaryMin = 20
	// colAuSummaryWithTarget is the summary width a screen must afford
	// before it shows the record: the summary says more.
	colAuSummaryWithTarget = 30
)

type auditCols struct {
	who, summary      int
	key, target, show bool // show: the summary column
}

func layoutAuditColumns(width int) auditCols {
	base := ui.ColMarker + colAuWhen + 1 + colAuWhat + 1
	for _, c := range []auditCols{{key: true, target: true, show: true}, {key: true, show: true}, {show: true}} {
		used := base + colAuWho + 1
		if c.key {
			used += colAuKey + 1
		}
		if c.target {
			used += colAuTarget + 1
		}
		c.who, c.summary = colAuWho, width-used
		minSummary := colAuSummaryMin
		if c.target {
			minSummary = colAuSummaryWithTarget
		}
		if c.summary >= minSummary {
			return c
		}
	}
	return auditCols{who: max(colAuWhoMin, width-base)}
}

// shortKey is the start of a key's fingerprint, enough to tell keys apart
// at a glance; the entry in full has the whole of it.
func shortKey(fp string) string {
	fp = ui.SafeLine(fp, model.MaxLineLen)
	if h, ok := strings.CutPrefix(fp, "SHA256:"); ok {
		fp = h
	}
	if fp == "" {
		return "—"
	}
	return ui.Trunc(fp, colAuKey)
}

// auditWho is who made the change, as the entry recorded them.
func auditWho(e model.AuditEntry) string {
	return ui.OrDash(ui.SafeName(e.Actor.User.Name))
}

type auditLoadedMsg struct {
	seq     int
	who     string // the who filter the entries were read with
	entries []model.AuditEntry
	err     error
}

// loadAuditCmd reads the entries matching q. The store filters by who may
// see what; filtering again by model.CanSeeAudit here means a bug there
// still cannot put a forbidden entry on someone's screen.
func loadAuditCmd(st Store, viewer model.User, q store.AuditQuery, seq int) tea.Cmd {
	return func() tea.Msg {
		es, err := st.AuditFind(viewer, q)
		if err != nil {
			return auditLoadedMsg{seq: seq, who: q.Who, err: err}
		}
		kept := make([]model.AuditEntry, 0, len(es))
		for _, e := range es {
			if model.CanSeeAudit(viewer, e) {
				kept = append(kept, e)
			}
		}
		return auditLoadedMsg{seq: seq, who: q.Who, entries: kept}
	}
}

// Screen is the audit screen: the entries, newest first, and one entry
// in full (full) over them.
type Screen struct {
	s  ui.Session
	st Store
	k  keyMap

	// all is the last load, read with the who filter allWho; entries is
	// what of it matches who, newest first. Typing more of a name narrows
	// all at once, without a read; enter reads with it, reaching further back.
	all     []model.AuditEntry
	allWho  string
	entries []model.AuditEntry
	loaded  bool
	load    ui.Loader
	err     error

	ui.ListFrame
	selected uint64 // the entry under the cursor, by number, kept across loads

	who    string
	what   model.AuditFamily
	when   Span
	input  textinput.Model
	typing bool

	full       bool // the selected entry in full
	fullScroll int

	width     int
	cols      auditCols
	bar       string
	colHeader string
}

// New makes the screen, once per session.
func New(s ui.Session, st Store) *Screen {
	in := textinput.New()
	in.Prompt = "who: "
	in.Placeholder = "part of a name or key fingerprint"
	in.CharLimit = model.MaxNameLen
	in.KeyMap.Paste.Unbind() // it would read the server's clipboard, not the user's
	l := &Screen{s: s, st: st, k: newKeyMap(s.Keys()), input: in}
	l.Restyle()
	return l
}

func (l *Screen) Init() tea.Cmd   { return nil }
func (l *Screen) Capturing() bool { return l.typing }
func (l *Screen) Title() string   { return "Audit log" }

// Show is called when the screen opens: it reads the trail afresh.
func (l *Screen) Show() tea.Cmd {
	l.full = false
	return l.reload()
}

func (l *Screen) query() store.AuditQuery {
	return store.AuditQuery{Who: l.who, Action: string(l.what), Since: l.when.since(l.s.Now()), Limit: auditLoadLimit}
}

func (l *Screen) reload() tea.Cmd {
	if !l.s.HasUser() {
		return nil
	}
	seq, ok := l.load.Start(l.s.NextSeq)
	if !ok {
		return nil
	}
	return loadAuditCmd(l.st, l.s.User(), l.query(), seq)
}

// Restyle follows the terminal's background.
func (l *Screen) Restyle() {
	l.input.SetStyles(l.s.Styles().TextInput)
	l.colHeader = l.columnHeader()
	l.bar = l.drawBar()
}

func (l *Screen) SetSize(w, h int) {
	l.width, l.Height = w, h
	l.cols = layoutAuditColumns(w)
	l.input.SetWidth(max(1, w-lipgloss.Width(l.input.Prompt)-1))
	l.colHeader = l.columnHeader()
	l.scroll()
}

// whatChoices are the "what" filter's values for this user: the
// administrative ones only for those who could see such entries.
func (l *Screen) whatChoices() []model.AuditFamily {
	if model.CanSeeAudit(l.s.User(), model.AuditEntry{}) {
		return append(slices.Clone(auditWhatWard), model.AdminFamilies...)
	}
	return auditWhatWard
}

func (l *Screen) filtered() bool { return l.who != "" || l.what != "" || l.when != SpanAll }

func (l *Screen) current() (model.AuditEntry, bool) {
	if l.Cursor < 0 || l.Cursor >= len(l.entries) {
		return model.AuditEntry{}, false
	}
	return l.entries[l.Cursor], true
}

func (l *Screen) ShortHelp() []key.Binding {
	k := &l.k
	switch {
	case l.typing:
		return []key.Binding{k.FilterApply, k.FilterCancel}
	case l.full:
		return []key.Binding{k.Help, k.Back, k.Down, k.Up, k.Quit}
	}
	out := []key.Binding{k.Help, k.Back}
	if len(l.entries) > 0 {
		out = append(out, k.AuditOpen)
	}
	return append(out, k.AuditWho, k.AuditWhat, k.AuditWhen, k.Quit)
}

func (l *Screen) FullHelp() [][]key.Binding {
	k := &l.k
	switch {
	case l.typing:
		return [][]key.Binding{{k.FilterApply, k.FilterCancel}}
	case l.full:
		return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}, {k.Back, k.Help, k.Quit}}
	}
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		{k.AuditWho, k.AuditWhat, k.AuditWhen},
		{k.AuditOpen, k.Back, k.Help, k.Quit},
	}
}

func (l *Screen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case auditLoadedMsg:
		return l.loadedMsg(msg)
	case ui.StoreChanged:
		return l.reload()
	case tea.PasteMsg:
		if l.typing {
			var cmd tea.Cmd
			l.input, cmd = l.input.Update(ui.CleanInput(msg))
			return tea.Batch(cmd, l.setWho(l.input.Value()))
		}
	case tea.KeyPressMsg:
		switch {
		case l.typing:
			return l.typingKey(msg)
		case l.full:
			return l.fullKey(msg)
		}
		return l.key(msg)
	}
	return nil
}

func (l *Screen) loadedMsg(msg auditLoadedMsg) tea.Cmd {
	cmd, ours := l.load.Landed(msg.seq, "loading the audit trail", msg.err, l.reload)
	if !ours {
		return nil
	}
	l.err = msg.err
	if msg.err == nil {
		l.all, l.allWho = msg.entries, msg.who
		l.loaded = true
		l.narrow()
	}
	l.bar = l.drawBar()
	return cmd
}

// matchWho is the store's who filter (store.AuditQuery.Who), for
// narrowing what is loaded while a name is typed.
func matchWho(e model.AuditEntry, who string) bool {
	who = strings.ToLower(strings.TrimSpace(who))
	return who == "" || strings.Contains(strings.ToLower(e.Actor.User.Name), who) ||
		strings.Contains(strings.ToLower(e.Actor.Fingerprint), who)
}

// narrow shows what of all matches who.
func (l *Screen) narrow() {
	if l.who == l.allWho {
		l.entries = l.all
	} else {
		l.entries = make([]model.AuditEntry, 0, len(l.all))
		for _, e := range l.all {
			if matchWho(e, l.who) {
				l.entries = append(l.entries, e)
			}
		}
	}
	l.placeCursor()
	l.bar = l.drawBar()
}

// placeCursor keeps the cursor on the entry it was on. An entry shown in
// full that is no longer there (its record restricted since) closes.
func (l *Screen) placeCursor() {
	if l.selected != 0 {
		if i := slices.IndexFunc(l.entries, func(e model.AuditEntry) bool { return e.Seq == l.selected }); i >= 0 {
			l.Cursor = i
			l.scroll()
			return
		}
		l.full = false
	}
	l.Cursor = ui.Clamp(l.Cursor, 0, max(0, len(l.entries)-1))
	l.syncSelected()
	l.scroll()
}

func (l *Screen) syncSelected() {
	if e, ok := l.current(); ok {
		l.selected = e.Seq
	} else {
		l.selected, l.full = 0, false
	}
}

func (l *Screen) typingKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &l.k
	switch {
	case key.Matches(msg, k.FilterApply):
		l.typing = false
		l.input.Blur()
		if l.who != l.allWho {
			return l.reload()
		}
		return nil
	case key.Matches(msg, k.FilterCancel):
		l.typing = false
		l.input.Blur()
		l.input.SetValue("")
		return l.setWho("")
	case key.Matches(msg, k.Up):
		if msg.Text == "" {
			l.move(-1)
			return nil
		}
	case key.Matches(msg, k.Down):
		if msg.Text == "" {
			l.move(1)
			return nil
		}
	}
	var cmd tea.Cmd
	l.input, cmd = l.input.Update(ui.CleanInput(msg))
	return tea.Batch(cmd, l.setWho(l.input.Value()))
}

// setWho filters by who as it is typed. More of the same name narrows
// what is loaded, at once; anything else (a letter taken back, a new name)
// reads again. Loads coalesce: one in flight, one more for the latest text.
func (l *Screen) setWho(s string) tea.Cmd {
	s = strings.TrimSpace(s)
	if s == l.who {
		return nil
	}
	l.who = s
	if l.loaded && strings.Contains(strings.ToLower(s), strings.ToLower(l.allWho)) {
		l.narrow()
		return nil
	}
	return l.refilter()
}

// refilter asks again with the new filters, and says so in the bar at once.
func (l *Screen) refilter() tea.Cmd {
	l.bar = l.drawBar()
	return l.reload()
}

func (l *Screen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := &l.k
	if d, ok := k.Step(msg, l.PageSize(), len(l.entries)); ok {
		l.move(d)
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		return func() tea.Msg { return ui.Back{} }
	case key.Matches(msg, k.AuditOpen):
		if _, ok := l.current(); ok {
			l.full, l.fullScroll = true, 0
		}
	case key.Matches(msg, k.AuditWho):
		l.typing = true
		l.input.SetValue(l.who)
		l.input.CursorEnd()
		return l.input.Focus()
	case key.Matches(msg, k.AuditWhat):
		l.what = ui.Cycle(l.whatChoices(), l.what)
		return l.refilter()
	case key.Matches(msg, k.AuditWhen):
		l.when = (l.when + 1) % spanCount
		return l.refilter()
	}
	return nil
}

func (l *Screen) fullKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &l.k
	if d, ok := k.Step(msg, max(1, l.Height-2), 1<<30); ok {
		l.fullScroll += d
	} else if key.Matches(msg, k.Back) {
		l.full = false
	}
	if e, ok := l.current(); ok {
		l.fullScroll = ui.Clamp(l.fullScroll, 0, l.maxFullScroll(e))
	}
	return nil
}

// maxFullScroll is how far the entry in full scrolls at this size.
func (l *Screen) maxFullScroll(e model.AuditEntry) int {
	return max(0, len(l.fullLines(e))-max(0, l.Height-1))
}

func (l *Screen) move(delta int) {
	if len(l.entries) == 0 {
		return
	}
	l.Cursor = ui.Clamp(l.Cursor+delta, 0, len(l.entries)-1)
	l.syncSelected()
	l.scroll()
}

func (l *Screen) scroll() {
	l.Scroll(len(l.entries))
}

func (l *Screen) drawBar() string {
	st := l.s.Styles()
	part := st.FilterPart
	count := fmt.Sprint(len(l.entries))
	if len(l.entries) >= auditLoadLimit {
		count = fmt.Sprintf("newest %d", len(l.entries))
	}
	parts := []string{st.Title.Render("Audit"), st.Label.Render(count)}
	if l.who != "" {
		parts = append(parts, part("who", ui.SafeLine(l.who, model.MaxNameLen), true))
	}
	what := string(l.what)
	if what == "" {
		what = "all"
	}
	parts = append(parts, part("what", what, l.what != ""), part("when", l.when.String(), l.when != SpanAll))
	return strings.Join(parts, st.Label.Render(" · "))
}

func (l *Screen) columnHeader() string {
	c := l.cols
	cells := []string{strings.Repeat(" ", ui.ColMarker-1), ui.Fit("WHEN", colAuWhen), ui.Fit("WHO", c.who)}
	if c.key {
		cells = append(cells, ui.Fit("KEY", colAuKey))
	}
	cells = append(cells, ui.Fit("WHAT", colAuWhat))
	if c.target {
		cells = append(cells, ui.Fit("RECORD", colAuTarget))
	}
	if c.show {
		cells = append(cells, ui.Fit("SUMMARY", c.summary))
	}
	return l.s.Styles().ColHeader.Render(strings.Join(cells, " "))
}

// auditWhen is an entry's time in a row: the year only when it is not this one.
func auditWhen(at, now time.Time) string {
	if at.Year() != now.Year() {
		return at.Format("02 Jan 2006")
	}
	return at.Format("02 Jan 15:04")
}

// row draws one entry on one line; as on the board, a selected row is
// drawn plain and styled whole. Every field is cleaned: names, actions,
// targets and summaries can all carry what someone typed.
func (l *Screen) row(e model.AuditEntry, selected bool, now time.Time) string {
	st := l.s.Styles()
	c := l.cols
	styled := func(s ui.Inline, text string) string {
		if selected {
			return text
		}
		return s.Render(text)
	}
	marker := "  "
	if selected {
		marker = "> "
	}
	cells := []string{marker + ui.Fit(auditWhen(e.At, now), colAuWhen), st.Value.Render(ui.Fit(auditWho(e), c.who))}
	if c.key {
		cells = append(cells, ui.Fit(shortKey(e.Actor.Fingerprint), colAuKey))
	}
	what := ui.Fit(ui.SafeLine(string(e.Action), model.MaxLineLen), colAuWhat)
	if e.Action.Refusal() {
		what = styled(st.Overdue, what)
	}
	cells = append(cells, what)
	if c.target {
		cells = append(cells, ui.Fit(ui.OrDash(ui.SafeLine(model.TargetRef(e.Target), model.MaxLineLen)), colAuTarget))
	}
	if c.show {
		summary := ui.SafeLine(e.Summary, model.MaxLineLen)
		if tag := ui.VisibilityTag(e.Visibility); tag != "" && e.Ward != "" {
			tagW := min(lipgloss.Width(tag), max(0, c.summary/2))
			tag = ui.Trunc(tag, tagW)
			summary = styled(st.Restricted, tag) + " " + ui.Fit(summary, max(0, c.summary-tagW-1))
		} else {
			summary = ui.Fit(summary, c.summary)
		}
		cells = append(cells, summary)
	}
	line := strings.Join(cells, " ")
	if selected {
		return st.RowSelected.Render(ui.Fit(line, l.width))
	}
	return line
}

func (l *Screen) View() string {
	if l.full {
		if e, ok := l.current(); ok {
			return l.fullView(e)
		}
	}
	st := l.s.Styles()
	lines := make([]string, 0, l.Height)
	if l.ChromeHeight() > 0 {
		bar := l.bar
		if l.typing {
			bar = l.input.View()
		}
		lines = append(lines, bar, l.colHeader)
	}
	hint := func(s string) {
		for _, w := range ui.Wrap(s, max(1, l.width)) {
			lines = append(lines, st.Muted.Render(w))
		}
	}
	switch {
	case !model.CanReadAudit(l.s.User()):
		hint("The audit trail is for officers and admins.")
	case !l.loaded && l.err != nil:
		hint("Could not load the audit trail; it will load again with the next change.")
	case !l.loaded:
		hint("Loading the audit trail…")
	case len(l.entries) == 0 && l.filtered():
		hint("No entries match: / who, a what, d when change the filters.")
	case len(l.entries) == 0:
		hint("No entries you may see yet.")
	default:
		now := l.s.Now()
		end := min(len(l.entries), l.Offset+l.ListHeight())
		for r := l.Offset; r < end; r++ {
			lines = append(lines, l.row(l.entries[r], r == l.Cursor, now))
		}
	}
	return ui.Block(lines, l.width, l.Height)
}

// auditScope says who the entry is for, in words.
func auditScope(e model.AuditEntry) string {
	if e.Ward == "" {
		return "admins only (administration)"
	}
	return ui.VisibilityLabel(e.Visibility)
}

// fullView is one entry with every field, the whole key fingerprint
// among them, scrolled by fullScroll.
func (l *Screen) fullView(e model.AuditEntry) string {
	lines := l.fullLines(e)
	// Not the trail's sequence number: gaps between the numbers of the
	// entries a reader may see would count those they may not.
	top := ui.Trunc(l.s.Styles().Label.Render("Audit entry"), l.width)
	scroll := ui.Clamp(l.fullScroll, 0, l.maxFullScroll(e))
	return ui.Block(append([]string{top}, lines[scroll:]...), l.width, l.Height)
}

// fullLines are the entry's fields, label and value, wrapped to the width.
func (l *Screen) fullLines(e model.AuditEntry) []string {
	st := l.s.Styles()
	w := l.width
	valueW := max(1, w-ui.LabelWidth)
	var lines []string
	field := func(label string, style ui.Inline, value string) {
		for i, v := range ui.Wrap(value, valueW) {
			pad := strings.Repeat(" ", ui.LabelWidth)
			if i == 0 {
				pad = st.Label.Render(ui.Fit(label, ui.LabelWidth))
			}
			lines = append(lines, pad+style.Render(v))
		}
	}
	u := e.Actor.User
	who := auditWho(e)
	var about []string
	if ag := ui.SafeLine(u.Agency, model.MaxLineLen); ag != "" {
		about = append(about, ag)
	}
	if r := ui.SafeLine(string(u.Role), model.MaxLineLen); r != "" {
		about = append(about, r)
	}
	if len(about) > 0 {
		who += " · " + strings.Join(about, " · ")
	}
	if u.ID != 0 {
		who += fmt.Sprintf(" (user %d)", u.ID)
	}
	ward := "—"
	if e.Ward != "" {
		ward = ui.SafeLine(e.Ward, model.MaxLineLen)
		if e.Ward == l.s.Ward().Code && l.s.Ward().Name != l.s.Ward().Code {
			ward = ui.SafeName(l.s.Ward().Name) + " " + ward
		}
	}
	whatStyle := st.Value
	if e.Action.Refusal() {
		whatStyle = st.Overdue
	}
	field("When", st.Value, e.At.Format("Mon 2 Jan 2006 15:04:05 MST"))
	field("Who", st.Value, who)
	field("Key", st.Value, ui.OrDash(ui.SafeLine(e.Actor.Fingerprint, model.MaxLineLen)))
	field("What", whatStyle, ui.SafeLine(string(e.Action), model.MaxLineLen))
	field("Record", st.Value, ui.OrDash(ui.SafeLine(model.TargetRef(e.Target), model.MaxLineLen)))
	field("Ward", st.Value, ward)
	field("Visible to", st.Value, auditScope(e))
	field("Summary", st.Value, ui.OrDash(ui.SafeLine(e.Summary, model.MaxLineLen)))
	return lines
}

// State is what the screen holds, for tests that drive the whole app.
type State struct {
	Entries        []model.AuditEntry // listed, newest first
	Cursor         int
	Selected       uint64 // the entry under the cursor, by number
	Who, LoadedWho string // typed; the last load read with
	What           model.AuditFamily
	When           Span
	Typing, Full   bool
}

// State says what the screen holds now.
func (l *Screen) State() State {
	return State{Entries: l.entries, Cursor: l.Cursor, Selected: l.selected, Who: l.who, LoadedWho: l.allWho,
		What: l.what, When: l.when, Typing: l.typing, Full: l.full}
}

// WhatChoices are the "what" filter's values for the ward's records.
func WhatChoices() int { return len(auditWhatWard) }
