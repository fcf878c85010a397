package crimes

import (
	"strings"
	"testing"

	"wardpanel/model"
	"wardpanel/tui/crimes/crimestest"
	"wardpanel/tui/ui"
)

func TestCrimeViewsShowThePicture(t *testing.T) {
	st := emptyStore(t)
	crimestest.Analyst(t, st, ward)
	hs, v, r := open(t, st, officer, 120, 40)
	p := v.p
	if len(p.Series) != 1 || p.Series[0].Type != "Vehicle crime" || len(p.Gaps) != 1 || p.Gaps[0].LSOA != "E01000003" {
		t.Fatalf("series %+v gaps %+v", p.Series, p.Gaps)
	}
	// The picture warns of the gap, and says ASB apart.
	view := v.View()
	for _, want := range []string{"⚠ E01000003 has no data from Neighbourshire Police for Feb 2026", "Anti-social behaviour (apart)",
		"Shopping Area (1)", "Shopping Area (2)"} {
		if !strings.Contains(view, want) {
			t.Errorf("the picture lacks %q:\n%s", want, view)
		}
	}
	hs.Keys("o")
	if !strings.Contains(v.View(), "Burglary") || !strings.Contains(v.View(), "% no suspect identified") {
		t.Errorf("outcomes:\n%s", v.View())
	}
	hs.Keys("o") // the same key again: back to the picture
	if v.mode != modePicture {
		t.Errorf("o again: mode %d", v.mode)
	}
	hs.Keys("s")
	for _, want := range []string{"1. Vehicle crime · Sep 2025–Jan 2026 · 5 crimes at 3 points", "Willow Road", "Willow Close", "Ash Grove"} {
		if !strings.Contains(v.View(), want) {
			t.Errorf("series lacks %q:\n%s", want, v.View())
		}
	}
	if !offered(v, v.k.Crimes.FromRow) || offered(v, v.k.Crimes.Problem) {
		t.Errorf("the series' help: %v", v.FullHelp())
	}
	// One key asks for a problem of the series, citing its points and months.
	hs.Keys("enter")
	a, ok := only[asked](r.sent())
	if !ok || a.p.Title != "Possible vehicle crime series near Willow Road" || a.p.Category != "vehicle-crime" ||
		!strings.Contains(a.cite.Text, "5 crimes of vehicle crime within 250 m of each other in 5 consecutive months") {
		t.Errorf("asked %+v", a)
	}
}

// A 36-month window's sparkline covers all 36 months, summed by three.
func TestLongWindowsSparkTheWholeWindow(t *testing.T) {
	counts := make([]int, 36)
	counts[0] = 9 // the first month: only a whole-window sparkline shows it
	if got := sparkline(counts, 12); got != "█▁▁▁▁▁▁▁▁▁▁▁" {
		t.Errorf("%q", got)
	}
	if h := sparkHeading(36, 12); h != "36MO/3" {
		t.Errorf("heading %q", h)
	}
}

// A four-digit percentage fits the trend column whole, at every width.
func TestBigChangesAreNotCut(t *testing.T) {
	words := model.CompareCounts(18, 1, 1, 1).Words()
	for _, w := range []int{160, 120, 80, 60, 40} {
		if cols := crimeLayout(w, 12, true, true); cols.trend < ui.TextWidth(words) || ui.Fit(words, cols.trend) != words+strings.Repeat(" ", cols.trend-ui.TextWidth(words)) {
			t.Errorf("width %d: trend column %d cuts %q", w, cols.trend, words)
		}
	}
}
