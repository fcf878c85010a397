package model

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// samePlainRow checks what ReadPlainCrimeRow makes of line against the
// long way: a line it reads is one ParseCrimeLine reads, to the same
// fields and the same row digest. It reports whether the fast path read it.
func samePlainRow(t *testing.T, line string) bool {
	t.Helper()
	var r CrimeRow
	if !ReadPlainCrimeRow([]byte(line), &r) {
		return false
	}
	c, err := ParseCrimeLine(line)
	if err != nil {
		t.Fatalf("%q: read by the fast path, refused the long way: %v", line, err)
	}
	want := c.Row()
	for _, f := range []struct {
		name      string
		got, want []byte
	}{
		{"ID", r.ID, want.ID}, {"Reported by", r.ReportedBy, want.ReportedBy}, {"Falls within", r.FallsWithin, want.FallsWithin},
		{"Location", r.Location, want.Location}, {"LSOA", r.LSOA, want.LSOA}, {"LSOA name", r.LSOAName, want.LSOAName},
		{"Type", r.Type, want.Type}, {"Outcome", r.Outcome, want.Outcome}, {"Context", r.Context, want.Context},
	} {
		if !bytes.Equal(f.got, f.want) {
			t.Errorf("%q: %s %q, the long way %q", line, f.name, f.got, f.want)
		}
	}
	if r.Month != want.Month || r.HasPoint != want.HasPoint || r.Longitude != want.Longitude || r.Latitude != want.Latitude {
		t.Errorf("%q: %v %v %v,%v; the long way %v %v %v,%v", line, r.Month, r.HasPoint, r.Longitude, r.Latitude,
			want.Month, want.HasPoint, want.Longitude, want.Latitude)
	}
	if r.RowDigest() != c.RowDigest() {
		t.Errorf("%q: row digest differs from the long way's", line)
	}
	return true
}

const plainID = "f99e6988f8bf402ec006cf1a10c4ae03c81495b2cb0a8b7f6f8aadf9d2912674"

// Every line of the fixture files that the fast path reads, it reads as
// the long way does; and the rows police.uk writes, plain, it does read.
func TestPlainRowsReadAsTheLongWay(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(fixtures, "*.csv"))
	fast := 0
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if samePlainRow(t, strings.TrimSuffix(sc.Text(), "\r")) {
				fast++
			}
		}
		f.Close()
	}
	if fast < 20 {
		t.Errorf("the fast path read %d of the fixtures' rows", fast)
	}
	row := func(fields ...string) string { return strings.Join(fields, ",") }
	plain := []string{plainID, "2024-04", "Testshire Constabulary", "Testshire Constabulary", "-1.500100", "52.401800",
		"On or near Parking Area", "E01000001", "Testford 001A", "Vehicle crime", "Under investigation", ""}
	with := func(i int, v string) string {
		f := append([]string(nil), plain...)
		f[i] = v
		return row(f...)
	}
	for _, tc := range []struct {
		line string
		fast bool // the fast path reads it (else the long way must)
	}{
		{row(plain...), true},
		{with(0, ""), true}, // anti-social behaviour
		{with(6, `"On or near The Parade, North End"`), true}, // quoted, a comma inside
		{with(6, `""`), true},
		{with(11, `"quoted last"`), true},
		{with(0, " MET-123_a "), true},
		{with(1, " 2024-04 "), true},
		{with(2, "  Spaced Force  "), true},
		{with(6, strings.Repeat("x", 250)), true}, // cut to 200, as CleanLine does
		{with(6, strings.Repeat("x", 199)+"  y"), true},
		{with(9, strings.Repeat("t", 79)+" z"), true},
		{with(4, "-1.5"), true},
		{with(4, "0"), true},
		{row(append(append([]string{}, plain[:4]...), append([]string{"", ""}, plain[6:]...)...)...), true}, // no point
		{with(6, "On or near Caf\u00e9"), false},                                                            // not ASCII: CleanLine's
		{with(6, "a\tb"), false},                                                                            // a control byte
		{with(6, "a\x7fb"), false},
		{with(6, "a\x1b[31mb"), false},
		{with(6, `"say ""hi"""`), false}, // a doubled quote
		{with(6, `"open`), false},
		{with(6, `"x"y`), false},
		{with(6, `mid"quote`), true}, // a quote inside an unquoted field is text
		{with(1, "2024-13"), false},
		{with(1, "Month"), false},
		{with(0, "not/an/id"), false},
		{with(0, strings.Repeat("a", 129)), false},
		{with(4, ""), false}, // a longitude without a latitude
		{with(4, "181.0"), false},
		{with(5, "-90.0000001"), false},
		{with(4, "1e3"), false},
		{with(4, "-1.1234567890123456"), false}, // more decimals than exactCoord reads
		{with(7, "e01000001"), false},           // the long way writes it in capitals
		{with(7, "E0100001"), false},
		{with(9, "  "), false}, // no type
		{row(plain[:11]...), false},
		{row(append(plain, "x")...), false},
		{row(plain...) + ",", false},
		{"", false},
		{strings.Join(CrimeColumns, ","), false},
	} {
		if got := samePlainRow(t, tc.line); got != tc.fast {
			t.Errorf("%q: read by the fast path %v, want %v", tc.line, got, tc.fast)
		}
	}
}

// printableASCII is isPlain of one line, at every length and position of
// the byte that spoils it.
func TestPrintableASCIIIsIsPlain(t *testing.T) {
	for n := range 20 {
		for pos := range n {
			for _, c := range []byte{0, 0x1f, 0x20, 0x41, 0x7e, 0x7f, 0x80, 0xc3, 0xff} {
				b := bytes.Repeat([]byte{'a'}, n)
				b[pos] = c
				if got, want := printableASCII(b), isPlain(string(b), false); got != want {
					t.Errorf("%q: %v, isPlain %v", b, got, want)
				}
			}
		}
	}
}

// Whatever the line, the fast path either leaves it to the long way or
// reads it as the long way does.
func FuzzReadPlainCrimeRow(f *testing.F) {
	for _, s := range []string{
		plainID + ",2024-04,Testshire Constabulary,Testshire Constabulary,-1.500100,52.401800,On or near Parking Area,E01000001,Testford 001A,Vehicle crime,Under investigation,",
		",2024-04,F,F,-1.5,52.4,\"On or near A, B\",E01000001,T,Anti-social behaviour,,",
		",2024-04,F,F,,,No Location,,,Other theft,,\"c\"",
		" x ,2024-04 , F , F ,  -0.000001 , 0 ,  L  , E01000001 , N , T , O , C ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if strings.ContainsAny(line, "\r\n") {
			return // a line comes without its break
		}
		samePlainRow(t, line)
	})
}

// splitPlain cuts the lines it takes as SplitCSVLine does, and takes the
// twelve-field lines police.uk writes (moved from the store's own
// splitting, which the long way no longer has).
func TestSplitPlainIsSplitCSVLine(t *testing.T) {
	const tail = ",2024-06,Testshire,Testshire,-1.5,52.4,On or near X,E01000001,Testford 001,Burglary,,"
	for _, tc := range []struct {
		line string
		cut  bool
	}{
		{"abc" + tail, true},
		{`"abc"` + tail, true},
		{`""` + tail, true},
		{`"a,b"` + tail, true},
		{`"a""b"` + tail, false},
		{`"abc"x` + tail, false},
		{`"abc` + tail, false},
		{`ab"c` + tail, true},
		{` "abc"` + tail, true},
		{"abc" + tail + ",extra", false},
		{"abc" + tail + `,"extra"`, false},
		{"abc,2024-06", false},
		{"abc" + tail[:len(tail)-1], false},
		{`abc,2024-06,a,b,c,d,e,f,g,h,i,"j"`, true},
		{`abc,2024-06,a,b,c,d,e,f,g,h,i,"j`, false},
		{`abc,2024-06,a,b,c,d,e,f,g,h,i,"j",`, false},
		{",,,,,,,,,,,", true},
		{",,,,,,,,,,,,", false},
		{"", false},
		{`"`, false},
	} {
		var at [12][2]int
		if got := splitPlain([]byte(tc.line), &at); got != tc.cut {
			t.Errorf("%q: cut %v, want %v", tc.line, got, tc.cut)
			continue
		}
		want, err := SplitCSVLine(tc.line)
		if !tc.cut {
			continue // the long way's, errors and all
		}
		got := make([]string, len(at))
		for i, b := range at {
			got[i] = tc.line[b[0]:b[1]]
		}
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%q:\n got %q\nwant %q, %v", tc.line, got, want, err)
		}
	}
}
