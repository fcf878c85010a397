package tui

import (
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
)

func TestPickerEnrolsAndOpensTheBoard(t *testing.T) {
	var enrolled []model.User
	opts := Options{
		Store:       newFakeStore(),
		Fingerprint: "SHA256:visitor",
		Demo:        true,
		Personas:    []model.User{officer, member, chair},
		Enrol: func(p model.User) (model.User, error) {
			enrolled = append(enrolled, p)
			p.Keys = append(p.Keys, model.Key{Fingerprint: "SHA256:visitor"})
			return p, nil
		},
	}
	hs := newHarness(t, opts, 80, 24)
	v := ansi.Strip(hs.view())
	for _, want := range []string{"Choose who to be", "Dee Okafor", "member · residents", "DEMO — anyone can get in; not for real data"} {
		if !strings.Contains(v, want) {
			t.Fatalf("picker lacks %q:\n%s", want, v)
		}
	}
	hs.keys("j", "enter")
	if len(enrolled) != 1 || enrolled[0].Name != member.Name {
		t.Fatalf("enrolled %v, want Dee", enrolled)
	}
	if hs.app.active != screenBoard || hs.app.c.user.Name != member.Name {
		t.Fatalf("after enrolling: screen %v as %q", hs.app.active, hs.app.c.user.Name)
	}
	if hs.app.c.actor.Fingerprint != "SHA256:visitor" || hs.app.c.actor.User.Name != member.Name {
		t.Fatalf("actor = %+v", hs.app.c.actor)
	}
	v = ansi.Strip(hs.view())
	if !strings.Contains(v, "Dee Okafor · residents · member") || !strings.Contains(v, "Fly-tipping") {
		t.Fatalf("board not shown as Dee:\n%s", v)
	}
	if strings.Contains(v, "Drug dealing") {
		t.Fatal("Dee sees a police-only problem")
	}
}

func TestPickerShowsEnrolErrors(t *testing.T) {
	opts := Options{
		Store:    newFakeStore(),
		Demo:     true,
		Personas: []model.User{officer},
		Enrol:    func(model.User) (model.User, error) { return model.User{}, errors.New("key already enrolled") },
	}
	hs := newHarness(t, opts, 80, 24)
	hs.keys("enter")
	if hs.app.active != screenPicker || hs.app.c.hasUser {
		t.Fatal("a failed enrolment left the picker")
	}
	if v := ansi.Strip(hs.view()); !strings.Contains(v, "Could not enrol your key: key already enrolled") {
		t.Fatalf("error not shown:\n%s", v)
	}
	// Store-changes before anyone is chosen must not load anything.
	hs.send(StoreChangedMsg{Revision: 3})
	if hs.app.board().State().Loaded {
		t.Fatal("the board loaded with no user")
	}
}

func TestPickerWithoutEnrolSaysSo(t *testing.T) {
	hs := newHarness(t, Options{Store: newFakeStore(), Personas: []model.User{officer}}, 80, 24)
	hs.keys("enter")
	if v := ansi.Strip(hs.view()); !strings.Contains(v, "cannot enrol") {
		t.Fatalf("no explanation:\n%s", v)
	}
}

func TestPickerScrollsToTheCursor(t *testing.T) {
	var many []model.User
	for i := range 30 {
		u := member
		u.Name = "Persona " + string(rune('A'+i%26)) + string(rune('a'+i/26))
		many = append(many, u)
	}
	hs := newHarness(t, Options{Store: newFakeStore(), Personas: many}, 40, 12)
	hs.keys("end")
	if v := ansi.Strip(hs.view()); !strings.Contains(v, "> "+many[29].Name) {
		t.Fatalf("the last persona is not in view:\n%s", v)
	}
}
