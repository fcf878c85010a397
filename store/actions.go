package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// Tasking. An action's audit entries, and its outcomes' entries, carry the
// action's ward and visibility, so the trail is exactly as restricted as
// the action. Summaries name the title and what moved, never the
// description or an outcome's text.

func noAction(id model.ID) error {
	return fail(model.ErrNotFound, "action %s not found", model.ActionRef(id))
}

// hidden turns the model's bare ErrNotFound (a record the user may not see)
// into the store's message for a missing one, so probing IDs tells nothing.
func hidden(err, notFound error) error {
	if errors.Is(err, model.ErrNotFound) {
		return notFound
	}
	return err
}

// visibleProblem loads problem id for u; missing and hidden read the same.
func visibleProblem(tx *bolt.Tx, u model.User, id model.ID) (model.Problem, error) {
	return visibleRecord(tx, bucketProblems, id, func(p model.Problem) bool { return model.CanSeeProblem(u, p) }, noProblem)
}

// visibleAction loads action id for u; missing and hidden read the same.
func visibleAction(tx *bolt.Tx, u model.User, id model.ID) (model.Action, error) {
	return visibleRecord(tx, bucketActions, id, func(a model.Action) bool { return model.CanSeeAction(u, a) }, noAction)
}

// putAction writes the record and its index entries together. Ward and
// problem never change after creation, so rewriting the entries on an
// update is a no-op rather than a move.
//
// Every write of an action comes here, so this is where an assignment
// queues its e-mail notice (outbox.go), in the same transaction.
func putAction(tx *bolt.Tx, a model.Action) error {
	id := uint64(a.ID)
	var old model.Action
	had, err := get(tx.Bucket(bucketActions), u64(id), &old)
	if err != nil {
		return err
	}
	prev := &old
	if !had {
		prev = nil
	}
	if err := queueAssignment(tx, prev, a); err != nil {
		return err
	}
	if err := putWardRecord(tx, bucketActions, bucketActionsByWard, a.Ward, a.ID, a); err != nil {
		return err
	}
	if a.ProblemID == 0 {
		return nil
	}
	return tx.Bucket(bucketActionsByProblem).Put(pairKey(uint64(a.ProblemID), id), []byte{})
}

func knownAgency(tx *bolt.Tx, code string) error {
	if tx.Bucket(bucketAgencies).Get([]byte(code)) == nil {
		return fail(model.ErrNotFound, "unknown agency %s", code)
	}
	return nil
}

func (s *Store) createAction(by model.Actor, a model.Action) (model.Action, error) {
	a.MeetingID = 0 // only RaiseMeetingAction says which meeting raised it
	err := s.change("create action", by, func(tx *bolt.Tx, now time.Time) (e model.AuditEntry, err error) {
		a, e, err = insertAction(tx, by, now, a)
		return e, err
	})
	if err != nil {
		return model.Action{}, err
	}
	return a, nil
}

// insertAction checks, completes and stores a new action in the caller's
// transaction, and says what to audit.
func insertAction(tx *bolt.Tx, by model.Actor, now time.Time, a model.Action) (model.Action, model.AuditEntry, error) {
	// Validate turns a zero visibility into panel, so whether the caller
	// left it to the problem has to be noted first.
	inherit := a.Visibility.Kind == ""
	a.Visibility.Agencies = slices.Clone(a.Visibility.Agencies) // Validate sorts in place
	if err := a.Validate(); err != nil {
		return a, model.AuditEntry{}, err
	}
	if tx.Bucket(bucketWards).Get([]byte(a.Ward)) == nil {
		return a, model.AuditEntry{}, unknownWard(a.Ward)
	}
	var problem *model.Problem
	if a.ProblemID != 0 {
		p, err := visibleProblem(tx, by.User, a.ProblemID)
		if err != nil {
			return a, model.AuditEntry{}, err
		}
		problem = &p
		if inherit {
			a.Visibility = p.Visibility
		}
	}
	a.Parent = model.Visibility{} // the store's bookkeeping, whatever the caller sent
	if problem != nil {
		a.Parent = parentVisibility(problem.Visibility)
	}
	if err := model.CheckCreateAction(by.User, a, problem); err != nil {
		return a, model.AuditEntry{}, hidden(err, noProblem(a.ProblemID))
	}
	// An owner nobody can be enrolled in would leave the action with
	// no one to work on it.
	if err := knownAgency(tx, a.OwnerAgency); err != nil {
		return a, model.AuditEntry{}, err
	}
	a, err := assignable(tx, a, nil)
	if err != nil {
		return a, model.AuditEntry{}, err
	}
	if err := createRecord(tx, bucketActions, &a, by, now); err != nil {
		return a, model.AuditEntry{}, err
	}
	if err := putAction(tx, a); err != nil {
		return a, model.AuditEntry{}, err
	}
	summary := fmt.Sprintf("title %q owner %s due %s status %s visibility %s",
		a.Title, a.OwnerAgency, date(a.Due), a.Status, a.Visibility)
	if a.ProblemID != 0 {
		summary += " on problem " + model.ProblemRef(a.ProblemID)
	}
	if a.MeetingID != 0 {
		summary += fmt.Sprintf(" in meeting %d", a.MeetingID)
	}
	return a, actionEntry(model.AuditActionCreate, a, summary), nil
}

func actionEntry(verb model.AuditAction, a model.Action, summary string) model.AuditEntry {
	return recordEntry(verb, "action", a.ID, summary, a.Ward, a.Visibility)
}

func date(t time.Time) string { return t.Format(time.DateOnly) }

func (s *Store) updateAction(by model.Actor, a model.Action) (model.Action, error) {
	a.Visibility.Agencies = slices.Clone(a.Visibility.Agencies)
	var stored model.Action
	err := s.change("update action", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		old, err := visibleAction(tx, by.User, a.ID)
		if err != nil {
			return model.AuditEntry{}, err
		}
		// The bookkeeping is the store's, whatever the caller sent. A
		// blank status or visibility means "as it was": Validate would
		// otherwise read them as open and panel, reopening or widening
		// the action behind the caller's back. A different ward or
		// problem is left for CheckEditAction to refuse out loud.
		a.CreatedBy, a.CreatedAt, a.MeetingID, a.Parent = old.CreatedBy, old.CreatedAt, old.MeetingID, old.Parent
		if strings.TrimSpace(a.Ward) == "" {
			a.Ward = old.Ward
		}
		if a.Status == "" {
			a.Status = old.Status
		}
		if a.Visibility.Kind == "" {
			a.Visibility = old.Visibility
		}
		if err := a.Validate(); err != nil {
			return model.AuditEntry{}, err
		}
		// Permission before the version check: a conflict would confirm
		// that a hidden record exists and who edits it.
		if err := model.CheckEditAction(by.User, old, a); err != nil {
			return model.AuditEntry{}, hidden(err, noAction(a.ID))
		}
		if err := checkWithinProblem(tx, old, a); err != nil {
			return model.AuditEntry{}, err
		}
		if a.OwnerAgency != old.OwnerAgency {
			if err := knownAgency(tx, a.OwnerAgency); err != nil {
				return model.AuditEntry{}, err
			}
		}
		if a.Version != old.Version {
			return model.AuditEntry{}, &model.ConflictError{By: old.UpdatedBy, At: old.UpdatedAt}
		}
		if a, err = assignable(tx, a, &old); err != nil {
			return model.AuditEntry{}, err
		}
		if unchanged(old, a, func(a *model.Action) { a.UpdatedBy, a.UpdatedAt = old.UpdatedBy, old.UpdatedAt }) {
			stored = old
			return model.AuditEntry{}, model.ErrUnchanged
		}
		a.UpdatedBy, a.UpdatedAt = by.User.Name, now
		a.Version = old.Version + 1
		if err := putAction(tx, a); err != nil {
			return model.AuditEntry{}, err
		}
		return actionEntry(model.AuditActionUpdate, a, actionChanges(old, a)), nil
	})
	if errors.Is(err, model.ErrUnchanged) {
		return stored, nil // nothing written: no version, no audit entry
	}
	if err != nil {
		return model.Action{}, err
	}
	return a, nil
}

// assignable checks a's assignee against the ward's users (see
// model.CheckAssignee) and puts in the user's name as enrolled.
func assignable(tx *bolt.Tx, a model.Action, old *model.Action) (model.Action, error) {
	if a.Assignee == "" || old != nil && a.Assignee == old.Assignee {
		return a, nil
	}
	users, err := allUsers(tx)
	if err != nil {
		return a, err
	}
	return model.CheckAssignee(a, old, users)
}

// allUsers reads every user record.
func allUsers(tx *bolt.Tx) ([]model.User, error) {
	return allRecords[model.User](tx.Bucket(bucketUsers))
}

// checkWithinProblem keeps an edit from widening an action beyond its
// problem, which would reveal the problem to people it is hidden from.
// model.CheckCreateAction holds the rule at creation; CheckEditAction has
// no problem to hold it against, so the store does it here.
func checkWithinProblem(tx *bolt.Tx, old, a model.Action) error {
	if a.ProblemID == 0 || old.Visibility.String() == a.Visibility.String() {
		return nil
	}
	var p model.Problem
	found, err := get(tx.Bucket(bucketProblems), u64(uint64(a.ProblemID)), &p)
	if err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("action %d is on problem %d, which is not there: %w", a.ID, a.ProblemID, ErrCorrupt)
	}
	if !a.Visibility.Within(p.Visibility) {
		return &model.ValidationError{Field: "visibility", Message: fmt.Sprintf(
			"an action on a problem restricted to %s can be no wider than that", p.Visibility)}
	}
	return nil
}

// actionChanges is one line for the audit trail: the title, then what
// moved, e.g. `"Visit Elm Court": status open→done, due 2026-12-01→2026-12-08`.
// The description is only said to have changed.
func actionChanges(old, a model.Action) string {
	var parts []string
	field := func(name, from, to string) {
		if from != to {
			parts = append(parts, fmt.Sprintf("%s %s→%s", name, from, to))
		}
	}
	field("status", string(old.Status), string(a.Status))
	field("due", date(old.Due), date(a.Due))
	field("owner", old.OwnerAgency, a.OwnerAgency)
	field("assignee", orNone(old.Assignee), orNone(a.Assignee))
	if old.Title != a.Title {
		parts = append(parts, fmt.Sprintf("title was %q", old.Title))
	}
	field("visibility", old.Visibility.String(), a.Visibility.String())
	if old.Description != a.Description {
		parts = append(parts, "description edited")
	}
	return fmt.Sprintf("%q: %s", a.Title, strings.Join(parts, ", "))
}

func (s *Store) changeActionStatus(by model.Actor, ch StatusChange) (model.Action, error) {
	var a model.Action
	id := ch.ID
	// Grouped: this function is safe to run twice (a is set afresh from
	// what the transaction reads; nothing else outside it is touched).
	err := s.changeGrouped("set action status", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		old, err := visibleAction(tx, by.User, id)
		if err != nil {
			return model.AuditEntry{}, err
		}
		next, err := model.ParseActionStatus(string(ch.Status))
		if err != nil {
			return model.AuditEntry{}, err
		}
		// CheckEditAction lets an unchanged status through, as a form
		// saving other fields needs; a command asking for the status the
		// action already has is a mistake worth saying so.
		if next == old.Status {
			return model.AuditEntry{}, old.Status.CheckMove(next)
		}
		a = old
		a.Status = next
		if err := model.CheckEditAction(by.User, old, a); err != nil {
			return model.AuditEntry{}, hidden(err, noAction(id))
		}
		// Permission first, as in updateAction: a conflict would confirm
		// that a hidden record exists.
		if ch.Version != 0 && ch.Version != old.Version {
			return model.AuditEntry{}, &model.ConflictError{By: old.UpdatedBy, At: old.UpdatedAt}
		}
		a.UpdatedBy, a.UpdatedAt = by.User.Name, now
		a.Version = old.Version + 1
		if err := putAction(tx, a); err != nil {
			return model.AuditEntry{}, err
		}
		summary := fmt.Sprintf("%q: status %s→%s", a.Title, old.Status, a.Status)
		if ch.Outcome != nil {
			o, err := appendOutcome(tx, by, now, a, *ch.Outcome)
			if err != nil {
				return model.AuditEntry{}, err
			}
			summary += fmt.Sprintf(" with outcome %d (%s)", o.ID, o.Result)
		}
		// One entry for both: they are one change made by one command.
		return actionEntry(model.AuditActionStatus, a, summary), nil
	})
	if err != nil {
		return model.Action{}, err
	}
	return a, nil
}

// appendOutcome checks, completes and stores o on action a, in the caller's
// transaction.
func appendOutcome(tx *bolt.Tx, by model.Actor, now time.Time, a model.Action, o model.Outcome) (model.Outcome, error) {
	if err := model.CheckLogOutcome(by.User, a); err != nil {
		return model.Outcome{}, hidden(err, noAction(a.ID))
	}
	if err := o.Validate(); err != nil {
		return model.Outcome{}, err
	}
	if err := checkPublishable(by.User, a, o); err != nil { // publish.go
		return model.Outcome{}, err
	}
	b := tx.Bucket(bucketOutcomes)
	seq, err := b.NextSequence()
	if err != nil {
		return model.Outcome{}, err
	}
	o.ID, o.ActionID = model.ID(seq), a.ID
	o.By, o.Agency, o.At = by.User.Name, by.User.Agency, now
	if err := put(b, pairKey(uint64(a.ID), seq), o); err != nil {
		return model.Outcome{}, err
	}
	return o, nil
}

func (s *Store) addOutcome(by model.Actor, actionID model.ID, o model.Outcome) (model.Outcome, error) {
	err := s.change("add outcome", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		a, err := visibleAction(tx, by.User, actionID)
		if err != nil {
			return model.AuditEntry{}, err
		}
		if o, err = appendOutcome(tx, by, now, a, o); err != nil {
			return model.AuditEntry{}, err
		}
		return actionEntry(model.AuditOutcomeAdd, a, fmt.Sprintf("%q: outcome %d (%s)", a.Title, o.ID, o.Result)), nil
	})
	if err != nil {
		return model.Outcome{}, err
	}
	return o, nil
}

func (s *Store) action(viewer model.User, id model.ID) (model.Action, error) {
	return viewRecord(s, "read action", func(tx *bolt.Tx) (model.Action, error) { return visibleAction(tx, viewer, id) })
}

func (s *Store) actions(viewer model.User, ward string) ([]model.Action, error) {
	return wardList(s, "list actions", viewer, ward, func(tx *bolt.Tx, code string) ([]model.Action, error) {
		snap, err := s.actionCache.load(tx, code, actionSource(tx, code))
		if err != nil {
			return nil, err
		}
		return snap.copies(func(a *model.Action) bool { return model.CanSeeAction(viewer, *a) },
			func(a *model.Action) { detachVisibility(&a.Visibility) }), nil
	})
}

func (s *Store) problemActions(viewer model.User, problemID model.ID) ([]model.Action, error) {
	var out []model.Action
	err := s.view("list a problem's actions", func(tx *bolt.Tx) error {
		if _, err := visibleProblem(tx, viewer, problemID); err != nil {
			return err
		}
		all, err := actionsVia(tx, bucketActionsByProblem, u64(uint64(problemID)), func(a model.Action) bool { return a.ProblemID == problemID })
		out = visibleActions(viewer, all)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func visibleActions(viewer model.User, all []model.Action) []model.Action {
	return visible(all, func(a model.Action) bool { return model.CanSeeAction(viewer, a) },
		func(a *model.Action) { detachVisibility(&a.Visibility) })
}

// actionSource is ward code's actions, by ID.
func actionSource(tx *bolt.Tx, code string) source[model.Action] {
	return wardSource(tx, bucketActionsByWard, bucketActions, code, "action", func(a *model.Action) string { return a.Ward })
}

// actionsVia reads the actions an index lists under prefix. belongs
// double-checks each record against the index: an entry that disagrees
// with its record is damage, not a filter.
func actionsVia(tx *bolt.Tx, index, prefix []byte, belongs func(model.Action) bool) ([]model.Action, error) {
	// Counting the keys first costs little beside decoding the records,
	// and saves regrowing a slice of large structs as long as the list:
	// a fifth of the time of a long list went to that.
	c := tx.Bucket(index).Cursor()
	n := 0
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		n++
	}
	out := make([]model.Action, 0, n)
	actions := tx.Bucket(bucketActions)
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		id := k[len(prefix):]
		if len(id) != 8 {
			return nil, fmt.Errorf("%s entry %x: %w", index, k, ErrCorrupt)
		}
		out = append(out, model.Action{}) // decoded in place: no copy of a large struct
		a := &out[len(out)-1]
		found, err := get(actions, id, a)
		if err != nil {
			return nil, err
		}
		if !found || !belongs(*a) {
			return nil, fmt.Errorf("%s lists action %d, which is not there: %w", index, binary.BigEndian.Uint64(id), ErrCorrupt)
		}
	}
	return out, nil
}

func (s *Store) outcomes(viewer model.User, actionID model.ID) ([]model.Outcome, error) {
	// Outcomes have no visibility of their own: the action's decides.
	return seenChildren[model.Outcome](s, "list outcomes", bucketOutcomes, actionID, func(tx *bolt.Tx) error {
		_, err := visibleAction(tx, viewer, actionID)
		return err
	}, nil)
}
