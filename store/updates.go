package store

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// Partner updates before a meeting (issue 21). An update is filed under
// the meeting it is for and read through its record: each read checks the
// action or problem as it is now, so an update is never wider than its
// record. Its audit entry carries the record's ward and visibility, and
// names the record, never the update's text.

// PostUpdate appends by's update on an action (kind model.RecordAction)
// or a ward priority (model.RecordProblem) to the ward's next meeting
// (model.NextMeeting), checked by model.CheckPostActionUpdate or
// CheckPostProblemUpdate, with its audit entry, in one transaction. A
// record by may not see reads as not found. It returns the update and the
// meeting it was filed for.
func (s *Store) PostUpdate(by model.Actor, kind model.RecordKind, id model.ID, text string) (model.Update, model.Meeting, error) {
	return s.postUpdate(by, kind, id, text)
}

// Updates lists the updates posted for meeting id that viewer may see,
// oldest first: those on records viewer may see now.
func (s *Store) Updates(viewer model.User, meetingID model.ID) ([]model.Update, error) {
	return s.updates(viewer, meetingID)
}

func (s *Store) postUpdate(by model.Actor, kind model.RecordKind, id model.ID, text string) (model.Update, model.Meeting, error) {
	up := model.Update{Kind: kind, RecordID: id, Text: text}
	var next model.Meeting
	err := s.change("post update", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		if err := up.Validate(); err != nil {
			return model.AuditEntry{}, err
		}
		var entry model.AuditEntry
		switch kind {
		case model.RecordAction:
			a, err := visibleAction(tx, by.User, id)
			if err != nil {
				return entry, err
			}
			if next, err = nextMeeting(tx, a.Ward, now); err != nil {
				return entry, err
			}
			if err := model.CheckPostActionUpdate(by.User, a, next); err != nil {
				return entry, hidden(err, noAction(id))
			}
			up.Ward = a.Ward
			entry = actionEntry(model.AuditActionPostUpdate, a, "")
		default:
			p, err := visibleProblem(tx, by.User, id)
			if err != nil {
				return entry, err
			}
			if next, err = nextMeeting(tx, p.Ward, now); err != nil {
				return entry, err
			}
			var pr model.WardPriorities
			if _, err := get(tx.Bucket(bucketPriorities), []byte(p.Ward), &pr); err != nil {
				return entry, err
			}
			if err := model.CheckPostProblemUpdate(by.User, p, pr, next); err != nil {
				return entry, hidden(err, noProblem(id))
			}
			up.Ward = p.Ward
			entry = model.AuditEntry{Action: model.AuditProblemPostUpdate, Target: fmt.Sprintf("problem/%d", p.ID),
				Ward: p.Ward, Visibility: p.Visibility}
		}
		b := tx.Bucket(bucketUpdates)
		seq, err := b.NextSequence()
		if err != nil {
			return entry, err
		}
		up.ID, up.MeetingID, up.By, up.Agency, up.At = model.ID(seq), next.ID, by.User.Name, by.User.Agency, now
		if err := put(b, pairKey(uint64(next.ID), seq), up); err != nil {
			return entry, err
		}
		entry.Summary = fmt.Sprintf("update %d for meeting %d", up.ID, next.ID)
		return entry, nil
	})
	if err != nil {
		return model.Update{}, model.Meeting{}, err
	}
	return up, next.Safe(), nil
}

// nextMeeting is the meeting of ward that updates are gathered for now;
// none is the zero meeting, which the model's checks refuse with a reason.
func nextMeeting(tx *bolt.Tx, ward string, now time.Time) (model.Meeting, error) {
	ms, err := decodeWardMeetings(tx, ward)
	if err != nil {
		return model.Meeting{}, err
	}
	m, _ := model.NextMeeting(ms, ward, now)
	return m, nil
}

func (s *Store) updates(viewer model.User, meetingID model.ID) ([]model.Update, error) {
	return seenChildren(s, "list updates", bucketUpdates, meetingID, func(tx *bolt.Tx) error {
		_, err := visibleMeeting(tx, viewer, meetingID)
		return err
	}, func(tx *bolt.Tx, up model.Update) (model.Update, bool, error) {
		ok, err := seesRecord(tx, viewer, up.Kind, up.RecordID)
		return up.Safe(), ok, err
	})
}

// seesRecord reports whether u may see the record an update is on, as it is now.
func seesRecord(tx *bolt.Tx, u model.User, kind model.RecordKind, id model.ID) (bool, error) {
	if kind == model.RecordAction {
		var a model.Action
		found, err := get(tx.Bucket(bucketActions), u64(uint64(id)), &a)
		return found && model.CanSeeAction(u, a), err
	}
	var p model.Problem
	found, err := get(tx.Bucket(bucketProblems), u64(uint64(id)), &p)
	return found && model.CanSeeProblem(u, p), err
}
