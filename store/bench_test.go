package store

import (
	"fmt"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// BenchmarkProblems lists a board of 10,000 problems, a third of them
// police-only, for a housing officer who sees the other two thirds.
func BenchmarkProblems(b *testing.B) {
	e := newEnv(b)
	const n = 10_000
	seedProblems(b, e, n) // in one transaction: 10,000 fsyncs would dwarf the benchmark
	viewer := e.u["Hana Housing"]
	// cold: the first read after a change, which decodes the board; warm:
	// every other session's read of the same revision, served from the cache.
	for _, cold := range []bool{true, false} {
		b.Run(map[bool]string{true: "cold", false: "warm"}[cold], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if cold {
					e.s.problemCache = wardCache[model.Problem]{}
				}
				ps, err := e.s.Problems(viewer, north)
				if err != nil || len(ps) != n-(n+2)/3 {
					b.Fatalf("%d problems, %v", len(ps), err)
				}
			}
		})
	}
}

// BenchmarkCreateProblem is one write: record, index, audit entry,
// revision, fsync and publish to a subscriber nobody reads.
func BenchmarkCreateProblem(b *testing.B) {
	e := newEnv(b)
	sub := e.s.Subscribe()
	defer sub.Close()
	by := e.actor("Pat Police")
	p := model.Problem{Ward: north, Title: "Benchmark problem", Description: "Some text."}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.s.CreateProblem(by, p); err != nil {
			b.Fatal(err)
		}
	}
}

// seedActions writes n actions to north in one transaction, a third of them
// police-only, half of them on one problem: 100,000 fsyncs would dwarf any
// benchmark, and setup is not what is measured.
func seedActions(tb testing.TB, s *Store, n int, problem model.ID) {
	tb.Helper()
	due := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	err := s.db.Update(func(tx *bolt.Tx) error {
		for i := range n {
			seq, err := tx.Bucket(bucketActions).NextSequence()
			if err != nil {
				return err
			}
			a := model.Action{
				ID: model.ID(seq), Ward: north, Title: fmt.Sprintf("Action %d on the estate", i),
				Description: "Agreed at the last meeting; report back at the next.",
				OwnerAgency: "housing", Assignee: "Hana Housing", Due: due.AddDate(0, 0, i%90),
				Status: model.ActionStatuses[i%len(model.ActionStatuses)], Visibility: model.Panel,
				CreatedBy: "Pat Police", UpdatedBy: "Pat Police", Version: 1,
			}
			if i%2 == 0 {
				a.ProblemID = problem
			}
			if i%3 == 0 {
				a.Visibility = onlyAgencies("police")
			}
			if err := putAction(tx, a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkActions lists a ward's 100,000 actions for a housing officer,
// who sees the two thirds that are not police-only.
func BenchmarkActions(b *testing.B) {
	e := newEnv(b)
	const n = 100_000
	seedActions(b, e.s, n, 0)
	viewer := e.u["Hana Housing"]
	b.ReportAllocs()
	for b.Loop() {
		as, err := e.s.Actions(viewer, north)
		if err != nil || len(as) != n-(n+2)/3 {
			b.Fatalf("%d actions, %v", len(as), err)
		}
	}
}

// BenchmarkProblemActions lists the 50,000 actions on one problem.
func BenchmarkProblemActions(b *testing.B) {
	e := newEnv(b)
	p := e.create(b, "Pat Police", model.Problem{Title: "Busy problem"})
	const n = 100_000
	seedActions(b, e.s, n, p.ID)
	viewer := e.u["Hana Housing"]
	b.ReportAllocs()
	for b.Loop() {
		as, err := e.s.ProblemActions(viewer, p.ID)
		if err != nil || len(as) != n/2-(n/2+2)/3 {
			b.Fatalf("%d actions, %v", len(as), err)
		}
	}
}

// BenchmarkSetActionStatusWithOutcome is the `action done ID --outcome`
// write: action, outcome, audit entry, revision, fsync and publish.
func BenchmarkSetActionStatusWithOutcome(b *testing.B) {
	e := newEnv(b)
	by := e.actor("Pat Police")
	a := e.raise(b, "Pat Police", model.Action{Title: "Benchmark action"})
	o := &model.Outcome{Text: "Visited and spoke to the residents.", Result: "engagement"}
	st := []model.ActionStatus{model.ActionDone, model.ActionOpen}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := e.s.SetActionStatus(by, a.ID, st[i%2], o); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
