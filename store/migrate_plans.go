package store

import (
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// migratePlansNow is the clock the plans migration dates review dates from;
// tests set it.
var migratePlansNow = time.Now

// planMigration gives every problem an empty SARA plan, a stage history
// that starts with the stage it has, and a review date: from the day of the
// upgrade, as the stage gives (model.DefaultReview), so an upgrade does not
// mark every problem past review at once. Problems keep their versions:
// nobody editing one meets a conflict for the upgrade.
var planMigration = migration{to: 14, name: "add problems' SARA plans and review dates", adds: [][]byte{bucketPlans}, fn: migratePlans}

func migratePlans(tx *bolt.Tx) error {
	problems, plans := tx.Bucket(bucketProblems), tx.Bucket(bucketPlans)
	if problems == nil {
		return fmt.Errorf("schema 11 file without a problems bucket: %w", ErrCorrupt)
	}
	now := migratePlansNow().UTC()
	type moved struct {
		key []byte
		p   model.Problem
	}
	var all []moved
	err := problems.ForEach(func(k, v []byte) error {
		if len(k) != 8 {
			return fmt.Errorf("problem key %x: %w", k, ErrCorrupt)
		}
		var p model.Problem
		if err := decode(v, &p); err != nil {
			return err
		}
		if uint64(p.ID) != binary.BigEndian.Uint64(k) {
			return fmt.Errorf("problem key %x holds problem %d: %w", k, p.ID, ErrCorrupt)
		}
		all = append(all, moved{key: k, p: p})
		return nil
	})
	if err != nil {
		return err
	}
	// Written after the scan: bbolt's cursor must not see its bucket written under it.
	for _, m := range all {
		p := m.p
		at := p.UpdatedAt
		if at.IsZero() {
			at = p.CreatedAt
		}
		plan := model.NewPlan(p, "", at, "stage when plans began")
		if err := put(plans, u64(uint64(p.ID)), plan); err != nil {
			return err
		}
		p.ReviewBy = model.DefaultReview(p.Stage, now)
		if err := put(problems, m.key, p); err != nil {
			return err
		}
	}
	return nil
}
