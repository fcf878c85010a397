package model

import (
	"cmp"
	"math"
	"slices"
)

// Patterns a panel's analyst looks for in a ward's crime: the places that
// keep coming back (repeat places), and crimes of one type moving between
// neighbouring points month after month (possible linked series).
//
// A repeat place is in the ward's top RepeatTop places for a type (or for
// recorded crime) in at least RepeatMin of the last RepeatOf months: a
// place is in a month's top N when fewer than N places had more crimes of
// that type that month, and it had some.
//
// A possible series is tested against the ward's own rate. For a type T
// and a point p, the neighbourhood is every point within SeriesMetres of
// p. By chance, T's crimes in a month (the ward's monthly average of T)
// fall in the neighbourhood in proportion to its share of the ward's
// recorded crime over the window, so each month has at least one of them
// there with probability q = 1 − e^−μ, μ = rate × share. A run of R
// consecutive months with one somewhere in W months has, by chance, a
// probability of at most (W − R + 1)·q^R. That is multiplied by the number
// of points tested for T (Bonferroni), and a run of at least
// SeriesMinMonths whose result is below SeriesP is listed: so a ward with
// no series shows a false one for a type with a probability below SeriesP.
// A series moves: its crimes are at two points at least, and no point has
// one in every month of the run (a place that has crime every month is a
// repeat place, not a series). Overlapping runs are listed once, the least
// likely by chance.

// RepeatPlace is a place that keeps coming back in a type's top places.
type RepeatPlace struct {
	// Type is the crime type; "" is recorded crime, all types.
	Type  string     `json:"type"`
	Place CrimePlace `json:"place"`
	// Months are those of the last Of in which it was in the top; Count
	// is its crimes of the type over the last Of months.
	Months []Month `json:"months"`
	Of     int     `json:"of_months"`
	Count  int     `json:"count"`
}

// SeriesPoint is one point of a linked series, the run's months it had
// crimes of the series' type in, and how many.
type SeriesPoint struct {
	Place  CrimePlace `json:"place"`
	Months []Month    `json:"months"`
	Count  int        `json:"count"`
}

// LinkedSeries is a possible series: one type, neighbouring points,
// consecutive months.
type LinkedSeries struct {
	Type     string        `json:"type"`
	Category Category      `json:"category"`
	Months   []Month       `json:"months"`
	Points   []SeriesPoint `json:"points"`
	Crimes   int           `json:"crimes"`
	// Expected is the crimes of the type a month the neighbourhood would
	// have at the ward's own rate; P the chance of such a run anywhere in
	// the ward for the type (Bonferroni-adjusted).
	Expected float64 `json:"expected_per_month"`
	P        float64 `json:"p"`
}

// patternInput is what the patterns are found in: the window's months, and
// counts by type, place and month of the window.
type patternInput struct {
	months []Month
	places []CrimePlace
	types  []string
	grid   []map[int32][]int
	asb    []bool
	rules  CrimeRules
}

func (in patternInput) repeats() []RepeatPlace {
	r := in.rules
	out := []RepeatPlace{}
	w := len(in.months)
	of := min(r.RepeatOf, w)
	if of < r.RepeatMin || r.RepeatMin < 1 {
		return out
	}
	all := map[int32][]int{}
	for t, g := range in.grid {
		if in.asb[t] {
			continue
		}
		for l, counts := range g {
			if all[l] == nil {
				all[l] = make([]int, w)
			}
			for i, n := range counts {
				all[l][i] += n
			}
		}
	}
	find := func(typ string, g map[int32][]int) {
		inTop := map[int32][]Month{}
		for i := w - of; i < w; i++ {
			for l, counts := range g {
				n := counts[i]
				if n == 0 {
					continue
				}
				above := 0
				for _, other := range g {
					if other[i] > n {
						above++
					}
				}
				if above < r.RepeatTop {
					inTop[l] = append(inTop[l], in.months[i])
				}
			}
		}
		for l, ms := range inTop {
			if len(ms) < r.RepeatMin {
				continue
			}
			rp := RepeatPlace{Type: typ, Place: in.places[l], Months: ms, Of: of}
			for _, n := range g[l][w-of:] {
				rp.Count += n
			}
			out = append(out, rp)
		}
	}
	find("", all)
	for t, g := range in.grid {
		if g != nil {
			find(in.types[t], g)
		}
	}
	slices.SortFunc(out, func(a, b RepeatPlace) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(len(b.Months), len(a.Months)), cmp.Compare(b.Count, a.Count),
			cmp.Compare(a.Place.Label, b.Place.Label))
	})
	return out
}

func (in patternInput) series() []LinkedSeries {
	r := in.rules
	out := []LinkedSeries{}
	w := len(in.months)
	if w < r.SeriesMinMonths || r.SeriesMinMonths < 2 {
		return out
	}
	// The ward's recorded crime by place over the window: where crime
	// happens, and so where a type's crimes fall by chance.
	weight := make([]float64, len(in.places))
	var whole float64
	for t, g := range in.grid {
		if in.asb[t] {
			continue
		}
		for l, counts := range g {
			for _, n := range counts {
				weight[l] += float64(n)
				whole += float64(n)
			}
		}
	}
	if whole == 0 {
		return out
	}
	near := map[int32][]int32{}
	neighbours := func(l int32) []int32 {
		if ns, ok := near[l]; ok {
			return ns
		}
		var ns []int32
		for o, q := range in.places {
			if q.HasPoint && weight[o] > 0 && DistanceMetres(in.places[l], q) <= r.SeriesMetres {
				ns = append(ns, int32(o))
			}
		}
		near[l] = ns
		return ns
	}
	for t, g := range in.grid {
		if g == nil || in.asb[t] {
			continue
		}
		var tested []int32
		typeTotal := 0
		for l, counts := range g {
			for _, n := range counts {
				typeTotal += n
			}
			if in.places[l].HasPoint {
				tested = append(tested, l)
			}
		}
		slices.Sort(tested)
		rate := float64(typeTotal) / float64(w)
		var cands []LinkedSeries
		for _, l := range tested {
			ns := neighbours(l)
			share := 0.0
			for _, o := range ns {
				share += weight[o]
			}
			mu := rate * share / whole
			start, run := longestRun(w, func(i int) bool {
				for _, o := range ns {
					if c := g[o]; c != nil && c[i] > 0 {
						return true
					}
				}
				return false
			})
			if run < r.SeriesMinMonths {
				continue
			}
			q := poissonAtLeastOne(mu)
			p := math.Min(1, float64(w-run+1)*math.Pow(q, float64(run))*float64(len(tested)))
			if p >= r.SeriesP {
				continue
			}
			s := LinkedSeries{Type: in.types[t], Category: CrimeCategory(in.types[t]), Months: slices.Clone(in.months[start : start+run]),
				Expected: mu, P: p}
			for _, o := range ns {
				c := g[o]
				if c == nil {
					continue
				}
				sp := SeriesPoint{Place: in.places[o]}
				for i := start; i < start+run; i++ {
					if c[i] > 0 {
						sp.Months = append(sp.Months, in.months[i])
						sp.Count += c[i]
					}
				}
				if sp.Count > 0 {
					s.Points = append(s.Points, sp)
					s.Crimes += sp.Count
				}
			}
			if !moving(s.Points, run) {
				continue
			}
			slices.SortFunc(s.Points, func(a, b SeriesPoint) int {
				return cmp.Or(cmp.Compare(a.Months[0], b.Months[0]), cmp.Compare(a.Place.Label, b.Place.Label))
			})
			cands = append(cands, s)
		}
		slices.SortStableFunc(cands, func(a, b LinkedSeries) int { return cmp.Compare(a.P, b.P) })
		var kept []LinkedSeries
		for _, c := range cands {
			if !slices.ContainsFunc(kept, c.overlaps) {
				kept = append(kept, c)
			}
		}
		out = append(out, kept...)
	}
	slices.SortFunc(out, func(a, b LinkedSeries) int { return cmp.Or(cmp.Compare(a.P, b.P), cmp.Compare(a.Type, b.Type)) })
	return out
}

// moving: the run's crimes move between points, so it is no one chronic
// place (those are repeat places): two points at least, none of them in
// every month of the run.
func moving(points []SeriesPoint, run int) bool {
	if len(points) < 2 {
		return false
	}
	for _, p := range points {
		if len(p.Months) >= run {
			return false
		}
	}
	return true
}

// overlaps: the two series share a point in a month.
func (s LinkedSeries) overlaps(o LinkedSeries) bool {
	for _, a := range s.Points {
		for _, b := range o.Points {
			if a.Place.key() == b.Place.key() && slices.ContainsFunc(a.Months, func(m Month) bool { return slices.Contains(b.Months, m) }) {
				return true
			}
		}
	}
	return false
}

// longestRun is the first longest run of consecutive i in [0, n) with
// has(i), as its start and length.
func longestRun(n int, has func(int) bool) (start, length int) {
	cur := 0
	for i := range n {
		if !has(i) {
			cur = 0
			continue
		}
		cur++
		if cur > length {
			start, length = i-cur+1, cur
		}
	}
	return start, length
}
