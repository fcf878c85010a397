package store

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"wardpanel/model"
)

func TestRevokeKeyLeavesTheOtherKeysAndTheIndexInStep(t *testing.T) {
	e := newEnv(t)
	pat := e.u["Pat Police"]
	second := testKey(40, "laptop")
	if _, err := e.s.AddKey(model.Operator, pat.ID, second); err != nil {
		t.Fatal(err)
	}
	first := pat.Keys[0].Fingerprint
	sub := e.s.Subscribe()
	defer sub.Close()
	before := auditCount(t, e.s)

	u, err := e.s.RevokeKey(e.actor("Ada Admin"), pat.ID, first)
	if err != nil {
		t.Fatal(err)
	}
	if u.HasKey(first) || !u.HasKey(second.Fingerprint) || len(u.Keys) != 1 {
		t.Errorf("keys after revoking the first: %+v", u.Keys)
	}
	if _, ok := recv(t, sub); !ok {
		t.Fatal("no revision published for the revoke")
	}
	if got := auditCount(t, e.s) - before; got != 1 {
		t.Errorf("%d audit entries for one revoke", got)
	}
	_, err = e.s.UserByKey(first)
	wantIs(t, err, model.ErrNotEnrolled)
	if got, err := e.s.UserByKey(second.Fingerprint); err != nil || got.ID != pat.ID {
		t.Errorf("the second key: %v, %v", got.Name, err)
	}
	entries, err := e.s.Audit(e.u["Ada Admin"], 1)
	if err != nil || len(entries) != 1 || entries[0].Action != "user.key.revoke" || !strings.Contains(entries[0].Summary, first) {
		t.Errorf("audit = %+v, %v", entries, err)
	}

	// The last key may go too: a stolen key must be stoppable at once.
	if u, err = e.s.RevokeKey(model.Operator, pat.ID, second.Fingerprint); err != nil || len(u.Keys) != 0 {
		t.Fatalf("revoking the last key: %+v, %v", u.Keys, err)
	}
	// And the freed key can be enrolled again, for anyone.
	if _, err := e.s.AddKey(model.Operator, e.u["Hana Housing"].ID, second); err != nil {
		t.Errorf("re-enrolling a revoked key: %v", err)
	}
	if r := mustCheck(t, e.s); !r.OK() {
		t.Errorf("check after revokes: %v", r.Faults)
	}
}

func TestRevokeKeyRefusals(t *testing.T) {
	e := newEnv(t)
	pat, hana := e.u["Pat Police"], e.u["Hana Housing"]
	tests := []struct {
		name   string
		by     model.Actor
		user   model.ID
		fp     string
		target error
	}{
		{"not an admin", e.actor("Chris Chair"), pat.ID, pat.Keys[0].Fingerprint, model.ErrForbidden},
		{"someone else's key", model.Operator, pat.ID, hana.Keys[0].Fingerprint, model.ErrNotFound},
		{"no such key", model.Operator, pat.ID, "SHA256:nothing", model.ErrNotFound},
		{"a blank fingerprint", model.Operator, pat.ID, " ", model.ErrNotFound},
		{"no such user", model.Operator, 999, pat.Keys[0].Fingerprint, model.ErrNotFound},
	}
	before := auditCount(t, e.s)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.s.RevokeKey(tt.by, tt.user, tt.fp)
			wantIs(t, err, tt.target)
		})
	}
	if got := auditCount(t, e.s); got != before {
		t.Errorf("refused revokes wrote %d audit entries", got-before)
	}
	for _, u := range []model.User{pat, hana} {
		if got, err := e.s.UserByKey(u.Keys[0].Fingerprint); err != nil || got.ID != u.ID {
			t.Errorf("%s's key after the refusals: %v", u.Name, err)
		}
	}
}

func TestDisableAndEnableUser(t *testing.T) {
	e := newEnv(t)
	hana := e.u["Hana Housing"]
	admin := e.actor("Ada Admin")
	sub := e.s.Subscribe()
	defer sub.Close()
	before := auditCount(t, e.s)

	u, err := e.s.DisableUser(admin, hana.ID)
	if err != nil || !u.Disabled || u.Version != hana.Version+1 {
		t.Fatalf("DisableUser = %+v, %v", u, err)
	}
	if _, ok := recv(t, sub); !ok {
		t.Fatal("no revision published for the disable")
	}
	// The key still finds the user, who is told why they cannot connect.
	got, err := e.s.UserByKey(hana.Keys[0].Fingerprint)
	if err != nil || !got.Disabled {
		t.Fatalf("UserByKey of a disabled user = %+v, %v", got, err)
	}
	if err := got.CanConnect(hana.Keys[0].Fingerprint); !errors.Is(err, model.ErrDisabled) || !errors.Is(err, model.ErrForbidden) {
		t.Errorf("CanConnect = %v", err)
	}
	_, err = e.s.DisableUser(admin, hana.ID)
	wantIs(t, err, model.ErrInvalid)

	u, err = e.s.EnableUser(model.Operator, hana.ID)
	if err != nil || u.Disabled {
		t.Fatalf("EnableUser = %+v, %v", u, err)
	}
	if err := u.CanConnect(hana.Keys[0].Fingerprint); err != nil {
		t.Errorf("CanConnect after enabling = %v", err)
	}
	_, err = e.s.EnableUser(model.Operator, hana.ID)
	wantIs(t, err, model.ErrInvalid)

	if got := auditCount(t, e.s) - before; got != 2 {
		t.Errorf("%d audit entries for a disable and an enable", got)
	}
	entries, err := e.s.Audit(e.u["Ada Admin"], 2)
	if err != nil || len(entries) != 2 || entries[0].Action != "user.enable" || entries[1].Action != "user.disable" {
		t.Errorf("audit = %+v, %v", entries, err)
	}
	if r := mustCheck(t, e.s); !r.OK() {
		t.Errorf("check: %v", r.Faults)
	}
}

func TestDisableRefusals(t *testing.T) {
	e := newEnv(t)
	ada, pat := e.u["Ada Admin"], e.u["Pat Police"]
	_, err := e.s.DisableUser(e.actor("Chris Chair"), pat.ID)
	wantIs(t, err, model.ErrForbidden)
	_, err = e.s.DisableUser(e.actor("Ada Admin"), ada.ID)
	wantIs(t, err, model.ErrInvalid)
	_, err = e.s.DisableUser(model.Operator, 999)
	wantIs(t, err, model.ErrNotFound)

	// An admin's session carries the user as it was when it began: once
	// disabled, that copy no longer manages anyone.
	second, err := e.s.AddUser(model.Operator, model.User{Name: "Bea Backup", Agency: "council", Role: model.RoleAdmin,
		Wards: []string{north}, Keys: []model.Key{testKey(41, "")}})
	if err != nil {
		t.Fatal(err)
	}
	stale := e.actor("Ada Admin")
	if _, err := e.s.DisableUser(model.Actor{User: second, Fingerprint: second.Keys[0].Fingerprint}, ada.ID); err != nil {
		t.Fatal(err)
	}
	_, err = e.s.DisableUser(stale, pat.ID)
	wantIs(t, err, model.ErrDisabled)
	_, err = e.s.RevokeKey(stale, pat.ID, pat.Keys[0].Fingerprint)
	wantIs(t, err, model.ErrDisabled)
	if got, _ := e.s.User(pat.ID); got.Disabled || len(got.Keys) != 1 {
		t.Errorf("a disabled admin's stale session changed %s: %+v", pat.Name, got)
	}
}

func TestDisabledIsOptionalInTheEncoding(t *testing.T) {
	// Records written before the field existed have no "disabled": they
	// decode as enabled, and enabled users are written without it.
	var u model.User
	if err := json.Unmarshal([]byte(`{"id":1,"name":"Old","role":"member"}`), &u); err != nil || u.Disabled {
		t.Fatalf("old record: %+v, %v", u, err)
	}
	b, err := json.Marshal(model.User{ID: 1, Name: "New"})
	if err != nil || strings.Contains(string(b), "disabled") {
		t.Errorf("an enabled user encodes as %s", b)
	}
}
