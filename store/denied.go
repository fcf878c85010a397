package store

import (
	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// AuditDenied records an attempt that was refused (an unknown key, a wrong
// invite code, a write the rules forbade) in the audit trail, as
// "denied.<action>", visible to admins only (no ward). It bumps the
// revision, as every audit entry does, but tells no subscriber: nothing any
// screen shows has changed, and a burst of refusals must not make every
// session re-read its screen.
func (s *Store) AuditDenied(by model.Actor, action, target, reason string) error {
	var inner error
	var rev uint64
	err := s.db.Update(func(tx *bolt.Tx) error {
		now := s.clock().UTC().Round(0)
		inner = appendAudit(tx, by, now, model.AuditEntry{Action: "denied." + action, Target: target,
			Summary: model.CleanLine(reason, model.MaxLineLen)})
		if inner == nil {
			rev, inner = bumpRevision(tx)
		}
		if inner == nil {
			inner = s.checkRoom(tx)
		}
		return inner
	})
	if err != nil {
		if inner != nil && isOurs(inner) {
			return err
		}
		return storageErr("record a refusal", err)
	}
	s.mu.Lock()
	if rev > s.rev.Load() {
		s.rev.Store(rev)
	}
	s.mu.Unlock()
	return nil
}
