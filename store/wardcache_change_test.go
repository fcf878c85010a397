package store

import (
	"fmt"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// seedProblems writes n problems to north in one transaction (n fsyncs
// would dwarf what is measured), every third police-only, and returns
// their IDs.
func seedProblems(tb testing.TB, e *env, n int) []model.ID {
	tb.Helper()
	var ids []model.ID
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
			ids = append(ids, p.ID)
		}
		_, err := bumpRevision(tx)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return ids
}

// wholeBoard is what a full decode of north gives viewer, for comparison.
func wholeBoard(t *testing.T, e *env, viewer model.User) []model.Problem {
	t.Helper()
	var all []model.Problem
	err := e.s.db.View(func(tx *bolt.Tx) (err error) {
		all, err = decodeWardProblems(tx, north)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return model.VisibleProblems(viewer, all)
}

func problemIDs(ps []model.Problem) []model.ID {
	out := make([]model.ID, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

func TestChangeDecodesOnlyTheChangedProblem(t *testing.T) {
	e := newEnv(t)
	ids := seedProblems(t, e, 1000)
	pat := e.u["Pat Police"]
	if _, err := e.s.Problems(pat, north); err != nil {
		t.Fatal(err)
	}
	if n := e.s.problemCache.decoded.Load(); n != 1000 {
		t.Fatalf("the first read decoded %d problems, want 1000", n)
	}

	p, err := e.s.Problem(pat, ids[500])
	if err != nil {
		t.Fatal(err)
	}
	p.Title = "Retitled while the board was cached"
	if _, err := e.s.UpdateProblem(e.actor("Pat Police"), p); err != nil {
		t.Fatal(err)
	}
	got, err := e.s.Problems(pat, north)
	if err != nil {
		t.Fatal(err)
	}
	if n := e.s.problemCache.decoded.Load(); n != 1001 {
		t.Fatalf("after one change the cache decoded %d more problems, want 1", n-1000)
	}
	if !slices.EqualFunc(got, wholeBoard(t, e, pat), problemsEqual) {
		t.Fatal("the board after a change differs from a full decode")
	}
	if i := slices.IndexFunc(got, func(q model.Problem) bool { return q.ID == p.ID }); got[i].Title != p.Title {
		t.Fatalf("the changed problem reads %q", got[i].Title)
	}
}

// A change elsewhere (here an action) moves the revision but not the
// board: readers keep the very list they had, and nothing is decoded.
func TestOtherChangesKeepTheBoard(t *testing.T) {
	e := newEnv(t)
	pat := e.u["Pat Police"]
	p := e.create(t, "Pat Police", model.Problem{Title: "Dealing in Elm Court"})
	a := e.raise(t, "Pat Police", model.Action{ProblemID: p.ID, Title: "Change the door locks", Due: day(20)})
	before, err := e.s.Problems(pat, north)
	if err != nil {
		t.Fatal(err)
	}
	decoded := e.s.problemCache.decoded.Load()
	if _, err := e.s.SetActionStatus(e.actor("Pat Police"), a.ID, model.ActionDone, nil); err != nil {
		t.Fatal(err)
	}
	after, err := e.s.Problems(pat, north)
	if err != nil {
		t.Fatal(err)
	}
	if &after[0] != &before[0] || e.s.problemCache.decoded.Load() != decoded {
		t.Fatal("a change to an action made a new board")
	}
}

func TestChangeDecodesOnlyTheChangedAction(t *testing.T) {
	e := newEnv(t)
	pat := e.u["Pat Police"]
	p := e.create(t, "Pat Police", model.Problem{Title: "Dealing in Elm Court"})
	var as []model.Action
	for i := range 20 {
		as = append(as, e.raise(t, "Pat Police", model.Action{ProblemID: p.ID, Title: fmt.Sprintf("Visit %d", i), Due: day(20)}))
	}
	if _, err := e.s.Actions(pat, north); err != nil {
		t.Fatal(err)
	}
	before := e.s.actionCache.decoded.Load()
	if _, err := e.s.SetActionStatus(e.actor("Pat Police"), as[7].ID, model.ActionDone, nil); err != nil {
		t.Fatal(err)
	}
	got, err := e.s.Actions(pat, north)
	if err != nil {
		t.Fatal(err)
	}
	if n := e.s.actionCache.decoded.Load() - before; n != 1 {
		t.Fatalf("after one change the cache decoded %d actions, want 1", n)
	}
	if got[7].ID != as[7].ID || got[7].Status != model.ActionDone || len(got) != 20 {
		t.Fatalf("after the change: %d actions, #8 is %d %s", len(got), got[7].ID, got[7].Status)
	}
}

// Records added between and after the cached ones, and records removed,
// appear and disappear in ID order, as a full decode has them.
func TestCacheFollowsAddedAndRemovedProblems(t *testing.T) {
	e := newEnv(t)
	pat := e.u["Pat Police"]
	ids := seedProblems(t, e, 30)
	edit := func(fn func(tx *bolt.Tx) error) {
		t.Helper()
		commitEdit(t, e, fn)
	}
	remove := func(tx *bolt.Tx, id model.ID) error {
		if err := tx.Bucket(bucketProblems).Delete(u64(uint64(id))); err != nil {
			return err
		}
		return tx.Bucket(bucketProblemsByWard).Delete(wardIndexKey(north, uint64(id)))
	}
	check := func(want []model.ID) {
		t.Helper()
		got, err := e.s.Problems(pat, north)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(problemIDs(got), want) {
			t.Fatalf("board %v, want %v", problemIDs(got), want)
		}
		if !slices.EqualFunc(got, wholeBoard(t, e, pat), problemsEqual) {
			t.Fatal("the board differs from a full decode")
		}
	}
	check(ids)

	// Every even one goes, then comes back as it was; then the first and
	// the last go, and one comes at the end.
	var odd, even []model.Problem
	for i, id := range ids {
		p, err := e.s.Problem(pat, id)
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			even = append(even, p)
		} else {
			odd = append(odd, p)
		}
	}
	edit(func(tx *bolt.Tx) error {
		for _, p := range even {
			if err := remove(tx, p.ID); err != nil {
				return err
			}
		}
		return nil
	})
	check(problemIDs(odd))
	decoded := e.s.problemCache.decoded.Load()
	edit(func(tx *bolt.Tx) error {
		for _, p := range even {
			if err := putProblem(tx, p); err != nil {
				return err
			}
		}
		return nil
	})
	check(ids)
	if n := e.s.problemCache.decoded.Load() - decoded; n != int64(len(even)) {
		t.Fatalf("putting back %d problems decoded %d", len(even), n)
	}
	edit(func(tx *bolt.Tx) error {
		if err := remove(tx, ids[0]); err != nil {
			return err
		}
		return remove(tx, ids[len(ids)-1])
	})
	check(ids[1 : len(ids)-1])
	last := e.create(t, "Pat Police", model.Problem{Title: "A new one at the end"})
	check(append(slices.Clone(ids[1:len(ids)-1]), last.ID))
}

// A reader whose transaction began before a change sees the board as it
// was then, even once the cache holds a newer one; and it does not put its
// older board back in the cache.
func TestOlderSnapshotNeverGetsNewerData(t *testing.T) {
	e := newEnv(t)
	pat := e.u["Pat Police"]
	ids := seedProblems(t, e, 100)
	p, err := e.s.Problem(pat, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	oldTitle := p.Title
	if _, err := e.s.Problems(pat, north); err != nil {
		t.Fatal(err)
	}

	// Room in the file's map, so the write below need not grow it: bbolt
	// would wait for the open reader to let go of the old map first.
	slack := []byte("test-slack")
	for _, fn := range []func(tx *bolt.Tx) error{
		func(tx *bolt.Tx) error {
			b, err := tx.CreateBucket(slack)
			if err != nil {
				return err
			}
			return b.Put(slack, make([]byte, 8<<20))
		},
		func(tx *bolt.Tx) error { return tx.DeleteBucket(slack) },
	} {
		if err := e.s.db.Update(fn); err != nil {
			t.Fatal(err)
		}
	}

	old, err := e.s.db.Begin(false)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = old.Rollback() }()
	// In another goroutine, so a write that must grow the map after all
	// fails the test rather than hangs it.
	done := make(chan error, 1)
	go func() {
		p.Title = "Retitled after the old reader began"
		_, err := e.s.UpdateProblem(e.actor("Pat Police"), p)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the write is waiting on the open reader (bbolt growing the file's map)")
	}
	newer, err := e.s.Problems(pat, north)
	if err != nil {
		t.Fatal(err)
	}

	snap, err := e.s.problemCache.load(old, north, problemSource(old, north))
	if err != nil {
		t.Fatal(err)
	}
	if snap.records[1].ID != p.ID || snap.records[1].Title != oldTitle {
		t.Fatalf("the older reader got %q", snap.records[1].Title)
	}
	again, err := e.s.Problems(pat, north)
	if err != nil {
		t.Fatal(err)
	}
	if &again[0] != &newer[0] || again[1].Title != p.Title {
		t.Fatalf("after the older read the cache holds %q", again[1].Title)
	}
}

// Readers of every class while the board changes under them (run with
// -race): each read is a whole board, in order, of what its reader may see.
func TestReadersDuringChanges(t *testing.T) {
	e := newEnv(t)
	ids := seedProblems(t, e, 300)
	viewers := []model.User{e.u["Pat Police"], e.u["Hana Housing"], e.u["Chris Chair"], e.u["Mo Member"]}
	done := make(chan struct{})
	errs := make(chan error, len(viewers))
	for _, v := range viewers {
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				ps, err := e.s.Problems(v, north)
				if err == nil && (!slices.IsSortedFunc(ps, func(a, b model.Problem) int { return int(a.ID) - int(b.ID) }) ||
					len(model.VisibleProblems(v, ps)) != len(ps) || len(ps) < 200) {
					err = fmt.Errorf("%s read a board of %d problems, out of order or not theirs", v.Name, len(ps))
				}
				// The shared list too, read through while the store makes the next.
				shared, serr := e.s.SharedProblems(v, north)
				if err == nil && (serr != nil || len(shared) < 200 ||
					slices.ContainsFunc(shared, func(p *model.Problem) bool { return !model.CanSeeProblem(v, *p) })) {
					err = fmt.Errorf("%s read a shared board of %d problems, not theirs (%v)", v.Name, len(shared), serr)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range 10 {
		p, err := e.s.Problem(e.u["Pat Police"], ids[i*7])
		if err != nil {
			t.Fatal(err)
		}
		p.Title = fmt.Sprintf("Changed while read %d", i)
		if _, err := e.s.UpdateProblem(e.actor("Pat Police"), p); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	for range viewers {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func problemsEqual(a, b model.Problem) bool {
	return a.ID == b.ID && a.Title == b.Title && a.Version == b.Version && a.Visibility.String() == b.Visibility.String() &&
		a.Description == b.Description && a.UpdatedAt.Equal(b.UpdatedAt)
}

// BenchmarkProblemsAfterChange is the first read of a 10,000-problem board
// after one of its problems changed; BenchmarkProblemsUnchanged, its
// baseline, the same read with the cache already holding that revision.
func BenchmarkProblemsAfterChange(b *testing.B) {
	afterChange(b, func(e *env, viewer model.User) error { _, err := e.s.Problems(viewer, north); return err })
}

// BenchmarkSharedProblemsAfterChange is the same read of the shared list,
// the cache's own records by pointer, which the board takes.
func BenchmarkSharedProblemsAfterChange(b *testing.B) {
	afterChange(b, func(e *env, viewer model.User) error { _, err := e.s.SharedProblems(viewer, north); return err })
}

// afterChange times read, the first after each change.
func afterChange(b *testing.B, read func(e *env, viewer model.User) error) {
	e, viewer, p := changeBench(b)
	if err := read(e, viewer); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		var err error
		p.Title = fmt.Sprintf("Retitled %d", p.Version)
		if p, err = e.s.UpdateProblem(e.actor("Pat Police"), p); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := read(e, viewer); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProblemsUnchanged(b *testing.B) {
	e, viewer, _ := changeBench(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.s.Problems(viewer, north); err != nil {
			b.Fatal(err)
		}
	}
}

// changeBench is a 10,000-problem board, read once, and a problem on it.
func changeBench(b *testing.B) (*env, model.User, model.Problem) {
	verifyTouched = false // what a server does: no second read to check the touch log
	b.Cleanup(func() { verifyTouched = true })
	e := newEnv(b)
	ids := seedProblems(b, e, 10_000)
	viewer := e.u["Hana Housing"]
	if ps, err := e.s.Problems(viewer, north); err != nil || len(ps) != 10_000-(10_000+2)/3 {
		b.Fatalf("%d problems, %v", len(ps), err)
	}
	p, err := e.s.Problem(viewer, ids[5000])
	if err != nil {
		b.Fatal(err)
	}
	return e, viewer, p
}

// decodeWardProblems decodes ward code's problems whole: what the
// cache must agree with.
func decodeWardProblems(tx *bolt.Tx, code string) ([]model.Problem, error) {
	src := problemSource(tx, code)
	var out []model.Problem
	err := src.scan(func(id, v []byte) error {
		var p model.Problem
		err := src.decode(id, v, &p)
		out = append(out, p)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// After a change the store brings the ward's cached problems, and the list
// each class of its readers was given, up to date itself: the next reader
// (someone connecting) finds them ready and waits for nothing.
func TestAChangeIsReadyForTheNextReader(t *testing.T) {
	e := newEnv(t)
	ids := seedProblems(t, e, 1000)
	// Pat's class is given copies (Problems), Hana's the cache's own
	// records (SharedProblems): each kind is made again, and only the kind
	// a class was given.
	pat, hana := e.u["Pat Police"], e.u["Hana Housing"]
	if _, err := e.s.Problems(pat, north); err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.SharedProblems(hana, north); err != nil {
		t.Fatal(err)
	}
	warmed := make(chan string, 4)
	e.s.mu.Lock()
	e.s.warm.warmed = func(ward string) { warmed <- ward }
	e.s.mu.Unlock()

	p, err := e.s.Problem(pat, ids[500])
	if err != nil {
		t.Fatal(err)
	}
	p.Title = "Retitled, and ready before anyone asks"
	if _, err := e.s.UpdateProblem(e.actor("Pat Police"), p); err != nil {
		t.Fatal(err)
	}
	select {
	case ward := <-warmed:
		if ward != north {
			t.Fatalf("warmed %s, not the changed ward", ward)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the changed ward was not brought up to date")
	}
	decoded := e.s.problemCache.decoded.Load()
	e.s.problemCache.mu.Lock()
	snap := e.s.problemCache.wards[north].snap
	e.s.problemCache.mu.Unlock()
	snap.mu.Lock()
	ready, ok := snap.views[model.ClassOf(pat, north)]
	shared, sharedOK := snap.views[model.ClassOf(hana, north)]
	snap.mu.Unlock()
	if snap.rev != e.s.Revision() || !ok || !sharedOK {
		t.Fatalf("the snapshot is at revision %d (store %d); lists for Pat's and Hana's classes made: %t, %t", snap.rev, e.s.Revision(), ok, sharedOK)
	}
	if ready.values == nil || ready.shared != nil || shared.shared == nil || shared.values != nil {
		t.Fatalf("made copies %t and shared %t for Pat, %t and %t for Hana", ready.values != nil, ready.shared != nil, shared.values != nil, shared.shared != nil)
	}
	got, err := e.s.Problems(pat, north)
	if err != nil {
		t.Fatal(err)
	}
	hanas, err := e.s.SharedProblems(hana, north)
	if err != nil {
		t.Fatal(err)
	}
	if &got[0] != &ready.values[0] || &hanas[0] != &shared.shared[0] || e.s.problemCache.decoded.Load() != decoded {
		t.Fatal("the next reader did the work again")
	}
	if i := slices.IndexFunc(got, func(q model.Problem) bool { return q.ID == p.ID }); got[i].Title != p.Title {
		t.Fatalf("the changed problem reads %q", got[i].Title)
	}
	if i := slices.IndexFunc(hanas, func(q *model.Problem) bool { return q.ID == p.ID }); hanas[i].Title != p.Title {
		t.Fatalf("the changed problem reads %q in Hana's list", hanas[i].Title)
	}
}
