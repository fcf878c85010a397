package store

import (
	"fmt"
	"maps"
	"os"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
)

// Crime IDs that share their first 8 bytes (16 hex digits) keep their own
// states, as do IDs that are not police.uk's.
func TestIDStatesKeepEachID(t *testing.T) {
	s := newIDStates()
	a := parseCrimeKeyV(strings.Repeat("ab", 8) + strings.Repeat("0", 48))
	b := parseCrimeKeyV(strings.Repeat("ab", 8) + strings.Repeat("1", 48))
	c := parseCrimeKeyV(strings.Repeat("cd", 32))
	other := parseCrimeKeyV("MET-123")
	if a.kind != keyHex || b.kind != keyHex || other.kind != keyText {
		t.Fatalf("kinds %d %d %d", a.kind, b.kind, other.kind)
	}
	s.set(a, idNoLocation)
	s.set(b, idOutside)
	s.set(c, idKept)
	s.set(other, idKept)
	s.set(a, idKept) // placed by a later row
	for _, tc := range []struct {
		key  crimeKeyV
		want int8
	}{{a, idKept}, {b, idOutside}, {c, idKept}, {other, idKept}} {
		if got, ok := s.get(tc.key); !ok || got != tc.want {
			t.Errorf("%s: %d, %v; want %d", tc.key, got, ok, tc.want)
		}
	}
	if _, ok := s.get(parseCrimeKeyV(strings.Repeat("ab", 8) + strings.Repeat("2", 48))); ok {
		t.Error("an ID never set is found")
	}
	if got, want := s.count(), map[int8]int{idKept: 3, idOutside: 1}; !maps.Equal(got, want) {
		t.Errorf("count %v, want %v", got, want)
	}
}

// An import large enough to lengthen the file first (presize) leaves a
// file that passes its checks, holds what was imported when opened again,
// and stays under the store's cap.
func TestPresizedImportStaysWholeAndCapped(t *testing.T) {
	const rows, limit = 40_000, 16 << 20
	dir := t.TempDir()
	now := func() time.Time { return time.Date(2024, 8, 1, 0, 0, 0, 0, time.UTC) }
	s, err := Open(dir, Options{Now: now, MaxSize: limit})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddWard(model.Operator, model.Ward{Code: "E05000001", Name: "Northfield"}); err != nil {
		t.Fatal(err)
	}
	var lsoas []string
	for l := range 50 {
		lsoas = append(lsoas, fmt.Sprintf("E01%06d", 1+l)) // all of newCrimeGen's
	}
	if _, err := s.SetWardLSOAs(model.Operator, "E05000001", lsoas); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(s.Path())
	sum, err := s.ImportCrimes(model.Operator, "generated", newCrimeGen(rows))
	if err != nil || !sum.Complete || sum.Imported == 0 {
		t.Fatalf("%+v %v", sum, err)
	}
	if int64(sum.Imported)*presizeCrime < presizeMin {
		t.Fatalf("%d crimes do not lengthen the file first", sum.Imported)
	}
	after, _ := os.Stat(s.Path())
	if after.Size() < before.Size() || after.Size() > limit {
		t.Errorf("file %d bytes, then %d; cap %d", before.Size(), after.Size(), limit)
	}
	if r := mustCheck(t, s); !r.OK() {
		t.Errorf("faults: %q", r.Faults)
	}
	s.Close()
	s, err = Open(dir, Options{Now: now, MaxSize: limit, Check: CheckFull})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	again, err := s.ImportCrimes(model.Operator, "generated", newCrimeGen(rows))
	if err != nil || !again.NothingChanged || again.Imported != sum.Imported {
		t.Errorf("imported again: %+v %v; want nothing changed, %d crimes", again, err, sum.Imported)
	}
}
