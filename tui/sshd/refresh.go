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

// refreshYieldWithin bounds how long a session that has its turn waits
// for writes in flight to finish before it refreshes anyway: writes that
// never stop must not starve the screens.
const refreshYieldWithin = 20 * time.Millisecond

// yieldToWrites waits until quiet is closed, or refreshYieldWithin has
// passed; it returns false if ctx ends first. t is a stopped or fired timer
// it may reuse.
func yieldToWrites(ctx context.Context, quiet <-chan struct{}, t *time.Timer) bool {
	select {
	case <-quiet:
		return true
	default:
	}
	t.Reset(refreshYieldWithin)
	defer t.Stop()
	select {
	case <-quiet:
	case <-t.C:
	case <-ctx.Done():
		return false
	}
	return true
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
	yield := time.NewTimer(0)
	defer yield.Stop()
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
		// A write under way goes first: its goroutine, back from each
		// fsync, would otherwise queue for a processor behind this
		// session's load and redraw (issue 24, P7).
		if !yieldToWrites(ctx, sub.WritesQuiet(), yield) {
			s.refresh.give()
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
