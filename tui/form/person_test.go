package form_test

import (
	"errors"
	"strings"
	"testing"

	"wardpanel/model"
	"wardpanel/tui/form"
	"wardpanel/tui/ui/uitest"
)

// wardPeople is a fake store's ward: who the pickers are given.
type wardPeople struct {
	people []model.User
	err    error
}

func (w wardPeople) WardPeople(model.User, string) ([]model.User, error) { return w.people, w.err }

var ward = []model.User{{Name: "Dan Police", Agency: "police"}, {Name: "Eve Police", Agency: "police"}, {Name: "Hal Housing", Agency: "housing"}}

// typeKeys presses each key on the sheet, as the user types them.
func typeKeys(s *form.Sheet, keys ...string) {
	for _, k := range uitest.Presses(keys...) {
		s.Handle(k, form.Flow{})
	}
}

// The person field, as a user picking an assignee sees it: a note while
// the ward's people load, ←/→ through everyone with "anyone" first,
// typing narrows to a match, a name nobody has says so, and backspace and
// ctrl+u widen the list again.
func TestPickingAPersonAsTheUserSeesIt(t *testing.T) {
	s, _, _, who := newSheet()
	typeKeys(s, "tab", "tab")
	if s.Focused() != who {
		t.Fatal("two tabs did not reach the person field")
	}
	if v := s.View(); !strings.Contains(v, "loading the ward's people…") {
		t.Fatalf("before the people load the field shows\n%s", v)
	}
	msg := form.PeopleCmd(wardPeople{people: ward}, officer, "W1")()
	s.GotPeople(msg.(form.PeopleMsg), func(_ *form.Field, people []model.User) []model.User {
		return people[:2] // the form's rule: police only
	})
	if !who.Person.Loaded() {
		t.Fatal("the picker was not given its people")
	}
	steps := []struct {
		keys  []string
		value string // the person chosen
		shows string // on the screen
	}{
		{nil, "", "type to find · ←/→ 3 to choose from"},
		{[]string{"right"}, "Dan Police", "< Dan Police · police >"},
		{[]string{"right"}, "Eve Police", "< Eve Police · police >"},
		{[]string{"right"}, "", "< anyone in police >"},
		{[]string{"left"}, "Eve Police", "< Eve Police · police >"},
		{[]string{"h", "a", "l"}, "", "“hal”: nobody matches"},
		{[]string{"backspace", "backspace", "backspace", "e"}, "Dan Police", "“e”: 2 of 3 · ←/→"},
		{[]string{"v"}, "Eve Police", "< Eve Police · police >"},
		{[]string{"ctrl+u"}, "Dan Police", "type to find"},
	}
	for i, st := range steps {
		typeKeys(s, st.keys...)
		if who.Value() != st.value || !strings.Contains(s.View(), st.shows) {
			t.Fatalf("step %d (%v): chose %q, want %q; the form shows\n%s\nwithout %q", i, st.keys, who.Value(), st.value, s.View(), st.shows)
		}
	}
	typeKeys(s, "tab")
	if v := s.View(); !strings.Contains(v, "Dan Police · police") || strings.Contains(v, "< Dan") {
		t.Fatalf("left behind, the field shows its person without the arrows:\n%s", v)
	}
}

// A name stored before people were enrolled stays as it is, marked; a
// field that may name someone not enrolled takes the typed text.
func TestAPersonNotEnrolledIsKeptOrTyped(t *testing.T) {
	s, _, _, who := newSheet()
	who.Person.Free = true
	who.SetValue("Mrs Jones")
	s.GotPeople(form.PeopleMsg{People: ward}, nil)
	typeKeys(s, "tab", "tab")
	if who.Value() != "Mrs Jones" || !strings.Contains(s.View(), "Mrs Jones (not enrolled)") {
		t.Fatalf("a stored name: chose %q, shows\n%s", who.Value(), s.View())
	}
	typeKeys(s, "ctrl+u", "Z", "o", "e")
	if who.Value() != "Zoe" || !strings.Contains(s.View(), "“Zoe” (not enrolled)") {
		t.Fatalf("the typed name: chose %q, shows\n%s", who.Value(), s.View())
	}
}

// People that could not be read are reported on the form, which stays.
func TestPeopleThatCouldNotBeReadAreSaid(t *testing.T) {
	s, _, _, who := newSheet()
	msg := form.PeopleCmd(wardPeople{err: errors.New("disk \x1b[2Jgone")}, officer, "W1")()
	s.GotPeople(msg.(form.PeopleMsg), nil)
	if who.Person.Loaded() || !strings.Contains(s.View(), "Could not load the ward's people: disk") || strings.Contains(s.View(), "\x1b[2J") {
		t.Fatalf("loaded %v; the form shows\n%q", who.Person.Loaded(), s.View())
	}
}
