package store

import (
	"maps"
	"strings"
	"testing"
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
