package store

import (
	"fmt"
	"sync"
	"testing"

	"wardpanel/model"
)

func TestSubscriptionAfterCommit(t *testing.T) {
	e := newEnv(t)
	sub := e.s.Subscribe()
	defer sub.Close()

	// The reader acts on the revision at once: the write it announces must
	// already be readable.
	seen := make(chan []model.Problem)
	go func() {
		if _, ok := <-sub.C; !ok {
			close(seen)
			return
		}
		ps, _ := e.s.Problems(e.u["Pat Police"], north)
		seen <- ps
	}()
	p := e.create(t, "Pat Police", model.Problem{Title: "Announced problem"})
	if ps := <-seen; len(ps) != 1 || ps[0].ID != p.ID {
		t.Errorf("on notification the board was %v", ids(ps))
	}
	if !empty(sub) {
		t.Error("more than one revision for one write")
	}
}

func TestSubscriptionCoalesces(t *testing.T) {
	e := newEnv(t)
	sub := e.s.Subscribe()
	defer sub.Close()
	for i := range 5 {
		e.create(t, "Pat Police", model.Problem{Title: fmt.Sprintf("Problem number %d", i)})
	}
	rev, ok := recv(t, sub)
	if !ok || rev != e.s.Revision() {
		t.Errorf("received %d (open %v), want the latest revision %d", rev, ok, e.s.Revision())
	}
	if !empty(sub) {
		t.Error("older revisions queued behind the latest")
	}

	// A refused write announces nothing.
	_, err := e.s.CreateProblem(e.actor("Olu Observer"), model.Problem{Ward: north, Title: "Refused"})
	wantIs(t, err, model.ErrForbidden)
	_, err = e.s.AddWard(model.Operator, model.Ward{Code: north, Name: "Duplicate"})
	wantIs(t, err, model.ErrDuplicate)
	if !empty(sub) {
		t.Error("a failed write was published")
	}

	sub.Close()
	if _, ok := <-sub.C; ok {
		t.Error("channel open after Close")
	}
	sub.Close() // twice is harmless
}

func TestPublishKeepsTheLatest(t *testing.T) {
	e := newEnv(t)
	sub := e.s.Subscribe()
	defer sub.Close()
	base := e.s.Revision()
	// Writers can reach publish out of commit order; the older one is dropped.
	e.s.publish(base + 2)
	e.s.publish(base + 1)
	if rev, _ := recv(t, sub); rev != base+2 || e.s.Revision() != base+2 {
		t.Errorf("received %d, Revision %d; want %d", rev, e.s.Revision(), base+2)
	}
}

// TestSubscriptionsUnderLoad runs with -race: writers, readers that never
// keep up, subscribers leaving mid-stream, and the store closing under them.
func TestSubscriptionsUnderLoad(t *testing.T) {
	e := newEnv(t)
	const readers, writers, writes = 64, 4, 25

	var wg sync.WaitGroup
	subs := make([]*Subscription, readers)
	for i := range subs {
		subs[i] = e.s.Subscribe()
		wg.Go(func() {
			var last uint64
			for rev := range subs[i].C {
				if rev <= last {
					t.Errorf("reader %d: revision %d after %d", i, rev, last)
				}
				last = rev
			}
		})
	}
	var writing sync.WaitGroup
	for w := range writers {
		writing.Go(func() {
			for i := range writes {
				if _, err := e.s.CreateProblem(e.actor("Pat Police"), model.Problem{Ward: north, Title: fmt.Sprintf("load %d/%d", w, i)}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	// Half the subscribers leave while the writers run, some twice over.
	for i := 0; i < readers; i += 2 {
		wg.Go(func() { subs[i].Close(); subs[i].Close() })
	}
	// Others come and go.
	for range 16 {
		wg.Go(func() { e.s.Subscribe().Close() })
	}
	writing.Wait()
	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait() // every reader's channel was closed by Close, or returns hangs here
	for _, sub := range subs {
		sub.Close() // after the store's Close: harmless
	}
}
