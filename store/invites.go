package store

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// Invites (issue 6). The bucket is keyed by the SHA-256 of the normalised
// code, so redeeming is one lookup and the code is never stored, logged or
// audited: CreateInvite hands it back once, for the admin to pass on.
// Audit entries carry no ward, so model.CanSeeAudit shows them to admins only.

// CreateInvite records a one-time invite for a newcomer named inv.Name, of
// inv.Agency, with inv.Role in inv.Wards, good for ttl (0:
// model.DefaultInviteTTL; at most model.MaxInviteTTL), and returns it with
// its code, formatted for reading ("K7QX-M2PD-9F"). The agency and wards
// must exist (ErrNotFound) and no user may have the name yet
// (ErrDuplicate). An open invite for the same name is replaced: its code
// stops working, so a lost code is dealt with by inviting again. Operator
// or admin only, the rule of AddUser. Audited as "invite.create", without
// the code.
func (s *Store) CreateInvite(by model.Actor, inv model.Invite, ttl time.Duration) (model.Invite, string, error) {
	if err := checkAdmin(by); err != nil {
		return model.Invite{}, "", err
	}
	if ttl == 0 {
		ttl = model.DefaultInviteTTL
	}
	code, err := model.NewInviteCode(rand.Reader)
	if err != nil {
		return model.Invite{}, "", err
	}
	hash := model.InviteCodeHash(code)
	inv.Wards = slices.Clone(inv.Wards)
	err = s.change("create invite", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		inv.ExpiresAt = now.Add(ttl)
		if err := inv.Validate(now); err != nil {
			return model.AuditEntry{}, err
		}
		if err := checkInviteRefs(tx, inv); err != nil {
			return model.AuditEntry{}, err
		}
		b := tx.Bucket(bucketInvites)
		if b.Get(hash[:]) != nil { // 2^-50 per invite on file: say so rather than overwrite
			return model.AuditEntry{}, fail(model.ErrDuplicate, "the new code collided with an existing one; run the command again")
		}
		replaced, err := replaceOpenInvites(b, inv.Name, now)
		if err != nil {
			return model.AuditEntry{}, err
		}
		seq, err := b.NextSequence()
		if err != nil {
			return model.AuditEntry{}, err
		}
		inv.ID = model.ID(seq)
		inv.CreatedBy = by.User.Name
		inv.CreatedAt = now
		if err := put(b, hash[:], inv); err != nil {
			return model.AuditEntry{}, err
		}
		summary := fmt.Sprintf("invite for %q %s %s in %s, until %s",
			inv.Name, inv.Agency, inv.Role, strings.Join(inv.Wards, ","), inv.ExpiresAt.Format(time.DateTime+" UTC"))
		if len(replaced) > 0 {
			summary += fmt.Sprintf("; replaces invite %s", joinIDs(replaced))
		}
		return model.AuditEntry{Action: model.AuditInviteCreate, Target: fmt.Sprintf("invite/%d", inv.ID), Summary: summary}, nil
	})
	if err != nil {
		return model.Invite{}, "", err
	}
	return inv, code, nil
}

// RedeemInvite enrols key as a new user from the invite whose code was
// typed (compared ignoring case, dashes and spaces), in one transaction:
// the code must be known (model.ErrInviteUnknown), unused
// (model.ErrInviteUsed), not replaced (model.ErrInviteReplaced) and
// unexpired (model.ErrInviteExpired); the key must not be enrolled already
// (*model.AlreadyEnrolledError, which names whose it is); the name must
// still be free (ErrDuplicate) and the agency and wards still exist
// (ErrNotFound). The invite is marked used by the key, and one audit entry,
// "invite.redeem", names the new user as its actor with the key's
// fingerprint. Invites make new users only: a person who already has an
// account gets another key with `wardpanel key add`.
func (s *Store) RedeemInvite(code string, key model.Key) (model.User, error) {
	if !model.WellFormedInviteCode(code) {
		return model.User{}, model.ErrInviteUnknown
	}
	key, err := checkKey(key)
	if err != nil {
		return model.User{}, err
	}
	hash := model.InviteCodeHash(code)
	var u model.User
	err = s.changeAs("redeem invite", func(tx *bolt.Tx, now time.Time) (model.Actor, model.AuditEntry, error) {
		keys := tx.Bucket(bucketUserKeys)
		if keys.Get([]byte(key.Fingerprint)) != nil {
			owner, err := userVia(tx, bucketUserKeys, []byte(key.Fingerprint), nil)
			if err != nil {
				return model.Actor{}, model.AuditEntry{}, err
			}
			return model.Actor{}, model.AuditEntry{}, &model.AlreadyEnrolledError{User: owner}
		}
		b := tx.Bucket(bucketInvites)
		var inv model.Invite
		found, err := get(b, hash[:], &inv)
		if err != nil {
			return model.Actor{}, model.AuditEntry{}, err
		}
		if !found {
			return model.Actor{}, model.AuditEntry{}, model.ErrInviteUnknown
		}
		if err := inv.CheckRedeem(now); err != nil {
			return model.Actor{}, model.AuditEntry{}, err
		}
		u = inv.User(key)
		if err := u.Validate(); err != nil {
			return model.Actor{}, model.AuditEntry{}, err
		}
		if err := checkInviteRefs(tx, inv); err != nil {
			return model.Actor{}, model.AuditEntry{}, err
		}

		users, names := tx.Bucket(bucketUsers), tx.Bucket(bucketUserNames)
		seq, err := users.NextSequence()
		if err != nil {
			return model.Actor{}, model.AuditEntry{}, err
		}
		u.ID = model.ID(seq)
		u.CreatedAt = now
		u.Version = 1
		u.Keys[0].AddedAt = now
		id := u64(seq)
		if err := put(users, id, u); err != nil {
			return model.Actor{}, model.AuditEntry{}, err
		}
		if err := names.Put(nameKey(u.Name), id); err != nil {
			return model.Actor{}, model.AuditEntry{}, err
		}
		if err := keys.Put([]byte(key.Fingerprint), id); err != nil {
			return model.Actor{}, model.AuditEntry{}, err
		}
		inv.UsedAt, inv.UsedBy, inv.UserID = now, key.Fingerprint, u.ID
		if err := put(b, hash[:], inv); err != nil {
			return model.Actor{}, model.AuditEntry{}, err
		}
		return model.Actor{User: u, Fingerprint: key.Fingerprint}, model.AuditEntry{
			Action: model.AuditInviteRedeem,
			Target: fmt.Sprintf("user/%d", u.ID),
			Summary: fmt.Sprintf("invite %d: user %q %s %s in %s enrolled with key %s",
				inv.ID, u.Name, u.Agency, u.Role, strings.Join(u.Wards, ","), key.Fingerprint),
		}, nil
	})
	if err != nil {
		return model.User{}, err
	}
	return u, nil
}

// Invites lists every invite, newest first, codes aside (only their hashes
// are kept). Operator or admin only.
func (s *Store) Invites(by model.Actor) ([]model.Invite, error) {
	if err := checkAdmin(by); err != nil {
		return nil, err
	}
	out := []model.Invite{}
	err := s.view("list invites", func(tx *bolt.Tx) error {
		var err error
		out, err = allRecords[model.Invite](tx.Bucket(bucketInvites))
		return err
	})
	slices.SortFunc(out, func(a, b model.Invite) int { return cmp.Compare(b.ID, a.ID) })
	return out, err
}

// checkInviteRefs: the invite's agency and wards exist and its name is
// free, both when it is made and when it is redeemed.
func checkInviteRefs(tx *bolt.Tx, inv model.Invite) error {
	if tx.Bucket(bucketAgencies).Get([]byte(inv.Agency)) == nil {
		return fail(model.ErrNotFound, "unknown agency %s (add it first)", inv.Agency)
	}
	wards := tx.Bucket(bucketWards)
	for _, w := range inv.Wards {
		if wards.Get([]byte(w)) == nil {
			return unknownWard(w)
		}
	}
	if tx.Bucket(bucketUserNames).Get(nameKey(inv.Name)) != nil {
		return fail(model.ErrDuplicate, "a user named %q already exists", inv.Name)
	}
	return nil
}

// replaceOpenInvites marks the open invites for name as replaced and
// returns their IDs.
func replaceOpenInvites(b *bolt.Bucket, name string, now time.Time) ([]model.ID, error) {
	type found struct {
		key []byte
		inv model.Invite
	}
	var open []found
	want := nameKey(name)
	err := b.ForEach(func(k, v []byte) error {
		var inv model.Invite
		if err := decode(v, &inv); err != nil {
			return err
		}
		if inv.State(now) == model.InviteOpen && bytes.Equal(nameKey(inv.Name), want) {
			open = append(open, found{bytes.Clone(k), inv})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	ids := make([]model.ID, 0, len(open))
	for _, f := range open { // written after the scan: bbolt cursors do not survive a Put
		f.inv.ReplacedAt = now
		if err := put(b, f.key, f.inv); err != nil {
			return nil, err
		}
		ids = append(ids, f.inv.ID)
	}
	slices.Sort(ids)
	return ids, nil
}

func joinIDs(ids []model.ID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return strings.Join(s, ", ")
}

// checkInvites is Check's look at the invites: keys are code hashes,
// records decode, IDs are unique and the counter is ahead of them.
func (c *checker) checkInvites() {
	seen := map[model.ID]bool{}
	var maxID uint64
	eachHashed(c, bucketInvites, "a code hash", "invite", func(k []byte, inv model.Invite) {
		if inv.ID == 0 || seen[inv.ID] {
			c.fault("invite %x…: ID %d is missing or used twice", k[:4], inv.ID)
		}
		seen[inv.ID] = true
		maxID = max(maxID, uint64(inv.ID))
	})
	c.sequence(bucketInvites, "invite", maxID)
}
