package main

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"wardpanel/model"
)

// voteMark is text only the priorities item shows, with its vote: the
// write that carries it is the one that puts the item, and its tally, on
// a screen.
const voteMark = "Priorities vote"

// p7: a meeting's burst. N sessions follow a live meeting; p7Ballots
// voters cast their ballots within p7Window (each through the store, as
// the ballot form's enter does), and as the last is counted the chair
// steps to the priorities item, where every screen then shows the vote and
// its final tally. Ballots' commit latency, and the time from the chair's
// step to the last screen showing the new item with the tally.
func (b *bench) p7() error {
	w := b.wp
	chair := w.people[len(w.people)-1]
	var voters []person
	for i := range b.cfg.p7Ballots {
		p, err := enrol(w.st, fmt.Sprintf("Resident %d", i+1), "residents", model.RoleMember, demoWard)
		if err != nil {
			return err
		}
		voters = append(voters, p)
	}
	var ballotsMS []float64
	for _, n := range b.cfg.p7Sessions {
		lat, current, lost, err := b.p7Burst(chair, voters, n)
		if err != nil {
			return fmt.Errorf("with %d sessions following: %w", n, err)
		}
		ballotsMS = append(ballotsMS, durationsMS(lat)...)
		l := durationsMS(lat)
		b.rep.add(figure{ID: fmt.Sprintf("P7.n%d.ballot_commit.p50", n), Name: fmt.Sprintf("P7 N=%d ballot commit p50", n),
			Unit: "ms", Value: f64(percentile(l, 0.5))})
		b.rep.add(figure{ID: fmt.Sprintf("P7.n%d.ballot_commit.p99", n), Name: fmt.Sprintf("P7 N=%d ballot commit p99", n),
			Unit: "ms", Value: f64(percentile(l, 0.99))})
		b.rep.check(atMost(20, "ms"))
		f := figure{ID: fmt.Sprintf("P7.n%d.all_current", n), Name: fmt.Sprintf("P7 N=%d every screen current", n),
			Unit: "ms", Value: f64(ms(current))}
		if lat := b.p2Board.lat[n]; len(lat) > 0 {
			f.Ref, f.RefName = f64(2*percentile(durationsMS(lat), 0.99)), "2× P2 p99"
		}
		if lost > 0 {
			f.Note = fmt.Sprintf("%d screens never showed it", lost)
		}
		b.rep.add(f)
		if f.Ref != nil {
			b.rep.check(ratioAtMost(1))
		} else {
			b.rep.note("P7 N=%d: P2 did not run at N=%d in this run, so its target (within 2× P2's p99) is not checked: "+
				"run with --only P2,P7 --sessions %d.", n, n, n)
		}
	}
	b.rep.note("P7: N sessions on the board press m and follow the ward's live meeting (its first item); %d residents "+
		"cast their ballots in the meeting's open priorities vote through the store, spread evenly over %v (commit "+
		"latency of each: ChangeMeeting with CastVote, grouped commits); as the last is counted the chair steps to the "+
		"priorities item. Every screen current: from the chair's step (the store call, its commit included: screens may redraw before it returns) to the arrival, at the last of the N sessions, "+
		"of the write carrying %q (the priorities item's vote, whose tally then counts every ballot). Ballots, all N: %s ms.",
		b.cfg.p7Ballots, b.cfg.p7Window, voteMark, summary(ballotsMS))
	return nil
}

func summary(xs []float64) string {
	return fmt.Sprintf("min %.1f, p50 %.1f, p90 %.1f, max %.1f", percentile(xs, 0), percentile(xs, 0.5), percentile(xs, 0.9), percentile(xs, 1))
}

// p7Burst runs one burst on n sessions following a new live meeting, and
// closes the meeting after.
func (b *bench) p7Burst(chair person, voters []person, n int) (ballots []time.Duration, current time.Duration, lost int, err error) {
	w := b.wp
	m, err := w.st.CreateMeeting(chair.actor(), model.Meeting{Ward: demoWard, Title: fmt.Sprintf("Benchford panel, %d following", n),
		When: time.Now(), Venue: "Benchford Library"})
	if err != nil {
		return nil, 0, 0, err
	}
	if m, err = w.st.ChangeMeeting(chair.actor(), m.ID, model.StartMeeting{}); err != nil {
		return nil, 0, 0, err
	}
	defer func() {
		for _, ch := range []model.MeetingChange{model.CloseVote{}, model.CloseMeeting{}} {
			if _, cerr := w.st.ChangeMeeting(chair.actor(), m.ID, ch); cerr != nil && err == nil {
				err = fmt.Errorf("%T: %w", ch, cerr)
			}
		}
	}()
	candidates := []model.ID{w.known.ID, w.live.ID}
	if m, err = w.st.ChangeMeeting(chair.actor(), m.ID, model.OpenVote{Candidates: candidates}); err != nil {
		return nil, 0, 0, err
	}
	prio := m.ItemOfKind(model.ItemPriorities)
	if prio == nil || prio.ID == m.Current {
		return nil, 0, 0, fmt.Errorf("meeting %d: no priorities item to step to", m.ID)
	}
	it, at := m.Item(m.Current)
	frame := contains(fmt.Sprintf("%d. %s", at+1, it.Title), "Following the chair.", meetingFooterStart)

	var terms []*term
	var mu sync.Mutex
	defer func() {
		for _, t := range terms {
			t.close()
		}
		settle()
	}()
	b.logf("P7: connecting %d sessions to follow meeting %d", n, m.ID)
	if err := connectMany(n, b.cfg.parallel, func(i int) connectSpec { return b.followSpec(i, frame) }, func(_ int, t *term) {
		t.stopScreen(make(chan time.Time, 64))
		mu.Lock()
		terms = append(terms, t)
		mu.Unlock()
	}); err != nil {
		return nil, 0, 0, err
	}
	time.Sleep(time.Second) // the last sessions' start-up work
	for _, t := range terms {
		for len(t.arrivals) > 0 {
			<-t.arrivals
		}
		t.expectMark([]byte(voteMark))
	}
	b.logf("P7: %d ballots within %v, then the chair steps, %d sessions", len(voters), b.cfg.p7Window, n)
	ballots = make([]time.Duration, len(voters))
	errs := make([]error, len(voters))
	var wg sync.WaitGroup
	start := time.Now()
	for i, v := range voters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Until(start.Add(b.cfg.p7Window * time.Duration(i) / time.Duration(len(voters)))))
			t := time.Now()
			_, errs[i] = w.st.ChangeMeeting(v.actor(), m.ID, model.CastVote{Choices: []model.ID{candidates[i%len(candidates)]}})
			ballots[i] = time.Since(t)
		}()
	}
	wg.Wait()
	if i := slices.IndexFunc(errs, func(e error) bool { return e != nil }); i >= 0 {
		return nil, 0, 0, fmt.Errorf("ballot of %s: %w", voters[i].user.Name, errs[i])
	}
	t0 := time.Now()
	if _, err := w.st.ChangeMeeting(chair.actor(), m.ID, model.StepItem{From: m.Current, To: prio.ID}); err != nil {
		return nil, 0, 0, fmt.Errorf("stepping to the priorities item: %w", err)
	}
	last, lost := lastArrival(terms, t0, t0)
	return ballots, last.Sub(t0), lost, nil
}

// followSpec is a wardpanel session that, once the board is up, presses m
// and waits for the live meeting's screen to satisfy frame (opening it
// from the meetings list with enter, if that is what m showed).
func (b *bench) followSpec(i int, frame func(string) bool) connectSpec {
	spec := b.wpSpec(i, 80, 24, true)
	listed := contains("Meetings of ", "> LIVE")
	spec.then = func(t *term) error {
		c := t.expect(func(s string) bool { return frame(s) || listed(s) })
		if err := t.key("m"); err != nil {
			return err
		}
		if _, err := t.await(c, spec.within, "the live meeting"); err != nil || frame(t.text()) {
			return err
		}
		c = t.expect(frame)
		if err := t.key("\r"); err != nil {
			return err
		}
		_, err := t.await(c, spec.within, "the live meeting, opened from the list")
		return err
	}
	return spec
}
