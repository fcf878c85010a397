package store

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

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

// hostileCrimes is a street-level file of the lines the fast path leaves
// to the long way, beside plain ones it reads: quotes, CRLF, a byte-order
// mark, control bytes and escapes, text that is not ASCII, bad and
// missing coordinates, LSOA codes in small letters, repeated Crime IDs,
// future months, a second header, blank lines and an overlong line.
func hostileCrimes() []byte {
	const lines = `<BOM><HEADER>
<ID1>,2024-04,<F>,<F>,-1.500100,52.401800,On or near Mill Lane,E01000001,Testford 001A,Burglary,Under investigation,
<ID1>,2024-04,<F>,<F>,-1.500200,52.401900,On or near Mill Lane,E01000002,Testford 001B,Burglary,Court result unavailable,
<ID2>,2024-04,<F>,<F>,,,No Location,,,Burglary,,
<ID2>,2024-04,<F>,<F>,-1.4987,52.4032,"On or near Station Road, East",E01000002,Testford 001B,Burglary,,
<ID3>,2024-04,<F>,<F>,-1.5,52.4,"On or near ""The"" Parade",E01000001,Testford 001A,Robbery,,<CR>
<ID4>,2024-04,<F>,<F>,-1.5,52.4,On or near Café Row,e01000001,Testford 001A,Drugs,,
<ID5>,2024-04,<F>,<F>,-1.5,52.4,On or near <ESC>[31mRed<ESC>[0m Lane,E01000001,Testford<TAB>001A,Drugs,,
<ID6>,2024-04,<F>,<F>,-1.5,952.4,On or near Mill Lane,E01000001,Testford 001A,Drugs,,
<ID7>,2024-04,<F>,<F>,-1.5,,On or near Mill Lane,E01000001,Testford 001A,Drugs,,
<ID8>,2024-04,<F>,<F>,-1.50000000000000001,52.4,On or near Mill Lane,E01000001,Testford 001A,Drugs,,
<ID9>,2099-01,<F>,<F>,-1.5,52.4,On or near Mill Lane,E01000001,Testford 001A,Drugs,,
<IDa>,2024-04,<F>,<F>,-1.5,52.4,"On or near Mill Lane,E01000001,Testford 001A,Drugs,,
<IDb>,2024-04,<F>,<F>,-1.5,52.4,On or near Mill Lane,E01000001,Testford 001A,,,

   
,2024-04,<F>,<F>,-1.501200,52.401100,On or near Mill Lane,E01000001,Testford 001A,Anti-social behaviour,,
,2024-04,<F>,<F>,-1.501200,52.401100,On or near Mill Lane,E01000001,Testford 001A,Anti-social behaviour,,
,2024-04, <F> ,<F>,-1.501200,52.401100, On or near Mill Lane ,E01000001,Testford 001A,Anti-social behaviour,,
,2024-04,<F>,<F>,-1.501200,52.401100,On or near Mühle,E01000001,Testford 001A,Anti-social behaviour,,
,2024-04,<F>,<F>,,,No Location,,,Anti-social behaviour,,
<HEADER>
MET-12_x,2024-04,<F>,<F>,-1.5,52.4,On or near Mill Lane,E01000002,Testford 001B,Shoplifting,,
MET-12_x,2024-04,<F>,<F>,-1.5,52.4,On or near Mill Lane,E01000002,Testford 001B,Shoplifting,,
not/an/id,2024-04,<F>,<F>,-1.5,52.4,On or near Mill Lane,E01000002,Testford 001B,Shoplifting,,
<IDc>,2024-04,<F>,<F>,-1.5,52.4,<LONG>,E01000001,Testford 001A,Drugs,,
<IDd>,2024-04,<F>,<F>,-1.5,52.4,<300X>,E01000001,Testford 001A,Drugs,,
<IDe>,2024-03,Other Force,Other Force,-1.5,52.4,On or near Mill Lane,E01000001,Testford 001A,Drugs,,
<IDf>,2024-04,<F>,<F>,-1.5,52.4,On or near Mill Lane,E01000001,Testford 001A,Drugs,Unable to prosecute suspect`
	subst := []string{"<BOM>", "\ufeff", "<HEADER>", strings.Join(model.CrimeColumns, ","), "<F>", "Testshire Constabulary",
		"<CR>", "\r", "<ESC>", "\x1b", "<TAB>", "\t", "<LONG>", strings.Repeat("long ", 70<<10/5), "<300X>", strings.Repeat("x", 300)}
	for i, n := range "123456789abcdef" {
		subst = append(subst, "<ID"+string(n)+">", fmt.Sprintf("%064x", 0xabc000+i+1))
	}
	// Every line ends CR LF, as police.uk's own files do.
	return []byte(strings.ReplaceAll(strings.NewReplacer(subst...).Replace(lines), "\n", "\r\n"))
}

// The fast path (model.ReadPlainCrimeRow on the read buffer) and the long
// way (every line through SplitCSVLine and ParseCrimeRecord) store the
// same bytes and report the same summaries, problems and errors, for the
// fixtures imported in turn (republished months, two forces), a generated
// force's month imported twice, and hostile lines.
func TestPlainRowsImportAsTheLongWay(t *testing.T) {
	type step struct {
		name string
		raw  []byte
	}
	var steps []step
	for _, name := range append(slices.Clone(crimeFiles), "malformed.csv") {
		raw, err := os.ReadFile(filepath.Join(crimeFixtures, name))
		if err != nil {
			t.Fatal(err)
		}
		steps = append(steps, step{name, raw})
	}
	gen, err := io.ReadAll(newCrimeGen(5_000))
	if err != nil {
		t.Fatal(err)
	}
	steps = append(steps, step{"generated", gen}, step{"hostile", hostileCrimes()}, step{"generated again", gen},
		step{"not police.uk", []byte("a,b,c\n1,2,3\n")}, step{"empty", nil})
	run := func(plain bool) (sums []string, db map[string]string) {
		defer func(was bool) { plainRows = was }(plainRows)
		plainRows = plain
		e := newEnv(t)
		withAreas(t, e)
		for _, st := range steps {
			sum, err := e.s.ImportCrimes(model.Operator, st.name, bytes.NewReader(st.raw))
			sums = append(sums, fmt.Sprintf("%s: %+v %v", st.name, sum, err))
		}
		return sums, dumpStore(t, e.s)
	}
	fastSums, fastDB := run(true)
	longSums, longDB := run(false)
	for i := range fastSums {
		if fastSums[i] != longSums[i] {
			t.Errorf("the fast path's import:\n%s\nthe long way's:\n%s", fastSums[i], longSums[i])
		}
	}
	if !maps.Equal(fastDB, longDB) {
		for k, v := range fastDB {
			if longDB[k] != v {
				t.Errorf("%q: the fast path stored %q, the long way %q", k, v, longDB[k])
			}
		}
		for k := range longDB {
			if _, ok := fastDB[k]; !ok {
				t.Errorf("%q: stored only the long way", k)
			}
		}
	}
	// The files did reach the blocks: the comparison is not of two empty stores.
	if n := len(slices.DeleteFunc(slices.Collect(maps.Keys(fastDB)), func(k string) bool { return !strings.HasPrefix(k, "crimes/") })); n < 10 {
		t.Errorf("%d crime blocks stored", n)
	}
	for _, want := range []string{"hostile: ", "Malformed:", "not police.uk: "} {
		if !strings.Contains(strings.Join(fastSums, "\n"), want) {
			t.Errorf("no %q in the summaries", want)
		}
	}
}

// dumpStore is every key and value of every bucket, by bucket path.
func dumpStore(t *testing.T, s *Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	var walk func(path string, b *bolt.Bucket) error
	walk = func(path string, b *bolt.Bucket) error {
		return b.ForEach(func(k, v []byte) error {
			if v == nil {
				return walk(path+string(k)+"/", b.Bucket(k))
			}
			out[path+string(k)] = string(v)
			return nil
		})
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error { return walk(string(name)+"/", b) })
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
