package crimes

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// The crime picture's analyst views (issue 20), over the same picture the
// screen loaded: outcomes (o), repeat places (r), possible linked series
// (s) and coverage by force (c). The same key again, or esc, goes back to
// the picture. Enter on a series or a repeat place opens the problem form
// prefilled from it, as enter on a hotspot does, citing the figures.

type crimeMode int

const (
	modePicture crimeMode = iota
	modeOutcomes
	modeRepeats
	modeSeries
	modeCoverage
	crimeModes
)

// modeKeys are the keys that open each view.
func (v *Screen) modeFor(msg tea.KeyPressMsg) (crimeMode, bool) {
	ck := v.k.Crimes
	switch {
	case key.Matches(msg, ck.Outcomes):
		return modeOutcomes, true
	case key.Matches(msg, ck.Repeats):
		return modeRepeats, true
	case key.Matches(msg, ck.Series):
		return modeSeries, true
	case key.Matches(msg, ck.Coverage):
		return modeCoverage, true
	}
	return 0, false
}

// modeKey handles the views' keys; done says the key was theirs.
func (v *Screen) modeKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := v.k
	if m, ok := v.modeFor(msg); ok && v.loaded {
		if v.mode == m {
			m = modePicture
		}
		v.mode = m
		return nil, true
	}
	if v.mode == modePicture {
		return nil, false
	}
	n := v.modeRows()
	cur := &v.modeCursor[v.mode]
	if d, ok := k.Step(msg, max(1, v.height/2), n); ok {
		*cur = ui.Clamp(*cur+d, 0, max(0, n-1))
		return nil, true
	}
	switch {
	case key.Matches(msg, k.Back):
		v.mode = modePicture
	case key.Matches(msg, k.Open) && model.CanCreateProblems(v.s.User(), v.ward) && n > 0:
		switch v.mode {
		case modeSeries:
			p, cite := v.problemFromSeries(v.p.Series[*cur])
			return ui.Cmd(v.links.NewProblem(p, cite, model.CrimeFocus{})), true
		case modeRepeats:
			p, cite := v.problemFromRepeat(v.p.Repeats[*cur])
			return ui.Cmd(v.links.NewProblem(p, cite, model.CrimeFocus{})), true
		}
	case key.Matches(msg, k.Quit), key.Matches(msg, k.Help):
		return nil, false
	}
	return nil, true
}

func (v *Screen) modeRows() int {
	switch v.mode {
	case modeOutcomes:
		return len(v.outcomeRows())
	case modeRepeats:
		return len(v.p.Repeats)
	case modeSeries:
		return len(v.p.Series)
	case modeCoverage:
		return len(v.p.Coverage) + len(v.p.Gaps)
	}
	return 0
}

func (v *Screen) modeHelp() []key.Binding {
	k, ck := v.k, v.k.Crimes
	out := []key.Binding{k.Help, k.Back}
	if (v.mode == modeSeries && len(v.p.Series) > 0 || v.mode == modeRepeats && len(v.p.Repeats) > 0) && model.CanCreateProblems(v.s.User(), v.ward) {
		out = append(out, ck.FromRow)
	}
	return append(out, ck.Outcomes, ck.Repeats, ck.Series, ck.Coverage, k.Down, k.Up, k.Quit)
}

// outcomeRows are the series whose outcomes the outcomes view lists:
// recorded crime, each type, anti-social behaviour, then the places.
func (v *Screen) outcomeRows() []model.CrimeSeries {
	rows := append([]model.CrimeSeries{v.p.Total}, v.p.Types...)
	if v.p.ASB.Count > 0 {
		rows = append(rows, v.p.ASB)
	}
	return append(rows, v.p.Locations...)
}

// modeView draws the current view in h lines: a line saying what it is
// and the rule it follows, then its rows, scrolled to the cursor.
func (v *Screen) modeView(h int) []string {
	st := v.s.Styles()
	r := v.p.Rules
	var head string
	var rows []string
	var detail []string
	switch v.mode {
	case modeOutcomes:
		head = "Outcomes: the window's crimes by last outcome category (police.uk)"
		for _, s := range v.outcomeRows() {
			rows = append(rows, v.outcomeRow(s))
		}
	case modeRepeats:
		head = fmt.Sprintf("Repeat places: in a type's top %d in at least %d of the last %d months", r.RepeatTop, r.RepeatMin, r.RepeatOf)
		for _, rp := range v.p.Repeats {
			rows = append(rows, v.repeatRow(rp))
		}
	case modeSeries:
		head = fmt.Sprintf("Possible linked series: one type within %.0f m in %d+ consecutive months, p < %.2f at the ward's rate",
			r.SeriesMetres, r.SeriesMinMonths, r.SeriesP)
		for i, ls := range v.p.Series {
			rows = append(rows, fmt.Sprintf("%d. %s · %s · %s at %d points · p %.2g", i+1, ui.SafeLine(shortType(ls.Type), 40),
				shortSpan(ls.Months), model.Counted(ls.Crimes, "crime", "crimes"), len(ls.Points), ls.P))
		}
		if n := len(v.p.Series); n > 0 {
			ls := v.p.Series[ui.Clamp(v.modeCursor[modeSeries], 0, n-1)]
			detail = append(detail, fmt.Sprintf("Series %d: %.2f crimes a month expected near there by chance",
				ui.Clamp(v.modeCursor[modeSeries], 0, n-1)+1, ls.Expected))
			for _, pt := range ls.Points {
				detail = append(detail, fmt.Sprintf("  %s %s · %s", ui.SafeLine(pt.Place.Label, 60), pt.Place.GridRef, monthsShort(pt.Months)))
			}
		}
	case modeCoverage:
		head = "Coverage: which forces' files cover which months"
		for _, c := range v.p.Coverage {
			rows = append(rows, fmt.Sprintf("%s · %s", ui.SafeLine(model.ForceName(c.Force), 60), monthsShort(c.Months)))
		}
		for _, g := range v.p.Gaps {
			rows = append(rows, fmt.Sprintf("⚠ %s: no data from %s (its usual force) for %s", g.LSOA,
				ui.SafeLine(model.ForceName(g.Force), 60), monthsShort(g.Months)))
		}
	}
	out := []string{}
	for _, l := range ui.Wrap(head, v.width) {
		out = append(out, st.ColHeader.Render(l))
	}
	room := h - len(out)
	if len(rows) == 0 {
		msg := "  None in this window."
		if v.mode == modeSeries {
			msg = "  None above the stated rate in this window."
		}
		return append(out, st.Muted.Render(ui.Trunc(msg, v.width)))
	}
	// The selected series' points take what the list leaves, up to half.
	if len(detail) > 0 && room > 6 {
		keep := min(len(detail), room/2)
		room -= keep + 1
		detail = detail[:keep]
	} else {
		detail = nil
	}
	cur := ui.Clamp(v.modeCursor[v.mode], 0, len(rows)-1)
	v.modeCursor[v.mode] = cur
	off := ui.KeepInView(cur, v.modeOffset[v.mode], room, len(rows))
	v.modeOffset[v.mode] = off
	for i := off; i < len(rows) && i < off+room; i++ {
		if i == cur {
			out = append(out, st.RowSelected.Render(ui.Fit("> "+rows[i], v.width)))
		} else {
			out = append(out, ui.Trunc("  "+rows[i], v.width))
		}
	}
	if len(detail) > 0 {
		out = append(out, "")
		for _, d := range detail {
			out = append(out, st.Muted.Render(ui.Trunc(d, v.width)))
		}
	}
	return out
}

func (v *Screen) outcomeRow(s model.CrimeSeries) string {
	name := s.Label()
	if s.Place == nil {
		name = shortType(s.Name)
	}
	nameW := min(24, max(10, v.width/4))
	parts := []string{}
	for i, o := range s.Outcomes {
		if i == 4 {
			break
		}
		parts = append(parts, fmt.Sprintf("%.0f%% %s", o.Percent, shortOutcome(o.Outcome)))
	}
	if len(parts) == 0 {
		parts = append(parts, "—")
	}
	return ui.Fit(ui.SafeLine(name, 60), nameW) + fmt.Sprintf(" %4d  ", s.Count) + strings.Join(parts, " · ")
}

func (v *Screen) repeatRow(rp model.RepeatPlace) string {
	t := "All crime"
	if rp.Type != "" {
		t = shortType(rp.Type)
	}
	return fmt.Sprintf("%s %s %s · %d of %d months · %s", ui.Fit(ui.SafeLine(t, 40), 16), ui.SafeLine(rp.Place.Label, 60), rp.Place.GridRef,
		len(rp.Months), rp.Of, model.Counted(rp.Count, "crime", "crimes"))
}

// shortOutcome names a police.uk outcome category in a few words.
func shortOutcome(o string) string {
	if s, ok := shortNames[strings.ToLower(o)]; ok {
		return s
	}
	return strings.ToLower(ui.SafeLine(o, 40))
}

// sparkHeading names the sparkline column: MONTHS, or how many months
// each character sums when the window does not fit.
func sparkHeading(months, w int) string {
	if bin := sparkBin(months, w); bin > 1 {
		return fmt.Sprintf("%dMO/%d", months, bin)
	}
	return "MONTHS"
}

// changeWords is a comparison's words, or "-" where the imports do not
// reach back far enough for it.
func changeWords(c *model.CrimeChange) string {
	if c == nil {
		return "-"
	}
	return c.Words()
}

// trendLine is recorded crime's longer trends, where the imports reach
// back far enough: the latest month against the same month last year, and
// the last 12 months against the 12 before.
func (v *Screen) trendLine() string {
	t := v.p.Total
	if t.YearAgo == nil {
		return ""
	}
	latest, _ := v.p.Latest()
	long := fmt.Sprintf("Year on year · %s: %d against %d in %s (%s)", latest.Label(), t.YearAgo.Now, t.YearAgo.Before,
		latest.Add(-12).Label(), t.YearAgo.Words())
	short := fmt.Sprintf("vs %s: %d/%d %s", latest.Add(-12).Start().Format("Jan 06"), t.YearAgo.Now, t.YearAgo.Before, t.YearAgo.Words())
	if t.Year != nil {
		long += fmt.Sprintf(" · last 12 months: %d against %d in the 12 before (%s)", t.Year.Now, t.Year.Before, t.Year.Words())
		short += fmt.Sprintf(" · 12m %d/%d %s", t.Year.Now, t.Year.Before, t.Year.Words())
	}
	for _, s := range []string{long, short} {
		if ui.TextWidth(s) <= v.width {
			return v.s.Styles().Value.Render(s)
		}
	}
	return ui.Trunc(short, v.width)
}

// gapLine warns of an LSOA left without data by its usual force.
func (v *Screen) gapLine() string {
	if len(v.p.Gaps) == 0 {
		return ""
	}
	g := v.p.Gaps[0]
	msg := fmt.Sprintf("⚠ %s has no data from %s for %s", g.LSOA, ui.SafeLine(model.ForceName(g.Force), 60), monthsShort(g.Months))
	if len(v.p.Gaps) > 1 {
		msg += fmt.Sprintf(" (and %d more)", len(v.p.Gaps)-1)
	}
	return v.s.Styles().Error.Render(ui.Trunc(msg+" · c: coverage", v.width))
}

// monthsShort is months as runs: "Jan–Mar 2024, May 2024".
func monthsShort(ms []model.Month) string {
	var parts []string
	for _, run := range model.MonthRuns(ms) {
		parts = append(parts, shortSpan(run))
	}
	return strings.Join(parts, ", ")
}

// problemFromSeries drafts a problem for a possible series, and the
// evidence citing its points and months.
func (v *Screen) problemFromSeries(ls model.LinkedSeries) (model.Problem, model.Evidence) {
	r := v.p.Rules
	first := ls.Points[0].Place
	title := "Possible " + strings.ToLower(ls.Type) + " series near " + first.Label
	var pts []string
	for _, pt := range ls.Points {
		pts = append(pts, fmt.Sprintf("%s (%s): %s", pt.Place.Label, pt.Place.GridRef, monthsShort(pt.Months)))
	}
	prob := model.Problem{
		Ward:     v.ward,
		Title:    title,
		Location: first.Label + " " + first.GridRef,
		Category: ls.Category,
		Description: fmt.Sprintf("A possible linked series in the crime picture: %s of %s at %d neighbouring points, %s. The figures are in the evidence log.",
			model.Counted(ls.Crimes, "crime", "crimes"), strings.ToLower(ls.Type), len(ls.Points), shortSpan(ls.Months)),
	}
	text := fmt.Sprintf("police.uk street-level crime for %s (LSOAs %s): %s of %s within %.0f m of each other in %d consecutive months, %s. "+
		"At the ward's own rate %.2f a month would be expected there; a run like this anywhere in the ward has a chance of %.2g. Points: %s.",
		v.s.Ward().Name, strings.Join(v.p.LSOAs, ", "), model.Counted(ls.Crimes, "crime", "crimes"), strings.ToLower(ls.Type), r.SeriesMetres, len(ls.Months),
		shortSpan(ls.Months), ls.Expected, ls.P, strings.Join(pts, "; "))
	last := ls.Months[len(ls.Months)-1]
	return prob, model.Evidence{Ward: v.ward, Occurred: last.Add(1).Start().AddDate(0, 0, -1), Kind: model.EvidenceFact, Text: text}
}

// problemFromRepeat drafts a problem for a repeat place.
func (v *Screen) problemFromRepeat(rp model.RepeatPlace) (model.Problem, model.Evidence) {
	t := rp.Type
	if t == "" {
		t = "Crime"
	}
	prob := model.Problem{
		Ward:     v.ward,
		Title:    t + " keeps coming back at " + rp.Place.Label,
		Location: rp.Place.Label + " " + rp.Place.GridRef,
		Category: model.CrimeCategory(rp.Type),
		Description: fmt.Sprintf("A repeat place in the crime picture: among the ward's top %d places for %s in %d of the last %d months. The figures are in the evidence log.",
			v.p.Rules.RepeatTop, strings.ToLower(t), len(rp.Months), rp.Of),
	}
	text := fmt.Sprintf("police.uk street-level crime for %s (LSOAs %s): %s (%s) was among the top %d places for %s in %s (%d of the last %d months), %s in those months.",
		v.s.Ward().Name, strings.Join(v.p.LSOAs, ", "), rp.Place.Label, rp.Place.GridRef, v.p.Rules.RepeatTop, strings.ToLower(t),
		monthsShort(rp.Months), len(rp.Months), rp.Of, model.Counted(rp.Count, "crime", "crimes"))
	last := rp.Months[len(rp.Months)-1]
	return prob, model.Evidence{Ward: v.ward, Occurred: last.Add(1).Start().AddDate(0, 0, -1), Kind: model.EvidenceFact, Text: text}
}
