package model

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Partner updates before a meeting (issue 21): when a meeting is planned,
// the owner of each open action and the lead agency of each ward priority
// post a short update, so the meeting hears what was done instead of
// having it read out. The chair sees who has and has not updated; the
// briefing pack gathers it all.

// RecordKind is the kind of record an update is about.
type RecordKind string

const (
	RecordAction  RecordKind = "action"
	RecordProblem RecordKind = "problem"
)

// MaxUpdateLen bounds an update: a short one, read before the meeting.
const MaxUpdateLen = 1000

// Update is one partner's short update on an action or a priority, for
// one meeting. It has no visibility of its own: it is read through its
// record, so it is exactly as restricted as the record is now — never
// wider — and narrowing the record later narrows its updates too.
// Updates are appended, never edited, as outcomes are.
type Update struct {
	ID        ID         `json:"id"`
	MeetingID ID         `json:"meeting_id"`
	Ward      string     `json:"ward"`
	Kind      RecordKind `json:"kind"`
	RecordID  ID         `json:"record_id"`
	Text      string     `json:"text"`
	By        string     `json:"by"`
	Agency    string     `json:"agency"`
	At        time.Time  `json:"at"`
}

// Validate checks an update's text as typed.
func (up *Update) Validate() error {
	up.Text = CleanText(up.Text, MaxUpdateLen+1)
	err := checkLen("update", strings.TrimSpace(up.Text), MaxUpdateLen,
		"say what has happened (at least 3 characters)", "keep an update short: at most %d characters")
	if err != nil {
		return err
	}
	if up.Kind != RecordAction && up.Kind != RecordProblem {
		return invalid("update", "an update is on an action or a priority")
	}
	return nil
}

// Safe returns up with its text cleaned again, for output.
func (up Update) Safe() Update {
	up.Text = CleanText(up.Text, MaxUpdateLen)
	up.By = CleanLine(up.By, MaxNameLen)
	up.Agency = CleanLine(up.Agency, MaxNameLen)
	return up
}

// NextMeeting is the ward's meeting updates are gathered for: the live
// one, else the soonest planned for today or later.
func NextMeeting(ms []Meeting, ward string, now time.Time) (Meeting, bool) {
	var next Meeting
	found := false
	for _, m := range ms {
		if m.Ward == ward && upcoming(m, now) && (!found || soonerMeeting(m, next) < 0) {
			next, found = m, true
		}
	}
	return next, found
}

// mayPost are the roles that post updates at all: everyone who works on
// the panel's records, not observers (read only) or admins (no ward content).
func mayPost(r Role) bool { return r != RoleObserver && r != RoleAdmin }

// checkUpdateMeeting: updates are gathered for a meeting still to be held.
func checkUpdateMeeting(m Meeting, ward string) error {
	if m.ID == 0 || m.Ward != ward || m.State == MeetingClosed {
		return invalid("update", "no meeting of ward %s is planned: updates are gathered before a meeting", ward)
	}
	return nil
}

// CheckPostActionUpdate decides whether u may post an update on action a
// for meeting m: a's owner agency's people, its assignee, and the panel's
// officers, while a is open. The TUI offers its key exactly when this is nil.
func CheckPostActionUpdate(u User, a Action, m Meeting) error {
	if !CanSeeAction(u, a) {
		return ErrNotFound
	}
	if !mayPost(u.Role) {
		return forbidden("your role (%s) cannot post updates", u.Role)
	}
	if !IsOwnerOrAssignee(u, a) && !u.Role.IsPanelOfficer() {
		return forbidden("updates on action %s come from its owner agency (%s) or the panel officers", ActionRef(a.ID), a.OwnerAgency)
	}
	if a.Status.Closed() {
		return invalid("update", "action %s is %s: updates are asked on open actions", ActionRef(a.ID), a.Status)
	}
	return checkUpdateMeeting(m, a.Ward)
}

// CheckPostProblemUpdate decides whether u may post an update on problem
// p for meeting m: p must be one of the ward's priorities, and u of its
// lead agency or one of the panel's officers.
func CheckPostProblemUpdate(u User, p Problem, priorities WardPriorities, m Meeting) error {
	if !CanSeeProblem(u, p) {
		return ErrNotFound
	}
	if !mayPost(u.Role) {
		return forbidden("your role (%s) cannot post updates", u.Role)
	}
	if !slices.Contains(priorities.Problems, p.ID) || p.Stage == StageClosed {
		return invalid("update", "problem %s is not one of the ward's priorities: updates are asked on the priorities and open actions", ProblemRef(p.ID))
	}
	if !(u.Agency != "" && u.Agency == p.LeadAgency) && !u.Role.IsPanelOfficer() {
		lead := p.LeadAgency
		if lead == "" {
			lead = "none yet"
		}
		return forbidden("updates on problem %s come from its lead agency (%s) or the panel officers", ProblemRef(p.ID), lead)
	}
	return checkUpdateMeeting(m, p.Ward)
}

// UpdateAskedOfAction reports whether an update on a is asked of u: it is
// theirs to do (Action.IsFor) and still open.
func UpdateAskedOfAction(u User, a Action) bool {
	return !a.Status.Closed() && a.IsFor(u) && mayPost(u.Role)
}

// UpdateAskedOfProblem reports whether an update on priority p is asked of
// u: u's agency leads it.
func UpdateAskedOfProblem(u User, p Problem) bool {
	return u.Agency != "" && p.LeadAgency == u.Agency && p.Stage != StageClosed && mayPost(u.Role)
}

// BriefAction is an open action with the updates posted on it.
type BriefAction struct {
	Action  Action   `json:"action"`
	Updates []Update `json:"updates"`
}

// BriefProblem is a ward priority with the updates posted on it.
type BriefProblem struct {
	Problem Problem  `json:"problem"`
	Updates []Update `json:"updates"`
}

// UpdateRef names a record an update is about.
type UpdateRef struct {
	Kind RecordKind `json:"kind"`
	ID   ID         `json:"id"`
}

// OwnerUpdates is who an update is asked of — an agency, and the person
// in it when one is named — with which of their records have one.
type OwnerUpdates struct {
	Agency  string      `json:"agency"`
	Person  string      `json:"person,omitempty"`
	Updated []UpdateRef `json:"updated"`
	Missing []UpdateRef `json:"missing"`
}

// Briefing is the briefing pack for one meeting, as one reader may see it.
type Briefing struct {
	Meeting    Meeting        `json:"meeting"`
	Priorities []BriefProblem `json:"priorities"`
	Actions    []BriefAction  `json:"actions"`
	// Owners: who has and has not updated, owners with something missing
	// first, then by agency and person.
	Owners []OwnerUpdates `json:"owners"`
}

// BuildBriefing gathers meeting m's briefing pack for u from the ward's
// priorities, its actions and the updates posted for m. It applies the
// read rules itself, whatever it is given: only records u may see are
// listed, only updates on those records are shown, and the owners' list
// counts only those records, so nothing restricted from u reaches it —
// not even as a name in the list of who has not updated. What it returns
// has its text made inert (Safe).
func BuildBriefing(u User, m Meeting, priorities []Problem, actions []Action, updates []Update) Briefing {
	b := Briefing{Priorities: []BriefProblem{}, Actions: []BriefAction{}, Owners: []OwnerUpdates{}}
	if !CanSeeMeeting(u, m) {
		return b
	}
	b.Meeting = m.Safe()
	on := func(kind RecordKind, id ID) []Update {
		out := []Update{}
		for _, up := range updates {
			if up.MeetingID == m.ID && up.Kind == kind && up.RecordID == id {
				out = append(out, up.Safe())
			}
		}
		slices.SortFunc(out, func(x, y Update) int { return cmp.Or(x.At.Compare(y.At), cmp.Compare(x.ID, y.ID)) })
		return out
	}
	owners := map[[2]string]*OwnerUpdates{}
	tick := func(agency, person string, ref UpdateRef, done bool) {
		if agency == "" {
			return // no one to ask: the owners' list names people, not gaps
		}
		k := [2]string{agency, strings.ToLower(person)}
		o := owners[k]
		if o == nil {
			o = &OwnerUpdates{Agency: agency, Person: CleanLine(person, MaxNameLen), Updated: []UpdateRef{}, Missing: []UpdateRef{}}
			owners[k] = o
		}
		if done {
			o.Updated = append(o.Updated, ref)
		} else {
			o.Missing = append(o.Missing, ref)
		}
	}
	for _, p := range priorities {
		if p.Ward != m.Ward || !CanSeeProblem(u, p) || p.Stage == StageClosed {
			continue
		}
		ups := on(RecordProblem, p.ID)
		b.Priorities = append(b.Priorities, BriefProblem{Problem: p.Safe(), Updates: ups})
		tick(p.LeadAgency, "", UpdateRef{RecordProblem, p.ID}, len(ups) > 0)
	}
	for _, a := range actions {
		if a.Ward != m.Ward || !CanSeeAction(u, a) || a.Status.Closed() {
			continue
		}
		ups := on(RecordAction, a.ID)
		b.Actions = append(b.Actions, BriefAction{Action: a.Safe(), Updates: ups})
		tick(a.OwnerAgency, a.Assignee, UpdateRef{RecordAction, a.ID}, len(ups) > 0)
	}
	slices.SortFunc(b.Actions, func(x, y BriefAction) int { return CompareActions(x.Action, y.Action) })
	for _, o := range owners {
		b.Owners = append(b.Owners, *o)
	}
	slices.SortFunc(b.Owners, func(x, y OwnerUpdates) int {
		if (len(x.Missing) > 0) != (len(y.Missing) > 0) {
			if len(x.Missing) > 0 {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(x.Agency, y.Agency), cmp.Compare(strings.ToLower(x.Person), strings.ToLower(y.Person)))
	})
	return b
}

// Updated counts the owners who have posted every update asked of them.
func (b Briefing) Updated() int {
	n := 0
	for _, o := range b.Owners {
		if len(o.Missing) == 0 {
			n++
		}
	}
	return n
}

// AskedUpdate is one update asked of a user for their next meeting.
type AskedUpdate struct {
	MeetingID ID         `json:"meeting_id"`
	Kind      RecordKind `json:"kind"`
	ID        ID         `json:"id"`
	Title     string     `json:"title"`
	Posted    bool       `json:"posted"`
}

// UpdatesAsked lists what updates are asked of u for meeting m: the open
// actions that are u's (Action.IsFor) and the priorities u's agency leads,
// each marked Posted once someone of theirs has posted one. Like
// BuildBriefing it applies the read rules itself.
func UpdatesAsked(u User, m Meeting, priorities []Problem, actions []Action, updates []Update) []AskedUpdate {
	out := []AskedUpdate{}
	if m.ID == 0 || m.State == MeetingClosed || !CanSeeMeeting(u, m) {
		return out
	}
	b := BuildBriefing(u, m, priorities, actions, updates)
	for _, p := range b.Priorities {
		if UpdateAskedOfProblem(u, p.Problem) {
			out = append(out, AskedUpdate{m.ID, RecordProblem, p.Problem.ID, p.Problem.Title, len(p.Updates) > 0})
		}
	}
	for _, a := range b.Actions {
		if UpdateAskedOfAction(u, a.Action) {
			out = append(out, AskedUpdate{m.ID, RecordAction, a.Action.ID, a.Action.Title, len(a.Updates) > 0})
		}
	}
	return out
}
