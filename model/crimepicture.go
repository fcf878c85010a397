package model

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// A ward's crime picture is drawn from CrimeCounts: its crimes counted by
// month, type and location, with the months the imports covered (a month
// covered with no crime in the ward is a real zero, not a gap). The store
// keeps the counts per ward; every picture, whatever its window or type,
// is a pure function of them.

// CrimeCell is how many crimes of one type were recorded at one location
// in one month. Type and Location index CrimeCounts.Types and .Locations.
type CrimeCell struct {
	Month    Month
	Type     int32
	Location int32
	Count    int32
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
	Locations   []string
	Cells       []CrimeCell
	// Crimes is how many crimes the cells hold in all.
	Crimes int
}

type cellKey struct {
	month    Month
	typ, loc int32
}

// CrimeTally counts crimes into CrimeCounts, one crime at a time, so a
// store can scan its records without holding them.
type CrimeTally struct {
	c     CrimeCounts
	types map[string]int32
	locs  map[string]int32
	cells map[cellKey]int32
}

// NewCrimeTally starts counting for ward, made of lsoas.
func NewCrimeTally(ward string, lsoas []string) *CrimeTally {
	return &CrimeTally{
		c:     CrimeCounts{Ward: ward, LSOAs: slices.Clone(lsoas)},
		types: map[string]int32{}, locs: map[string]int32{}, cells: map[cellKey]int32{},
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

// Add counts one crime of crimeType at location in month m (which it
// also covers).
func (t *CrimeTally) Add(m Month, crimeType, location string) {
	if !m.Valid() {
		return
	}
	t.Cover(m)
	ti, ok := t.types[crimeType]
	if !ok {
		ti = int32(len(t.c.Types))
		t.types[crimeType] = ti
		t.c.Types = append(t.c.Types, crimeType)
	}
	li, ok := t.locs[location]
	if !ok {
		li = int32(len(t.c.Locations))
		t.locs[location] = li
		t.c.Locations = append(t.c.Locations, location)
	}
	t.cells[cellKey{month: m, typ: ti, loc: li}]++
	t.c.Crimes++
}

// Counts is what was counted, cells in month, type, location order.
func (t *CrimeTally) Counts() CrimeCounts {
	c := t.c
	c.Types = slices.Clone(c.Types)
	c.Locations = slices.Clone(c.Locations)
	c.Cells = make([]CrimeCell, 0, len(t.cells))
	for k, n := range t.cells {
		c.Cells = append(c.Cells, CrimeCell{Month: k.month, Type: k.typ, Location: k.loc, Count: n})
	}
	slices.SortFunc(c.Cells, func(a, b CrimeCell) int {
		return cmp.Or(cmp.Compare(a.Month, b.Month), cmp.Compare(a.Type, b.Type), cmp.Compare(a.Location, b.Location))
	})
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
	// Type, if set, counts locations for crimes of this type only.
	Type string
	// Locations keeps the top Locations locations (0: all of them).
	Locations int
}

// CrimeSeries is one line of a picture: all crime, one type, or one
// location, month by month over the window.
type CrimeSeries struct {
	Name string `json:"name"`
	// Category is the problem category it suggests (CrimeCategory; for a
	// location, that of its most frequent type).
	Category Category `json:"category"`
	// Top is, for a location, the type most often recorded there.
	Top string `json:"top_type,omitempty"`
	// Counts are per month of the picture's Months; Count is their sum.
	Counts []int `json:"counts"`
	Count  int   `json:"count"`
	// Latest is the count in the latest month; Previous is the average of
	// the picture's PreviousMonths (up to three, before the latest);
	// Change is Latest against Previous in percent, nil when Previous is 0.
	Latest   int      `json:"latest"`
	Previous float64  `json:"previous_average"`
	Change   *float64 `json:"change_percent"`
}

// Trend is the change in a few characters: ↑ +40%, ↓ -25%, → 0%, new
// (none before, some now) or — (none either way).
func (s CrimeSeries) Trend() string {
	switch {
	case s.Change == nil && s.Latest > 0:
		return "new"
	case s.Change == nil:
		return "—"
	}
	pct := int(math.Round(*s.Change))
	switch {
	case pct > 0:
		return fmt.Sprintf("↑ +%d%%", pct)
	case pct < 0:
		return fmt.Sprintf("↓ %d%%", pct)
	}
	return "→ 0%"
}

// CrimePicture is a ward's crime over a window of months: all crime, each
// type, and each location, ranked by count.
type CrimePicture struct {
	Ward  string   `json:"ward"`
	LSOAs []string `json:"lsoas"`
	// Months is the window, oldest first; the last is the latest.
	Months []Month `json:"months"`
	// PreviousMonths are those the averages are over: up to three months
	// before the latest, those the imports covered.
	PreviousMonths []Month `json:"previous_months"`
	// Type is the type Locations are counted for ("": all).
	Type      string        `json:"type,omitempty"`
	Total     CrimeSeries   `json:"total"`
	Types     []CrimeSeries `json:"types"`
	Locations []CrimeSeries `json:"locations"`
	// LocationsInAll is how many locations had crimes in the window,
	// before Locations was cut to the query's number.
	LocationsInAll int `json:"locations_in_all"`
}

// Latest is the window's latest month, and whether there is one.
func (p CrimePicture) Latest() (Month, bool) {
	if len(p.Months) == 0 {
		return 0, false
	}
	return p.Months[len(p.Months)-1], true
}

// Picture draws the picture q asks for.
func (c CrimeCounts) Picture(q CrimeQuery) CrimePicture {
	p := CrimePicture{Ward: c.Ward, LSOAs: slices.Clone(c.LSOAs), Type: q.Type,
		Months: []Month{}, PreviousMonths: []Month{}, Types: []CrimeSeries{}, Locations: []CrimeSeries{}}
	if p.LSOAs == nil {
		p.LSOAs = []string{}
	}
	p.Total = CrimeSeries{Name: "All crime", Counts: []int{}}
	if !c.Covered || c.Last < c.First {
		return p
	}
	window := q.Months
	if window <= 0 {
		window = DefaultCrimeMonths
	}
	window = min(window, MaxCrimeMonths)
	// Arrays run over the window and the three months before its latest,
	// within what is covered.
	from := max(c.First, min(c.Last.Add(-window+1), c.Last.Add(-3)))
	span := int(c.Last-from) + 1
	winStart := max(c.First, c.Last.Add(-window+1))
	for m := winStart; m <= c.Last; m++ {
		p.Months = append(p.Months, m)
	}
	for m := max(c.First, c.Last.Add(-3)); m < c.Last; m++ {
		p.PreviousMonths = append(p.PreviousMonths, m)
	}

	typeWant := int32(-1)
	if q.Type != "" {
		typeWant = -2 // a type with no crimes here: no location counts
		if i := slices.Index(c.Types, q.Type); i >= 0 {
			typeWant = int32(i)
		}
	}
	total := make([]int, span)
	byType := make([][]int, len(c.Types))
	byLoc := make([][]int, len(c.Locations))
	// locTypes[l][t] counts, over the window, for each location's top type.
	locTypes := make([]map[int32]int, len(c.Locations))
	for _, cell := range c.Cells {
		if cell.Month < from || cell.Month > c.Last {
			continue
		}
		i := int(cell.Month - from)
		n := int(cell.Count)
		total[i] += n
		if byType[cell.Type] == nil {
			byType[cell.Type] = make([]int, span)
		}
		byType[cell.Type][i] += n
		if cell.Month >= winStart {
			if locTypes[cell.Location] == nil {
				locTypes[cell.Location] = map[int32]int{}
			}
			locTypes[cell.Location][cell.Type] += n
		}
		if typeWant == -1 || cell.Type == typeWant {
			if byLoc[cell.Location] == nil {
				byLoc[cell.Location] = make([]int, span)
			}
			byLoc[cell.Location][i] += n
		}
	}
	series := func(name string, counts []int) CrimeSeries {
		s := CrimeSeries{Name: name, Counts: slices.Clone(counts[int(winStart-from):])}
		for _, n := range s.Counts {
			s.Count += n
		}
		s.Latest = counts[span-1]
		if len(p.PreviousMonths) > 0 {
			sum := 0
			for _, m := range p.PreviousMonths {
				sum += counts[int(m-from)]
			}
			s.Previous = float64(sum) / float64(len(p.PreviousMonths))
		}
		if s.Previous > 0 {
			ch := (float64(s.Latest) - s.Previous) / s.Previous * 100
			s.Change = &ch
		}
		return s
	}
	p.Total = series("All crime", total)
	for t, counts := range byType {
		if counts == nil {
			continue
		}
		s := series(c.Types[t], counts)
		if s.Count == 0 {
			continue
		}
		s.Category = CrimeCategory(s.Name)
		p.Types = append(p.Types, s)
	}
	for l, counts := range byLoc {
		if counts == nil {
			continue
		}
		s := series(c.Locations[l], counts)
		if s.Count == 0 {
			continue
		}
		best, bestN := int32(-1), 0
		for t, n := range locTypes[l] {
			if n > bestN || n == bestN && c.Types[t] < c.Types[best] {
				best, bestN = t, n
			}
		}
		if typeWant >= 0 {
			best = typeWant
		}
		if best >= 0 {
			s.Top = c.Types[best]
			s.Category = CrimeCategory(s.Top)
		}
		p.Locations = append(p.Locations, s)
	}
	rank := func(a, b CrimeSeries) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(b.Latest, a.Latest), cmp.Compare(a.Name, b.Name))
	}
	slices.SortFunc(p.Types, rank)
	slices.SortFunc(p.Locations, rank)
	p.LocationsInAll = len(p.Locations)
	if q.Locations > 0 && len(p.Locations) > q.Locations {
		p.Locations = p.Locations[:q.Locations]
	}
	return p
}
