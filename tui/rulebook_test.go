package tui

import (
	"testing"

	"charm.land/bubbles/v2/key"

	"wardpanel/model"
)

// offers says whether a screen's full help holds b.
func offers(c component, b key.Binding) bool {
	for _, g := range c.FullHelp() {
		for _, k := range g {
			if k.Enabled() && k.Help() == b.Help() {
				return true
			}
		}
	}
	return false
}

// Each screen offers a key to each role exactly when the store lets that
// role do it: the screens ask model's rule book, the store checks the same,
// and this test asks the store itself.
func TestKeysOfferedAreTheStoresAnswer(t *testing.T) {
	for _, u := range []model.User{officer, member, chair, council, watcher} {
		t.Run(string(u.Role)+" "+u.Name, func(t *testing.T) {
			st := realStore(t)
			hs := newHarness(t, Options{Store: st, User: &u, Fingerprint: "SHA256:rules", Now: fixedNow}, 100, 30)
			by := model.Actor{User: u, Fingerprint: "SHA256:rules"}
			k := hs.app.c.keys
			checks := []struct {
				what   string
				screen component
				key    key.Binding
				store  func() error
			}{
				{"a problem on the board", hs.app.board(), k.New, func() error {
					_, err := st.CreateProblem(by, model.Problem{Ward: wardA, Title: "Litter on Elm", Category: "other", Stage: model.StageScanning, Visibility: model.Panel})
					return err
				}},
				{"a problem from the crime picture", hs.app.crimes(), k.Crimes.Problem, nil},
				{"a meeting", hs.app.meetings(), k.NewMeeting, func() error {
					_, err := st.CreateMeeting(by, model.Meeting{Ward: wardA, Title: "June panel", When: fixedNow().AddDate(0, 0, 7)})
					return err
				}},
			}
			var problemErr error
			for _, c := range checks {
				if c.store == nil {
					continue
				}
				err := c.store()
				if c.what == "a problem on the board" {
					problemErr = err
				}
				if offers(c.screen, c.key) != (err == nil) {
					t.Errorf("%s: offered %v, the store says %v", c.what, offers(c.screen, c.key), err)
				}
			}
			// The crime picture's problem key follows the same rule as the
			// board's (shown on a place, so asked of the screen's rule).
			hs.app.crimes().ward = wardA
			if hs.app.crimes().canCreate() != (problemErr == nil) {
				t.Errorf("crime picture: offers a problem %v, the store says %v", hs.app.crimes().canCreate(), problemErr)
			}
			if raises(u) != (model.CheckCreateAction(u, model.Action{Ward: wardA, OwnerAgency: u.Agency, Visibility: model.Panel}, nil) == nil) {
				t.Errorf("raising an action in a meeting: offered %v, the model's check disagrees", raises(u))
			}
		})
	}
}
