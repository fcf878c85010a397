package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
	"wardpanel/store"
)

// The demo ward has a crime picture whose hotspots tell the demo's stories,
// and whose figures are what the made-up file says.
func TestDemoSeedsACrimePicture(t *testing.T) {
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := seedDemo(st); err != nil {
		t.Fatal(err)
	}
	ruth, _ := st.UserByName("Ruth Adeyemi")
	pic, err := st.CrimePicture(ruth, demoWard, model.CrimeQuery{Months: 12})
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, l := range strings.Split(strings.TrimSpace(demoCrimesCSV(time.Now())), "\n")[1:] {
		if l != "" {
			rows++
		}
	}
	total := 0
	for _, n := range pic.Total.Counts {
		total += n
	}
	if len(pic.Months) != 12 || total != rows {
		t.Fatalf("picture: %d months, %d crimes; want 12 months and the file's %d rows", len(pic.Months), total, rows)
	}
	places := make([]string, len(pic.Locations))
	for i, l := range pic.Locations {
		places[i] = l.Name
	}
	for _, want := range []string{"On or near Kingfisher House", "On or near Station Road", "On or near Meadows Close"} {
		if !slices.Contains(places, want) {
			t.Errorf("the picture has no %q among %q", want, places)
		}
	}
	if r, err := st.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %v", err, r.Faults)
	}
}
