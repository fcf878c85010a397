package model

import "slices"

// Verb is something a user may try to do.
type Verb string

const (
	VerbView        Verb = "view"
	VerbCreate      Verb = "create"
	VerbEdit        Verb = "edit"
	VerbDelete      Verb = "delete"
	VerbManageUsers Verb = "manage users"
)

// CanSeeProblem is the read rule for problems; every list, count, search and
// export filters through it.
func CanSeeProblem(u User, p Problem) bool { return CanSee(u, p.Ward, p.Visibility) }

// VisibleProblems keeps the problems u may see, in order.
func VisibleProblems(u User, ps []Problem) []Problem {
	out := ps[:0:0]
	for _, p := range ps {
		if CanSeeProblem(u, p) {
			out = append(out, p)
		}
	}
	return out
}

// CheckCreateProblem decides whether u may add p to the board.
// Officers and the chair and vice-chair raise problems freely; a secretary
// records them; a resident member proposes one, which starts at scanning
// and is visible to the whole panel. Admins and observers do not.
func CheckCreateProblem(u User, p Problem) error {
	if !u.InWard(p.Ward) {
		return forbidden("you are not a member of ward %s", p.Ward)
	}
	switch u.Role {
	case RoleOfficer, RoleChair, RoleViceChair, RoleSecretary:
	case RoleMember:
		if p.Stage != StageScanning || p.Visibility.Restricted() {
			return forbidden("members propose problems at the scanning stage, visible to the panel")
		}
	default:
		return forbidden("your role (%s) cannot create problems", u.Role)
	}
	return checkSetVisibility(u, p.Visibility)
}

// CheckEditProblem decides whether u may change old into p.
func CheckEditProblem(u User, old, p Problem) error {
	if !CanSeeProblem(u, old) {
		return ErrNotFound // never confirm that a hidden record exists
	}
	if old.Ward != p.Ward {
		return forbidden("a problem cannot move to another ward")
	}
	switch u.Role {
	case RoleOfficer, RoleChair, RoleViceChair:
	default:
		return forbidden("your role (%s) cannot edit problems", u.Role)
	}
	if old.Visibility.String() != p.Visibility.String() {
		return checkSetVisibility(u, p.Visibility)
	}
	return nil
}

// checkSetVisibility keeps people from hiding a record from themselves, and
// keeps `officers` (the panel's private papers) to the panel's officers.
func checkSetVisibility(u User, v Visibility) error {
	switch v.Kind {
	case VisOfficers:
		if !u.Role.IsPanelOfficer() {
			return forbidden("only the chair, vice-chair or secretary can restrict a record to panel officers")
		}
	case VisAgencies:
		if !slices.Contains(v.Agencies, u.Agency) {
			return forbidden("include your own agency (%s) when you restrict a record", u.Agency)
		}
	}
	return nil
}

// CheckManageUsers decides whether u may add or change users and wards.
func CheckManageUsers(u User) error {
	if u.Role != RoleAdmin {
		return forbidden("only an admin can manage users")
	}
	return nil
}
