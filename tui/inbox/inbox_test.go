package inbox

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
	"wardpanel/tui/ui/uitest"
)

// fakeReader is two wards' records, as the store would hand them to u.
type fakeReader struct {
	actions  map[string][]model.Action
	meetings map[string][]model.Meeting
}

func (f fakeReader) Actions(_ model.User, ward string) ([]model.Action, error) {
	return f.actions[ward], nil
}
func (f fakeReader) Problems(model.User, string) ([]model.Problem, error) { return nil, nil }
func (f fakeReader) Meetings(_ model.User, ward string) ([]model.Meeting, error) {
	return f.meetings[ward], nil
}
func (f fakeReader) Priorities(_ model.User, ward string) (model.WardPriorities, error) {
	return model.WardPriorities{Ward: ward}, nil
}
func (f fakeReader) Updates(model.User, model.ID) ([]model.Update, error) { return nil, nil }

var now = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// pat is a police officer in two wards; an action is hers in the second.
var pat = model.User{ID: 1, Name: "Pat Police", Agency: "police", Role: model.RoleOfficer, Wards: []string{"E1", "E2"}}

func twoWards() fakeReader {
	day := model.DateOnly(now)
	return fakeReader{
		actions: map[string][]model.Action{"E2": {{ID: 5, Ward: "E2", Title: "Light the alley", OwnerAgency: "police",
			Status: model.ActionOpen, Visibility: model.Panel, Due: day.AddDate(0, 0, 30), UpdatedAt: now.AddDate(0, 0, -30)}}},
		meetings: map[string][]model.Meeting{
			"E1": {{ID: 1, Ward: "E1", Title: "Eastfield panel", When: day.AddDate(0, 0, 2), State: model.MeetingPlanned}},
			"E2": {{ID: 2, Ward: "E2", Title: "Westfield panel", When: day.AddDate(0, 0, 9), State: model.MeetingPlanned}},
		},
	}
}

// Where the links lead, as the tests see it.
type (
	opened  struct{ what string }
	posting struct {
		ref     string
		meeting model.ID
	}
	greeted struct{}
)

func testLinks() Links {
	return Links{
		OpenAction:  func(a model.Action) tea.Msg { return opened{model.ActionRef(a.ID)} },
		OpenProblem: func(p model.Problem) tea.Msg { return opened{model.ProblemRef(p.ID)} },
		OpenMeeting: func(id model.ID) tea.Msg { return opened{"meeting"} },
		PostUpdate: func(kind model.RecordKind, id model.ID, _ string, m model.Meeting) tea.Msg {
			return posting{model.RecordRef(kind, id), m.ID}
		},
		Greet: func() tea.Msg { return greeted{} },
	}
}

// drive runs cmd to rest, handing answers to v and keeping what the links
// and the router's messages say.
func drive(t *testing.T, v *View, cmd tea.Cmd) (out []tea.Msg) {
	t.Helper()
	uitest.Settle(t, cmd, func(msg tea.Msg) tea.Cmd {
		switch msg.(type) {
		case opened, posting, greeted, ui.Back, ui.Status:
			out = append(out, msg)
			return nil
		}
		return v.Update(msg)
	})
	return out
}

func keys(t *testing.T, v *View, names ...string) (out []tea.Msg) {
	t.Helper()
	for _, k := range uitest.Presses(names...) {
		out = append(out, drive(t, v, v.Update(k))...)
	}
	return out
}

func helpHas(v *View, desc string) bool {
	for _, k := range v.ShortHelp() {
		if k.Help().Desc == desc {
			return true
		}
	}
	return false
}

// An update asked in the user's second ward: enter opens its action, and
// u opens the form for that ward's next meeting, not the first ward's.
func TestAskedUpdateGoesToItsWardsMeeting(t *testing.T) {
	v := New(uitest.NewSession(pat, now), twoWards(), testLinks(), false)
	v.SetSize(80, 20)
	drive(t, v, v.Show())
	screen := v.View()
	if !strings.Contains(screen, "Updates asked of you for the next meeting (1 to post)") || !strings.Contains(screen, "A5  to post  Light the alley") {
		t.Fatalf("no update asked:\n%s", screen)
	}
	keys(t, v, "down", "down", "down", "down", "down", "down")
	if !helpHas(v, "post update") {
		t.Fatalf("u not offered on the update asked:\n%s", v.View())
	}
	if got := keys(t, v, "u"); !slices.Equal(got, []tea.Msg{posting{"A5", 2}}) {
		t.Errorf("u sent %v, want the form on A5 for meeting 2 (Westfield)", got)
	}
	if got := keys(t, v, "enter"); !slices.Equal(got, []tea.Msg{opened{"A5"}}) {
		t.Errorf("enter sent %v, want A5 opened", got)
	}
	// The cursor stays on the update asked when the inbox reads again,
	// not on the meeting row above it.
	drive(t, v, v.Update(ui.StoreChanged{}))
	if kind, id, ok := v.Asked(); !ok || kind != model.RecordAction || id != 5 {
		t.Errorf("after a reload the cursor is on %v %v %v, want the update asked on A5", kind, id, ok)
	}
	keys(t, v, "up")
	if helpHas(v, "post update") {
		t.Error("u offered on a meeting row")
	}
	if got := keys(t, v, "u"); len(got) != 0 {
		t.Errorf("u on a meeting row sent %v", got)
	}
}

// On connecting, the inbox asks to be shown only when it has something
// in it, and only in a session that shows it on connecting.
func TestGreetsOnlyWithSomethingIn(t *testing.T) {
	nobody := model.User{ID: 9, Name: "Nia Neighbour", Agency: "residents", Role: model.RoleMember, Wards: []string{"E3"}}
	for _, c := range []struct {
		name      string
		u         model.User
		onConnect bool
		want      int
	}{
		{"something in it", pat, true, 1},
		{"not asked to", pat, false, 0},
		{"nothing in it", nobody, true, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := New(uitest.NewSession(c.u, now), twoWards(), testLinks(), c.onConnect)
			v.SetSize(80, 20)
			got := drive(t, v, v.Greet())
			if len(got) != c.want || slices.ContainsFunc(got, func(m tea.Msg) bool { return m != greeted{} }) {
				t.Errorf("greeting sent %v, want %d greeting", got, c.want)
			}
			// Opened later, it reads without greeting again.
			if got := drive(t, v, v.Show()); len(got) != 0 {
				t.Errorf("showing sent %v", got)
			}
		})
	}
}

// esc puts the inbox away.
func TestDismiss(t *testing.T) {
	v := New(uitest.NewSession(pat, now), twoWards(), testLinks(), false)
	v.SetSize(40, 12)
	drive(t, v, v.Show())
	if got := keys(t, v, "esc"); !slices.Equal(got, []tea.Msg{ui.Back{}}) {
		t.Errorf("esc sent %v, want back", got)
	}
}
