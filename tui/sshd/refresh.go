package sshd

import (
	"cmp"
	"context"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
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
// seconds (issue 24, P7). So sessions refresh in turns: each takes its
// turn, hands its program the change, and holds the turn until the
// program has settled (the change handled, its loads answered, the frame
// after made; paint.Settler), or refreshSettleWithin has passed. Changes
// that come while a session waits for its turn fold into one, as the
// subscription already folds them while it is busy.
//
// How many turns run at once depends on the writes. While a write is in
// flight, or changes come in a burst (each within refreshBurstGap of the
// one before), as many as there are processors: the writer, back from its
// fsync, then waits for a turn of the processor, not for the whole room.
// Otherwise refreshWide: with one turn per processor a lone change reached
// the last of a hundred boards several times later than with more at once
// (P2), as each turn's hand-over waits on the scheduler; but wide turns
// between the ballots of a burst, when no write happens to be in flight,
// put sixteen redraws ahead of the next ballot (P7). A write or a burst
// that starts while wide turns are out stops new ones being handed out
// until those held are back below one per processor; once no write is in
// flight and the burst is over, those waiting go, up to refreshWide again.
type refreshTurns struct {
	mu      sync.Mutex
	held    int
	waiting []chan struct{} // first come, first served; closed: its turn
	// watching: a goroutine waits for the writes in flight and the burst
	// to end, to widen the turns for those waiting.
	watching bool
	// The last change heard of, when; and until when the changes are a
	// burst.
	lastRev    uint64
	lastAt     time.Time
	burstUntil time.Time
	heardRev   atomic.Uint64 // lastRev, read without r.mu

	within       time.Duration    // a turn's bound; 0: refreshSettleWithin
	wide, narrow int              // turns at once; 0: refreshWide, GOMAXPROCS
	now          func() time.Time // nil: time.Now
}

// refreshBurstGap: changes closer together than this are a burst (a
// meeting's ballots, fifty in two seconds), not lone changes (someone
// saving a form). Turns stay narrow until this long after the last.
const refreshBurstGap = 50 * time.Millisecond

// heard notes that a session heard the store reached rev: a change, the
// first time any session hears of it.
func (r *refreshTurns) heard(rev uint64) {
	if rev <= r.heardRev.Load() {
		return // every session hears of each change: most after the first
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if rev <= r.lastRev {
		return
	}
	at := r.clock()
	if !r.lastAt.IsZero() && at.Sub(r.lastAt) < refreshBurstGap {
		r.burstUntil = at.Add(refreshBurstGap)
	}
	r.lastRev, r.lastAt = rev, at
	r.heardRev.Store(rev)
}

func (r *refreshTurns) clock() time.Time {
	if r.now != nil {
		return r.now()
	}
	return time.Now()
}

// refreshWide is how many sessions refresh at once while no write is in
// flight. More than this gains a lone change little on 2 processors, and
// each of them is one more that a write starting meanwhile competes with.
const refreshWide = 16

// writesQuiet is closed once no store write is in flight
// (store.Subscription.WritesQuiet).
type writesQuiet func() <-chan struct{}

// width is how many turns may be out now (under r.mu); narrowed says it
// is fewer than when no write is in flight and no burst is under way.
func (r *refreshTurns) width(quiet writesQuiet) (n int, narrowed bool) {
	narrow := cmp.Or(r.narrow, max(1, runtime.GOMAXPROCS(0)))
	wide := max(cmp.Or(r.wide, refreshWide), narrow)
	select {
	case <-quiet():
		if !r.clock().Before(r.burstUntil) {
			return wide, false
		}
	default:
	}
	return narrow, narrow < wide
}

// take waits for a turn; it returns false, without one, if ctx ends first.
func (r *refreshTurns) take(ctx context.Context, quiet writesQuiet) bool {
	r.mu.Lock()
	if n, _ := r.width(quiet); len(r.waiting) == 0 && r.held < n {
		r.held++
		r.mu.Unlock()
		return true
	}
	turn := make(chan struct{})
	r.waiting = append(r.waiting, turn)
	r.handOutLocked(quiet)
	r.mu.Unlock()
	select {
	case <-turn:
		return true
	case <-ctx.Done():
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if i := slices.Index(r.waiting, turn); i >= 0 {
		r.waiting = slices.Delete(r.waiting, i, i+1)
		return false
	}
	// Handed the turn as the session ended: the next one has it.
	r.held--
	r.handOutLocked(quiet)
	return false
}

// give hands a turn back.
func (r *refreshTurns) give(quiet writesQuiet) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.held--
	r.handOutLocked(quiet)
}

// handOutLocked hands turns to those waiting, first come first, as many
// as the width allows; while it is narrowed and some still wait, a
// goroutine waits for the writes in flight and the burst to end, and
// hands out turns again.
func (r *refreshTurns) handOutLocked(quiet writesQuiet) {
	n, narrowed := r.width(quiet)
	for ; r.held < n && len(r.waiting) > 0; r.held++ {
		close(r.waiting[0])
		r.waiting = r.waiting[1:]
	}
	if !narrowed || len(r.waiting) == 0 || r.watching {
		return
	}
	r.watching = true
	writes := quiet()
	go func() {
		<-writes
		r.mu.Lock()
		burst := r.burstUntil.Sub(r.clock())
		r.mu.Unlock()
		if burst > 0 {
			<-time.After(burst)
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		r.watching = false
		r.handOutLocked(quiet)
	}()
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
		s.refresh.heard(rev)
		if !s.refresh.take(ctx, sub.WritesQuiet) {
			return
		}
		// A write under way goes first: its goroutine, back from each
		// fsync, would otherwise queue for a processor behind this
		// session's load and redraw (issue 24, P7).
		if !yieldToWrites(ctx, sub.WritesQuiet(), yield) {
			s.refresh.give(sub.WritesQuiet)
			return
		}
		// What committed while this session waited for its turn.
		select {
		case r, ok := <-sub.C:
			if !ok {
				s.refresh.give(sub.WritesQuiet)
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
		s.refresh.give(sub.WritesQuiet)
		select {
		case <-sent:
		case <-ctx.Done():
			return
		}
	}
}
