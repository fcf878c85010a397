package model

import (
	"slices"
	"strings"
)

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

// ViewerClass is everything CanSee asks of a viewer about one ward's
// records: viewers of equal class see exactly the same records of that
// ward, so they may share one list of them (store.Problems does).
type ViewerClass struct {
	InWard  bool
	Agency  string
	Officer bool
}

// ClassOf is u's class for ward's records.
func ClassOf(u User, ward string) ViewerClass {
	return ViewerClass{InWard: u.InWard(ward), Agency: u.Agency, Officer: u.Role.IsPanelOfficer()}
}

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
	switch {
	case Contributes(u):
		if p.Stage != StageScanning {
			return forbidden(memberProposes)
		}
	case u.Role == RoleOfficer, u.Role == RoleChair, u.Role == RoleViceChair, u.Role == RoleSecretary:
	default:
		return forbidden("your role (%s) cannot create problems", u.Role)
	}
	return CheckProblemVisibility(u, p.Visibility)
}

const memberProposes = "members propose problems at the scanning stage, visible to the panel"

// Contributes says whether u takes part as a resident member does: their
// problems are proposals, at the scanning stage and seen by the whole
// panel (CheckCreateProblem), and their evidence is reports, seen by the
// whole panel (CheckAddEvidence). The forms lock those choices for them.
func Contributes(u User) bool { return u.Role == RoleMember }

// CheckProblemVisibility decides whether u may give a problem visibility
// v, creating it or changing it: a member's proposal is seen by the whole
// panel; anyone else may set what they may set on any record (nobody hides
// a record from themselves). The problem form offers exactly what this
// allows (VisibilityChoices, filtered by it).
func CheckProblemVisibility(u User, v Visibility) error {
	if Contributes(u) && v.Restricted() {
		return forbidden(memberProposes)
	}
	return checkSetVisibility(u, v)
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
		return CheckProblemVisibility(u, p.Visibility)
	}
	return nil
}

// checkSetVisibility keeps people from hiding a record from themselves,
// which also keeps `officers` (the panel's private papers) to the panel's
// officers. Within that, anyone who may restrict a record may grant it to
// any set of agencies, with or without the panel officers.
func checkSetVisibility(u User, v Visibility) error {
	switch v.Kind {
	case VisOfficers:
		if !u.Role.IsPanelOfficer() {
			return forbidden("only the chair, vice-chair or secretary can restrict a record to panel officers")
		}
	case VisAgencies:
		if !slices.Contains(v.Agencies, u.Agency) && !(v.Officers && u.Role.IsPanelOfficer()) {
			return forbidden("include your own agency (%s) when you restrict a record", u.Agency)
		}
	}
	return nil
}

// VisibilityChoices are the visibilities u may give a record of ward
// whose parent (nil: none) has visibility parent, from the ward's agencies:
// the whole panel, the panel officers, each set of agencies u may grant,
// and each of those with the panel officers. Pickers offer exactly these;
// the Check* rules accept exactly these. Sets are listed smallest first,
// u's own agency first among equals; with more than maxChoiceAgencies
// agencies only sets of up to three are listed (a form takes any other
// set typed as text).
func VisibilityChoices(u User, agencies []string, parent *Visibility) []Visibility {
	var out []Visibility
	keep := func(v Visibility) {
		if checkSetVisibility(u, v) == nil && (parent == nil || v.Within(*parent)) {
			out = append(out, v)
		}
	}
	keep(Panel)
	keep(Visibility{Kind: VisOfficers})
	others := slices.DeleteFunc(slices.Clone(agencies), func(a string) bool { return a == u.Agency })
	slices.Sort(others)
	if slices.Contains(agencies, u.Agency) {
		others = append([]string{u.Agency}, others...)
	}
	limit := len(others)
	if limit > maxChoiceAgencies {
		limit = 3
	}
	for size := 1; size <= limit; size++ {
		for _, set := range subsets(others, size) {
			keep(Visibility{Kind: VisAgencies, Agencies: sortedCopy(set)})
			keep(Visibility{Kind: VisAgencies, Agencies: sortedCopy(set), Officers: true})
		}
	}
	return out
}

// maxChoiceAgencies is how many agencies a ward may have before
// VisibilityChoices stops listing every set (2^n grows fast).
const maxChoiceAgencies = 6

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// subsets are the size-element subsets of items, in order.
func subsets(items []string, size int) [][]string {
	if size == 0 {
		return [][]string{nil}
	}
	var out [][]string
	for i := range items {
		for _, rest := range subsets(items[i+1:], size-1) {
			out = append(out, append([]string{items[i]}, rest...))
		}
	}
	return out
}

// CheckManageUsers decides whether u may add or change users and wards.
func CheckManageUsers(u User) error {
	if u.Role != RoleAdmin {
		return forbidden("only an admin can manage users")
	}
	return nil
}

// CanSeeAction is the read rule for actions and their outcomes. An action
// keeps its own visibility; while its problem is narrower, the problem's
// narrows it (Parent), and widening the problem gives back what the action
// had. Its owner agency and its assignee always see it: nobody can cut a
// partner off their own work by restricting the problem above it.
func CanSeeAction(u User, a Action) bool {
	if !u.InWard(a.Ward) {
		return false
	}
	if IsOwnerOrAssignee(u, a) {
		return true
	}
	return CanSee(u, a.Ward, a.Visibility) && CanSee(u, a.Ward, a.Parent)
}

// IsOwnerOrAssignee reports whether u is of the agency that owns a, or is
// the person it is assigned to.
func IsOwnerOrAssignee(u User, a Action) bool {
	return u.Agency != "" && u.Agency == a.OwnerAgency || a.Assignee != "" && strings.EqualFold(a.Assignee, u.Name)
}

// CanSeeEvidence is the read rule for evidence entries: their own
// visibility, narrowed while their problem is narrower (Parent).
func CanSeeEvidence(u User, e Evidence) bool {
	return CanSee(u, e.Ward, e.Visibility) && CanSee(u, e.Ward, e.Parent)
}

// raisesActions are the roles that task partners: officers, and the panel's
// officers who raise actions in meetings.
func raisesActions(r Role) bool {
	return r == RoleOfficer || r == RoleChair || r == RoleViceChair || r == RoleSecretary
}

// checkOwnerSees keeps an action visible to the agency that must do it.
func checkOwnerSees(a Action) error {
	if a.Visibility.Kind == VisAgencies && !slices.Contains(a.Visibility.Agencies, a.OwnerAgency) {
		return invalid("visibility", "the owner agency (%s) must be able to see its own action", a.OwnerAgency)
	}
	return nil
}

// CheckCreateAction decides whether u may raise a; problem is the problem it
// is raised against, or nil.
func CheckCreateAction(u User, a Action, problem *Problem) error {
	if !u.InWard(a.Ward) {
		return forbidden("you are not a member of ward %s", a.Ward)
	}
	if !raisesActions(u.Role) {
		return forbidden("your role (%s) cannot raise actions", u.Role)
	}
	if problem != nil {
		if !CanSeeProblem(u, *problem) {
			return ErrNotFound
		}
		if problem.Ward != a.Ward {
			return forbidden("an action belongs to its problem's ward")
		}
		if !a.Visibility.Within(problem.Visibility) {
			return invalid("visibility", "an action on a problem restricted to %s can be no wider than that", problem.Visibility)
		}
	}
	if err := checkSetVisibility(u, a.Visibility); err != nil {
		return err
	}
	return checkOwnerSees(a)
}

// worksOn reports whether u is one of the people an action is for: its
// owner agency's officers, its assignee, or the panel's chair and vice-chair
// who hold partners to account.
func worksOn(u User, a Action) bool {
	switch {
	case u.Role == RoleChair || u.Role == RoleViceChair:
		return true
	case u.Role == RoleOfficer && u.Agency == a.OwnerAgency:
		return true
	case a.Assignee != "" && strings.EqualFold(a.Assignee, u.Name) && u.Role != RoleObserver:
		return true
	}
	return a.CreatedBy == u.Name && raisesActions(u.Role)
}

// CheckEditAction decides whether u may change old into a, including its status.
func CheckEditAction(u User, old, a Action) error {
	if !CanSeeAction(u, old) {
		return ErrNotFound
	}
	if !worksOn(u, old) {
		return forbidden("only the owner agency, the assignee, the chair or whoever raised it can change this action")
	}
	if old.Ward != a.Ward || old.ProblemID != a.ProblemID {
		return forbidden("an action stays with its ward and problem")
	}
	if old.Status != a.Status {
		if err := old.Status.CheckMove(a.Status); err != nil {
			return err
		}
	}
	if old.Visibility.String() != a.Visibility.String() {
		if err := checkSetVisibility(u, a.Visibility); err != nil {
			return err
		}
	}
	return checkOwnerSees(a)
}

// CheckLogOutcome decides whether u may add an outcome to a.
func CheckLogOutcome(u User, a Action) error {
	if !CanSeeAction(u, a) {
		return ErrNotFound
	}
	if !worksOn(u, a) {
		return forbidden("only the owner agency, the assignee or the chair can log an outcome")
	}
	return nil
}

// CheckEditEvidence decides whether u may change e's visibility to v on
// problem: whoever logged it, an officer of the agency that logged it, or
// the chair or vice-chair; no wider than the problem.
func CheckEditEvidence(u User, e Evidence, problem Problem, v Visibility) error {
	if !CanSeeProblem(u, problem) || !CanSeeEvidence(u, e) {
		return ErrNotFound
	}
	switch {
	case u.Role == RoleChair || u.Role == RoleViceChair:
	case u.Role == RoleOfficer && u.Agency == e.Agency:
	case strings.EqualFold(u.Name, e.LoggedBy) && raisesActions(u.Role):
	default:
		return forbidden("only whoever logged it, their agency's officers or the chair can change who sees an evidence entry")
	}
	if !v.Within(problem.Visibility) {
		return invalid("visibility", "evidence on a problem restricted to %s can be no wider than that", problem.Visibility)
	}
	return checkSetVisibility(u, v)
}

// CheckAddEvidence decides whether u may log e against problem.
// Residents contribute reports, visible to the panel; officers and the
// panel's officers log any kind.
func CheckAddEvidence(u User, e Evidence, problem Problem) error {
	if !CanSeeProblem(u, problem) {
		return ErrNotFound
	}
	if e.Ward != problem.Ward || e.ProblemID != problem.ID {
		return forbidden("evidence belongs to its problem's ward")
	}
	switch {
	case raisesActions(u.Role):
	case Contributes(u):
		if e.Kind != EvidenceReport || e.Visibility.Restricted() {
			return forbidden("members add reports, visible to the panel")
		}
	default:
		return forbidden("your role (%s) cannot add evidence", u.Role)
	}
	if !e.Visibility.Within(problem.Visibility) {
		return invalid("visibility", "evidence on a problem restricted to %s can be no wider than that", problem.Visibility)
	}
	return checkSetVisibility(u, e.Visibility)
}
