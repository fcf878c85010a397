package board

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"wardpanel/model"
	"wardpanel/tui/board/boardtest"
)

// The board's search finds what model.Problem.Matches finds, whatever
// the text: the index is only a shortcut.
func TestSearchAgreesWithModelMatches(t *testing.T) {
	x := open(t, newStore(), officer, 80, 24)
	for _, q := range []string{"", "e", "TOWER", "needles", "mill", "drugs", "vehicle", "漢字", "bikes very", "road\x00", "zz", "Fly"} {
		x.b.setText(q)
		var want []model.ID
		for _, p := range x.b.all {
			if p.Matches(q) {
				want = append(want, p.ID)
			}
		}
		if got := x.shown(); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("search %q: %v, model.Matches says %v", q, got, want)
		}
	}
}

// Sessions showing one list share it, sorted and with its search text;
// each keeps only its own rows, and none writes into the list.
func TestSessionsShareTheBoardAndNeverWriteToIt(t *testing.T) {
	st := newStore()
	ps, err := st.Problems(officer, wardA)
	if err != nil {
		t.Fatal(err)
	}
	before := make([]model.Problem, len(ps))
	for i, p := range ps {
		p.Visibility.Agencies = slices.Clone(p.Visibility.Agencies)
		before[i] = p
	}
	one, two := open(t, st, officer, 80, 24), open(t, st, officer, 80, 24)
	one.keys("/", "e", "enter")
	two.keys("/", "e", "enter")
	b1, b2 := one.b, two.b
	hay1, ix1 := b1.list.haystack()
	hay2, ix2 := b2.list.haystack()
	if &b1.all[0] != &b2.all[0] || &hay1[0] != &hay2[0] || ix1 != ix2 {
		t.Fatal("two sessions showing one list each hold a copy of it")
	}
	rows := two.shown()
	one.keys("o", "esc", "a")
	if got := two.shown(); !slices.Equal(got, rows) {
		t.Fatalf("one session's sort and filters moved another's rows: %v, was %v", got, rows)
	}
	if !reflect.DeepEqual(ps, before) {
		t.Fatal("a session wrote into the list the store shares")
	}
}

// Sessions on other goroutines sorting the same list get the one list (run
// with -race).
func TestSortedBoardIsMadeOnceForAll(t *testing.T) {
	ps := boardtest.Problems(wardA, 500)
	lists := make(chan *boardList)
	for range 8 {
		go func() { lists <- sortedBoard(valuesOf(ps), false) }()
	}
	first := <-lists
	for range 7 {
		if l := <-lists; l != first {
			t.Fatal("two sessions sorted the same list each for itself")
		}
	}
	if hay, _ := first.haystack(); len(hay) != len(ps) {
		t.Fatal("the search text is not the list's")
	}
}

// sortBoard's shortcut for a list in the store's order (oldest first) must
// give what a stable sort gives, and any other list must be sorted so.
func TestSortBoardIsAStableSort(t *testing.T) {
	ps := func(ids []model.ID, pris []model.Priority) []model.Problem {
		out := make([]model.Problem, len(ids))
		for i, id := range ids {
			out[i] = model.Problem{ID: id, Title: fmt.Sprint("problem ", i), Priority: pris[i%len(pris)]}
		}
		return out
	}
	var ascending, shuffled []model.ID
	for i := range 60 {
		ascending = append(ascending, model.ID(i+1))
		shuffled = append(shuffled, model.ID((i*37)%60+1))
	}
	lists := map[string][]model.Problem{
		"empty":                 nil,
		"store order":           ps(ascending, model.Priorities),
		"store order, unset":    ps(ascending, []model.Priority{2, 0, 1, 3, -1}),
		"store order, too many": ps(ascending, []model.Priority{2, 0, 1, 3, 7, 9, 12}),
		"shuffled":              ps(shuffled, model.Priorities),
		"the same ID twice":     ps([]model.ID{1, 2, 2, 3, 3, 3, 4}, []model.Priority{1, 2}),
	}
	for name, list := range lists {
		for _, byAge := range []bool{false, true} {
			want := slices.Clone(list)
			slices.SortStableFunc(want, func(x, y model.Problem) int {
				if !byAge {
					if c := cmp.Compare(sortPriority(x.Priority), sortPriority(y.Priority)); c != 0 {
						return c
					}
				}
				return cmp.Compare(y.ID, x.ID)
			})
			got, ordered := sortBoard(valuesOf(list).ps, byAge)
			if ordered != (name == "empty" || name == "store order" || name == "store order, unset" || name == "store order, too many") {
				t.Errorf("%s: in ID order: %t", name, ordered)
			}
			if len(got) != len(want) {
				t.Fatalf("%s: %d problems, want %d", name, len(got), len(want))
			}
			for i := range got {
				if got[i].Title != want[i].Title {
					t.Errorf("%s (by age %v): row %d is %q (#%d), want %q (#%d)", name, byAge, i, got[i].Title, got[i].ID, want[i].Title, want[i].ID)
					break
				}
			}
		}
	}
}

// The search index finds exactly the rows a plain search of every text
// finds, for texts of every length, with a small alphabet (runs of three
// indexed) and a large one (runs of two).
func TestTextIndexFindsWhatAPlainSearchFinds(t *testing.T) {
	small := []string{"phone snatches\x00station road", "knife carrying\x00park", "", "stair\x00heron house",
		"élan ünïcode\x00café", "aaaa", "snatch"}
	var every strings.Builder
	for b := range 256 {
		every.WriteByte(byte(b))
	}
	large := append(slices.Clone(small), every.String())
	queries := []string{"a", "aa", "aaa", "aaaa", "sn", "snatch", "tion", "é", "ca", "café", "zz", "h", "ou",
		"park", "\x00", "d\x00", "sta", "stai", "stair", "q", "xyz", "\xff"}
	for _, tt := range []struct {
		name  string
		hay   []string
		depth int
	}{{"small alphabet", small, 3}, {"large alphabet", large, 2}} {
		ix := newTextIndex(tt.hay)
		if ix.depth != tt.depth {
			t.Errorf("%s: runs of %d indexed, want %d", tt.name, ix.depth, tt.depth)
		}
		for _, q := range queries {
			var want []int32
			for i, h := range tt.hay {
				if strings.Contains(h, q) {
					want = append(want, int32(i))
				}
			}
			cands, exact := ix.candidates(q)
			var got []int32
			for _, i := range cands {
				if exact || strings.Contains(tt.hay[i], q) {
					got = append(got, i)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s, %q: found %v, a plain search %v", tt.name, q, got, want)
			}
		}
	}
}

func TestColumnsDropInOrder(t *testing.T) {
	tests := []struct {
		width               int
		cat, lead, location bool
	}{
		{120, true, true, true},
		{100, true, true, true},
		{90, true, true, false},
		{80, true, true, false},
		{70, true, true, false},
		{60, true, true, false},
		{50, true, false, false},
		{40, false, false, false},
	}
	for _, tt := range tests {
		c := layoutColumns(tt.width)
		if c.showCat != tt.cat || c.showLead != tt.lead || c.showLoc != tt.location {
			t.Errorf("at %d: cat %v lead %v location %v, want %v %v %v", tt.width, c.showCat, c.showLead, c.showLoc, tt.cat, tt.lead, tt.location)
		}
		if c.title < colTitleMin && tt.width >= 40 {
			t.Errorf("at %d: title only %d wide", tt.width, c.title)
		}
	}
}
