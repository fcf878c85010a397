package board

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/board/boardtest"
	"wardpanel/tui/ui"
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

// long is a session on a 10,000-record ward at 80x24, after keys, with
// the answer to its list's load (on the board, or the actions list after t).
func long[M any](b *testing.B, st longWard, load func(Store, model.User, string, int) tea.Cmd, keys ...string) (*session, M) {
	b.Helper()
	x := open(b, st, officer, 80, 24)
	x.keys(keys...)
	if n := len(x.b.rows) + len(x.l.rows); n != 10_000 {
		b.Fatalf("rows = %d", n)
	}
	return x, load(st, officer, wardA, 0)().(M)
}

func bigBoard(b *testing.B) (*session, problemsLoadedMsg) {
	return long[problemsLoadedMsg](b, longWard{ps: boardtest.Problems(wardA, 10_000)}, loadProblemsCmd)
}

// reloads has a screen take its load's answer again and again, as if each
// answered a reload: answer numbers it (and may change it), the i-th time.
func reloads(b *testing.B, x *session, load *ui.Loader, update func(tea.Msg) tea.Cmd, answer func(seq, i int) tea.Msg) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		seq, _ := load.Start(x.s.NextSeq)
		update(answer(seq, i))
	}
}

// What a session does with the answer to a reload: sort, filter, find the cursor.
func BenchmarkBoardReload10k(b *testing.B) {
	x, msg := bigBoard(b)
	reloads(b, x, &x.b.load, x.b.Update, func(seq, _ int) tea.Msg { msg.seq = seq; return msg })
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
		all, _ := sortBoard(msg.problems.ps, false)
		l := &boardList{all: all}
		l.haystack()
	}
}

func bigActions(b *testing.B) (*session, actionsLoadedMsg) {
	return long[actionsLoadedMsg](b, longWard{as: boardtest.Actions(wardA, 10_000, day(0))}, loadActionsCmd, "t")
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
	reloads(b, x, &x.l.load, x.l.Update, func(seq, _ int) tea.Msg { msg.seq = seq; return msg })
}

// The same, when each change moves a due date, so the list re-sorts.
func BenchmarkActionsReload10kDueMoved(b *testing.B) {
	x, msg := bigActions(b)
	reloads(b, x, &x.l.load, x.l.Update, func(seq, i int) tea.Msg {
		msg.actions[i%len(msg.actions)].Due = day(i % 90)
		msg.seq = seq
		return msg
	})
}
