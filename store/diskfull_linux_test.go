package store

import (
	"errors"
	"os"
	"syscall"
	"testing"

	"wardpanel/model"
)

// TestDiskFull fills a real, small filesystem: a 2 MiB tmpfs. It mounts,
// so it needs root and runs only when asked: WARDPANEL_TMPFS=1.
func TestDiskFull(t *testing.T) {
	if os.Getenv("WARDPANEL_TMPFS") != "1" {
		t.Skip("mounts a tmpfs as root; set WARDPANEL_TMPFS=1 to run")
	}
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=2m,mode=0700"); err != nil {
		t.Skipf("cannot mount a tmpfs: %v", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	op := model.Operator
	if _, err := s.AddWard(op, model.Ward{Code: north, Name: "Northgate"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutAgency(op, model.Agency{Code: "police"}); err != nil {
		t.Fatal(err)
	}
	u, err := s.AddUser(op, model.User{Name: "Pat Police", Agency: "police", Role: model.RoleOfficer, Wards: []string{north}})
	if err != nil {
		t.Fatal(err)
	}
	pat := model.Actor{User: u, Fingerprint: "local"}

	var n int
	for n = 0; n < 2000; n++ {
		_, err = s.CreateProblem(pat, bulky(n))
		if err != nil {
			break
		}
	}
	if !errors.Is(err, ErrFull) || !errors.Is(err, syscall.ENOSPC) || err.Error() != ErrFull.Error() {
		t.Fatalf("after %d writes: %v; want ErrFull from ENOSPC", n, err)
	}
	t.Logf("the disk filled after %d writes", n)
	rev := s.Revision()
	if _, err := s.CreateProblem(pat, bulky(n)); !errors.Is(err, ErrFull) || s.Revision() != rev {
		t.Errorf("second write on a full disk: %v, revision %d -> %d", err, rev, s.Revision())
	}
	ps, err := s.Problems(u, north)
	if err != nil || len(ps) != n {
		t.Errorf("reads on a full disk: %d problems, %v; want %d", len(ps), err, n)
	}
	if r := mustCheck(t, s); !r.OK() {
		t.Errorf("faults on a full disk: %q", r.Faults)
	}

	// Making room on the disk is enough: no restart.
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT, "size=8m"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateProblem(pat, bulky(n)); err != nil {
		t.Fatalf("after making room: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r := mustCheck(t, s); !r.OK() || r.Problems != n+1 {
		t.Errorf("after reopening: %s %q", r.Summary(), r.Faults)
	}
}
