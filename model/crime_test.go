package model

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

const fixtures = "../store/testdata/crimes"

func TestMonthParsesStepsAndPrints(t *testing.T) {
	m, err := ParseMonth(" 2024-03 ")
	if err != nil {
		t.Fatal(err)
	}
	if m.Year() != 2024 || m.Mon() != time.March || m.String() != "2024-03" || m.Label() != "Mar 2024" {
		t.Errorf("got %d %v %q %q", m.Year(), m.Mon(), m, m.Label())
	}
	if got := m.Add(-3).String(); got != "2023-12" {
		t.Errorf("three months before 2024-03 is %s", got)
	}
	if got := m.Add(10).String(); got != "2025-01" {
		t.Errorf("ten months after 2024-03 is %s", got)
	}
	if !m.Start().Equal(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("start %v", m.Start())
	}
	if MonthOfTime(time.Date(2024, 3, 31, 23, 0, 0, 0, time.UTC)) != m {
		t.Error("MonthOfTime")
	}
	for _, bad := range []string{"", "2024-3", "2024-13", "2024-00", "24-03", "2024/03", "1899-12", "3000-01", "2024-03-01", "２０２４-03"} {
		if _, err := ParseMonth(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseMonth(%q) = %v, want ErrInvalid", bad, err)
		}
	}
	b, _ := m.MarshalText()
	var back Month
	if err := back.UnmarshalText(b); err != nil || back != m {
		t.Errorf("text round trip: %v %v", back, err)
	}
}

func TestLSOACodes(t *testing.T) {
	for in, want := range map[string]string{"E01000001": "E01000001", " w01001234 ": "W01001234"} {
		if got, err := ParseLSOACode(in); err != nil || got != want {
			t.Errorf("ParseLSOACode(%q) = %q, %v", in, got, err)
		}
	}
	// Ward codes (E05), output areas (E00), Scottish data zones and the like are not LSOAs.
	for _, bad := range []string{"", "E0100001", "E010000012", "E05000001", "E00000001", "S01000001", "E01-00001", "E01 000001"} {
		if _, err := ParseLSOACode(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseLSOACode(%q) = %v, want ErrInvalid", bad, err)
		}
	}
	got, err := ParseLSOACodes("E01000003, e01000001,E01000003 E01000002")
	if err != nil || !slices.Equal(got, []string{"E01000001", "E01000002", "E01000003"}) {
		t.Errorf("ParseLSOACodes: %v %v", got, err)
	}
	if _, err := ParseLSOACodes("E01000001,E05000001"); err == nil {
		t.Error("a ward code among LSOAs was accepted")
	}
}

func TestSplitCSVLine(t *testing.T) {
	tests := []struct {
		line string
		want []string
		ok   bool
	}{
		{`a,b,c`, []string{"a", "b", "c"}, true},
		{`a,,`, []string{"a", "", ""}, true},
		{``, []string{""}, true},
		{`"a,b",c`, []string{"a,b", "c"}, true},
		{`"say ""hi""",x`, []string{`say "hi"`, "x"}, true},
		{`"",""`, []string{"", ""}, true},
		{"a,b\r\n", []string{"a", "b"}, true},
		{`a"b,c`, []string{`a"b`, "c"}, true}, // a bare quote in an unquoted field is text
		{`"a,b`, nil, false},                  // never closed
		{`"a"b,c`, nil, false},                // text after the closing quote
	}
	for _, tt := range tests {
		got, err := SplitCSVLine(tt.line)
		if (err == nil) != tt.ok || !slices.Equal(got, tt.want) {
			t.Errorf("SplitCSVLine(%q) = %q, %v", tt.line, got, err)
		}
	}
}

// readFixture splits a fixture with encoding/csv, the reference reader.
func readFixture(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(fixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// Every row of the well-formed fixtures parses, and SplitCSVLine reads
// each line as encoding/csv does.
func TestFixtureRowsParse(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(fixtures, "2024-*.csv"))
	if err != nil || len(files) < 6 {
		t.Fatalf("fixtures: %v %v", files, err)
	}
	for _, path := range files {
		name := filepath.Base(path)
		recs := readFixture(t, name)
		if !IsCrimeHeader(recs[0]) {
			t.Errorf("%s: header not recognised: %q", name, recs[0])
		}
		raw, _ := os.ReadFile(path)
		lines := strings.Split(strings.TrimRight(string(raw), "\r\n"), "\n")
		if len(lines) != len(recs) {
			t.Fatalf("%s: %d lines, %d records", name, len(lines), len(recs))
		}
		for i, rec := range recs[1:] {
			split, err := SplitCSVLine(lines[i+1])
			if err != nil || !slices.Equal(split, rec) {
				t.Errorf("%s line %d: SplitCSVLine %q, %v; encoding/csv %q", name, i+2, split, err, rec)
			}
			if _, err := ParseCrimeRecord(rec); err != nil {
				t.Errorf("%s line %d: %v", name, i+2, err)
			}
		}
	}
}

// Each trait of real police.uk rows, as the fixtures carry it.
func TestCrimeRowTraits(t *testing.T) {
	jan := readFixture(t, "2024-01-testshire-street.csv")

	asb, err := ParseCrimeRecord(jan[1])
	if err != nil || asb.ID != "" || asb.Type != "Anti-social behaviour" || !asb.Located() || !asb.HasPoint {
		t.Errorf("ASB with a blank Crime ID: %+v %v", asb, err)
	}
	twin, _ := ParseCrimeRecord(jan[2])
	if asb.RowHash() != twin.RowHash() {
		t.Error("identical ASB rows hash differently")
	}

	quoted, err := ParseCrimeRecord(jan[4]) // every field quoted
	if err != nil || quoted.Location != "On or near Station Road" || quoted.Month.String() != "2024-01" || quoted.Longitude != -1.4987 {
		t.Errorf("fully quoted row: %+v %v", quoted, err)
	}

	noLoc, err := ParseCrimeRecord(jan[5])
	if err != nil || noLoc.Located() || noLoc.HasPoint || noLoc.Location != NoLocation || noLoc.ID == "" {
		t.Errorf("No Location row: %+v %v", noLoc, err)
	}

	outside, err := ParseCrimeRecord(jan[10])
	if err != nil || outside.LSOA != "E01009999" || outside.FallsWithin != "Testshire Constabulary" {
		t.Errorf("row in an LSOA outside the force's area: %+v %v", outside, err)
	}

	ctx, err := ParseCrimeRecord(jan[11])
	if err != nil || ctx.Context != `Recorded at the "Parade" shops, by the kiosk` {
		t.Errorf("quoted context: %+v %v", ctx, err)
	}

	feb := readFixture(t, "2024-02-testshire-street.csv")
	first, _ := ParseCrimeRecord(feb[3])
	again, _ := ParseCrimeRecord(feb[4])
	if first.ID == "" || first != again {
		t.Errorf("the same Crime ID twice in a month: %+v / %+v", first, again)
	}
	comma, _ := ParseCrimeRecord(feb[2])
	if comma.Location != "On or near The Parade, North End" || comma.Place() != "The Parade, North End" {
		t.Errorf("quoted location with a comma: %q / %q", comma.Location, comma.Place())
	}

	// The same crime republished later with its newer outcome.
	mar := readFixture(t, "2024-03-testshire-street.csv")
	later := readFixture(t, "2024-03-testshire-street-as-of-2024-06.csv")
	was, _ := ParseCrimeRecord(mar[3])
	now, _ := ParseCrimeRecord(later[3])
	if was.ID != now.ID || was.Month != now.Month || was.Outcome == now.Outcome || now.Outcome != "Investigation complete; no suspect identified" {
		t.Errorf("outcome update: %+v → %+v", was, now)
	}

	// A neighbouring force's file, with a crime in one of our LSOAs.
	nb := readFixture(t, "2024-02-neighbourshire-street.csv")
	in, _ := ParseCrimeRecord(nb[3])
	if in.LSOA != "E01000003" || in.ReportedBy != "Neighbourshire Police" {
		t.Errorf("neighbour's crime in our LSOA: %+v", in)
	}
	// Identical rows from different forces are different incidents.
	ours, theirs := asb, asb
	theirs.ReportedBy, theirs.FallsWithin = "Neighbourshire Police", "Neighbourshire Police"
	if ours.RowHash() == theirs.RowHash() {
		t.Error("rows of two forces hash the same")
	}
}

func TestMalformedRowsAreRefusedWithTheField(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(fixtures, "malformed.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	// By line number, as an import reports them: the header is line 1.
	wantField := map[int]string{3: "fields", 4: "month", 5: "lsoa", 7: "coordinates", 8: "fields", 9: "crime type"}
	for i, line := range lines[1:] {
		n := i + 2
		_, err := ParseCrimeLine(line)
		field, bad := wantField[n]
		var ve *ValidationError
		switch {
		case bad && (!errors.As(err, &ve) || ve.Field != field):
			t.Errorf("line %d: %v, want a %s error", n, err, field)
		case !bad && err != nil:
			t.Errorf("line %d: %v", n, err)
		}
	}
	good := "abc,2024-04,F,F,-1.5,52.4,On or near X,E01000001,N,Burglary,,"
	for _, tt := range []struct{ line, field string }{
		{strings.Replace(good, "abc", "a b", 1), "crime id"},
		{strings.Replace(good, "abc", "abc\x00", 1), "crime id"},
		{strings.Replace(good, "-1.5", "-181", 1), "coordinates"},
		{strings.Replace(good, "52.4", "1e5", 1), "coordinates"},
		{strings.Replace(good, "52.4", "NaN", 1), "coordinates"},
		{strings.Replace(good, "-1.5,52.4", ",", 1), ""}, // no point but an LSOA: accepted
		{strings.Replace(good, "Burglary", " ", 1), "crime type"},
	} {
		_, err := ParseCrimeLine(tt.line)
		var ve *ValidationError
		if tt.field == "" {
			if err != nil {
				t.Errorf("%q: %v", tt.line, err)
			}
			continue
		}
		if !errors.As(err, &ve) || ve.Field != tt.field {
			t.Errorf("%q: %v, want a %s error", tt.line, err, tt.field)
		}
	}
}

func TestParsedTextIsClean(t *testing.T) {
	line := "abc,2024-04,F,F,-1.5,52.4,\"On or near \x1b[31mMill\u202e Lane\",E01000001,N,Burglary,,"
	c, err := ParseCrimeLine(line)
	if err != nil {
		t.Fatal(err)
	}
	if c.Location != "On or near Mill Lane" {
		t.Errorf("location %q", c.Location)
	}
}

func TestCrimeCategories(t *testing.T) {
	want := map[string]Category{
		"Anti-social behaviour": "asb", "Bicycle theft": "other", "Burglary": "burglary",
		"Criminal damage and arson": "environmental", "Drugs": "drugs", "Other theft": "other",
		"Possession of weapons": "violence", "Public order": "asb", "Robbery": "robbery",
		"Shoplifting": "other", "Theft from the person": "robbery", "Vehicle crime": "vehicle-crime",
		"Violence and sexual offences": "violence", "Other crime": "other", "Something new": "other",
	}
	for typ, cat := range want {
		if got := CrimeCategory(typ); got != cat {
			t.Errorf("%s: %s, want %s", typ, got, cat)
		}
		if !slices.Contains(Categories, CrimeCategory(typ)) {
			t.Errorf("%s maps to %s, not a category", typ, CrimeCategory(typ))
		}
	}
}

func TestCrimePermissions(t *testing.T) {
	for _, r := range Roles {
		u := User{Role: r, Wards: []string{"E05000001"}}
		if got, want := CheckImportCrimes(u) == nil, r == RoleOfficer || r == RoleAdmin; got != want {
			t.Errorf("%s may import: %v", r, got)
		}
		if CheckSeeCrimes(u, "E05000001") != nil {
			t.Errorf("%s of the ward may not see its picture", r)
		}
		if CheckSeeCrimes(u, "E05000002") == nil {
			t.Errorf("%s sees another ward's picture", r)
		}
	}
}

func FuzzCrimeRow(f *testing.F) {
	for _, name := range []string{"2024-01-testshire-street.csv", "2024-02-testshire-street.csv", "malformed.csv"} {
		raw, err := os.ReadFile(filepath.Join(fixtures, name))
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(raw), "\n") {
			f.Add(line)
		}
	}
	f.Add(`"a""b",2024-01,,,,,,,,"x,y",,`)
	f.Add(",2024-01,,,-0,0,\"\",E01000001,,T,,")
	f.Fuzz(func(t *testing.T, line string) {
		c, err := ParseCrimeLine(line)
		if err != nil {
			return
		}
		// Accepted rows round-trip: written back out as a line, and as
		// fields, they read as the same crime.
		again, err := ParseCrimeLine(c.Line())
		if err != nil {
			t.Fatalf("%q was accepted as %+v, but its line %q is refused: %v", line, c, c.Line(), err)
		}
		if !reflect.DeepEqual(again, c) {
			t.Fatalf("%q: %+v, then %+v from %q", line, c, again, c.Line())
		}
		if back, err := ParseCrimeRecord(c.Record()); err != nil || !reflect.DeepEqual(back, c) {
			t.Fatalf("%q: record %q reads as %+v, %v", line, c.Record(), back, err)
		}
		// What encoding/csv makes of the line written is the same record.
		r := csv.NewReader(strings.NewReader(c.Line()))
		if rec, err := r.Read(); err != nil || !slices.Equal(rec, c.Record()) {
			t.Fatalf("encoding/csv reads %q as %q, %v", c.Line(), rec, err)
		}
		if c.Month.String() == "" || !c.Month.Valid() || c.Type == "" {
			t.Fatalf("%q accepted with %+v", line, c)
		}
		if c.LSOA != "" {
			if _, err := ParseLSOACode(c.LSOA); err != nil {
				t.Fatalf("%q accepted with LSOA %q", line, c.LSOA)
			}
		}
		if strings.ContainsAny(c.Location+c.Type+c.Outcome+c.Context, "\x00\x1b\r\n") {
			t.Fatalf("%q: control characters kept: %+v", line, c)
		}
	})
}

// RowHash names anti-social behaviour rows already stored: it must stay
// the hash of the row's fields after the Crime ID, joined by 0x1f.
func TestRowHashIsTheHashOfTheJoinedRow(t *testing.T) {
	for _, c := range []Crime{
		{},
		{Month: MonthOf(2024, 6), ReportedBy: "Testshire Constabulary", FallsWithin: "Testshire Constabulary", HasPoint: true,
			Longitude: -1.512345, Latitude: 52.4, Location: "On or near Mill Lane", LSOA: "E01000001", LSOAName: "Testford 001",
			Type: "Anti-social behaviour", Outcome: "", Context: "a note"},
		{ID: "abc", Month: MonthOf(2010, 12), HasPoint: true, Longitude: 0, Latitude: -0.000001, Location: strings.Repeat("é", 300)},
	} {
		rec := c.Record()
		rec[0] = ""
		sum := sha256.Sum256([]byte(strings.Join(rec, "\x1f")))
		if want := hex.EncodeToString(sum[:12]); c.RowHash() != want {
			t.Errorf("%+v: RowHash %s, want %s", c, c.RowHash(), want)
		}
	}
}

func TestMonthAppendIsString(t *testing.T) {
	for _, m := range []Month{MonthOf(2024, 6), MonthOf(1999, 1), MonthOf(2100, 12), MonthOf(7, 3), -1, MonthOf(12000, 1)} {
		if got, want := string(m.Append(nil)), fmt.Sprintf("%04d-%02d", m.Year(), int(m.Mon())); got != want || m.String() != want {
			t.Errorf("month %d: Append %q, String %q, want %q", int(m), got, m.String(), want)
		}
	}
}

// A coordinate read by exactCoord is the float64 strconv.ParseFloat reads,
// bit for bit, for every shape isCoord accepts.
func TestExactCoordIsParseFloats(t *testing.T) {
	cases := []string{"0", "-0", "0.0", "-0.000000", "1.5", "-1.512345", "52.412345", "179.999999", "-180",
		"0.1", "0.3", "123.456789012345", "999.999999999999", "-0.000000000000001", "001.250", "90.000000"}
	for i := range 2000 {
		// police.uk's own shape: six decimals.
		cases = append(cases, fmt.Sprintf("-%d.%06d", i%180, i*7919%1000000), fmt.Sprintf("%d.%06d", i%90, i*104729%1000000))
	}
	for _, s := range cases {
		if !isCoord(s) {
			t.Fatalf("%q is not a coordinate", s)
		}
		want, _ := strconv.ParseFloat(s, 64)
		got, ok := exactCoord(s)
		if ok && math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("exactCoord(%q) = %v, ParseFloat says %v", s, got, want)
		}
		if !ok && len(s) < 16 {
			t.Errorf("exactCoord(%q) left it to ParseFloat", s)
		}
	}
}
