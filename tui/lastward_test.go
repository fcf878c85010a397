package tui

import (
	"strings"
	"testing"

	"wardpanel/model"
	"wardpanel/store"
)

// A user of two wards lands on the one they last used: moving to the
// other with w is kept in the store (with its audit entry), and their
// next session starts there; a user of one ward writes nothing.
func TestAUserOfTwoWardsLandsOnTheLastUsed(t *testing.T) {
	st := realStore(t)
	both, err := st.AddUser(model.Operator, model.User{Name: "Wyn Twoward", Agency: "council", Role: model.RoleOfficer,
		Wards: []string{wardA, wardB}})
	if err != nil {
		t.Fatal(err)
	}
	connect := func() *harness {
		u, err := st.User(both.ID) // as the SSH layer finds them, afresh
		if err != nil {
			t.Fatal(err)
		}
		return newHarness(t, Options{Store: st, User: &u, Fingerprint: "SHA256:wyn", Now: fixedNow}, 100, 30)
	}
	steps := []struct {
		switches int    // w presses in this session
		starts   string // the ward the session starts on
		kept     string // the store's last ward after it
	}{
		{0, wardA, ""},    // never moved: the first ward, nothing written
		{1, wardA, wardB}, // moved to the second
		{0, wardB, wardB}, // lands there
		{1, wardB, wardA}, // and back
		{2, wardA, wardA}, // there and back again: the last one counts
		{0, wardA, wardA},
	}
	for i, s := range steps {
		hs := connect()
		if got := hs.app.c.ward.Code; got != s.starts {
			t.Fatalf("session %d starts on %s, want %s", i, got, s.starts)
		}
		if !strings.Contains(hs.text(), map[string]string{wardA: "Northfield", wardB: "Southmere"}[s.starts]) {
			t.Fatalf("session %d: the header does not name the ward:\n%s", i, hs.text())
		}
		for range s.switches {
			hs.keys("w")
		}
		u, err := st.User(both.ID)
		if err != nil {
			t.Fatal(err)
		}
		if u.LastWard != s.kept {
			t.Fatalf("after session %d the store keeps %q, want %q", i, u.LastWard, s.kept)
		}
	}
	trail, err := st.AuditFind(model.Operator.User, store.AuditQuery{Who: "Wyn"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range trail {
		if strings.Contains(e.Summary, "last ward") {
			n++
		}
	}
	if n != 4 {
		t.Errorf("%d audit entries for the last ward, want 4 (one per move)", n)
	}

	// A user of one ward: w does nothing, and nothing is written.
	one, err := st.AddUser(model.Operator, model.User{Name: "Una Oneward", Agency: "council", Role: model.RoleOfficer, Wards: []string{wardB}})
	if err != nil {
		t.Fatal(err)
	}
	hs := newHarness(t, Options{Store: st, User: &one, Fingerprint: "SHA256:una", Now: fixedNow}, 100, 30)
	hs.keys("w")
	if u, err := st.User(one.ID); err != nil || u.LastWard != "" || u.Version != one.Version || hs.app.c.ward.Code != wardB {
		t.Fatalf("one ward's user: %+v, %v", u, err)
	}
}
