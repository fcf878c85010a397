package store

import (
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// SetPlain turns the plain, screen-reader mode on or off for the user
// themself: it is their own need, so it asks no admin. Audited as a user
// edit; their sessions go on (it is no change of role, agency or wards).
func (s *Store) SetPlain(by model.Actor, on bool) (model.User, error) {
	var u model.User
	err := s.change("set plain mode", by, func(tx *bolt.Tx, _ time.Time) (model.AuditEntry, error) {
		if err := getUser(tx, by.User.ID, &u); err != nil {
			return model.AuditEntry{}, err
		}
		if u.Plain == on {
			return model.AuditEntry{}, fail(model.ErrInvalid, "plain mode is already %s", onOff(on))
		}
		u.Plain = on
		u.Version++
		if err := put(tx.Bucket(bucketUsers), u64(uint64(u.ID)), u); err != nil {
			return model.AuditEntry{}, err
		}
		return model.AuditEntry{
			Action:  model.AuditUserEdit,
			Target:  fmt.Sprintf("user/%d", u.ID),
			Summary: fmt.Sprintf("user %q: plain mode %s, their own setting", u.Name, onOff(on)),
		}, nil
	})
	if err != nil {
		return model.User{}, err
	}
	return u, nil
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

// SetLastWard records the ward the user themself last worked in, so their
// next session starts there (model.User.StartWard). Their own setting, as
// SetPlain: it asks no admin, and is audited as a user edit. Choosing the
// ward already recorded writes nothing.
func (s *Store) SetLastWard(by model.Actor, ward string) (model.User, error) {
	code, err := model.ParseWardCode(ward)
	if err != nil {
		return model.User{}, err
	}
	var u model.User
	err = s.change("set last ward", by, func(tx *bolt.Tx, _ time.Time) (model.AuditEntry, error) {
		if err := getUser(tx, by.User.ID, &u); err != nil {
			return model.AuditEntry{}, err
		}
		if !u.InWard(code) {
			return model.AuditEntry{}, fail(model.ErrForbidden, "you are not a member of ward %s", code)
		}
		if u.LastWard == code {
			return model.AuditEntry{}, model.ErrUnchanged
		}
		u.LastWard = code
		u.Version++
		if err := put(tx.Bucket(bucketUsers), u64(uint64(u.ID)), u); err != nil {
			return model.AuditEntry{}, err
		}
		return model.AuditEntry{
			Action:  model.AuditUserEdit,
			Target:  fmt.Sprintf("user/%d", u.ID),
			Summary: fmt.Sprintf("user %q: last ward %s, their own setting", u.Name, code),
		}, nil
	})
	if err != nil && !errors.Is(err, model.ErrUnchanged) {
		return model.User{}, err
	}
	return u, nil
}
