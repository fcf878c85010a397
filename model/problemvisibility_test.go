package model

import (
	"errors"
	"testing"
)

// The problem form offers the visibilities CheckProblemVisibility allows;
// the store's checks, creating and editing, decide with the same function.
func TestProblemVisibility(t *testing.T) {
	police := Visibility{Kind: VisAgencies, Agencies: []string{"police"}}
	housing := Visibility{Kind: VisAgencies, Agencies: []string{"housing"}}
	residents := Visibility{Kind: VisAgencies, Agencies: []string{"residents"}}
	officers := Visibility{Kind: VisOfficers}
	withOfficers := Visibility{Kind: VisAgencies, Agencies: []string{"housing"}, Officers: true}
	tests := []struct {
		name string
		u    User
		v    Visibility
		want error
	}{
		{"member, the whole panel", user(RoleMember, "residents"), Panel, nil},
		{"member, own agency only", user(RoleMember, "residents"), residents, ErrForbidden},
		{"member, panel officers", user(RoleMember, "residents"), officers, ErrForbidden},
		{"officer, the whole panel", user(RoleOfficer, "police"), Panel, nil},
		{"officer, own agency", user(RoleOfficer, "police"), police, nil},
		{"officer, another agency", user(RoleOfficer, "police"), housing, ErrForbidden},
		{"officer, panel officers", user(RoleOfficer, "police"), officers, ErrForbidden},
		{"chair, panel officers", user(RoleChair, "residents"), officers, nil},
		{"chair, another agency with the officers", user(RoleChair, "residents"), withOfficers, nil},
		{"chair, another agency alone", user(RoleChair, "residents"), housing, ErrForbidden},
		{"secretary, panel officers", user(RoleSecretary, "council"), officers, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckProblemVisibility(tt.u, tt.v)
			if !errors.Is(err, tt.want) {
				t.Fatalf("CheckProblemVisibility = %v, want %v", err, tt.want)
			}
			// The store's check on creating a problem at scanning gives
			// the same answer ...
			p := Problem{Ward: ward, Title: "Litter", Category: "other", Stage: StageScanning, Visibility: tt.v}
			if err := CheckCreateProblem(tt.u, p); !errors.Is(err, tt.want) {
				t.Errorf("CheckCreateProblem = %v, want %v", err, tt.want)
			}
			// ... and on restricting a panel problem, for those who edit (not members, nor the secretary, who records).
			if tt.u.Role != RoleMember && tt.u.Role != RoleSecretary {
				old := p
				old.Visibility = Panel
				if err := CheckEditProblem(tt.u, old, p); !errors.Is(err, tt.want) {
					t.Errorf("CheckEditProblem = %v, want %v", err, tt.want)
				}
			}
		})
	}
}

// What the form offers (VisibilityChoices kept by CheckProblemVisibility)
// is never refused, and a member is offered the whole panel alone.
func TestProblemVisibilityChoicesAreAccepted(t *testing.T) {
	agencies := []string{"police", "housing", "council", "residents"}
	for _, u := range []User{user(RoleMember, "residents"), user(RoleOfficer, "police"), user(RoleChair, "residents"),
		user(RoleSecretary, "council"), user(RoleViceChair, "housing")} {
		var offered []Visibility
		for _, v := range VisibilityChoices(u, agencies, nil) {
			if CheckProblemVisibility(u, v) == nil {
				offered = append(offered, v)
			}
		}
		for _, v := range offered {
			p := Problem{Ward: ward, Title: "Litter", Category: "other", Stage: StageScanning, Visibility: v}
			if err := CheckCreateProblem(u, p); err != nil {
				t.Errorf("%s is offered %s, the store refuses it: %v", u.Name, v, err)
			}
		}
		if u.Role == RoleMember && (len(offered) != 1 || offered[0].String() != Panel.String()) {
			t.Errorf("a member is offered %v", offered)
		}
		if u.Role != RoleMember && len(offered) < 2 {
			t.Errorf("%s is offered only %v", u.Name, offered)
		}
	}
}
