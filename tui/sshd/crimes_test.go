package sshd

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
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
)

const crimeFixtures = "../../store/testdata/crimes"

// The fixtures in the order a panel would import them.
var crimeFiles = []string{
	"2024-01-testshire-street.csv",
	"2024-02-testshire-street.csv",
	"2024-03-testshire-street.csv",
	"2024-04-testshire-street.csv",
	"2024-02-neighbourshire-street.csv",
	"2024-03-testshire-street-as-of-2024-06.csv",
}

// sshRunInput runs one command without a PTY, sending input as its stdin.
func sshRunInput(t *testing.T, addr string, signer gossh.Signer, cmd string, input []byte) (string, string, int) {
	t.Helper()
	c, err := dial(t, addr, gossh.PublicKeys(signer))
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer c.Close()
	return runOn(t, c, cmd, bytes.NewReader(input))
}

// runOn runs one command without a PTY in a session of its own on c,
// reading stdin, and returns stdout, stderr and the exit status.
func runOn(t testing.TB, c *gossh.Client, cmd string, stdin io.Reader) (string, string, int) {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	var out, errOut bytes.Buffer
	sess.Stdin, sess.Stdout, sess.Stderr = stdin, &out, &errOut
	err = sess.Run(cmd)
	code := 0
	var exit *gossh.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitStatus()
	} else if err != nil {
		t.Fatalf("run %q: %v", cmd, err)
	}
	return out.String(), errOut.String(), code
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(crimeFixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// withCrimes makes the test ward out of the fixture lookup's Northgate
// LSOAs, and has the police officer import every fixture over SSH.
func (f *fixture) withCrimes(t *testing.T) []string {
	t.Helper()
	lsoas, err := f.st.SetWardLSOAsFromLookup(model.Operator, testWard, bytes.NewReader(readFixture(t, "lookup.csv")))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range crimeFiles {
		out, errOut, code := sshRunInput(t, f.addr, f.police, "import crimes", readFixture(t, name))
		if code != 0 || !strings.Contains(out, " rows read; ") {
			t.Fatalf("import %s: exit %d %q %q", name, code, out, errOut)
		}
	}
	return lsoas
}

// independentCounts counts the fixtures' crimes in lsoas straight from the
// files with encoding/csv, as police.uk means them: each file replaces the
// force-months it holds; in a force-month a Crime ID is one crime, placed
// by its first row with an LSOA; a row with no Crime ID is an incident.
// byMonth counts by month and type (ASB too); byPlace counts recorded
// crime by location.
func independentCounts(t *testing.T, lsoas []string) (byMonth map[string]map[string]int, byPlace map[string]int) {
	t.Helper()
	type crime struct{ month, typ, place, lsoa string }
	forceMonths := map[string][]crime{}
	for _, name := range crimeFiles {
		recs, err := csv.NewReader(bytes.NewReader(readFixture(t, name))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		replaced := map[string]bool{}
		placed := map[string]bool{}
		for _, r := range recs[1:] {
			fm := r[2] + "|" + r[1]
			if !replaced[fm] {
				replaced[fm], forceMonths[fm] = true, nil
			}
			if id := fm + "|" + r[0]; r[0] != "" {
				if placed[id] || r[7] == "" {
					continue
				}
				placed[id] = true
			}
			forceMonths[fm] = append(forceMonths[fm], crime{r[1], r[9], r[6], r[7]})
		}
	}
	byMonth, byPlace = map[string]map[string]int{}, map[string]int{}
	for _, crimes := range forceMonths {
		for _, c := range crimes {
			if !slices.Contains(lsoas, c.lsoa) {
				continue
			}
			if byMonth[c.month] == nil {
				byMonth[c.month] = map[string]int{}
			}
			byMonth[c.month][c.typ]++
			if c.typ != model.ASBType {
				byPlace[c.place]++
			}
		}
	}
	return byMonth, byPlace
}

// The figures `crimes --json` prints are the counts worked out from the
// fixture files by the test itself.
func TestCrimesJSONMatchesTheFixtures(t *testing.T) {
	f := startServer(t, false)
	lsoas := f.withCrimes(t)
	wantMonth, wantPlace := independentCounts(t, lsoas)

	out, errOut, code := sshRun(t, f.addr, f.housing, "crimes --json --top 0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got crimesJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.Ward.Code != testWard || !slices.Equal(got.LSOAs, lsoas) {
		t.Errorf("ward %+v, LSOAs %v", got.Ward, got.LSOAs)
	}
	var months []string
	for m := range wantMonth {
		months = append(months, m)
	}
	slices.Sort(months)
	if len(got.ByMonth) != len(months) {
		t.Fatalf("months %v, want %v", got.Months, months)
	}
	total := 0
	for i, bm := range got.ByMonth {
		sum := 0
		want := map[string]int{}
		for typ, n := range wantMonth[months[i]] {
			if typ != model.ASBType {
				sum += n
				want[typ] = n
			}
		}
		total += sum
		if bm.Month.String() != months[i] || bm.Total != sum || !mapsEqual(bm.Types, want) || bm.ASB != wantMonth[months[i]][model.ASBType] {
			t.Errorf("%s: %d %v, want %s: %d %v", bm.Month, bm.Total, bm.Types, months[i], sum, want)
		}
		if got.Total.Counts[i] != sum {
			t.Errorf("%s: total series %d, want %d", months[i], got.Total.Counts[i], sum)
		}
		for _, typ := range got.Types {
			if typ.Counts[i] != wantMonth[months[i]][typ.Name] {
				t.Errorf("%s %s: %d, want %d", months[i], typ.Name, typ.Counts[i], wantMonth[months[i]][typ.Name])
			}
		}
	}
	if got.Total.Count != total {
		t.Errorf("total %d, want %d", got.Total.Count, total)
	}
	// The latest month against the average of the three before.
	last := len(months) - 1
	latest := got.ByMonth[last].Total
	prev := 0
	for _, bm := range got.ByMonth[last-3 : last] {
		prev += bm.Total
	}
	avg := float64(prev) / 3
	if got.Total.Latest != latest || got.Total.Previous != avg || got.Total.Change == nil || *got.Total.Change != (float64(latest)-avg)/avg*100 {
		t.Errorf("latest %d against %v: got %+v", latest, avg, got.Total)
	}
	// Places, ranked by count.
	if len(got.Locations) != len(wantPlace) || got.LocationsInAll != len(wantPlace) {
		t.Errorf("%d places, want %d", len(got.Locations), len(wantPlace))
	}
	for i, l := range got.Locations {
		if l.Count != wantPlace[l.Name] || i > 0 && l.Count > got.Locations[i-1].Count || l.Place == nil || l.Place.GridRef == "" {
			t.Errorf("place %d %s: %d, want %d", i, l.Name, l.Count, wantPlace[l.Name])
		}
	}

	// The text form says the same.
	text, _, code := sshRun(t, f.addr, f.police, "crimes")
	for _, want := range []string{"Testford (E05000001): police.uk street-level crime, Jan 2024 to Apr 2024",
		"Latest month Apr 2024 against the average of Jan 2024 to Mar 2024.",
		fmt.Sprintf("All crime                          %d", got.Total.Counts[0]),
		"Covered by Neighbourshire Police: Feb 2024.", "Covered by Testshire Constabulary: Jan 2024 to Apr 2024.",
		"(anti-social behaviour is incidents, not recorded crime: apart, as police.uk shows it)",
		"Elm Grove             SP 334 779      5      2    1.0  ≈        Burglary", "OUTCOMES (share of the window's crimes by last outcome)",
		"REPEAT PLACES (in a type's top 5 in at least 3 of the last 6 months)", "POSSIBLE LINKED SERIES (one type within 250 m",
		"only when an exact Poisson test gives p < 0.05"} {
		if code != 0 || !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestImportCrimesOverSSH(t *testing.T) {
	f := startServer(t, false)
	if _, err := f.st.SetWardLSOAsFromLookup(model.Operator, testWard, bytes.NewReader(readFixture(t, "lookup.csv"))); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := sshRunInput(t, f.addr, f.police, "import crimes", readFixture(t, "malformed.csv"))
	if code != 0 || !strings.Contains(out, "9 rows read; replaces Testshire Constabulary 2024-04 (new); 3 in the wards' areas (3 new") ||
		!strings.Contains(out, "line 4 skipped: month") ||
		strings.Count(out, "skipped") != 6 || errOut != "" {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
	// The same input again changes nothing, and is not audited.
	rev := f.st.Revision()
	out, _, code = sshRunInput(t, f.addr, f.police, "import crimes --json", readFixture(t, "malformed.csv"))
	var sum model.CrimeImport
	if err := json.Unmarshal([]byte(out), &sum); code != 0 || err != nil || sum.New != 0 || sum.Updated != 0 || sum.Unchanged != 3 ||
		!sum.NothingChanged || sum.Previous != 1 || f.st.Revision() != rev {
		t.Errorf("again: exit %d %+v %v (revision %d→%d)", code, sum, err, rev, f.st.Revision())
	}

	resident := newSigner(t)
	if _, err := f.st.AddUser(model.Operator, model.User{Name: "Rae Resident", Agency: "housing", Role: model.RoleMember,
		Wards: []string{testWard}, Keys: []model.Key{model.KeyFrom(resident.PublicKey(), "")}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		signer   gossh.Signer
		cmd      string
		input    string
		wantCode int
		wantErr  string
	}{
		{"a member may not import", resident, "import crimes", string(readFixture(t, "2024-01-testshire-street.csv")), 1, "only officers and admins import crime data"},
		{"import what", f.police, "import", "", 2, "import needs one of: crimes"},
		{"import people", f.police, "import people", "", 2, "import needs one of: crimes"},
		{"unknown flag", f.police, "import crimes --force", "", 2, `unknown flag "--force"`},
		{"not a police.uk file", f.police, "import crimes", "lsoa_code,ward_code\n", 1, "is not a police.uk street-level file"},
		{"nothing sent", f.police, "import crimes", "", 1, "is empty"},
		{"months out of range", f.housing, "crimes --months 0", "", 2, "--months is 1 to 120"},
		{"months not a number", f.housing, "crimes --months many", "", 2, "not a whole number"},
		{"another ward", f.housing, "crimes --ward E05000002", "", 1, "not a member of ward E05000002"},
		{"bad ward", f.housing, "crimes --ward nowhere", "", 2, "not a ward code"},
		{"stray argument", f.housing, "crimes now", "", 2, `unexpected argument "now"`},
		{"unknown type", f.housing, "crimes --type zzz", "", 2,
			`"zzz" is not a police.uk crime type; the types are: Anti-social behaviour, Bicycle theft, Burglary,`},
		{"json and csv", f.housing, "crimes --json --csv", "", 2, "choose one of --json and --csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := sshRunInput(t, f.addr, tt.signer, tt.cmd, []byte(tt.input))
			if code != tt.wantCode || !strings.Contains(errOut, tt.wantErr) || strings.Count(errOut, "\n") != 1 || out != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and one line containing %q", code, out, errOut, tt.wantCode, tt.wantErr)
			}
		})
	}
	// A member reads the picture: police.uk data is public.
	if _, _, code := sshRunInput(t, f.addr, f.police, "import crimes", readFixture(t, "2024-03-testshire-street.csv")); code != 0 {
		t.Fatal("import March")
	}
	out, errOut, code = sshRun(t, f.addr, resident, "crimes --months 2 --top 1")
	if code != 0 || !strings.Contains(out, "Mar 2024 to Apr 2024") || !strings.Contains(out, "TOP 1 OF 5 PLACES") {
		t.Errorf("member: exit %d %q %q", code, out, errOut)
	}
	// --type in any case; the types table honours it too.
	out, _, code = sshRun(t, f.addr, resident, "crimes --months 1 --type BURGLARY")
	if code != 0 || !strings.Contains(out, "crime, Apr 2024, in LSOAs") || !strings.Contains(out, "PLACE: BURGLARY ONLY") ||
		!strings.Contains(out, "Elm Grove") || strings.Contains(out, "Mill Lane") || strings.Contains(out, "Vehicle crime") ||
		strings.Contains(out, model.ASBType) {
		t.Errorf("burglary: exit %d %q", code, out)
	}
}

// crimes --csv is every part of the picture as one table: its counts are
// those of --json.
func TestCrimesCSV(t *testing.T) {
	f := startServer(t, false)
	f.withCrimes(t)
	out, errOut, code := sshRun(t, f.addr, f.housing, "crimes --csv --top 0")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(recs) < 2 || !slices.Equal(recs[0], model.CrimeCSVHeader) {
		t.Fatalf("exit %d %v %q\n%s", code, err, errOut, out)
	}
	js, _, _ := sshRun(t, f.addr, f.housing, "crimes --json --top 0")
	var got crimesJSON
	if err := json.Unmarshal([]byte(js), &got); err != nil {
		t.Fatal(err)
	}
	sections := map[string]int{}
	total, asb, places := 0, 0, 0
	for _, r := range recs[1:] {
		sections[r[0]]++
		if r[0] != "count" {
			continue
		}
		n := 0
		fmt.Sscan(r[7], &n)
		switch {
		case r[1] == "All crime" && r[2] == "":
			total += n
		case r[1] == model.ASBType && r[2] == "":
			asb += n
		case r[2] != "":
			places += n
		}
	}
	if total != got.Total.Count || asb != got.ASB.Count || places != got.Total.Count {
		t.Errorf("csv: total %d, ASB %d, places %d; json: %d, %d", total, asb, places, got.Total.Count, got.ASB.Count)
	}
	for _, s := range []string{"count", "trend", "outcome", "repeat", "coverage", "rule"} {
		if sections[s] == 0 {
			t.Errorf("no %s rows: %v", s, sections)
		}
	}
}

func TestCrimesWithoutData(t *testing.T) {
	f := startServer(t, false)
	out, _, code := sshRun(t, f.addr, f.housing, "crimes")
	if code != 0 || !strings.Contains(out, "no crime data: an admin has not yet set the LSOAs") {
		t.Errorf("exit %d %q", code, out)
	}
	out, _, code = sshRun(t, f.addr, f.housing, "crimes --json")
	var got crimesJSON
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil || len(got.Months) != 0 || got.Types == nil || got.ByMonth == nil {
		t.Errorf("exit %d %+v %v", code, got, err)
	}
}
