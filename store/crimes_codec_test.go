package store

import (
	"math"
	"slices"
	"testing"
)

// A block gives back exactly the crimes written into it: every kind of
// key, text that repeats and text that does not, points at the edges and
// none, and import numbers of every size.
func TestCrimeBlockRoundTrip(t *testing.T) {
	hexID := "4a1f0c9e2b7d3a5f6e8c1d0b9a2f4e6d8c0b1a3f5e7d9c2b4a6f8e0d1c3b5a7f"
	block := []blockCrime{
		{key: parseCrimeKeyV(hexID), rec: crimeRecord{Type: "Burglary", Location: "On or near Mill Lane", HasPoint: true,
			Longitude: -1.512345, Latitude: 52.412345, Outcome: "Under investigation", Import: 1}},
		{key: parseCrimeKeyV("~0123456789abcdef01234567.1"), rec: crimeRecord{Type: "Anti-social behaviour",
			Location: "On or near Mill Lane", HasPoint: true, Longitude: 0, Latitude: math.Copysign(0, -1), Import: math.MaxUint64}},
		{key: parseCrimeKeyV("~0123456789abcdef01234567.12"), rec: crimeRecord{Type: "Anti-social behaviour", Import: 300}},
		{key: parseCrimeKeyV("ABC-123_x"), rec: crimeRecord{Type: `Quote " and \ back`, Location: "é – ü", Outcome: "tab\there",
			Context: "a note", HasPoint: true, Longitude: 1e-7, Latitude: -90, Import: 7}},
		{key: parseCrimeKeyV("4A1F"), rec: crimeRecord{Type: "Drugs", Location: "", Import: 1 << 40}},
	}
	for _, c := range block {
		if got := c.key.String(); parseCrimeKeyV(got) != c.key || !c.key.valid() {
			t.Errorf("key %q does not read back as itself, or is not valid", got)
		}
	}
	if k := parseCrimeKeyV(hexID); k.kind != keyHex || k.String() != hexID {
		t.Errorf("a police.uk Crime ID is kept as %+v", k)
	}
	raw := appendBlock(nil, block)
	got, err := decodeCrimeBlock(raw, nil)
	if err != nil || !slices.Equal(got, block) {
		t.Fatalf("%v:\n got %+v\nwant %+v", err, got, block)
	}
	// Every cut of the block, and a byte too many, is refused.
	for n := range raw {
		if _, err := decodeCrimeBlock(raw[:n], nil); err == nil {
			t.Errorf("the block cut at %d of %d bytes decodes", n, len(raw))
		}
	}
	if _, err := decodeCrimeBlock(append(raw, 0), nil); err == nil {
		t.Error("a block with a byte after it decodes")
	}
}

// Keys that are not what they claim are kept as text, which Check refuses
// unless it is a Crime ID.
func TestCrimeKeysThatAreNotWhatTheySeem(t *testing.T) {
	// Each key, and whether it is a Crime ID all the same.
	for key, valid := range map[string]bool{
		"~0123456789abcdef01234567.0":  false, // rows are numbered from 1
		"~0123456789abcdef01234567.01": false,
		"~0123456789ABCDEF01234567.1":  false,
		"~zz.1":                        false,
		"4A1F0C9E2B7D3A5F6E8C1D0B9A2F4E6D8C0B1A3F5E7D9C2B4A6F8E0D1C3B5A7F": true, // upper case: kept as typed
		"abc": true,
		"":    false,
	} {
		k := parseCrimeKeyV(key)
		if k.kind != keyText || k.valid() != valid || k.String() != key {
			t.Errorf("%q: kind %d, valid %v; want text, valid %v", key, k.kind, k.valid(), valid)
		}
	}
}
