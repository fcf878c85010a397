package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// damagedProblems is a closed file of 200 problems with the root page
// of its problems tree overwritten at its start by what over returns for
// the page size.
func damagedProblems(t *testing.T, over func(pageSize int) []byte) (e *env, root uint64) {
	t.Helper()
	e = tasked(t)
	for i := range 200 {
		e.create(t, "Pat Police", model.Problem{Title: fmt.Sprintf("Problem number %d", i), Description: "Reported at the meeting."})
	}
	pageSize := e.s.db.Info().PageSize
	if err := e.s.db.View(func(tx *bolt.Tx) error {
		root = uint64(tx.Bucket(bucketProblems).Root())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}
	if root == 0 {
		t.Fatal("the problems bucket is inline; the test needs it on its own page")
	}
	f, err := os.OpenFile(filepath.Join(e.dir, FileName), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(over(pageSize), int64(root)*int64(pageSize)); err != nil {
		t.Fatal(err)
	}
	return e, root
}

// zeroedProblems has the page zeroed, as `dd if=/dev/zero` would.
func zeroedProblems(t *testing.T) *env {
	t.Helper()
	e, _ := damagedProblems(t, func(pageSize int) []byte { return make([]byte, pageSize) })
	return e
}

// bbolt panics on the zeroed page; the store answers ErrDamaged, tells
// the operator, and refuses writes from then on, while what is intact
// can still be read.
func TestDamageIsAnError(t *testing.T) {
	e := zeroedProblems(t)
	var heard []error
	s, err := Open(e.dir, Options{Now: e.clock.Now, OnDamaged: func(err error) { heard = append(heard, err) }})
	if err != nil {
		t.Fatalf("the fast check does not read the problems tree, so Open succeeds: %v", err)
	}
	_, err = s.Problems(e.u["Pat Police"], north)
	wantIs(t, err, ErrDamaged)
	if len(heard) != 1 || !strings.Contains(heard[0].Error(), "Page expected to be") {
		t.Errorf("the operator heard %v", heard)
	}
	_, err = s.CreateProblem(e.actor("Pat Police"), model.Problem{Ward: north, Title: "Graffiti"})
	wantIs(t, err, ErrDamaged)
	if !strings.Contains(err.Error(), "nothing was saved") {
		t.Errorf("a refused write says %q", err)
	}
	// Writes are refused even where the pages are whole.
	_, err = s.AddWard(model.Operator, model.Ward{Code: "E05000099", Name: "Elsewhere"})
	wantIs(t, err, ErrDamaged)
	if ws, err := s.Wards(); err != nil || len(ws) != 2 {
		t.Errorf("reading the wards beside the damage: %d, %v", len(ws), err)
	}
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close of a damaged store did not return")
	}

	_, err = Open(e.dir, Options{Check: CheckFull})
	wantIs(t, err, ErrDamaged)
}

// A panic of wardpanel's own code is a bug, not damage: it goes on up.
func TestBugsAreNotDamage(t *testing.T) {
	e := newEnv(t)
	defer func() {
		if p := recover(); p != "a bug" {
			t.Errorf("recovered %v", p)
		}
		if e.s.damaged.Load() {
			t.Error("a bug marked the file damaged")
		}
	}()
	_ = e.s.read("test", func(*bolt.Tx) error { panic("a bug") })
}

// bbolt would panic opening a cut-off file for writing (it reads the free
// list) or fault reading past its end: Open says it is damaged instead.
func TestOpenRefusesACutOffFile(t *testing.T) {
	e := zeroedProblems(t)
	path := filepath.Join(e.dir, FileName)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int64{info.Size() / 2, 3 * 4096, 100} {
		if err := os.Truncate(path, size); err != nil {
			t.Fatal(err)
		}
		_, err := Open(e.dir, Options{})
		if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrCorrupt) {
			t.Errorf("cut to %d bytes: Open says %v", size, err)
		}
		r, err := CheckFile(path)
		if err != nil || r.OK() {
			t.Errorf("cut to %d bytes: CheckFile %v, %q", size, err, r.Faults)
		}
	}
}
