package store

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// User administration: the audit entries carry no ward, so model.CanSeeAudit
// shows them to admins only.

// nameKey is the user_names index key: names are unique ignoring case.
// userEntry is the audit entry of a change to user u.
func userEntry(action model.AuditAction, u model.User, summary string) model.AuditEntry {
	return model.AuditEntry{Action: action, Target: fmt.Sprintf("user/%d", u.ID), Summary: summary}
}

func nameKey(name string) []byte {
	return []byte(strings.ToLower(model.CleanLine(name, model.MaxNameLen+1)))
}

// checkKey tidies a key about to be enrolled. When the authorized_keys form
// is present it is the truth: the fingerprint is computed from it, so a
// caller cannot enrol a key under someone else's fingerprint.
func checkKey(k model.Key) (model.Key, error) {
	if strings.TrimSpace(k.Authorized) != "" {
		parsed, err := model.ParseKey(k.Authorized)
		if err != nil {
			return model.Key{}, err
		}
		if fp := strings.TrimSpace(k.Fingerprint); fp != "" && fp != parsed.Fingerprint {
			return model.Key{}, &model.ValidationError{Field: "key", Message: "the fingerprint does not match the key"}
		}
		k.Fingerprint, k.Authorized = parsed.Fingerprint, parsed.Authorized
	}
	k.Fingerprint = strings.TrimSpace(k.Fingerprint)
	if k.Fingerprint == "" || len(k.Fingerprint) > 256 || strings.ContainsFunc(k.Fingerprint, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return model.Key{}, &model.ValidationError{Field: "key", Message: "a key or its fingerprint (SHA256:…) is required"}
	}
	k.Comment = model.CleanLine(k.Comment, model.MaxNameLen)
	return k, nil
}

// keyTaken is deliberately silent about whose key it is: the person adding
// it may not be entitled to know.
func keyTaken(fp string) error {
	return fail(model.ErrDuplicate, "key %s is already enrolled", fp)
}

func (s *Store) addUser(by model.Actor, u model.User) (model.User, error) {
	if err := checkAdmin(by); err != nil {
		return model.User{}, err
	}
	// Validate sorts and rewrites in place; the caller's slices stay theirs.
	u.Wards = slices.Clone(u.Wards)
	u.Keys = slices.Clone(u.Keys)
	if err := u.Validate(); err != nil {
		return model.User{}, err
	}
	for i, k := range u.Keys {
		k, err := checkKey(k)
		if err != nil {
			return model.User{}, err
		}
		if slices.ContainsFunc(u.Keys[:i], func(o model.Key) bool { return o.Fingerprint == k.Fingerprint }) {
			return model.User{}, fail(model.ErrDuplicate, "key %s is listed twice", k.Fingerprint)
		}
		u.Keys[i] = k
	}

	err := s.change("add user", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		wards := tx.Bucket(bucketWards)
		for _, w := range u.Wards {
			if wards.Get([]byte(w)) == nil {
				return model.AuditEntry{}, unknownWard(w)
			}
		}
		if tx.Bucket(bucketAgencies).Get([]byte(u.Agency)) == nil {
			return model.AuditEntry{}, fail(model.ErrNotFound, "unknown agency %s (add it first)", u.Agency)
		}
		names := tx.Bucket(bucketUserNames)
		if names.Get(nameKey(u.Name)) != nil {
			return model.AuditEntry{}, fail(model.ErrDuplicate, "a user named %q already exists", u.Name)
		}
		keys := tx.Bucket(bucketUserKeys)
		for _, k := range u.Keys {
			if keys.Get([]byte(k.Fingerprint)) != nil {
				return model.AuditEntry{}, keyTaken(k.Fingerprint)
			}
		}

		users := tx.Bucket(bucketUsers)
		seq, err := users.NextSequence()
		if err != nil {
			return model.AuditEntry{}, err
		}
		u.ID = model.ID(seq)
		u.CreatedAt = now
		u.Version = 1
		for i := range u.Keys {
			u.Keys[i].AddedAt = now
		}
		id := u64(seq)
		if err := put(users, id, u); err != nil {
			return model.AuditEntry{}, err
		}
		if err := names.Put(nameKey(u.Name), id); err != nil {
			return model.AuditEntry{}, err
		}
		for _, k := range u.Keys {
			if err := keys.Put([]byte(k.Fingerprint), id); err != nil {
				return model.AuditEntry{}, err
			}
		}
		return model.AuditEntry{
			Action: model.AuditUserAdd,
			Target: fmt.Sprintf("user/%d", u.ID),
			Summary: fmt.Sprintf("user %q %s %s in %s, %d key(s)",
				u.Name, u.Agency, u.Role, strings.Join(u.Wards, ","), len(u.Keys)),
		}, nil
	})
	if err != nil {
		return model.User{}, err
	}
	return u, nil
}

func (s *Store) addKey(by model.Actor, userID model.ID, k model.Key) (model.User, error) {
	if err := checkAdmin(by); err != nil {
		return model.User{}, err
	}
	k, err := checkKey(k)
	if err != nil {
		return model.User{}, err
	}
	var u model.User
	err = s.change("add key", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		users := tx.Bucket(bucketUsers)
		id := u64(uint64(userID))
		found, err := get(users, id, &u)
		if err != nil {
			return model.AuditEntry{}, err
		}
		if !found {
			return model.AuditEntry{}, noUser(userID)
		}
		keys := tx.Bucket(bucketUserKeys)
		if keys.Get([]byte(k.Fingerprint)) != nil {
			return model.AuditEntry{}, keyTaken(k.Fingerprint)
		}
		k.AddedAt = now
		u.Keys = append(u.Keys, k)
		u.Version++
		if err := put(users, id, u); err != nil {
			return model.AuditEntry{}, err
		}
		if err := keys.Put([]byte(k.Fingerprint), id); err != nil {
			return model.AuditEntry{}, err
		}
		return userEntry(model.AuditUserKeyAdd, u, fmt.Sprintf("key %s for %q", k.Fingerprint, u.Name)), nil
	})
	if err != nil {
		return model.User{}, err
	}
	return u, nil
}

func noUser(id model.ID) error { return fail(model.ErrNotFound, "no user with ID %d", id) }

func (s *Store) user(id model.ID) (u model.User, err error) {
	err = s.view("read user", func(tx *bolt.Tx) error {
		found, err := get(tx.Bucket(bucketUsers), u64(uint64(id)), &u)
		if err == nil && !found {
			err = noUser(id)
		}
		return err
	})
	return u, err
}

// userVia follows an index entry to its user. An entry pointing nowhere is
// damage, not absence: the index and the record are written together.
func userVia(tx *bolt.Tx, index []byte, key []byte, missing error) (model.User, error) {
	id := tx.Bucket(index).Get(key)
	if id == nil {
		return model.User{}, missing
	}
	if len(id) != 8 {
		return model.User{}, fmt.Errorf("%s index entry: %w", index, ErrCorrupt)
	}
	var u model.User
	found, err := get(tx.Bucket(bucketUsers), id, &u)
	if err == nil && !found {
		err = fmt.Errorf("%s index names user %d, which does not exist: %w", index, binary.BigEndian.Uint64(id), ErrCorrupt)
	}
	return u, err
}

func (s *Store) userByName(name string) (u model.User, err error) {
	missing := fail(model.ErrNotFound, "no user named %q", model.CleanLine(name, model.MaxNameLen))
	err = s.view("find user by name", func(tx *bolt.Tx) error {
		u, err = userVia(tx, bucketUserNames, nameKey(name), missing)
		return err
	})
	return u, err
}

// userByKey's miss also matches model.ErrNotEnrolled, whose message is the
// one line an unknown key is shown before it is disconnected.
func (s *Store) userByKey(fingerprint string) (u model.User, err error) {
	missing := &failure{msg: model.ErrNotEnrolled.Error(), errs: []error{model.ErrNotFound, model.ErrNotEnrolled}}
	err = s.view("find user by key", func(tx *bolt.Tx) error {
		u, err = userVia(tx, bucketUserKeys, []byte(strings.TrimSpace(fingerprint)), missing)
		return err
	})
	return u, err
}

func (s *Store) users() ([]model.User, error) {
	out := []model.User{}
	err := s.view("list users", func(tx *bolt.Tx) error {
		all, err := allUsers(tx)
		out = append(out, all...)
		return err
	})
	return out, err
}

// WardPeople lists the enabled users of ward by name, as the people
// pickers offer them: name, agency, role and wards only (no keys, no
// e-mail). Any member of the ward may ask: they sit at the same table.
func (s *Store) WardPeople(viewer model.User, ward string) ([]model.User, error) {
	if !viewer.InWard(ward) {
		return nil, fail(model.ErrNotFound, "ward %s not found", ward)
	}
	var out []model.User
	err := s.view("list ward people", func(tx *bolt.Tx) error {
		all, err := allUsers(tx)
		for _, u := range model.PeopleChoices(all, ward) {
			out = append(out, model.User{ID: u.ID, Name: u.Name, Agency: u.Agency, Role: u.Role, Wards: u.Wards})
		}
		return err
	})
	return out, err
}
