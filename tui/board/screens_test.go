package board

import (
	"errors"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// Each key of the board and the actions list leads where its link says,
// and only for those the model's rules let through; the other keys send
// nothing, or the model's refusal.
func TestKeysLeadOutThroughTheLinks(t *testing.T) {
	refusal := func(x *session) bool {
		out := x.sent()
		return len(out) == 1 && out[0].(ui.Status).Err
	}
	tests := []struct {
		name string
		u    model.User
		keys []string
		want []tea.Msg // nil: nothing
		// refused: the one message is the model's refusal.
		refused bool
	}{
		{"enter opens the problem", officer, []string{"enter"}, []tea.Msg{link("open P4")}, false},
		{"n raises a problem", officer, []string{"n"}, []tea.Msg{link("new problem in " + wardA)}, false},
		{"an observer raises none", observer, []string{"n"}, nil, false},
		{"m to the meetings", officer, []string{"m"}, []tea.Msg{link("meetings")}, false},
		{"u to the audit, for an officer", officer, []string{"u"}, []tea.Msg{link("audit")}, false},
		{"no audit for an observer", observer, []string{"u"}, nil, false},
		{"r, x, i to the other screens", officer, []string{"r", "x", "i"}, []tea.Msg{link("pictures"), link("crimes"), link("inbox")}, false},
		{"t and back", officer, []string{"t", "esc"}, []tea.Msg{ui.Back{}}, false},
		{"t toggles back", officer, []string{"t", "t"}, []tea.Msg{ui.Back{}}, false},
		{"an action opens", officer, []string{"t", "enter"}, []tea.Msg{link("open A1")}, false},
		{"an action's status", officer, []string{"t", "down", "s"}, []tea.Msg{link("status of A2")}, false},
		{"an action edited", officer, []string{"t", "down", "e"}, []tea.Msg{link("edit A2")}, false},
		{"an outcome", officer, []string{"t", "down", "o"}, []tea.Msg{link("outcome of A2")}, false},
		{"a new action", officer, []string{"t", "n"}, []tea.Msg{link("new action in " + wardA)}, false},
		{"an observer's status refused", observer, []string{"t", "s"}, nil, true},
		{"an observer's new action refused", observer, []string{"t", "n"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := open(t, newStore(), tt.u, 80, 24)
			x.keys(tt.keys...)
			if tt.refused {
				if !refusal(x) {
					t.Fatal("not refused with the model's reason")
				}
				return
			}
			if got := x.sent(); !slices.Equal(got, tt.want) {
				t.Fatalf("sent %v, want %v", got, tt.want)
			}
		})
	}
}

// The board names the ward it loaded to the session, and w moves the
// session to the user's next ward, whose problems it then shows.
func TestWardSwitchTellsTheSession(t *testing.T) {
	x := open(t, newStore(), officer, 80, 24)
	if x.s.W.Name != "Northfield" || len(x.agencies) != 2 {
		t.Fatalf("after the load the session's ward is %+v, agencies %v", x.s.W, x.agencies)
	}
	x.keys("w")
	if x.s.W.Code != wardB || x.s.W.Name != "Southmere" {
		t.Fatalf("w left the session on %+v", x.s.W)
	}
	if got := x.shown(); !slices.Equal(got, []model.ID{7}) {
		t.Fatalf("Southmere's rows = %v", got)
	}
	x.keys("w")
	if x.s.W.Code != wardA || len(x.shown()) != 6 {
		t.Fatalf("w did not come back to Northfield: %+v, %v", x.s.W, x.shown())
	}
}

// The ward's priorities are starred once the session's news says so.
func TestPrioritiesAreStarred(t *testing.T) {
	x := open(t, newStore(), officer, 80, 24)
	star := func() string {
		lines := strings.Split(ansi.Strip(x.b.View()), "\n")
		return lines[slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, "Speeding on Mill Lane") })]
	}
	if strings.Contains(star(), "★") {
		t.Fatal("starred before the news came")
	}
	x.starred = []model.Problem{{ID: 5}}
	x.b.News()
	if !strings.Contains(star(), "★") {
		t.Fatalf("a priority not starred: %q", star())
	}
}

// A failed load says so on the status line, through ui.Err.
func TestLoadErrorGoesToTheStatusLine(t *testing.T) {
	st := newStore()
	st.loadErr = errors.New("disk on fire")
	x := open(t, st, officer, 80, 24)
	if got := x.sent(); len(got) != 1 || got[0].(ui.Err).Op != "loading the board" {
		t.Fatalf("sent %v", got)
	}
}

// A saved problem's ID puts the cursor on it once the load brings it.
func TestSelectFollowsASavedProblem(t *testing.T) {
	st := newStore()
	x := open(t, st, officer, 80, 24)
	st.put(model.Problem{ID: 9, Ward: wardA, Title: "Arson in the bin store", Stage: model.StageScanning, Visibility: model.Panel})
	x.run(x.b.Update(Select{ID: 9}))
	if p, _ := x.b.Current(); p.ID != 9 {
		t.Fatalf("cursor on %s, want P9", model.ProblemRef(p.ID))
	}
	x.keys("t")
	x.run(x.l.Update(SelectAction{ID: 3}))
	if a, _ := x.l.Current(); a.ID != 3 {
		t.Fatalf("cursor on %s, want A3", model.ActionRef(a.ID))
	}
}

// A row drawn once is drawn again from the session's copy while nothing it
// shows has changed, and anew when something has: the day (its review
// tag), the width (its columns), the stars.
func TestRowsFollowTheDayTheWidthAndTheStars(t *testing.T) {
	st := &sharedStore{fakeStore: newStore()}
	ps := visibleTo(officer, sharedWard(5))
	p := *ps[2]
	p.ReviewBy, p.Location = day(1), "Mill Road recreation ground"
	ps[2] = &p
	st.hand(ps)
	x := open(t, st, officer, 80, 24)
	row := func() string {
		lines := strings.Split(ansi.Strip(x.b.View()), "\n")
		return lines[slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, p.Title) })]
	}
	steps := []struct {
		name   string
		change func()
		has    []string
		hasNot []string
	}{
		{"drawn", func() {}, nil, []string{ui.ReviewTag, "Mill Road", "★"}},
		{"drawn again", func() {}, nil, []string{ui.ReviewTag, "Mill Road", "★"}},
		{"two days on", func() { x.s.Clock = now.AddDate(0, 0, 2) }, []string{ui.ReviewTag}, []string{"Mill Road"}},
		{"wider", func() { x.b.SetSize(140, 24) }, []string{ui.ReviewTag, "Mill Road"}, []string{"★"}},
		{"starred", func() { x.starred = []model.Problem{{ID: p.ID}}; x.b.News() }, []string{"★", "Mill Road"}, nil},
		{"retitled", func() {
			st.hand(changed(ps, p.ID, func(q *model.Problem) { q.Title += ", retitled" }))
			x.run(x.b.Update(Select{}))
		}, []string{"retitled"}, nil},
	}
	for _, s := range steps {
		s.change()
		got := row()
		for _, want := range s.has {
			if !strings.Contains(got, want) {
				t.Errorf("%s: %q lacks %q", s.name, got, want)
			}
		}
		for _, not := range s.hasNot {
			if strings.Contains(got, not) {
				t.Errorf("%s: %q has %q", s.name, got, not)
			}
		}
	}
	// The rows kept are of records the list holds: none of the old record.
	for q := range x.b.drawn {
		if !slices.Contains(x.b.all, q) {
			t.Errorf("a row kept for problem %d's record the list no longer holds", q.ID)
		}
	}
}
