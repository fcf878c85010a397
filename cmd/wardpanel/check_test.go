package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
	"wardpanel/store"
)

// checkFixture is newFixture's folder plus a problem (1) with an action on
// it (3, after the two officers' 1 and 2), and an outcome.
func checkFixture(t *testing.T) *fixture {
	t.Helper()
	fx := newFixture(t, t.TempDir(), 2)
	st, err := store.Open(fx.dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	by := model.Actor{User: fx.officers[0].user, Fingerprint: "local"}
	p, err := st.CreateProblem(by, model.Problem{Ward: fixtureWard, Title: "Bikes stolen at the station"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.CreateAction(by, model.Action{Ward: fixtureWard, ProblemID: p.ID, Title: "Mark the bikes", OwnerAgency: "police",
		Due: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil || a.ID != 3 {
		t.Fatalf("action %d, %v", a.ID, err)
	}
	if _, err := st.AddOutcome(by, a.ID, model.Outcome{Text: "Forty bikes marked"}); err != nil {
		t.Fatal(err)
	}
	return fx
}

// currentSchema is the schema this wardpanel writes: a brand-new file's.
func currentSchema(t *testing.T) int {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	v, err := st.SchemaVersion()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func be(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }

// damage changes the closed data file with raw bbolt.
func damage(t *testing.T, dir string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestCheckCommand(t *testing.T) {
	fx := checkFixture(t)
	out, errOut, code := wp("check", "--data", fx.dir)
	want := fmt.Sprintf("ok: 1 ward, 2 agencies, 2 users, 1 problem, 3 actions, 1 outcome, 0 evidence entries, 0 meetings, "+
		"audit entries 1–10 (revision 10, schema %d)\n", currentSchema(t))
	if code != 0 || out != want || errOut != "" {
		t.Errorf("check of a clean file: exit %d\nstdout %q\nwant   %q\nstderr %q", code, out, want, errOut)
	}

	// The same through the running server's control socket.
	startServe(t, fx.dir, false)
	out, errOut, code = wp("check", "--data", fx.dir)
	if code != 0 || out != want || errOut != "" {
		t.Errorf("check with the server running: exit %d, %q, %q", code, out, errOut)
	}
	if _, errOut, code := wp("check", "--data", fx.dir, "--verbose"); code != 2 || !strings.Contains(errOut, `unknown flag "--verbose"`) {
		t.Errorf("check --verbose: exit %d, %q", code, errOut)
	}
}

func TestCheckCommandFindsDamage(t *testing.T) {
	tests := []struct {
		name   string
		damage func(tx *bolt.Tx) error
		want   string // a line of the report
	}{{
		name: "dangling index entry",
		damage: func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("actions_by_ward")).Put(append([]byte(fixtureWard+"\x00"), be(77)...), []byte{})
		},
		want: "actions_by_ward: lists action 77 under ward E05000001, but there is no action 77",
	}, {
		name: "action whose problem is missing",
		damage: func(tx *bolt.Tx) error {
			if err := tx.Bucket([]byte("problems_by_ward")).Delete(append([]byte(fixtureWard+"\x00"), be(1)...)); err != nil {
				return err
			}
			if err := tx.Bucket([]byte("plans")).Delete(be(1)); err != nil {
				return err
			}
			return tx.Bucket([]byte("problems")).Delete(be(1))
		},
		want: "action 3: its problem 1 does not exist",
	}, {
		name: "plan whose problem is missing",
		damage: func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("plans")).Put(be(9), []byte("\x01"+`{"problem_id": 9, "ward": "`+fixtureWard+
				`", "history": [{"to": "scanning", "at": "2026-01-05T10:00:00Z"}], "version": 1}`))
		},
		want: "plan of problem 9: its problem 9 does not exist",
	}, {
		name:   "audit gap",
		damage: func(tx *bolt.Tx) error { return tx.Bucket([]byte("audit")).Delete(be(4)) },
		want:   "audit: entry 4 is missing (the trail goes from 3 to 5)",
	}, {
		name: "undecodable record",
		damage: func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("actions")).Put(be(2), []byte("\x01{\"id\": 2, \"ward"))
		},
		want: "action 2: the record does not decode: unexpected end of JSON input",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := checkFixture(t)
			damage(t, fx.dir, tt.damage)
			out, errOut, code := wp("check", "--data", fx.dir)
			file := filepath.Join(fx.dir, store.FileName)
			if code != 1 || !strings.Contains("\n"+out, "\n"+tt.want+"\n") {
				t.Errorf("exit %d, report:\n%s\nwant exit 1 and the line %q", code, out, tt.want)
			}
			if errOut != "wardpanel check: 1 fault found in "+file+"\n" {
				t.Errorf("stderr %q", errOut)
			}
		})
	}
}

func TestCheckCommandOnFilesThatDoNotOpen(t *testing.T) {
	// Written by a newer wardpanel: Open refuses it, check still reads it.
	fx := checkFixture(t)
	damage(t, fx.dir, func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Put([]byte("schema"), be(99)) })
	out, errOut, code := wp("check", "--data", fx.dir)
	if code != 1 || out != fmt.Sprintf("meta: the file is at schema 99; this version of wardpanel reads and writes schema %d\n", currentSchema(t)) ||
		!strings.Contains(errOut, "newer version of wardpanel") || strings.Count(errOut, "\n") != 2 {
		t.Errorf("schema 99: exit %d\nstdout %q\nstderr %q", code, out, errOut)
	}

	// Not a bbolt file at all.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, store.FileName), []byte(strings.Repeat("not a database ", 1000)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = wp("check", "--data", dir)
	if code != 1 || !strings.Contains(errOut, "damaged or not a wardpanel file") {
		t.Errorf("garbage: exit %d, %q", code, errOut)
	}

	// No file: nothing is created.
	dir = filepath.Join(t.TempDir(), "nowhere")
	_, errOut, code = wp("check", "--data", dir)
	if code != 1 || !strings.Contains(errOut, "no data file at") {
		t.Errorf("no file: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("check made the folder: %v", err)
	}
}
