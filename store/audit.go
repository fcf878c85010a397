package store

import (
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// appendAudit completes e and appends it in the write's own transaction.
// The actor is kept to who they were at the time (ID, name, agency, role)
// and the key they used; their keys and wards are not the trail's business.
func appendAudit(tx *bolt.Tx, by model.Actor, now time.Time, e model.AuditEntry) error {
	b := tx.Bucket(bucketAudit)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	e.Seq = seq
	e.At = now
	e.Actor = model.Actor{
		User: model.User{
			ID:     by.User.ID,
			Name:   by.User.Name,
			Agency: by.User.Agency,
			Role:   by.User.Role,
		},
		Fingerprint: by.Fingerprint,
	}
	if e.Visibility.Kind == "" {
		e.Visibility = model.Panel
	}
	return put(b, u64(seq), e)
}

func (s *Store) audit(viewer model.User, limit int) ([]model.AuditEntry, error) {
	out := []model.AuditEntry{}
	if !mayReadSomeAudit(viewer) {
		return out, nil // spares a scan of the whole trail for residents
	}
	err := s.view("read audit", func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketAudit).Cursor()
		for k, v := c.Last(); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Prev() {
			var e model.AuditEntry
			if err := decode(v, &e); err != nil {
				return err
			}
			if model.CanSeeAudit(viewer, e) {
				out = append(out, e)
			}
		}
		return nil
	})
	return out, err
}

// mayReadSomeAudit asks model, not a copy of its rules, whether any entry
// could be visible: an administrative one, or a panel-wide one in a ward of
// the viewer's.
func mayReadSomeAudit(u model.User) bool {
	if model.CanSeeAudit(u, model.AuditEntry{}) {
		return true
	}
	for _, w := range u.Wards {
		if model.CanSeeAudit(u, model.AuditEntry{Ward: w, Visibility: model.Panel}) {
			return true
		}
	}
	return false
}
