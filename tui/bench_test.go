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
	msg := boardLoadedMsg{seq: m.board().seq, ward: model.Ward{Code: wardA, Name: "Northfield"}, problems: ps}
	m.board().loading = true
	m.board().seq = m.c.nextSeq()
	msg.seq = m.board().seq
	m.Update(msg)
	if len(m.board().rows) != 10_000 {
		b.Fatalf("rows = %d", len(m.board().rows))
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
		m.board().loading = true
		m.board().seq = m.c.nextSeq()
		msg.seq = m.board().seq
		m.Update(msg)
	}
}

func BenchmarkBoardTextFilter10k(b *testing.B) {
	m, _ := bigBoard(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		m.board().setText(fmt.Sprint(i % 100))
	}
}

// bigActions is a 10,000-action ward on the actions screen at 80x24.
func bigActions(b *testing.B) (*app, actionsLoadedMsg) {
	b.Helper()
	as := make([]model.Action, 0, 10_000)
	for i := range 10_000 {
		as = append(as, model.Action{
			ID: model.ID(i + 1), Ward: wardA, ProblemID: model.ID(i%50 + 1), Title: fmt.Sprintf("Action number %d on the estate", i),
			OwnerAgency: []string{"police", "council", "housing"}[i%3], Assignee: "Sam Reid", Due: day(i%60 - 20),
			Status: model.ActionStatuses[i%len(model.ActionStatuses)], Visibility: model.Panel, Version: 1,
		})
	}
	m := New(Options{Store: newFakeStore(), User: &officer, Now: fixedNow}).(*app)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.update(openActionsMsg{})
	m.actions().loading = true
	m.actions().seq = m.c.nextSeq()
	msg := actionsLoadedMsg{seq: m.actions().seq, ward: wardA, actions: as}
	m.Update(msg)
	if len(m.actions().rows) != 10_000 {
		b.Fatalf("rows = %d", len(m.actions().rows))
	}
	return m, msg
}

// The frame every session draws after any change, on the actions screen.
func BenchmarkActionsView(b *testing.B) {
	m, _ := bigActions(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// The screen's own part of that frame (the root adds header and footer).
func BenchmarkActionsBodyView(b *testing.B) {
	m, _ := bigActions(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.actions().View()
	}
}

// What a session does with the answer to a reload: sort, filter, draw the rows in view.
func BenchmarkActionsReload10k(b *testing.B) {
	m, msg := bigActions(b)
	b.ReportAllocs()
	for b.Loop() {
		m.actions().loading = true
		m.actions().seq = m.c.nextSeq()
		msg.seq = m.actions().seq
		m.Update(msg)
	}
}

// The same, when each change moves a due date, so the list re-sorts.
func BenchmarkActionsReload10kDueMoved(b *testing.B) {
	m, msg := bigActions(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		msg.actions[i%len(msg.actions)].Due = day(i % 90)
		m.actions().loading = true
		m.actions().seq = m.c.nextSeq()
		msg.seq = m.actions().seq
		m.Update(msg)
	}
}

// A problem detail with 40 actions and 40 evidence entries: the reload
// reads them from the fake (a map each) and lays it all out once; frames
// then slice the viewport.
func bigDetail(b *testing.B) *app {
	b.Helper()
	st := newFakeStore()
	for i := range 40 {
		id := model.ID(i + 1)
		st.actions[id] = model.Action{ID: id, Ward: wardA, ProblemID: 4, Title: "An action on the problem",
			OwnerAgency: "council", Assignee: "Sam Reid", Due: day(i - 20), Status: model.ActionOpen, Visibility: model.Panel}
		st.evidence[id] = model.Evidence{ID: id, ProblemID: 4, Ward: wardA, Occurred: day(-i),
			Kind: model.EvidenceKinds[i%3], Text: "Something seen or said about the problem, a sentence or two long, as people write.",
			Agency: "police", LoggedBy: "Asha Patel", Visibility: model.Panel}
	}
	m := New(Options{Store: st, User: &officer, Now: fixedNow}).(*app)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(m.update(openDetailMsg{p: st.get(4)})())
	return m
}

func BenchmarkProblemDetailReload(b *testing.B) {
	m := bigDetail(b)
	d := m.screen(screenDetail)
	b.ReportAllocs()
	for b.Loop() {
		m.Update(d.Update(StoreChangedMsg{})())
	}
}

func BenchmarkProblemDetailView(b *testing.B) {
	m := bigDetail(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// boardOf is a ward of n problems worded like wardbench's, on the board at 80x24.
func boardOf(b *testing.B, n int) *app {
	b.Helper()
	var ps []model.Problem
	places := []string{"Heron House", "Elm Lane", "Mill Park", "Station Road", "Kingfisher Court"}
	for i := range n {
		place := places[i%len(places)]
		ps = append(ps, model.Problem{
			ID: model.ID(i + 1), Ward: wardA, Title: fmt.Sprintf("Street drinking on %s, no. %d", place, i+1),
			Category: model.Categories[i%len(model.Categories)], Stage: model.Stages[i%len(model.Stages)],
			Priority: model.Priorities[i%3], LeadAgency: []string{"police", "council", "housing"}[i%3],
			Location: place, Visibility: model.Panel,
			Description: fmt.Sprintf("Reported %d times since the spring; residents of %s raised it at the panel.", i%17+1, place),
		})
	}
	m := New(Options{Store: newFakeStore(), User: &officer}).(*app)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.board().loading = true
	m.board().seq = m.c.nextSeq()
	m.Update(boardLoadedMsg{seq: m.board().seq, ward: model.Ward{Code: wardA, Name: "Northfield"}, problems: ps})
	return m
}

// Typing a search, a key at a time, on a demo-size ward and on 10,000
// problems (issue 8, P4: at most 1.2 times the demo's).
func BenchmarkFilterKeys(b *testing.B) {
	for _, n := range []int{20, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := boardOf(b, n)
			press := func(k string) {
				var msg tea.KeyPressMsg
				if k == "esc" {
					msg = tea.KeyPressMsg{Code: tea.KeyEscape}
				} else {
					msg = tea.KeyPressMsg{Code: rune(k[0]), Text: k}
				}
				m.Update(msg)
				_ = m.View()
			}
			b.ReportAllocs()
			for b.Loop() {
				press("/")
				for _, k := range []string{"s", "t", "a", "i", "r"} {
					press(k)
				}
				press("esc")
			}
		})
	}
}

// Scrolling a key at a time, on a demo-size ward and on 10,000 problems
// (issue 8, P4: at most 1.2 times the demo's).
func BenchmarkScrollKeys(b *testing.B) {
	for _, n := range []int{20, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := boardOf(b, n)
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				k := 'j'
				if (i/10)%2 == 1 {
					k = 'k'
				}
				m.Update(tea.KeyPressMsg{Code: k, Text: string(k)})
				_ = m.View()
			}
		})
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
