package store

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// UserChange is what an admin changes about an existing user; what is left
// empty stays as it is.
type UserChange struct {
	Role        model.Role
	Agency      string
	AddWards    []string
	RemoveWards []string
	// Email, if set, is the new address; pointing to "" removes it.
	Email *string
}

// EditUser changes user id's role, agency, wards or e-mail (admins only), with its
// audit entry, in one transaction. The user keeps their keys and history;
// their live sessions are re-checked after the change like any other (the
// SSH server tells them to connect again). An admin may not change their
// own role: that could leave nobody able to change it back.
func (s *Store) EditUser(by model.Actor, id model.ID, ch UserChange) (model.User, error) {
	if err := checkAdmin(by); err != nil {
		return model.User{}, err
	}
	var u model.User
	err := s.change("edit user", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		if err := checkAdminNow(tx, by); err != nil {
			return model.AuditEntry{}, err
		}
		if err := getUser(tx, id, &u); err != nil {
			return model.AuditEntry{}, err
		}
		old := u
		old.Wards = slices.Clone(u.Wards)
		if ch.Role != "" {
			u.Role = ch.Role
		}
		if ch.Agency != "" {
			u.Agency = ch.Agency
		}
		u.Wards = append(slices.Clone(u.Wards), ch.AddWards...)
		u.Wards = slices.DeleteFunc(u.Wards, func(w string) bool { return slices.Contains(ch.RemoveWards, w) })
		if ch.Email != nil {
			u.Email = *ch.Email
		}
		if err := u.Validate(); err != nil {
			return model.AuditEntry{}, err
		}
		if err := reindexEmail(tx, old, u); err != nil {
			return model.AuditEntry{}, err
		}
		if !by.IsOperator() && by.User.ID == u.ID && u.Role != old.Role {
			return model.AuditEntry{}, fail(model.ErrInvalid, "you cannot change your own role")
		}
		for _, w := range u.Wards {
			if tx.Bucket(bucketWards).Get([]byte(w)) == nil {
				return model.AuditEntry{}, unknownWard(w)
			}
		}
		if tx.Bucket(bucketAgencies).Get([]byte(u.Agency)) == nil {
			return model.AuditEntry{}, fail(model.ErrNotFound, "unknown agency %s (add it first)", u.Agency)
		}
		summary := userChanges(old, u)
		if summary == "" {
			return model.AuditEntry{}, fail(model.ErrInvalid, "%s already has that role, agency, e-mail and those wards", u.Name)
		}
		u.Version++
		if err := put(tx.Bucket(bucketUsers), u64(uint64(id)), u); err != nil {
			return model.AuditEntry{}, err
		}
		return userEntry(model.AuditUserEdit, u, fmt.Sprintf("user %q: %s", u.Name, summary)), nil
	})
	if err != nil {
		return model.User{}, err
	}
	return u, nil
}

// userChanges says what moved between old and u, or "" if nothing did.
func userChanges(old, u model.User) string {
	var parts []string
	if old.Role != u.Role {
		parts = append(parts, fmt.Sprintf("role %s→%s", old.Role, u.Role))
	}
	if old.Agency != u.Agency {
		parts = append(parts, fmt.Sprintf("agency %s→%s", old.Agency, u.Agency))
	}
	if !slices.Equal(old.Wards, u.Wards) {
		parts = append(parts, fmt.Sprintf("wards %s→%s", strings.Join(old.Wards, ","), strings.Join(u.Wards, ",")))
	}
	if old.Email != u.Email {
		parts = append(parts, "e-mail changed") // the address itself stays out of the audit trail
	}
	return strings.Join(parts, "; ")
}

// reindexEmail moves a user's entry in user_emails from old's address to
// u's, refusing an address another user has.
func reindexEmail(tx *bolt.Tx, old, u model.User) error {
	if old.Email == u.Email {
		return nil
	}
	index := tx.Bucket(bucketUserEmails)
	if u.Email != "" {
		if v := index.Get([]byte(u.Email)); v != nil && !bytes.Equal(v, u64(uint64(u.ID))) {
			return fail(model.ErrDuplicate, "another user already has the e-mail address %s", u.Email)
		}
		if err := index.Put([]byte(u.Email), u64(uint64(u.ID))); err != nil {
			return err
		}
	}
	if old.Email != "" {
		return index.Delete([]byte(old.Email))
	}
	return nil
}

// checkUserEmails holds user_emails and the users' addresses to each
// other, both ways.
func (c *checker) checkUserEmails() {
	emails := c.tx.Bucket(bucketUserEmails)
	if emails == nil {
		return // a file before schema 8; the schema check says so
	}
	for id, u := range c.users {
		if u.Email != "" && !listed(emails, []byte(u.Email), u64(id)) {
			c.fault("user %d: user_emails does not list their e-mail address", id)
		}
	}
	c.each(bucketUserEmails, func(k, v []byte) {
		u, ok := c.userFor(bucketUserEmails, k, v)
		if ok && u.Email != string(k) {
			c.fault("user_emails: an address names user %d, who does not have it", u.ID)
		}
	})
}
