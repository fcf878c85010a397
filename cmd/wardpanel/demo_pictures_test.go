package main

import (
	"slices"
	"testing"

	"wardpanel/model"
)

// The demo's rich picture has every kind of line, a conflict, a concern
// on the board linked back to its line, and an asset; and the file checks.
func TestDemoSeedsARichPictureOfEveryKind(t *testing.T) {
	st, _ := demoSeeded(t)
	ruth, _ := st.UserByName("Ruth Adeyemi")
	sessions, err := st.Pictures(ruth, demoWard)
	if err != nil || len(sessions) != 2 {
		t.Fatalf("sessions %+v, %v", sessions, err)
	}
	workshop := sessions[1]
	lines, err := st.PictureElements(ruth, workshop.ID)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[model.ElementKind]bool{}
	conflict, promoted, asset := false, model.ID(0), false
	for _, l := range lines {
		kinds[l.Kind] = true
		conflict = conflict || l.Relation == model.RelConflict
		if len(l.Problems) > 0 {
			promoted = l.Problems[0]
		}
		asset = asset || l.AssetID != 0
	}
	for _, k := range model.ElementKinds {
		if !kinds[k] {
			t.Errorf("no %s line", k)
		}
	}
	if !conflict || promoted == 0 || !asset {
		t.Fatalf("conflict %v, promoted %v, asset %v", conflict, promoted, asset)
	}
	board, _ := st.Problems(ruth, demoWard)
	if !slices.ContainsFunc(board, func(p model.Problem) bool { return p.ID == promoted }) {
		t.Fatal("the promoted concern is not on the board")
	}
	if links, err := st.PictureLinks(ruth, promoted); err != nil || len(links) != 1 {
		t.Fatalf("links %+v, %v", links, err)
	}
	if tr, err := st.PictureThemes(ruth, demoWard); err != nil || len(tr.Rows) == 0 || tr.Rows[0].Theme != "youth" {
		t.Fatalf("themes %+v, %v", tr, err)
	}
	if r, err := st.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %v", r.Faults, err)
	}
}
