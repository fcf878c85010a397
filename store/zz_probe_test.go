package store

import (
	"fmt"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestProbeRefresh(t *testing.T) {
	e := newEnv(t)
	ids := seedProblems(t, e, 10_000)
	viewer := e.u["Hana Housing"]
	if _, err := e.s.Problems(viewer, north); err != nil {
		t.Fatal(err)
	}
	e.s.mu.Lock()
	e.s.warm.running = true // no warmer
	e.s.mu.Unlock()
	var tl, tv time.Duration
	const n = 50
	for i := range n {
		p, _ := e.s.Problem(viewer, ids[5000])
		p.Title = fmt.Sprintf("Retitled %d", i)
		if _, err := e.s.UpdateProblem(e.actor("Pat Police"), p); err != nil {
			t.Fatal(err)
		}
		_ = e.s.db.View(func(tx *bolt.Tx) error {
			e.s.problemCache.mu.Lock()
			old := e.s.problemCache.wards[north].snap
			e.s.problemCache.mu.Unlock()
			_ = old
			t0 := time.Now()
			snap, err := e.s.problemCache.load(tx, north, problemSource(tx, north))
			t1 := time.Now()
			if err != nil {
				t.Fatal(err)
			}
			_ = snap
			tl += t1.Sub(t0)
			return nil
		})
		t0 := time.Now()
		if _, err := e.s.Problems(viewer, north); err != nil {
			t.Fatal(err)
		}
		tv += time.Since(t0)
	}
	t.Logf("load %v, view %v", tl/n, tv/n)
}

func BenchmarkProbeLoadAndView(b *testing.B) {
	e := newEnv(b)
	ids := seedProblems(b, e, 10_000)
	viewer := e.u["Hana Housing"]
	if _, err := e.s.Problems(viewer, north); err != nil {
		b.Fatal(err)
	}
	e.s.mu.Lock()
	e.s.warm.running = true // no warmer
	e.s.mu.Unlock()
	var tl, tv time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		p, _ := e.s.Problem(viewer, ids[5000])
		p.Title = fmt.Sprintf("Retitled %d", i)
		if _, err := e.s.UpdateProblem(e.actor("Pat Police"), p); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		_ = e.s.db.View(func(tx *bolt.Tx) error {
			t0 := time.Now()
			_, err := e.s.problemCache.load(tx, north, problemSource(tx, north))
			tl += time.Since(t0)
			return err
		})
		t0 := time.Now()
		if _, err := e.s.Problems(viewer, north); err != nil {
			b.Fatal(err)
		}
		tv += time.Since(t0)
	}
	b.ReportMetric(float64(tl.Microseconds())/float64(b.N), "load-µs/op")
	b.ReportMetric(float64(tv.Microseconds())/float64(b.N), "view-µs/op")
}
