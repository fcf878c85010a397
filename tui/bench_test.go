package tui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/board"
	"wardpanel/tui/board/boardtest"
	"wardpanel/tui/ui"
)

// longWard is a store whose ward's lists are ps and as, the same slices
// every time, as the store hands them to viewers who see the same.
type longWard struct {
	*fakeStore
	ps []model.Problem
	as []model.Action
}

func (s longWard) Problems(model.User, string) ([]model.Problem, error) { return s.ps, nil }
func (s longWard) Actions(model.User, string) ([]model.Action, error)   { return s.as, nil }

// loaded runs a screen's load, and has the session take the answer.
func loaded(m *app, cmd tea.Cmd) {
	for _, msg := range runAll(cmd) {
		m.Update(msg)
	}
}

// bigBoard is a 10,000-problem ward, loaded into a session at 80x24.
// The board's own work on it (reload, search) is benchmarked in package
// board.
func bigBoard(b *testing.B) *app {
	b.Helper()
	m := New(Options{Store: longWard{fakeStore: newFakeStore(), ps: boardtest.Problems(wardA, 10_000)}, User: &officer}).(*app)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	loaded(m, m.screen(screenBoard).Update(StoreChangedMsg{}))
	if n := len(m.board().State().Shown); n != 10_000 {
		b.Fatalf("rows = %d", n)
	}
	return m
}

// A re-render on every session after a change: this is the hot path.
func BenchmarkBoardView(b *testing.B) {
	m := bigBoard(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// bigActions is a 10,000-action ward on the actions screen at 80x24.
func bigActions(b *testing.B) *app {
	b.Helper()
	st := longWard{fakeStore: newFakeStore(), as: boardtest.Actions(wardA, 10_000, day(0))}
	m := New(Options{Store: st, User: &officer, Now: fixedNow}).(*app)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	loaded(m, m.update(ui.Open{ID: board.ActionsID}))
	if n := len(m.actions().State().Shown); n != 10_000 {
		b.Fatalf("rows = %d", n)
	}
	return m
}

// The frame every session draws after any change, on the actions screen.
// The list's own work (reload, its part of the frame) is benchmarked in
// package board.
func BenchmarkActionsView(b *testing.B) {
	m := bigActions(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
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
	m := New(Options{Store: longWard{fakeStore: newFakeStore(), ps: ps}, User: &officer}).(*app)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	loaded(m, m.screen(screenBoard).Update(StoreChangedMsg{}))
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
