package model

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// InboxWindow is how far back the inbox looks for what is new. wardpanel
// keeps no record of when each user was last connected (that would be a
// write, an audit entry and a wake-up of every connected screen on every
// connection, and one more piece of personal data to export and erase), so
// "since you were last here" is "in the last seven days": long enough to
// span a week between visits, short enough to stay news.
const InboxWindow = 7 * 24 * time.Hour

// Inbox is what is new or pressing for one user, across their wards: the
// panel shown on connecting and `ssh host inbox`. Each action appears once,
// in the first of New, Overdue and DueSoon that holds it.
type Inbox struct {
	InboxOf[Action, Problem, Problem, Meeting, AskedUpdate]
}

// InboxOf is the inbox's sections, whatever each item is shown as: Inbox
// holds the records themselves, a command's JSON its own view of each
// (MapInbox). A: actions; P: problems changed; R: problems past review;
// M: meetings; U: updates asked.
type InboxOf[A, P, R, M, U any] struct {
	// Since is the start of the window "new" and "changed" look back over.
	Since time.Time `json:"since"`
	// New: open actions for the user or their agency that someone else
	// raised or changed since Since (an assignment, a re-assignment, a new
	// due date).
	New []A `json:"new"`
	// Overdue and DueSoon: the user's open actions (Action.IsFor) past
	// their due date, or due within DueSoonDays.
	Overdue []A `json:"overdue"`
	DueSoon []A `json:"due_soon"`
	// Changed: problems the user's agency leads that someone else changed
	// since Since, most recent first.
	Changed []P `json:"changed_problems"`
	// PastReview: open problems the user's agency leads whose review date
	// has passed (Problem.PastReview), the longest overdue first. A problem
	// past review is listed here, not also under Changed.
	PastReview []R `json:"past_review"`
	// Meetings: the next meeting of each of the user's wards (live, or
	// planned for today or later), soonest first.
	Meetings []M `json:"next_meetings"`
	// Asked: the updates asked of the user for their next meetings
	// (UpdatesAsked), each marked once posted. Filled by the caller, which
	// reads the updates; BuildInbox leaves it empty.
	Asked []U `json:"updates_asked"`
}

// MapInbox shows each item of b as the function for its section makes
// it. Every section stays a list, empty rather than nil, so JSON says []
// for none.
func MapInbox[A, P, R, M, U any](b Inbox, a func(Action) A, p func(Problem) P, r func(Problem) R, m func(Meeting) M, u func(AskedUpdate) U) InboxOf[A, P, R, M, U] {
	return InboxOf[A, P, R, M, U]{Since: b.Since, New: mapList(b.New, a), Overdue: mapList(b.Overdue, a), DueSoon: mapList(b.DueSoon, a),
		Changed: mapList(b.Changed, p), PastReview: mapList(b.PastReview, r), Meetings: mapList(b.Meetings, m), Asked: mapList(b.Asked, u)}
}

// mapList is f of each of xs, in order; never nil.
func mapList[T, V any](xs []T, f func(T) V) []V {
	out := make([]V, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

// pendingAsks counts the updates asked and not yet posted.
func (b Inbox) pendingAsks() int {
	n := 0
	for _, a := range b.Asked {
		if !a.Posted {
			n++
		}
	}
	return n
}

// Empty reports whether the inbox has nothing to show.
func (b Inbox) Empty() bool {
	return b.Count() == 0
}

// Count is how many items the inbox holds.
func (b Inbox) Count() int {
	return len(b.New) + len(b.Overdue) + len(b.DueSoon) + len(b.Changed) + len(b.PastReview) + len(b.Meetings) + b.pendingAsks()
}

// BuildInbox sorts what u may see into u's inbox as of now. Callers pass
// what the store's permission-checked reads returned; BuildInbox applies the
// read rules again all the same, so nothing u may not see can reach an inbox
// whatever it is given. What it returns has its text made inert (Safe).
func BuildInbox(u User, actions []Action, problems []Problem, meetings []Meeting, since, now time.Time) Inbox {
	b := Inbox{InboxOf[Action, Problem, Problem, Meeting, AskedUpdate]{Since: since, New: []Action{}, Overdue: []Action{}, DueSoon: []Action{},
		Changed: []Problem{}, PastReview: []Problem{}, Meetings: []Meeting{}, Asked: []AskedUpdate{}}}
	for _, a := range actions {
		if !CanSeeAction(u, a) || a.Status.Closed() {
			continue
		}
		switch {
		case (a.IsFor(u) || a.OwnerAgency == u.Agency) && a.UpdatedAt.After(since) && !byUser(a.UpdatedBy, u):
			b.New = append(b.New, a.Safe())
		case a.IsFor(u) && a.Overdue(now):
			b.Overdue = append(b.Overdue, a.Safe())
		case a.IsFor(u) && a.DueSoon(now):
			b.DueSoon = append(b.DueSoon, a.Safe())
		}
	}
	for _, p := range problems {
		if !CanSeeProblem(u, p) || u.Agency == "" || p.LeadAgency != u.Agency {
			continue
		}
		switch {
		case p.PastReview(now):
			b.PastReview = append(b.PastReview, p.Safe())
		case p.UpdatedAt.After(since) && !byUser(p.UpdatedBy, u):
			b.Changed = append(b.Changed, p.Safe())
		}
	}
	next := map[string]Meeting{}
	for _, m := range meetings {
		if !CanSeeMeeting(u, m) || !upcoming(m, now) {
			continue
		}
		if cur, ok := next[m.Ward]; !ok || soonerMeeting(m, cur) < 0 {
			next[m.Ward] = m
		}
	}
	for _, m := range next {
		b.Meetings = append(b.Meetings, m.Safe())
	}
	byDue := func(x, y Action) int { return cmp.Or(x.Due.Compare(y.Due), cmp.Compare(x.ID, y.ID)) }
	slices.SortFunc(b.New, byDue)
	slices.SortFunc(b.Overdue, byDue)
	slices.SortFunc(b.DueSoon, byDue)
	slices.SortFunc(b.Changed, func(x, y Problem) int { return cmp.Or(y.UpdatedAt.Compare(x.UpdatedAt), cmp.Compare(x.ID, y.ID)) })
	slices.SortFunc(b.PastReview, func(x, y Problem) int { return cmp.Or(x.ReviewBy.Compare(y.ReviewBy), cmp.Compare(x.ID, y.ID)) })
	slices.SortFunc(b.Meetings, soonerMeeting)
	return b
}

// byUser reports whether a change was u's own: what you did yourself is not news to you.
func byUser(name string, u User) bool { return strings.EqualFold(name, u.Name) }

// upcoming: a live meeting, or one planned for today or later (a meeting
// this evening whose hour has passed may simply not have started yet).
func upcoming(m Meeting, now time.Time) bool {
	switch m.State {
	case MeetingLive:
		return true
	case MeetingPlanned:
		return !m.When.Before(DateOnly(now))
	}
	return false
}

// soonerMeeting orders live meetings first, then by time.
func soonerMeeting(x, y Meeting) int {
	if (x.State == MeetingLive) != (y.State == MeetingLive) {
		if x.State == MeetingLive {
			return -1
		}
		return 1
	}
	return cmp.Or(x.When.Compare(y.When), cmp.Compare(x.ID, y.ID))
}
