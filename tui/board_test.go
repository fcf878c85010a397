package tui

import (
	"errors"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
)

// The fixture board as Asha (police officer) sees it in Northfield:
// #6 is officers-only and #7 is in another ward, so neither is listed.
// By priority (then newest first): 4 high, 2 high, 3 med, 1 med, 5 low.

func TestFirstViewDrawsBoardBeforeAnyTerminalAnswer(t *testing.T) {
	st := newFakeStore()
	m := New(userOpts(st, officer)).(*app)

	// Before Init's commands have run at all: no size, no colours, no data.
	v := m.View()
	content := ansi.Strip(v.Content)
	for _, want := range []string{"Asha Patel", "E05009367", "TITLE", "Loading the board"} {
		if !strings.Contains(content, want) {
			t.Errorf("first frame lacks %q:\n%s", want, content)
		}
	}
	if !v.AltScreen {
		t.Error("the TUI should take the alternate screen")
	}

	// Init asks for the background colour and loads the board; run only the
	// load, as if the terminal never answered.
	batch, ok := m.Init()().(tea.BatchMsg)
	if !ok {
		t.Fatalf("Init should batch the colour query and the load")
	}
	for _, cmd := range batch {
		if msg := cmd(); msg != nil {
			if _, colour := msg.(tea.BackgroundColorMsg); !colour {
				m.Update(msg)
			}
		}
	}
	if got := ansi.Strip(m.View().Content); !strings.Contains(got, "Burglary hotspot on Elm") {
		t.Errorf("board not drawn without a BackgroundColorMsg:\n%s", got)
	}
}

func TestBoardListsOnlyWhatTheViewerMaySee(t *testing.T) {
	hs := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
	if got, want := hs.visibleIDs(), []model.ID{4, 2, 3, 1, 5}; !slices.Equal(got, want) {
		t.Fatalf("rows = %v, want %v", got, want)
	}
	hs = newHarness(t, userOpts(newFakeStore(), chair), 80, 24)
	if got := hs.visibleIDs(); slices.Contains(got, 2) || !slices.Contains(got, 6) {
		t.Fatalf("chair (council) should see #6 (officers) but not #2 (police only): %v", got)
	}
}

// leakyStore ignores visibility, as a buggy store might.
type leakyStore struct{ *fakeStore }

func (s leakyStore) Problems(_ model.User, ward string) ([]model.Problem, error) {
	return s.fakeStore.Problems(chair, ward) // chair sees #6, officers-only
}

func TestBoardFiltersVisibilityEvenIfTheStoreDoesNot(t *testing.T) {
	hs := newHarness(t, Options{Store: leakyStore{newFakeStore()}, User: &officer}, 80, 24)
	if slices.Contains(hs.visibleIDs(), 6) {
		t.Fatal("an officers-only problem reached a police officer's board")
	}
}

func TestBoardFilters(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		want []model.ID
	}{
		{"no filter", nil, []model.ID{4, 2, 3, 1, 5}},
		{"stage scanning", []string{"s"}, []model.ID{1}},
		{"stage analysis", []string{"s", "s"}, []model.ID{3}},
		{"stage cycles back to all", []string{"s", "s", "s", "s", "s", "s"}, []model.ID{4, 2, 3, 1, 5}},
		{"text", []string{"/", "tower", "enter"}, []model.ID{2}},
		{"text matches description", []string{"/", "NEEDLES", "enter"}, []model.ID{2}},
		{"text while typing", []string{"/", "mill"}, []model.ID{3, 5}},
		{"text esc clears", []string{"/", "tower", "esc"}, []model.ID{4, 2, 3, 1, 5}},
		{"category first present", []string{"c"}, []model.ID{2}}, // drugs comes before burglary in model.Categories
		{"lead agency council", []string{"a"}, []model.ID{3, 1, 5}},
		{"lead agency police", []string{"a", "a"}, []model.ID{4, 2}},
		{"filters combine", []string{"a", "s", "s"}, []model.ID{3}},
		{"esc clears all filters", []string{"a", "s", "/", "x", "enter", "esc"}, []model.ID{4, 2, 3, 1, 5}},
		{"sort newest first", []string{"o"}, []model.ID{5, 4, 3, 2, 1}},
		{"sort toggles back", []string{"o", "o"}, []model.ID{4, 2, 3, 1, 5}},
		{"sort keeps filter", []string{"a", "o"}, []model.ID{5, 3, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
			hs.keys(tt.keys...)
			if got := hs.visibleIDs(); !slices.Equal(got, tt.want) {
				t.Fatalf("rows = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTypingInTheFilterDoesNotTriggerKeys(t *testing.T) {
	hs := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
	hs.keys("/", "quiet nights")
	if hs.quit {
		t.Fatal("q typed into the search quit the app")
	}
	if got := hs.app.board().State().Text; got != "quiet nights" {
		t.Fatalf("filter text = %q", got)
	}
	if got := ansi.Strip(hs.view()); !strings.Contains(got, "No problems match — press esc to clear filters") {
		t.Fatalf("no empty-state hint:\n%s", got)
	}
}

func TestEmptyBoardSaysHowToStart(t *testing.T) {
	st := newFakeStore()
	st.problems = map[model.ID]model.Problem{}
	hs := newHarness(t, userOpts(st, member), 80, 24)
	if got := ansi.Strip(hs.view()); !strings.Contains(got, "press n to raise one") {
		t.Fatalf("empty board lacks a hint:\n%s", got)
	}
}

func TestCursorMovesAndScrolls(t *testing.T) {
	st := newFakeStore()
	for i := range 40 {
		st.put(model.Problem{Ward: wardA, Title: "Filler problem " + string(rune('A'+i%26)), Category: "other",
			Stage: model.StageScanning, Priority: model.PriorityLow, Visibility: model.Panel})
	}
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	b := hs.app.board()
	rows := b.State().Shown
	hs.keys("end")
	if b.Cursor != len(rows)-1 {
		t.Fatalf("end: cursor %d of %d", b.Cursor, len(rows))
	}
	if b.Offset+b.ListHeight() != len(rows) {
		t.Fatalf("end: last row not in view (offset %d, height %d, rows %d)", b.Offset, b.ListHeight(), len(rows))
	}
	hs.keys("home")
	if b.Cursor != 0 || b.Offset != 0 {
		t.Fatalf("home: cursor %d offset %d", b.Cursor, b.Offset)
	}
	hs.keys("pgdown")
	if b.Cursor != b.PageSize() {
		t.Fatalf("pgdown: cursor %d, page %d", b.Cursor, b.PageSize())
	}
	hs.keys("k", "j", "j", "up")
	if b.Cursor != b.PageSize() {
		t.Fatalf("j/k: cursor %d", b.Cursor)
	}
	// Only the rows that fit are drawn.
	want := 0
	for _, id := range rows[b.Offset : b.Offset+b.ListHeight()] {
		if strings.HasPrefix(st.get(id).Title, "Filler") {
			want++
		}
	}
	if n := strings.Count(ansi.Strip(hs.view()), "Filler problem"); n != want {
		t.Fatalf("drew %d filler rows, want %d", n, want)
	}
}

func TestReloadKeepsCursorOnTheSameProblem(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.keys("down", "down") // 4, 2, [3]
	if p, _ := hs.app.board().Current(); p.ID != 3 {
		t.Fatalf("cursor on #%d, want #3", p.ID)
	}
	hs.keys("/", "e", "enter") // a filter that must survive the reload
	filtered := hs.visibleIDs()

	// Another session adds a high-priority problem, which sorts above #3.
	st.put(model.Problem{Ward: wardA, Title: "Arson in the bin store", Category: "other", Stage: model.StageScanning,
		Priority: model.PriorityHigh, Visibility: model.Panel, Version: 1})
	hs.send(StoreChangedMsg{Revision: 2})

	b := hs.app.board()
	if p, _ := b.Current(); p.ID != 3 {
		t.Fatalf("after reload cursor on #%d, want #3", p.ID)
	}
	if text := b.State().Text; text != "e" {
		t.Fatalf("filter text lost: %q", text)
	}
	if got := hs.visibleIDs(); len(got) != len(filtered)+1 || got[0] != 8 {
		t.Fatalf("rows after reload = %v (before %v)", got, filtered)
	}
}

func TestReloadWhenTheSelectedProblemGoesKeepsThePlace(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.keys("down", "down") // #3
	p := st.get(3)
	p.Visibility = model.Visibility{Kind: model.VisOfficers}
	st.put(p)
	hs.send(StoreChangedMsg{Revision: 2})
	if got, _ := hs.app.board().Current(); got.ID != 1 {
		t.Fatalf("cursor on #%d, want the row that took #3's place (#1)", got.ID)
	}
}

// slowStore counts loads, to show that changes during a load coalesce.
type countingStore struct {
	*fakeStore
	loads int
}

func (s *countingStore) Problems(v model.User, ward string) ([]model.Problem, error) {
	s.loads++
	return s.fakeStore.Problems(v, ward)
}

func TestChangesDuringALoadCoalesce(t *testing.T) {
	st := &countingStore{fakeStore: newFakeStore()}
	m := New(Options{Store: st, User: &officer}).(*app)
	load := m.screen(screenBoard).Update(StoreChangedMsg{}) // in flight
	var cmds []tea.Cmd
	for i := range 5 {
		_, cmd := m.Update(StoreChangedMsg{Revision: uint64(i)})
		cmds = append(cmds, cmd)
	}
	news := 0
	for _, c := range cmds {
		for _, msg := range runAll(c) {
			switch msg.(type) {
			case wardNewsMsg:
				news++ // the header's own load, coalesced the same way
			default:
				t.Fatalf("a change during a load started another load: %T", msg)
			}
		}
	}
	if news > 1 {
		t.Fatalf("%d loads of the ward's meetings and priorities for 5 changes, want 1", news)
	}
	_, next := m.Update(load())
	if next == nil {
		t.Fatal("the changes during the load were forgotten")
	}
	for _, msg := range runAll(next) { // the reload, and the search index's preparation
		m.Update(msg)
	}
	if st.loads != 2 {
		t.Fatalf("loads = %d, want 2 (one in flight, one for all the changes)", st.loads)
	}
}

func TestWardCycles(t *testing.T) {
	hs := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
	hs.keys("w")
	if got := hs.visibleIDs(); !slices.Equal(got, []model.ID{7}) {
		t.Fatalf("Southmere rows = %v", got)
	}
	if got := ansi.Strip(hs.view()); !strings.Contains(got, "Southmere") {
		t.Fatalf("header does not name the new ward:\n%s", got)
	}
	hs.keys("w")
	if hs.app.c.ward.Code != wardA {
		t.Fatalf("w did not cycle back: %s", hs.app.c.ward.Code)
	}
}

func TestOpenDetailAndBack(t *testing.T) {
	hs := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
	hs.keys("down", "enter")
	if hs.app.active != screenDetail || hs.app.detail().p.ID != 2 {
		t.Fatalf("enter opened screen %v #%d", hs.app.active, hs.app.detail().p.ID)
	}
	hs.keys("esc")
	if hs.app.active != screenBoard {
		t.Fatal("esc did not return to the board")
	}
	hs.keys("enter", "backspace")
	if hs.app.active != screenBoard {
		t.Fatal("backspace did not return to the board")
	}
	if p, _ := hs.app.board().Current(); p.ID != 2 {
		t.Fatalf("cursor moved to #%d while in detail", p.ID)
	}
}

func TestDetailLeavesWhenTheProblemIsRestricted(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, council), 80, 24)
	hs.keys("enter") // #4, panel-wide
	p := st.get(4)
	p.Visibility = model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}
	st.put(p)
	hs.send(StoreChangedMsg{Revision: 2})
	if hs.app.active != screenBoard {
		t.Fatal("a record the user may no longer see stayed on screen")
	}
	if strings.Contains(ansi.Strip(hs.view()), "Burglary") {
		t.Fatal("the restricted problem is still drawn")
	}
	if !hs.app.status.err || !strings.Contains(hs.app.status.text, "P4") {
		t.Fatalf("status = %+v", hs.app.status)
	}
}

func TestLoadErrorShowsInStatus(t *testing.T) {
	st := newFakeStore()
	st.problemsErr = errors.New("disk on fire")
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	if got := ansi.Strip(hs.view()); !strings.Contains(got, "disk on fire") {
		t.Fatalf("load error not shown:\n%s", got)
	}
}

func TestQuitAndHelpKeys(t *testing.T) {
	hs := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
	before := strings.Count(hs.view(), "\n")
	hs.keys("?")
	if !hs.app.help.ShowAll {
		t.Fatal("? did not open the full help")
	}
	if got := ansi.Strip(hs.view()); !strings.Contains(got, "lead agency") || strings.Count(hs.view(), "\n") != before {
		t.Fatalf("full help missing or frame changed height:\n%s", got)
	}
	hs.keys("?", "q")
	if !hs.quit {
		t.Fatal("q did not quit")
	}
}

func TestObserverCannotStartAProblem(t *testing.T) {
	hs := newHarness(t, userOpts(newFakeStore(), watcher), 80, 24)
	hs.keys("n")
	if hs.app.active != screenBoard {
		t.Fatal("an observer opened the new-problem form")
	}
	if strings.Contains(ansi.Strip(hs.view()), "n new") {
		t.Fatal("help offers n to an observer")
	}
}

// runAll runs cmd and any batch it returns, and gives back the messages.
func runAll(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, runAll(c)...)
		}
		return out
	default:
		return []tea.Msg{msg}
	}
}
