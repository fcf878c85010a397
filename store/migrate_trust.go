package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// migrateTrust brings a schema 9 file to schema 10, in one transaction:
//
//   - every action and evidence entry on a problem learns the problem's
//     visibility (Parent). Schema 7 narrowed children to a restricted
//     problem's visibility in their own field, and kept no record of what
//     they had before, so what they hold now stays their own: nothing
//     becomes wider than it was.
//   - every closed meeting freezes what its minutes name, as it stands
//     now, so its minutes read the same from here on.
//   - every tally learns its points, from the ballots the vote kept; its
//     order, and so the priorities it set, stay as they were.
func migrateTrust(tx *bolt.Tx) error {
	parents := map[model.ID]model.Visibility{}
	err := eachRecord(tx.Bucket(bucketProblems), func(p model.Problem) error {
		parents[p.ID] = parentVisibility(p.Visibility)
		return nil
	})
	if err != nil {
		return err
	}
	// Collected, then written: bbolt's cursor must not see its bucket written under it.
	var actions []model.Action
	err = eachRecord(tx.Bucket(bucketActions), func(a model.Action) error {
		if a.ProblemID != 0 {
			a.Parent = parents[a.ProblemID]
			actions = append(actions, a)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, a := range actions {
		if err := put(tx.Bucket(bucketActions), u64(uint64(a.ID)), a); err != nil {
			return err
		}
	}
	type keyed struct {
		key []byte
		e   model.Evidence
	}
	var evidence []keyed
	err = tx.Bucket(bucketEvidence).ForEach(func(k, v []byte) error {
		var e model.Evidence
		if err := decode(v, &e); err != nil {
			return err
		}
		if len(k) != 16 {
			return fmt.Errorf("evidence key %x: %w", k, ErrCorrupt)
		}
		e.Parent = parents[model.ID(binary.BigEndian.Uint64(k[:8]))]
		evidence = append(evidence, keyed{append([]byte(nil), k...), e})
		return nil
	})
	if err != nil {
		return err
	}
	for _, ke := range evidence {
		if err := put(tx.Bucket(bucketEvidence), ke.key, ke.e); err != nil {
			return err
		}
	}
	var meetings []model.Meeting
	err = tx.Bucket(bucketMeetings).ForEach(func(k, v []byte) error {
		var m model.Meeting
		if err := decode(v, &m); err != nil {
			return err
		}
		meetings = append(meetings, m)
		return nil
	})
	if err != nil {
		return err
	}
	for _, m := range meetings {
		if m.State == model.MeetingClosed && m.Frozen == nil {
			if err := freeze(tx, &m); err != nil {
				return err
			}
		}
		if v := m.Vote; v != nil {
			points := map[model.ID]int{}
			for _, t := range v.Tally() {
				points[t.ProblemID] = t.Points
			}
			for i := range v.Counts {
				v.Counts[i].Points = points[v.Counts[i].ProblemID]
			}
		}
		if err := put(tx.Bucket(bucketMeetings), u64(uint64(m.ID)), m); err != nil {
			return err
		}
	}
	return nil
}
