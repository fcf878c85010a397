package store

import (
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// Keys and people (issue 6): revoking a key, disabling and enabling a
// user. Each is one transaction with one audit entry, and publishes to the
// change feed, which is how the SSH server learns to end the sessions that
// may no longer go on. Like AddUser they are for the operator or an admin;
// an admin acting from a session must still be an enabled admin when the
// change commits, not merely when their session began.

// RevokeKey removes the key with the given fingerprint from user userID
// and from the key index, so the key no longer identifies anyone: its
// live sessions end and its next connection is told it is not enrolled.
// A key the user does not have is ErrNotFound.
//
// Revoking a user's last key is allowed: a key that may be in the wrong
// hands must be stoppable at once, before a replacement is to hand. The
// user stays, with no key, until `key add` or DisableUser.
func (s *Store) RevokeKey(by model.Actor, userID model.ID, fingerprint string) (model.User, error) {
	if err := checkAdmin(by); err != nil {
		return model.User{}, err
	}
	fp := strings.TrimSpace(fingerprint)
	var u model.User
	err := s.change("revoke key", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		if err := checkAdminNow(tx, by); err != nil {
			return model.AuditEntry{}, err
		}
		id := u64(uint64(userID))
		if err := getUser(tx, userID, &u); err != nil {
			return model.AuditEntry{}, err
		}
		i := slices.IndexFunc(u.Keys, func(k model.Key) bool { return k.Fingerprint == fp })
		if fp == "" || i < 0 {
			return model.AuditEntry{}, fail(model.ErrNotFound, "%s has no key %s", u.Name, model.CleanLine(fp, 80))
		}
		u.Keys = slices.Delete(u.Keys, i, i+1)
		u.Version++
		if err := put(tx.Bucket(bucketUsers), id, u); err != nil {
			return model.AuditEntry{}, err
		}
		if err := tx.Bucket(bucketUserKeys).Delete([]byte(fp)); err != nil {
			return model.AuditEntry{}, err
		}
		return userEntry(model.AuditUserKeyRevoke, u, fmt.Sprintf("key %s of %q revoked, %d key(s) left", fp, u.Name, len(u.Keys))), nil
	})
	if err != nil {
		return model.User{}, err
	}
	return u, nil
}

// DisableUser stops user id from connecting: their live sessions end and
// every key of theirs is refused with model.ErrDisabled. Their record,
// keys and authorship stay, so EnableUser undoes it. Disabling a disabled
// user, or an admin disabling themselves, is refused (ErrInvalid): the
// latter would leave nobody in a session able to undo it.
func (s *Store) DisableUser(by model.Actor, id model.ID) (model.User, error) {
	return s.setDisabled(by, id, true)
}

// EnableUser lets a disabled user connect again with the keys they have.
// Enabling an enabled user is refused (ErrInvalid).
func (s *Store) EnableUser(by model.Actor, id model.ID) (model.User, error) {
	return s.setDisabled(by, id, false)
}

func (s *Store) setDisabled(by model.Actor, userID model.ID, disabled bool) (model.User, error) {
	if err := checkAdmin(by); err != nil {
		return model.User{}, err
	}
	verb, action := "enable", model.AuditUserEnable
	if disabled {
		verb, action = "disable", model.AuditUserDisable
	}
	var u model.User
	err := s.change(verb+" user", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		if err := checkAdminNow(tx, by); err != nil {
			return model.AuditEntry{}, err
		}
		if err := getUser(tx, userID, &u); err != nil {
			return model.AuditEntry{}, err
		}
		switch {
		case u.Disabled == disabled:
			return model.AuditEntry{}, fail(model.ErrInvalid, "%s is already %sd", u.Name, verb)
		case disabled && !by.IsOperator() && by.User.ID == u.ID:
			return model.AuditEntry{}, fail(model.ErrInvalid, "you cannot disable your own account")
		}
		u.Disabled = disabled
		u.Version++
		if err := put(tx.Bucket(bucketUsers), u64(uint64(userID)), u); err != nil {
			return model.AuditEntry{}, err
		}
		return userEntry(action, u, fmt.Sprintf("user %q %sd (%d key(s))", u.Name, verb, len(u.Keys))), nil
	})
	if err != nil {
		return model.User{}, err
	}
	return u, nil
}

// getUser reads user id inside a transaction; ErrNotFound if there is none.
func getUser(tx *bolt.Tx, id model.ID, u *model.User) error {
	found, err := get(tx.Bucket(bucketUsers), u64(uint64(id)), u)
	if err == nil && !found {
		err = noUser(id)
	}
	return err
}

// checkAdminNow re-checks, inside the transaction, an admin acting from a
// session: the Actor was read when their session began, and since then
// they may have been disabled, demoted or removed.
func checkAdminNow(tx *bolt.Tx, by model.Actor) error {
	if by.IsOperator() {
		return nil
	}
	var now model.User
	if err := getUser(tx, by.User.ID, &now); err != nil {
		return fail(model.ErrForbidden, "not allowed: your account no longer exists")
	}
	if now.Disabled {
		return model.ErrDisabled
	}
	return model.CheckManageUsers(now)
}
