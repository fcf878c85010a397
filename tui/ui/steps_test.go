package ui

import (
	"errors"
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

func press(code rune, text string) tea.KeyPressMsg { return tea.KeyPressMsg{Code: code, Text: text} }

func TestStepMovesAListByTheNavigationKeys(t *testing.T) {
	k := NewKeys()
	for _, c := range []struct {
		key  tea.KeyPressMsg
		want int
		ok   bool
	}{
		{press(tea.KeyUp, ""), -1, true}, {press('k', "k"), -1, true}, {press(tea.KeyDown, ""), 1, true},
		{press('j', "j"), 1, true}, {press(tea.KeyPgUp, ""), -9, true}, {press(tea.KeyPgDown, ""), 9, true},
		{press(tea.KeyHome, ""), -40, true}, {press('G', "G"), 40, true}, {press('x', "x"), 0, false},
		{press(tea.KeyEnter, ""), 0, false},
	} {
		if d, ok := k.Step(c.key, 9, 40); d != c.want || ok != c.ok {
			t.Errorf("%s: %d %t, want %d %t", c.key, d, ok, c.want, c.ok)
		}
	}
}

func TestListFrameKeepsTheCursorInView(t *testing.T) {
	for _, c := range []struct {
		height, cursor, offset, n int
		want, rows, page          int
	}{
		{12, 0, 0, 40, 0, 10, 9},   // two lines of chrome, ten rows
		{12, 15, 0, 40, 6, 10, 9},  // down past the window: it follows
		{12, 3, 6, 40, 3, 10, 9},   // up past it
		{12, 39, 0, 40, 30, 10, 9}, // the end
		{12, 5, 30, 8, 0, 10, 9},   // a list shorter than before
		{2, 1, 0, 5, 0, 2, 1},      // no room for chrome: rows only
		{0, 3, 2, 5, 0, 0, 1},      // no room at all
	} {
		f := ListFrame{Height: c.height, Cursor: c.cursor, Offset: c.offset}
		f.Scroll(c.n)
		if f.Offset != c.want || f.ListHeight() != c.rows || f.PageSize() != c.page {
			t.Errorf("%+v: from %d, %d rows, page %d; want %d, %d, %d", c, f.Offset, f.ListHeight(), f.PageSize(), c.want, c.rows, c.page)
		}
	}
}

func TestTwiceAsksThenDoesAndAnyOtherKeyDisarms(t *testing.T) {
	var tw Twice
	if tw.Take() != "" {
		t.Fatal("armed from the start")
	}
	cmd := tw.Ask("delete 3", "Press d again to delete line 3.")
	if msg := cmd(); msg != (Status{Text: "Press d again to delete line 3.", Err: true}) {
		t.Errorf("the prompt: %v", msg)
	}
	if got := tw.Take(); got != "delete 3" {
		t.Errorf("the second press found %q armed", got)
	}
	if tw.Take() != "" {
		t.Error("a third key found the step still armed")
	}
}

func TestRefusalIsTheModelsReason(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&model.ForbiddenError{Reason: "only the chair can start a meeting"}, "Only the chair can start a meeting."},
		{&model.ValidationError{Field: "line", Message: "a relationship needs two parties"}, "A relationship needs two parties."},
		{fmt.Errorf("reading: %w", model.ErrNotFound), "That is no longer here, or no longer shared with you."},
		{errors.New("disk full\x1b[2J"), "Disk full."}, // the escape goes whole
	} {
		if got := Refusal(c.err); got != c.want {
			t.Errorf("%v: %q, want %q", c.err, got, c.want)
		}
		if msg := Refused(c.err)(); msg != (Status{Text: c.want, Err: true}) {
			t.Errorf("%v: Refused sent %v", c.err, msg)
		}
	}
	if Refused(nil) != nil {
		t.Error("nil refused something")
	}
}

type problems map[model.ID]model.Problem

func (ps problems) Problem(_ model.User, id model.ID) (model.Problem, error) {
	if p, ok := ps[id]; ok {
		return p, nil
	}
	return model.Problem{}, model.ErrNotFound
}

// A store that answers with a problem the reader may not see (a bug, a
// restored file) still shows them nothing.
func TestReadProblemAppliesTheRuleAgain(t *testing.T) {
	housing := model.User{Name: "Hana", Agency: "housing", Role: model.RoleOfficer, Wards: []string{"E1"}}
	ps := problems{
		1: {ID: 1, Ward: "E1", Title: "Litter", Visibility: model.Panel},
		2: {ID: 2, Ward: "E1", Title: "Dealing", Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}},
	}
	for id, want := range map[model.ID]error{1: nil, 2: model.ErrNotFound, 3: model.ErrNotFound} {
		p, err := ReadProblem(ps, housing, id)
		if !errors.Is(err, want) || (err == nil) != (p.ID == id) || (err != nil && p.Title != "") {
			t.Errorf("problem %d: %+v, %v; want %v", id, p, err, want)
		}
	}
}

func TestWordsForVisibilityAndCounts(t *testing.T) {
	police := model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police", "housing"}}
	officers := model.Visibility{Kind: model.VisOfficers}
	for _, c := range []struct{ got, want string }{
		{VisibilityTag(police), "[police,housing]"}, {VisibilityTag(officers), "[officers]"}, {VisibilityTag(model.Panel), ""},
		{VisibilityLabel(police), "only police, housing (restricted)"}, {VisibilityLabel(officers), "panel officers only (restricted)"},
		{VisibilityLabel(model.Panel), "the whole panel"},
		{OrDash(""), "—"}, {OrDash("x"), "x"}, {Cycle([]string{"a", "b", "c"}, "c"), "a"}, {Cycle([]string{"a", "b"}, "a"), "b"},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
}

func TestCleanInputStripsWhatDrivesATerminal(t *testing.T) {
	k := CleanInput(tea.KeyPressMsg{Code: 'a', Text: "a\u202e "}).(tea.KeyPressMsg)
	p := CleanInput(tea.PasteMsg{Content: "one\x1b]52;c;x\x07 two "}).(tea.PasteMsg)
	if k.Text != "a " || p.Content != "one two " {
		t.Errorf("key %q, paste %q", k.Text, p.Content)
	}
	if CleanInput(Back{}) != (Back{}) {
		t.Error("another message was changed")
	}
}
