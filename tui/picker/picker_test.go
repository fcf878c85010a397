package picker

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
	"wardpanel/tui/ui/uitest"
)

var (
	now   = time.Date(2025, 3, 4, 12, 0, 0, 0, time.UTC)
	asha  = model.User{Name: "Asha Patel", Agency: "police", Role: model.RoleOfficer}
	dee   = model.User{Name: "Dee \x1b[2JOkafor", Agency: "residents", Role: model.RoleMember}
	carol = model.User{Name: "Carol Hughes", Agency: "council", Role: model.RoleChair}
)

// started is what the router is told in these tests: start as u.
type started struct{ u model.User }

func startedAs(u model.User) tea.Msg { return started{u} }

// visitor is a demo visitor's session: nobody chosen yet.
func visitor(t *testing.T, personas []model.User, enrol func(model.User) (model.User, error), w, h int) (*Screen, *[]tea.Msg) {
	t.Helper()
	p := New(uitest.NewSession(model.User{}, now), personas, enrol, startedAs)
	uitest.New(t, p, w, h)
	var told []tea.Msg
	return p, &told
}

// run settles cmd, keeping what the picker told the router.
func run(t *testing.T, p *Screen, cmd tea.Cmd, told *[]tea.Msg) {
	t.Helper()
	uitest.Settle(t, cmd, func(msg tea.Msg) tea.Cmd {
		if s, ok := msg.(started); ok {
			*told = append(*told, s)
			return nil
		}
		return p.Update(msg)
	})
}

func TestEnterEnrolsTheChosenPersona(t *testing.T) {
	var asked []string
	enrol := func(u model.User) (model.User, error) { asked = append(asked, u.Name); return u, nil }
	p, told := visitor(t, []model.User{asha, dee, carol}, enrol, 80, 20)
	for _, k := range []string{"down", "down", "up"} {
		run(t, p, p.Update(press(k)), told)
	}
	if v := ansi.Strip(p.View()); !strings.Contains(v, "> Dee Okafor  member · residents") || strings.Contains(p.View(), "\x1b[2J") {
		t.Fatalf("the cursor is not on Dee, or her name reached the terminal raw:\n%s", v)
	}
	cmd := p.Update(press("enter"))
	if v := ansi.Strip(p.View()); !strings.Contains(v, "Enrolling your key…") {
		t.Fatalf("no word of the enrolment:\n%s", v)
	}
	if p.Update(press("down")) != nil || p.cursor != 1 {
		t.Fatal("keys moved the cursor while enrolling")
	}
	run(t, p, cmd, told)
	if len(asked) != 1 || asked[0] != dee.Name || len(*told) != 1 || (*told)[0].(started).u.Name != dee.Name {
		t.Fatalf("enrolled %v, told the router %v", asked, *told)
	}
}

func TestEnrolmentFailuresAreShown(t *testing.T) {
	tests := []struct {
		name  string
		enrol func(model.User) (model.User, error)
		want  string
	}{
		{"refused", func(model.User) (model.User, error) { return model.User{}, errors.New("key already enrolled") },
			"Could not enrol your key: key already enrolled"},
		{"no enrolment here", nil, "Could not enrol your key: this server cannot enrol keys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, told := visitor(t, []model.User{asha}, tt.enrol, 80, 20)
			run(t, p, p.Update(press("enter")), told)
			if v := ansi.Strip(p.View()); !strings.Contains(v, tt.want) || len(*told) != 0 {
				t.Fatalf("told %v; view:\n%s", *told, v)
			}
			// The visitor may try again.
			if p.Update(press("enter")) == nil {
				t.Fatal("enter after a failure did nothing")
			}
		})
	}
}

// The list matters most: the welcome gives way on small screens, then the
// list scrolls to keep the cursor in view; every frame is its exact size.
func TestThePickerFitsItsScreen(t *testing.T) {
	many := make([]model.User, 30)
	for i := range many {
		many[i] = asha
		many[i].Name = "Persona " + string(rune('A'+i%26)) + string(rune('a'+i/26))
	}
	tests := []struct {
		name     string
		personas []model.User
		w, h     int
		keys     []string
		want     []string
		not      []string
	}{
		{"roomy", []model.User{asha, carol}, 80, 20, nil,
			[]string{"Choose who to be", "Welcome to the wardpanel demo", "> Asha Patel"}, nil},
		{"short", []model.User{asha, carol}, 60, 6, nil,
			[]string{"Choose who to be (demo: nothing here is real)", "Carol Hughes"}, []string{"Welcome"}},
		{"scrolled to the end", many, 40, 12, []string{"end"},
			[]string{"> " + many[29].Name}, []string{many[0].Name}},
		{"back to the top", many, 40, 12, []string{"end", "home"},
			[]string{"> " + many[0].Name}, []string{many[29].Name}},
		{"nobody", nil, 60, 10, []string{"enter", "down"},
			[]string{"No personas are set up on this server."}, []string{"Enrolling"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, told := visitor(t, tt.personas, nil, tt.w, tt.h)
			for _, k := range tt.keys {
				run(t, p, p.Update(press(k)), told)
			}
			uitest.Frame(t, p.View(), tt.w, tt.h, tt.want, tt.not)
		})
	}
}

func TestThePickersHelpOffersChoosing(t *testing.T) {
	p, _ := visitor(t, []model.User{asha}, nil, 80, 20)
	var descs []string
	for _, b := range p.ShortHelp() {
		descs = append(descs, b.Help().Desc)
	}
	if !strings.Contains(strings.Join(descs, ","), "be this person") || len(p.FullHelp()) != 2 {
		t.Fatalf("help: %v", descs)
	}
	if p.Capturing() || p.Title() != "Choose who to be" {
		t.Fatal("the picker's name or capture")
	}
}

func press(name string) tea.KeyPressMsg {
	if k, ok := uitest.NamedKey(name); ok {
		return k
	}
	return uitest.Presses(name)[0]
}
