package tui

import (
	"fmt"
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
	l := sortedBoard(ps, false)
	cmd := l.prepareSearch()
	if cmd == nil {
		t.Fatal("no command to prepare the search")
	}
	if again := sortedBoard(ps, false).prepareSearch(); again != nil {
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
