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
