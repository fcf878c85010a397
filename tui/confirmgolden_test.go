package tui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"wardpanel/model"
	"wardpanel/store"
)

// The rest of the two-key confirmations, and refusals in a meeting, as
// the user sees them at the golden sizes (TestGoldenConfirmations has the
// form guards, the vote and a refusal on an action): removing an agenda
// item, closing the meeting, starting it on another day than planned,
// making a rich-picture line a problem; a member's w and the secretary's
// U with nothing to undo.
func TestGoldenMeetingConfirmations(t *testing.T) {
	key := func(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }
	live := func(t *testing.T, st *store.Store) func() time.Time {
		m := seedLiveMeeting(t, st)
		return func() time.Time { return m.ItemStarted.Add(7 * time.Minute) }
	}
	planned := func(t *testing.T, st *store.Store) func() time.Time {
		if _, err := st.CreateMeeting(model.Actor{User: chair, Fingerprint: "SHA256:fixture"}, model.Meeting{Ward: wardA,
			Title: "Northfield Ward Panel — Spring", When: time.Date(2026, 3, 22, 19, 0, 0, 0, time.UTC), Venue: "Northfield Library"}); err != nil {
			t.Fatal(err)
		}
		return fixedNow
	}
	picture := func(t *testing.T, st *store.Store) func() time.Time {
		seedPicture(t, st)
		return fixedNow
	}
	sec := model.User{Name: "Sue Secretary", Agency: "council", Role: model.RoleSecretary, Wards: []string{wardA}}
	// steps are keys to send and, as strings, text to wait for first.
	cases := []struct {
		name  string
		who   model.User
		seed  func(t *testing.T, st *store.Store) func() time.Time
		steps []any
	}{
		{"remove item", chair, live, []any{"▶ meeting live", key('m'), "LIVE", press(tea.KeyUp), "6. Community concerns",
			key('-'), "Press - again to remove"}},
		{"close meeting", chair, live, []any{"▶ meeting live", key('m'), "LIVE", key('x'), "Press x again to close the meeting"}},
		{"start on another day", chair, planned, []any{"Speeding", key('m'), "Spring", press(tea.KeyEnter), "PLANNED",
			key('s'), "press s again to start it today"}},
		{"promote line", officer, picture, []any{"Speeding", key('r'), "Parade walk-and-talk", press(tea.KeyEnter), "No lighting",
			press(tea.KeyEscape), press(tea.KeyHome), press(tea.KeyDown), key('p'), "Press p again to make line"}},
		{"refusal minutes", member, live, []any{"▶ meeting live", key('m'), "LIVE", key('w'), "Only the chair, vice-chair or secretary"}},
		{"refusal undo", sec, live, []any{"▶ meeting live", key('m'), "LIVE", key('U'), "There is no agenda change to undo"}},
	}
	for _, tc := range cases {
		for _, sz := range goldenSizes {
			t.Run(fmt.Sprintf("%s/%dx%d", tc.name, sz[0], sz[1]), func(t *testing.T) {
				st := realStore(t)
				who := tc.who
				if who.ID == 0 {
					u, err := st.AddUser(model.Operator, who)
					if err != nil {
						t.Fatal(err)
					}
					who = u
				}
				now := tc.seed(t, st)
				opts := Options{Store: st, User: &who, Fingerprint: "SHA256:golden", Now: now, Live: true}
				tm := startLoaded(t, opts, nil)
				for _, s := range tc.steps {
					switch s := s.(type) {
					case string:
						waitFor(t, tm, s)
					case tea.KeyPressMsg:
						tm.Send(s)
					}
				}
				resize(tm, sz)
				teatest.RequireEqualOutput(t, finalScreen(t, tm))
			})
		}
	}
}
