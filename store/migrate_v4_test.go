package store

import (
	"reflect"
	"testing"

	"wardpanel/model"
)

// v4Fixture is a schema 4 file as the last release before invites really
// wrote it: made by `wardpanel serve --demo` at commit 357f1d8 in an empty
// data folder, stopped after four seconds, and its wardpanel.db copied
// here. It holds the demo's Riverside ward (E05999999): 10 users without
// keys, 20 problems, 19 actions, 8 outcomes, 5 evidence entries, 2
// meetings and audit entries 1–123, at revision 123.
const v4Fixture = "testdata/schema-v4.db"

func TestMigrateFromSchemaV4(t *testing.T) {
	const fixtureRev = 123
	clk := newClock()
	s, dir := openDemoFixture(t, v4Fixture, 4, assertSchemaV4, clk, fixtureRev,
		"1 ward, 5 agencies, 10 users, 20 problems, 19 actions, 8 outcomes, 5 evidence entries, 2 meetings")

	// Old data, through the API.
	user := func(name string) model.User { t.Helper(); return userNamed(t, s, name) }
	alex, dana, ruth, admin := user("Alex Morgan"), user("PC Dana Reid"), user("Ruth Adeyemi"), user("Demo Admin")
	if alex.Role != model.RoleChair || ruth.Role != model.RoleMember || dana.Agency != "police" || admin.Role != model.RoleAdmin ||
		!reflect.DeepEqual(alex.Wards, []string{v3Ward}) {
		t.Errorf("users after migration: %+v, %+v, %+v, %+v", alex, dana, ruth, admin)
	}
	if ms, err := s.Meetings(ruth, v3Ward); err != nil || len(ms) != 2 {
		t.Errorf("Ruth's meetings: %d, %v; want 2", len(ms), err)
	}
	if as, err := s.Actions(dana, v3Ward); err != nil || len(as) == 0 {
		t.Errorf("Dana's actions: %d, %v", len(as), err)
	}
	if invs, err := s.Invites(model.Operator); err != nil || len(invs) != 0 {
		t.Errorf("invites right after the migration: %+v, %v; want none", invs, err)
	}

	// The new bucket works: the demo admin invites someone, who redeems
	// it; the first writes since the fixture's.
	adminActor := model.Actor{User: admin, Fingerprint: "local"}
	inv, code, err := s.CreateInvite(adminActor, model.Invite{Name: "Nia Newcomer", Agency: "housing", Role: model.RoleOfficer, Wards: []string{v3Ward}}, 0)
	if err != nil || inv.ID != 1 {
		t.Fatalf("CreateInvite after migration: %+v, %v", inv, err)
	}
	key := testKey(42, "nia@laptop")
	nia, err := s.RedeemInvite(code, key)
	if err != nil || nia.ID != 11 || nia.Name != "Nia Newcomer" || !nia.HasKey(key.Fingerprint) {
		t.Fatalf("RedeemInvite after migration: %+v, %v", nia, err)
	}
	if s.Revision() != fixtureRev+2 {
		t.Errorf("revision %d after two writes, want %d", s.Revision(), fixtureRev+2)
	}
	trail, err := s.Audit(admin, 2)
	if err != nil || len(trail) != 2 || trail[0].Seq != fixtureRev+2 || trail[0].Action != "invite.redeem" || trail[1].Action != "invite.create" {
		t.Errorf("the audit trail did not continue: %+v, %v", trail, err)
	}

	// Reopening finds nothing left to do, and the invite used.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openAt(t, dir, clk)
	if v, err := s.SchemaVersion(); err != nil || v != currentSchema {
		t.Errorf("after reopen: schema %d, %v", v, err)
	}
	invs, err := s.Invites(model.Operator)
	if err != nil || len(invs) != 1 || invs[0].UserID != nia.ID || invs[0].UsedBy != key.Fingerprint {
		t.Errorf("after reopen: invites %+v, %v", invs, err)
	}
	if u, err := s.UserByKey(key.Fingerprint); err != nil || u.ID != nia.ID {
		t.Errorf("after reopen: the key is %+v, %v", u, err)
	}
	if r := mustCheck(t, s); !r.OK() || r.Users != 11 {
		t.Errorf("after reopen: %s %q", r.Summary(), r.Faults)
	}
}

// assertSchemaV4 checks the fixture is what it claims: meetings' buckets,
// none of schema 5's.
func assertSchemaV4(t *testing.T, path string) {
	t.Helper()
	assertFixture(t, path, 4, [][]byte{bucketMeetings, bucketMeetingsByWard, bucketPriorities}, [][]byte{bucketInvites})
}

// A schema 4 file that somehow has an invites bucket is not what it says,
// and the migration must not adopt codes it did not make.
func TestMigrateV5RefusesStrayBucket(t *testing.T) {
	refusesStrayBucket(t, v4Fixture, 4, bucketInvites, make([]byte, 32), `schema 4 file already has a "invites" bucket`)
}
