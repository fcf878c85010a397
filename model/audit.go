package model

import "time"

// Actor is who makes a change: the user and the key they authenticated
// with. The server's operator, working on the data folder directly, is the
// actor Operator.
type Actor struct {
	User        User
	Fingerprint string
}

// Operator is the actor for changes made with the wardpanel command on the
// server itself (user add, ward add). It may manage users and wards; it has
// no ward, so it sees and changes no ward's records.
var Operator = Actor{User: User{Name: "operator", Role: RoleAdmin}, Fingerprint: "local"}

// IsOperator reports whether the change comes from the server's own command line.
func (a Actor) IsOperator() bool { return a.User.ID == 0 && a.Fingerprint == Operator.Fingerprint }

// AuditEntry records one change: who, with which key, when, what and to which record.
// Ward and Visibility are the record's, so the audit trail is filtered by
// the same rule as the record itself.
type AuditEntry struct {
	Seq        uint64      `json:"seq"`
	At         time.Time   `json:"at"`
	Actor      Actor       `json:"actor"`
	Action     AuditAction `json:"action"` // e.g. AuditProblemCreate
	Target     string      `json:"target"` // e.g. "problem/12"
	Summary    string      `json:"summary"`
	Ward       string      `json:"ward,omitempty"`
	Visibility Visibility  `json:"visibility"`
}

// CanReadAudit reports whether u's role reads the audit trail at all:
// admins, agency officers and the panel's officers (chair, vice-chair,
// secretary). Which entries they see is CanSeeAudit's business.
func CanReadAudit(u User) bool {
	return u.Role == RoleAdmin || u.Role == RoleOfficer || u.Role.IsPanelOfficer()
}

// CanSeeAudit decides whether u may read an audit entry: officers and admins
// read the trail, and restricted records' entries only where the record is visible.
func CanSeeAudit(u User, e AuditEntry) bool {
	if !CanReadAudit(u) {
		return false
	}
	if e.Ward == "" {
		return u.Role == RoleAdmin // user and ward administration
	}
	return CanSee(u, e.Ward, e.Visibility)
}

// CanSeeAuditNow is CanSeeAudit for an entry about a record that still
// exists, with visibility now: u must be able to see the entry as it was
// written and the record as it is. An entry written while a problem was
// panel-wide names its title; once the problem is restricted, that title
// is for its new audience only.
func CanSeeAuditNow(u User, e AuditEntry, now Visibility) bool {
	return CanSeeAudit(u, e) && CanSee(u, e.Ward, now)
}
