package board

import (
	"fmt"
	"testing"

	"wardpanel/model"
	"wardpanel/tui/board/boardtest"
)

// The board's and the actions list's own work on a 10,000-record ward;
// tui's benchmarks measure the whole frame around them.

// longWard hands out the same long lists every time, as the store does.
type longWard struct {
	ps []model.Problem
	as []model.Action
}

func (s longWard) Ward(code string) (model.Ward, error) {
	return model.Ward{Code: code, Name: "Northfield"}, nil
}
func (s longWard) Agencies() ([]model.Agency, error) { return nil, nil }
func (s longWard) Problems(model.User, string) ([]model.Problem, error) {
	return s.ps, nil
}
func (s longWard) Actions(model.User, string) ([]model.Action, error) { return s.as, nil }

// bigBoard is a 10,000-problem ward on the board at 80x24, and the answer
// to its load, to be taken again.
func bigBoard(b *testing.B) (*session, problemsLoadedMsg) {
	b.Helper()
	st := longWard{ps: boardtest.Problems(wardA, 10_000)}
	x := open(b, st, officer, 80, 24)
	if n := len(x.b.rows); n != 10_000 {
		b.Fatalf("rows = %d", n)
	}
	return x, loadProblemsCmd(st, officer, wardA, 0)().(problemsLoadedMsg)
}

// What a session does with the answer to a reload: sort, filter, find the cursor.
func BenchmarkBoardReload10k(b *testing.B) {
	x, msg := bigBoard(b)
	b.ReportAllocs()
	for b.Loop() {
		msg.seq, _ = x.b.load.Start(x.s.NextSeq)
		x.b.Update(msg)
	}
}

func BenchmarkBoardTextFilter10k(b *testing.B) {
	x, _ := bigBoard(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		x.b.setText(fmt.Sprint(i % 100))
	}
}

// Building a 10,000-problem list's search texts and index, which a loaded
// list does off the key path (prepareSearch).
func BenchmarkBoardSearchIndex10k(b *testing.B) {
	_, msg := bigBoard(b)
	b.ReportAllocs()
	for b.Loop() {
		l := &boardList{all: sortBoard(msg.problems, false)}
		l.haystack()
	}
}

// bigActions is a 10,000-action ward on the actions list at 80x24, and
// the answer to its load.
func bigActions(b *testing.B) (*session, actionsLoadedMsg) {
	b.Helper()
	st := longWard{as: boardtest.Actions(wardA, 10_000, day(0))}
	x := open(b, st, officer, 80, 24)
	x.keys("t")
	if n := len(x.l.rows); n != 10_000 {
		b.Fatalf("rows = %d", n)
	}
	return x, loadActionsCmd(st, officer, wardA, 0)().(actionsLoadedMsg)
}

// The list's part of the frame every session draws after any change.
func BenchmarkActionsBodyView(b *testing.B) {
	x, _ := bigActions(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = x.l.View()
	}
}

// What a session does with the answer to a reload: sort, filter, draw the rows in view.
func BenchmarkActionsReload10k(b *testing.B) {
	x, msg := bigActions(b)
	b.ReportAllocs()
	for b.Loop() {
		msg.seq, _ = x.l.load.Start(x.s.NextSeq)
		x.l.Update(msg)
	}
}

// The same, when each change moves a due date, so the list re-sorts.
func BenchmarkActionsReload10kDueMoved(b *testing.B) {
	x, msg := bigActions(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		msg.actions[i%len(msg.actions)].Due = day(i % 90)
		msg.seq, _ = x.l.load.Start(x.s.NextSeq)
		x.l.Update(msg)
	}
}
