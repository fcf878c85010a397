package model

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// ErrUnchanged is a change that would leave the meeting as it is (someone
// already marked present): the store writes nothing and reports success.
var ErrUnchanged = errors.New("nothing to change")

// MeetingChange is one thing done to a meeting. Each change checks who may
// make it and in which state, then applies itself to a copy the store
// saves; the returned summary goes into the audit trail (titles and names,
// never minutes text).
type MeetingChange interface {
	apply(u User, m *Meeting, now time.Time) (summary string, err error)
	// Audit is the change's name in the audit trail.
	Audit() AuditAction
}

// ApplyMeetingChange checks and applies ch to m for u at now. The store
// calls it inside the write transaction; m is changed only on success.
func ApplyMeetingChange(u User, m *Meeting, ch MeetingChange, now time.Time) (string, error) {
	if !CanSeeMeeting(u, *m) {
		return "", ErrNotFound
	}
	work := m.Clone()
	summary, err := ch.apply(u, &work, now)
	if err != nil {
		return "", err
	}
	*m = work
	return summary, nil
}

// CanSeeMeeting is the read rule for meetings: every user of the ward.
func CanSeeMeeting(u User, m Meeting) bool { return u.InWard(m.Ward) }

// CheckCreateMeeting decides whether u may put a meeting in the diary.
func CheckCreateMeeting(u User, m Meeting) error {
	if !u.InWard(m.Ward) {
		return forbidden("you are not a member of ward %s", m.Ward)
	}
	return checkSecretary(u)
}

// checkSecretary: the panel's officers keep the agenda, the minutes and attendance.
func checkSecretary(u User) error {
	if !u.Role.IsPanelOfficer() {
		return forbidden("only the chair, vice-chair or secretary can do that (you are %s)", u.Role)
	}
	return nil
}

// checkChair: the chair or vice-chair runs the meeting and its votes.
func checkChair(u User) error {
	if u.Role != RoleChair && u.Role != RoleViceChair {
		return forbidden("only the chair or vice-chair can do that (you are %s)", u.Role)
	}
	return nil
}

// CheckRunMeeting decides whether u may run a meeting: start it, step its
// agenda, open and close its votes, close it.
func CheckRunMeeting(u User) error { return checkChair(u) }

// CheckKeepMeeting decides whether u may keep m's agenda, minutes and
// attendance.
func CheckKeepMeeting(u User, m Meeting) error { return checkKeeper(u, &m) }

func checkOpen(m *Meeting) error {
	if m.State == MeetingClosed {
		return forbidden("the meeting is closed and its minutes are frozen")
	}
	return nil
}

func checkLive(m *Meeting) error {
	if m.State != MeetingLive {
		return forbidden("the meeting is %s, not live", m.State)
	}
	return nil
}

// checkKeeper is the rule for the agenda, minutes and attendance: a panel
// officer, on a meeting not yet closed.
func checkKeeper(u User, m *Meeting) error {
	if err := checkSecretary(u); err != nil {
		return err
	}
	return checkOpen(m)
}

func (m *Meeting) item(id int) (*AgendaItem, error) {
	it, _ := m.Item(id)
	if it == nil {
		return nil, fail404("agenda item %d", id)
	}
	return it, nil
}

func fail404(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrNotFound)
}

// EditMeeting changes the title, time and venue.
type EditMeeting struct {
	Title string
	When  time.Time
	Venue string
}

func (c EditMeeting) apply(u User, m *Meeting, _ time.Time) (string, error) {
	if err := checkKeeper(u, m); err != nil {
		return "", err
	}
	when, venue := m.When, m.Venue
	m.Title, m.When, m.Venue = c.Title, c.When, c.Venue
	if err := m.Validate(); err != nil {
		return "", err
	}
	if !m.When.Equal(when) || m.Venue != venue {
		m.Sequence++
	}
	return fmt.Sprintf("title %q when %s", m.Title, m.When.Format("2006-01-02 15:04")), nil
}

// AddItem puts a new item on the agenda after item After (0: at the end).
type AddItem struct {
	Item  AgendaItem
	After int
}

func (c AddItem) apply(u User, m *Meeting, _ time.Time) (string, error) {
	if err := checkKeeper(u, m); err != nil {
		return "", err
	}
	if len(m.Items) >= MaxItems {
		return "", invalid("items", "at most %d agenda items", MaxItems)
	}
	it := AgendaItem{Kind: ItemGeneral, Title: c.Item.Title, Presenter: c.Item.Presenter, Allotted: c.Item.Allotted,
		Problems: slices.Compact(slices.Sorted(slices.Values(c.Item.Problems)))}
	if err := it.validate(); err != nil {
		return "", err
	}
	var err error
	if it.Visibility, err = checkEntryVisibility(u, c.Item.Visibility); err != nil {
		return "", err
	}
	m.NextItem++
	it.ID = m.NextItem
	at := len(m.Items)
	if c.After != 0 {
		_, i := m.Item(c.After)
		if i < 0 {
			return "", fail404("agenda item %d", c.After)
		}
		at = i + 1
	}
	m.Items = slices.Insert(m.Items, at, it)
	m.remember(UndoAdded, it, at)
	return fmt.Sprintf("item %d %q added", it.ID, it.Title), nil
}

// EditItem changes an item's title, presenter, time and linked problems.
// The store checks the problems exist and the editor may see them.
type EditItem struct {
	ID        int
	Title     string
	Presenter string
	Allotted  int
	Problems  []ID
	// Visibility restricts the item with all under it; zero keeps what
	// it has, and Panel makes it the whole panel's again.
	Visibility Visibility
}

func (c EditItem) apply(u User, m *Meeting, _ time.Time) (string, error) {
	if err := checkKeeper(u, m); err != nil {
		return "", err
	}
	it, err := m.item(c.ID)
	if err != nil {
		return "", err
	}
	next := *it
	next.Title, next.Presenter, next.Allotted = c.Title, c.Presenter, c.Allotted
	next.Problems = slices.Compact(slices.Sorted(slices.Values(c.Problems)))
	if err := next.validate(); err != nil {
		return "", err
	}
	// A blank visibility keeps the item's; model.Panel widens it.
	if c.Visibility.Kind != "" {
		if next.Visibility, err = checkEntryVisibility(u, c.Visibility); err != nil {
			return "", err
		}
	}
	*it = next
	return fmt.Sprintf("item %d %q, %d min", it.ID, it.Title, it.Allotted), nil
}

// RemoveItem takes an item off the agenda. An item the meeting has written
// anything under, or is discussing, stays: minutes are not thrown away.
type RemoveItem struct{ ID int }

func (c RemoveItem) apply(u User, m *Meeting, _ time.Time) (string, error) {
	if err := checkKeeper(u, m); err != nil {
		return "", err
	}
	it, i := m.Item(c.ID)
	if it == nil {
		return "", fail404("agenda item %d", c.ID)
	}
	switch {
	case m.Current == c.ID:
		return "", forbidden("the meeting is on this item; move on before removing it")
	case hasMinutes(it):
		return "", forbidden("this item has minutes; they stay in the record")
	}
	m.remember(UndoRemoved, *it, i)
	m.Items = slices.Delete(m.Items, i, i+1)
	return fmt.Sprintf("item %d %q removed", c.ID, m.Undo.Item.Title), nil
}

// MoveItem moves an item up (By < 0) or down the agenda.
type MoveItem struct {
	ID int
	By int
}

func (c MoveItem) apply(u User, m *Meeting, _ time.Time) (string, error) {
	if err := checkKeeper(u, m); err != nil {
		return "", err
	}
	_, i := m.Item(c.ID)
	if i < 0 {
		return "", fail404("agenda item %d", c.ID)
	}
	j := min(max(i+c.By, 0), len(m.Items)-1)
	if i == j {
		return "", ErrUnchanged
	}
	it := m.Items[i]
	m.remember(UndoMoved, it, i)
	m.Items = slices.Insert(slices.Delete(m.Items, i, i+1), j, it)
	return fmt.Sprintf("item %d moved to position %d", c.ID, j+1), nil
}

// StartMeeting takes a planned meeting live at its first item. The store
// fills matters arising with the actions still open from earlier meetings.
type StartMeeting struct{}

func (StartMeeting) apply(u User, m *Meeting, now time.Time) (string, error) {
	if err := CheckStartMeeting(u, *m); err != nil {
		return "", err
	}
	if len(m.Items) == 0 {
		return "", invalid("items", "the agenda is empty; add an item first")
	}
	m.State, m.Chair, m.StartedAt = MeetingLive, u.Name, now
	m.enter(&m.Items[0], now)
	return "started", nil
}

// enter makes it the current item and starts its timer.
func (m *Meeting) enter(it *AgendaItem, now time.Time) {
	m.Current, m.ItemStarted = it.ID, now
	it.Reached = true
}

// leave stops the current item's timer.
func (m *Meeting) leave(now time.Time) {
	if it := m.CurrentItem(); it != nil {
		it.Spent += m.Elapsed(now)
	}
	m.Current, m.ItemStarted = 0, time.Time{}
}

// StepItem moves the meeting from item From to item To. From must be the
// current item: two people pressing "next" at once move it one step, and
// the second hears that it had already moved.
type StepItem struct {
	From, To int
}

func (c StepItem) apply(u User, m *Meeting, now time.Time) (string, error) {
	if err := CheckStepMeeting(u, *m); err != nil {
		return "", err
	}
	if m.Current != c.From {
		return "", &ConflictError{By: m.UpdatedBy, At: m.UpdatedAt}
	}
	if c.From == c.To {
		return "", ErrUnchanged
	}
	to, err := m.item(c.To)
	if err != nil {
		return "", err
	}
	m.leave(now)
	m.enter(to, now)
	return fmt.Sprintf("item %d %q", to.ID, to.Title), nil
}

// CloseMeeting ends a live meeting and freezes its minutes.
type CloseMeeting struct{}

func (CloseMeeting) apply(u User, m *Meeting, now time.Time) (string, error) {
	if err := CheckCloseMeeting(u, *m); err != nil {
		return "", err
	}
	if m.Vote != nil && m.Vote.Open {
		return "", forbidden("the priorities vote is still open; close it first")
	}
	m.leave(now)
	m.State, m.ClosedAt = MeetingClosed, now
	return "closed", nil
}

// StepReview moves matters arising to review To of the review item. To
// is an index into the item's Reviews as the chair's own copy of the
// meeting lists them (Meeting.ForViewer leaves out the actions they may not
// see); the store maps it to the record's.
type StepReview struct {
	Item int
	To   int
}

func (c StepReview) apply(u User, m *Meeting, _ time.Time) (string, error) {
	if err := CheckStepMeeting(u, *m); err != nil {
		return "", err
	}
	it, err := m.item(c.Item)
	if err != nil {
		return "", err
	}
	if c.To < 0 || c.To >= len(it.Reviews) || c.To == it.ReviewAt {
		return "", ErrUnchanged
	}
	way := "on"
	if c.To < it.ReviewAt {
		way = "back"
	}
	it.ReviewAt = c.To
	// The entry is panel-wide: it neither names the action nor counts or
	// places the reviews, any of which may be restricted.
	return "matters arising: moved " + way, nil
}

// WriteMinutes replaces an item's minutes. Version is the MinutesVersion
// the writer started from; someone else's save since is a conflict, and
// the writer keeps their text to merge.
type WriteMinutes struct {
	Item    int
	Text    string
	Version uint64
}

func (c WriteMinutes) apply(u User, m *Meeting, _ time.Time) (string, error) {
	if err := checkKeeper(u, m); err != nil {
		return "", err
	}
	it, err := m.item(c.Item)
	if err != nil {
		return "", err
	}
	if c.Version != it.MinutesVersion {
		return "", &ConflictError{By: it.MinutesBy, At: m.UpdatedAt}
	}
	text := CleanText(c.Text, MaxTextLen)
	if text == it.Minutes {
		return "", ErrUnchanged
	}
	it.Minutes, it.MinutesBy = text, u.Name
	it.MinutesVersion++
	return fmt.Sprintf("minutes of item %d", it.ID), nil
}

// AddNote records information heard or a decision taken under an item.
type AddNote struct {
	Item int
	Kind NoteKind
	Text string
	// Visibility restricts the entry (zero: the whole panel).
	Visibility Visibility
}

func (c AddNote) apply(u User, m *Meeting, now time.Time) (string, error) {
	if err := checkKeeper(u, m); err != nil {
		return "", err
	}
	it, err := m.item(c.Item)
	if err != nil {
		return "", err
	}
	kind, err := ParseNoteKind(string(c.Kind))
	if err != nil {
		return "", err
	}
	text := CleanText(c.Text, MaxTextLen)
	if len([]rune(strings.TrimSpace(text))) < 3 {
		return "", invalid("text", "say what was %s (at least 3 characters)", map[NoteKind]string{NoteInformation: "heard", NoteDecision: "decided"}[kind])
	}
	vis, err := checkEntryVisibility(u, c.Visibility)
	if err != nil {
		return "", err
	}
	it.Notes = append(it.Notes, Note{Kind: kind, Text: text, By: u.Name, At: now, Visibility: vis})
	return fmt.Sprintf("%s under item %d", kind, it.ID), nil
}

// AddAttendee records someone present or sending apologies: an enrolled
// user (UserID set; the store fills name and agency) or a person in the
// room without an account. Recording someone again changes their entry.
type AddAttendee struct{ Attendee Attendee }

func (c AddAttendee) apply(u User, m *Meeting, now time.Time) (string, error) {
	if err := checkKeeper(u, m); err != nil {
		return "", err
	}
	a := c.Attendee
	a.Name = CleanLine(a.Name, MaxNameLen)
	if len([]rune(a.Name)) < 2 {
		return "", invalid("name", "give the person's name")
	}
	a.Agency = strings.ToLower(strings.TrimSpace(a.Agency))
	if a.Agency != "" && !codePattern.MatchString(a.Agency) {
		return "", invalid("agency", "an agency code like \"police\" or \"residents\"")
	}
	switch a.Kind {
	case AttendPresent, AttendApologies:
	case "":
		a.Kind = AttendPresent
	default:
		return "", invalid("kind", "present or apologies")
	}
	a.Connected, a.At = false, now
	i := slices.IndexFunc(m.Attendance, func(o Attendee) bool {
		return a.UserID != 0 && o.UserID == a.UserID || a.UserID == 0 && o.UserID == 0 && strings.EqualFold(o.Name, a.Name)
	})
	if i >= 0 {
		m.Attendance[i] = a
	} else {
		m.Attendance = append(m.Attendance, a)
	}
	return fmt.Sprintf("attendance: %s %s", a.Kind, a.Agency), nil
}

// RemoveAttendee takes an entry off the attendance list, by name.
type RemoveAttendee struct{ Name string }

func (c RemoveAttendee) apply(u User, m *Meeting, _ time.Time) (string, error) {
	if err := checkKeeper(u, m); err != nil {
		return "", err
	}
	i := slices.IndexFunc(m.Attendance, func(o Attendee) bool { return strings.EqualFold(o.Name, strings.TrimSpace(c.Name)) })
	if i < 0 {
		return "", fail404("%q on the attendance list", CleanLine(c.Name, MaxNameLen))
	}
	a := m.Attendance[i]
	m.Attendance = slices.Delete(m.Attendance, i, i+1)
	return fmt.Sprintf("attendance: removed %s", a.Agency), nil
}

// Attend marks u present because they are connected to the live meeting.
// Anyone of the ward attends; apologies already sent become presence.
type Attend struct{}

func (Attend) apply(u User, m *Meeting, now time.Time) (string, error) {
	if err := CheckAttend(u, *m); err != nil {
		return "", err
	}
	if a := m.Present(u.ID); a != nil {
		a.Kind, a.Connected, a.At = AttendPresent, true, now
	} else {
		m.Attendance = append(m.Attendance, Attendee{UserID: u.ID, Name: u.Name, Agency: u.Agency, Kind: AttendPresent, Connected: true, At: now})
	}
	return fmt.Sprintf("attendance: present %s (connected)", u.Agency), nil
}

// OpenVote opens the priorities vote on candidate problems. The store
// checks they are the ward's and visible to the whole panel: priorities are
// shown to everyone, so a restricted problem cannot be one.
type OpenVote struct {
	Candidates []ID
	// Quorum is the fewest ballots that may set priorities (0: none).
	Quorum int
}

// MaxCandidates bounds a ballot paper.
const MaxCandidates = 20

// CheckOpenVote says whether u may open a priorities vote in m now: the
// screen offers its key exactly when this is nil.
func CheckOpenVote(u User, m Meeting) error {
	if err := checkChair(u); err != nil {
		return err
	}
	if err := checkLive(&m); err != nil {
		return err
	}
	switch {
	case m.Vote == nil:
	case !m.Vote.Open:
		// The result is the meeting's record of what it decided.
		return forbidden("this meeting has voted; its priorities are set, and a closed vote is not reopened")
	case len(m.Vote.Ballots) > 0:
		return forbidden("a vote is already open, and people have voted")
	}
	return nil
}

func (c OpenVote) apply(u User, m *Meeting, now time.Time) (string, error) {
	if err := CheckOpenVote(u, *m); err != nil {
		return "", err
	}
	if c.Quorum < 0 || c.Quorum > 1000 {
		return "", invalid("quorum", "a quorum is a number of ballots from 0 (none) to 1000")
	}
	// An open vote nobody has voted in yet may be opened again, to put
	// the candidates right.
	cands := slices.Compact(slices.Sorted(slices.Values(c.Candidates)))
	if len(cands) == 0 || len(cands) > MaxCandidates {
		return "", invalid("candidates", "choose between 1 and %d candidate problems", MaxCandidates)
	}
	m.Vote = &Vote{Candidates: cands, Open: true, OpenedBy: u.Name, OpenedAt: now, Quorum: c.Quorum}
	return fmt.Sprintf("priorities vote opened on %d problems, quorum %d", len(cands), c.Quorum), nil
}

// CanVote reports whether u's role votes on priorities: residents, officers
// and the panel's officers; observers and admins do not.
func CanVote(u User) bool {
	switch u.Role {
	case RoleMember, RoleOfficer, RoleChair, RoleViceChair, RoleSecretary:
		return true
	}
	return false
}

// CastVote is u's ballot: up to MaxPriorities candidates, most wanted first.
// Each voter votes once.
type CastVote struct{ Choices []ID }

func (c CastVote) apply(u User, m *Meeting, _ time.Time) (string, error) {
	if err := CheckCastVote(u, *m); err != nil {
		return "", err
	}
	v := m.Vote
	if len(c.Choices) == 0 || len(c.Choices) > MaxPriorities {
		return "", invalid("choices", "choose between 1 and %d problems", MaxPriorities)
	}
	for i, id := range c.Choices {
		if !slices.Contains(v.Candidates, id) {
			return "", invalid("choices", "problem %s is not on the ballot", ProblemRef(id))
		}
		if slices.Contains(c.Choices[:i], id) {
			return "", invalid("choices", "problem %s is chosen twice", ProblemRef(id))
		}
	}
	v.Ballots = append(v.Ballots, Ballot{UserID: u.ID, Choices: slices.Clone(c.Choices)})
	v.Counts = v.Tally()
	return fmt.Sprintf("ballot %d cast", len(v.Ballots)), nil
}

// CloseVote ends the vote; the top candidates with any votes become the
// ward's priorities (the store saves them).
type CloseVote struct{}

func (CloseVote) apply(u User, m *Meeting, now time.Time) (string, error) {
	if err := CheckSteerVote(u, *m); err != nil {
		return "", err
	}
	v := m.Vote
	switch n := len(v.Ballots); {
	case n == 0:
		return "", forbidden("nobody has voted; priorities need at least one ballot (cancel the vote to close the meeting without one)")
	case n < v.Quorum:
		return "", forbidden("%d of the %d ballots the quorum needs: wait for more, lower the quorum, or cancel the vote", n, v.Quorum)
	}
	v.Open, v.ClosedAt = false, now
	v.Counts = v.Tally()
	v.Result = nil
	for _, t := range v.Counts {
		if t.Votes > 0 && len(v.Result) < MaxPriorities {
			v.Result = append(v.Result, t.ProblemID)
		}
	}
	return fmt.Sprintf("priorities set: %v from %d ballots", v.Result, len(v.Ballots)), nil
}

// CheckRaiseInMeeting decides whether u may raise an action from an item
// of m; CheckCreateAction then applies as everywhere.
func CheckRaiseInMeeting(u User, m Meeting) error {
	if !CanSeeMeeting(u, m) {
		return ErrNotFound
	}
	return checkOpen(&m)
}

// CheckReview decides whether u may record matters arising on action a:
// the owner (as for any status change) or, in the room, the panel officer
// taking the minutes.
func CheckReview(u User, m Meeting, a Action) error {
	if !CanSeeMeeting(u, m) || !CanSeeAction(u, a) {
		return ErrNotFound
	}
	if err := checkLive(&m); err != nil {
		return err
	}
	if !u.Role.IsPanelOfficer() && !worksOn(u, a) {
		return forbidden("only the action's owner or the panel's officers record its update")
	}
	return nil
}

// RecordReview writes the update heard on action id into the review item
// of m, adding the action to it if it was not listed.
func (m *Meeting) RecordReview(u User, id ID, update string, status ActionStatus, now time.Time) error {
	it := m.ItemOfKind(ItemReview)
	if it == nil {
		return forbidden("this agenda has no matters arising item")
	}
	update = CleanText(update, MaxTextLen)
	if len([]rune(strings.TrimSpace(update))) < 3 {
		return invalid("update", "say what the owner reported (at least 3 characters)")
	}
	r := Review{ActionID: id, Update: update, Status: status, By: u.Name, At: now}
	if i := slices.IndexFunc(it.Reviews, func(r Review) bool { return r.ActionID == id }); i >= 0 {
		it.Reviews[i] = r
	} else {
		it.Reviews = append(it.Reviews, r)
	}
	return nil
}

// NoteAction records under item that action a was raised there.
func (m *Meeting) NoteAction(item int, a Action, u User, now time.Time) error {
	it, err := m.item(item)
	if err != nil {
		return err
	}
	it.Notes = append(it.Notes, Note{Kind: NoteAction, Text: a.Title, ActionID: a.ID, By: u.Name, At: now})
	return nil
}

// CarryOver builds the next meeting's agenda from prev: the standard items,
// with prev's items never reached (the meeting ran out of time) carried in
// before "any other business".
func CarryOver(prev Meeting) []AgendaItem {
	items := StandardAgenda()
	var carried []AgendaItem
	for _, it := range prev.Items {
		if it.Kind == ItemGeneral && !it.Reached && !isStandard(it.Title) {
			carried = append(carried, AgendaItem{Title: it.Title, Presenter: it.Presenter, Allotted: it.Allotted,
				Problems: slices.Clone(it.Problems), CarriedFrom: prev.ID})
		}
	}
	aob := slices.IndexFunc(items, func(it AgendaItem) bool { return it.Title == "Any other business" })
	return slices.Insert(items, aob, carried...)
}

func isStandard(title string) bool {
	return slices.ContainsFunc(StandardAgenda(), func(it AgendaItem) bool { return strings.EqualFold(it.Title, title) })
}

// NumberItems gives items without IDs the next ones.
func (m *Meeting) NumberItems() {
	for i := range m.Items {
		if m.Items[i].ID == 0 {
			m.NextItem++
			m.Items[i].ID = m.NextItem
		}
	}
}

// The changes' names in the audit trail.
func (EditMeeting) Audit() AuditAction       { return AuditMeetingEdit }
func (AddItem) Audit() AuditAction           { return AuditMeetingAddItem }
func (EditItem) Audit() AuditAction          { return AuditMeetingEditItem }
func (RemoveItem) Audit() AuditAction        { return AuditMeetingRemoveItem }
func (MoveItem) Audit() AuditAction          { return AuditMeetingMoveItem }
func (StartMeeting) Audit() AuditAction      { return AuditMeetingStart }
func (StepItem) Audit() AuditAction          { return AuditMeetingStepItem }
func (CloseMeeting) Audit() AuditAction      { return AuditMeetingClose }
func (StepReview) Audit() AuditAction        { return AuditMeetingStepReview }
func (WriteMinutes) Audit() AuditAction      { return AuditMeetingWriteMinutes }
func (AddNote) Audit() AuditAction           { return AuditMeetingAddNote }
func (AddAttendee) Audit() AuditAction       { return AuditMeetingAddAttendee }
func (RemoveAttendee) Audit() AuditAction    { return AuditMeetingRemoveAttendee }
func (Attend) Audit() AuditAction            { return AuditMeetingAttend }
func (OpenVote) Audit() AuditAction          { return AuditMeetingOpenVote }
func (CastVote) Audit() AuditAction          { return AuditMeetingCastVote }
func (CloseVote) Audit() AuditAction         { return AuditMeetingCloseVote }
func (CancelVote) Audit() AuditAction        { return AuditMeetingCancelVote }
func (SetQuorum) Audit() AuditAction         { return AuditMeetingSetQuorum }
func (CorrectEntry) Audit() AuditAction      { return AuditMeetingCorrect }
func (CorrectAttendance) Audit() AuditAction { return AuditMeetingCorrect }
func (AgreeMinutes) Audit() AuditAction      { return AuditMeetingAgreeMinutes }
