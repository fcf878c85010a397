package store

// This file is the store's public surface, agreed before implementation so
// the TUI and SSH layers could be written alongside it. Bodies are filled in
// by the implementation files; signatures here are the contract. Later
// capabilities keep their exported methods, with the same kind of doc
// comment, in their own files: invites.go, people.go, person.go, audit.go,
// denied.go, pictures.go and crimes.go.

import (
	"errors"
	"time"

	"wardpanel/model"
)

// ErrLocked is returned by Open when another process holds the data file.
var ErrLocked = errors.New("the data folder is in use by another wardpanel process (is the server running?)")

// FileName is the bbolt file inside the data folder.
const FileName = "wardpanel.db"

// Options tune Open. The zero value is sensible.
type Options struct {
	// LockTimeout bounds the wait for the file lock (default 1s).
	LockTimeout time.Duration
	// Now is the clock (default time.Now); tests fix it.
	Now func() time.Time
	// MaxSize caps the data file in bytes (0: no cap). A write that might
	// take the file past it fails with ErrFull and saves nothing; reads
	// carry on. The store keeps back room for the largest single change
	// and bbolt's growth step, so writes stop about 1 MiB plus 2% short of
	// the cap, and the file never passes it. Open with a larger cap to
	// make room.
	MaxSize int64
	// OnFull, if set, hears why each write refused with ErrFull was
	// refused (the cap, or the disk's own error), once the write is
	// rolled back, so the operator learns of it from the log.
	OnFull func(cause error)
	// Check is how much of the file Open reads before it serves from it
	// (default CheckFast); a fault found fails Open with ErrDamaged.
	Check CheckLevel
	// OnDamaged, if set, hears what bbolt said each time it could not read
	// the file, once the caller has been given ErrDamaged, so the operator
	// learns of it from the log.
	OnDamaged func(cause error)
	// Observer, if set, hears of writes, backups and upgrades (observe.go).
	Observer Observer
}

// Subscription receives the store's revision after each committed change.
// C has capacity 1 and coalesces: a slow reader sees only the latest revision.
type Subscription struct {
	C <-chan uint64
	c chan uint64
	s *Store
}

// Store is wardpanel's one bbolt file. It owns concurrency: every method is
// one transaction, safe to call from any goroutine, and no caller ever holds a
// transaction across user input.
type Store struct{ impl }

// Open opens (creating if need be) the data file in dir, mode 0600, creates
// every bucket and runs pending migrations in one write transaction.
// Another process holding the file yields ErrLocked after LockTimeout.
func Open(dir string, opts Options) (*Store, error) { return open(dir, opts) }

// Check verifies the file as it stands: bbolt's own consistency check, and
// the domain's invariants (every record decodes, indexes and records agree
// both ways, every action's problem and meeting exist in the action's ward,
// every outcome's action and evidence entry's problem exist, what a meeting
// points at exists in its ward, as do the ward priorities; invites,
// rich-picture sessions and lines, assets and crime records are well formed;
// the audit trail runs 1..N without a gap, the revision is at least N, the
// schema is current).
// Faults are in the Report; the error is for a check that could not run.
// Writers wait while it runs.
func (s *Store) Check() (Report, error) { return s.check() }

// Backup writes a consistent copy of the file to path while writers carry
// on: through a temporary file in path's folder, synced, checked with
// CheckFile, renamed into place and the folder synced. Mode 0600. An
// existing file at path is replaced only once the new copy has passed.
func (s *Store) Backup(path string) error { return s.backup(path) }

// Close releases the file. Subscriptions' channels are closed.
func (s *Store) Close() error { return s.close() }

// Path is the data file's path.
func (s *Store) Path() string { return s.path() }

// SchemaVersion is the schema the file is at after Open.
func (s *Store) SchemaVersion() (int, error) { return s.schemaVersion() }

// Revision is the number of committed changes; it only grows.
func (s *Store) Revision() uint64 { return s.revision() }

// Subscribe starts receiving revisions after each commit. Close it when done.
func (s *Store) Subscribe() *Subscription { return s.subscribe() }

// Close stops the subscription and closes its channel.
func (sub *Subscription) Close() { sub.s.unsubscribe(sub) }

// AddWard creates a ward; ErrDuplicate if the code exists. Operator or admin only.
func (s *Store) AddWard(by model.Actor, w model.Ward) (model.Ward, error) { return s.addWard(by, w) }

// Ward returns one ward, ErrNotFound if unknown.
func (s *Store) Ward(code string) (model.Ward, error) { return s.ward(code) }

// Wards lists every ward by code.
func (s *Store) Wards() ([]model.Ward, error) { return s.wards() }

// PutAgency creates or renames an agency. Operator or admin only.
func (s *Store) PutAgency(by model.Actor, a model.Agency) (model.Agency, error) {
	return s.putAgency(by, a)
}

// Agencies lists every agency by code.
func (s *Store) Agencies() ([]model.Agency, error) { return s.agencies() }

// AddUser enrols a user: validated; wards and agency must exist; names are
// unique ignoring case and keys unique across users (ErrDuplicate).
// Operator or admin only. The returned user has its ID.
func (s *Store) AddUser(by model.Actor, u model.User) (model.User, error) { return s.addUser(by, u) }

// AddKey enrols one more key for a user. Operator or admin only.
func (s *Store) AddKey(by model.Actor, userID model.ID, k model.Key) (model.User, error) {
	return s.addKey(by, userID, k)
}

// User, UserByName and UserByKey find one user; ErrNotFound if none.
// UserByKey takes a key fingerprint (SHA256:…) and uses the key index.
func (s *Store) User(id model.ID) (model.User, error)             { return s.user(id) }
func (s *Store) UserByName(name string) (model.User, error)       { return s.userByName(name) }
func (s *Store) UserByKey(fingerprint string) (model.User, error) { return s.userByKey(fingerprint) }

// Users lists every user by ID.
func (s *Store) Users() ([]model.User, error) { return s.users() }

// CreateProblem validates p, checks model.CheckCreateProblem for by.User,
// assigns ID, Version 1, Created*/Updated* and stores it with an audit entry.
func (s *Store) CreateProblem(by model.Actor, p model.Problem) (model.Problem, error) {
	return s.createProblem(by, p)
}

// UpdateProblem saves p over the stored problem p.ID. p.Version must be the
// version the edit started from, else *model.ConflictError naming who saved since.
// Checks model.CheckEditProblem. Returns the saved problem (Version+1); a
// save that changes nothing writes nothing and returns the stored problem.
// Its actions and evidence keep their own visibility and learn the
// problem's (Parent), which narrows them while it is narrower.
// Restricting a problem that is a ward priority, on an open ballot or
// named in closed minutes is refused (ErrForbidden, saying which).
func (s *Store) UpdateProblem(by model.Actor, p model.Problem) (model.Problem, error) {
	return s.updateProblem(by, p, "")
}

// UpdateProblemBecause is UpdateProblem with the reason for the change (a
// stage moved on, say) kept in its audit entry.
func (s *Store) UpdateProblemBecause(by model.Actor, p model.Problem, reason string) (model.Problem, error) {
	return s.updateProblem(by, p, reason)
}

// Problem returns one problem if viewer may see it, else ErrNotFound.
func (s *Store) Problem(viewer model.User, id model.ID) (model.Problem, error) {
	return s.problem(viewer, id)
}

// Problems lists the ward's problems viewer may see, by ID (oldest first).
// The slice is shared, and read-only: every viewer who sees the same
// problems gets the same one until the next change, so a caller must not
// write to it or to its problems' slices (Visibility.Agencies), nor sort it
// in place; copy first (slices.Clone, and clone the agencies too) to change
// anything. Its capacity is its length, so an append makes a copy.
func (s *Store) Problems(viewer model.User, ward string) ([]model.Problem, error) {
	return s.problems(viewer, ward)
}

// SharedProblems is Problems as the store's own records, by pointer: the
// same problems in the same order, shared with every viewer of the same
// class and with the store, and so only to be read. Neither the slice nor
// a problem it points to may be changed; a caller that needs to change one
// copies it first (for a list on screen that is redrawn after every
// change, this saves copying the ward's problems on each one).
func (s *Store) SharedProblems(viewer model.User, ward string) ([]*model.Problem, error) {
	return s.sharedProblems(viewer, ward)
}

// Audit lists up to limit audit entries viewer may see, newest first.
func (s *Store) Audit(viewer model.User, limit int) ([]model.AuditEntry, error) {
	return s.audit(viewer, limit)
}

// Tasking (issue 3). Reads filter with model.CanSeeAction / CanSeeEvidence;
// writes check the model's Check* rules inside the write transaction.

// CreateAction validates a, checks model.CheckCreateAction (against its
// problem when a.ProblemID != 0: an unknown or hidden problem is
// ErrNotFound), assigns ID, Version 1, Created*/Updated*, and stores it with
// an audit entry. If a.Visibility is zero and it has a problem, it takes the
// problem's visibility.
func (s *Store) CreateAction(by model.Actor, a model.Action) (model.Action, error) {
	return s.createAction(by, a)
}

// UpdateAction saves a over the stored action a.ID; a.Version must be the
// version the edit started from, else *model.ConflictError. Status changes
// follow model.ActionStatus.CheckMove. The audit summary says what changed
// (e.g. "status open→done, due 2026-12-01→2026-12-08").
// A blank Ward, Status or Visibility keeps the stored one; Created* and
// MeetingID are always the stored ones; a different Ward or ProblemID is
// refused (ErrForbidden), as is a visibility wider than the problem's.
// A new owner agency must exist (ErrNotFound), as on CreateAction. A save
// that changes nothing writes nothing (no version, no audit entry) and
// returns the stored action.
func (s *Store) UpdateAction(by model.Actor, a model.Action) (model.Action, error) {
	return s.updateAction(by, a)
}

// StatusChange moves one action to another status.
type StatusChange struct {
	ID     model.ID
	Status model.ActionStatus
	// Version is the version the change was chosen from (a screen showing
	// the action): someone else's save since is a *model.ConflictError.
	// 0 means whatever version is current, for a command that names the
	// action by its number and shows nothing first.
	Version uint64
	// Outcome, if not nil, is appended in the same transaction:
	// `action done 42 --outcome …` records both or neither.
	Outcome *model.Outcome
}

// ChangeActionStatus is the one write path for a status change, from the
// terminal's status chooser and the SSH `action` command alike: the same
// rules (model.CheckEditAction, ActionStatus.CheckMove), the same version
// check and one audit entry, model.AuditActionStatus, covering the
// outcome too. Asking for the status it already has is refused
// (ErrInvalid, "the action is already done").
func (s *Store) ChangeActionStatus(by model.Actor, ch StatusChange) (model.Action, error) {
	return s.changeActionStatus(by, ch)
}

// SetActionStatus is ChangeActionStatus from whatever version is current.
func (s *Store) SetActionStatus(by model.Actor, id model.ID, status model.ActionStatus, outcome *model.Outcome) (model.Action, error) {
	return s.changeActionStatus(by, StatusChange{ID: id, Status: status, Outcome: outcome})
}

// Action returns one action if viewer may see it, else ErrNotFound.
func (s *Store) Action(viewer model.User, id model.ID) (model.Action, error) {
	return s.action(viewer, id)
}

// Actions lists the ward's actions viewer may see, by ID.
func (s *Store) Actions(viewer model.User, ward string) ([]model.Action, error) {
	return s.actions(viewer, ward)
}

// ProblemActions lists the actions on one problem viewer may see, by ID.
func (s *Store) ProblemActions(viewer model.User, problemID model.ID) ([]model.Action, error) {
	return s.problemActions(viewer, problemID)
}

// AddOutcome appends an outcome to action id (model.CheckLogOutcome); By,
// Agency and At are set from the actor and the clock. Outcomes inherit the
// action's visibility.
func (s *Store) AddOutcome(by model.Actor, actionID model.ID, o model.Outcome) (model.Outcome, error) {
	return s.addOutcome(by, actionID, o)
}

// Outcomes lists an action's outcomes, oldest first, if viewer may see the action.
func (s *Store) Outcomes(viewer model.User, actionID model.ID) ([]model.Outcome, error) {
	return s.outcomes(viewer, actionID)
}

// AddEvidence appends an entry to a problem's evidence log
// (model.CheckAddEvidence); Ward comes from the problem, LoggedBy, Agency and
// LoggedAt from the actor and the clock. A zero Visibility takes the problem's.
func (s *Store) AddEvidence(by model.Actor, e model.Evidence) (model.Evidence, error) {
	return s.addEvidence(by, e)
}

// Evidence lists a problem's evidence viewer may see, by when it happened then ID.
func (s *Store) Evidence(viewer model.User, problemID model.ID) ([]model.Evidence, error) {
	return s.evidence(viewer, problemID)
}

// Meetings (issue 4). A meeting holds its agenda, minutes, attendance and
// vote; reads give each viewer model.Meeting.ForViewer's copy, without the
// problems and actions they may not see.

// CreateMeeting puts a planned meeting in the diary (model.CheckCreateMeeting).
// With no items it gets model.StandardAgenda, or, if m.PreviousID names an
// earlier meeting of the ward, model.CarryOver of it. Either way matters
// arising lists the ward's actions still open from earlier meetings.
func (s *Store) CreateMeeting(by model.Actor, m model.Meeting) (model.Meeting, error) {
	return s.createMeeting(by, m)
}

// ChangeMeeting applies one change (model.StepItem, model.WriteMinutes, …)
// to meeting id in one transaction, with its audit entry, and returns the
// meeting as by.User now reads it. A change that alters nothing
// (model.ErrUnchanged) writes nothing and is not an error. Starting the
// meeting adds to matters arising what was raised since it was made;
// closing the vote sets the ward's priorities; closing the meeting freezes
// what its minutes name (model.Frozen); model.AgreeMinutes marks the
// earlier meeting's minutes agreed too. A correction's audit entry holds
// the original text, as restricted as the entry it corrects.
func (s *Store) ChangeMeeting(by model.Actor, id model.ID, ch model.MeetingChange) (model.Meeting, error) {
	return s.changeMeeting(by, id, ch)
}

// RaiseMeetingAction creates a (as CreateAction does, in the meeting's
// ward) as raised under agenda item `item` of meeting meetingID, and notes
// it there, in one transaction.
func (s *Store) RaiseMeetingAction(by model.Actor, meetingID model.ID, item int, a model.Action) (model.Action, error) {
	return s.raiseMeetingAction(by, meetingID, item, a)
}

// ReviewAction records matters arising on an action in a live meeting
// (model.CheckReview): the owner's update, and the action's new status
// (blank: unchanged), which is saved to the action in the same transaction.
func (s *Store) ReviewAction(by model.Actor, meetingID, actionID model.ID, update string, status model.ActionStatus) (model.Meeting, error) {
	return s.reviewAction(by, meetingID, actionID, update, status)
}

// Meeting returns one meeting as viewer may read it, else ErrNotFound.
func (s *Store) Meeting(viewer model.User, id model.ID) (model.Meeting, error) {
	return s.meeting(viewer, id)
}

// Meetings lists the ward's meetings, oldest first, as viewer may read them.
func (s *Store) Meetings(viewer model.User, ward string) ([]model.Meeting, error) {
	return s.meetings(viewer, ward)
}

// Priorities returns the ward's current priorities, without those viewer
// may not see; none set yet is the zero value.
func (s *Store) Priorities(viewer model.User, ward string) (model.WardPriorities, error) {
	return s.priorities(viewer, ward)
}
