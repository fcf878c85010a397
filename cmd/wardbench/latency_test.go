package main

import "testing"

// TestLatencyFigureNamesItsQuantile: the p50 and p99 figures P1 and P5
// report are named and measured at their quantile, beside the reference's
// and the floor's.
func TestLatencyFigureNamesItsQuantile(t *testing.T) {
	v, ref, floor := []float64{1, 2, 3, 4}, []float64{10, 20, 30, 40}, []float64{0.5, 0.5, 0.5, 0.5}
	for _, tc := range []struct {
		q        float64
		id, name string
	}{
		{0.5, "P5.commit.p50", "P5 status update commit p50"},
		{0.99, "P5.commit.p99", "P5 status update commit p99"},
	} {
		var r report
		r.latency("P5.commit", "P5 status update commit", tc.q, v, ref, floor, "bare bbolt", "one fsync")
		f := r.Figures[0]
		if f.ID != tc.id || f.Name != tc.name || f.Unit != "ms" || f.RefName != "bare bbolt" || f.FloorName != "one fsync" {
			t.Errorf("q %v: figure %+v, want %s %q", tc.q, f, tc.id, tc.name)
		}
		if *f.Value != percentile(v, tc.q) || *f.Ref != percentile(ref, tc.q) || *f.Floor != percentile(floor, tc.q) {
			t.Errorf("q %v: values %v %v %v", tc.q, *f.Value, *f.Ref, *f.Floor)
		}
	}
}
