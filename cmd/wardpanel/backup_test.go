package main

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"wardpanel/store"
)

func TestBackupCommand(t *testing.T) {
	fx := newFixture(t, t.TempDir(), 2)
	out := filepath.Join(t.TempDir(), "local.db")
	stdout, errOut, code := wp("backup", out, "--data", fx.dir)
	if code != 0 || !strings.HasPrefix(stdout, "backed up to "+out+" (") || !strings.HasSuffix(stdout, "the copy passed check\n") {
		t.Errorf("backup: exit %d, %q, %q", code, stdout, errOut)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v %v", fi.Mode(), err)
	}

	// With the server running and people working, through its control socket.
	addr, _, _ := startServeWith(t, serveConfig{dir: fx.dir})
	c, err := dialSSH(addr, fx.officers[0].signer, nil, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	working := make(chan error, 1)
	go func() {
		for i := range 20 {
			if _, errOut, err := sshRun(c, fmt.Sprintf("action done %d --outcome \"round %d\"", fx.actions[0], i)); err != nil {
				working <- fmt.Errorf("%v: %s", err, errOut)
				return
			}
			if _, errOut, err := sshRun(c, fmt.Sprintf("action status %d open", fx.actions[0])); err != nil {
				working <- fmt.Errorf("%v: %s", err, errOut)
				return
			}
		}
		working <- nil
	}()
	hot := filepath.Join(t.TempDir(), "hot.db")
	for range 3 {
		if stdout, errOut, code := wp("backup", hot, "--data", fx.dir); code != 0 || !strings.Contains(stdout, "passed check") {
			t.Fatalf("backup with the server running: exit %d, %q, %q", code, stdout, errOut)
		}
	}
	if err := <-working; err != nil {
		t.Errorf("a user's write during the backups: %v", err)
	}
	if _, errOut, code := wp("backup", "--data", fx.dir); code != 2 || !strings.Contains(errOut, "name the file") {
		t.Errorf("backup without a file: exit %d, %q", code, errOut)
	}
	nowhere := filepath.Join(t.TempDir(), "typo")
	if _, errOut, code := wp("backup", filepath.Join(t.TempDir(), "x.db"), "--data", nowhere); code != 1 || errOut != "wardpanel backup: no data file at "+filepath.Join(nowhere, store.FileName)+"\n" {
		t.Errorf("backup of a folder with no data: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(nowhere); !os.IsNotExist(err) {
		t.Errorf("backup made the data folder: %v", err)
	}

	// Restore: the copy, as wardpanel.db in a fresh folder, is the data.
	restored := t.TempDir()
	copyInto(t, hot, filepath.Join(restored, store.FileName))
	if stdout, errOut, code := wp("check", "--data", restored); code != 0 || !strings.HasPrefix(stdout, "ok: 1 ward, 2 agencies, 2 users") {
		t.Errorf("check of the restored folder: exit %d, %q, %q", code, stdout, errOut)
	}
	if stdout, _, _ := wp("user", "list", "--data", restored); !strings.Contains(stdout, "Officer 2") {
		t.Errorf("restored users:\n%s", stdout)
	}
	addr, _, _ = startServeWith(t, serveConfig{dir: restored})
	rc, err := dialSSH(addr, fx.officers[1].signer, nil, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if stdout, errOut, err := sshRun(rc, fmt.Sprintf("action done %d --outcome \"after the restore\"", fx.actions[1])); err != nil {
		t.Errorf("a write on the restored server: %v %q %q", err, stdout, errOut)
	}
}

func copyInto(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestBackupPathIsMadeAbsolute(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"backup", "backups/today.db"}
	if err := resolveBackupPath(args); err != nil || args[1] != filepath.Join(wd, "backups/today.db") {
		t.Errorf("resolved %q, %v", args, err)
	}
	args = []string{"user", "add", "--name", "relative"}
	if err := resolveBackupPath(args); err != nil || args[3] != "relative" {
		t.Errorf("another command's arguments changed: %q", args)
	}
}

func TestScheduledBackupsArePruned(t *testing.T) {
	fx := newFixture(t, t.TempDir(), 1)
	st, err := store.Open(fx.dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dir := filepath.Join(fx.dir, backupFolder)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// The operator's own files there are left alone.
	for _, name := range []string{"notes.txt", "wardpanel-before-upgrade.db"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("keep"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var log syncBuffer
	logger := slog.New(slog.NewTextHandler(&log, nil))
	start := time.Date(2026, 3, 14, 23, 30, 0, 0, time.UTC)
	for i := range 5 {
		scheduledBackup(st, dir, start.Add(time.Duration(i)*time.Hour), 3, logger)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"notes.txt", "wardpanel-20260315-013000.db", "wardpanel-20260315-023000.db", "wardpanel-20260315-033000.db", "wardpanel-before-upgrade.db"}
	if !slices.Equal(names, want) {
		t.Errorf("backups folder:\n got  %q\n want %q", names, want)
	}
	if n := strings.Count(log.String(), "msg=backup "); n != 5 {
		t.Errorf("%d backups logged:\n%s", n, log.String())
	}

	// A backup that fails is logged, and that is all.
	scheduledBackup(st, filepath.Join(dir, "missing"), start, 3, logger)
	if !strings.Contains(log.String(), `msg="backup failed"`) {
		t.Errorf("the failure was not logged:\n%s", log.String())
	}
}

func TestServeBacksUpOnSchedule(t *testing.T) {
	fx := newFixture(t, t.TempDir(), 1)
	stale := filepath.Join(fx.dir, backupFolder, ".wardpanel-20260101-000000.db.123.tmp")
	if err := os.MkdirAll(filepath.Dir(stale), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stale, []byte("half a copy"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, log, stop := startServeWith(t, serveConfig{dir: fx.dir, backupEvery: 50 * time.Millisecond, backupKeep: 2})
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(log.String(), "msg=backup ") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	backups, _ := filepath.Glob(filepath.Join(fx.dir, backupFolder, "wardpanel-*.db"))
	if len(backups) == 0 || len(backups) > 2 {
		t.Fatalf("backups %q; log:\n%s", backups, log.String())
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("a stale temporary copy survived the start: %v", err)
	}
	r, err := store.CheckFile(backups[0])
	if err != nil || !r.OK() || r.Users != 1 {
		t.Errorf("scheduled backup: %s %q %v", r.Summary(), r.Faults, err)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{
		"0": 0, "1048576": 1 << 20, "512K": 512 << 10, "64M": 64 << 20, "64MB": 64 << 20, "2GiB": 2 << 30, "1t": 1 << 40, " 3 G ": 3 << 30,
	} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "lots", "1.5G", "9999999999T"} {
		if _, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q) accepted", in)
		}
	}
}
