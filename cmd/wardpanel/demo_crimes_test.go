package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
)

// The demo ward has a crime picture whose hotspots tell the demo's stories,
// and whose figures are what the made-up file says.
func TestDemoSeedsACrimePicture(t *testing.T) {
	st, _ := demoSeeded(t)
	ruth, _ := st.UserByName("Ruth Adeyemi")
	pic, err := st.CrimePicture(ruth, demoWard, model.CrimeQuery{Months: demoMonths})
	if err != nil {
		t.Fatal(err)
	}
	// Counted from the file: one crime per Crime ID, every ASB row.
	ids, asb := map[string]bool{}, 0
	for _, l := range strings.Split(strings.TrimSpace(demoCrimesCSV(time.Now())), "\n")[1:] {
		f := strings.Split(l, ",")
		switch {
		case f[0] == "":
			asb++
		default:
			ids[f[1]+f[0]] = true
		}
	}
	if len(pic.Months) != demoMonths || pic.Total.Count != len(ids) || pic.ASB.Count != asb {
		t.Fatalf("picture: %d months, %d crimes and %d ASB; want %d months, %d and %d", len(pic.Months), pic.Total.Count,
			pic.ASB.Count, demoMonths, len(ids), asb)
	}
	labels := make([]string, len(pic.Locations))
	for i, l := range pic.Locations {
		labels[i] = l.Label()
	}
	for _, want := range []string{"Kingfisher House", "Station Road", "Meadows Close", "Shopping Area (1)", "Shopping Area (2)"} {
		if !slices.Contains(labels, want) {
			t.Errorf("the picture has no %q among %q", want, labels)
		}
	}
	// Every part of the picture has something to show.
	if len(pic.Series) == 0 || pic.Series[0].Type != "Burglary" || len(pic.Repeats) == 0 || pic.Total.Year == nil ||
		len(pic.Total.Outcomes) < 3 || len(pic.Gaps) != 0 || len(pic.Coverage) != 1 {
		t.Errorf("series %+v, repeats %d, year %+v, outcomes %+v, gaps %+v", pic.Series, len(pic.Repeats), pic.Total.Year,
			pic.Total.Outcomes, pic.Gaps)
	}
	if r, err := st.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %v", err, r.Faults)
	}
}
