package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

func month(s string) Month {
	m, err := ParseMonth(s)
	if err != nil {
		panic(err)
	}
	return m
}

// pointAt is a place on a point near Testford; i steps it about 440 m east.
func pointAt(name string, i int) CrimePlace {
	return CrimePlace{Name: name, HasPoint: true, Longitude: -1.5 + float64(i)*0.0065, Latitude: 52.4}
}

// tallyOf counts crimes given as "month type location" triples, n times
// each, each location its own point.
func tallyOf(covered []string, crimes ...cr) CrimeCounts {
	t := NewCrimeTally("E05000001", []string{"E01000001"})
	for _, m := range covered {
		t.Cover(month(m))
	}
	points := map[string]int{}
	for _, c := range crimes {
		if _, ok := points[c.loc]; !ok {
			points[c.loc] = len(points)
		}
		for range c.n {
			t.Add(month(c.m), c.typ, pointAt(c.loc, points[c.loc]), c.outcome)
		}
	}
	return t.Counts()
}

type cr = struct {
	m, typ, loc string
	n           int
	outcome     string
}

func TestPictureCountsByMonthTypeAndPlace(t *testing.T) {
	c := tallyOf([]string{"2024-06"}, // covered, no crime: a real zero
		cr{"2024-01", "Burglary", "On or near Elm Grove", 2, "Under investigation"},
		cr{"2024-02", "Burglary", "On or near Elm Grove", 1, "Awaiting court outcome"},
		cr{"2024-02", "Anti-social behaviour", "On or near Mill Lane", 3, ""},
		cr{"2024-03", "Anti-social behaviour", "On or near Mill Lane", 1, ""},
		cr{"2024-04", "Anti-social behaviour", "On or near Mill Lane", 2, ""},
		cr{"2024-05", "Anti-social behaviour", "On or near Mill Lane", 6, ""},
		cr{"2024-05", "Burglary", "On or near Mill Lane", 1, "Under investigation"},
	)
	if c.Crimes != 16 || c.First != month("2024-01") || c.Last != month("2024-06") {
		t.Fatalf("counts %+v", c)
	}
	p := c.Picture(CrimeQuery{})
	if len(p.Months) != 6 || p.Months[5] != month("2024-06") {
		t.Fatalf("months %v", p.Months)
	}
	// Recorded crime, anti-social behaviour apart.
	if !slices.Equal(p.Total.Counts, []int{2, 1, 0, 0, 1, 0}) || p.Total.Count != 4 || p.Total.Latest != 0 {
		t.Errorf("total %+v", p.Total)
	}
	if !slices.Equal(p.ASB.Counts, []int{0, 3, 1, 2, 6, 0}) || p.ASB.Count != 12 {
		t.Errorf("ASB %+v", p.ASB)
	}
	// June (0) against March–May (1, 2, 6): a fall, but 0 against 9 in
	// three months happens by chance one time in eight: no percentage.
	if p.ASB.Previous != 3 || p.ASB.Change == nil || *p.ASB.Change != -100 || p.ASB.Trend() != "≈" || p.ASB.Trend3.Clear {
		t.Errorf("change %+v %v", p.ASB.Trend3, p.ASB.Trend())
	}
	if len(p.Types) != 1 || p.Types[0].Name != "Burglary" || p.Types[0].Count != 4 || p.Types[0].Category != "burglary" {
		t.Errorf("types %+v", p.Types)
	}
	if len(p.Locations) != 2 || p.Locations[0].Label() != "Elm Grove" || p.Locations[0].Count != 3 ||
		p.Locations[1].Label() != "Mill Lane" || p.Locations[1].Count != 1 || p.Locations[1].Top != "Burglary" {
		t.Errorf("places %+v", p.Locations)
	}
	// Outcomes: of 4 burglaries, 3 under investigation.
	if o := p.Types[0].Outcomes; len(o) != 2 || o[0].Outcome != "Under investigation" || o[0].Count != 3 || o[0].Percent != 75 {
		t.Errorf("outcomes %+v", o)
	}
	if o := p.Locations[0].Outcomes; len(o) != 2 || o[0].Count != 2 {
		t.Errorf("Elm Grove outcomes %+v", o)
	}

	// A window of two months still compares with the three before.
	w := c.Picture(CrimeQuery{Months: 2})
	if !slices.Equal(w.Total.Counts, []int{1, 0}) || w.Total.Count != 1 || w.Total.Previous != p.Total.Previous ||
		!slices.Equal(w.PreviousMonths, []Month{month("2024-03"), month("2024-04"), month("2024-05")}) {
		t.Errorf("two months: %+v %v", w.Total, w.PreviousMonths)
	}

	// One type: the types table and the places narrowed to it, cut to
	// the top one; ASB's places only when asked for.
	b := c.Picture(CrimeQuery{Type: "Burglary", Locations: 1})
	if b.LocationsInAll != 2 || len(b.Locations) != 1 || b.Locations[0].Name != "On or near Elm Grove" || b.Locations[0].Count != 3 ||
		b.Total.Count != 4 || len(b.Types) != 1 {
		t.Errorf("burglary: %+v", b)
	}
	a := c.Picture(CrimeQuery{Type: "Anti-social behaviour"})
	if len(a.Types) != 0 || len(a.Locations) != 1 || a.Locations[0].Count != 12 {
		t.Errorf("ASB: %+v %+v", a.Types, a.Locations)
	}
	if none := c.Picture(CrimeQuery{Type: "Robbery"}); len(none.Locations) != 0 || len(none.Types) != 0 {
		t.Errorf("robbery: %+v", none.Locations)
	}
}

// Same-name points are different places, numbered, with grid references.
func TestSameNamePointsAreToldApart(t *testing.T) {
	tl := NewCrimeTally("E05000001", nil)
	near := CrimePlace{Name: "On or near Shopping Area", HasPoint: true, Longitude: -0.124625, Latitude: 51.500729}
	far := CrimePlace{Name: "On or near Shopping Area", HasPoint: true, Longitude: -0.110, Latitude: 51.505}
	for range 3 {
		tl.Add(month("2024-01"), "Shoplifting", far, "")
	}
	tl.Add(month("2024-01"), "Shoplifting", near, "")
	p := tl.Counts().Picture(CrimeQuery{})
	if len(p.Locations) != 2 {
		t.Fatalf("%+v", p.Locations)
	}
	first, second := p.Locations[0].Place, p.Locations[1].Place
	// Numbered by grid reference, whatever the counts.
	if first.Label != "Shopping Area (2)" || second.Label != "Shopping Area (1)" || second.GridRef != "TQ 302 796" ||
		first.GridRef == "" || first.GridRef == second.GridRef {
		t.Errorf("%+v\n%+v", first, second)
	}
	if d := DistanceMetres(near, far); d < 1000 || d > 1200 {
		t.Errorf("distance %.0f m", d)
	}
}

func TestGridRefs(t *testing.T) {
	for _, tt := range []struct {
		lon, lat float64
		want     string
	}{
		{-0.124625, 51.500729, "TQ 302 796"}, // Westminster
		{-3.1883, 55.9533, "NT 258 740"},     // Edinburgh
		{-5.7150, 50.0686, "SW 342 253"},     // Land's End
		{2.35, 48.85, ""},                    // Paris: off the grid
	} {
		if got := GridRef(tt.lon, tt.lat); got != tt.want {
			t.Errorf("%v,%v: %q, want %q", tt.lon, tt.lat, got, tt.want)
		}
	}
}

func TestPictureOfNothing(t *testing.T) {
	p := NewCrimeTally("E05000001", nil).Counts().Picture(CrimeQuery{})
	if len(p.Months) != 0 || p.Total.Count != 0 || p.Types == nil || p.Locations == nil || p.LSOAs == nil ||
		p.Repeats == nil || p.Series == nil || p.Gaps == nil {
		t.Errorf("%+v", p)
	}
	if _, ok := p.Latest(); ok {
		t.Error("a latest month with no data")
	}
	// One month only: nothing to compare with.
	one := tallyOf(nil, cr{"2024-01", "Drugs", "On or near X", 2, ""}).Picture(CrimeQuery{})
	if one.Total.Change != nil || one.Total.Previous != 0 || one.Total.Trend() != "≈" || len(one.PreviousMonths) != 0 {
		t.Errorf("one month: %+v %q", one.Total, one.Total.Trend())
	}
}

// The rule for percentages: shown only when the exact Poisson test says
// the change is beyond chance, and never cut.
func TestChangesAreShownOnlyWhenClear(t *testing.T) {
	for _, tt := range []struct {
		now, nowM, before, beforeM int
		want                       string
	}{
		{2, 1, 1, 3, "≈"},         // 2 against an average of 0.3
		{18, 1, 1, 1, "↑ +1700%"}, // 18 against 1
		{10, 1, 9, 3, "↑ +233%"},
		{1, 1, 30, 3, "↓ -90%"},
		{12, 1, 0, 3, "new"},
		{20, 12, 22, 12, "≈"},
		{0, 1, 0, 3, "—"},
		{5, 1, 15, 3, "≈"},
	} {
		c := CompareCounts(tt.now, tt.nowM, tt.before, tt.beforeM)
		if got := c.Words(); got != tt.want {
			t.Errorf("%d/%d against %d/%d: %q (p %.3f), want %q", tt.now, tt.nowM, tt.before, tt.beforeM, got, c.P, tt.want)
		}
	}
	// The p-value is the exact one: 2 in 1 month against 1 in 3 is a
	// quarter's share, P(X≥2 or as unlikely | n=3, p=¼).
	if p := CompareCounts(2, 1, 1, 3).P; math.Abs(p-0.15625) > 1e-9 {
		t.Errorf("p %v", p)
	}
}

// The latest month against the same month last year, and the last 12
// months against the 12 before, once the imports reach back so far.
func TestYearOnYear(t *testing.T) {
	var crimes []cr
	for i := range 24 {
		m := month("2023-01").Add(i).String()
		n := 2
		if i >= 12 {
			n = 6
		}
		crimes = append(crimes, cr{m, "Burglary", "On or near Elm Grove", n, ""})
	}
	p := tallyOf(nil, crimes...).Picture(CrimeQuery{})
	tot := p.Total
	if tot.YearAgo == nil || tot.YearAgo.Now != 6 || tot.YearAgo.Before != 2 || tot.Year == nil || tot.Year.Now != 72 ||
		tot.Year.Before != 24 || tot.Year.Words() != "↑ +200%" || tot.YearAgo.Words() != "≈" {
		t.Errorf("%+v %+v", tot.YearAgo, tot.Year)
	}
	short := tallyOf(nil, crimes[12:]...).Picture(CrimeQuery{})
	if short.Total.YearAgo != nil || short.Total.Year != nil {
		t.Errorf("a year of data compared with the year before: %+v", short.Total)
	}
	if long := tallyOf(nil, crimes...).Picture(CrimeQuery{Months: 24}); len(long.Total.Counts) != 24 || long.Total.Count != 96 {
		t.Errorf("24 months: %+v", long.Total)
	}
}

func TestCoverageByForceAndGaps(t *testing.T) {
	tl := NewCrimeTally("E05000001", []string{"E01000001", "E01000002"})
	for _, m := range []string{"2024-01", "2024-02", "2024-03"} {
		tl.Cover(month(m))
		tl.CoverForce("Testshire", month(m), map[string]int{"E01000001": 5, "E01009999": 100})
	}
	tl.CoverForce("Neighbourshire", month("2024-01"), map[string]int{"E01000002": 3, "E01000001": 1})
	p := tl.Counts().Picture(CrimeQuery{})
	if len(p.Coverage) != 2 || p.Coverage[0].Force != "Neighbourshire" || len(p.Coverage[0].Months) != 1 ||
		p.Coverage[1].Rows["E01000001"] != 15 || p.Coverage[1].Rows["E01009999"] != 0 {
		t.Errorf("coverage %+v", p.Coverage)
	}
	if len(p.Gaps) != 1 || p.Gaps[0].LSOA != "E01000002" || p.Gaps[0].Force != "Neighbourshire" ||
		!slices.Equal(p.Gaps[0].Months, []Month{month("2024-02"), month("2024-03")}) {
		t.Errorf("gaps %+v", p.Gaps)
	}
}

func TestParseCrimeType(t *testing.T) {
	for in, want := range map[string]string{"robbery": "Robbery", " VEHICLE   crime ": "Vehicle crime", "asb thing": "",
		"anti-social behaviour": ASBType, "zzz": "", "local type": "Local Type"} {
		got, err := ParseCrimeType(in, []string{"Local Type"})
		if got != want || (want == "") != (err != nil) {
			t.Errorf("%q: %q %v", in, got, err)
		}
		if err != nil && !strings.Contains(err.Error(), "Bicycle theft, Burglary") {
			t.Errorf("the error does not list the types: %v", err)
		}
	}
}

func TestFutureMonths(t *testing.T) {
	now := time.Date(2026, 12, 4, 15, 0, 0, 0, time.UTC)
	if CheckCrimeMonth(month("2026-12"), now) != nil || CheckCrimeMonth(month("2026-11"), now) != nil {
		t.Error("this month or last refused")
	}
	if err := CheckCrimeMonth(month("2027-01"), now); err == nil || !strings.Contains(err.Error(), "future") {
		t.Errorf("next month: %v", err)
	}
}

func TestMonthValidity(t *testing.T) {
	if !MonthOf(2024, time.January).Valid() || Month(0).Valid() || MonthOf(3000, time.January).Valid() {
		t.Error("Valid")
	}
}

// synthWard is a ward of 40 points on a 200 m grid spread over about 1.4
// km, with crimes of four types falling on them at random (Poisson, each
// point's own weight), month by month over 12 months. Concentrated, each
// type has three home points of its own (a shop for shoplifting, a pub for
// violence) where it is twenty times as likely as elsewhere.
func synthWard(rng *rand.Rand, concentrated ...bool) (*CrimeTally, []CrimePlace) {
	tl := NewCrimeTally("E05000001", nil)
	var places []CrimePlace
	var weights []float64
	for i := range 40 {
		places = append(places, CrimePlace{Name: "On or near Street " + string(rune('A'+i%26)) + string(rune('a'+i/26)), HasPoint: true,
			Longitude: -1.5 + float64(i%8)*0.0029, Latitude: 52.4 + float64(i/8)*0.0018})
		weights = append(weights, 0.5+rng.Float64()*2)
	}
	rates := map[string]float64{"Burglary": 0.015, "Shoplifting": 0.12, "Vehicle crime": 0.04, "Violence and sexual offences": 0.1}
	homes := map[string]map[int]bool{}
	for typ := range rates {
		homes[typ] = map[int]bool{rng.IntN(40): true, rng.IntN(40): true, rng.IntN(40): true}
	}
	for mi := range 12 {
		m := month("2024-01").Add(mi)
		tl.Cover(m)
		for typ, r := range rates {
			for i, p := range places {
				w := weights[i]
				if len(concentrated) > 0 && concentrated[0] {
					w = 0.2
					if homes[typ][i] {
						w = 4
					}
				}
				for range poisson(rng, r*w) {
					tl.Add(m, typ, p, "")
				}
			}
		}
	}
	return tl, places
}

func poisson(rng *rand.Rand, mu float64) int {
	l, k, p := math.Exp(-mu), 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// A planted series — burglaries moving along three neighbouring points
// (within 250 m), one a month for five months — is found, with its points
// and months; the background's repeat places are the busiest points.
func TestPlantedSeriesIsFound(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	tl, places := synthWard(rng)
	// Points 0, 1 and 8 are 200 m apart.
	run := []CrimePlace{places[0], places[1], places[8], places[1], places[0]}
	for i, p := range run {
		tl.Add(month("2024-06").Add(i), "Burglary", p, "")
	}
	p := tl.Counts().Picture(CrimeQuery{})
	var found *LinkedSeries
	for i, s := range p.Series {
		if s.Type == "Burglary" {
			found = &p.Series[i]
		}
	}
	if found == nil {
		t.Fatalf("no burglary series among %+v", p.Series)
	}
	if found.Months[0] > month("2024-06") || found.Months[len(found.Months)-1] < month("2024-10") || found.P >= 0.05 ||
		found.Category != "burglary" || len(found.Points) < 3 {
		t.Errorf("%+v", *found)
	}
	for _, pt := range found.Points {
		if DistanceMetres(pt.Place, places[0]) > 2*p.Rules.SeriesMetres {
			t.Errorf("a point %.0f m away: %+v", DistanceMetres(pt.Place, places[0]), pt)
		}
	}
}

// With no series planted, series are reported no more often than the
// stated rate: at most SeriesP of (ward, type) pairs, over many wards,
// whether the types fall where all crime does or each at its own hotspots.
func TestNoFalseSeriesAboveTheStatedRate(t *testing.T) {
	for _, concentrated := range []bool{false, true} {
		t.Run(fmt.Sprint("concentrated=", concentrated), func(t *testing.T) { noFalseSeries(t, concentrated) })
	}
}

func noFalseSeries(t *testing.T, concentrated bool) {
	const wards = 300
	pairs, false_ := 0, 0
	for seed := range uint64(wards) {
		tl, _ := synthWard(rand.New(rand.NewPCG(seed, 99)), concentrated)
		p := tl.Counts().Picture(CrimeQuery{})
		types := map[string]bool{}
		for _, s := range p.Series {
			types[s.Type] = true
		}
		pairs += len(p.Types)
		false_ += len(types)
	}
	rate := float64(false_) / float64(pairs)
	t.Logf("false series in %d of %d (ward, type) pairs: %.3f", false_, pairs, rate)
	if rate > DefaultCrimeRules.SeriesP {
		t.Errorf("false series rate %.3f above %.2f", rate, DefaultCrimeRules.SeriesP)
	}
}

func TestRepeatPlaces(t *testing.T) {
	var crimes []cr
	// Elm Grove tops burglary in 4 of the last 6 months; Mill Lane once.
	for i, n := range []int{3, 0, 2, 4, 0, 1, 2, 0, 3, 1, 0, 2} {
		m := month("2024-01").Add(i).String()
		if n > 0 {
			crimes = append(crimes, cr{m, "Burglary", "On or near Elm Grove", n, ""})
		}
	}
	crimes = append(crimes, cr{"2024-08", "Burglary", "On or near Mill Lane", 1, ""})
	for i, name := range []string{"A Road", "B Road", "C Road", "D Road", "E Road", "F Road"} {
		// Six other places, each once, in months Elm Grove is busy too.
		crimes = append(crimes, cr{"2024-09", "Burglary", "On or near " + name, 1 + i%2, ""})
	}
	p := tallyOf(nil, crimes...).Picture(CrimeQuery{})
	var burglary []RepeatPlace
	for _, r := range p.Repeats {
		if r.Type == "Burglary" {
			burglary = append(burglary, r)
		}
	}
	if len(burglary) != 1 || burglary[0].Place.Label != "Elm Grove" || len(burglary[0].Months) != 4 || burglary[0].Of != 6 ||
		burglary[0].Count != 8 {
		t.Errorf("%+v", burglary)
	}
	// No place is in the top for 3 of 6 months when each appears once.
	var once []cr
	for i := range 12 {
		once = append(once, cr{month("2024-01").Add(i).String(), "Robbery", "On or near Place " + string(rune('A'+i)), 1, ""})
	}
	if q := tallyOf(nil, once...).Picture(CrimeQuery{}); len(q.Repeats) != 0 {
		t.Errorf("repeats where none: %+v", q.Repeats)
	}
}

func TestCSVCellsAreInert(t *testing.T) {
	for in, want := range map[string]string{"=HYPERLINK(1)": "'=HYPERLINK(1)", "+44": "'+44", "-1": "'-1", "@x": "'@x",
		"Mill Lane": "Mill Lane", "a\nb": "a b"} {
		if got := CSVCell(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
