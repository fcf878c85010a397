package store

// The change feed. Each subscriber has a one-slot channel meaning "the
// store is at revision N now": a session that is slow to read misses the
// revisions in between, which is fine because it re-reads what it shows,
// and a writer never waits for any session.

func (s *Store) subscribe() *Subscription {
	c := make(chan uint64, 1)
	sub := &Subscription{C: c, c: c, s: s}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		close(c)
		return sub
	}
	s.subs[sub] = struct{}{}
	return sub
}

// unsubscribe closes the channel exactly once, whether the subscriber or
// the store's Close gets there first.
func (s *Store) unsubscribe(sub *Subscription) {
	if s == nil || sub == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.subs[sub]; ok {
		delete(s.subs, sub)
		close(sub.c)
	}
}

// publish tells every subscriber the store reached rev. Writers commit in
// order but may reach publish out of order; the lock and the check on
// s.sent keep a late, older revision from replacing a newer one.
func (s *Store) publish(rev uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rev <= s.sent {
		return
	}
	s.sent = rev
	s.rev.Store(rev)
	for sub := range s.subs {
		offer(sub.c, rev)
	}
}

// offer puts rev in c without ever blocking, replacing an unread older
// revision. Only publish sends, under s.mu, so after the drain the slot is
// free for the second send.
func offer(c chan uint64, rev uint64) {
	select {
	case c <- rev:
		return
	default:
	}
	select {
	case <-c:
	default:
	}
	select {
	case c <- rev:
	default:
	}
}

// WritesQuiet is closed once no write is in flight: a subscriber about to
// do work it could as well do a moment later (a session's refresh) waits
// on it, bounded, so that a burst of writes does not queue behind the work
// their own changes set off (issue 24, P7). It is closed at once when no
// write is under way.
func (sub *Subscription) WritesQuiet() <-chan struct{} { return sub.s.commits.quietNow() }
