package actionforms

import (
	"slices"
	"testing"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/store/storetest"
	"wardpanel/tui/ui/uitest"
)

// The bbolt store answers what the forms write.
var _ Store = (*store.Store)(nil)

// storedAction is a real store holding one of the officer's actions,
// moved to status from, and the officer as enrolled.
func storedAction(t *testing.T, from model.ActionStatus) (*store.Store, model.User, model.Action) {
	t.Helper()
	st := storetest.Open(t, storetest.NewClock(now).Now)
	fx := storetest.Fixture{T: t, St: st}
	fx.Ward(ward, "Riverside")
	fx.Agencies(storetest.Codes("police", "council")...)
	u := fx.User("Asha Patel", "police", model.RoleOfficer, ward)
	by := model.Actor{User: u}
	a, err := st.CreateAction(by, model.Action{Ward: ward, Title: "Fit gates", OwnerAgency: "police",
		Due: model.DateOnly(now).AddDate(0, 0, 7), Visibility: model.Panel})
	fx.Must(err)
	if from != a.Status {
		a, err = st.ChangeActionStatus(by, store.StatusChange{ID: a.ID, Status: from, Version: a.Version})
		fx.Must(err)
	}
	return st, u, a
}

// Each status the chooser offers is one the store takes, and each it
// does not offer is one the store refuses: asked of the store itself,
// with the version the chooser shows.
func TestStatusChoicesAreTheStoresAnswer(t *testing.T) {
	for _, from := range model.ActionStatuses {
		for _, to := range model.ActionStatuses {
			t.Run(string(from)+"→"+string(to), func(t *testing.T) {
				st, u, a := storedAction(t, from)
				s := Status(uitest.NewSession(u, now), st, testLinks(new([]done)), a)
				uitest.New(t, s, 80, 20)
				opts, _ := s.Choices()
				_, err := st.ChangeActionStatus(model.Actor{User: u}, store.StatusChange{ID: a.ID, Status: to, Version: a.Version})
				if offered := slices.Contains(opts, to); offered != (err == nil) {
					t.Fatalf("offered %v, the store says %v", offered, err)
				}
			})
		}
	}
}

// What the forms save reaches the store as typed, through the router's
// one message.
func TestFormsSaveToTheStore(t *testing.T) {
	st, u, a := storedAction(t, model.ActionInProgress)
	var out []done
	s := Status(uitest.NewSession(u, now), st, testLinks(&out), a)
	uitest.New(t, s, 80, 20).Keys("down", "down", "enter") // open, blocked, done
	if got, _ := st.Action(u, a.ID); got.Status != model.ActionDone || got.Version != a.Version+1 {
		t.Fatalf("stored %s v%d", got.Status, got.Version)
	}
	told(t, out, "Action A1 is now done", a.ID)

	out = nil
	got, _ := st.Action(u, a.ID)
	f := Action(uitest.NewSession(u, now), st, testLinks(&out), Start{A: got})
	uitest.New(t, f, 80, 30).Keys("ctrl+u", "Fit both gates", "ctrl+s")
	if got, _ := st.Action(u, a.ID); got.Title != "Fit both gates" || got.Status != model.ActionDone {
		t.Fatalf("stored %q %s", got.Title, got.Status)
	}
	told(t, out, "Saved action A1 Fit both gates", a.ID)

	out = nil
	o := Outcome(uitest.NewSession(u, now), st, testLinks(&out), got)
	uitest.New(t, o, 80, 30).Keys("Both gates fitted and locked.", "ctrl+s")
	if os, _ := st.Outcomes(u, a.ID); len(os) != 1 || os[0].Text != "Both gates fitted and locked." || os[0].By != u.Name {
		t.Fatalf("outcomes %+v", os)
	}
	told(t, out, "Logged an outcome (other) on action A1", a.ID)
}
