package model

import (
	"fmt"
	"time"
)

// Before and after: an assessment's figures, counted from the imported
// police.uk crimes for the plan's place and crime type, never typed. The
// months before the first response began (up to BeforeMonths of them) are
// set against the months since, up to the latest month imported.

// BeforeMonths is how many months before the first response are counted:
// a year, so a seasonal problem is compared with a whole cycle.
const BeforeMonths = 12

// SmallCount is the total below which counts are too few to mean much,
// whatever the test says: a handful of crimes moves by chance.
const SmallCount = 20

// MonthCount is one month's crimes.
type MonthCount struct {
	Month Month `json:"month"`
	Count int   `json:"count"`
}

// BeforeAfter is the assessment's figures.
type BeforeAfter struct {
	Focus CrimeFocus `json:"focus"`
	// Began is the month the first response began.
	Began  Month        `json:"began"`
	Before []MonthCount `json:"before"`
	Since  []MonthCount `json:"since"`
	Change CrimeChange  `json:"change"`
	// Caveat says why the figures may not mean what they seem ("" if none).
	Caveat string `json:"caveat,omitempty"`
}

// Totals are the crimes before and since.
func (b BeforeAfter) Totals() (before, since int) {
	for _, m := range b.Before {
		before += m.Count
	}
	for _, m := range b.Since {
		since += m.Count
	}
	return before, since
}

// Summary is the figures in a sentence: "Criminal damage and arson at Mill
// Lane Underpass: 3.5 a month in the 12 months before the first response
// (Mar 2025), 1.8 a month in the 9 since: ↓ -49%."
func (b BeforeAfter) Summary() string {
	before, since := b.Totals()
	rate := func(n, months int) string {
		if months == 0 {
			return "no months"
		}
		return fmt.Sprintf("%.1f a month", float64(n)/float64(months))
	}
	s := fmt.Sprintf("%s at %s: %s in the %d months before the first response (%s), %s in the %d since: %s",
		b.Focus.Type, b.Focus.Where(), rate(before, len(b.Before)), len(b.Before), b.Began.Label(),
		rate(since, len(b.Since)), len(b.Since), b.Change.Words())
	if b.Caveat != "" {
		s += ". " + b.Caveat
	}
	return s + "."
}

// ComputeBeforeAfter counts monthly (crimes by month for the focus) over
// the covered months first..last, split at the month began falls in.
// ok is false when there is nothing to compare: no months covered before
// or since the first response.
func ComputeBeforeAfter(focus CrimeFocus, monthly map[Month]int, first, last Month, began time.Time) (BeforeAfter, bool) {
	b := BeforeAfter{Focus: focus, Began: MonthOfTime(began)}
	start := max(first, b.Began.Add(-BeforeMonths))
	for m := start; m < b.Began && m <= last; m++ {
		b.Before = append(b.Before, MonthCount{Month: m, Count: monthly[m]})
	}
	for m := max(b.Began, first); m <= last; m++ {
		b.Since = append(b.Since, MonthCount{Month: m, Count: monthly[m]})
	}
	if len(b.Before) == 0 || len(b.Since) == 0 {
		return b, false
	}
	before, since := b.Totals()
	b.Change = CompareCounts(since, len(b.Since), before, len(b.Before))
	switch {
	case before+since < SmallCount:
		b.Caveat = fmt.Sprintf("Only %d crimes in all: too few to tell a real change from chance", before+since)
	case !b.Change.Clear:
		b.Caveat = "The change is within what chance alone gives"
	case len(b.Since) < 3:
		b.Caveat = "Fewer than three months since the response began: too soon to judge"
	}
	return b, true
}
