package model

import (
	"cmp"
	"slices"
	"strings"
)

// An action's assignee is stored as the canonical name of an enrolled user
// (user names are unique), or empty for "anyone in the owner agency". A
// name keeps the record readable in exports, minutes and audit entries as
// it always was, and IsFor, CanSeeAction and `actions --mine` keep
// matching it against the user's name; only files written before schema
// 12 can hold a name no user has, and `wardpanel check` lists those.

// AssigneeChoices are the people an action owned by agency in ward may be
// assigned to: the ward's enabled users of that agency, by name.
func AssigneeChoices(users []User, ward, agency string) []User {
	var out []User
	for _, u := range users {
		if !u.Disabled && u.Agency == agency && u.InWard(ward) && u.Role != RoleAdmin {
			out = append(out, u)
		}
	}
	slices.SortFunc(out, func(a, b User) int { return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return out
}

// PeopleChoices are the ward's enabled users, by name: the people a
// meeting's attendance and presenters are picked from.
func PeopleChoices(users []User, ward string) []User {
	var out []User
	for _, u := range users {
		if !u.Disabled && u.InWard(ward) && u.Role != RoleAdmin {
			out = append(out, u)
		}
	}
	slices.SortFunc(out, func(a, b User) int { return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return out
}

// FilterPeople keeps those whose name or agency contains typed, ignoring
// case: what a picker shows as the user types.
func FilterPeople(people []User, typed string) []User {
	t := strings.ToLower(strings.TrimSpace(typed))
	if t == "" {
		return people
	}
	var out []User
	for _, u := range people {
		if strings.Contains(strings.ToLower(u.Name), t) || strings.Contains(u.Agency, t) {
			out = append(out, u)
		}
	}
	return out
}

// MatchAssignee finds the user a free-text assignee (as typed before
// schema 12) means, among the ward's users: the same full name in any
// case; else, within the owner agency, the one name the text begins; else
// the one name with a word the text begins ("Dana" for "PC Dana Reid").
// Two candidates are no match: guessing would hand work to the wrong
// person.
func MatchAssignee(typed, ward, owner string, users []User) (User, bool) {
	t := strings.ToLower(strings.Join(strings.Fields(typed), " "))
	if t == "" {
		return User{}, false
	}
	var inWard, inAgency []User
	for _, u := range users {
		if u.InWard(ward) {
			inWard = append(inWard, u)
			if u.Agency == owner {
				inAgency = append(inAgency, u)
			}
		}
	}
	rules := []struct {
		among []User
		fits  func(name string) bool
	}{
		{inWard, func(name string) bool { return name == t }},
		{inAgency, func(name string) bool { return strings.HasPrefix(name, t) }},
		{inAgency, func(name string) bool {
			return slices.ContainsFunc(strings.Fields(name), func(w string) bool { return strings.HasPrefix(w, t) })
		}},
	}
	for _, r := range rules {
		var found []User
		for _, u := range r.among {
			if r.fits(strings.ToLower(strings.Join(strings.Fields(u.Name), " "))) {
				found = append(found, u)
			}
		}
		if len(found) == 1 {
			return found[0], true
		}
		if len(found) > 1 {
			return User{}, false
		}
	}
	return User{}, false
}

// CheckAssignee decides whether a may be assigned as it says: to nobody
// in particular, or to an enabled user of its ward, named in any case (the
// name as enrolled is put in). The pickers offer the owner agency's people
// (AssigneeChoices); the rule itself lets a partner of another agency be
// named, as DESIGN.md's "its assignee always sees it" allows. old is the
// action before the change, or nil: an assignee kept from an older file
// stays until someone changes it.
func CheckAssignee(a Action, old *Action, users []User) (Action, error) {
	if a.Assignee == "" || old != nil && a.Assignee == old.Assignee {
		return a, nil
	}
	for _, u := range PeopleChoices(users, a.Ward) {
		if strings.EqualFold(u.Name, strings.TrimSpace(a.Assignee)) {
			a.Assignee = u.Name
			return a, nil
		}
	}
	return a, invalid("assignee", "nobody called %s is enrolled in this ward: pick from the list, or leave it to anyone in %s",
		CleanLine(a.Assignee, MaxNameLen), a.OwnerAgency)
}
