package model

import (
	"cmp"
	"maps"
	"slices"
	"strings"
)

// A ward's crime picture is drawn from CrimeCounts: its crimes counted by
// month, type, place and last outcome, with the months the imports covered
// (a month covered with no crime in the ward is a real zero, not a gap) and
// which force's files covered which months. The store keeps the counts per
// ward; every picture, whatever its window or type, is a pure function of
// them.

// CrimeCell is how many crimes of one type, at one place, with one last
// outcome, were recorded in one month. Type, Place and Outcome index
// CrimeCounts.Types, .Places and .Outcomes.
type CrimeCell struct {
	Month   Month
	Type    int32
	Place   int32
	Outcome int32
	Count   int32
}

// ForceCoverage is one force's files for a ward: the months they cover,
// and the ward's LSOAs the force usually reports (its rows there).
type ForceCoverage struct {
	// Force is "Reported by"; "" for crimes imported before forces were
	// recorded (an earlier release's imports).
	Force  string  `json:"force"`
	Months []Month `json:"months"`
	// Rows counts the force's rows per ward LSOA, over every month.
	Rows map[string]int `json:"rows_by_lsoa,omitempty"`
}

// CoverageGap is an LSOA of the ward without data, for months in the
// window, from the force that usually reports it.
type CoverageGap struct {
	LSOA   string  `json:"lsoa"`
	Force  string  `json:"force"`
	Months []Month `json:"months"`
}

// CrimeCounts is a ward's crimes, counted.
type CrimeCounts struct {
	Ward  string
	LSOAs []string
	// First and Last bound the months covered; Covered is false when no
	// import has covered the ward yet.
	First, Last Month
	Covered     bool
	Types       []string
	Places      []CrimePlace
	Outcomes    []string
	Cells       []CrimeCell
	Forces      []ForceCoverage
	// Crimes is how many crimes the cells hold in all.
	Crimes int
}

type cellKey struct {
	month         Month
	typ, loc, out int32
}

// CrimeTally counts crimes into CrimeCounts, one crime at a time, so a
// store can scan its records without holding them.
type CrimeTally struct {
	c      CrimeCounts
	types  map[string]int32
	places map[placeKey]int32
	outs   map[string]int32
	cells  map[cellKey]int32
	forces map[string]*ForceCoverage
}

// NewCrimeTally starts counting for ward, made of lsoas.
func NewCrimeTally(ward string, lsoas []string) *CrimeTally {
	return &CrimeTally{
		c:     CrimeCounts{Ward: ward, LSOAs: slices.Clone(lsoas)},
		types: map[string]int32{}, places: map[placeKey]int32{}, outs: map[string]int32{},
		cells: map[cellKey]int32{}, forces: map[string]*ForceCoverage{},
	}
}

// Cover notes that an import covered month m for the ward.
func (t *CrimeTally) Cover(m Month) {
	if !m.Valid() {
		return
	}
	c := &t.c
	if !c.Covered {
		c.First, c.Last, c.Covered = m, m, true
		return
	}
	c.First, c.Last = min(c.First, m), max(c.Last, m)
}

// CoverForce notes that force's file for month m was imported, with rows
// rows in each of the ward's LSOAs (the others are ignored).
func (t *CrimeTally) CoverForce(force string, m Month, rows map[string]int) {
	if !m.Valid() {
		return
	}
	f := t.forces[force]
	if f == nil {
		f = &ForceCoverage{Force: force, Rows: map[string]int{}}
		t.forces[force] = f
	}
	if !slices.Contains(f.Months, m) {
		f.Months = append(f.Months, m)
	}
	for l, n := range rows {
		if slices.Contains(t.c.LSOAs, l) {
			f.Rows[l] += n
		}
	}
}

// Add counts one crime of crimeType at place in month m, with its last
// outcome ("" for none), and covers m.
func (t *CrimeTally) Add(m Month, crimeType string, place CrimePlace, outcome string) {
	if !m.Valid() {
		return
	}
	t.Cover(m)
	ti := index(t.types, &t.c.Types, crimeType)
	pk := place.key()
	li, ok := t.places[pk]
	if !ok {
		li = int32(len(t.c.Places))
		t.places[pk] = li
		t.c.Places = append(t.c.Places, CrimePlace{Name: place.Name, HasPoint: place.HasPoint,
			Longitude: place.Longitude, Latitude: place.Latitude})
	}
	oi := index(t.outs, &t.c.Outcomes, outcome)
	t.cells[cellKey{month: m, typ: ti, loc: li, out: oi}]++
	t.c.Crimes++
}

func index(m map[string]int32, list *[]string, s string) int32 {
	i, ok := m[s]
	if !ok {
		i = int32(len(*list))
		m[s] = i
		*list = append(*list, s)
	}
	return i
}

// Counts is what was counted, cells in month, type, place, outcome order,
// places labelled (same-name points numbered), forces by name.
func (t *CrimeTally) Counts() CrimeCounts {
	c := t.c
	c.Types = slices.Clone(c.Types)
	c.Places = slices.Clone(c.Places)
	c.Outcomes = slices.Clone(c.Outcomes)
	labelPlaces(c.Places)
	c.Cells = make([]CrimeCell, 0, len(t.cells))
	for k, n := range t.cells {
		c.Cells = append(c.Cells, CrimeCell{Month: k.month, Type: k.typ, Place: k.loc, Outcome: k.out, Count: n})
	}
	slices.SortFunc(c.Cells, func(a, b CrimeCell) int {
		return cmp.Or(cmp.Compare(a.Month, b.Month), cmp.Compare(a.Type, b.Type), cmp.Compare(a.Place, b.Place),
			cmp.Compare(a.Outcome, b.Outcome))
	})
	for _, name := range slices.Sorted(maps.Keys(t.forces)) {
		f := *t.forces[name]
		f.Months = slices.Clone(f.Months)
		slices.Sort(f.Months)
		f.Rows = maps.Clone(f.Rows)
		c.Forces = append(c.Forces, f)
	}
	return c
}

// DefaultCrimeMonths is the window a picture shows unless asked otherwise.
const DefaultCrimeMonths = 12

// MaxCrimeMonths bounds a window: police.uk keeps three years.
const MaxCrimeMonths = 120

// CrimeQuery says which picture to draw from the counts.
type CrimeQuery struct {
	// Months is the window: the latest Months months covered (0: 12).
	Months int
	// Type, if set, narrows the types table and the places to crimes of
	// this type (spelt as the data spells it: ParseCrimeType).
	Type string
	// Locations keeps the top Locations places (0: all of them).
	Locations int
}

// OutcomeShare is the share of a series' crimes whose last outcome is one
// category (police.uk's "Last outcome category"; "" is none recorded).
type OutcomeShare struct {
	Outcome string  `json:"outcome"`
	Count   int     `json:"count"`
	Percent float64 `json:"percent"`
}

// CrimeSeries is one line of a picture: all recorded crime, anti-social
// behaviour, one type, or one place, month by month over the window.
type CrimeSeries struct {
	// Name is the type, or the place's location as published.
	Name string `json:"name"`
	// Place is the snap point, for a place.
	Place *CrimePlace `json:"place,omitempty"`
	// Category is the problem category it suggests (CrimeCategory; for a
	// place, that of its most frequent type).
	Category Category `json:"category"`
	// Top is, for a place, the type most often recorded there.
	Top string `json:"top_type,omitempty"`
	// Counts are per month of the picture's Months; Count is their sum.
	Counts []int `json:"counts"`
	Count  int   `json:"count"`
	// Latest is the count in the latest month; Previous is the average of
	// the picture's PreviousMonths (up to three, before the latest);
	// Change is Latest against Previous in percent, nil when Previous is 0,
	// and Trend3 the same comparison tested (CompareCounts).
	Latest   int         `json:"latest"`
	Previous float64     `json:"previous_average"`
	Change   *float64    `json:"change_percent"`
	Trend3   CrimeChange `json:"trend_3_months"`
	// YearAgo is the latest month against the same month a year before;
	// Year the last 12 months against the 12 before. nil where the
	// imports do not reach back so far.
	YearAgo *CrimeChange `json:"same_month_last_year,omitempty"`
	Year    *CrimeChange `json:"last_12_vs_previous_12,omitempty"`
	// Outcomes are the window's crimes by last outcome, most first.
	Outcomes []OutcomeShare `json:"outcomes"`
}

// Label is the name for people: a place's label, or the type.
func (s CrimeSeries) Label() string {
	if s.Place != nil {
		return s.Place.Label
	}
	return s.Name
}

// Trend is the latest month against the three before, in a few
// characters: CrimeChange.Words.
func (s CrimeSeries) Trend() string { return s.Trend3.Words() }

// CrimeRules are the parameters the picture's judgements were made with,
// stated so a reader can weigh them.
type CrimeRules struct {
	// ClearChangeP: a percentage change is shown only below this p-value.
	ClearChangeP float64 `json:"clear_change_p"`
	// A repeat place is in the ward's top RepeatTop places for a type in
	// at least RepeatMin of the last RepeatOf months.
	RepeatTop int `json:"repeat_top"`
	RepeatMin int `json:"repeat_min_months"`
	RepeatOf  int `json:"repeat_of_months"`
	// A linked series: crimes of one type at points within SeriesMetres
	// of each other in at least SeriesMinMonths consecutive months, less
	// likely than SeriesP by chance at the ward's own rate.
	SeriesMetres    float64 `json:"series_metres"`
	SeriesMinMonths int     `json:"series_min_months"`
	SeriesP         float64 `json:"series_p"`
}

// DefaultCrimeRules are the rules every picture uses.
var DefaultCrimeRules = CrimeRules{
	ClearChangeP: ClearChangeP, RepeatTop: 5, RepeatMin: 3, RepeatOf: 6,
	SeriesMetres: 250, SeriesMinMonths: 3, SeriesP: 0.05,
}

// CrimePicture is a ward's crime over a window of months: recorded crime
// and each type, anti-social behaviour apart, each place ranked, the
// places that keep coming back, possible linked series, and which forces'
// files cover it.
type CrimePicture struct {
	Ward  string   `json:"ward"`
	LSOAs []string `json:"lsoas"`
	// Months is the window, oldest first; the last is the latest.
	Months []Month `json:"months"`
	// PreviousMonths are those the averages are over: up to three months
	// before the latest, those the imports covered.
	PreviousMonths []Month `json:"previous_months"`
	// Type is the type the types table and places are narrowed to ("":
	// recorded crime, all types).
	Type string `json:"type,omitempty"`
	// Total is recorded crime: every type but anti-social behaviour, which
	// is ASB, apart, as police.uk shows them.
	Total CrimeSeries   `json:"total"`
	ASB   CrimeSeries   `json:"anti_social_behaviour"`
	Types []CrimeSeries `json:"types"`
	// Locations are places (snap points) ranked by count.
	Locations []CrimeSeries `json:"locations"`
	// LocationsInAll is how many places had crimes in the window, before
	// Locations was cut to the query's number.
	LocationsInAll int `json:"locations_in_all"`
	// KnownTypes are the types the ward's data holds, any month.
	KnownTypes []string        `json:"known_types"`
	Coverage   []ForceCoverage `json:"coverage"`
	Gaps       []CoverageGap   `json:"coverage_gaps"`
	Repeats    []RepeatPlace   `json:"repeat_places"`
	Series     []LinkedSeries  `json:"linked_series"`
	Rules      CrimeRules      `json:"rules"`
}

// Latest is the window's latest month, and whether there is one.
func (p CrimePicture) Latest() (Month, bool) {
	if len(p.Months) == 0 {
		return 0, false
	}
	return p.Months[len(p.Months)-1], true
}

// pictureFrame is the months a picture's arrays run over: the window, and
// as far back as its comparisons reach (two years), within what is covered.
type pictureFrame struct {
	from, winStart, last Month
	span                 int
	prev                 []Month
	first                Month
}

func (f pictureFrame) at(m Month) int { return int(m - f.from) }

// series makes a series from counts over the frame, and its outcomes.
func (f pictureFrame) series(name string, counts []int, outcomes map[int32]int, names []string) CrimeSeries {
	s := CrimeSeries{Name: name, Counts: slices.Clone(counts[f.at(f.winStart):])}
	for _, n := range s.Counts {
		s.Count += n
	}
	s.Latest = counts[f.span-1]
	sum := 0
	for _, m := range f.prev {
		sum += counts[f.at(m)]
	}
	if len(f.prev) > 0 {
		s.Previous = float64(sum) / float64(len(f.prev))
		if s.Previous > 0 {
			ch := (float64(s.Latest) - s.Previous) / s.Previous * 100
			s.Change = &ch
		}
	}
	s.Trend3 = CompareCounts(s.Latest, 1, sum, len(f.prev))
	if ago := f.last.Add(-12); ago >= f.first {
		c := CompareCounts(s.Latest, 1, counts[f.at(ago)], 1)
		s.YearAgo = &c
	}
	if f.last.Add(-23) >= f.first {
		now, before := 0, 0
		for m := f.last.Add(-23); m <= f.last; m++ {
			if m > f.last.Add(-12) {
				now += counts[f.at(m)]
			} else {
				before += counts[f.at(m)]
			}
		}
		c := CompareCounts(now, 12, before, 12)
		s.Year = &c
	}
	s.Outcomes = outcomeShares(outcomes, names, s.Count)
	return s
}

func outcomeShares(outcomes map[int32]int, names []string, total int) []OutcomeShare {
	out := []OutcomeShare{}
	for o, n := range outcomes {
		if n > 0 {
			out = append(out, OutcomeShare{Outcome: names[o], Count: n, Percent: float64(n) * 100 / float64(max(1, total))})
		}
	}
	slices.SortFunc(out, func(a, b OutcomeShare) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Outcome, b.Outcome))
	})
	return out
}

// Picture draws the picture q asks for.
func (c CrimeCounts) Picture(q CrimeQuery) CrimePicture {
	p := CrimePicture{Ward: c.Ward, LSOAs: slices.Clone(c.LSOAs), Type: q.Type, Months: []Month{}, PreviousMonths: []Month{},
		Types: []CrimeSeries{}, Locations: []CrimeSeries{}, KnownTypes: slices.Sorted(slices.Values(c.Types)),
		Coverage: []ForceCoverage{}, Gaps: []CoverageGap{}, Repeats: []RepeatPlace{}, Series: []LinkedSeries{},
		Rules: DefaultCrimeRules}
	if p.LSOAs == nil {
		p.LSOAs = []string{}
	}
	if p.KnownTypes == nil {
		p.KnownTypes = []string{}
	}
	p.Total = CrimeSeries{Name: "All crime", Counts: []int{}, Outcomes: []OutcomeShare{}}
	p.ASB = CrimeSeries{Name: ASBType, Counts: []int{}, Outcomes: []OutcomeShare{}}
	if !c.Covered || c.Last < c.First {
		return p
	}
	window := q.Months
	if window <= 0 {
		window = DefaultCrimeMonths
	}
	window = min(window, MaxCrimeMonths)
	f := pictureFrame{last: c.Last, first: c.First}
	f.winStart = max(c.First, c.Last.Add(-window+1))
	f.from = max(c.First, min(f.winStart, c.Last.Add(-23)))
	f.span = int(c.Last-f.from) + 1
	for m := f.winStart; m <= c.Last; m++ {
		p.Months = append(p.Months, m)
	}
	for m := max(c.First, c.Last.Add(-3)); m < c.Last; m++ {
		p.PreviousMonths = append(p.PreviousMonths, m)
	}
	f.prev = p.PreviousMonths

	typeWant := int32(-1)
	if q.Type != "" {
		typeWant = -2 // a type with no crimes here: no place counts
		if i := slices.Index(c.Types, q.Type); i >= 0 {
			typeWant = int32(i)
		}
	}
	asb := make([]bool, len(c.Types))
	for i, t := range c.Types {
		asb[i] = IsASB(t)
	}
	// placeCounts says whether a cell counts for the places: of the type
	// asked for, or recorded crime when none was.
	placeCounts := func(t int32) bool { return typeWant == t || typeWant == -1 && !asb[t] }
	total, asbCounts := make([]int, f.span), make([]int, f.span)
	totalOut, asbOut := map[int32]int{}, map[int32]int{}
	byType := make([][]int, len(c.Types))
	typeOut := make([]map[int32]int, len(c.Types))
	byPlace := make([][]int, len(c.Places))
	placeOut := make([]map[int32]int, len(c.Places))
	// placeTypes[l][t] counts, over the window, for each place's top type;
	// grid[t][l] are the window's counts by type and place, for patterns.
	placeTypes := make([]map[int32]int, len(c.Places))
	grid := make([]map[int32][]int, len(c.Types))
	for _, cell := range c.Cells {
		if cell.Month < f.from || cell.Month > c.Last {
			continue
		}
		i, n := f.at(cell.Month), int(cell.Count)
		inWin := cell.Month >= f.winStart
		if asb[cell.Type] {
			asbCounts[i] += n
			if inWin {
				asbOut[cell.Outcome] += n
			}
		} else {
			total[i] += n
			if inWin {
				totalOut[cell.Outcome] += n
			}
		}
		if byType[cell.Type] == nil {
			byType[cell.Type], typeOut[cell.Type], grid[cell.Type] = make([]int, f.span), map[int32]int{}, map[int32][]int{}
		}
		byType[cell.Type][i] += n
		if !inWin {
			if placeCounts(cell.Type) {
				addPlace(byPlace, placeOut, cell, i, n, f.span, false)
			}
			continue
		}
		typeOut[cell.Type][cell.Outcome] += n
		g := grid[cell.Type][cell.Place]
		if g == nil {
			g = make([]int, len(p.Months))
			grid[cell.Type][cell.Place] = g
		}
		g[int(cell.Month-f.winStart)] += n
		if placeTypes[cell.Place] == nil {
			placeTypes[cell.Place] = map[int32]int{}
		}
		placeTypes[cell.Place][cell.Type] += n
		if placeCounts(cell.Type) {
			addPlace(byPlace, placeOut, cell, i, n, f.span, true)
		}
	}
	p.Total = f.series("All crime", total, totalOut, c.Outcomes)
	p.ASB = f.series(ASBType, asbCounts, asbOut, c.Outcomes)
	for t, counts := range byType {
		if counts == nil || asb[t] || q.Type != "" && int32(t) != typeWant {
			continue
		}
		s := f.series(c.Types[t], counts, typeOut[t], c.Outcomes)
		if s.Count == 0 {
			continue
		}
		s.Category = CrimeCategory(s.Name)
		p.Types = append(p.Types, s)
	}
	for l, counts := range byPlace {
		if counts == nil {
			continue
		}
		place := c.Places[l]
		s := f.series(place.Name, counts, placeOut[l], c.Outcomes)
		if s.Count == 0 {
			continue
		}
		s.Place = &place
		best, bestN := int32(-1), 0
		for t, n := range placeTypes[l] {
			if placeCounts(t) && (n > bestN || n == bestN && c.Types[t] < c.Types[best]) {
				best, bestN = t, n
			}
		}
		if best >= 0 {
			s.Top = c.Types[best]
			s.Category = CrimeCategory(s.Top)
		}
		p.Locations = append(p.Locations, s)
	}
	rank := func(a, b CrimeSeries) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(b.Latest, a.Latest), cmp.Compare(a.Label(), b.Label()))
	}
	slices.SortFunc(p.Types, rank)
	slices.SortFunc(p.Locations, rank)
	p.LocationsInAll = len(p.Locations)
	if q.Locations > 0 && len(p.Locations) > q.Locations {
		p.Locations = p.Locations[:q.Locations]
	}
	p.Coverage, p.Gaps = c.coverage(p.Months)
	pat := patternInput{months: p.Months, places: c.Places, types: c.Types, grid: grid, asb: asb, rules: p.Rules}
	p.Repeats = pat.repeats()
	p.Series = pat.series()
	return p
}

func addPlace(byPlace [][]int, placeOut []map[int32]int, cell CrimeCell, i, n, span int, inWin bool) {
	if byPlace[cell.Place] == nil {
		byPlace[cell.Place], placeOut[cell.Place] = make([]int, span), map[int32]int{}
	}
	byPlace[cell.Place][i] += n
	if inWin {
		placeOut[cell.Place][cell.Outcome] += n
	}
}

// coverage is each force's months within the window, and the LSOAs left
// without data by the force that usually reports them: the force with the
// most rows there, over every month imported. Crimes imported before
// forces were recorded cover their months for the LSOAs they are in.
func (c CrimeCounts) coverage(window []Month) ([]ForceCoverage, []CoverageGap) {
	cov, gaps := []ForceCoverage{}, []CoverageGap{}
	covered := map[string]map[Month]bool{}
	for _, f := range c.Forces {
		in := ForceCoverage{Force: f.Force, Months: []Month{}, Rows: f.Rows}
		covered[f.Force] = map[Month]bool{}
		for _, m := range f.Months {
			covered[f.Force][m] = true
			if len(window) > 0 && m >= window[0] && m <= window[len(window)-1] {
				in.Months = append(in.Months, m)
			}
		}
		if len(in.Months) > 0 {
			cov = append(cov, in)
		}
	}
	for _, l := range c.LSOAs {
		// The usual force is the one with most rows there; crimes from
		// before forces were recorded (force "") only stand in for one.
		usual, most, legacy := "", 0, false
		for _, f := range c.Forces {
			n := f.Rows[l]
			switch {
			case n == 0:
			case f.Force == "":
				legacy = true
			case n > most:
				usual, most = f.Force, n
			}
		}
		if most == 0 && !legacy {
			continue
		}
		g := CoverageGap{LSOA: l, Force: usual}
		for _, m := range window {
			if !covered[usual][m] && !(legacy && covered[""][m]) {
				g.Months = append(g.Months, m)
			}
		}
		if len(g.Months) > 0 {
			gaps = append(gaps, g)
		}
	}
	return cov, gaps
}

// ForceName is a force for people: "" is an earlier release's imports.
func ForceName(force string) string {
	if strings.TrimSpace(force) == "" {
		return "imports before forces were recorded"
	}
	return force
}
