package store

import (
	"fmt"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// After a change, each class of reader's list is made from the last one:
// only the changed records are asked whether the class sees them, and the
// list is what a full read gives, whatever the change did to who sees what.
func TestListsAfterAChangeAreMadeFromTheLast(t *testing.T) {
	e := newEnv(t)
	ids := seedProblems(t, e, 300) // every third police-only
	viewers := []model.User{e.u["Pat Police"], e.u["Hana Housing"]}
	edit := func(fn func(tx *bolt.Tx) error) {
		t.Helper()
		commitEdit(t, e, fn)
	}
	problem := func(id model.ID) model.Problem {
		p, err := e.s.Problem(e.u["Pat Police"], id)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		name    string
		changed int // records changed, added or removed
		change  func(tx *bolt.Tx) error
	}{
		{"a title", 1, func(tx *bolt.Tx) error {
			p := problem(ids[150])
			p.Title = "Retitled"
			return putProblem(tx, p)
		}},
		{"narrowed to police", 1, func(tx *bolt.Tx) error {
			p := problem(ids[1])
			p.Visibility = onlyAgencies("police")
			return putProblem(tx, p)
		}},
		{"widened to the panel", 2, func(tx *bolt.Tx) error {
			for _, id := range []model.ID{ids[0], ids[297]} {
				p := problem(id)
				p.Visibility = model.Panel
				if err := putProblem(tx, p); err != nil {
					return err
				}
			}
			return nil
		}},
		{"removed", 0, func(tx *bolt.Tx) error {
			if err := tx.Bucket(bucketProblems).Delete(u64(uint64(ids[10]))); err != nil {
				return err
			}
			return tx.Bucket(bucketProblemsByWard).Delete(wardIndexKey(north, uint64(ids[10])))
		}},
		{"added at the end", 1, func(tx *bolt.Tx) error {
			p := problem(ids[20])
			p.ID, p.Title = ids[len(ids)-1]+1, "A new one"
			return putProblem(tx, p)
		}},
	}
	for _, v := range viewers {
		if _, err := e.s.Problems(v, north); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			edit(c.change)
			asked := 0
			err := e.s.db.View(func(tx *bolt.Tx) error {
				snap, err := e.s.problemCache.load(tx, north, problemSource(tx, north))
				if err != nil {
					return err
				}
				for _, v := range viewers {
					got := snap.view(model.ClassOf(v, north), func(p *model.Problem) bool {
						asked++
						return model.CanSeeProblem(v, *p)
					})
					want := wholeBoard(t, e, v)
					if !slices.EqualFunc(got, want, problemsEqual) {
						return fmt.Errorf("%s's list: %v, want %v", v.Name, problemIDs(got), problemIDs(want))
					}
					if cap(got) != len(got) {
						return fmt.Errorf("%s's list has room to append into", v.Name)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if asked != c.changed*len(viewers) {
				t.Errorf("asked of %d records, want %d", asked, c.changed*len(viewers))
			}
		})
	}
}

func TestBitsetCount(t *testing.T) {
	b := newBitset(200)
	in := []int{0, 1, 63, 64, 65, 127, 128, 150, 199}
	for _, i := range in {
		b.set(i)
	}
	for from := 0; from <= 200; from += 7 {
		for to := from; to <= 200; to += 11 {
			want := 0
			for _, i := range in {
				if i >= from && i < to {
					want++
				}
			}
			if got := b.count(from, to); got != want {
				t.Fatalf("count(%d, %d) = %d, want %d", from, to, got, want)
			}
		}
	}
}

// commitEdit makes the change fn makes in one transaction with a new
// revision, as a write does, but without one's audit entry or warming.
func commitEdit(t testing.TB, e *env, fn func(tx *bolt.Tx) error) {
	t.Helper()
	err := e.s.db.Update(func(tx *bolt.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		_, err := bumpRevision(tx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
