package model

import (
	"fmt"
	"math"
)

// When a change in a count means something. A month's crimes are few, and
// few events swing by chance: 2 crimes against an average of 0.3 is a
// sevenfold rise that Poisson noise gives often. So a change is shown as a
// percentage only when it is clear: the exact conditional Poisson test
// (given the two periods' total, the recent period's count is binomial
// with the periods' share of the time) says a chance swing that large has
// a probability below ClearChangeP. Otherwise the change reads "≈" (no
// clear change), and the counts are still given.

// ClearChangeP is the two-sided significance level a change must reach for
// its percentage to be shown.
const ClearChangeP = 0.05

// CrimeChange compares a recent period's count with an earlier one's.
type CrimeChange struct {
	// Now and Before are the counts; NowMonths and BeforeMonths the
	// periods' lengths, so a month can be set against three.
	Now          int `json:"now"`
	Before       int `json:"before"`
	NowMonths    int `json:"now_months"`
	BeforeMonths int `json:"before_months"`
	// Percent is the change in the monthly rate, nil when Before is 0.
	Percent *float64 `json:"percent"`
	// P is the test's two-sided p-value; Clear is P < ClearChangeP.
	P     float64 `json:"p"`
	Clear bool    `json:"clear"`
}

// CompareCounts sets now crimes over nowMonths against before crimes over
// beforeMonths.
func CompareCounts(now, nowMonths, before, beforeMonths int) CrimeChange {
	c := CrimeChange{Now: now, Before: before, NowMonths: nowMonths, BeforeMonths: beforeMonths, P: 1}
	if nowMonths <= 0 || beforeMonths <= 0 {
		return c
	}
	rateNow, rateBefore := float64(now)/float64(nowMonths), float64(before)/float64(beforeMonths)
	if before > 0 {
		pct := (rateNow - rateBefore) / rateBefore * 100
		c.Percent = &pct
	}
	share := float64(nowMonths) / float64(nowMonths+beforeMonths)
	c.P = binomialTwoSided(now, now+before, share)
	c.Clear = c.P < ClearChangeP
	return c
}

// Words is the change in a few characters: "↑ +40%", "↓ -25%", "new" (none
// before, a clear rise now), "≈" (no clear change) or "—" (none either way).
// A percentage is never cut: "+1700%" is eight characters with its arrow.
func (c CrimeChange) Words() string {
	switch {
	case c.Now == 0 && c.Before == 0:
		return "—"
	case !c.Clear:
		return "≈"
	case c.Percent == nil:
		return "new"
	}
	pct := int(math.Round(*c.Percent))
	switch {
	case pct > 0:
		return fmt.Sprintf("↑ +%d%%", pct)
	case pct < 0:
		return fmt.Sprintf("↓ %d%%", pct)
	}
	return "≈"
}

// Rising and Falling say which way a clear change went.
func (c CrimeChange) Rising() bool  { return c.Clear && c.Now*c.BeforeMonths > c.Before*c.NowMonths }
func (c CrimeChange) Falling() bool { return c.Clear && c.Now*c.BeforeMonths < c.Before*c.NowMonths }

// binomialTwoSided is the exact two-sided binomial test of k successes in
// n trials with success probability p: the probability of every outcome no
// likelier than k.
func binomialTwoSided(k, n int, p float64) float64 {
	if n == 0 {
		return 1
	}
	logPMF := func(i int) float64 {
		a, _ := math.Lgamma(float64(n + 1))
		b, _ := math.Lgamma(float64(i + 1))
		c, _ := math.Lgamma(float64(n - i + 1))
		return a - b - c + float64(i)*math.Log(p) + float64(n-i)*math.Log1p(-p)
	}
	at := logPMF(k)
	sum := 0.0
	for i := 0; i <= n; i++ {
		if l := logPMF(i); l <= at+1e-9 {
			sum += math.Exp(l)
		}
	}
	return min(1, sum)
}

// poissonAtLeastOne is the chance a Poisson count with mean mu is not 0.
func poissonAtLeastOne(mu float64) float64 { return -math.Expm1(-mu) }
