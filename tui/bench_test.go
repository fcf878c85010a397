package tui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// bigBoard is a 10,000-problem ward, loaded into a session at 80x24.
func bigBoard(b *testing.B) (*app, boardLoadedMsg) {
	b.Helper()
	var ps []model.Problem
	for i := range 10_000 {
		ps = append(ps, model.Problem{
			ID: model.ID(i + 1), Ward: wardA, Title: fmt.Sprintf("Problem number %d on the estate", i),
			Category: model.Categories[i%len(model.Categories)], Stage: model.Stages[i%len(model.Stages)],
			Priority: model.Priorities[i%3], LeadAgency: []string{"police", "council", "housing"}[i%3],
			Location: "Somewhere Road", Visibility: model.Panel, Description: "A paragraph of description text.",
		})
	}
	m := New(Options{Store: newFakeStore(), User: &officer}).(*app)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	msg := boardLoadedMsg{seq: m.board.seq, ward: model.Ward{Code: wardA, Name: "Northfield"}, problems: ps}
	m.board.loading = true
	m.board.seq = m.c.nextSeq()
	msg.seq = m.board.seq
	m.Update(msg)
	if len(m.board.rows) != 10_000 {
		b.Fatalf("rows = %d", len(m.board.rows))
	}
	return m, msg
}

// A re-render on every session after a change: this is the hot path.
func BenchmarkBoardView(b *testing.B) {
	m, _ := bigBoard(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// What a session does with the answer to a reload: sort, filter, find the cursor.
func BenchmarkBoardReload10k(b *testing.B) {
	m, msg := bigBoard(b)
	b.ReportAllocs()
	for b.Loop() {
		m.board.loading = true
		m.board.seq = m.c.nextSeq()
		msg.seq = m.board.seq
		m.Update(msg)
	}
}

func BenchmarkBoardTextFilter10k(b *testing.B) {
	m, _ := bigBoard(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		m.board.setText(fmt.Sprint(i % 100))
	}
}
