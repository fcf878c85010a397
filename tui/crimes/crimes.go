// Package crimes is the crime picture screen (issues 7 and 20): the ward's
// police.uk recorded crime by month and type, with sparklines, totals and
// the latest month against the average of the three before; below, the
// places ("on or near …") ranked by count with their trend; and the
// analyst's views over the same picture (views.go). Enter on a type shows
// the places of that type only; enter on a place, a series or a repeat
// place opens the problem form prefilled from it, through Links (the form
// lives in tui), and saving it logs the figures behind it as evidence on
// the new problem.
//
// Everything the screen shows comes from one store call, CrimePicture,
// made in a tea.Cmd with the screen's seq, which the screen checks.
package crimes

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// ID is the screen's line in the table.
const ID = "crimes"

// Store is what the screen reads.
type Store interface {
	CrimePicture(viewer model.User, ward string, q model.CrimeQuery) (model.CrimePicture, error)
}

// Links are the ways from the crime picture to screens of other packages,
// given by the table's line.
type Links struct {
	// NewProblem opens the problem form with p, and cite to log on the
	// problem once it is created; focus is the hotspot's crime type and
	// place, for the plan's before/after figures (zero where the view has
	// no one place).
	NewProblem func(p model.Problem, cite model.Evidence, focus model.CrimeFocus) tea.Msg
}

// keys are the shared keys and the screen's own.
type keys struct {
	*ui.Keys
	Crimes KeyMap
}

type crimesLoadedMsg struct {
	seq  int
	ward string
	p    model.CrimePicture
	err  error
}

func loadCrimesCmd(st Store, u model.User, ward string, q model.CrimeQuery, seq int) tea.Cmd {
	return func() tea.Msg {
		p, err := st.CrimePicture(u, ward, q)
		if err == nil && p.Ward != ward {
			err = model.ErrNotFound // never show one ward's figures as another's
		}
		return crimesLoadedMsg{seq: seq, ward: ward, p: p, err: err}
	}
}

// KeyMap is the crime screen's keys; the board offers Board.
type KeyMap struct {
	Board, Switch, Problem, Only, AllTypes, Months key.Binding
	// The analyst's views (views.go), and a problem from a series.
	Outcomes, Repeats, Series, Coverage, FromRow key.Binding
}

// NewKeyMap makes the keys.
func NewKeyMap() KeyMap {
	return KeyMap{
		Board: ui.Bind("crime picture", "x"), Switch: ui.Bind("types/places", "tab", "shift+tab"),
		Problem: ui.Bind("place: new problem", "enter"), Only: ui.Bind("type: its places", "enter"),
		AllTypes: ui.Bind("all types", "esc"), Months: ui.Bind("months", "m"),
		Outcomes: ui.Bind("outcomes", "o"), Repeats: ui.Bind("repeat places", "r"),
		Series: ui.Bind("series", "s"), Coverage: ui.Bind("coverage", "c"), FromRow: ui.Bind("new problem", "enter"),
	}
}

// The panes: crime types, and places.
const (
	paneTypes = iota
	panePlaces
)

// crimeWindows are the windows m steps through, in months.
var crimeWindows = [...]int{12, 24, 36, 6}

// Screen is the crime picture screen.
type Screen struct {
	s     ui.Session
	st    Store
	k     keys
	links Links
	ward  string // the ward the picture is of
	p     model.CrimePicture

	loaded bool
	err    error
	load   ui.Loader

	window int // index into crimeWindows
	only   string
	// mode is the picture or one of the analyst's views; each view keeps
	// its own cursor and scroll.
	mode       crimeMode
	modeCursor [crimeModes]int
	modeOffset [crimeModes]int
	focus      int
	cursor     [2]int
	offset     [2]int
	// keep is the name under each cursor, so reloads keep the user's place.
	keep [2]string

	width, height int
}

// New makes the screen, once per session.
func New(s ui.Session, st Store, links Links) *Screen {
	return &Screen{s: s, st: st, k: keys{s.Keys(), NewKeyMap()}, links: links, focus: panePlaces}
}

func (v *Screen) Init() tea.Cmd    { return nil }
func (v *Screen) Capturing() bool  { return false }
func (v *Screen) Title() string    { return "Crime picture" }
func (v *Screen) SetSize(w, h int) { v.width, v.height = w, h }
func (v *Screen) months() int      { return crimeWindows[v.window] }

func (v *Screen) rows(pane int) []model.CrimeSeries {
	if pane == paneTypes {
		return v.p.Types
	}
	return v.p.Locations
}

// Show opens the screen on the session's ward, and reads it afresh.
func (v *Screen) Show() tea.Cmd {
	if v.ward != v.s.Ward().Code {
		*v = Screen{s: v.s, st: v.st, k: v.k, links: v.links, focus: panePlaces, width: v.width, height: v.height, ward: v.s.Ward().Code}
	}
	return v.reload()
}

func (v *Screen) reload() tea.Cmd {
	if !v.s.HasUser() || v.ward == "" {
		return nil
	}
	seq, ok := v.load.Start(v.s.NextSeq)
	if !ok {
		return nil
	}
	q := model.CrimeQuery{Months: v.months(), Type: v.only}
	return loadCrimesCmd(v.st, v.s.User(), v.ward, q, seq)
}

func (v *Screen) ShortHelp() []key.Binding {
	k, ck := v.k, v.k.Crimes
	if v.mode != modePicture {
		return v.modeHelp()
	}
	out := []key.Binding{k.Help}
	if v.only != "" {
		out = append(out, ck.AllTypes)
	} else {
		out = append(out, k.Back)
	}
	out = append(out, ck.Switch)
	switch {
	case v.focus == paneTypes && len(v.p.Types) > 0:
		out = append(out, ck.Only)
	case v.focus == panePlaces && len(v.p.Locations) > 0 && model.CanCreateProblems(v.s.User(), v.ward):
		out = append(out, ck.Problem)
	}
	return append(out, ck.Months, ck.Outcomes, ck.Series, k.Down, k.Up, k.Quit)
}

func (v *Screen) FullHelp() [][]key.Binding {
	k, ck := v.k, v.k.Crimes
	act := []key.Binding{ck.Switch, ck.Only}
	if model.CanCreateProblems(v.s.User(), v.ward) {
		// In a view of series or repeat places, enter makes a problem of
		// the row; in the picture, of the place.
		if v.mode == modeSeries || v.mode == modeRepeats {
			act = append(act, ck.FromRow)
		} else {
			act = append(act, ck.Problem)
		}
	}
	act = append(act, ck.Months, ck.Outcomes, ck.Repeats, ck.Series, ck.Coverage)
	if v.only != "" {
		act = append(act, ck.AllTypes)
	}
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		append(act, k.Back, k.Help, k.Quit),
	}
}

func (v *Screen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ui.StoreChanged:
		return v.reload()
	case crimesLoadedMsg:
		return v.loadedMsg(msg)
	case tea.KeyPressMsg:
		// The analyst's views take their keys first (views.go).
		if cmd, done := v.modeKey(msg); done {
			return cmd
		}
		return v.key(msg)
	}
	return nil
}

func (v *Screen) loadedMsg(msg crimesLoadedMsg) tea.Cmd {
	cmd, ours := v.load.Landed(msg.seq, "loading the crime picture", msg.err, v.reload)
	if !ours {
		return nil
	}
	if msg.err != nil {
		v.err = msg.err
	} else {
		v.p, v.loaded, v.err = msg.p, true, nil
		for pane := range 2 {
			v.cursor[pane] = 0
			for i, s := range v.rows(pane) {
				if s.Name == v.keep[pane] {
					v.cursor[pane] = i
				}
			}
			v.sync(pane)
		}
	}
	return cmd
}

// sync notes the name under the pane's cursor.
func (v *Screen) sync(pane int) {
	rows := v.rows(pane)
	v.cursor[pane] = ui.Clamp(v.cursor[pane], 0, max(0, len(rows)-1))
	if len(rows) > 0 {
		v.keep[pane] = rows[v.cursor[pane]].Name
	}
}

func (v *Screen) key(msg tea.KeyPressMsg) tea.Cmd {
	k, ck := v.k, v.k.Crimes
	if d, ok := k.Step(msg, max(1, v.height/2), len(v.rows(v.focus))); ok {
		v.move(d)
		return nil
	}
	switch {
	case key.Matches(msg, ck.AllTypes) && v.only != "":
		v.only = ""
		return v.reload()
	case key.Matches(msg, k.Back):
		return ui.Cmd(ui.Back{})
	case key.Matches(msg, ck.Switch):
		v.focus = 1 - v.focus
	case key.Matches(msg, ck.Months):
		v.window = (v.window + 1) % len(crimeWindows)
		return v.reload()
	case key.Matches(msg, k.Open):
		rows := v.rows(v.focus)
		if !v.loaded || len(rows) == 0 {
			return nil
		}
		s := rows[v.cursor[v.focus]]
		if v.focus == paneTypes {
			v.only = s.Name
			if v.p.Type == s.Name {
				v.only = "" // enter again: all types
			}
			v.focus, v.cursor[panePlaces], v.keep[panePlaces] = panePlaces, 0, ""
			return v.reload()
		}
		if model.CanCreateProblems(v.s.User(), v.ward) {
			p, cite := v.problemFrom(s)
			return ui.Cmd(v.links.NewProblem(p, cite, v.focusOf(s)))
		}
	}
	return nil
}

func (v *Screen) move(d int) {
	if len(v.rows(v.focus)) == 0 {
		return
	}
	v.cursor[v.focus] += d
	v.sync(v.focus)
}

// problemFrom drafts a problem for a place, and the evidence citing the
// figures behind it.
func (v *Screen) problemFrom(s model.CrimeSeries) (model.Problem, model.Evidence) {
	p := v.p
	place := s.Label()
	what := s.Top
	if what == "" {
		what = "Crime"
	}
	title := what + " at " + place
	if model.PlaceOf(s.Name) != s.Name {
		title = what + " on or near " + place
	}
	location := s.Name
	if s.Place != nil && s.Place.GridRef != "" {
		// The snap point, so a generic name ("Shopping Area") is found.
		location += " (" + s.Place.GridRef + ")"
	}
	span := monthSpan(p.Months)
	latest, _ := p.Latest()
	mostly := ""
	if s.Top != "" {
		mostly = ", mostly " + strings.ToLower(s.Top)
	}
	prob := model.Problem{
		Ward:     v.ward,
		Title:    title,
		Location: location,
		Category: s.Category,
		Description: fmt.Sprintf("A hotspot in the crime picture: %s recorded by police.uk %s, %s%s. The figures are in the evidence log.",
			model.Counted(s.Count, "crime", "crimes"), lowerFirst(s.Name), span, mostly),
	}
	var b strings.Builder
	fmt.Fprintf(&b, "police.uk street-level crime for %s (LSOAs %s), %s: %s %s",
		v.s.Ward().Name, strings.Join(p.LSOAs, ", "), span, model.Counted(s.Count, "crime", "crimes"), lowerFirst(s.Name))
	if p.Type != "" {
		fmt.Fprintf(&b, " of type %s", strings.ToLower(p.Type))
	} else if s.Top != "" {
		fmt.Fprintf(&b, " (mostly %s)", strings.ToLower(s.Top))
	}
	fmt.Fprintf(&b, ". %s: %d", latest.Label(), s.Latest)
	if len(p.PreviousMonths) > 0 {
		fmt.Fprintf(&b, ", against an average of %.1f over %s (%s)", s.Previous, monthSpan(p.PreviousMonths), s.Trend())
	}
	b.WriteString(". Month by month: ")
	for i, m := range p.Months {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %d", m.Start().Format("Jan 06"), s.Counts[i])
	}
	b.WriteString(".")
	cite := model.Evidence{
		Ward: v.ward,
		// The figures are as of the end of the latest month.
		Occurred: latest.Add(1).Start().AddDate(0, 0, -1),
		Kind:     model.EvidenceFact,
		Text:     b.String(),
	}
	return prob, cite
}

// focusOf is the crime type and place a hotspot's problem counts before
// and after its first response: the type the picture is narrowed to, or
// the one most often recorded there, at the place as police.uk publishes
// it. Zero when the place has no type to count.
func (v *Screen) focusOf(s model.CrimeSeries) model.CrimeFocus {
	typ := v.p.Type
	if typ == "" {
		typ = s.Top
	}
	if typ == "" || s.Name == "" {
		return model.CrimeFocus{}
	}
	return model.CrimeFocus{Type: typ, Place: s.Name}
}

// lowerFirst puts "On or near Mill Lane" mid-sentence.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// monthSpan is "Jan 2024 – Apr 2024", or one month's label.
func monthSpan(ms []model.Month) string {
	switch len(ms) {
	case 0:
		return ""
	case 1:
		return ms[0].Label()
	}
	return ms[0].Label() + " – " + ms[len(ms)-1].Label()
}

// sparkLevels draw a count against the row's highest: ▁ is none.
var sparkLevels = [...]rune{'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'}

// sparkBin is how many months one sparkline character stands for when n
// months are drawn in w characters: 1 when they fit, else enough that the
// whole window does (so a 36-month view never shows only its last 12).
func sparkBin(n, w int) int {
	if w <= 0 || n <= w {
		return 1
	}
	return (n + w - 1) / w
}

// sparkline draws the counts in at most w characters, scaled to their
// highest; months are summed in bins of sparkBin when they do not fit,
// the bins ending at the latest month.
func sparkline(counts []int, w int) string {
	if w <= 0 || len(counts) == 0 {
		return ""
	}
	if bin := sparkBin(len(counts), w); bin > 1 {
		var binned []int
		for end := len(counts); end > 0; end -= bin {
			sum := 0
			for _, n := range counts[max(0, end-bin):end] {
				sum += n
			}
			binned = append([]int{sum}, binned...)
		}
		counts = binned
	}
	top := 0
	for _, n := range counts {
		top = max(top, n)
	}
	var b strings.Builder
	for _, n := range counts {
		lvl := 0
		if n > 0 {
			// Rounded up, so any crime at all rises off the floor.
			lvl = min(len(sparkLevels)-1, (n*(len(sparkLevels)-1)+top-1)/top)
		}
		b.WriteRune(sparkLevels[lvl])
	}
	return b.String()
}

// shortNames are police.uk's long names, of crime types and of outcome
// categories, in a few words for a narrow column.
var shortNames = map[string]string{
	"anti-social behaviour": "ASB", "violence and sexual offences": "Violence/sexual",
	"criminal damage and arson": "Criminal damage", "theft from the person": "Theft from person",
	"possession of weapons": "Weapons", "": "none recorded",
	"investigation complete; no suspect identified": "no suspect identified", "unable to prosecute suspect": "unable to prosecute",
	"awaiting court outcome": "awaiting court", "offender given a caution": "caution",
	"further investigation is not in the public interest": "not in public interest", "status update unavailable": "no update",
	"formal action is not in the public interest": "not in public interest", "further action is not in the public interest": "not in public interest",
	"action to be taken by another organisation": "another organisation",
}

// shortType names a police.uk crime type in a narrow column.
func shortType(t string) string {
	if s, ok := shortNames[strings.ToLower(t)]; ok && t != "" {
		return s
	}
	return t
}

// crimeCols are a pane's column widths; 0 hides a column.
type crimeCols struct {
	name, spark, total, latest, avg, trend, yoy, year, mostly int
}

// crimeLayout fits the columns to the width: the sparkline, the latest
// month and its average, and (for places) the usual type, go in that order
// of need as the screen narrows; the name and the trend stay. Where the
// imports reach back a year (yearly), a wide screen also shows the latest
// month against the same month last year, and the last 12 months against
// the 12 before.
func crimeLayout(width, months int, places, yearly bool) crimeCols {
	const marker = 2
	// The sparkline's column is at least as wide as its heading.
	spark := max(months, 6)
	try := []crimeCols{
		{spark: spark, total: 5, latest: 6, avg: 5, trend: 8, yoy: 8, year: 8, mostly: 16},
		{spark: spark, total: 5, latest: 6, avg: 5, trend: 8, yoy: 8, year: 8},
		{spark: spark, total: 5, latest: 6, avg: 5, trend: 8, mostly: 16},
		{spark: spark, total: 5, latest: 6, avg: 5, trend: 8},
		{spark: max(min(months, 12), 6), total: 5, latest: 6, avg: 5, trend: 8},
		{spark: 6, total: 5, trend: 8},
		{total: 5, trend: 8},
	}
	for i, c := range try {
		if c.mostly > 0 && !places || c.yoy > 0 && !yearly {
			continue
		}
		used := marker
		for _, w := range []int{c.spark, c.total, c.latest, c.avg, c.trend, c.yoy, c.year, c.mostly} {
			if w > 0 {
				used += w + 1
			}
		}
		c.name = width - used
		if c.name >= 20 || i == len(try)-1 && c.name >= 1 {
			return c
		}
	}
	return crimeCols{name: max(1, width-2)}
}

func (v *Screen) View() string {
	st := v.s.Styles()
	w := v.width
	title := "Crime picture · " + ui.SafeName(v.s.Ward().Name)
	if v.loaded && len(v.p.Months) > 0 {
		for _, t := range []string{
			title + " · " + monthSpan(v.p.Months) + " · police.uk",
			title + " · " + shortSpan(v.p.Months),
			"Crime · " + ui.SafeName(v.s.Ward().Name) + " · " + shortSpan(v.p.Months),
		} {
			if title = t; ui.TextWidth(t) <= w {
				break
			}
		}
	}
	lines := []string{st.Title.Render(ui.Trunc(title, w))}
	switch {
	case !v.s.HasUser() || v.ward == "":
	case !v.loaded && v.err != nil:
		for _, l := range ui.Wrap("Could not load the crime picture: "+ui.SafeLine(ui.DescribeErr("loading", v.err), model.MaxLineLen), w) {
			lines = append(lines, st.Error.Render(l))
		}
	case !v.loaded:
		lines = append(lines, st.Muted.Render("Loading the crime picture…"))
	case len(v.p.Months) == 0:
		msg := "No police.uk crime data for this ward yet: an admin sets the ward's LSOAs (wardpanel ward lsoas) and imports the force's monthly files (wardpanel import crimes)."
		if len(v.p.LSOAs) > 0 {
			msg = fmt.Sprintf("This ward is made of %s, and no police.uk file imported yet covers them: an admin imports the force's monthly files (wardpanel import crimes).",
				model.Counted(len(v.p.LSOAs), "LSOA", "LSOAs"))
		}
		for _, l := range ui.Wrap(msg, w) {
			lines = append(lines, st.Muted.Render(l))
		}
	case v.mode != modePicture:
		lines = append(lines, v.modeView(v.height-len(lines))...)
	default:
		lines = append(lines, v.totalLine(), v.asbLine())
		if tl := v.trendLine(); tl != "" {
			lines = append(lines, tl)
		}
		if warn := v.gapLine(); warn != "" {
			lines = append(lines, warn)
		}
		lines = append(lines, v.panes(v.height-len(lines))...)
	}
	return ui.Block(lines, w, v.height)
}

// totalLine is recorded crime: its sparkline and count, and the latest
// month against the three before, in the longest form that fits.
func (v *Screen) totalLine() string { return v.seriesLine("Recorded crime", "Crime", v.p.Total) }

// asbLine is anti-social behaviour, apart from recorded crime.
func (v *Screen) asbLine() string {
	return v.seriesLine("Anti-social behaviour (apart)", "ASB", v.p.ASB)
}

func (v *Screen) seriesLine(long, short string, t model.CrimeSeries) string {
	p := v.p
	latest, _ := p.Latest()
	spark := sparkline(t.Counts, min(len(t.Counts), max(12, v.width/3)))
	prev := shortSpan(p.PreviousMonths)
	var forms []string
	if len(p.PreviousMonths) > 0 {
		forms = []string{
			fmt.Sprintf("%s %s %d in %s · %s: %d against an average of %.1f in %s (%s)",
				long, spark, t.Count, model.Counted(len(p.Months), "month", "months"), latest.Label(), t.Latest, t.Previous, prev, t.Trend()),
			fmt.Sprintf("%s %s %d · %s: %d against %.1f a month in %s (%s)", long, spark, t.Count, latest.Label(), t.Latest, t.Previous, prev, t.Trend()),
			fmt.Sprintf("%s %s %d · %s %d vs %.1f %s", short, spark, t.Count, latest.Start().Format("Jan"), t.Latest, t.Previous, t.Trend()),
			fmt.Sprintf("%s %d · %s %d %s", short, t.Count, latest.Start().Format("Jan"), t.Latest, t.Trend()),
		}
	} else {
		forms = []string{
			fmt.Sprintf("%s %s %d · %s: %d", long, spark, t.Count, latest.Label(), t.Latest),
			fmt.Sprintf("%s %d · %s %d", short, t.Count, latest.Start().Format("Jan"), t.Latest),
		}
	}
	for _, s := range forms {
		if ui.TextWidth(s) <= v.width {
			return v.s.Styles().Value.Render(s)
		}
	}
	return ui.Trunc(forms[len(forms)-1], v.width)
}

// shortSpan is "Jan–Mar 2024", or "Nov 2023–Jan 2024" across a year.
func shortSpan(ms []model.Month) string {
	switch {
	case len(ms) == 0:
		return ""
	case len(ms) == 1:
		return ms[0].Label()
	case ms[0].Year() == ms[len(ms)-1].Year():
		return ms[0].Start().Format("Jan") + "–" + ms[len(ms)-1].Label()
	}
	return ms[0].Label() + "–" + ms[len(ms)-1].Label()
}

// panes draws the types and the places in h lines: both when there is
// room, else the one in focus.
func (v *Screen) panes(h int) []string {
	if h <= 1 {
		return nil
	}
	if h < 12 {
		return v.pane(v.focus, h)
	}
	// Each pane gets up to half; what one does not need, the other may use.
	room := h - 2
	places := min(len(v.p.Locations), room-min(len(v.p.Types), room/2))
	types := max(1, min(len(v.p.Types), room-places))
	out := v.pane(paneTypes, types+1)
	return append(out, v.pane(panePlaces, h-len(out))...)
}

// pane draws one pane's header and as many of its rows as fit in h lines,
// scrolled to keep the cursor in sight.
func (v *Screen) pane(pane, h int) []string {
	st := v.s.Styles()
	places := pane == panePlaces
	cols := crimeLayout(v.width, len(v.p.Months), places, v.p.Total.YearAgo != nil)
	rows := v.rows(pane)
	name := "TYPE"
	if places {
		name = "WHERE (ON OR NEAR)"
		if v.p.Type != "" {
			name = "WHERE: " + strings.ToUpper(ui.SafeLine(v.p.Type, model.MaxLineLen)) + " ONLY"
		}
	}
	head := "  " + ui.Fit(name, cols.name)
	add := func(w int, label string, right bool) {
		if w > 0 {
			if right {
				head += " " + fmt.Sprintf("%*s", w, label)
			} else {
				head += " " + ui.Fit(label, w)
			}
		}
	}
	add(cols.spark, sparkHeading(len(v.p.Months), cols.spark), false)
	add(cols.total, "TOTAL", true)
	add(cols.latest, "LATEST", true)
	add(cols.avg, "AVG3", true)
	add(cols.trend, "TREND", false)
	add(cols.yoy, "VS 1Y", false)
	add(cols.year, "12 V 12", false)
	add(cols.mostly, "MOSTLY", false)
	headStyle := st.ColHeader
	if pane == v.focus {
		headStyle = st.FilterOn
	}
	out := []string{headStyle.Render(ui.Trunc(head, v.width))}
	room := h - 1
	if room <= 0 {
		return out
	}
	if len(rows) == 0 {
		msg := "No crimes recorded."
		if places && v.p.Type != "" {
			msg = "No places with crimes of this type — esc shows all types."
		}
		return append(out, st.Muted.Render(ui.Trunc("  "+msg, v.width)))
	}
	cur := v.cursor[pane]
	off := ui.KeepInView(cur, v.offset[pane], room, len(rows))
	v.offset[pane] = off
	for i := off; i < len(rows) && i < off+room; i++ {
		out = append(out, v.row(rows[i], cols, places, pane == v.focus && i == cur))
	}
	return out
}

func (v *Screen) row(s model.CrimeSeries, cols crimeCols, places, selected bool) string {
	st := v.s.Styles()
	name := ui.SafeLine(s.Name, model.MaxLineLen)
	if places {
		name = ui.SafeLine(s.Label(), model.MaxLineLen)
		if name == "" {
			name = "(no description)"
		}
	}
	marker := "  "
	if selected {
		marker = "> "
	}
	line := marker + ui.Fit(name, cols.name)
	if cols.spark > 0 {
		line += " " + ui.Fit(sparkline(s.Counts, cols.spark), cols.spark)
	}
	if cols.total > 0 {
		line += " " + fmt.Sprintf("%*d", cols.total, s.Count)
	}
	if cols.latest > 0 {
		line += " " + fmt.Sprintf("%*d", cols.latest, s.Latest)
	}
	if cols.avg > 0 {
		line += " " + fmt.Sprintf("%*.1f", cols.avg, s.Previous)
	}
	trend := ui.Fit(s.Trend(), cols.trend)
	if cols.yoy > 0 {
		trend += " " + ui.Fit(changeWords(s.YearAgo), cols.yoy) + " " + ui.Fit(changeWords(s.Year), cols.year)
	}
	if cols.mostly > 0 {
		trend += " " + ui.Fit(ui.SafeLine(shortType(s.Top), model.MaxLineLen), cols.mostly)
	}
	if selected {
		return st.RowSelected.Render(ui.Fit(line+" "+trend, v.width))
	}
	switch {
	case strings.HasPrefix(s.Trend(), "↑"), s.Trend() == "new":
		trend = st.DueSoon.Render(trend)
	case strings.HasPrefix(s.Trend(), "↓"):
		trend = st.Success.Render(trend)
	}
	return line + " " + trend
}
