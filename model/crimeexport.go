package model

import (
	"strconv"
	"strings"
)

// The crime picture as one CSV table, for spreadsheets: `crimes --csv`.
// Every part of the picture is rows of the same columns, told apart by the
// first, so a filter on "section" gives each table back:
//
//	count     a series' count in one month (recorded crime, ASB, a type, a place)
//	trend     a series' change: latest month against the three before, against
//	          the same month last year, and the last 12 months against the 12 before
//	outcome   a series' share of crimes by last outcome, over the window
//	repeat    a repeat place: the months it was in the type's top places
//	series    a possible linked series: one row per point, with its months
//	coverage  a force's file covering a month
//	gap       an LSOA without data, in a month, from the force that usually reports it
//	rule      the rules the picture was drawn with
//
// Text from files is made inert for spreadsheets (CSVCell).

// CrimeCSVHeader is the table's header.
var CrimeCSVHeader = []string{"section", "series", "place", "grid_ref", "longitude", "latitude", "month", "count",
	"percent", "compared_with", "now", "before", "p", "clear", "detail"}

// CSVCell makes text safe in a spreadsheet cell: a cell starting with = + -
// @ (or a tab or carriage return) would be read as a formula, so it gets a
// leading apostrophe; the text is also cleaned to one line.
func CSVCell(s string) string {
	s = CleanLine(s, MaxLineLen)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// CSVRecords is the picture as rows under CrimeCSVHeader.
func (p CrimePicture) CSVRecords() [][]string {
	out := [][]string{CrimeCSVHeader}
	num := func(n int) string { return strconv.Itoa(n) }
	f1 := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	coord := func(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }
	add := func(section, series string, place *CrimePlace, month, count, percent string, rest ...string) {
		r := []string{section, CSVCell(series), "", "", "", "", month, count, percent, "", "", "", "", "", ""}
		if place != nil {
			r[2], r[3] = CSVCell(place.Label), place.GridRef
			if place.HasPoint {
				r[4], r[5] = coord(place.Longitude), coord(place.Latitude)
			}
		}
		copy(r[9:], rest)
		out = append(out, r)
	}
	change := func(series string, place *CrimePlace, with string, c *CrimeChange) {
		if c == nil {
			return
		}
		pct := ""
		if c.Percent != nil && c.Clear {
			pct = f1(*c.Percent)
		}
		add("trend", series, place, "", "", pct, with, num(c.Now), num(c.Before),
			strconv.FormatFloat(c.P, 'g', 4, 64), strconv.FormatBool(c.Clear), c.Words())
	}
	all := append([]CrimeSeries{p.Total, p.ASB}, p.Types...)
	all = append(all, p.Locations...)
	for _, s := range all {
		name := s.Name
		if s.Place != nil {
			name = s.Top
		}
		for i, m := range p.Months {
			if i < len(s.Counts) {
				add("count", name, s.Place, m.String(), num(s.Counts[i]), "")
			}
		}
		trend3 := s.Trend3
		change(name, s.Place, "average of the 3 months before", &trend3)
		change(name, s.Place, "same month last year", s.YearAgo)
		change(name, s.Place, "previous 12 months", s.Year)
		for _, o := range s.Outcomes {
			outcome := o.Outcome
			if outcome == "" {
				outcome = "(none recorded)"
			}
			add("outcome", name, s.Place, "", num(o.Count), f1(o.Percent), "", "", "", "", "", CSVCell(outcome))
		}
	}
	for _, r := range p.Repeats {
		place := r.Place
		add("repeat", typeOrAll(r.Type), &place, monthList(r.Months), num(r.Count), "", "", "", "", "", "",
			"in the top "+num(p.Rules.RepeatTop)+" in "+num(len(r.Months))+" of the last "+num(r.Of)+" months")
	}
	for i, s := range p.Series {
		for _, pt := range s.Points {
			place := pt.Place
			add("series", s.Type, &place, monthList(pt.Months), num(pt.Count), "", "", "", "",
				strconv.FormatFloat(s.P, 'g', 4, 64), "true",
				"series "+num(i+1)+": "+monthList(s.Months)+", "+num(s.Crimes)+" crimes within "+f1(p.Rules.SeriesMetres)+" m")
		}
	}
	for _, c := range p.Coverage {
		for _, m := range c.Months {
			add("coverage", CSVCell(ForceName(c.Force)), nil, m.String(), "", "")
		}
	}
	for _, g := range p.Gaps {
		for _, m := range g.Months {
			add("gap", CSVCell(ForceName(g.Force)), &CrimePlace{Label: g.LSOA}, m.String(), "", "", "", "", "", "", "",
				"no data for "+g.LSOA+" from the force that usually reports it")
		}
	}
	r := p.Rules
	add("rule", "", nil, "", "", "", "", "", "", f1(r.ClearChangeP*100)+"%", "",
		"a change is shown as a percentage only when an exact Poisson test gives p below "+strconv.FormatFloat(r.ClearChangeP, 'g', 3, 64))
	add("rule", "", nil, "", "", "", "", "", "", "", "",
		"a repeat place is in a type's top "+num(r.RepeatTop)+" places in at least "+num(r.RepeatMin)+" of the last "+num(r.RepeatOf)+" months")
	add("rule", "", nil, "", "", "", "", "", "", strconv.FormatFloat(r.SeriesP, 'g', 3, 64), "",
		"a possible series is one type at points within "+f1(r.SeriesMetres)+" m in "+num(r.SeriesMinMonths)+
			" or more consecutive months, less likely than p by chance at the ward's own rate")
	return out
}

func typeOrAll(t string) string {
	if t == "" {
		return "All crime"
	}
	return t
}

// monthList is months as "2024-01 2024-02".
func monthList(ms []Month) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.String()
	}
	return strings.Join(parts, " ")
}

// MonthRuns splits sorted months into runs of consecutive months, so a
// list of months can be written "Jan–Mar 2024, May 2024".
func MonthRuns(ms []Month) [][]Month {
	var runs [][]Month
	for i := 0; i < len(ms); {
		j := i
		for j+1 < len(ms) && ms[j+1] == ms[j]+1 {
			j++
		}
		runs = append(runs, ms[i:j+1])
		i = j + 1
	}
	return runs
}
