package store

import (
	"errors"
	"fmt"
	"testing"

	"wardpanel/model"
)

// A status change is one act whichever way it is made: the terminal's
// chooser (ChangeActionStatus with the version it showed) and the SSH
// command (SetActionStatus, from the current version) write the same
// entry, and a filter for it finds both.
func TestStatusChangeIsOneWritePath(t *testing.T) {
	e := newEnv(t)
	p := e.create(t, "Pat Police", model.Problem{Title: "Bikes stolen at the station"})
	a := e.raise(t, "Pat Police", model.Action{ProblemID: p.ID})
	pat := e.actor("Pat Police")

	moved, err := e.s.ChangeActionStatus(pat, StatusChange{ID: a.ID, Status: model.ActionInProgress, Version: a.Version})
	if err != nil || moved.Status != model.ActionInProgress || moved.Version != a.Version+1 {
		t.Fatalf("from the terminal: %+v, %v", moved, err)
	}
	// A chooser still showing the old version is refused, naming who moved it.
	var ce *model.ConflictError
	err = wroteNothing(t, e, func() error {
		_, err := e.s.ChangeActionStatus(e.actor("Chris Chair"), StatusChange{ID: a.ID, Status: model.ActionBlocked, Version: a.Version})
		return err
	})
	if !errors.As(err, &ce) || ce.By != "Pat Police" {
		t.Fatalf("a stale status change: %v", err)
	}
	if _, err := e.s.SetActionStatus(pat, a.ID, model.ActionDone, nil); err != nil {
		t.Fatalf("over SSH: %v", err)
	}
	got, err := e.s.AuditFind(pat.User, AuditQuery{Action: "action.status"})
	if err != nil || len(got) != 2 {
		t.Fatalf("audit --action action.status: %v, %v", summaries(got), err)
	}
	for _, en := range got {
		if en.Action != model.AuditActionStatus || en.Target != "action/1" {
			t.Errorf("entry %+v", en)
		}
	}
	if _, err := e.s.AuditFind(pat.User, AuditQuery{Action: "action.stat"}); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("a misspelt action: %v, want ErrInvalid", err)
	}
}

// Saving a form with nothing changed writes nothing: no version, no audit
// entry, no revision, nothing published, and the stored record comes back.
func TestSaveWithNoChangeWritesNothing(t *testing.T) {
	e := newEnv(t)
	pat := e.actor("Pat Police")
	p := e.create(t, "Pat Police", model.Problem{Title: "Bikes stolen at the station", Visibility: onlyAgencies("police")})
	a := e.raise(t, "Pat Police", model.Action{ProblemID: p.ID})
	saves := []struct {
		name string
		save func() (uint64, error)
	}{
		{"problem", func() (uint64, error) { got, err := e.s.UpdateProblem(pat, p); return got.Version, err }},
		{"action", func() (uint64, error) { got, err := e.s.UpdateAction(pat, a); return got.Version, err }},
		// A blank status and visibility mean "as it was", so this is no change either.
		{"action, blanks", func() (uint64, error) {
			b := a
			b.Status, b.Visibility = "", model.Visibility{}
			got, err := e.s.UpdateAction(pat, b)
			return got.Version, err
		}},
	}
	for _, s := range saves {
		sub := e.s.Subscribe()
		before, rev := auditCount(t, e.s), e.s.Revision()
		v, err := s.save()
		if err != nil || v != 1 {
			t.Errorf("%s: version %d, %v", s.name, v, err)
		}
		if auditCount(t, e.s) != before || e.s.Revision() != rev || !empty(sub) {
			t.Errorf("%s: an unchanged save left a trace", s.name)
		}
		sub.Close()
	}
	// One real change is still saved.
	p.Title = "Bikes stolen at the station car park"
	if got, err := e.s.UpdateProblem(pat, p); err != nil || got.Version != 2 {
		t.Fatalf("a real change: %+v, %v", got, err)
	}
}

// An action's history goes where the action goes: while its problem is
// narrower, its audit entries are withheld from those who no longer see
// it, but never from its owner agency.
func TestActionTrailFollowsItsProblem(t *testing.T) {
	e := newEnv(t)
	pat := e.actor("Pat Police")
	p := e.create(t, "Pat Police", model.Problem{Title: "Dealing in Elm Court"})
	a := e.raise(t, "Pat Police", model.Action{ProblemID: p.ID, Title: "Board up the empty flat", OwnerAgency: "housing"})
	seen := func(who string) bool {
		es, err := e.s.AuditFind(e.u[who], AuditQuery{Action: "action.create"})
		if err != nil {
			t.Fatal(err)
		}
		for _, en := range es {
			if en.Target == fmt.Sprintf("action/%d", a.ID) {
				return true
			}
		}
		return false
	}
	if !seen("Sam Secretary") || !seen("Hana Housing") {
		t.Fatal("the panel-wide action's trail is not read")
	}
	p.Visibility = onlyAgencies("police")
	if _, err := e.s.UpdateProblem(pat, p); err != nil {
		t.Fatal(err)
	}
	if seen("Sam Secretary") {
		t.Error("the secretary reads the trail of an action on a police-only problem")
	}
	if !seen("Hana Housing") || !seen("Pat Police") {
		t.Error("the owner agency or the police lost the action's trail")
	}
}
