package main

import (
	"fmt"
	"sync"
	"time"

	"wardpanel/model"
)

// propagationWithin is how long a change may take to reach every session
// before the ones still waiting count as lost.
const propagationWithin = 10 * time.Second

// p2Result is one server's propagation times at each N.
type p2Result struct {
	lat      map[int][]time.Duration
	lost     map[int]int
	bytes    map[int]float64 // median bytes one session received per change
	stoppedN int             // the N at which filling up failed (0: none did)
	err      error           // why
}

// p2Scenario is what P2 measures on one server: the sessions, and the
// change made in each round.
type p2Scenario struct {
	name string
	spec func(i int) connectSpec
	// mark, if set, is the text the round's redraw carries: only the write
	// with it counts as the change's arrival (a live meeting's screen also
	// redraws its timer every second). Nil: the first write after the
	// change counts.
	mark   func() []byte
	change func(round int) (time.Time, error)
	atN    func(n int) // if set, told each N before its changes
}

// p2: N sessions on one server, all showing the same screen; one change;
// the time from the change to the arrival of bytes at the last session.
// Sessions are added up to each N in turn; each server is measured with
// only its own sessions connected. Two scenarios on wardpanel, each against
// the same bare-server broadcast: every session on the board, and every
// session following a live meeting (p2Meeting).
func (b *bench) p2() error {
	var wp, meeting p2Result
	if b.cfg.p2Board {
		wp = b.p2Run(p2Scenario{name: "wardpanel", spec: func(i int) connectSpec { return b.wpSpec(i, 80, 24, true) },
			change: func(round int) (time.Time, error) {
				err := b.wp.retitle(b.wp.people[0], &b.wp.known, fmt.Sprintf("%s #%d", knownTitle, round))
				return time.Now(), err
			}})
	}
	bare := b.p2Run(p2Scenario{name: "bare", spec: func(int) connectSpec { return b.bareSpec(80, 24, true) },
		change: func(round int) (time.Time, error) {
			at := time.Now()
			b.bare.broadcast(bareChangeMsg{row: bareRoundRow, col: bareStatus, text: fmt.Sprintf("done %02d", round%100)})
			return at, nil
		}})
	if b.cfg.p2Meeting {
		var err error
		if meeting, err = b.p2Meeting(); err != nil {
			b.rep.fail("P2: wardpanel following a meeting: %v", err)
		}
	}
	// The floor: the same sessions on the floor server, each change one
	// precomputed write of the size wardpanel's board change was.
	sizeAt := func(n int) int {
		for _, r := range []p2Result{wp, meeting} {
			if v := r.bytes[n]; v > 0 {
				return int(v)
			}
		}
		return 200
	}
	var floorN int
	floor := b.p2Run(p2Scenario{name: "floor", spec: func(int) connectSpec { return b.floorSpec(80, 24, true) },
		change: func(round int) (time.Time, error) {
			at := time.Now()
			b.floor.broadcast(floorUpdate(sizeAt(floorN), round))
			return at, nil
		}, atN: func(n int) { floorN = n }})
	b.p2Board = wp
	if b.cfg.p2Board {
		b.p2Figures("propagation", "P2 propagation", wp, bare, floor)
	}
	if b.cfg.p2Meeting {
		b.p2Figures("meeting", "P2 meeting", meeting, bare, floor)
	}
	for _, n := range b.cfg.sessions {
		if lost := bare.lost[n]; lost > 0 {
			b.rep.note("P2: the bare server lost %d deliveries at N=%d (counted at %v).", lost, n, propagationWithin)
		}
	}
	for _, r := range []struct {
		name string
		res  p2Result
	}{{"wardpanel", wp}, {"wardpanel following a meeting", meeting}, {"bare", bare}, {"floor", floor}} {
		if r.res.err != nil {
			b.rep.fail("P2: %s: filling up to %d sessions: %v", r.name, r.res.stoppedN, r.res.err)
		}
	}
	if b.cfg.p2Board {
		b.rep.note("P2: the change on wardpanel's board is an officer retitling the board's top problem through the store " +
			"(UpdateProblem, \"… #N\"): the board does not show actions, so a change to one action's status would redraw nothing; " +
			"a one-row change every board shows stands in for it. Timed from the store call's return (the commit, " +
			"whose own latency is P5) to the first bytes at the last of the N sessions.")
	}
	if b.cfg.p2Meeting {
		b.rep.note("P2 following a meeting: the ward's meeting is live (started by the chair) on matters arising, " +
			"\"Minutes and actions of the last meeting\", which lists one action raised at the meeting before and still open; " +
			"each session is on the board, presses m and follows the live meeting. The change is the action's owner (an officer) " +
			"moving its status through the store (SetActionStatus), open ↔ in-progress in turn; the status ends the review line " +
			"every meeting screen shows. The item's timer redraws every screen once a minute, so the arrival counted at each session " +
			"is the first write carrying the new status (the redraw of that line), not just any write; timed from the store call's " +
			"return to its arrival at the last of the N sessions. Same bare-server broadcast and targets as the board.")
	}
	b.rep.note("P2: on the bare server the change "+
		"is a message sent to every program (one goroutine each, as wish's multichat example does), changing one "+
		"row; timed from the broadcast. %d changes per N; sessions 80×24, spread over %d users of %d agencies; "+
		"once a session's first frame is up its client only timestamps arrivals. The floor: the same N sessions on a "+
		"server with the same SSH stack and nothing behind it, each change one precomputed write per session "+
		"(its own goroutine each, as the bare broadcast) of as many bytes as one board change sent wardpanel's first session "+
		"(the median over the changes); no model, no rendering.", b.cfg.p2Changes, len(b.wp.people), len(agencies))
	return nil
}

// p2Meeting is P2 with every session following a live meeting: the meeting
// goes live for it and is closed after, so the sections that follow see
// the ward as before.
func (b *bench) p2Meeting() (p2Result, error) {
	w := b.wp
	if err := w.startMeeting(); err != nil {
		return p2Result{}, fmt.Errorf("starting the meeting: %w", err)
	}
	res := b.p2Run(p2Scenario{name: "wardpanel following a meeting", spec: func(i int) connectSpec { return b.meetingSpec(i) },
		mark: func() []byte { return []byte(w.nextReviewStatus()) },
		change: func(int) (time.Time, error) {
			err := w.moveReview(w.nextReviewStatus())
			return time.Now(), err
		}})
	return res, w.closeMeeting()
}

// meetingSpec is a wardpanel session following the live meeting on
// matters arising, with the reviewed action's status on screen. m opens
// the live meeting straight away once the session knows of it (the
// board's header loads that just after the first frame); a session that
// did not yet gets the meetings list, with the live meeting under the
// cursor, and opens it with enter, as a person would (followSpec).
func (b *bench) meetingSpec(i int) connectSpec {
	w := b.wp
	_, at := w.meeting.Item(w.meeting.Current)
	return b.followSpec(i, contains(fmt.Sprintf("%d. %s", at+1, reviewItemTitle), model.ActionRef(w.review.ID)+" "+reviewTitle,
		", "+string(w.review.Status), "Following the chair.", meetingFooterStart))
}

// meetingFooterStart is in the meeting screen's key help for every role:
// a short help opens "? help • esc back", one too long for the width drops
// "? help" and ends "? more" instead.
const meetingFooterStart = "esc back • "

// p2Figures reports one wardpanel scenario against the bare broadcast.
func (b *bench) p2Figures(id, name string, wp, bare, floor p2Result) {
	for _, n := range b.cfg.sessions {
		w, r, fl := durationsMS(wp.lat[n]), durationsMS(bare.lat[n]), durationsMS(floor.lat[n])
		if len(w) == 0 && len(r) == 0 {
			continue
		}
		val := func(xs []float64, p float64) *float64 {
			if len(xs) == 0 {
				return nil
			}
			return f64(percentile(xs, p))
		}
		b.rep.add(figure{ID: fmt.Sprintf("P2.%s.n%d.p50", id, n), Name: fmt.Sprintf("%s N=%d p50", name, n),
			Unit: "ms", Value: val(w, 0.5), Ref: val(r, 0.5), RefName: "bare wish", Floor: val(fl, 0.5), FloorName: "one write"})
		f := figure{ID: fmt.Sprintf("P2.%s.n%d.p99", id, n), Name: fmt.Sprintf("%s N=%d p99", name, n),
			Unit: "ms", Value: val(w, 0.99), Ref: val(r, 0.99), RefName: "bare wish", Floor: val(fl, 0.99), FloorName: "one write"}
		if lost := wp.lost[n]; lost > 0 {
			f.Note = fmt.Sprintf("%d deliveries lost", lost)
		}
		b.rep.add(f)
		if n == 100 {
			b.rep.check(both(both(ratioAtMost(0.5), atMost(50, "ms")), floorAtMost(3)))
		} else {
			b.rep.check(both(ratioAtMost(0.5), floorAtMost(3)))
		}
		b.rep.note("%s N=%d: wardpanel min %.0f, p90 %.0f, max %.0f ms; bare min %.0f, p90 %.0f, max %.0f ms; "+
			"floor min %.0f, p90 %.0f, max %.0f ms, its update %.0f B.", name, n,
			percentile(w, 0), percentile(w, 0.9), percentile(w, 1), percentile(r, 0), percentile(r, 0.9), percentile(r, 1),
			percentile(fl, 0), percentile(fl, 0.9), percentile(fl, 1), floor.bytes[n])
	}
}

func (b *bench) p2Run(sc p2Scenario) p2Result {
	name := sc.name
	res := p2Result{lat: map[int][]time.Duration{}, lost: map[int]int{}, bytes: map[int]float64{}}
	var (
		mu    sync.Mutex
		terms []*term
	)
	defer func() {
		for _, t := range terms {
			t.close()
		}
		settle() // the sessions' ends, before the next server or section
	}()
	round := 0
	for _, n := range b.cfg.sessions {
		have := len(terms)
		b.logf("P2 %s: connecting sessions %d–%d", name, have+1, n)
		err := connectMany(n-have, b.cfg.parallel, func(i int) connectSpec { return sc.spec(have + i) }, func(_ int, t *term) {
			t.stopScreen(make(chan time.Time, 64))
			mu.Lock()
			terms = append(terms, t)
			mu.Unlock()
		})
		if err != nil {
			res.stoppedN, res.err = n, err
			return res
		}
		time.Sleep(time.Second) // let the last sessions' start-up work finish
		if sc.atN != nil {
			sc.atN(n)
		}
		b.logf("P2 %s: %d changes to %d sessions", name, b.cfg.p2Changes, n)
		deadline := time.Now().Add(b.cfg.p2Budget)
		var sizes []float64
		before := terms[0].bytes.Load()
		for i := -1; i < b.cfg.p2Changes; i++ { // round -1 warms up and is not counted
			if i > 0 && time.Now().After(deadline) {
				b.rep.note("P2: %s at N=%d: only %d of %d changes fitted in the %v allowed.", name, n, i, b.cfg.p2Changes, b.cfg.p2Budget)
				break
			}
			round++
			var mark []byte
			if sc.mark != nil {
				mark = sc.mark()
			}
			d, lost, err := propagateOnce(terms, mark, func() (time.Time, error) { return sc.change(round) })
			if err != nil {
				res.stoppedN, res.err = n, err
				return res
			}
			if b.cfg.verbose {
				b.logf("P2 %s round %d: %v", name, i, d)
			}
			if i >= 0 {
				res.lat[n] = append(res.lat[n], d)
				res.lost[n] += lost
			}
			// What the change sent the first session, counted once it
			// has reached the last one.
			if now := terms[0].bytes.Load(); i > 0 {
				sizes = append(sizes, float64(now-before))
				before = now
			} else {
				before = now
			}
		}
		res.bytes[n] = median(sizes)
	}
	return res
}

// propagateOnce makes one change and returns the time from the change to
// the first write after it at the slowest session (with mark, the first
// write carrying mark), and how many sessions got nothing within
// propagationWithin.
func propagateOnce(terms []*term, mark []byte, change func() (time.Time, error)) (time.Duration, int, error) {
	time.Sleep(30 * time.Millisecond) // the tail of the previous redraw
	for _, t := range terms {
		for len(t.arrivals) > 0 {
			<-t.arrivals
		}
		if mark != nil {
			t.expectMark(mark)
		}
	}
	t0 := time.Now()
	at, err := change()
	if err != nil {
		return 0, 0, err
	}
	last, lost := lastArrival(terms, t0, at)
	return max(0, last.Sub(at)), lost, nil
}

// lastArrival waits, up to propagationWithin from t0, for a write to reach
// each of terms at or after t0, and says when the last came (no earlier
// than from), and how many never did; with any lost, the last is the end
// of the wait.
func lastArrival(terms []*term, t0, from time.Time) (last time.Time, lost int) {
	timeout := time.After(propagationWithin)
	expired := false
	last = from
	for _, t := range terms {
		got, ok := nextArrival(t, t0, timeout, &expired)
		if !ok {
			lost++
			continue
		}
		last = maxTime(last, got)
	}
	if lost > 0 {
		last = t0.Add(propagationWithin)
	}
	return last, lost
}

// nextArrival is the first write to reach t at or after since; once
// timeout has fired it only takes what is already there.
func nextArrival(t *term, since time.Time, timeout <-chan time.Time, expired *bool) (time.Time, bool) {
	for {
		var at time.Time
		if *expired {
			select {
			case at = <-t.arrivals:
			default:
				return time.Time{}, false
			}
		} else {
			select {
			case at = <-t.arrivals:
			case <-timeout:
				*expired = true
				continue
			}
		}
		if !at.Before(since) {
			return at, true
		}
	}
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
