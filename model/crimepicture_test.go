package model

import (
	"slices"
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

// tallyOf counts crimes given as "month type location" triples, n times each.
func tallyOf(covered []string, crimes ...struct {
	m, typ, loc string
	n           int
}) CrimeCounts {
	t := NewCrimeTally("E05000001", []string{"E01000001"})
	for _, m := range covered {
		t.Cover(month(m))
	}
	for _, c := range crimes {
		for range c.n {
			t.Add(month(c.m), c.typ, c.loc)
		}
	}
	return t.Counts()
}

type cr = struct {
	m, typ, loc string
	n           int
}

func TestPictureCountsByMonthTypeAndLocation(t *testing.T) {
	c := tallyOf([]string{"2024-06"}, // covered, no crime: a real zero
		cr{"2024-01", "Burglary", "On or near Elm Grove", 2},
		cr{"2024-02", "Burglary", "On or near Elm Grove", 1},
		cr{"2024-02", "Anti-social behaviour", "On or near Mill Lane", 3},
		cr{"2024-03", "Anti-social behaviour", "On or near Mill Lane", 1},
		cr{"2024-04", "Anti-social behaviour", "On or near Mill Lane", 2},
		cr{"2024-05", "Anti-social behaviour", "On or near Mill Lane", 6},
		cr{"2024-05", "Burglary", "On or near Mill Lane", 1},
	)
	if c.Crimes != 16 || c.First != month("2024-01") || c.Last != month("2024-06") {
		t.Fatalf("counts %+v", c)
	}
	p := c.Picture(CrimeQuery{})
	if len(p.Months) != 6 || p.Months[5] != month("2024-06") {
		t.Fatalf("months %v", p.Months)
	}
	if !slices.Equal(p.Total.Counts, []int{2, 4, 1, 2, 7, 0}) || p.Total.Count != 16 || p.Total.Latest != 0 {
		t.Errorf("total %+v", p.Total)
	}
	// June (0) against March–May (1, 2, 7): down 100%.
	if p.Total.Previous != 10.0/3 || p.Total.Change == nil || *p.Total.Change != -100 || p.Total.Trend() != "↓ -100%" {
		t.Errorf("change %+v %v", p.Total, p.Total.Trend())
	}
	if p.Types[0].Name != "Anti-social behaviour" || p.Types[0].Count != 12 || p.Types[0].Category != "asb" ||
		p.Types[1].Name != "Burglary" || p.Types[1].Count != 4 {
		t.Errorf("types %+v", p.Types)
	}
	if len(p.Locations) != 2 || p.Locations[0].Name != "On or near Mill Lane" || p.Locations[0].Count != 13 ||
		p.Locations[0].Top != "Anti-social behaviour" || p.Locations[1].Top != "Burglary" || p.Locations[1].Category != "burglary" {
		t.Errorf("locations %+v", p.Locations)
	}

	// A window of two months still compares with the three before.
	w := c.Picture(CrimeQuery{Months: 2})
	if !slices.Equal(w.Total.Counts, []int{7, 0}) || w.Total.Count != 7 || w.Total.Previous != p.Total.Previous ||
		!slices.Equal(w.PreviousMonths, []Month{month("2024-03"), month("2024-04"), month("2024-05")}) {
		t.Errorf("two months: %+v %v", w.Total, w.PreviousMonths)
	}

	// Locations for one type, cut to the top one.
	b := c.Picture(CrimeQuery{Type: "Burglary", Locations: 1})
	if b.LocationsInAll != 2 || len(b.Locations) != 1 || b.Locations[0].Name != "On or near Elm Grove" || b.Locations[0].Count != 3 ||
		b.Total.Count != 16 || len(b.Types) != 2 {
		t.Errorf("burglary: %+v", b)
	}
	if none := c.Picture(CrimeQuery{Type: "Robbery"}); len(none.Locations) != 0 {
		t.Errorf("robbery: %+v", none.Locations)
	}
}

func TestPictureOfNothing(t *testing.T) {
	p := NewCrimeTally("E05000001", nil).Counts().Picture(CrimeQuery{})
	if len(p.Months) != 0 || p.Total.Count != 0 || p.Types == nil || p.Locations == nil || p.LSOAs == nil {
		t.Errorf("%+v", p)
	}
	if _, ok := p.Latest(); ok {
		t.Error("a latest month with no data")
	}
	// One month only: nothing to compare with.
	one := tallyOf(nil, cr{"2024-01", "Drugs", "On or near X", 2}).Picture(CrimeQuery{})
	if one.Total.Change != nil || one.Total.Previous != 0 || one.Total.Trend() != "new" || len(one.PreviousMonths) != 0 {
		t.Errorf("one month: %+v", one.Total)
	}
}

func TestTrendWords(t *testing.T) {
	pct := func(f float64) *float64 { return &f }
	for _, tt := range []struct {
		s    CrimeSeries
		want string
	}{
		{CrimeSeries{Latest: 4, Previous: 2, Change: pct(100)}, "↑ +100%"},
		{CrimeSeries{Latest: 1, Previous: 3, Change: pct(-66.6)}, "↓ -67%"},
		{CrimeSeries{Latest: 2, Previous: 2, Change: pct(0)}, "→ 0%"},
		{CrimeSeries{Latest: 2}, "new"},
		{CrimeSeries{}, "—"},
	} {
		if got := tt.s.Trend(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestMonthValidity(t *testing.T) {
	if !MonthOf(2024, time.January).Valid() || Month(0).Valid() || MonthOf(3000, time.January).Valid() {
		t.Error("Valid")
	}
}
