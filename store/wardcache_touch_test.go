package store

import (
	"slices"
	"testing"

	"wardpanel/model"
)

// Every read in the store's tests checks what the touch log says against
// a read of every record: a write that changes problems or actions without
// noting them fails the test that reads them next.
func init() { verifyTouched = true }

// After a change the shared list is made from the records the change
// wrote, without reading the ward's other records, and still through the
// permission checks: a member never gets a problem restricted to the
// police, and gets it back once it is widened.
func TestAChangeRereadsOnlyWhatItWrote(t *testing.T) {
	e := newEnv(t)
	ids := seedProblems(t, e, 1000)
	mo, pat := e.u["Mo Member"], e.u["Pat Police"]
	for _, u := range []model.User{mo, pat} {
		if _, err := e.s.Problems(u, north); err != nil {
			t.Fatal(err)
		}
	}
	id := ids[1] // seen by the panel
	for _, c := range []struct {
		name   string
		vis    model.Visibility
		moSees bool
	}{
		{"restricted to the police", onlyAgencies("police"), false},
		{"widened to the panel", model.Panel, true},
		{"restricted again", onlyAgencies("police"), false},
	} {
		decoded, rescans := e.s.problemCache.decoded.Load(), e.s.problemCache.rescans.Load()
		p, err := e.s.Problem(pat, id)
		if err != nil {
			t.Fatal(err)
		}
		p.Visibility = c.vis
		if _, err := e.s.UpdateProblem(e.actor("Pat Police"), p); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, err := e.s.Problems(mo, north)
		if err != nil {
			t.Fatal(err)
		}
		if sees := slices.ContainsFunc(got, func(q model.Problem) bool { return q.ID == id }); sees != c.moSees {
			t.Errorf("%s: the member sees it: %t, want %t", c.name, sees, c.moSees)
		}
		for _, q := range got {
			if !model.CanSeeProblem(mo, q) {
				t.Fatalf("%s: the member's list holds %s, which is %s", c.name, model.ProblemRef(q.ID), q.Visibility)
			}
		}
		police, err := e.s.Problems(pat, north)
		if err != nil {
			t.Fatal(err)
		}
		if i := slices.IndexFunc(police, func(q model.Problem) bool { return q.ID == id }); i < 0 || police[i].Visibility.String() != c.vis.String() {
			t.Errorf("%s: the police's list does not show the change", c.name)
		}
		if n := e.s.problemCache.decoded.Load() - decoded; n != 1 {
			t.Errorf("%s: %d problems decoded, want 1", c.name, n)
		}
		if n := e.s.problemCache.rescans.Load() - rescans; n != 0 {
			t.Errorf("%s: the ward's stored problems were read through %d times", c.name, n)
		}
	}
}

// A write the log does not know of (made outside the store's change path,
// as a migration's) leaves a gap: the cache then reads every record.
func TestTouchLogGapReadsWhole(t *testing.T) {
	var l touchLog
	l.add(touchEntry{from: 1, to: 2, keys: []touchedKey{{bucketProblems, u64(7)}}})
	l.add(touchEntry{from: 2, to: 4, keys: []touchedKey{{bucketActions, u64(7)}, {bucketProblems, u64(3)}, {bucketProblems, u64(7)}}})
	if keys, ok := l.touched(bucketProblems, 1, 4); !ok || !slices.EqualFunc(keys, [][]byte{u64(3), u64(7)}, slices.Equal) {
		t.Errorf("1..4: %x, %t", keys, ok)
	}
	for _, c := range []struct{ from, to uint64 }{{0, 4}, {1, 3}, {1, 5}, {3, 4}} {
		if _, ok := l.touched(bucketProblems, c.from, c.to); ok {
			t.Errorf("%d..%d: the log vouched for revisions it does not hold", c.from, c.to)
		}
	}
	l.add(touchEntry{from: 5, to: 6})
	if _, ok := l.touched(bucketProblems, 1, 4); ok {
		t.Error("after a gap the log still vouched for what came before it")
	}
}

// A change that wrote no problem (an action's) leaves the problems'
// snapshot, and the lists it gave out, as they were.
func TestAChangeToAnotherKindKeepsTheList(t *testing.T) {
	e := newEnv(t)
	ids := seedProblems(t, e, 100)
	pat := e.u["Pat Police"]
	before, err := e.s.Problems(pat, north)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.CreateAction(e.actor("Pat Police"), model.Action{Ward: north, ProblemID: ids[0], Title: "Visit the stairwell",
		OwnerAgency: "police", Due: model.DateOnly(e.clock.Now())}); err != nil {
		t.Fatal(err)
	}
	rescans := e.s.problemCache.rescans.Load()
	after, err := e.s.Problems(pat, north)
	if err != nil {
		t.Fatal(err)
	}
	if &after[0] != &before[0] || e.s.problemCache.rescans.Load() != rescans {
		t.Error("an action's creation made the problems' list again")
	}
}
