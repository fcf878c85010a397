package store

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// The demo file of schema 11, with assignees typed as people typed them
// before the pickers: each is matched to the user it means, or left as
// typed and listed by Check, and the actions keep their versions.
func TestMigrateAssigneesFromSchema11(t *testing.T) {
	dir := copyFixture(t, v11Fixture)
	path := filepath.Join(dir, FileName)
	typed := []struct{ typed, want string }{
		{"PRIYA SHAH", "Priya Shah"}, // full name, any case
		{"Pri", "Priya Shah"},        // the start of the one housing name
		{"dana", "PC Dana Reid"},     // a word of the one police name
		{"Bob the Builder", ""},      // nobody: listed by check
		{"", ""},                     // anyone in the agency
	}
	owners := []string{"housing", "housing", "police", "council", "youth"}
	var ids []model.ID
	var versions []uint64
	func() {
		db, err := bolt.Open(path, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		err = db.Update(func(tx *bolt.Tx) error {
			if v, err := readSchema(tx.Bucket(bucketMeta)); err != nil || v != 11 {
				t.Fatalf("fixture schema %d, %v; want 11", v, err)
			}
			var all []model.Action
			if err := tx.Bucket(bucketActions).ForEach(func(_, v []byte) error {
				var a model.Action
				if err := decode(v, &a); err != nil {
					return err
				}
				all = append(all, a)
				return nil
			}); err != nil {
				return err
			}
			for i, tc := range typed {
				idx := slices.IndexFunc(all, func(a model.Action) bool {
					return a.OwnerAgency == owners[i] && !slices.Contains(ids, a.ID)
				})
				if idx < 0 {
					t.Fatalf("the fixture has no more %s actions", owners[i])
				}
				a := all[idx]
				a.Assignee = tc.typed
				ids, versions = append(ids, a.ID), append(versions, a.Version)
				if err := put(tx.Bucket(bucketActions), u64(uint64(a.ID)), a); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}()

	s := openAt(t, dir, newClock())
	if v, err := s.SchemaVersion(); err != nil || v != currentSchema {
		t.Fatalf("SchemaVersion() = %d, %v; want %d", v, err, currentSchema)
	}
	for i, tc := range typed {
		var a model.Action
		if err := s.db.View(func(tx *bolt.Tx) error {
			_, err := get(tx.Bucket(bucketActions), u64(uint64(ids[i])), &a)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		want := tc.want
		if want == "" {
			want = tc.typed
		}
		if a.Assignee != want || a.Version != versions[i] {
			t.Errorf("typed %q: assignee %q version %d after the migration; want %q version %d", tc.typed, a.Assignee, a.Version, want, versions[i])
		}
	}
	r := mustCheck(t, s)
	if !r.OK() {
		t.Errorf("Check after the migration: %s", strings.Join(r.Faults, "\n"))
	}
	if len(r.Unmatched) != 1 || !strings.Contains(r.Unmatched[0], `assignee "Bob the Builder" is not an enrolled user`) {
		t.Errorf("Check lists %q; want the one unmatched assignee, Bob the Builder", r.Unmatched)
	}
}
