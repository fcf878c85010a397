package store

import (
	"errors"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// The outbox (issue 21): e-mail waiting to be sent, kept in the file so
// that nothing queued is lost to a restart or to a mail server that is
// down. A notice is queued in the same transaction as the assignment that
// causes it (putAction), so an assignment that commits always has its
// notice, and one that fails has none. The mailer (cmd/wardpanel/mailer)
// takes what is due, builds each message as its reader may see the records
// at that moment, and reports back.
//
// The outbox is delivery bookkeeping, not the panel's shared record: its
// writes carry no audit entry and wake no screen. The assignment that
// queued a notice is audited already; a digest is the inbox read out.

// queueAssignment queues a notice for a's assignee when a write gives the
// action an assignee it did not have (a new action, or a re-assignment):
// only for an enrolled, enabled user with an e-mail address (having one is
// the opt-in), and not for assigning an action to oneself. Whether they may
// see it is checked again when the message is built.
func queueAssignment(tx *bolt.Tx, old *model.Action, a model.Action) error {
	if a.Assignee == "" || a.Status.Closed() || strings.EqualFold(a.Assignee, a.UpdatedBy) {
		return nil
	}
	if old != nil && strings.EqualFold(old.Assignee, a.Assignee) {
		return nil
	}
	// Someone without an account has nobody to write to; and a damaged
	// index entry is for Check to report, not a reason to fail the write.
	u, err := userVia(tx, bucketUserNames, nameKey(a.Assignee), errNoUser)
	if err != nil || u.Email == "" || u.Disabled || !model.CanSeeAction(u, a) {
		return nil
	}
	return enqueueMail(tx, model.Mail{Kind: model.MailNotice, UserID: u.ID, ActionID: a.ID, Queued: a.UpdatedAt})
}

var errNoUser = errors.New("no such user")

// checkOutbox is Check's part for e-mail: each queued e-mail decodes under
// its own ID with a kind this release sends, and each digest day is a
// date. A reader who has since left is no fault: the mailer drops their
// e-mail.
func (c *checker) checkOutbox() {
	var maxID uint64
	c.eachID(bucketOutbox, func(id uint64, v []byte) {
		var m model.Mail
		if c.undecodable(fmt.Sprintf("queued e-mail %d", id), v, &m) {
			return
		}
		if uint64(m.ID) != id || (m.Kind != model.MailDigest && m.Kind != model.MailNotice) || m.UserID == 0 {
			c.fault("queued e-mail %d: ID %d, kind %q, reader %d", id, m.ID, m.Kind, m.UserID)
		}
		maxID = max(maxID, id)
	})
	c.sequence(bucketOutbox, "queued e-mail", maxID)
	c.eachID(bucketMailDigests, func(id uint64, v []byte) {
		if _, err := time.Parse(time.DateOnly, string(v)); err != nil {
			c.fault("%s: user %d's last digest day %q is not a date", bucketMailDigests, id, v)
		}
	})
}

func enqueueMail(tx *bolt.Tx, m model.Mail) error {
	b := tx.Bucket(bucketOutbox)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	m.ID = model.ID(seq)
	return put(b, u64(seq), m)
}

// QueueDigests queues the digest for day (a date) for every enabled user
// with an e-mail address who has not had one queued for that day, and
// returns how many it queued. Calling it again the same day queues
// nothing: the day of each user's last digest is kept (mail_digests). A
// digest still waiting from an earlier day is dropped: today's says what
// it would have said, brought up to date.
func (s *Store) QueueDigests(day time.Time) (int, error) {
	date := model.DateOnly(day).Format(time.DateOnly)
	n := 0
	err := s.update("queue digests", func(tx *bolt.Tx) error {
		out, days := tx.Bucket(bucketOutbox), tx.Bucket(bucketMailDigests)
		waiting := map[model.ID][][]byte{} // user -> keys of their queued digests
		err := out.ForEach(func(k, v []byte) error {
			var m model.Mail
			if err := decode(v, &m); err != nil {
				return err
			}
			if m.Kind == model.MailDigest {
				waiting[m.UserID] = append(waiting[m.UserID], append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return err
		}
		var users []model.User
		err = eachRecord(tx.Bucket(bucketUsers), func(u model.User) error {
			if u.Email != "" && !u.Disabled && string(days.Get(u64(uint64(u.ID)))) < date {
				users = append(users, u)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, u := range users {
			for _, k := range waiting[u.ID] {
				if err := out.Delete(k); err != nil {
					return err
				}
			}
			if err := days.Put(u64(uint64(u.ID)), []byte(date)); err != nil {
				return err
			}
			if err := enqueueMail(tx, model.Mail{Kind: model.MailDigest, UserID: u.ID, Day: date, Queued: s.clock().UTC().Round(0)}); err != nil {
				return err
			}
			n++
		}
		return s.checkRoom(tx)
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// DueMail returns up to max queued e-mails whose next attempt is due at
// now, oldest first, and when the next one after those falls due (zero if
// none is waiting).
func (s *Store) DueMail(now time.Time, max int) (due []model.Mail, next time.Time, err error) {
	err = s.view("read the outbox", func(tx *bolt.Tx) error {
		return eachRecord(tx.Bucket(bucketOutbox), func(m model.Mail) error {
			if !m.NextAt.After(now) && len(due) < max {
				due = append(due, m)
			} else if next.IsZero() || m.NextAt.Before(next) {
				next = m.NextAt
			}
			return nil
		})
	})
	return due, next, err
}

// MailDone takes e-mail id out of the outbox: sent, or not to be sent.
// One already gone (erased with its reader) is no error.
func (s *Store) MailDone(id model.ID) error {
	return s.update("take mail out of the outbox", func(tx *bolt.Tx) error {
		return tx.Bucket(bucketOutbox).Delete(u64(uint64(id)))
	})
}

// MailRetry counts a failed attempt at e-mail id and sets when to try
// next.
func (s *Store) MailRetry(id model.ID, next time.Time) error {
	return s.update("defer mail", func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		var m model.Mail
		found, err := get(b, u64(uint64(id)), &m)
		if err != nil || !found {
			return err
		}
		m.Attempts++
		m.NextAt = next.UTC().Round(0)
		return put(b, u64(uint64(id)), m)
	})
}

// OutboxLen is how many e-mails are waiting: the queue depth metric.
func (s *Store) OutboxLen() (int, error) {
	n := 0
	err := s.view("count the outbox", func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketOutbox).Stats().KeyN
		return nil
	})
	return n, err
}

// personMail lists the e-mail queued for user id, with their keys.
func personMail(tx *bolt.Tx, id model.ID) (mail []model.Mail, keys [][]byte, err error) {
	err = tx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error {
		var m model.Mail
		if err := decode(v, &m); err != nil {
			return err
		}
		if m.UserID == id {
			mail = append(mail, m)
			keys = append(keys, append([]byte(nil), k...))
		}
		return nil
	})
	return mail, keys, err
}

// erasePersonMail drops user id's queued e-mail and the day of their last
// digest, and says how many e-mails it dropped.
func erasePersonMail(tx *bolt.Tx, id model.ID) (int, error) {
	_, keys, err := personMail(tx, id)
	if err != nil {
		return 0, err
	}
	b := tx.Bucket(bucketOutbox)
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return 0, err
		}
	}
	return len(keys), tx.Bucket(bucketMailDigests).Delete(u64(uint64(id)))
}
