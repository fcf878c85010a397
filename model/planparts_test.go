package model

import (
	"slices"
	"testing"
)

// VisiblePlan keeps the notes and responses a reader may see, in order,
// and counts the rest in Withheld (visibleParts, for both lists).
func TestVisiblePlanWithholdsParts(t *testing.T) {
	const ward = "E05000001"
	police := Visibility{Kind: VisAgencies, Agencies: []string{"police"}}
	p := Problem{ID: 1, Ward: ward}
	plan := Plan{
		Notes:     []PlanNote{{ID: 1, Text: "open"}, {ID: 2, Text: "police only", Visibility: police}, {ID: 3, Text: "open too"}},
		Responses: []Response{{ID: 1, Text: "police only", Visibility: police}, {ID: 2, Text: "open"}},
	}
	tests := []struct {
		name         string
		u            User
		notes, resps []int
		wantWithheld int
	}{
		{"police see every part", User{Role: RoleMember, Agency: "police", Wards: []string{ward}}, []int{1, 2, 3}, []int{1, 2}, 0},
		{"housing see the open parts", User{Role: RoleMember, Agency: "housing", Wards: []string{ward}}, []int{1, 3}, []int{2}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := VisiblePlan(tt.u, p, plan)
			if err != nil {
				t.Fatal(err)
			}
			var notes, resps []int
			for _, n := range got.Notes {
				notes = append(notes, n.ID)
			}
			for _, r := range got.Responses {
				resps = append(resps, r.ID)
			}
			if !slices.Equal(notes, tt.notes) || !slices.Equal(resps, tt.resps) || got.Withheld != tt.wantWithheld {
				t.Errorf("notes %v responses %v withheld %d; want %v %v %d", notes, resps, got.Withheld, tt.notes, tt.resps, tt.wantWithheld)
			}
		})
	}
}
