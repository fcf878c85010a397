package board

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"wardpanel/model"
)

// The search index of a loaded list is built by a command of its own, off
// the key path, once for all the sessions showing the list; the first key
// of a search then finds it made.
func TestALoadedListPreparesItsSearchOnce(t *testing.T) {
	ps := make([]model.Problem, 300)
	for i := range ps {
		ps[i] = model.Problem{ID: model.ID(i + 1), Ward: "E05000001", Title: fmt.Sprintf("Problem %d on Mill Lane", i)}
	}
	l := sortedBoard(valuesOf(ps), false)
	cmd := l.prepareSearch()
	if cmd == nil {
		t.Fatal("no command to prepare the search")
	}
	if again := sortedBoard(valuesOf(ps), false).prepareSearch(); again != nil {
		t.Error("a second session showing the list builds its index again")
	}
	if l.ix != nil {
		t.Fatal("the index was built on the caller's path")
	}
	if msg := cmd(); msg != nil {
		t.Errorf("preparing the search sent %v", msg)
	}
	if l.ix == nil || len(l.hay) != len(ps) {
		t.Fatalf("after the command: index %v, %d texts", l.ix != nil, len(l.hay))
	}
	if rows, exact := l.ix.candidates("mill"); len(rows) != len(ps) || exact {
		t.Errorf("candidates for mill: %d rows, exact %v", len(rows), exact)
	}
	if (&boardList{}).prepareSearch() != nil || (*boardList)(nil).prepareSearch() != nil {
		t.Error("an empty list has a search to prepare")
	}
}

// After a change, the new list's index is laid over the last list's when
// their problems sit in the same rows: searches find exactly what a fresh
// index finds, including text only the changed row now holds and text it
// no longer holds, or bytes no text had before. A change that moves rows,
// or changes too many of them, builds the index afresh.
func TestANewListsIndexIsLaidOverTheLastOnes(t *testing.T) {
	ward := func(title func(i int) string, first model.ID) []model.Problem {
		ps := make([]model.Problem, 200)
		for i := range ps {
			ps[i] = model.Problem{ID: first + model.ID(i), Ward: "E05000001", Title: title(i), Location: "Mill Lane"}
		}
		return ps
	}
	plain := func(i int) string { return fmt.Sprintf("Problem %d on the estate", i) }
	first := sortedBoard(valuesOf(ward(plain, 1)), false)
	first.haystack()

	cases := []struct {
		name    string
		title   func(i int) string
		first   model.ID // the first problem's ID: 2 when one has gone and one come
		overlay bool
	}{
		{"one title changed", func(i int) string {
			if i == 7 {
				return "Problem 7 on the stairs"
			}
			return plain(i)
		}, 1, true},
		{"two titles changed", func(i int) string {
			if i == 7 || i == 150 {
				return fmt.Sprintf("Problem %d at the station", i)
			}
			return plain(i)
		}, 1, true},
		{"a byte no text had", func(i int) string {
			if i == 7 {
				return "Problem 7 — the estate"
			}
			return plain(i)
		}, 1, true},
		{"a problem gone, another come", plain, 2, false},
		{"too many changed", func(i int) string { return fmt.Sprintf("Issue %d on the estate", i) }, 1, false},
	}
	searches := []string{"stair", "on the e", "problem 7 ", "problem 7", "station", "estate", "mill", "st", "s", "zz", "the e", "—", "7 — t", "#"}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := sortedBoard(valuesOf(ward(c.title, c.first)), false)
			hay, ix := l.haystack()
			if got := ix.base != nil; got != c.overlay {
				t.Fatalf("laid over the last index: %v, want %v", got, c.overlay)
			}
			for _, text := range searches {
				rows, exact := ix.candidates(text)
				var found, want []int32
				for _, r := range rows {
					if exact || strings.Contains(hay[r], text) {
						found = append(found, r)
					}
				}
				for r, h := range hay {
					if strings.Contains(h, text) {
						want = append(want, int32(r))
					}
				}
				if !slices.Equal(found, want) {
					t.Errorf("%q: found rows %v, want %v", text, found, want)
				}
			}
		})
	}
}

// The first key of a search just after a change, before the new list's
// search is prepared, lays the new list's index over the last one's: it
// does not build one of 10,000 texts on the user's key press.
func TestASearchJustAfterAChangeLaysItsIndexOver(t *testing.T) {
	st := &sharedStore{fakeStore: newStore()}
	first := sharedWard(10_000)
	st.hand(first)
	x := open(t, st, officer, 80, 24) // its load's commands run, the search prepared with them
	if x.b.list.ix == nil {
		t.Fatal("the loaded list's search was not prepared")
	}
	st.hand(changed(first, 40, func(p *model.Problem) { p.Title = "Retitled on the stairs" }))
	x.b.Update(Select{}) // the reload after a change; its answer lands below, without its commands
	msg := loadProblemsCmd(st, officer, wardA, x.b.load.Seq())()
	x.b.Update(msg)
	if x.b.list.ix != nil {
		t.Fatal("the new list's search was prepared on the load's path")
	}
	x.keys("/", "s", "t", "a", "i", "r")
	if ix := x.b.list.ix; ix == nil || ix.base == nil {
		t.Fatal("the first key of a search after a change built the index afresh")
	}
	if got := x.shown(); !slices.Equal(got, []model.ID{40}) {
		t.Errorf("stair: %v, want the retitled problem", got)
	}
}
