package tui

import (
	"wardpanel/model"
	"wardpanel/store"
)

// The fake store keeps no audit trail: the audit screen is tested on the
// real store (audit_test.go), whose visibility rules it would otherwise repeat.
func (s *fakeStore) AuditFind(model.User, store.AuditQuery) ([]model.AuditEntry, error) {
	return []model.AuditEntry{}, nil
}
