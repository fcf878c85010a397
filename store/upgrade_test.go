package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// upgrades records what Open reports to its Observer.
type upgrades struct {
	mu    sync.Mutex
	calls []string
}

func (u *upgrades) Wrote(time.Duration, error)            {}
func (u *upgrades) BackedUp(string, time.Duration, error) {}
func (u *upgrades) Upgrading(from, to int, backup string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.calls = append(u.calls, fmt.Sprintf("%d->%d %s", from, to, filepath.Base(backup)))
}

// fileState is a closed data file's schema and revision, read with raw bbolt.
func fileState(t *testing.T, path string) (schema int, rev uint64) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if schema, err = readSchema(meta); err != nil {
			t.Fatal(err)
		}
		rev, err = readRevision(tx)
		return err
	})
	return schema, rev
}

// TestUpgradeCopiesTheFileFirst opens files written by earlier releases
// (the schema-7 file is the previous release's serve --demo): each older
// than this build is copied aside, under a name with its schema, before
// it is migrated; the copy is the file as it was, and the migrated file
// passes check. A current file is opened without a copy.
func TestUpgradeCopiesTheFileFirst(t *testing.T) {
	at := time.Date(2026, 12, 4, 15, 40, 0, 0, time.UTC)
	for _, from := range []int{1, 2, 3, 4, 7, 11} {
		t.Run(fmt.Sprintf("schema %d", from), func(t *testing.T) {
			dir := copyFixture(t, fmt.Sprintf("testdata/schema-v%d.db", from))
			file := filepath.Join(dir, FileName)
			schema, rev := fileState(t, file)
			if schema != from {
				t.Fatalf("fixture at schema %d, want %d", schema, from)
			}
			seen := &upgrades{}
			s, err := Open(dir, Options{Now: func() time.Time { return at }, Observer: seen})
			if err != nil {
				t.Fatal(err)
			}
			if r := mustCheck(t, s); !r.OK() {
				t.Errorf("check after opening: %s\n%s", r.Summary(), strings.Join(r.Faults, "\n"))
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}

			name := UpgradeCopyName(from, at)
			if name != fmt.Sprintf("wardpanel-schema%d-20261204-154000.db", from) {
				t.Errorf("copy named %s", name)
			}
			copies, _ := filepath.Glob(filepath.Join(dir, "wardpanel-schema*"))
			if from == currentSchema {
				if len(copies) != 0 || len(seen.calls) != 0 {
					t.Errorf("a current file was copied: %v, %v", copies, seen.calls)
				}
				return
			}
			if len(copies) != 1 || filepath.Base(copies[0]) != name {
				t.Fatalf("copies beside the file: %v, want %s", copies, name)
			}
			if fi, err := os.Stat(copies[0]); err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("copy: %v, %v; want mode 0600", fi, err)
			}
			if gotSchema, gotRev := fileState(t, copies[0]); gotSchema != from || gotRev != rev {
				t.Errorf("copy at schema %d revision %d, want the file as it was: schema %d revision %d", gotSchema, gotRev, from, rev)
			}
			if gotSchema, _ := fileState(t, file); gotSchema != currentSchema {
				t.Errorf("file at schema %d after opening, want %d", gotSchema, currentSchema)
			}
			want := fmt.Sprintf("%d->%d %s", from, currentSchema, name)
			if len(seen.calls) != 1 || seen.calls[0] != want {
				t.Errorf("observer heard %v, want [%s]", seen.calls, want)
			}

			// Opening again migrates nothing and copies nothing.
			s, err = Open(dir, Options{Observer: seen})
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			if again, _ := filepath.Glob(filepath.Join(dir, "wardpanel-schema*")); len(again) != 1 || len(seen.calls) != 1 {
				t.Errorf("second open: copies %v, observer %v", again, seen.calls)
			}
		})
	}
}

// TestNewerSchemaRefusedWithWhatOpensIt: a file a later release has
// upgraded is refused, untouched, with the schema a wardpanel must read
// to open it and the copy to restore to go back to this release.
func TestNewerSchemaRefusedWithWhatOpensIt(t *testing.T) {
	dir := t.TempDir()
	s := openAt(t, dir, newClock())
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, FileName)
	for _, tc := range []struct {
		name string
		copy bool
	}{{"no copy beside it", false}, {"the copy the upgrade made", true}} {
		t.Run(tc.name, func(t *testing.T) {
			var back string
			if tc.copy {
				// What the later release did before migrating this build's file.
				back = filepath.Join(dir, UpgradeCopyName(currentSchema, time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC)))
				raw, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(back, raw, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			setRaw(t, file, bucketMeta, metaSchema, u64(currentSchema+2))
			_, err := Open(dir, Options{})
			wantIs(t, err, ErrSchemaTooNew)
			msg := err.Error()
			for _, want := range []string{
				fmt.Sprintf("at schema %d", currentSchema+2),
				fmt.Sprintf("reads schemas up to %d", currentSchema),
				fmt.Sprintf("shows schema %d or later", currentSchema+2),
			} {
				if !strings.Contains(msg, want) {
					t.Errorf("refusal %q lacks %q", msg, want)
				}
			}
			if tc.copy != strings.Contains(msg, "restore "+back) {
				t.Errorf("refusal %q: names the copy %s: %v, want %v", msg, back, !tc.copy, tc.copy)
			}
			if v, _ := fileState(t, file); v != currentSchema+2 {
				t.Errorf("schema rewritten to %d", v)
			}
			if copies, _ := filepath.Glob(filepath.Join(dir, "wardpanel-schema*")); len(copies) != map[bool]int{false: 0, true: 1}[tc.copy] {
				t.Errorf("refusing made a copy: %v", copies)
			}
			setRaw(t, file, bucketMeta, metaSchema, u64(currentSchema))
		})
	}
}
