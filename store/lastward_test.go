package store

import (
	"errors"
	"testing"

	"wardpanel/model"
)

// The last ward is the user's own setting: kept for a ward of theirs,
// refused for another, and choosing it again writes nothing.
func TestSetLastWard(t *testing.T) {
	e := newEnv(t)
	u, err := e.s.AddUser(model.Operator, model.User{Name: "Wyn Twoward", Agency: "council", Role: model.RoleOfficer,
		Wards: []string{north, south}, Keys: []model.Key{testKey(40, "Wyn Twoward")}})
	if err != nil {
		t.Fatal(err)
	}
	by := model.Actor{User: u, Fingerprint: u.Keys[0].Fingerprint}
	got, err := e.s.SetLastWard(by, south)
	if err != nil || got.LastWard != south || got.StartWard() != south {
		t.Fatalf("SetLastWard: %+v, %v", got, err)
	}
	if stored, _ := e.s.User(u.ID); stored.LastWard != south || len(stored.Keys) != 1 || stored.Role != model.RoleOfficer {
		t.Fatalf("stored: %+v", stored)
	}
	before, rev := auditCount(t, e.s), e.s.Revision()
	if _, err := e.s.SetLastWard(by, south); err != nil {
		t.Fatalf("the same ward again: %v", err)
	}
	if auditCount(t, e.s) != before || e.s.Revision() != rev {
		t.Error("choosing the kept ward again wrote")
	}
	if _, err := e.s.SetLastWard(e.actor("Pat Police"), south); !errors.Is(err, model.ErrForbidden) {
		t.Fatalf("a ward not theirs: %v", err)
	}
	if _, err := e.s.SetLastWard(by, "nonsense"); !errors.Is(err, model.ErrInvalid) {
		t.Fatalf("no ward code: %v", err)
	}
}
