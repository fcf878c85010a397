package model

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// ActionStatus is where an action is in its life.
type ActionStatus string

const (
	ActionOpen       ActionStatus = "open"
	ActionInProgress ActionStatus = "in-progress"
	ActionBlocked    ActionStatus = "blocked"
	ActionDone       ActionStatus = "done"
	ActionCancelled  ActionStatus = "cancelled"
)

// ActionStatuses lists the statuses in the order work moves through them.
var ActionStatuses = []ActionStatus{ActionOpen, ActionInProgress, ActionBlocked, ActionDone, ActionCancelled}

// actionMoves are the allowed transitions. Done and cancelled actions can
// be reopened, because panels do revisit them, but only to open.
var actionMoves = map[ActionStatus][]ActionStatus{
	ActionOpen:       {ActionInProgress, ActionBlocked, ActionDone, ActionCancelled},
	ActionInProgress: {ActionOpen, ActionBlocked, ActionDone, ActionCancelled},
	ActionBlocked:    {ActionOpen, ActionInProgress, ActionDone, ActionCancelled},
	ActionDone:       {ActionOpen},
	ActionCancelled:  {ActionOpen},
}

// ParseActionStatus reads a status as typed ("in progress", "Done").
func ParseActionStatus(s string) (ActionStatus, error) {
	st := ActionStatus(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "-"))
	if slices.Contains(ActionStatuses, st) {
		return st, nil
	}
	return "", invalid("status", "unknown status %q (one of open, in-progress, blocked, done, cancelled)", CleanLine(s, 30))
}

// Closed reports whether no more work is expected.
func (s ActionStatus) Closed() bool { return s == ActionDone || s == ActionCancelled }

// CheckMove says whether an action may go from s to next, and why not.
func (s ActionStatus) CheckMove(next ActionStatus) error {
	if s == next {
		return invalid("status", "the action is already %s", s)
	}
	if !slices.Contains(actionMoves[s], next) {
		return invalid("status", "a %s action cannot become %s (it can become %s)", s, next, joinStatuses(actionMoves[s]))
	}
	return nil
}

// Moves are the statuses an action may go to from s (those CheckMove
// allows), in ActionStatuses' order: what a status chooser offers.
func (s ActionStatus) Moves() []ActionStatus {
	var out []ActionStatus
	for _, next := range ActionStatuses {
		if s.CheckMove(next) == nil {
			out = append(out, next)
		}
	}
	return out
}

// DefaultActionOwner is who a new action is for: the problem's lead
// agency, if it may see the problem (CheckCreateAction wants a restricted
// action visible to its owner), else the user's own agency.
func DefaultActionOwner(u User, p *Problem) string {
	if p != nil && p.LeadAgency != "" &&
		(p.Visibility.Kind != VisAgencies || slices.Contains(p.Visibility.Agencies, p.LeadAgency)) {
		return p.LeadAgency
	}
	return u.Agency
}

func joinStatuses(ss []ActionStatus) string {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// Action is a task for one agency, and one person in it, with a due date.
type Action struct {
	ID          ID     `json:"id"`
	Ward        string `json:"ward"`
	ProblemID   ID     `json:"problem_id,omitempty"` // 0: not tied to a problem
	MeetingID   ID     `json:"meeting_id,omitempty"` // 0: not raised in a meeting
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	OwnerAgency string `json:"owner_agency"`
	// Assignee is the person in the owner agency doing it: an enrolled user's
	// name or, for someone without an account, just a name.
	Assignee   string       `json:"assignee,omitempty"`
	Due        time.Time    `json:"due"` // a date: midnight UTC
	Status     ActionStatus `json:"status"`
	Visibility Visibility   `json:"visibility"`
	// Parent is its problem's visibility as it is now, kept by the store
	// (zero: no problem, or a panel-wide one). CanSeeAction reads both.
	Parent    Visibility `json:"parent,omitzero"`
	CreatedBy string     `json:"created_by"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedBy string     `json:"updated_by"`
	UpdatedAt time.Time  `json:"updated_at"`
	Version   uint64     `json:"version"`
}

// DateOnly turns a time into the date it falls on, as stored in Due.
func DateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseDate reads a due date as typed: 2026-12-01, or +7 / +2w for days or
// weeks from today.
func ParseDate(s string, today time.Time) (time.Time, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.HasPrefix(s, "+") {
		n, unit := 0, 1
		body := s[1:]
		if strings.HasSuffix(body, "w") {
			unit, body = 7, strings.TrimSuffix(body, "w")
		} else {
			body = strings.TrimSuffix(body, "d")
		}
		for _, r := range body {
			if r < '0' || r > '9' || n > 3650 {
				return time.Time{}, invalid("due", "use a date like 2026-12-01, or +7 for a week today")
			}
			n = n*10 + int(r-'0')
		}
		if body == "" {
			return time.Time{}, invalid("due", "use a date like 2026-12-01, or +7 for a week today")
		}
		return DateOnly(today).AddDate(0, 0, n*unit), nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, invalid("due", "use a date like 2026-12-01, or +7 for a week today")
	}
	return t, nil
}

// CompareActions is the order every list of actions uses: open ones
// before closed ones, then by due date (none first), then by number.
func CompareActions(a, b Action) int {
	if ac, bc := a.Status.Closed(), b.Status.Closed(); ac != bc {
		if ac {
			return 1
		}
		return -1
	}
	if c := a.Due.Compare(b.Due); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// DueSoonDays is how far ahead "due soon" looks.
const DueSoonDays = 7

// Overdue reports whether the action is still open past its due date.
func (a Action) Overdue(now time.Time) bool {
	return !a.Status.Closed() && !a.Due.IsZero() && DateOnly(now).After(a.Due)
}

// DueSoon reports whether an open action falls due within DueSoonDays.
func (a Action) DueSoon(now time.Time) bool {
	if a.Status.Closed() || a.Due.IsZero() || a.Overdue(now) {
		return false
	}
	return !a.Due.After(DateOnly(now).AddDate(0, 0, DueSoonDays))
}

// Validate checks an action as entered and makes its text safe.
func (a *Action) Validate() error {
	err := checkWardTitle(&a.Ward, &a.Title, "say what is to be done (at least 3 characters)",
		"", "; put the rest in the description")
	if err != nil {
		return err
	}
	a.Description = CleanText(a.Description, MaxTextLen)
	a.OwnerAgency = strings.ToLower(strings.TrimSpace(a.OwnerAgency))
	if !codePattern.MatchString(a.OwnerAgency) {
		return invalid("agency", "an action needs an owner agency (e.g. police, housing)")
	}
	a.Assignee = CleanLine(a.Assignee, MaxNameLen)
	if a.Due.IsZero() {
		return invalid("due", "an action needs a due date")
	}
	a.Due = DateOnly(a.Due)
	if a.Status == "" {
		a.Status = ActionOpen
	}
	if a.Status, err = ParseActionStatus(string(a.Status)); err != nil {
		return err
	}
	return a.Visibility.Validate()
}

// Safe returns a with its text cleaned again, for output.
func (a Action) Safe() Action {
	a.Title = CleanLine(a.Title, MaxTitleLen)
	a.Description = CleanText(a.Description, MaxTextLen)
	a.Assignee = CleanLine(a.Assignee, MaxNameLen)
	a.CreatedBy = CleanLine(a.CreatedBy, MaxNameLen)
	a.UpdatedBy = CleanLine(a.UpdatedBy, MaxNameLen)
	return a
}

// ResultKind is what an outcome achieved, as tasking reviews count them.
type ResultKind string

// ResultKinds lists the kinds of result.
var ResultKinds = []ResultKind{
	"enforcement", "environmental-change", "diversion-support", "engagement", "no-further-action", "other",
}

// ParseResultKind reads a result kind as typed.
func ParseResultKind(s string) (ResultKind, error) {
	k := ResultKind(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "-"))
	if k == "" {
		return "other", nil
	}
	if slices.Contains(ResultKinds, k) {
		return k, nil
	}
	names := make([]string, len(ResultKinds))
	for i, r := range ResultKinds {
		names[i] = string(r)
	}
	return "", invalid("result", "unknown result %q (one of %s)", CleanLine(s, 30), strings.Join(names, ", "))
}

// Outcome is an entry on an action: what was done and what changed.
// Outcomes are appended, never edited, so the record of work stays true.
type Outcome struct {
	ID       ID         `json:"id"`
	ActionID ID         `json:"action_id"`
	Text     string     `json:"text"`
	Result   ResultKind `json:"result"`
	By       string     `json:"by"`
	Agency   string     `json:"agency"`
	At       time.Time  `json:"at"`
	// Publishable: the owner agency lets residents read it in the ward's
	// "you said, we did" (issue 22). Off unless they say so.
	Publishable bool `json:"publishable,omitempty"`
}

// Validate checks an outcome as entered.
func (o *Outcome) Validate() error {
	o.Text = CleanText(o.Text, MaxTextLen)
	// CleanText keeps leading space (indentation), which is not content.
	if len([]rune(strings.TrimSpace(o.Text))) < 3 {
		return invalid("outcome", "say what was done (at least 3 characters)")
	}
	var err error
	o.Result, err = ParseResultKind(string(o.Result))
	return err
}

// Safe returns o with its text cleaned again, for output.
func (o Outcome) Safe() Outcome {
	o.Text = CleanText(o.Text, MaxTextLen)
	o.By = CleanLine(o.By, MaxNameLen)
	return o
}

// EvidenceKind keeps facts, reports and opinions apart, as panels are taught to.
type EvidenceKind string

const (
	EvidenceFact    EvidenceKind = "fact"    // observed or recorded: a crime report, a count
	EvidenceReport  EvidenceKind = "report"  // what a resident or partner says happened
	EvidenceOpinion EvidenceKind = "opinion" // what someone thinks about it
)

// EvidenceKinds lists the kinds.
var EvidenceKinds = []EvidenceKind{EvidenceFact, EvidenceReport, EvidenceOpinion}

// ParseEvidenceKind reads a kind as typed.
func ParseEvidenceKind(s string) (EvidenceKind, error) {
	k := EvidenceKind(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(EvidenceKinds, k) {
		return k, nil
	}
	return "", invalid("kind", "use fact, report or opinion")
}

// Evidence is an entry in a problem's evidence log.
type Evidence struct {
	ID         ID           `json:"id"`
	ProblemID  ID           `json:"problem_id"`
	Ward       string       `json:"ward"`
	Occurred   time.Time    `json:"occurred"` // when it happened (a date)
	Kind       EvidenceKind `json:"kind"`
	Text       string       `json:"text"`
	Agency     string       `json:"agency"`
	LoggedBy   string       `json:"logged_by"`
	LoggedAt   time.Time    `json:"logged_at"`
	Visibility Visibility   `json:"visibility"`
	// Parent is its problem's visibility as it is now, kept by the store.
	Parent Visibility `json:"parent,omitzero"`
}

// Validate checks an evidence entry as entered.
func (e *Evidence) Validate() error {
	e.Text = CleanText(e.Text, MaxTextLen)
	// CleanText keeps leading space (indentation), which is not content.
	if len([]rune(strings.TrimSpace(e.Text))) < 3 {
		return invalid("text", "say what the evidence is (at least 3 characters)")
	}
	var err error
	if e.Kind, err = ParseEvidenceKind(string(e.Kind)); err != nil {
		return err
	}
	if e.Occurred.IsZero() {
		return invalid("occurred", "say when it happened")
	}
	e.Occurred = DateOnly(e.Occurred)
	return e.Visibility.Validate()
}

// Safe returns e with its text cleaned again, for output.
func (e Evidence) Safe() Evidence {
	e.Text = CleanText(e.Text, MaxTextLen)
	e.LoggedBy = CleanLine(e.LoggedBy, MaxNameLen)
	return e
}

// IsFor reports whether the action is u's to do: assigned to them by name,
// or owned by their agency with nobody named yet. The Actions screen's
// "mine" and `actions --mine` both mean this.
func (a Action) IsFor(u User) bool {
	if a.Assignee != "" {
		return strings.EqualFold(a.Assignee, u.Name)
	}
	return a.OwnerAgency == u.Agency
}
