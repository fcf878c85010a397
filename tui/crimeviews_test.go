package tui

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"wardpanel/model"
	"wardpanel/store"
)

// analystStore is Northfield with two years of made-up crime (Mar 2024 to
// Feb 2026) from two forces: hotspots every month (shoplifting busier in
// the second year), a run of vehicle crime moving along Willow Road and its
// neighbours for five months (a possible series), anti-social behaviour,
// outcomes, and a neighbouring force whose LSOA misses its last month's
// file (a coverage gap).
func analystStore(t *testing.T) *store.Store {
	t.Helper()
	st := realStore(t)
	if _, err := st.SetWardLSOAs(model.Operator, wardA, []string{"E01000001", "E01000002", "E01000003"}); err != nil {
		t.Fatal(err)
	}
	type spot struct {
		lsoa, place, typ string
		lon, lat         float64
		n                int
	}
	spots := []spot{
		{"E01000001", "Elm Grove", "Burglary", -1.5101, 52.3990, 2},
		{"E01000001", "Supermarket", "Shoplifting", -1.5000, 52.4030, 3},
		{"E01000002", "Station Road", "Violence and sexual offences", -1.4987, 52.4032, 2},
		{"E01000002", "Mill Lane", "Anti-social behaviour", -1.5050, 52.4000, 3},
		{"E01000001", "Shopping Area", "Shoplifting", -1.4900, 52.4100, 1},
		{"E01000002", "Shopping Area", "Shoplifting", -1.5200, 52.3950, 1},
	}
	series := []spot{
		{"E01000001", "Willow Road", "Vehicle crime", -1.5300, 52.4070, 1},
		{"E01000001", "Willow Close", "Vehicle crime", -1.5285, 52.4080, 1},
		{"E01000002", "Ash Grove", "Vehicle crime", -1.5275, 52.4068, 1},
		{"E01000001", "Willow Close", "Vehicle crime", -1.5285, 52.4080, 1},
		{"E01000001", "Willow Road", "Vehicle crime", -1.5300, 52.4070, 1},
	}
	outcomes := []string{"Investigation complete; no suspect identified", "Under investigation", "Awaiting court outcome", "Local resolution"}
	for i := range 24 {
		m := model.MonthOf(2024, 3).Add(i).String()
		var b strings.Builder
		b.WriteString(strings.Join(model.CrimeColumns, ",") + "\n")
		line := func(force string, s spot, k int) {
			id := ""
			outcome := ""
			if s.typ != model.ASBType {
				id = fmt.Sprintf("%x", sha256.Sum256(fmt.Appendf(nil, "%s %s %s %d", m, s.place, force, k)))
				outcome = outcomes[(i+k)%len(outcomes)]
			}
			fmt.Fprintf(&b, "%s,%s,%s,%s,%.4f,%.4f,On or near %s,%s,Testford,%s,%s,\n", id, m, force, force, s.lon, s.lat, s.place, s.lsoa, s.typ, outcome)
		}
		for k, s := range spots {
			extra := 0
			if i >= 12 && s.typ == "Shoplifting" {
				extra = 2
			}
			for j := range s.n + (i*(k+1))%2 + extra {
				line("Testshire Constabulary", s, k*10+j)
			}
		}
		if k := i - 18; k >= 0 && k < len(series) {
			line("Testshire Constabulary", series[k], 99)
		}
		importString(t, st, "testshire "+m, b.String())
		if i < 23 {
			b.Reset()
			b.WriteString(strings.Join(model.CrimeColumns, ",") + "\n")
			line("Neighbourshire Police", spot{"E01000003", "Park/Open Space", "Drugs", -1.5090, 52.3997, 1}, 1)
			importString(t, st, "neighbourshire "+m, b.String())
		}
	}
	return st
}

func importString(t *testing.T, st *store.Store, name, csv string) {
	t.Helper()
	if _, err := st.ImportCrimes(model.Operator, name, strings.NewReader(csv)); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// The picture and the analyst's views, each at 80×24 and 120×40: the
// picture with its coverage warning and ASB apart, outcomes, repeat places,
// possible series (the planted one, its points under it) and coverage.
func TestGoldenCrimeViews(t *testing.T) {
	for _, view := range []struct{ key, name, wait string }{
		{"", "picture", "WHERE"},
		{"o", "outcomes", "Outcomes:"},
		{"r", "repeats", "Repeat places:"},
		{"s", "series", "Willow"},
		{"c", "coverage", "Coverage:"},
	} {
		for _, sz := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s/%dx%d", view.name, sz[0], sz[1]), func(t *testing.T) {
				opts := Options{Store: analystStore(t), User: &officer, Fingerprint: "SHA256:golden", Now: fixedNow, Live: true}
				tm := startLoaded(t, opts, []string{"Speeding"}, xKey)
				waitFor(t, tm, "Elm Grove")
				resize(tm, sz)
				if view.key != "" {
					tm.Send(tea.KeyPressMsg{Code: rune(view.key[0]), Text: view.key})
				}
				waitFor(t, tm, view.wait)
				teatest.RequireEqualOutput(t, finalScreen(t, tm))
			})
		}
	}
}

func TestCrimeViewsShowThePicture(t *testing.T) {
	st := analystStore(t)
	u := officer
	hs := newHarness(t, Options{Store: st, User: &u, Fingerprint: "SHA256:test", Now: fixedNow}, 120, 40)
	hs.keys("x")
	p := hs.app.crimes().p
	if len(p.Series) != 1 || p.Series[0].Type != "Vehicle crime" || len(p.Gaps) != 1 || p.Gaps[0].LSOA != "E01000003" {
		t.Fatalf("series %+v gaps %+v", p.Series, p.Gaps)
	}
	// The picture warns of the gap, and says ASB apart.
	view := hs.view()
	for _, want := range []string{"⚠ E01000003 has no data from Neighbourshire Police for Feb 2026", "Anti-social behaviour (apart)",
		"Shopping Area (1)", "Shopping Area (2)"} {
		if !strings.Contains(view, want) {
			t.Errorf("the picture lacks %q:\n%s", want, view)
		}
	}
	hs.keys("o")
	if !strings.Contains(hs.view(), "Burglary") || !strings.Contains(hs.view(), "% no suspect identified") {
		t.Errorf("outcomes:\n%s", hs.view())
	}
	hs.keys("o") // the same key again: back to the picture
	if hs.app.crimes().mode != modePicture {
		t.Errorf("o again: mode %d", hs.app.crimes().mode)
	}
	hs.keys("s")
	for _, want := range []string{"1. Vehicle crime · Sep 2025–Jan 2026 · 5 crimes at 3 points", "Willow Road", "Willow Close", "Ash Grove"} {
		if !strings.Contains(hs.view(), want) {
			t.Errorf("series lacks %q:\n%s", want, hs.view())
		}
	}
	// One key makes a problem of the series, citing its points and months.
	hs.keys("enter")
	if hs.app.active != screenForm {
		t.Fatalf("enter on a series: screen %q\n%s", hs.app.active, hs.view())
	}
	f := hs.app.form()
	if f.fields[fTitle].Value() != "Possible vehicle crime series near Willow Road" || f.fields[fCategory].Choice.Value() != "vehicle-crime" ||
		!strings.Contains(f.cite.Text, "5 crimes of vehicle crime within 250 m of each other in 5 consecutive months") {
		t.Errorf("title %q, category %q, cite %q", f.fields[fTitle].Value(), f.fields[fCategory].Choice.Value(), f.cite.Text)
	}
	hs.keys("ctrl+s")
	if hs.app.active != screenDetail {
		t.Fatalf("after saving: screen %q\n%s", hs.app.active, hs.view())
	}
	es, err := st.Evidence(u, hs.app.detail().p.ID)
	if err != nil || len(es) != 1 || !strings.Contains(es[0].Text, "Ash Grove") {
		t.Errorf("evidence %+v %v", es, err)
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
		if cols := crimeLayout(w, 12, true, true); cols.trend < textWidth(words) || fit(words, cols.trend) != words+strings.Repeat(" ", cols.trend-textWidth(words)) {
			t.Errorf("width %d: trend column %d cuts %q", w, cols.trend, words)
		}
	}
}
