package store

import (
	"bytes"
	"math"
	"testing"
)

// The import writes crimes with appendCrimeRecord; every other path reads
// and writes them with encode and decode. A byte of difference would make
// a re-import see every crime as changed.
func TestAppendCrimeRecordIsEncode(t *testing.T) {
	for _, r := range []crimeRecord{
		{},
		{Type: "Burglary", Import: 1},
		{Type: "Anti-social behaviour", Location: "On or near Mill Lane", Point: []float64{-1.512345, 52.412345}, Import: 7, Force: "Testshire Constabulary"},
		{Type: "Other theft", Outcome: "Under investigation", Context: "note", Import: math.MaxUint64},
		{Type: `Quote " and \ back`, Location: "<b>&amp;</b>", Outcome: "tab\there", Context: "é – ü \u2028 line", Force: "\x7f"},
		{Type: "Drugs", Point: []float64{0, -0}},
		{Type: "Drugs", Point: []float64{1e-7, -180}},
		{Type: "Drugs", Point: []float64{0.000001, 179.99999999999}},
		{Type: "Drugs", Point: []float64{}},
		{Type: "Drugs", Point: []float64{1.5}},
		{Type: "bad \xff utf-8"},
	} {
		want, err := encode(r)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendCrimeRecord([]byte("x"), r); !bytes.Equal(got[1:], want) || got[0] != 'x' {
			t.Errorf("%+v:\n got %q\nwant %q", r, got[1:], want)
		}
	}
}
