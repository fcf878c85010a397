package board

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"sync"
	"testing"

	"wardpanel/model"
)

// sharedStore hands out the list it is given, by pointer, to every viewer,
// as store.SharedProblems hands out its own records; unlike the store it
// checks nothing, so a test can hand a viewer what they may not see.
type sharedStore struct {
	*fakeStore
	mu sync.Mutex
	ps []*model.Problem
}

func (s *sharedStore) SharedProblems(model.User, string) ([]*model.Problem, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ps, nil
}

// hand makes ps the list handed out, as a change does.
func (s *sharedStore) hand(ps []*model.Problem) {
	s.mu.Lock()
	s.ps = ps
	s.mu.Unlock()
}

// sharedWard is n problems of wardA in the store's order, every fifth at
// each priority and the rest unset, every seventh restricted to housing.
func sharedWard(n int) []*model.Problem {
	ps := make([]*model.Problem, n)
	for i := range ps {
		p := &model.Problem{ID: model.ID(i + 1), Ward: wardA, Title: fmt.Sprintf("Problem %d on Mill Lane", i+1),
			Stage: model.Stages[i%len(model.Stages)], Visibility: model.Panel}
		if i%5 < 3 {
			p.Priority = model.Priorities[i%5]
		}
		if i%7 == 6 {
			p.Visibility = model.Visibility{Kind: model.VisAgencies, Agencies: []string{"housing"}}
		}
		ps[i] = p
	}
	return ps
}

// visibleTo is ps less what u may not see, as the store filters it.
func visibleTo(u model.User, ps []*model.Problem) []*model.Problem {
	return slices.DeleteFunc(slices.Clone(ps), func(p *model.Problem) bool { return !model.CanSeeProblem(u, *p) })
}

// changed is ps with problem id replaced by a changed copy, as the store
// hands out after a change: every other problem the same record.
func changed(ps []*model.Problem, id model.ID, change func(p *model.Problem)) []*model.Problem {
	out := slices.Clone(ps)
	i := slices.IndexFunc(out, func(p *model.Problem) bool { return p.ID == id })
	p := *out[i]
	change(&p)
	out[i] = &p
	return out
}

// sum is a checksum of every field of every problem in ps, and of their order.
func sum(t *testing.T, ps []*model.Problem) uint64 {
	t.Helper()
	h := fnv.New64a()
	for _, p := range ps {
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		h.Write(b)
	}
	return h.Sum64()
}

// The board reads the store's shared list and never writes to it, nor to
// a problem in it, whatever its sessions do: sort, filter, search, move,
// reload after a change (run with -race: sessions on goroutines of their
// own, as over SSH).
func TestTheSharedListIsOnlyRead(t *testing.T) {
	st := &sharedStore{fakeStore: newStore()}
	first := visibleTo(officer, sharedWard(300))
	st.hand(first)
	before := sum(t, first)
	var wg sync.WaitGroup
	for _, keys := range [][]string{
		{"o", "j", "j", "o"},
		{"/", "m", "i", "l", "l", "enter", "s", "s"},
		{"/", "9", "enter", "esc", "j", "k"},
	} {
		wg.Go(func() {
			x := open(t, st, officer, 80, 24)
			x.keys(keys...)
			x.run(x.b.Update(Select{ID: 40}))
		})
	}
	wg.Wait()
	second := changed(first, 40, func(p *model.Problem) { p.Title, p.Priority = "Retitled and made urgent", model.PriorityHigh })
	st.hand(second)
	x := open(t, st, officer, 80, 24)
	x.run(x.b.Update(Select{ID: 40}))
	x.keys("/", "u", "r", "g", "enter", "o")
	if got := x.shown(); !slices.Equal(got, []model.ID{40}) {
		t.Errorf("searched for the changed problem: %v", got)
	}
	if sum(t, first) != before || !slices.Equal(sharedIDs(first), sharedIDs(visibleTo(officer, sharedWard(300)))) {
		t.Fatal("a session wrote into the list the store shares")
	}
}

func sharedIDs(ps []*model.Problem) []model.ID {
	out := make([]model.ID, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

// The board shows only what its viewer may see, whatever the store hands
// it: a list that follows one the board has read through (the same
// records, one changed) has its changed rows checked, and a problem the
// viewer may not see there, or moved out of their sight, is not shown.
func TestTheBoardChecksWhatChangedInASharedList(t *testing.T) {
	police := officer // sees the panel's problems and the police's
	st := &sharedStore{fakeStore: newStore()}
	first := visibleTo(police, sharedWard(60))
	st.hand(first)
	x := open(t, st, police, 80, 24)
	if n := len(x.shown()); n != len(first) {
		t.Fatalf("%d problems shown, want %d", n, len(first))
	}
	steps := []struct {
		name string
		list []*model.Problem
		want int // problems shown
		hid  model.ID
	}{
		{"restricted to housing", changed(first, 12, func(p *model.Problem) {
			p.Visibility.Kind, p.Visibility.Agencies = model.VisAgencies, []string{"housing"}
		}), len(first) - 1, 12},
		{"moved to another ward", changed(first, 20, func(p *model.Problem) { p.Ward = wardB }), len(first) - 1, 20},
		{"widened again", changed(first, 12, func(p *model.Problem) { p.Title = "Widened" }), len(first), 0},
	}
	for _, s := range steps {
		st.hand(s.list)
		x.run(x.b.Update(Select{}))
		got := x.shown()
		if len(got) != s.want || (s.hid != 0 && slices.Contains(got, s.hid)) {
			t.Errorf("%s: %d problems shown (want %d), %d among them: %t", s.name, len(got), s.want, s.hid, slices.Contains(got, s.hid))
		}
		for _, id := range got {
			p := s.list[slices.IndexFunc(s.list, func(p *model.Problem) bool { return p.ID == id })]
			if !model.CanSeeProblem(police, *p) || p.Ward != wardA {
				t.Errorf("%s: %d shown, which the officer may not see", s.name, id)
			}
		}
	}
}

// A list in the store's order finds a problem's row by binary search, and
// one in any other order by its map: both find every problem's row, in
// either of the board's orders, and no row for a problem not listed.
func TestPositionFindsEveryRow(t *testing.T) {
	store := sharedWard(200)
	shuffled := slices.Clone(store)
	for i := range shuffled {
		j := (i * 37) % len(shuffled)
		shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
	}
	for _, tt := range []struct {
		name    string
		ps      []*model.Problem
		ordered bool
	}{{"store order", store, true}, {"shuffled", shuffled, false}} {
		for _, byAge := range []bool{false, true} {
			l := sortedBoard(sharedOf(tt.ps), byAge)
			if l.ordered != tt.ordered {
				t.Errorf("%s: in ID order %t", tt.name, l.ordered)
			}
			for i, p := range l.all {
				if at, ok := l.position(p.ID); !ok || int(at) != i {
					t.Errorf("%s (by age %t): problem %d found at %d (%t), is at %d", tt.name, byAge, p.ID, at, ok, i)
				}
			}
			if _, ok := l.position(9999); ok {
				t.Errorf("%s: found a problem not listed", tt.name)
			}
		}
	}
}
