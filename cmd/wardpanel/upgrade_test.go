package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"wardpanel/store"
)

// TestUpgradeAndRollBack is the README's upgrade story with data files
// written by earlier releases: the server opens an older file, copies it
// aside under its schema's name and migrates it; check is then clean;
// a file a newer release has upgraded is refused with the schema needed.
func TestUpgradeAndRollBack(t *testing.T) {
	for _, from := range []int{4, 7} { // 7: the previous release's serve --demo
		t.Run(fmt.Sprintf("schema %d", from), func(t *testing.T) {
			dir := t.TempDir()
			raw, err := os.ReadFile(fmt.Sprintf("../../store/testdata/schema-v%d.db", from))
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, store.FileName)
			if err := os.WriteFile(file, raw, 0o600); err != nil {
				t.Fatal(err)
			}
			_, log, stop := startServeWith(t, serveConfig{dir: dir})
			out, errOut, code := wp("check", "--data", dir)
			if code != 0 || !strings.HasPrefix(out, "ok: ") || !strings.Contains(out, fmt.Sprintf("schema %d)", store.CurrentSchema)) {
				t.Errorf("check after the upgrade: exit %d\n%s%s", code, out, errOut)
			}
			stop()
			copies, _ := filepath.Glob(filepath.Join(dir, fmt.Sprintf("wardpanel-schema%d-*.db", from)))
			migrated := from < store.CurrentSchema
			if migrated != (len(copies) == 1) || migrated != strings.Contains(log.String(), fmt.Sprintf("from_schema=%d", from)) {
				t.Errorf("from schema %d to %d: copies %v; log:\n%s", from, store.CurrentSchema, copies, log)
			}

			// A newer release has upgraded the file: this one refuses it, untouched.
			setSchema(t, file, store.CurrentSchema+1)
			_, errOut, code = wp("serve", "--data", dir, "--addr", "127.0.0.1:0")
			want := fmt.Sprintf("shows schema %d or later", store.CurrentSchema+1)
			if code != 1 || !strings.Contains(errOut, want) || strings.Count(errOut, "\n") != 1 {
				t.Errorf("serve on a newer file: exit %d, %q; want 1 and one line with %q", code, errOut, want)
			}
		})
	}
}

func setSchema(t *testing.T, file string, v int) {
	t.Helper()
	db, err := bolt.Open(file, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), binary.BigEndian.AppendUint64(nil, uint64(v)))
	}); err != nil {
		t.Fatal(err)
	}
}
