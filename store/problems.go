package store

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// A problem's audit entries carry its ward and visibility, so the trail of
// a restricted problem is as restricted as the problem. Summaries name the
// title and the fields that changed, never the description or location.

func noProblem(id model.ID) error {
	return fail(model.ErrNotFound, "problem %s not found", model.ProblemRef(id))
}

func (s *Store) createProblem(by model.Actor, p model.Problem) (model.Problem, error) {
	p.Visibility.Agencies = slices.Clone(p.Visibility.Agencies) // Validate sorts in place
	if err := p.Validate(); err != nil {
		return model.Problem{}, err
	}
	if err := model.CheckCreateProblem(by.User, p); err != nil {
		return model.Problem{}, err
	}
	err := s.change("create problem", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		if tx.Bucket(bucketWards).Get([]byte(p.Ward)) == nil {
			return model.AuditEntry{}, unknownWard(p.Ward)
		}
		if err := createRecord(tx, bucketProblems, &p, by, now); err != nil {
			return model.AuditEntry{}, err
		}
		p.ReviewBy = model.DefaultReview(p.Stage, now)
		if err := putProblem(tx, p); err != nil {
			return model.AuditEntry{}, err
		}
		if err := putPlan(tx, model.NewPlan(p, by.User.Name, now, "raised")); err != nil {
			return model.AuditEntry{}, err
		}
		return recordEntry(model.AuditProblemCreate, "problem", p.ID,
			fmt.Sprintf("title %q stage %s priority %s visibility %s", p.Title, p.Stage, p.Priority, p.Visibility), p.Ward, p.Visibility), nil
	})
	if err != nil {
		return model.Problem{}, err
	}
	return p, nil
}

// putProblem writes the record and its ward index entry together.
func putProblem(tx *bolt.Tx, p model.Problem) error {
	return putWardRecord(tx, bucketProblems, bucketProblemsByWard, p.Ward, p.ID, p)
}

func (s *Store) updateProblem(by model.Actor, p model.Problem, reason string) (model.Problem, error) {
	p.Visibility.Agencies = slices.Clone(p.Visibility.Agencies)
	if err := p.Validate(); err != nil {
		return model.Problem{}, err
	}
	var stored model.Problem
	err := s.change("update problem", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		var old model.Problem
		found, err := get(tx.Bucket(bucketProblems), u64(uint64(p.ID)), &old)
		if err != nil {
			return model.AuditEntry{}, err
		}
		if !found {
			return model.AuditEntry{}, noProblem(p.ID)
		}
		// Permission before the version check: a conflict would confirm
		// that a hidden record exists and who edits it.
		if err := model.CheckEditProblem(by.User, old, p); err != nil {
			if errors.Is(err, model.ErrNotFound) {
				return model.AuditEntry{}, noProblem(p.ID)
			}
			return model.AuditEntry{}, err
		}
		if p.Version != old.Version {
			return model.AuditEntry{}, &model.ConflictError{By: old.UpdatedBy, At: old.UpdatedAt}
		}
		if tx.Bucket(bucketWards).Get([]byte(p.Ward)) == nil {
			return model.AuditEntry{}, unknownWard(p.Ward)
		}
		if err := checkPanelRecord(tx, old, p); err != nil {
			return model.AuditEntry{}, err
		}
		p.CreatedBy, p.CreatedAt = old.CreatedBy, old.CreatedAt
		// The review date is set by a stage move or the lead agency
		// (setReview), never by saving the problem's details.
		p.ReviewBy = old.ReviewBy
		if unchanged(old, p, func(p *model.Problem) { p.UpdatedBy, p.UpdatedAt = old.UpdatedBy, old.UpdatedAt }) {
			stored = old
			return model.AuditEntry{}, model.ErrUnchanged
		}
		action := model.AuditProblemUpdate
		if old.Stage != p.Stage {
			if unchanged(old, p, func(p *model.Problem) { p.Stage, p.UpdatedBy, p.UpdatedAt = old.Stage, old.UpdatedBy, old.UpdatedAt }) {
				action = model.AuditProblemStage // a move and nothing else
			}
			if err := moveStageIn(tx, by, old, &p, reason, now); err != nil {
				return model.AuditEntry{}, err
			}
		}
		p.UpdatedBy, p.UpdatedAt = by.User.Name, now
		p.Version = old.Version + 1
		if err := putProblem(tx, p); err != nil {
			return model.AuditEntry{}, err
		}
		summary := changeSummary(old, p)
		if reason = model.CleanLine(reason, model.MaxLineLen); reason != "" {
			summary += "; why: " + reason
		}
		if old.Visibility.String() != p.Visibility.String() {
			acts, evs, err := reparentChildren(tx, p)
			if err != nil {
				return model.AuditEntry{}, err
			}
			if acts+evs > 0 {
				summary += fmt.Sprintf("; its %d actions and %d evidence entries keep their own visibility, shown no wider than it", acts, evs)
			}
		}
		return recordEntry(action, "problem", p.ID,
			summary, p.Ward, p.Visibility), nil
	})
	if errors.Is(err, model.ErrUnchanged) {
		return stored, nil // nothing written: no version, no audit entry
	}
	if err != nil {
		return model.Problem{}, err
	}
	return p, nil
}

// reparentChildren tells the actions and evidence on p what p's
// visibility now is. Each keeps its own visibility: while p is narrower it
// narrows what they show (model.CanSeeAction, CanSeeEvidence), and widening
// p gives back what each had. Only the bookkeeping field changes, so their
// versions stay: nobody editing an action meets a conflict for it.
func reparentChildren(tx *bolt.Tx, p model.Problem) (actions, evidence int, err error) {
	parent := parentVisibility(p.Visibility)
	acts, err := actionsVia(tx, bucketActionsByProblem, u64(uint64(p.ID)), func(a model.Action) bool { return a.ProblemID == p.ID })
	if err != nil {
		return 0, 0, err
	}
	for _, a := range acts {
		if a.Parent.String() == parent.String() {
			continue
		}
		a.Parent = parent
		if err := putAction(tx, a); err != nil {
			return 0, 0, err
		}
		actions++
	}
	// Collected first: bbolt's cursor must not see its bucket written under it.
	b := tx.Bucket(bucketEvidence)
	var moved []model.Evidence
	var keys [][]byte
	err = eachChild(b, p.ID, func(k []byte, e model.Evidence) error {
		if e.Parent.String() != parent.String() {
			moved, keys = append(moved, e), append(keys, slices.Clone(k))
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	for i, e := range moved {
		e.Parent = parent
		if err := put(b, keys[i], e); err != nil {
			return 0, 0, err
		}
	}
	return actions, len(moved), nil
}

// parentVisibility is what a child record keeps of its problem's
// visibility: nothing for a panel-wide problem, else a copy.
func parentVisibility(v model.Visibility) model.Visibility {
	if !v.Restricted() {
		return model.Visibility{}
	}
	return model.Visibility{Kind: v.Kind, Agencies: slices.Clone(v.Agencies), Officers: v.Officers}
}

// unchanged reports whether saving next over old would change nothing
// but the bookkeeping: same reports next with old's bookkeeping put back.
// A save that changes nothing writes nothing, so the version, the audit
// trail and every screen's "changed by" stay as they were.
func unchanged[T any](old, next T, same func(*T)) bool {
	same(&next)
	a, errA := encode(old)
	b, errB := encode(next)
	return errA == nil && errB == nil && bytes.Equal(a, b)
}

// changeSummary is one line for the audit trail: the title, then what
// moved. Free text (description, location) is only said to have changed.
func changeSummary(old, p model.Problem) string {
	parts := []string{fmt.Sprintf("title %q", p.Title)}
	if old.Title != p.Title {
		parts = append(parts, fmt.Sprintf("(was %q)", old.Title))
	}
	field := func(name, a, b string) {
		if a != b {
			parts = append(parts, fmt.Sprintf("%s %s→%s", name, a, b))
		}
	}
	field("stage", string(old.Stage), string(p.Stage))
	field("priority", old.Priority.String(), p.Priority.String())
	field("category", string(old.Category), string(p.Category))
	field("lead", orNone(old.LeadAgency), orNone(p.LeadAgency))
	field("visibility", old.Visibility.String(), p.Visibility.String())
	var edited []string
	if old.Description != p.Description {
		edited = append(edited, "description")
	}
	if old.Location != p.Location {
		edited = append(edited, "location")
	}
	if len(edited) > 0 {
		parts = append(parts, strings.Join(edited, " and ")+" edited")
	}
	return strings.Join(parts, " ")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func (s *Store) problem(viewer model.User, id model.ID) (model.Problem, error) {
	return viewRecord(s, "read problem", func(tx *bolt.Tx) (model.Problem, error) { return visibleProblem(tx, viewer, id) })
}

// problems is shared: every viewer of the same class (model.ClassOf) gets the
// same slice at one revision, so a board held by a hundred sessions is one
// list, not a hundred copies.
func (s *Store) problems(viewer model.User, ward string) ([]model.Problem, error) {
	return wardList(s, "list problems", viewer, ward, func(tx *bolt.Tx, code string) ([]model.Problem, error) {
		snap, err := s.problemCache.load(tx, code, problemSource(tx, code))
		if err != nil {
			return nil, err
		}
		return snap.view(model.ClassOf(viewer, code), func(p *model.Problem) bool { return model.CanSeeProblem(viewer, *p) }), nil
	})
}

// sharedProblems is problems as the cache's own records, by pointer, read
// with the same check: every viewer of the same class gets the same slice
// at one revision, and after a change it is made without copying a record
// (wardSnap.sharedView).
func (s *Store) sharedProblems(viewer model.User, ward string) ([]*model.Problem, error) {
	return wardList(s, "list problems", viewer, ward, func(tx *bolt.Tx, code string) ([]*model.Problem, error) {
		snap, err := s.problemCache.load(tx, code, problemSource(tx, code))
		if err != nil {
			return nil, err
		}
		return snap.sharedView(model.ClassOf(viewer, code), func(p *model.Problem) bool { return model.CanSeeProblem(viewer, *p) }), nil
	})
}

// problemSource is ward code's problems, by ID.
func problemSource(tx *bolt.Tx, code string) source[model.Problem] {
	return wardSource(tx, bucketProblemsByWard, bucketProblems, code, "problem", func(p *model.Problem) string { return p.Ward })
}
