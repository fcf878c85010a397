package store

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// v7Fixture is the data folder the release at schema 7 wrote with serve
// --demo: Riverside (E05999999) and a year of its crime, 549 crimes
// imported as one file.
const v7Fixture = "testdata/schema-v7.db"

// TestMigrateFromSchemaV7 opens the previous release's file: the e-mail
// index is added empty and checked both ways; every user, record and audit
// entry stays; an admin then gives a user an address, which is unique,
// survives a reopen, and leaves with the user when they are erased.
func TestMigrateFromSchemaV7(t *testing.T) {
	dir := copyFixture(t, v7Fixture)
	path := filepath.Join(dir, FileName)
	before, err := CheckFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := missingAfter(7); !reflect.DeepEqual(before.Faults, want) {
		t.Fatalf("CheckFile before the migration:\n  %s\nwant\n  %s", strings.Join(before.Faults, "\n  "), strings.Join(want, "\n  "))
	}
	s := openAt(t, dir, newClock())
	if v, err := s.SchemaVersion(); err != nil || v != currentSchema {
		t.Fatalf("SchemaVersion() = %d, %v; want %d", v, err, currentSchema)
	}
	r, err := s.Check()
	if err != nil || !r.OK() {
		t.Fatalf("Check after the migration: %v %v", r.Faults, err)
	}
	before.Faults, before.Schema = nil, currentSchema
	if r.Summary() != before.Summary() {
		t.Errorf("after the migration %q; before it %q", r.Summary(), before.Summary())
	}
	rev := s.Revision()

	dana, err := s.UserByName("PC Dana Reid")
	if err != nil || dana.Email != "" {
		t.Fatalf("Dana after the migration: %+v, %v", dana, err)
	}
	addr := "Dana.Reid@Example.org"
	got, err := s.EditUser(model.Operator, dana.ID, UserChange{Email: &addr})
	if err != nil || got.Email != "dana.reid@example.org" || got.Role != dana.Role || !reflect.DeepEqual(got.Keys, dana.Keys) {
		t.Fatalf("EditUser e-mail: %+v, %v", got, err)
	}
	if s.Revision() != rev+1 {
		t.Errorf("revision %d, want %d", s.Revision(), rev+1)
	}
	priya, _ := s.UserByName("Priya Shah")
	if _, err := s.EditUser(model.Operator, priya.ID, UserChange{Email: &addr}); !errors.Is(err, model.ErrDuplicate) {
		t.Errorf("a second user with Dana's address: %v, want ErrDuplicate", err)
	}
	bad := "dana at example"
	if _, err := s.EditUser(model.Operator, priya.ID, UserChange{Email: &bad}); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("a malformed address: %v, want ErrInvalid", err)
	}
	trail, err := s.Audit(model.User{Role: model.RoleAdmin}, 1)
	if err != nil || len(trail) != 1 || trail[0].Action != "user.edit" || strings.Contains(trail[0].Summary, "example.org") {
		t.Errorf("audit of the e-mail change: %+v, %v; want user.edit without the address", trail, err)
	}

	s.Close()
	s = openAt(t, dir, newClock())
	if u, err := s.UserByName("PC Dana Reid"); err != nil || u.Email != "dana.reid@example.org" {
		t.Errorf("after reopening: %+v, %v", u, err)
	}
	if _, err := s.PersonErase(model.Operator, "PC Dana Reid"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EditUser(model.Operator, priya.ID, UserChange{Email: &addr}); err != nil {
		t.Errorf("the erased user's address is not free again: %v", err)
	}
	if r, err := s.Check(); err != nil || !r.OK() {
		t.Errorf("Check at the end: %v %v", r.Faults, err)
	}
	s.Close()

	// Damage is found both ways: an index entry with no such address, and
	// an address the index does not list.
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketUserEmails).Put([]byte("ghost@example.org"), u64(uint64(priya.ID)))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	r, err = CheckFile(path)
	if err != nil || r.OK() || !strings.Contains(strings.Join(r.Faults, "\n"), "user_emails: an address names user") {
		t.Errorf("a stray index entry: %v %v", r.Faults, err)
	}
}
