package model

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// The briefing's lists, per role, against the permission matrix: each
// reader gets exactly the records they may see, the updates on those and
// no other, and an owners' list that counts only those.
func TestBuildBriefingPerRole(t *testing.T) {
	const w = "E05000001"
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	m := Meeting{ID: 7, Ward: w, Title: "Panel", When: now.AddDate(0, 0, 10), State: MeetingPlanned}
	housingOnly := Visibility{Kind: VisAgencies, Agencies: []string{"housing"}}
	officers := Visibility{Kind: VisOfficers}
	actions := []Action{
		{ID: 1, Ward: w, Title: "Patrol", OwnerAgency: "police", Status: ActionOpen, Visibility: Panel},
		{ID: 2, Ward: w, Title: "Locks", OwnerAgency: "housing", Status: ActionOpen, Visibility: housingOnly},
		{ID: 3, Ward: w, Title: "Private papers", OwnerAgency: "council", Status: ActionOpen, Visibility: Panel, Parent: officers},
		{ID: 4, Ward: w, Title: "Finished", OwnerAgency: "police", Status: ActionDone, Visibility: Panel},
		{ID: 5, Ward: "E05000002", Title: "Elsewhere", OwnerAgency: "police", Status: ActionOpen, Visibility: Panel},
	}
	priorities := []Problem{{ID: 9, Ward: w, Title: "Fly-tipping", LeadAgency: "council", Stage: StageResponse, Visibility: Panel}}
	var updates []Update
	for _, a := range actions {
		updates = append(updates, Update{ID: a.ID, MeetingID: m.ID, Ward: a.Ward, Kind: RecordAction, RecordID: a.ID, Text: "done"})
	}
	updates = append(updates, Update{ID: 20, MeetingID: 6, Kind: RecordProblem, RecordID: 9, Text: "for another meeting"})
	user := func(agency string, role Role) User {
		return User{ID: 1, Name: string(role) + " " + agency, Agency: agency, Role: role, Wards: []string{w}}
	}
	tests := []struct {
		viewer  User
		actions []ID
		owners  []string
	}{
		{user("police", RoleOfficer), []ID{1}, []string{"council", "police"}},
		{user("housing", RoleOfficer), []ID{1, 2}, []string{"council", "housing", "police"}},
		{user("council", RoleOfficer), []ID{1, 3}, []string{"council", "police"}}, // its own action, whatever the problem
		{user("residents", RoleChair), []ID{1, 3}, []string{"council", "police"}},
		{user("residents", RoleMember), []ID{1}, []string{"council", "police"}},
		{user("residents", RoleObserver), []ID{1}, []string{"council", "police"}},
		{User{Name: "admin", Role: RoleAdmin}, nil, nil},
	}
	for _, tc := range tests {
		b := BuildBriefing(tc.viewer, m, priorities, actions, updates)
		var got []ID
		for _, a := range b.Actions {
			got = append(got, a.Action.ID)
			if len(a.Updates) != 1 || a.Updates[0].RecordID != a.Action.ID {
				t.Errorf("%s: A%d's updates %+v", tc.viewer.Name, a.Action.ID, a.Updates)
			}
		}
		if !slices.Equal(got, tc.actions) {
			t.Errorf("%s: actions %v, want %v", tc.viewer.Name, got, tc.actions)
		}
		var owners []string
		for _, o := range b.Owners {
			owners = append(owners, o.Agency)
			for _, r := range append(slices.Clone(o.Updated), o.Missing...) {
				if r.Kind == RecordAction && !slices.Contains(tc.actions, r.ID) {
					t.Errorf("%s: the owners' list names A%d", tc.viewer.Name, r.ID)
				}
			}
		}
		slices.Sort(owners)
		if !slices.Equal(owners, tc.owners) {
			t.Errorf("%s: owners %v, want %v", tc.viewer.Name, owners, tc.owners)
		}
		if tc.actions != nil && (len(b.Priorities) != 1 || len(b.Priorities[0].Updates) != 0) {
			t.Errorf("%s: priorities %+v (another meeting's update must not show)", tc.viewer.Name, b.Priorities)
		}
	}
}

// Who may post, and what is asked of whom: the rule the screens and
// commands share.
func TestUpdateRules(t *testing.T) {
	const w = "E05000001"
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	next := Meeting{ID: 7, Ward: w, When: now.AddDate(0, 0, 10), State: MeetingPlanned}
	closed := Meeting{ID: 6, Ward: w, When: now.AddDate(0, 0, -10), State: MeetingClosed}
	if got, ok := NextMeeting([]Meeting{closed, next, {ID: 8, Ward: w, When: now.AddDate(0, 1, 0), State: MeetingPlanned}}, w, now); !ok || got.ID != 7 {
		t.Errorf("NextMeeting = %d, %v; want 7", got.ID, ok)
	}
	a := Action{ID: 1, Ward: w, OwnerAgency: "police", Assignee: "Pat", Status: ActionOpen, Visibility: Panel}
	p := Problem{ID: 9, Ward: w, LeadAgency: "council", Stage: StageResponse, Visibility: Panel}
	pr := WardPriorities{Ward: w, Problems: []ID{9}}
	u := func(name, agency string, role Role) User {
		return User{Name: name, Agency: agency, Role: role, Wards: []string{w}}
	}
	tests := []struct {
		who              User
		action, problem  error
		askedA, askedOfP bool
	}{
		{u("Pat", "police", RoleOfficer), nil, ErrForbidden, true, false},
		{u("Dee", "police", RoleOfficer), nil, ErrForbidden, false, false}, // the agency's, not asked: Pat is named
		{u("Lee", "council", RoleOfficer), ErrForbidden, nil, false, true},
		{u("Alex", "residents", RoleChair), nil, nil, false, false},
		{u("Jo", "council", RoleSecretary), nil, nil, false, true},
		{u("Rita", "residents", RoleMember), ErrForbidden, ErrForbidden, false, false},
		{u("Tom", "council", RoleObserver), ErrForbidden, ErrForbidden, false, false},
	}
	for _, tc := range tests {
		if err := CheckPostActionUpdate(tc.who, a, next); !errors.Is(err, tc.action) && err != tc.action {
			t.Errorf("%s on the action: %v, want %v", tc.who.Name, err, tc.action)
		}
		if err := CheckPostProblemUpdate(tc.who, p, pr, next); !errors.Is(err, tc.problem) && err != tc.problem {
			t.Errorf("%s on the priority: %v, want %v", tc.who.Name, err, tc.problem)
		}
		if UpdateAskedOfAction(tc.who, a) != tc.askedA || UpdateAskedOfProblem(tc.who, p) != tc.askedOfP {
			t.Errorf("%s: asked %v/%v, want %v/%v", tc.who.Name, UpdateAskedOfAction(tc.who, a), UpdateAskedOfProblem(tc.who, p), tc.askedA, tc.askedOfP)
		}
	}
	pat := u("Pat", "police", RoleOfficer)
	if err := CheckPostActionUpdate(pat, a, closed); !errors.Is(err, ErrInvalid) {
		t.Errorf("for a closed meeting: %v", err)
	}
	if err := CheckPostActionUpdate(pat, a, Meeting{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("with no meeting: %v", err)
	}
	asked := UpdatesAsked(pat, next, []Problem{p}, []Action{a}, []Update{{MeetingID: 7, Kind: RecordAction, RecordID: 1}})
	if len(asked) != 1 || !asked[0].Posted || asked[0].ID != 1 {
		t.Errorf("UpdatesAsked(Pat) = %+v", asked)
	}
}
