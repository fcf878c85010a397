package store

import (
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// An evidence entry's audit entry carries the problem's ward and the
// entry's own visibility, which may be narrower than the problem's: a
// police-only fact on a panel problem leaves a police-only trail. The
// summary names the kind and the problem, never the text.

func (s *Store) addEvidence(by model.Actor, e model.Evidence) (model.Evidence, error) {
	inherit := e.Visibility.Kind == "" // before Validate makes it panel
	e.Visibility.Agencies = slices.Clone(e.Visibility.Agencies)
	err := s.change("add evidence", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		p, err := visibleProblem(tx, by.User, e.ProblemID)
		if err != nil {
			return model.AuditEntry{}, err
		}
		e.Ward, e.Parent = p.Ward, parentVisibility(p.Visibility)
		if inherit {
			e.Visibility = p.Visibility
		}
		if err := e.Validate(); err != nil {
			return model.AuditEntry{}, err
		}
		if err := model.CheckAddEvidence(by.User, e, p); err != nil {
			return model.AuditEntry{}, hidden(err, noProblem(p.ID))
		}
		b := tx.Bucket(bucketEvidence)
		seq, err := b.NextSequence()
		if err != nil {
			return model.AuditEntry{}, err
		}
		e.ID = model.ID(seq)
		e.LoggedBy, e.Agency, e.LoggedAt = by.User.Name, by.User.Agency, now
		if err := put(b, pairKey(uint64(p.ID), seq), e); err != nil {
			return model.AuditEntry{}, err
		}
		return recordEntry(model.AuditEvidenceAdd, "problem", p.ID,
			fmt.Sprintf("evidence %d (%s, occurred %s) on problem %s %q", e.ID, e.Kind, date(e.Occurred), model.ProblemRef(p.ID), p.Title), p.Ward, e.Visibility), nil
	})
	if err != nil {
		return model.Evidence{}, err
	}
	return e, nil
}

// SetEvidenceVisibility changes who sees evidence entry id on problem
// problemID (model.CheckEditEvidence): no wider than the problem. The entry
// keeps it when the problem is later narrowed and widened again.
func (s *Store) SetEvidenceVisibility(by model.Actor, problemID, id model.ID, v model.Visibility) (model.Evidence, error) {
	v.Agencies = slices.Clone(v.Agencies)
	if err := v.Validate(); err != nil {
		return model.Evidence{}, err
	}
	var e model.Evidence
	err := s.change("change evidence visibility", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		p, err := visibleProblem(tx, by.User, problemID)
		if err != nil {
			return model.AuditEntry{}, err
		}
		key := pairKey(uint64(problemID), uint64(id))
		found, err := get(tx.Bucket(bucketEvidence), key, &e)
		if err != nil {
			return model.AuditEntry{}, err
		}
		notFound := fail(model.ErrNotFound, "evidence %d not found", id)
		if !found {
			return model.AuditEntry{}, notFound
		}
		was := e.Visibility
		if was.String() == v.String() && model.CanSeeEvidence(by.User, e) {
			return model.AuditEntry{}, model.ErrUnchanged
		}
		if err := model.CheckEditEvidence(by.User, e, p, v); err != nil {
			return model.AuditEntry{}, hidden(err, notFound)
		}
		e.Visibility = v
		if err := put(tx.Bucket(bucketEvidence), key, e); err != nil {
			return model.AuditEntry{}, err
		}
		// The entry is as restricted as the narrower of the two, so the
		// trail tells nobody what the record no longer shows them.
		vis := v
		if was.Within(v) {
			vis = was
		}
		return recordEntry(model.AuditEvidenceVisibility, "problem", p.ID,
			fmt.Sprintf("evidence %d (%s) on problem %s: visibility %s→%s", e.ID, e.Kind, model.ProblemRef(p.ID), was, v), p.Ward, vis), nil
	})
	if errors.Is(err, model.ErrUnchanged) {
		return e, nil
	}
	if err != nil {
		return model.Evidence{}, err
	}
	return e, nil
}

func (s *Store) evidence(viewer model.User, problemID model.ID) ([]model.Evidence, error) {
	out, err := seenChildren(s, "list evidence", bucketEvidence, problemID, func(tx *bolt.Tx) error {
		_, err := visibleProblem(tx, viewer, problemID)
		return err
	}, func(_ *bolt.Tx, e model.Evidence) (model.Evidence, bool, error) {
		return e, model.CanSeeEvidence(viewer, e), nil
	})
	if err != nil {
		return nil, err
	}
	// The cursor gives ID order; a stable sort by date keeps it within a day.
	slices.SortStableFunc(out, func(a, b model.Evidence) int { return a.Occurred.Compare(b.Occurred) })
	return out, nil
}
