package sshd

import (
	"cmp"
	"context"
	"runtime"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"wardpanel/store"
	"wardpanel/tui"
	"wardpanel/tui/paint"
)

// After a change to the store every session on a screen that shows it
// re-reads and redraws. Let all of them loose at once and a burst of
// changes (fifty ballots in two seconds, with three hundred people
// following the meeting) fills the scheduler's queue with hundreds of
// sessions' loads and redraws; the writers' own goroutines, back from
// each fsync, wait behind all of them, and a ballot's commit took up to
// seconds (issue 24, P7). So sessions refresh a few at a time, as many as
// there are processors: each takes its turn, hands its program the
// change, and holds the turn until the program has settled (the change
// handled, its loads answered, the frame after made; paint.Settler), or
// refreshSettleWithin has passed. Changes that come while a session waits
// for its turn fold into one, as the subscription already folds them while
// it is busy. The same work is done, but never more of it at once than the
// machine can run, so a writer waits for a turn of the processor, not for
// the whole room.
type refreshTurns struct {
	once   sync.Once
	slots  chan struct{}
	within time.Duration // a turn's bound; 0: refreshSettleWithin
}

// refreshSettleWithin bounds a turn: a program that is slow to settle, or
// whose refresh started a timer, lets the next session go after it.
const refreshSettleWithin = 50 * time.Millisecond

func (r *refreshTurns) take(ctx context.Context) bool {
	r.once.Do(func() { r.slots = make(chan struct{}, max(1, runtime.GOMAXPROCS(0))) })
	select {
	case r.slots <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

func (r *refreshTurns) give() { <-r.slots }

// followStore is tui.FollowStore for a session over SSH: it sends each
// change sub reports, in turn with the other sessions, and waits for it to
// settle. It closes sub when it returns.
func (s *Server) followStore(ctx context.Context, sub *store.Subscription, settle *paint.Settler, send func(tea.Msg)) {
	defer sub.Close()
	within := cmp.Or(s.refresh.within, refreshSettleWithin)
	wait := time.NewTimer(within)
	defer wait.Stop()
	for {
		var rev uint64
		select {
		case <-ctx.Done():
			return
		case r, ok := <-sub.C:
			if !ok {
				return
			}
			rev = r
		}
		if !s.refresh.take(ctx) {
			return
		}
		// What committed while this session waited for its turn.
		select {
		case r, ok := <-sub.C:
			if !ok {
				s.refresh.give()
				return
			}
			rev = r
		default:
		}
		// The send itself may block (a program stuck, which the stall
		// guard deals with): the turn is bounded all the same.
		msg, sent := settle.Follow(tui.StoreChangedMsg{Revision: rev}), make(chan struct{})
		go func() { defer close(sent); send(msg) }()
		wait.Reset(within)
		select {
		case <-settle.Settled():
		case <-wait.C:
		case <-ctx.Done():
		}
		s.refresh.give()
		select {
		case <-sent:
		case <-ctx.Done():
			return
		}
	}
}
