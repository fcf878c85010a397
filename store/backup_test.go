package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"wardpanel/model"
)

// Backups taken while writers keep writing are each one committed state:
// they pass the check, open as stores, and hold at least what was written
// before the backup began.
func TestBackupWhileWriting(t *testing.T) {
	e := tasked(t)
	written, stop := e.busyWriters(t, 4, "Written during the backup")
	dir := t.TempDir()
	for i := range 5 {
		for written.Load() < int64(20*(i+1)) {
			time.Sleep(time.Millisecond)
		}
		before := int(written.Load()) + 2 // and tasked's two
		path := filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))
		if err := e.s.Backup(path); err != nil {
			t.Fatalf("backup %d: %v", i, err)
		}
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("backup %d: %v, mode %v", i, err, fi.Mode())
		}
		r, err := CheckFile(path)
		if err != nil || !r.OK() || r.Problems < before {
			t.Errorf("backup %d: %s %q, %v; want at least %d problems", i, r.Summary(), r.Faults, err, before)
		}
	}
	stop()
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

// Restoring is copying a backup into an empty data folder as wardpanel.db.
func TestBackupRestores(t *testing.T) {
	e := tasked(t)
	backup := filepath.Join(t.TempDir(), "wardpanel-backup.db")
	if err := e.s.Backup(backup); err != nil {
		t.Fatal(err)
	}
	// A change after the backup is not in it.
	e.create(t, "Pat Police", model.Problem{Title: "Raised after the backup"})

	restored := t.TempDir()
	copyFile(t, backup, filepath.Join(restored, FileName))
	s, err := Open(restored, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pat := e.u["Pat Police"]
	ps, err := s.Problems(pat, north)
	if err != nil || len(ps) != 2 || ps[1].Title != "Fly-tipping on Mill Lane" {
		t.Errorf("restored problems: %+v, %v", ps, err)
	}
	if u, err := s.UserByKey(pat.Keys[0].Fingerprint); err != nil || u.ID != pat.ID {
		t.Errorf("restored key index: %+v, %v", u, err)
	}
	outs, err := s.Outcomes(pat, 1)
	if err != nil || len(outs) != 2 {
		t.Errorf("restored outcomes: %+v, %v", outs, err)
	}
	if s.Revision() != e.s.Revision()-1 {
		t.Errorf("restored revision %d, live %d", s.Revision(), e.s.Revision())
	}
	if r := mustCheck(t, s); !r.OK() {
		t.Errorf("restored file: %q", r.Faults)
	}
	// The restored folder is a working store.
	if _, err := s.CreateProblem(model.Actor{User: pat, Fingerprint: "local"}, model.Problem{Ward: north, Title: "Raised after the restore"}); err != nil {
		t.Error(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestBackupRefusals(t *testing.T) {
	e := tasked(t)
	dir := t.TempDir()
	for name, path := range map[string]string{
		"the live file":  filepath.Join(e.dir, FileName),
		"a folder":       dir,
		"no such folder": filepath.Join(dir, "missing", "b.db"),
		"nothing":        "",
	} {
		if err := e.s.Backup(path); err == nil {
			t.Errorf("backup to %s succeeded", name)
		}
	}
	if r := mustCheck(t, e.s); !r.OK() {
		t.Errorf("live file after refusals: %q", r.Faults)
	}

	// An existing backup is replaced only by a whole, checked copy.
	path := filepath.Join(dir, "b.db")
	if err := os.WriteFile(path, []byte("an old backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := e.s.Backup(path); err != nil {
		t.Fatal(err)
	}
	if r, err := CheckFile(path); err != nil || !r.OK() {
		t.Errorf("replaced backup: %v %q", err, r.Faults)
	}

	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := e.s.Backup(filepath.Join(dir, "c.db")); !errors.Is(err, ErrClosed) {
		t.Errorf("backup of a closed store: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "c.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed backup left a file: %v", err)
	}
}
