package store

import (
	"errors"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// Group commit (issue 24). Every bbolt commit pays for two fsyncs, and
// bbolt lets one writer in at a time: fifty people saving at once waited
// for fifty commits in a row. A grouped write joins whatever is queued
// while the commit before it is on its way to disk, and the next writer in
// line commits the whole queue in one transaction: one pair of fsyncs for
// all of them, each with its own audit entry and revision inside it.
// A writer alone commits at once, as before: nothing waits on a timer
// (bbolt's own Batch waits up to 10 ms for company, and runs its commit on
// a timer's goroutine, where the damage guard could not catch a panic).
//
// A write function in a group may run more than once: when one of them
// fails, the transaction is rolled back, the failed one is run again on
// its own to get its own answer, and the others are committed again
// without it. So a grouped write function must be safe to run twice: it
// reads what it needs inside the transaction, and sets the variables it
// shares with its caller afresh each time rather than building on what a
// previous run left (changeGrouped's callers are written so).
type committer struct {
	mu      sync.Mutex
	leading bool          // a writer is committing a group
	queue   []*groupWrite // waiting for the next group

	// Writes in flight, for those who would rather not compete with them
	// for the processor (Subscription.WritesQuiet).
	gate    sync.Mutex
	writing int
	quiet   chan struct{} // closed while writing is 0; nil: never written
}

// counted is update, counting each write as in flight while it runs.
func (c *committer) counted(update func(string, func(*bolt.Tx) error) error) func(string, func(*bolt.Tx) error) error {
	return func(doing string, fn func(*bolt.Tx) error) error {
		return c.inFlight(func() error { return update(doing, fn) })
	}
}

// inFlight runs write, counted as a write in flight while it runs.
func (c *committer) inFlight(write func() error) error {
	c.gate.Lock()
	if c.writing == 0 {
		c.quiet = make(chan struct{})
	}
	c.writing++
	c.gate.Unlock()
	defer func() {
		c.gate.Lock()
		c.writing--
		if c.writing == 0 {
			close(c.quiet)
		}
		c.gate.Unlock()
	}()
	return write()
}

// quietNow is closed once no write is in flight (at once if none is).
func (c *committer) quietNow() <-chan struct{} {
	c.gate.Lock()
	defer c.gate.Unlock()
	if c.quiet == nil {
		c.quiet = make(chan struct{})
		close(c.quiet)
	}
	return c.quiet
}

// groupWrite is one write waiting in, or committed with, a group.
type groupWrite struct {
	fn   func(tx *bolt.Tx) error
	done chan struct{} // closed once err or solo or lead is set
	err  error
	solo bool // failed in a group: run it again alone
	lead bool // handed the lead: commit the queue, this write with it
	// signalled is set by the one goroutine leading when it closes done.
	signalled bool
}

// updateGrouped is update for a write function safe to run twice.
func (s *Store) updateGrouped(doing string, fn func(tx *bolt.Tx) error) error {
	if s.damaged.Load() {
		return ErrDamaged
	}
	w := &groupWrite{fn: fn, done: make(chan struct{})}
	c := &s.commits
	c.mu.Lock()
	c.queue = append(c.queue, w)
	if c.leading {
		c.mu.Unlock()
		<-w.done
		switch {
		case w.solo:
			return s.update(doing, fn)
		case !w.lead:
			return w.err
		}
	} else {
		c.leading = true
		c.mu.Unlock()
	}
	s.commitQueue(doing, w)
	return w.err
}

// commitQueue commits everything queued, leader among it, then hands the
// lead to the first writer that queued meanwhile, or gives it up.
func (s *Store) commitQueue(doing string, leader *groupWrite) {
	c := &s.commits
	c.mu.Lock()
	group := c.queue
	c.queue = nil
	c.mu.Unlock()
	finished := false
	defer func() {
		if !finished { // a panic in a write function: nobody is left waiting
			for _, w := range group {
				if w.err == nil {
					w.err = errors.New(doing + ": a write committed with it failed; nothing was saved")
				}
				if w != leader {
					w.signal()
				}
			}
		}
		c.mu.Lock()
		if len(c.queue) > 0 {
			next := c.queue[0]
			next.lead = true
			next.signal()
		} else {
			c.leading = false
		}
		c.mu.Unlock()
	}()
	s.commitGroup(doing, group, leader)
	finished = true
}

// commitGroup commits group in one transaction; a write that fails is
// taken out and told to run alone, and the rest are committed again.
func (s *Store) commitGroup(doing string, group []*groupWrite, leader *groupWrite) {
	for len(group) > 0 {
		failed := -1
		err := s.guard(doing, func() error {
			return s.db.Update(func(tx *bolt.Tx) error {
				for i, w := range group {
					if err := w.fn(tx); err != nil {
						failed = i
						return err
					}
				}
				return nil
			})
		})
		if failed >= 0 && len(group) > 1 && !errors.Is(err, ErrDamaged) {
			w := group[failed]
			group = append(group[:failed:failed], group[failed+1:]...)
			w.solo = true
			if w == leader {
				// The leader runs its own again alone, after the group.
				defer func() { leader.err = s.update(doing, leader.fn) }()
			} else {
				w.signal()
			}
			continue
		}
		for _, w := range group {
			w.err = err
			if w != leader {
				w.signal()
			}
		}
		return
	}
}

func (w *groupWrite) signal() {
	if !w.signalled {
		w.signalled = true
		close(w.done)
	}
}
