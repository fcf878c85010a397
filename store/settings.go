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
	return s.ownSetting("set plain mode", by, func(u *model.User) (string, error) {
		if u.Plain == on {
			return "", fail(model.ErrInvalid, "plain mode is already %s", onOff(on))
		}
		u.Plain = on
		return "plain mode " + onOff(on), nil
	})
}

// SetLastWard records the ward the user themself last worked in, so their
// next session starts there (model.User.StartWard). Their own setting, as
// SetPlain; choosing the ward already recorded writes nothing.
func (s *Store) SetLastWard(by model.Actor, ward string) (model.User, error) {
	code, err := model.ParseWardCode(ward)
	if err != nil {
		return model.User{}, err
	}
	u, err := s.ownSetting("set last ward", by, func(u *model.User) (string, error) {
		switch {
		case !u.InWard(code):
			return "", fail(model.ErrForbidden, "you are not a member of ward %s", code)
		case u.LastWard == code:
			return "", model.ErrUnchanged
		}
		u.LastWard = code
		return "last ward " + code, nil
	})
	if errors.Is(err, model.ErrUnchanged) {
		return s.User(by.User.ID)
	}
	return u, err
}

// ownSetting changes one of the acting user's own settings with set, which
// returns what it changed for the audit trail: one transaction, audited as
// a user edit.
func (s *Store) ownSetting(doing string, by model.Actor, set func(u *model.User) (string, error)) (model.User, error) {
	var u model.User
	err := s.change(doing, by, func(tx *bolt.Tx, _ time.Time) (model.AuditEntry, error) {
		if err := getUser(tx, by.User.ID, &u); err != nil {
			return model.AuditEntry{}, err
		}
		what, err := set(&u)
		if err != nil {
			return model.AuditEntry{}, err
		}
		u.Version++
		if err := put(tx.Bucket(bucketUsers), u64(uint64(u.ID)), u); err != nil {
			return model.AuditEntry{}, err
		}
		return userEntry(model.AuditUserEdit, u, fmt.Sprintf("user %q: %s, their own setting", u.Name, what)), nil
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
