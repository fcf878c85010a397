package model

import (
	"errors"
	"slices"
	"testing"
)

const ward = "E05000001"

func user(role Role, agency string) User {
	return User{ID: 1, Name: string(role) + "@" + agency, Role: role, Agency: agency, Wards: []string{ward}}
}

func TestCanSeeIsNeverBypassedByRole(t *testing.T) {
	police := Visibility{Kind: VisAgencies, Agencies: []string{"police"}}
	officers := Visibility{Kind: VisOfficers}
	tests := []struct {
		name string
		u    User
		ward string
		vis  Visibility
		want bool
	}{
		{"member sees panel", user(RoleMember, "residents"), ward, Panel, true},
		{"zero visibility is panel", user(RoleObserver, "residents"), ward, Visibility{}, true},
		{"other ward hidden", user(RoleChair, "residents"), "E05000002", Panel, false},
		{"police officer sees police-only", user(RoleOfficer, "police"), ward, police, true},
		{"housing officer does not", user(RoleOfficer, "housing"), ward, police, false},
		{"admin does not", user(RoleAdmin, "council"), ward, police, false},
		{"chair does not", user(RoleChair, "residents"), ward, police, false},
		{"chair sees officers-only", user(RoleChair, "residents"), ward, officers, true},
		{"vice-chair sees officers-only", user(RoleViceChair, "council"), ward, officers, true},
		{"secretary sees officers-only", user(RoleSecretary, "council"), ward, officers, true},
		{"police officer does not see officers-only", user(RoleOfficer, "police"), ward, officers, false},
		{"admin does not see officers-only", user(RoleAdmin, "council"), ward, officers, false},
		{"unknown kind fails closed", user(RoleChair, "police"), ward, Visibility{Kind: "everyone"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CanSee(tt.u, tt.ward, tt.vis); got != tt.want {
				t.Errorf("CanSee = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestProblemPermissions(t *testing.T) {
	police := Visibility{Kind: VisAgencies, Agencies: []string{"police"}}
	open := Problem{Ward: ward, Title: "Fly-tipping", Stage: StageScanning, Visibility: Panel}
	restricted := open
	restricted.Visibility = police
	analysis := open
	analysis.Stage = StageAnalysis
	secret := open
	secret.Visibility = Visibility{Kind: VisOfficers}
	tests := []struct {
		name    string
		u       User
		create  *Problem
		edit    *[2]Problem // old, new
		wantErr error
	}{
		{"officer creates", user(RoleOfficer, "police"), &restricted, nil, nil},
		{"member proposes at scanning", user(RoleMember, "residents"), &open, nil, nil},
		{"member cannot skip to analysis", user(RoleMember, "residents"), &analysis, nil, ErrForbidden},
		{"member cannot restrict", user(RoleMember, "residents"), &restricted, nil, ErrForbidden},
		{"observer cannot create", user(RoleObserver, "residents"), &open, nil, ErrForbidden},
		{"admin cannot create", user(RoleAdmin, "council"), &open, nil, ErrForbidden},
		{"outsider of ward cannot create", User{Role: RoleOfficer, Agency: "police", Wards: []string{"E05000009"}}, &open, nil, ErrForbidden},
		{"cannot hide from own agency", user(RoleOfficer, "housing"), &restricted, nil, ErrForbidden},
		{"officer cannot use officers-only", user(RoleOfficer, "police"), &secret, nil, ErrForbidden},
		{"chair can use officers-only", user(RoleChair, "residents"), &secret, nil, nil},
		{"officer edits", user(RoleOfficer, "housing"), nil, &[2]Problem{open, analysis}, nil},
		{"member cannot edit", user(RoleMember, "residents"), nil, &[2]Problem{open, analysis}, ErrForbidden},
		{"hidden record is not found", user(RoleOfficer, "housing"), nil, &[2]Problem{restricted, restricted}, ErrNotFound},
		{"no moving wards", user(RoleOfficer, "police"), nil, &[2]Problem{open, func() Problem { p := open; p.Ward = "E05000002"; return p }()}, ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.create != nil {
				err = CheckCreateProblem(tt.u, *tt.create)
			} else {
				err = CheckEditProblem(tt.u, tt.edit[0], tt.edit[1])
			}
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestValidationErrorsNameTheField(t *testing.T) {
	tests := []struct {
		name  string
		p     Problem
		field string
	}{
		{"no title", Problem{Ward: ward}, "title"},
		{"short title", Problem{Ward: ward, Title: "ab"}, "title"},
		{"bad ward", Problem{Ward: "riverside", Title: "Speeding"}, "ward"},
		{"bad category", Problem{Ward: ward, Title: "Speeding", Category: "aliens"}, "category"},
		{"bad stage", Problem{Ward: ward, Title: "Speeding", Stage: "done"}, "stage"},
		{"bad priority", Problem{Ward: ward, Title: "Speeding", Priority: 9}, "priority"},
		{"bad visibility", Problem{Ward: ward, Title: "Speeding", Visibility: Visibility{Kind: VisAgencies}}, "visibility"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Field != tt.field || !errors.Is(err, ErrInvalid) {
				t.Errorf("Validate() = %v, want a ValidationError on %q", err, tt.field)
			}
		})
	}
	p := Problem{Ward: "e05000001", Title: "  Needles \x1b[2Jin park\t", Description: "line\r\nline\x07"}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if p.Ward != ward || p.Title != "Needles in park" || p.Description != "line\nline" ||
		p.Stage != StageScanning || p.Priority != PriorityMedium || p.Category != "other" || p.Visibility.Kind != VisPanel {
		t.Errorf("Validate did not tidy and default: %+v", p)
	}
}

func TestParsersAcceptWhatPeopleType(t *testing.T) {
	if r, err := ParseRole("Vice-Chair"); err != nil || r != RoleViceChair {
		t.Errorf("ParseRole: %v %v", r, err)
	}
	if _, err := ParseRole("king"); !errors.Is(err, ErrInvalid) {
		t.Errorf("ParseRole(king) = %v", err)
	}
	v, err := ParseVisibility("agencies: Police, housing,police")
	if err != nil || v.String() != "agencies:housing,police" {
		t.Errorf("ParseVisibility = %v, %v", v, err)
	}
	if _, err := ParseVisibility("agencies:"); !errors.Is(err, ErrInvalid) {
		t.Errorf("empty agency list accepted")
	}
	if _, err := ParseKey("ssh-ed25519 not-base64"); !errors.Is(err, ErrInvalid) {
		t.Errorf("malformed key accepted")
	}
	k, err := ParseKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGz3a1/+Hzj5l7DOJfQqvGpVUwSWCOlthJK1t2gnN8KP me@laptop")
	if err != nil || k.Comment != "me@laptop" || len(k.Fingerprint) < 10 {
		t.Errorf("ParseKey = %+v, %v", k, err)
	}
}

func TestVisibilityWithOfficers(t *testing.T) {
	v, err := ParseVisibility("agencies:police,housing+officers")
	if err != nil || v.String() != "agencies:housing,police+officers" || v.Label() != "housing, police and the panel officers" {
		t.Fatalf("parse: %+v %q %q, %v", v, v.String(), v.Label(), err)
	}
	housing := User{Agency: "housing", Role: RoleOfficer, Wards: []string{"E05000001"}}
	chair := User{Agency: "residents", Role: RoleChair, Wards: []string{"E05000001"}}
	member := User{Agency: "residents", Role: RoleMember, Wards: []string{"E05000001"}}
	for _, c := range []struct {
		u    User
		want bool
	}{{housing, true}, {chair, true}, {member, false}} {
		if CanSee(c.u, "E05000001", v) != c.want {
			t.Errorf("%s %s sees %s: want %v", c.u.Agency, c.u.Role, v, c.want)
		}
	}
	within := []struct {
		inner, outer string
		want         bool
	}{
		{"officers", "agencies:housing+officers", true},
		{"officers", "agencies:housing", false},
		{"agencies:housing+officers", "agencies:housing", false},
		{"agencies:housing", "agencies:housing,police+officers", true},
		{"agencies:housing+officers", "officers", false},
		{"agencies:housing,police+officers", "panel", true},
	}
	for _, c := range within {
		in, _ := ParseVisibility(c.inner)
		out, _ := ParseVisibility(c.outer)
		if in.Within(out) != c.want {
			t.Errorf("%s within %s: want %v", c.inner, c.outer, c.want)
		}
	}
}

// The pickers offer what the rules accept: every set of agencies the user
// belongs to, with or without the panel officers, the officers alone for
// panel officers, and nothing wider than the parent.
func TestVisibilityChoices(t *testing.T) {
	agencies := []string{"council", "housing", "police"}
	housing := User{Agency: "housing", Role: RoleOfficer, Wards: []string{"E05000001"}}
	chair := User{Agency: "residents", Role: RoleChair, Wards: []string{"E05000001"}}
	str := func(vs []Visibility) []string {
		var out []string
		for _, v := range vs {
			out = append(out, v.String())
		}
		return out
	}
	got := str(VisibilityChoices(housing, agencies, nil))
	want := []string{"panel", "agencies:housing", "agencies:housing+officers", "agencies:council,housing", "agencies:council,housing+officers",
		"agencies:housing,police", "agencies:housing,police+officers", "agencies:council,housing,police", "agencies:council,housing,police+officers"}
	if !slices.Equal(got, want) {
		t.Errorf("housing officer:\n got  %v\n want %v", got, want)
	}
	for _, v := range VisibilityChoices(chair, agencies, nil) {
		if err := checkSetVisibility(chair, v); err != nil || !CanSee(chair, "E05000001", v) {
			t.Errorf("the chair is offered %s: %v", v, err)
		}
	}
	parent := Visibility{Kind: VisAgencies, Agencies: []string{"housing", "police"}}
	got = str(VisibilityChoices(housing, agencies, &parent))
	want = []string{"agencies:housing", "agencies:housing,police"}
	if !slices.Equal(got, want) {
		t.Errorf("under a housing-and-police problem: %v, want %v", got, want)
	}
}

// Contributes is the role whose problems are proposals and whose evidence
// is reports: the forms lock those choices exactly when the checks would
// refuse any other.
func TestContributesIsWhatTheChecksRefuse(t *testing.T) {
	for _, r := range Roles {
		u := User{ID: 1, Name: "Someone", Agency: "police", Role: r, Wards: []string{"W1"}}
		p := Problem{ID: 2, Ward: "W1", Stage: StageAnalysis, Visibility: Panel}
		proposalOnly := CheckCreateProblem(u, Problem{Ward: "W1", Stage: StageScanning, Visibility: Panel}) == nil &&
			CheckCreateProblem(u, Problem{Ward: "W1", Stage: StageAnalysis, Visibility: Panel}) != nil
		reportsOnly := CheckAddEvidence(u, Evidence{Ward: "W1", ProblemID: 2, Kind: EvidenceReport, Visibility: Panel}, p) == nil &&
			CheckAddEvidence(u, Evidence{Ward: "W1", ProblemID: 2, Kind: EvidenceFact, Visibility: Panel}, p) != nil
		if Contributes(u) != proposalOnly || Contributes(u) != reportsOnly {
			t.Errorf("%s: Contributes %v, proposals only %v, reports only %v", r, Contributes(u), proposalOnly, reportsOnly)
		}
	}
}
