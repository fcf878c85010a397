package tui

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
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
		if msg, ok := cmd().(boardLoadedMsg); ok {
			m.Update(msg)
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
	if got := hs.app.board().filter.text; got != "quiet nights" {
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
	hs.keys("end")
	if b.cursor != len(b.rows)-1 {
		t.Fatalf("end: cursor %d of %d", b.cursor, len(b.rows))
	}
	if b.offset+b.listHeight() != len(b.rows) {
		t.Fatalf("end: last row not in view (offset %d, height %d, rows %d)", b.offset, b.listHeight(), len(b.rows))
	}
	hs.keys("home")
	if b.cursor != 0 || b.offset != 0 {
		t.Fatalf("home: cursor %d offset %d", b.cursor, b.offset)
	}
	hs.keys("pgdown")
	if b.cursor != b.pageSize() {
		t.Fatalf("pgdown: cursor %d, page %d", b.cursor, b.pageSize())
	}
	hs.keys("k", "j", "j", "up")
	if b.cursor != b.pageSize() {
		t.Fatalf("j/k: cursor %d", b.cursor)
	}
	// Only the rows that fit are drawn.
	want := 0
	for _, r := range b.rows[b.offset : b.offset+b.listHeight()] {
		if strings.HasPrefix(b.all[r].Title, "Filler") {
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
	if p, _ := hs.app.board().current(); p.ID != 3 {
		t.Fatalf("cursor on #%d, want #3", p.ID)
	}
	hs.keys("/", "e", "enter") // a filter that must survive the reload
	filtered := hs.visibleIDs()

	// Another session adds a high-priority problem, which sorts above #3.
	st.put(model.Problem{Ward: wardA, Title: "Arson in the bin store", Category: "other", Stage: model.StageScanning,
		Priority: model.PriorityHigh, Visibility: model.Panel, Version: 1})
	hs.send(StoreChangedMsg{Revision: 2})

	b := hs.app.board()
	if p, _ := b.current(); p.ID != 3 {
		t.Fatalf("after reload cursor on #%d, want #3", p.ID)
	}
	if b.filter.text != "e" {
		t.Fatalf("filter text lost: %q", b.filter.text)
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
	if got, _ := hs.app.board().current(); got.ID != 1 {
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
	load := m.board().reload() // in flight
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
	if p, _ := hs.app.board().current(); p.ID != 2 {
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

func TestSearchAgreesWithModelMatches(t *testing.T) {
	hs := newHarness(t, userOpts(longStore(), officer), 80, 24)
	b := hs.app.board()
	for _, q := range []string{"", "e", "TOWER", "needles", "mill", "drugs", "vehicle", "漢字", "bikes very", "road\x00", "zz", "Filler 1"} {
		b.setText(q)
		var want []model.ID
		for _, p := range b.all {
			if p.Matches(q) {
				want = append(want, p.ID)
			}
		}
		if got := hs.visibleIDs(); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("search %q: %v, model.Matches says %v", q, got, want)
		}
	}
}

// sharedListStore hands every session the very same slice, as the store
// does to viewers who see the same problems.
type sharedListStore struct {
	*fakeStore
	ps []model.Problem
}

func (s sharedListStore) Problems(model.User, string) ([]model.Problem, error) { return s.ps, nil }

// Sessions showing one list share it, sorted and with its search text;
// each keeps only its own rows, and none writes into the list.
func TestSessionsShareTheBoardAndNeverWriteToIt(t *testing.T) {
	st := longStore()
	ps, err := st.Problems(officer, wardA)
	if err != nil {
		t.Fatal(err)
	}
	before := make([]model.Problem, len(ps))
	for i, p := range ps {
		p.Visibility.Agencies = slices.Clone(p.Visibility.Agencies)
		before[i] = p
	}
	opts := Options{Store: sharedListStore{st, ps}, User: &officer}
	one, two := newHarness(t, opts, 80, 24), newHarness(t, opts, 80, 24)
	one.keys("/", "e", "enter")
	two.keys("/", "e", "enter")
	b1, b2 := one.app.board(), two.app.board()
	hay1, ix1 := b1.list.haystack()
	hay2, ix2 := b2.list.haystack()
	if &b1.all[0] != &b2.all[0] || &hay1[0] != &hay2[0] || ix1 != ix2 {
		t.Fatal("two sessions showing one list each hold a copy of it")
	}
	rows := two.visibleIDs()
	one.keys("o", "esc", "a")
	if got := two.visibleIDs(); !slices.Equal(got, rows) {
		t.Fatalf("one session's sort and filters moved another's rows: %v, was %v", got, rows)
	}
	if !reflect.DeepEqual(ps, before) {
		t.Fatal("a session wrote into the list the store shares")
	}
}

// Sessions on other goroutines sorting the same list get the one list (run
// with -race).
func TestSortedBoardIsMadeOnceForAll(t *testing.T) {
	ps, err := longStore().Problems(officer, wardA)
	if err != nil {
		t.Fatal(err)
	}
	lists := make(chan *boardList)
	for range 8 {
		go func() { lists <- sortedBoard(ps, false) }()
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
			got := sortBoard(list, byAge)
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
