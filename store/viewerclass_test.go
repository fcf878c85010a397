package store

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"wardpanel/model"
)

// Viewers share a board when their model.ClassOf is equal, so it must group only
// viewers who see exactly the same problems: for every kind of user (every
// role, agency and ward membership, the matrix's personas among them), two
// of one class must agree on every visibility a record can have, including
// ones the model refuses to write.
func TestViewerClassGroupsOnlyViewersWhoSeeTheSame(t *testing.T) {
	// A field added to model.User may be one the visibility rule comes to
	// read: then ClassOf must carry it. Listed here are the fields ClassOf
	// reads, and those the rule does not.
	known := map[string]bool{
		"Agency": true, "Role": true, "Wards": true, // read
		"ID": true, "Name": true, "Keys": true, "CreatedAt": true, "Version": true, "Disabled": true, "Email": true, "Plain": true,
		"LastWard": true, // where a session starts, not what it may see
	}
	for f := range reflect.TypeFor[model.User]().Fields() {
		if !known[f.Name] {
			t.Errorf("model.User.%s is new: does model.CanSee read it? If so model.ClassOf must too; then list it here", f.Name)
		}
	}

	agencies := []string{"", "police", "housing", "council", "residents", "fire"}
	var users []model.User
	for _, p := range mxPersonas {
		users = append(users, model.User{Name: p.name, Agency: p.agency, Role: p.role, Wards: []string{p.ward}})
	}
	for _, p := range personas {
		users = append(users, model.User{Name: p.name, Agency: p.agency, Role: p.role, Wards: []string{p.ward}})
	}
	for i, role := range append(slices.Clone(model.Roles), "", "unknown") {
		for j, agency := range agencies {
			for k, wards := range [][]string{nil, {north}, {south}, {south, north}} {
				users = append(users, model.User{ID: model.ID(i*100 + j*10 + k), Name: fmt.Sprint("user ", i, j, k),
					Agency: agency, Role: role, Wards: wards, Disabled: k%2 == 1})
			}
		}
	}

	vis := []model.Visibility{{}, model.Panel, {Kind: model.VisOfficers}, {Kind: "unknown"}, {Kind: model.VisAgencies},
		{Kind: model.VisOfficers, Agencies: []string{"police"}}, {Kind: model.VisPanel, Agencies: []string{"police"}}}
	for _, a := range agencies {
		vis = append(vis, model.Visibility{Kind: model.VisAgencies, Agencies: []string{a}})
		for _, b := range agencies {
			if a < b {
				vis = append(vis, model.Visibility{Kind: model.VisAgencies, Agencies: []string{a, b}})
			}
		}
	}

	for _, ward := range []string{north, south} {
		first := map[model.ViewerClass]model.User{}
		for _, u := range users {
			c := model.ClassOf(u, ward)
			f, ok := first[c]
			if !ok {
				first[c] = u
				continue
			}
			for _, v := range vis {
				p := model.Problem{Ward: ward, Visibility: v}
				if model.CanSeeProblem(u, p) != model.CanSeeProblem(f, p) {
					t.Errorf("%s: %s (%s %q) and %s (%s %q) share class %+v but not sight of %s",
						ward, u.Name, u.Role, u.Agency, f.Name, f.Role, f.Agency, c, v)
				}
			}
		}
		if len(first) < 2*2*len(agencies) {
			t.Errorf("%s: only %d classes: the users above do not cover the rule", ward, len(first))
		}
	}
}

// Through the store: every persona of the matrix gets what the model lets
// them see, and those of one class the very same list.
func TestSameClassSharesOneBoard(t *testing.T) {
	w := newMatrixWorld(t)
	// A police chair sees every problem of the matrix's world.
	all, err := w.s.Problems(model.User{Agency: "police", Role: model.RoleChair, Wards: []string{north}}, north)
	if err != nil || len(all) < len(mxVis) {
		t.Fatalf("Problems = %d, %v", len(all), err)
	}
	boards := map[model.ViewerClass][]model.Problem{}
	for _, p := range mxPersonas {
		u := w.users[p.key]
		got, err := w.s.Problems(u, north)
		if err != nil {
			t.Fatal(err)
		}
		if want := model.VisibleProblems(u, all); !slices.Equal(problemIDs(got), problemIDs(want)) {
			t.Errorf("%s: %v, want %v", p.key, problemIDs(got), problemIDs(want))
		}
		c := model.ClassOf(u, north)
		if b, ok := boards[c]; ok && len(got) > 0 && &b[0] != &got[0] {
			t.Errorf("%s: a copy of the board of class %+v", p.key, c)
		}
		boards[c] = got
	}
}
