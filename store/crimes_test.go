package store

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

const crimeFixtures = "testdata/crimes"

// The fixtures' months, in the order a panel would import them: the
// neighbour's file, and March republished with newer outcomes, last.
var crimeFiles = []string{
	"2024-01-testshire-street.csv",
	"2024-02-testshire-street.csv",
	"2024-03-testshire-street.csv",
	"2024-04-testshire-street.csv",
	"2024-02-neighbourshire-street.csv",
	"2024-03-testshire-street-as-of-2024-06.csv",
}

// withAreas gives north and south their LSOAs from the fixture lookup.
func withAreas(t testing.TB, e *env) {
	t.Helper()
	for _, w := range []string{north, south} {
		f, err := os.Open(filepath.Join(crimeFixtures, "lookup.csv"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.s.SetWardLSOAsFromLookup(model.Operator, w, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
}

func importFile(t testing.TB, s *Store, by model.Actor, name string) model.CrimeImport {
	t.Helper()
	f, err := os.Open(filepath.Join(crimeFixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sum, err := s.ImportCrimes(by, name, f)
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	return sum
}

// streamFile imports through a reader that cannot seek, as ssh's stdin.
func streamFile(t testing.TB, s *Store, name string) model.CrimeImport {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(crimeFixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := s.ImportCrimes(model.Operator, name, struct{ io.Reader }{bytes.NewReader(raw)})
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	return sum
}

type tally struct{ rows, imported, dups, noLoc, outside, malformed int }

func (s tally) of(sum model.CrimeImport) tally {
	return tally{sum.Rows, sum.Imported, sum.Duplicates, sum.WithoutLocation, sum.OutsideWards, sum.Malformed}
}

func TestImportCountsEveryRowOnce(t *testing.T) {
	e := newEnv(t)
	withAreas(t, e)
	want := map[string]tally{
		// 2 identical ASB rows are 2 crimes; 1 No Location; 1 outside any ward.
		"2024-01-testshire-street.csv": {rows: 11, imported: 9, noLoc: 1, outside: 1},
		// one Crime ID twice; 2 No Location; 1 outside any ward.
		"2024-02-testshire-street.csv": {rows: 11, imported: 7, dups: 1, noLoc: 2, outside: 1},
		"2024-03-testshire-street.csv": {rows: 8, imported: 8},
		"2024-04-testshire-street.csv": {rows: 12, imported: 12},
		// the neighbour's own LSOAs are in no ward of ours; two crimes are in one.
		"2024-02-neighbourshire-street.csv": {rows: 5, imported: 2, noLoc: 1, outside: 2},
		// every crime of March again, three with newer outcomes.
		"2024-03-testshire-street-as-of-2024-06.csv": {rows: 8, imported: 8},
	}
	for i, name := range crimeFiles {
		sum := importFile(t, e.s, model.Operator, name)
		if got := (tally{}).of(sum); got != want[name] {
			t.Errorf("%s: %+v, want %+v", name, got, want[name])
		}
		if sum.Rows != sum.Imported+sum.Duplicates+sum.WithoutLocation+sum.OutsideWards+sum.Malformed {
			t.Errorf("%s: rows do not add up: %+v", name, sum)
		}
		if !sum.Complete || sum.Number != uint64(i+1) || len(sum.SHA256) != 64 || sum.By != "operator" {
			t.Errorf("%s: %+v", name, sum)
		}
	}
	// March as first published, streamed again after the later one: the
	// import read last is the latest word on each crime.
	last := streamFile(t, e.s, "2024-03-testshire-street.csv")
	if last.Updated != 3 || last.New != 0 || last.Unchanged != 5 {
		t.Errorf("March as first published, again: %+v", last)
	}
	if r, err := e.s.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %v", r.Faults, err)
	}
}

func TestOutcomeUpdatesReplaceTheCrime(t *testing.T) {
	e := newEnv(t)
	withAreas(t, e)
	first := importFile(t, e.s, model.Operator, "2024-03-testshire-street.csv")
	later := importFile(t, e.s, model.Operator, "2024-03-testshire-street-as-of-2024-06.csv")
	if first.New != 8 || later.New != 0 || later.Updated != 3 || later.Unchanged != 5 {
		t.Fatalf("first %+v, later %+v", first, later)
	}
	outcomes := map[string]int{}
	n := 0
	err := e.s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketCrimes).ForEach(func(bk, v []byte) error {
			block, err := decodeCrimeBlock(v, nil)
			if err != nil {
				return err
			}
			for _, c := range block {
				r, k := c.rec, c.key
				n++
				outcomes[r.Outcome]++
				// Only the crimes the republished month changed are written.
				if want := first.Number; r.Outcome != "Under investigation" && r.Outcome != "" {
					if want = later.Number; r.Import != want {
						t.Errorf("crime %s in %q last written by import %d, want %d", k, bk, r.Import, want)
					}
				} else if r.Import != want {
					t.Errorf("crime %s in %q last written by import %d, want %d", k, bk, r.Import, want)
				}
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 8 || outcomes["Awaiting court outcome"] != 1 || outcomes["Offender given a caution"] != 1 ||
		outcomes["Investigation complete; no suspect identified"] != 1 {
		t.Errorf("%d crimes, outcomes %v", n, outcomes)
	}
}

func TestImportIsIdempotent(t *testing.T) {
	e := newEnv(t)
	withAreas(t, e)
	var firsts []model.CrimeImport
	for _, name := range crimeFiles {
		firsts = append(firsts, importFile(t, e.s, model.Operator, name))
	}
	viewer := e.u["Mo Member"]
	before, err := e.s.CrimePicture(viewer, north, model.CrimeQuery{})
	if err != nil {
		t.Fatal(err)
	}
	rev, audit := e.s.Revision(), auditCount(t, e.s)

	// Every file again, from disk and streamed as over SSH: nothing
	// changes, so nothing is written and nothing audited. March as first
	// published is left out: it would put March's outcomes back.
	for i, name := range crimeFiles {
		if name == "2024-03-testshire-street.csv" {
			continue
		}
		for _, sum := range []model.CrimeImport{importFile(t, e.s, model.Operator, name), streamFile(t, e.s, name)} {
			if !sum.NothingChanged || sum.New != 0 || sum.Updated != 0 || sum.Removed != 0 || sum.Moved != 0 ||
				sum.Imported != firsts[i].Imported || sum.Duplicates != firsts[i].Duplicates || sum.Previous != firsts[i].Number {
				t.Errorf("%s again: %+v", name, sum)
			}
			if !strings.Contains(sum.Summary(), "nothing changed") {
				t.Errorf("%s again: %s", name, sum.Summary())
			}
		}
	}
	if e.s.Revision() != rev || auditCount(t, e.s) != audit {
		t.Errorf("imports that changed nothing wrote: revision %d→%d, audit %d→%d", rev, e.s.Revision(), audit, auditCount(t, e.s))
	}
	after, err := e.s.CrimePicture(viewer, north, model.CrimeQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if b, a := jsonOf(t, before), jsonOf(t, after); b != a {
		t.Errorf("the picture changed:\n%s\n%s", b, a)
	}
	if r, err := e.s.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %v", r.Faults, err)
	}
}

// Once a ward's areas change, the same file is read again: crimes it held
// in the new LSOA were not kept the first time.
func TestAFileIsReadAgainOnceAreasChange(t *testing.T) {
	e := newEnv(t)
	if _, err := e.s.SetWardLSOAs(model.Operator, north, []string{"E01000001"}); err != nil {
		t.Fatal(err)
	}
	first := importFile(t, e.s, model.Operator, "2024-01-testshire-street.csv")
	if again := importFile(t, e.s, model.Operator, "2024-01-testshire-street.csv"); !again.NothingChanged {
		t.Fatalf("same areas: %+v", again)
	}
	if _, err := e.s.SetWardLSOAs(model.Operator, north, []string{"E01000001", "E01000002"}); err != nil {
		t.Fatal(err)
	}
	again := importFile(t, e.s, model.Operator, "2024-01-testshire-street.csv")
	if again.NothingChanged || again.New != 3 || again.Unchanged != first.Imported || again.Previous != first.Number {
		t.Errorf("first %+v\nagain %+v", first, again)
	}
}

func TestMalformedLinesAreReportedByNumberAndSkipped(t *testing.T) {
	e := newEnv(t)
	withAreas(t, e)
	sum := importFile(t, e.s, model.Operator, "malformed.csv")
	var lines []int
	for _, p := range sum.Problems {
		lines = append(lines, p.Line)
	}
	if !slices.Equal(lines, []int{3, 4, 5, 7, 8, 9}) || sum.Malformed != 6 || sum.Imported != 3 || sum.Rows != 9 || !sum.Complete {
		t.Errorf("%+v (lines %v)", sum, lines)
	}
	if !strings.Contains(sum.Problems[1].Reason, "2024-13") {
		t.Errorf("reason %q", sum.Problems[1].Reason)
	}

	// A line longer than any police.uk row is skipped, and the rest read.
	huge := "x," + strings.Repeat("y", 100<<10)
	file := strings.Join([]string{strings.Join(model.CrimeColumns, ","), huge,
		"id1,2024-05,F,F,-1.5,52.4,On or near Mill Lane,E01000001,N,Burglary,,", ""}, "\n")
	sum, err := e.s.ImportCrimes(model.Operator, "long", strings.NewReader(file))
	if err != nil || sum.Malformed != 1 || sum.Imported != 1 || sum.Problems[0].Line != 2 {
		t.Errorf("long line: %+v %v", sum, err)
	}
}

func TestImportRefusesWhatIsNotAPoliceFile(t *testing.T) {
	e := newEnv(t)
	withAreas(t, e)
	rev := e.s.Revision()
	for name, body := range map[string]string{
		"empty":   "",
		"blank":   "\n\n",
		"lookup":  "lsoa_code,ward_code\nE01000001,E05000001\n",
		"outcome": "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\n",
	} {
		if _, err := e.s.ImportCrimes(model.Operator, name, strings.NewReader(body)); !errors.Is(err, model.ErrInvalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if e.s.Revision() != rev {
		t.Error("a refused file was recorded")
	}
}

func TestWhoMayImport(t *testing.T) {
	e := newEnv(t)
	withAreas(t, e)
	body := func() io.Reader {
		return strings.NewReader(strings.Join(model.CrimeColumns, ",") + "\nid1,2024-05,F,F,,,On or near X,E01000001,N,Burglary,,\n")
	}
	for _, name := range []string{"Pat Police", "Ada Admin"} {
		if _, err := e.s.ImportCrimes(e.actor(name), "f", body()); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, name := range []string{"Mo Member", "Chris Chair", "Olu Observer", "Sam Secretary"} {
		if _, err := e.s.ImportCrimes(e.actor(name), "f", body()); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// errAfter reads n bytes of r, then fails, as a dropped connection does.
type errAfter struct {
	r io.Reader
	n int
}

func (e *errAfter) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, errors.New("connection lost")
	}
	if len(p) > e.n {
		p = p[:e.n]
	}
	n, err := e.r.Read(p)
	e.n -= n
	return n, err
}

// bigFile is rows crimes in north's LSOAs, all different.
func bigFile(rows int) []byte {
	var b bytes.Buffer
	b.WriteString(strings.Join(model.CrimeColumns, ",") + "\n")
	lsoas := []string{"E01000001", "E01000002", "E01000003"}
	for i := range rows {
		fmt.Fprintf(&b, "c%07d,2024-%02d,Testshire Constabulary,Testshire Constabulary,-1.5,52.4,On or near Street %d,%s,Testford,Burglary,Under investigation,\n",
			i, 1+i%12, i%40, lsoas[i%3])
	}
	return b.Bytes()
}

// An import is one audit entry however many rows and force-months it
// has; a file cut short (a dropped connection) changes nothing, since a
// force-month is replaced only by the whole of it.
func TestImportIsOneAuditEntryAndACutFileChangesNothing(t *testing.T) {
	e := newEnv(t)
	withAreas(t, e)
	const rows = 6010
	raw := bigFile(rows)
	audit, rev := auditCount(t, e.s), e.s.Revision()
	sum, err := e.s.ImportCrimes(model.Operator, "big", bytes.NewReader(raw))
	if err != nil || sum.Imported != rows || len(sum.ForceMonths) != 12 {
		t.Fatalf("%+v %v", sum, err)
	}
	if auditCount(t, e.s) != audit+1 || e.s.Revision() != rev+1 {
		t.Errorf("an import of %d rows added %d audit entries and %d revisions", sum.Rows, auditCount(t, e.s)-audit, e.s.Revision()-rev)
	}

	e2 := newEnv(t)
	withAreas(t, e2)
	audit, rev = auditCount(t, e2.s), e2.s.Revision()
	part, err := e2.s.ImportCrimes(model.Operator, "cut", &errAfter{r: bytes.NewReader(raw), n: len(raw) * 2 / 3})
	if err == nil || !strings.Contains(err.Error(), "connection lost") || part.Complete {
		t.Fatalf("cut import: %+v %v", part, err)
	}
	if auditCount(t, e2.s) != audit || e2.s.Revision() != rev {
		t.Errorf("a cut file wrote")
	}
	if p, _ := e2.s.CrimePicture(e2.u["Mo Member"], north, model.CrimeQuery{}); len(p.Months) != 0 {
		t.Errorf("a cut file left crimes: %+v", p.Total)
	}
	whole, err := e2.s.ImportCrimes(model.Operator, "whole", bytes.NewReader(raw))
	if err != nil || whole.New != rows {
		t.Errorf("whole after cut: %+v %v", whole, err)
	}
	if r, err := e2.s.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %v", r.Faults, err)
	}
}

func TestWardAreas(t *testing.T) {
	e := newEnv(t)
	got, err := e.s.SetWardLSOAs(model.Operator, north, []string{"e01000002", "E01000001", "E01000001"})
	if err != nil || !slices.Equal(got, []string{"E01000001", "E01000002"}) {
		t.Fatalf("%v %v", got, err)
	}
	// Replacing: E01000002 leaves, E01000003 joins.
	if _, err := e.s.SetWardLSOAs(model.Operator, north, []string{"E01000001", "E01000003"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.s.WardLSOAs(north); !slices.Equal(got, []string{"E01000001", "E01000003"}) {
		t.Errorf("after replacing: %v", got)
	}
	// An LSOA belongs to one ward.
	if _, err := e.s.SetWardLSOAs(model.Operator, south, []string{"E01000003"}); !errors.Is(err, model.ErrDuplicate) ||
		!strings.Contains(err.Error(), north) {
		t.Errorf("claimed twice: %v", err)
	}
	for _, tt := range []struct {
		by    model.Actor
		ward  string
		lsoas []string
		want  error
	}{
		{model.Operator, "E05999999", nil, model.ErrNotFound},
		{model.Operator, "nowhere", nil, model.ErrInvalid},
		{model.Operator, south, []string{"E05000001"}, model.ErrInvalid},
		{e.actor("Pat Police"), south, []string{"E01000004"}, model.ErrForbidden},
		{e.actor("Ada Admin"), south, []string{"E01000004"}, nil},
	} {
		if _, err := e.s.SetWardLSOAs(tt.by, tt.ward, tt.lsoas); !errors.Is(err, tt.want) && (err != nil || tt.want != nil) {
			t.Errorf("%s %s %v: %v, want %v", tt.by.User.Name, tt.ward, tt.lsoas, err, tt.want)
		}
	}
	// Emptying a ward's areas.
	if got, err := e.s.SetWardLSOAs(model.Operator, north, nil); err != nil || len(got) != 0 {
		t.Errorf("emptied: %v %v", got, err)
	}
	if r, err := e.s.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %v", r.Faults, err)
	}
}

func TestReadLSOALookup(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(crimeFixtures, "lookup.csv"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadLSOALookup(bytes.NewReader(raw), north)
	if err != nil || !slices.Equal(got, []string{"E01000001", "E01000002", "E01000003"}) {
		t.Errorf("fixture lookup: %v %v", got, err)
	}
	ons := "\ufeffLSOA21CD,LSOA21NM,WD24CD,WD24NM,LAD24CD\nE01000009,\"Town, 001A\",e05000001,North,E09000001\nE01000008,Town 001B,E05000002,South,E09000001\n"
	if got, err := ReadLSOALookup(strings.NewReader(ons), north); err != nil || !slices.Equal(got, []string{"E01000009"}) {
		t.Errorf("ONS lookup: %v %v", got, err)
	}
	for name, body := range map[string]string{
		"no columns": "code,name\nE01000001,x\n",
		"none":       "lsoa_code,ward_code\nE01000001,E05000002\n",
		"bad lsoa":   "lsoa_code,ward_code\nE0100001,E05000001\n",
		"short":      "lsoa_code,ward_code\nE01000001\n",
		"empty":      "",
	} {
		if _, err := ReadLSOALookup(strings.NewReader(body), north); !errors.Is(err, model.ErrInvalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// countFixtures counts the crimes of the named files in lsoas as the
// picture should: countFiles of their contents.
func countFixtures(t testing.TB, files []string, lsoas []string) (byMonthType map[string]map[string]int, byPlace map[string]int) {
	t.Helper()
	var raw [][]byte
	for _, name := range files {
		b, err := os.ReadFile(filepath.Join(crimeFixtures, name))
		if err != nil {
			t.Fatal(err)
		}
		raw = append(raw, b)
	}
	return countFiles(t, raw, lsoas)
}

// countFiles counts, written independently of the import, the crimes in
// lsoas that files imported in turn leave: encoding/csv for the rows
// (byte-order mark trimmed), a file's force-months replacing what earlier
// files said of them, one crime per Crime ID in a force-month placed by its
// first row with a location (else its first row), every anti-social
// behaviour row an incident. byMonthType counts by month and type
// (anti-social behaviour too); byPlace counts recorded crime by
// "location|longitude|latitude".
func countFiles(t testing.TB, files [][]byte, lsoas []string) (byMonthType map[string]map[string]int, byPlace map[string]int) {
	t.Helper()
	type crime struct{ month, typ, place, lsoa string }
	held := map[string][]crime{} // force|month -> its crimes, wherever they are
	for _, raw := range files {
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff"))))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		fileSays := map[string][]crime{}
		ids := map[string]int{} // force|month|id -> index in fileSays, -1 for not yet located
		for _, rec := range recs[1:] {
			if len(rec) != 12 || rec[0] == "Crime ID" {
				continue
			}
			id, month, force, lsoa := rec[0], rec[1], rec[2], rec[7]
			fm := force + "|" + month
			if _, ok := fileSays[fm]; !ok {
				fileSays[fm] = []crime{}
			}
			c := crime{month: month, typ: rec[9], place: rec[6] + "|" + rec[4] + "|" + rec[5], lsoa: lsoa}
			if id == "" {
				fileSays[fm] = append(fileSays[fm], c)
				continue
			}
			i, seen := ids[fm+"|"+id]
			switch {
			case seen && i >= 0, lsoa == "":
				if !seen {
					ids[fm+"|"+id] = -1
				}
			default:
				ids[fm+"|"+id] = len(fileSays[fm])
				fileSays[fm] = append(fileSays[fm], c)
			}
		}
		for fm, cs := range fileSays {
			held[fm] = cs
		}
	}
	byMonthType, byPlace = map[string]map[string]int{}, map[string]int{}
	for _, cs := range held {
		for _, c := range cs {
			if c.lsoa == "" || !slices.Contains(lsoas, c.lsoa) {
				continue
			}
			if byMonthType[c.month] == nil {
				byMonthType[c.month] = map[string]int{}
			}
			byMonthType[c.month][c.typ]++
			if c.typ != model.ASBType {
				byPlace[c.place]++
			}
		}
	}
	return byMonthType, byPlace
}

// placeKey is a picture's place as countFiles names it.
func placeKey(s model.CrimeSeries) string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }
	return s.Name + "|" + f(s.Place.Longitude) + "|" + f(s.Place.Latitude)
}

// checkPicture compares a picture with countFiles' counts: recorded crime
// by month and type, anti-social behaviour apart, and the places.
func checkPicture(t *testing.T, p model.CrimePicture, wantMT map[string]map[string]int, wantPlace map[string]int) {
	t.Helper()
	for i, m := range p.Months {
		sum := 0
		for typ, n := range wantMT[m.String()] {
			got := 0
			if typ == model.ASBType {
				got = p.ASB.Counts[i]
			} else {
				sum += n
				for _, s := range p.Types {
					if s.Name == typ {
						got = s.Counts[i]
					}
				}
			}
			if got != n {
				t.Errorf("%s %s: %d, want %d", m, typ, got, n)
			}
		}
		if p.Total.Counts[i] != sum {
			t.Errorf("%s: total %d, want %d", m, p.Total.Counts[i], sum)
		}
	}
	if p.LocationsInAll != len(wantPlace) {
		t.Errorf("%d places, want %d", p.LocationsInAll, len(wantPlace))
	}
	for _, l := range p.Locations {
		if l.Count != wantPlace[placeKey(l)] {
			t.Errorf("%s: %d, want %d", placeKey(l), l.Count, wantPlace[placeKey(l)])
		}
	}
}

func TestCrimePictureMatchesTheFixtures(t *testing.T) {
	e := newEnv(t)
	withAreas(t, e)
	for _, name := range crimeFiles {
		importFile(t, e.s, model.Operator, name)
	}
	northLSOAs, _ := e.s.WardLSOAs(north)
	wantMT, wantPlace := countFixtures(t, crimeFiles, northLSOAs)
	p, err := e.s.CrimePicture(e.u["Olu Observer"], north, model.CrimeQuery{Months: 12})
	if err != nil {
		t.Fatal(err)
	}
	var months []string
	for _, m := range p.Months {
		months = append(months, m.String())
	}
	if !slices.Equal(months, []string{"2024-01", "2024-02", "2024-03", "2024-04"}) {
		t.Fatalf("months %v", months)
	}
	checkPicture(t, p, wantMT, wantPlace)
	// The latest month against the average of the three before.
	prev := float64(p.Total.Counts[0]+p.Total.Counts[1]+p.Total.Counts[2]) / 3
	if p.Total.Latest != p.Total.Counts[3] || p.Total.Previous != prev || p.Total.Change == nil ||
		*p.Total.Change != (float64(p.Total.Latest)-prev)/prev*100 {
		t.Errorf("total %+v (previous %v)", p.Total, prev)
	}
	if p.Locations[0].Name != "On or near Elm Grove" || p.Locations[0].Top != "Burglary" || p.Locations[0].Category != "burglary" {
		t.Errorf("top place %+v", p.Locations[0])
	}
	// Both forces' files cover north; Neighbourshire reports none of its
	// LSOAs most, so no LSOA misses its usual force.
	if len(p.Coverage) != 2 || p.Coverage[0].Force != "Neighbourshire Police" || len(p.Gaps) != 0 {
		t.Errorf("coverage %+v gaps %+v", p.Coverage, p.Gaps)
	}

	// South is its own picture; a user of north only may not read it.
	if _, err := e.s.CrimePicture(e.u["Olu Observer"], south, model.CrimeQuery{}); !errors.Is(err, model.ErrForbidden) {
		t.Errorf("north's observer reads south: %v", err)
	}
	sp, err := e.s.CrimePicture(e.u["Sol South"], south, model.CrimeQuery{})
	if err != nil || sp.Total.Count+sp.ASB.Count != 5 {
		t.Errorf("south: %+v %v", sp.Total, err)
	}

	// A change of areas is seen at once, not from a stale cache.
	if _, err := e.s.SetWardLSOAs(model.Operator, north, []string{"E01000003"}); err != nil {
		t.Fatal(err)
	}
	p2, _ := e.s.CrimePicture(e.u["Olu Observer"], north, model.CrimeQuery{})
	wantOnly, _ := countFixtures(t, crimeFiles, []string{"E01000003"})
	n := 0
	for _, types := range wantOnly {
		for _, c := range types {
			n += c
		}
	}
	if p2.Total.Count+p2.ASB.Count != n {
		t.Errorf("after the areas changed: %d crimes, want %d", p2.Total.Count+p2.ASB.Count, n)
	}
}

func TestCheckFindsBrokenCrimeRecords(t *testing.T) {
	e := newEnv(t)
	withAreas(t, e)
	importFile(t, e.s, model.Operator, "2024-01-testshire-street.csv")
	err := e.s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCrimes)
		jan := model.MonthOf(2024, 1)
		good := crimeRecord{Type: "Burglary", Import: 1}
		_ = b.Put([]byte("E0100001\x002024-01\x00Testshire"), appendBlock(nil, []blockCrime{{key: parseCrimeKeyV("a"), rec: good}}))
		_ = b.Put(crimeBlockKey("E01000001", jan, "Zedshire"), appendBlock(nil, []blockCrime{
			{key: parseCrimeKeyV("def"), rec: crimeRecord{Type: "Burglary", Import: 99}},
			{key: parseCrimeKeyV("ghi"), rec: crimeRecord{Import: 1}},
			{key: parseCrimeKeyV("~zz.1"), rec: good},
			{key: parseCrimeKeyV("abc"), rec: good},
			{key: parseCrimeKeyV("abc"), rec: good},
		}))
		_ = b.Put(crimeBlockKey("E01000002", jan, "Zedshire"), []byte("nonsense"))
		_ = tx.Bucket(bucketCrimesByForce).Put(byForceKey("Zedshire", jan, "E01000003"), []byte{})
		_ = tx.Bucket(bucketLSOAWards).Put([]byte("E01000009"), []byte("E05999999"))
		_ = tx.Bucket(bucketLSOAWards).Put([]byte("X"), []byte(north))
		return tx.Bucket(bucketCrimeImports).Put([]byte("short"), []byte{formatJSON, '{', '}'})
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.s.Check()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"E0100001" is not an LSOA code`, `"~zz.1" is neither`, `crimes "E01000002\x002024-01\x00Zedshire": the crime block does not decode`,
		"written by import 99", "crime ghi has no crime type", "crime abc is in it twice", `not in its force-month's index ("Zedshire")`,
		`key "Zedshire\x002024-01\x00E01000003" names no crimes of that force`, "ward E05999999, which does not exist", `key "X" is not an LSOA code`, "is not a file's SHA-256"} {
		if !slices.ContainsFunc(r.Faults, func(f string) bool { return strings.Contains(f, want) }) {
			t.Errorf("no fault %q in %q", want, r.Faults)
		}
	}
}

func jsonOf(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Pictures read while an import writes see whole force-months, and the cache
// serves concurrent readers the same counts (run with -race).
func TestPicturesReadWhileImporting(t *testing.T) {
	e := newEnv(t)
	withAreas(t, e)
	const rows, perMonth = 6000, 500 // bigFile spreads rows over 12 months
	raw := bigFile(rows)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := -1
			for {
				p, err := e.s.CrimePicture(e.u["Mo Member"], north, model.CrimeQuery{Months: 12})
				if err != nil {
					t.Error(err)
					return
				}
				if p.Total.Count < last || p.Total.Count%perMonth != 0 {
					t.Errorf("read %d crimes after %d", p.Total.Count, last)
				}
				last = p.Total.Count
				select {
				case <-done:
					return
				default:
				}
			}
		}()
	}
	_, err := e.s.ImportCrimes(model.Operator, "big", bytes.NewReader(raw))
	close(done)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := e.s.CrimePicture(e.u["Mo Member"], north, model.CrimeQuery{Months: 12}); p.Total.Count != rows {
		t.Errorf("after: %d", p.Total.Count)
	}
}
