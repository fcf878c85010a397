package store

import (
	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// After a change to a ward's problems, whoever reads them first would bring
// the ward's cache up to date (re-read every stored record to find the
// changed ones, then make each class of reader's shared list again) while
// the others wait: on a 10,000-problem ward, a few milliseconds on the
// first frame of whoever connects next. So the store does it itself as
// soon as the change commits, off every reader's path. A ward nobody has
// read is left alone, and a ward changing faster than it can be brought up
// to date is brought up to date once for all the changes so far.

// warmer is the state of that work: the wards waiting for it, and whether
// a goroutine is on it.
type warmer struct {
	wards   map[string]bool
	running bool
	done    chan struct{} // closed when the running goroutine ends
	// warmed, if set (tests), is called after each ward is brought up to date.
	warmed func(ward string)
}

// changed notes a committed change described by e.
func (s *Store) changed(e model.AuditEntry) {
	if e.Ward == "" || e.Action.Family() != model.FamilyProblem || !s.problemCache.has(e.Ward) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	w := &s.warm
	if w.wards == nil {
		w.wards = map[string]bool{}
	}
	w.wards[e.Ward] = true
	if !w.running {
		w.running, w.done = true, make(chan struct{})
		go s.warmWards(w.done)
	}
}

// warmWards brings the waiting wards up to date until none is left.
func (s *Store) warmWards(done chan struct{}) {
	defer close(done)
	for {
		s.mu.Lock()
		var ward string
		for ward = range s.warm.wards {
			break
		}
		if ward == "" || s.closed {
			s.warm.running = false
			s.mu.Unlock()
			return
		}
		delete(s.warm.wards, ward)
		warmed := s.warm.warmed
		s.mu.Unlock()

		// An error here (a store closing under it) is the next reader's to
		// meet: this work is only ever ahead of it.
		_ = s.read("warm the cache", func(tx *bolt.Tx) error {
			_, err := s.problemCache.refresh(tx, ward, problemSource(tx, ward))
			return err
		})
		if warmed != nil {
			warmed(ward)
		}
	}
}

// stopWarming waits for the work in hand to end; s.closed is already set.
func (s *Store) stopWarming() {
	s.mu.Lock()
	done := s.warm.done
	s.mu.Unlock()
	if done != nil {
		<-done
	}
}
