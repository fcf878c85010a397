package store

import (
	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// AuditDenied records an attempt that was refused (an unknown key, a wrong
// invite code, a write the rules forbade) in the audit trail, as
// "denied.<action>", visible to admins only (no ward). It bumps the
// revision, as every audit entry does, so Check's rule that the revision
// is at least the trail's length holds; but it tells no subscriber:
// nothing any screen shows has changed, and a burst of refusals must not
// make every session re-read its screen. The audit screen shows them with
// the next change, or when it is opened.
//
// What a refused party supplied (the name they asked for, the code they
// typed) is untrusted: the actor's name and key, the action, the target
// and the reason are all made inert and capped before they are stored.
func (s *Store) AuditDenied(by model.Actor, action, target, reason string) error {
	by.User.Name = model.CleanLine(by.User.Name, model.MaxNameLen)
	by.User.Agency = model.CleanLine(by.User.Agency, model.MaxNameLen)
	by.User.Role = model.Role(model.CleanLine(string(by.User.Role), model.MaxNameLen))
	by.Fingerprint = model.CleanLine(by.Fingerprint, model.MaxLineLen)
	action = model.CleanLine(action, model.MaxNameLen)
	if action == "" {
		action = "unknown"
	}
	var inner error
	var rev uint64
	err := s.update("record a refusal", func(tx *bolt.Tx) error {
		now := s.clock().UTC().Round(0)
		inner = appendAudit(tx, by, now, model.AuditEntry{Action: model.Denied(action),
			Target:  model.CleanLine(target, model.MaxLineLen),
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
