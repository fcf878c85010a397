package store

import (
	"fmt"
	"testing"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// BenchmarkProblems lists a board of 10,000 problems, a third of them
// police-only, for a housing officer who sees the other two thirds.
func BenchmarkProblems(b *testing.B) {
	e := newEnv(b)
	const n = 10_000
	// Seeded in one transaction: 10,000 fsyncs would dwarf the benchmark.
	err := e.s.db.Update(func(tx *bolt.Tx) error {
		for i := range n {
			seq, err := tx.Bucket(bucketProblems).NextSequence()
			if err != nil {
				return err
			}
			p := model.Problem{
				ID: model.ID(seq), Ward: north, Title: fmt.Sprintf("Problem %d on the estate", i),
				Description: "Residents report it most evenings; see the minutes of the last meeting.",
				Category:    "asb", Stage: model.StageAnalysis, Priority: model.PriorityMedium, Visibility: model.Panel,
				CreatedBy: "Pat Police", UpdatedBy: "Pat Police", Version: 1,
			}
			if i%3 == 0 {
				p.Visibility = onlyAgencies("police")
			}
			if err := putProblem(tx, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	viewer := e.u["Hana Housing"]
	b.ReportAllocs()
	for b.Loop() {
		ps, err := e.s.Problems(viewer, north)
		if err != nil || len(ps) != n-(n+2)/3 {
			b.Fatalf("%d problems, %v", len(ps), err)
		}
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
