package form_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/form"
	"wardpanel/tui/ui"
	"wardpanel/tui/ui/uitest"
)

var officer = model.User{Name: "Olu Officer", Role: model.RoleOfficer, Agency: "police", Wards: []string{"W1"}}

func press(t *testing.T, name string) tea.KeyPressMsg {
	t.Helper()
	return uitest.Presses(name)[0]
}

// newSheet is a small form's sheet: a title line, a choice and a person.
func newSheet() (*form.Sheet, *form.Field, *form.Field, *form.Field) {
	s := form.NewSheet(uitest.NewSession(officer, time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)))
	title := s.AddLine("Title", "", 0, "title")
	kind := s.AddChoice("Kind", form.Choice{Values: []string{"a", "b", "c"}, Names: []string{"A", "B", "C"}}, "kind")
	who := s.AddPerson("Who", &form.PersonPick{Anyone: "anyone in police"}, "assignee")
	s.SetSize(60, 12)
	s.FocusFirst()
	return s, title, kind, who
}

// The flow's keys: ctrl+s saves once while a save is on its way, esc goes
// back unless one is, and a late answer to an earlier save is passed over.
func TestFlowSavesOnceAndPassesOverLateAnswers(t *testing.T) {
	s, _, _, _ := newSheet()
	saves := 0
	flow := form.Flow{Save: func() tea.Cmd {
		saves++
		return s.StartSave(func(seq int) tea.Cmd { return func() tea.Msg { return seq } })
	}}
	first := s.Handle(press(t, "ctrl+s"), flow)
	if first == nil || !s.Saving || saves != 1 {
		t.Fatalf("ctrl+s: cmd %v saving %v saves %d", first != nil, s.Saving, saves)
	}
	if cmd := s.Handle(press(t, "ctrl+s"), flow); cmd != nil || saves != 1 {
		t.Fatalf("a second ctrl+s while saving started another save (%d)", saves)
	}
	if cmd := s.Handle(press(t, "esc"), flow); cmd != nil {
		t.Fatal("esc left the form while its save was on its way")
	}
	seq := first().(int)
	if s.SaveAnswered(seq - 1) {
		t.Fatal("an answer to an earlier save was taken")
	}
	if !s.SaveAnswered(seq) || s.Saving {
		t.Fatal("the save's own answer did not end it")
	}
	if s.SaveAnswered(seq) {
		t.Fatal("the same answer was taken twice")
	}
	cmd := s.Handle(press(t, "esc"), flow)
	if cmd == nil {
		t.Fatal("esc did nothing once the save had answered")
	}
	if _, ok := cmd().(ui.Back); !ok {
		t.Fatal("esc did not go back")
	}
}

// Someone else's save: the banner says who and when, ctrl+r is offered
// and reads theirs, ctrl+o puts the user's text back.
func TestFlowConflictReloadAndUseMine(t *testing.T) {
	s, title, _, _ := newSheet()
	title.SetValue("mine")
	reloaded := false
	flow := form.Flow{
		Save:    func() tea.Cmd { return nil },
		Reload:  func(seq int) tea.Cmd { reloaded = true; return func() tea.Msg { return seq } },
		UseMine: func() { s.Restore(s.Mine) },
	}
	if s.Conflicted(errors.New("disk full")) {
		t.Fatal("an error that is no conflict was taken for one")
	}
	if s.Handle(press(t, "ctrl+r"), flow); reloaded {
		t.Fatal("ctrl+r reloaded with nothing newer")
	}
	at := time.Date(2026, 3, 2, 10, 30, 0, 0, time.UTC)
	if !s.Conflicted(&model.ConflictError{By: "Carol\x1b[31m Hughes", At: at}) {
		t.Fatal("a conflict was not shown")
	}
	if !strings.Contains(s.Banner, "Changed by Carol Hughes at 10:30") || strings.Contains(s.Banner, "\x1b") {
		t.Fatalf("banner %q", s.Banner)
	}
	if !helps(s, "ctrl+r") || helps(s, "ctrl+o") {
		t.Fatal("the help does not offer ctrl+r alone")
	}
	cmd := s.Handle(press(t, "ctrl+r"), flow)
	if !reloaded || !s.Reloading {
		t.Fatal("ctrl+r did not read their version")
	}
	s.TakeStored(form.Stored{Seq: cmd().(int) - 1, Reload: true, By: "Someone", Version: 9}, form.Edited{Load: func() { t.Fatal("a stale read was loaded") }})
	s.TakeStored(form.Stored{Seq: cmd().(int), Reload: true, By: "Carol Hughes", Version: 2}, form.Edited{Load: func() { title.SetValue("theirs") }})
	if s.Reloading || title.Value() != "theirs" || s.Mine == nil || s.Mine[0] != "mine" {
		t.Fatalf("the reload's answer was not taken: reloading %v title %q mine %q", s.Reloading, title.Value(), s.Mine)
	}
	if s.Conflict != nil || !strings.Contains(s.Info, "Showing Carol Hughes's version 2") || !helps(s, "ctrl+o") {
		t.Fatalf("after the reload: conflict %v, info %q", s.Conflict, s.Info)
	}
	if !strings.Contains(s.View(), "Your text (ctrl+o puts it back):") {
		t.Fatal("the user's text is not shown above the fields")
	}
	s.Handle(press(t, "ctrl+o"), flow)
	if title.Value() != "mine" || s.Mine != nil || !strings.Contains(s.Info, "Your text is back") {
		t.Fatalf("ctrl+o: title %q info %q", title.Value(), s.Info)
	}
}

func helps(s *form.Sheet, k string) bool {
	for _, b := range s.ShortHelp() {
		if b.Help().Key == k {
			return true
		}
	}
	return false
}

// A check warns once, only of a newer version and not over a conflict,
// or says the record has gone.
func TestTakeStoredChecks(t *testing.T) {
	for _, tt := range []struct {
		name          string
		version, base uint64
		err           error
		conflict      bool
		info          string
	}{
		{"newer", 3, 2, nil, false, "Sam Reid changed this action at 10:45"},
		{"same version", 2, 2, nil, false, ""},
		{"already in conflict", 3, 2, nil, true, ""},
		{"gone", 0, 2, model.ErrNotFound, false, "no longer visible"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, _, _, _ := newSheet()
			if tt.conflict {
				s.Conflicted(&model.ConflictError{By: "Sam"})
			}
			seq := 0
			s.Checking(func(n int) tea.Cmd { seq = n; return nil })
			at := time.Date(2026, 3, 2, 10, 45, 0, 0, time.UTC)
			s.TakeStored(form.Stored{Seq: seq, Err: tt.err, By: "Sam Reid", At: at, Version: tt.version},
				form.Edited{What: "action", Gone: "This action is no longer visible to you.", Base: tt.base})
			if tt.info == "" && s.Info != "" || !strings.Contains(s.Info, tt.info) {
				t.Fatalf("info %q, want %q", s.Info, tt.info)
			}
			if s.Newer != (tt.name == "newer") {
				t.Fatalf("newer %v", s.Newer)
			}
		})
	}
}

// The sheet's keys: tab skips a locked choice, ←/→ step a choice, typing
// into a person narrows it, and Fail puts a validation error under its
// field and focuses it.
func TestSheetKeysAndFail(t *testing.T) {
	s, title, kind, who := newSheet()
	who.Person.SetPeople([]model.User{{Name: "Dan Police", Agency: "police"}, {Name: "Eve Police", Agency: "police"}})
	s.Handle(press(t, "tab"), form.Flow{})
	if s.Focused() != kind {
		t.Fatal("tab did not move to the choice")
	}
	s.Handle(press(t, "right"), form.Flow{})
	if kind.Value() != "b" {
		t.Fatalf("→ chose %q", kind.Value())
	}
	s.Handle(press(t, "tab"), form.Flow{})
	for _, k := range uitest.Presses("eve") {
		s.Handle(k, form.Flow{})
	}
	if who.Value() != "Eve Police" {
		t.Fatalf("typing eve chose %q", who.Value())
	}
	kind.Choice.Locked = true
	s.FocusFirst()
	s.Handle(press(t, "tab"), form.Flow{})
	if s.Focused() != who {
		t.Fatal("tab stopped on a locked choice")
	}
	s.Fail(&model.ValidationError{Field: "Title", Message: "a title is required"})
	if s.Focused() != title || title.Err != "a title is required" || !strings.Contains(s.View(), "! a title is required") {
		t.Fatalf("focus %q err %q", s.Focused().Label, title.Err)
	}
	s.Fail(errors.New("disk full"))
	if !strings.Contains(s.Banner, "Could not save: disk full. Your text is still here.") {
		t.Fatalf("banner %q", s.Banner)
	}
}

// A choice keeps a stored value it does not offer, shown and saved as it is.
func TestChoiceKeepsAStoredValue(t *testing.T) {
	c := form.Choice{Values: []string{"panel"}, Names: []string{"the whole panel"}}
	c.Set("agencies:housing", "only housing")
	if c.Value() != "agencies:housing" || len(c.Values) != 2 {
		t.Fatalf("set kept %q of %v", c.Value(), c.Values)
	}
	c.Pick("nowhere")
	if c.Value() != "agencies:housing" {
		t.Fatal("picking a value not offered changed the choice")
	}
	c.Step(1)
	if c.Value() != "panel" {
		t.Fatalf("step chose %q", c.Value())
	}
}
