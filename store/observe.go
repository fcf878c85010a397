package store

import (
	"errors"
	"time"
)

// Observer hears what the operator's health report and metrics count:
// writes, backups and upgrades. Its methods are called after the event,
// outside any transaction, from whichever goroutine caused it; they must
// be quick and must not call back into the store. They carry durations,
// paths and storage errors, never a record's content.
type Observer interface {
	// Wrote reports a write transaction: committed (err nil), or failed
	// for a reason of storage (the disk, the cap, I/O). A change refused
	// in the domain's terms (forbidden, conflict, invalid input) is the
	// user's answer, not a write error, and is not reported.
	Wrote(took time.Duration, err error)
	// BackedUp reports a Backup to path: written and checked (err nil), or not.
	BackedUp(path string, took time.Duration, err error)
	// Upgrading reports that Open, having copied the file to backup, is
	// migrating it from schema from to schema to. If the migration fails,
	// Open returns the error and the file is as it was.
	Upgrading(from, to int, backup string)
}

// CurrentSchema is the schema this build of wardpanel reads and writes;
// files of older schemas are migrated on Open, newer ones refused.
const CurrentSchema = currentSchema

// observeWrite reports one write transaction begun at start; inner is the
// change's own error, err the transaction's.
func (s *Store) observeWrite(start time.Time, inner, err error) {
	if s.observer == nil {
		return
	}
	if err != nil && inner != nil && isOurs(inner) && !errors.Is(inner, ErrFull) {
		return // refused in the domain's terms: nothing went wrong with storage
	}
	s.observer.Wrote(time.Since(start), err)
}

func (s *Store) observeBackup(path string, start time.Time, err error) {
	if s.observer != nil {
		s.observer.BackedUp(path, time.Since(start), err)
	}
}
