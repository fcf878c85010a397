package meetings

import (
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui/uitest"
)

// noStore answers the screen's reads with nothing; the test hands the
// screen its meeting itself.
type noStore struct{ Store }

// The meeting screen's full help offers each key exactly when the model's
// rule for it (model/meetingrules.go and friends), the one the store's
// change checks, says yes: for each role, in each state.
func TestViewOffersWhatTheRulesAllow(t *testing.T) {
	now := time.Date(2026, 3, 4, 19, 0, 0, 0, time.UTC)
	planned := model.Meeting{ID: 7, Ward: "E05000001", Title: "Spring panel", When: now, State: model.MeetingPlanned,
		Items: model.StandardAgenda()}
	planned.NumberItems()
	live := planned.Clone()
	live.State, live.Current, live.ItemStarted = model.MeetingLive, live.Items[0].ID, now
	closed := live.Clone()
	closed.State, closed.Current = model.MeetingClosed, 0
	roles := []model.Role{model.RoleChair, model.RoleSecretary, model.RoleOfficer, model.RoleMember, model.RoleObserver}
	k := NewKeyMap()
	rules := []struct {
		key   key.Binding
		allow func(model.User, model.Meeting) bool
	}{
		{k.Start, func(u model.User, m model.Meeting) bool { return model.CheckStartMeeting(u, m) == nil }},
		{k.NextItem, func(u model.User, m model.Meeting) bool { return model.CheckStepMeeting(u, m) == nil }},
		{k.CloseMeeting, func(u model.User, m model.Meeting) bool { return model.CheckCloseMeeting(u, m) == nil }},
		{k.AddItem, func(u model.User, m model.Meeting) bool { return model.CheckKeepMeeting(u, m) == nil }},
		{k.RaiseInItem, model.CanRaiseInMeeting},
		{k.Correct, func(u model.User, m model.Meeting) bool { return model.CheckCorrectMeeting(u, m) == nil }},
		{k.UndoAgenda, func(u model.User, m model.Meeting) bool { return model.CheckUndoAgenda(u, m) == nil }},
	}
	for _, m := range []model.Meeting{planned, live, closed} {
		for _, role := range roles {
			u := model.User{ID: 3, Name: "Carol Hughes", Agency: "council", Role: role, Wards: []string{m.Ward}}
			s := uitest.NewSession(u, now)
			v := NewView(s, noStore{}, Links{Tick: func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }})
			v.SetSize(100, 30)
			v.Update(Show{ID: m.ID})
			v.Update(meetingLoadedMsg{seq: v.load.Seq(), m: m})
			if shown, _ := v.Shown(); shown.State != m.State {
				t.Fatalf("the screen shows a %q meeting, not the %s one", shown.State, m.State)
			}
			for _, r := range rules {
				if got, want := offers(v, r.key), r.allow(u, m); got != want {
					t.Errorf("%s, %s meeting, %q: offered %v, the rule says %v", role, m.State, r.key.Help().Desc, got, want)
				}
			}
		}
	}
}

func offers(v *View, b key.Binding) bool {
	for _, g := range v.FullHelp() {
		for _, k := range g {
			if k.Help() == b.Help() {
				return true
			}
		}
	}
	return false
}

// stepStore keeps one meeting and applies the steps a screen sends it.
type stepStore struct {
	Store
	m     model.Meeting
	steps int
}

func (s *stepStore) ChangeMeeting(_ model.Actor, _ model.ID, ch model.MeetingChange) (model.Meeting, error) {
	step, ok := ch.(model.StepItem)
	if !ok || step.From != s.m.Current {
		return model.Meeting{}, model.ErrConflict
	}
	s.m.Current = step.To
	s.steps++
	return s.m.Clone(), nil
}
func (s *stepStore) Meeting(model.User, model.ID) (model.Meeting, error)  { return s.m.Clone(), nil }
func (s *stepStore) Problems(model.User, string) ([]model.Problem, error) { return nil, nil }
func (s *stepStore) Actions(model.User, string) ([]model.Action, error)   { return nil, nil }
func (s *stepStore) Priorities(model.User, string) (model.WardPriorities, error) {
	return model.WardPriorities{}, nil
}
func (s *stepStore) Updates(model.User, model.ID) ([]model.Update, error) { return nil, nil }

// A chair who presses n twice, the second time before the store has
// answered the first, steps twice: the key pressed meanwhile is held and
// played once the first step lands, not lost. After a refused change the
// keys pressed meanwhile are dropped with the refusal.
func TestKeysPressedWhileAStepIsSavedAreNotLost(t *testing.T) {
	now := time.Date(2026, 3, 4, 19, 0, 0, 0, time.UTC)
	m := model.Meeting{ID: 7, Ward: "E05000001", Title: "Spring panel", When: now, State: model.MeetingLive,
		Items: model.StandardAgenda(), ItemStarted: now}
	m.NumberItems()
	m.Current = m.Items[0].ID
	chair := model.User{ID: 3, Name: "Carol Hughes", Agency: "residents", Role: model.RoleChair, Wards: []string{m.Ward}}
	for _, tt := range []struct {
		name      string
		refuse    bool
		wantSteps int
		wantItem  int // index into Items
	}{
		{"both steps land", false, 2, 2},
		{"the first is refused", true, 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := &stepStore{m: m.Clone()}
			v := NewView(uitest.NewSession(chair, now), st, Links{Tick: func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }})
			v.SetSize(100, 30)
			v.Update(Show{ID: m.ID})
			v.Update(meetingLoadedMsg{seq: v.load.Seq(), m: m.Clone()})
			n := tea.KeyPressMsg{Code: 'n', Text: "n"}
			first := v.Update(n)
			if first == nil {
				t.Fatal("n started no step")
			}
			if held := v.Update(n); held != nil {
				t.Fatal("a second n while the first is saved started a change of its own")
			}
			if tt.refuse {
				st.m.Current = m.Items[3].ID // someone else stepped meanwhile
			}
			run(v, first)
			if st.steps != tt.wantSteps {
				t.Errorf("the store took %d steps, want %d", st.steps, tt.wantSteps)
			}
			if shown, _ := v.Shown(); !tt.refuse && shown.Current != m.Items[tt.wantItem].ID {
				t.Errorf("the screen is on item %d, want %d", shown.Current, m.Items[tt.wantItem].ID)
			}
			if len(v.held) != 0 {
				t.Errorf("%d keys still held", len(v.held))
			}
		})
	}
}

// run runs cmd and hands every message it leads to back to v, as the
// router would, until nothing is left to run.
func run(v *View, cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case nil:
		default:
			queue = append(queue, v.Update(msg))
		}
	}
}
