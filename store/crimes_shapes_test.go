package store

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"wardpanel/model"
)

// Import tests on files built to have each shape real police.uk files
// have, the picture's totals checked against countFiles, which counts the
// same files independently of the import.

// row is one line of a street-level file: what varies between the shapes.
type row struct {
	id, month, force, lsoa, typ, outcome string
	lon, lat                             float64 // 0, 0: No Location
	place                                string
}

func (r row) line() string {
	force := cmpOr(r.force, "Testshire Constabulary")
	lon, lat, place := "", "", "No Location"
	if r.lon != 0 {
		lon, lat, place = fmt.Sprintf("%.6f", r.lon), fmt.Sprintf("%.6f", r.lat), "On or near "+r.place
	}
	if r.lsoa == "" {
		lon, lat, place = "", "", "No Location"
	}
	return strings.Join([]string{r.id, r.month, force, force, lon, lat, place, r.lsoa, "Testford", cmpOr(r.typ, "Burglary"),
		r.outcome, ""}, ",")
}

func cmpOr(s, or string) string {
	if s == "" {
		return or
	}
	return s
}

func file(rows ...row) []byte {
	var b bytes.Buffer
	b.WriteString(strings.Join(model.CrimeColumns, ",") + "\n")
	for _, r := range rows {
		b.WriteString(r.line() + "\n")
	}
	return b.Bytes()
}

// importRaw imports raw as a stream (as over SSH).
func importRaw(t *testing.T, e *env, name string, raw []byte) model.CrimeImport {
	t.Helper()
	sum, err := e.s.ImportCrimes(model.Operator, name, bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	if sum.Rows != sum.Imported+sum.Duplicates+sum.WithoutLocation+sum.OutsideWards+sum.Malformed ||
		sum.Imported != sum.New+sum.Updated+sum.Moved+sum.Unchanged {
		t.Errorf("%s: rows do not add up: %+v", name, sum)
	}
	return sum
}

// pictureMatches checks north's picture against countFiles of files.
func pictureMatches(t *testing.T, e *env, files ...[]byte) model.CrimePicture {
	t.Helper()
	lsoas, _ := e.s.WardLSOAs(north)
	wantMT, wantPlace := countFiles(t, files, lsoas)
	p, err := e.s.CrimePicture(e.u["Mo Member"], north, model.CrimeQuery{Months: 24})
	if err != nil {
		t.Fatal(err)
	}
	checkPicture(t, p, wantMT, wantPlace)
	if r, err := e.s.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %v", r.Faults, err)
	}
	return p
}

const (
	lsoa1, lsoa2, lsoa3, outside = "E01000001", "E01000002", "E01000003", "E01009999"
)

// One Crime ID is one crime in a force's month: repeated within an LSOA
// (another outcome row), across LSOAs (an anonymised point in another),
// and as a "No Location" twin, it is counted once, where its first
// located row puts it.
func TestACrimeIDIsOneCrimeInAForceMonth(t *testing.T) {
	e := newEnv(t)
	withAreas(t, e)
	raw := file(
		row{id: "aa", month: "2024-05", lsoa: lsoa1, lon: -1.5, lat: 52.4, place: "Elm Grove", outcome: "Under investigation"},
		row{id: "aa", month: "2024-05", lsoa: lsoa1, lon: -1.5, lat: 52.4, place: "Elm Grove", outcome: "Awaiting court outcome"},
		row{id: "bb", month: "2024-05", lsoa: lsoa1, lon: -1.501, lat: 52.401, place: "Mill Lane"},
		row{id: "bb", month: "2024-05", lsoa: lsoa2, lon: -1.51, lat: 52.41, place: "Station Road"},
		row{id: "cc", month: "2024-05"}, // the No Location twin comes first
		row{id: "cc", month: "2024-05", lsoa: lsoa3, lon: -1.52, lat: 52.42, place: "Park/Open Space"},
		row{id: "dd", month: "2024-05", lsoa: outside, lon: -1.6, lat: 52.5, place: "Farbury Road"},
		row{id: "dd", month: "2024-05", lsoa: lsoa2, lon: -1.51, lat: 52.41, place: "Station Road"},
		row{id: "ee", month: "2024-05"},
		row{id: "ee", month: "2024-05"},
		row{month: "2024-05", lsoa: lsoa1, lon: -1.5, lat: 52.4, place: "Elm Grove", typ: model.ASBType},
		row{month: "2024-05", lsoa: lsoa1, lon: -1.5, lat: 52.4, place: "Elm Grove", typ: model.ASBType},
	)
	sum := importRaw(t, e, "ids", raw)
	// aa, bb, cc in the ward (dd is placed outside, by its first located
	// row; ee has no location), and two ASB incidents.
	if sum.Rows != 12 || sum.Imported != 5 || sum.Duplicates != 5 || sum.OutsideWards != 1 || sum.WithoutLocation != 1 {
		t.Errorf("%+v", sum)
	}
	p := pictureMatches(t, e, raw)
	if p.Total.Count != 3 || p.ASB.Count != 2 {
		t.Errorf("total %d, ASB %d", p.Total.Count, p.ASB.Count)
	}
}

// A republished month replaces the force-month: outcomes changed, crimes
// removed, points moved (within an LSOA and to another), a crime added;
// the summary says so, and the picture holds the latest file only.
func TestARepublishedMonthReplacesItsForceMonth(t *testing.T) {
	e := newEnv(t)
	withAreas(t, e)
	var first, later []row
	for i := range 12 {
		r := row{id: fmt.Sprintf("c%02d", i), month: "2024-06", lsoa: []string{lsoa1, lsoa2, lsoa3}[i%3], lon: -1.5 - float64(i)*0.001,
			lat: 52.4, place: fmt.Sprintf("Street %d", i), outcome: "Under investigation"}
		first = append(first, r)
		switch {
		case i < 3: // outcomes changed
			r.outcome = "Investigation complete; no suspect identified"
		case i < 5: // removed
			continue
		case i == 5: // moved within its LSOA
			r.lon -= 0.01
		case i == 6: // moved to another LSOA
			r.lsoa = lsoa3
		}
		later = append(later, r)
	}
	later = append(later, row{id: "new1", month: "2024-06", lsoa: lsoa1, lon: -1.4, lat: 52.4, place: "New Street"})
	// Another month of the same force, which the republished June leaves be.
	may := file(row{id: "m1", month: "2024-05", lsoa: lsoa1, lon: -1.5, lat: 52.4, place: "Elm Grove"})
	importRaw(t, e, "may", may)
	a := importRaw(t, e, "june", file(first...))
	b := importRaw(t, e, "june republished", file(later...))
	if a.New != 12 || b.New != 1 || b.Updated != 3 || b.Removed != 2 || b.Moved != 2 || b.Unchanged != 5 ||
		len(b.ForceMonths) != 1 || b.ForceMonths[0].Held != 12 || b.ForceMonths[0].Crimes != 11 {
		t.Errorf("first %+v\nlater %+v", a, b)
	}
	for _, want := range []string{"replaces Testshire Constabulary 2024-06 (12 crimes held before)", "1 new, 3 updated, 2 moved, 5 unchanged), 2 removed"} {
		if !strings.Contains(b.Summary(), want) {
			t.Errorf("summary %q lacks %q", b.Summary(), want)
		}
	}
	pictureMatches(t, e, may, file(first...), file(later...))
	// The first version again puts June back as it was.
	c := importRaw(t, e, "june again", file(first...))
	if c.New != 2 || c.Removed != 1 || c.Moved != 2 || c.Updated != 3 {
		t.Errorf("first again %+v", c)
	}
	pictureMatches(t, e, may, file(first...))
}

// Two forces touch one ward: each replaces its own force-month only, and
// the ward's LSOA missing its usual force's file for a month is warned of.
func TestTwoForcesTouchOneWard(t *testing.T) {
	e := newEnv(t)
	withAreas(t, e)
	var files [][]byte
	for i, m := range []string{"2024-01", "2024-02", "2024-03"} {
		files = append(files, file(
			row{id: "a" + m, month: m, lsoa: lsoa1, lon: -1.5, lat: 52.4, place: "Elm Grove"},
			row{id: "b" + m, month: m, lsoa: lsoa2, lon: -1.51, lat: 52.4, place: "Mill Lane"},
			row{id: "x" + m, month: m, lsoa: outside, lon: -1.6, lat: 52.4, place: "Farbury Road"},
		))
		if i < 2 { // the neighbour's March is not imported
			files = append(files, file(
				row{id: "n" + m, month: m, force: "Neighbourshire Police", lsoa: lsoa3, lon: -1.52, lat: 52.41, place: "Park/Open Space"},
				row{id: "n2" + m, month: m, force: "Neighbourshire Police", lsoa: lsoa3, lon: -1.52, lat: 52.41, place: "Park/Open Space"},
			))
		}
	}
	for i, f := range files {
		importRaw(t, e, fmt.Sprint("file ", i), f)
	}
	// Testshire republishes January: Neighbourshire's crimes stay.
	jan := file(row{id: "a2024-01", month: "2024-01", lsoa: lsoa1, lon: -1.5, lat: 52.4, place: "Elm Grove"})
	if sum := importRaw(t, e, "jan again", jan); sum.Removed != 1 || sum.Unchanged != 1 {
		t.Errorf("January again: %+v", sum)
	}
	files = append(files, jan)
	p := pictureMatches(t, e, files...)
	if p.Total.Count != 3+4+2 { // January: 1 + 2, February: 2 + 2, March: 2
		t.Errorf("total %d", p.Total.Count)
	}
	if len(p.Coverage) != 2 || len(p.Coverage[0].Months) != 2 || len(p.Coverage[1].Months) != 3 {
		t.Errorf("coverage %+v", p.Coverage)
	}
	if len(p.Gaps) != 1 || p.Gaps[0].LSOA != lsoa3 || p.Gaps[0].Force != "Neighbourshire Police" ||
		!slices.Equal(p.Gaps[0].Months, []model.Month{mustMonth(t, "2024-03")}) {
		t.Errorf("gaps %+v", p.Gaps)
	}
}

func mustMonth(t *testing.T, s string) model.Month {
	t.Helper()
	m, err := model.ParseMonth(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A month that has not ended (the store's clock is March 2025) is refused
// row by row, and makes no month of zeros.
func TestAFutureMonthIsRefused(t *testing.T) {
	e := newEnv(t)
	withAreas(t, e)
	good := row{id: "g1", month: "2025-02", lsoa: lsoa1, lon: -1.5, lat: 52.4, place: "Elm Grove"}
	raw := file(good,
		row{id: "f1", month: "2025-04", lsoa: lsoa1, lon: -1.5, lat: 52.4, place: "Elm Grove"},
		row{id: "f2", month: "2026-12", lsoa: lsoa1, lon: -1.5, lat: 52.4, place: "Elm Grove"})
	sum := importRaw(t, e, "future", raw)
	if sum.Malformed != 2 || sum.Imported != 1 || len(sum.Problems) != 2 || !strings.Contains(sum.Problems[0].Reason, "2025-04 is in the future") ||
		sum.Problems[1].Line != 4 {
		t.Errorf("%+v", sum)
	}
	p := pictureMatches(t, e, file(good))
	if latest, _ := p.Latest(); latest.String() != "2025-02" {
		t.Errorf("latest %v", latest)
	}
}

// CRLF line ends and a byte-order mark read as the plain file does.
func TestCRLFAndAByteOrderMark(t *testing.T) {
	rows := []row{
		{id: "a", month: "2024-07", lsoa: lsoa1, lon: -1.5, lat: 52.4, place: "Elm Grove", outcome: "Local resolution"},
		{id: "a", month: "2024-07"},
		{month: "2024-07", lsoa: lsoa2, lon: -1.51, lat: 52.4, place: "Mill Lane", typ: model.ASBType},
	}
	plain := file(rows...)
	dos := append([]byte("\ufeff"), bytes.ReplaceAll(plain, []byte("\n"), []byte("\r\n"))...)
	e1, e2 := newEnv(t), newEnv(t)
	withAreas(t, e1)
	withAreas(t, e2)
	a, b := importRaw(t, e1, "plain", plain), importRaw(t, e2, "dos", dos)
	if a.Imported != 2 || b.Imported != a.Imported || b.Duplicates != 1 || b.Malformed != 0 {
		t.Errorf("plain %+v\ndos %+v", a, b)
	}
	pa, pb := pictureMatches(t, e1, plain), pictureMatches(t, e2, dos)
	if jsonOf(t, pa) != jsonOf(t, pb) {
		t.Errorf("the pictures differ:\n%s\n%s", jsonOf(t, pa), jsonOf(t, pb))
	}
	// The same file streamed again changes nothing and audits nothing.
	audit := auditCount(t, e2.s)
	if again := importRaw(t, e2, "dos", dos); !again.NothingChanged || again.Updated != 0 || auditCount(t, e2.s) != audit {
		t.Errorf("again: %+v", again)
	}
}
