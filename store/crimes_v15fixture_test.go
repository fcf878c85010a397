package store

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// v15CrimesFixture is a file the schema-15 release wrote, one crime per
// bbolt key: north and south with their areas from the fixture lookup, and
// every fixture file but the last (March republished) imported in turn.
const v15CrimesFixture = "testdata/schema-v15-crimes.db"

// v15Imported are the fixture files imported into v15CrimesFixture.
var v15Imported = crimeFiles[:len(crimeFiles)-1]

// TestWriteSchemaV15CrimesFixture wrote v15CrimesFixture with the schema-15
// code (commit 0047881); it cannot be rewritten by later code, which keeps
// crimes in blocks.
func TestWriteSchemaV15CrimesFixture(t *testing.T) {
	if !*updateFixtures {
		t.Skip("run with -update-fixtures to rewrite " + v15CrimesFixture)
	}
	if currentSchema != 15 {
		t.Skip("written by the schema-15 code only")
	}
	e := newEnv(t)
	withAreas(t, e)
	for _, name := range v15Imported {
		importFile(t, e.s, model.Operator, name)
	}
	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(e.dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(v15CrimesFixture, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

// v15Crimes lists every crime the file keeps, one line each, as the
// schema-15 release kept them: LSOA, month, key, force, what it says and
// the import that wrote it.
func v15Crimes(t *testing.T, path string) []string {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []string
	err = db.View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("crimes")).ForEach(func(k, v []byte) error {
			var r struct {
				Type     string    `json:"t"`
				Location string    `json:"l"`
				Point    []float64 `json:"p"`
				Outcome  string    `json:"o"`
				Context  string    `json:"c"`
				Import   uint64    `json:"i"`
				Force    string    `json:"f"`
			}
			if err := decode(v, &r); err != nil {
				return err
			}
			parts := strings.SplitN(string(k), "\x00", 3)
			out = append(out, fmt.Sprintf("%s|%s|%s|%s|%s|%s|%v|%s|%s|%d", parts[0], parts[1], parts[2], r.Force,
				r.Type, r.Location, r.Point, r.Outcome, r.Context, r.Import))
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// blockCrimes lists the crimes the blocks keep, as v15Crimes does.
func blockCrimes(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketCrimes).ForEach(func(k, v []byte) error {
			lsoa, m, force, err := splitCrimeBlockKey(k)
			if err != nil {
				return err
			}
			block, err := decodeCrimeBlock(v, nil)
			if err != nil {
				return err
			}
			for _, c := range block {
				r := c.rec
				var point []float64
				if r.HasPoint {
					point = []float64{r.Longitude, r.Latitude}
				}
				out = append(out, fmt.Sprintf("%s|%s|%s|%s|%s|%s|%v|%s|%s|%d", lsoa, m, c.key, force,
					r.Type, r.Location, point, r.Outcome, r.Context, r.Import))
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// The block migration from the file the schema-15 release wrote: every
// crime keeps its key, force, text, point and import; the pictures are the
// files' own; the same file imported again changes nothing; a
// republished month then replaces what the migration moved.
func TestMigrateCrimesToBlocksFromSchemaV15(t *testing.T) {
	dir := copyFixture(t, v15CrimesFixture)
	before := v15Crimes(t, filepath.Join(dir, FileName))
	if len(before) < 20 {
		t.Fatalf("the fixture holds %d crimes", len(before))
	}
	s := openAt(t, dir, newClock())
	if v, err := s.SchemaVersion(); err != nil || v != currentSchema {
		t.Fatalf("schema %d, %v", v, err)
	}
	if r, err := s.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %v", r.Faults, err)
	}
	if after := blockCrimes(t, s); !slices.Equal(after, before) {
		t.Fatalf("the crimes changed:\n got %q\nwant %q", after, before)
	}
	viewer := model.User{Name: "reader", Role: model.RoleObserver, Wards: []string{north}}
	lsoas, _ := s.WardLSOAs(north)
	wantMT, wantPlace := countFixtures(t, v15Imported, lsoas)
	p, err := s.CrimePicture(viewer, north, model.CrimeQuery{Months: 12})
	if err != nil {
		t.Fatal(err)
	}
	checkPicture(t, p, wantMT, wantPlace)

	again := importFile(t, s, model.Operator, v15Imported[2])
	if !again.NothingChanged || again.Unchanged != again.Imported || again.Previous == 0 {
		t.Errorf("the same file again: %+v", again)
	}
	later := importFile(t, s, model.Operator, crimeFiles[len(crimeFiles)-1])
	if later.New != 0 || later.Updated != 3 || later.Unchanged != 5 || later.Removed != 0 {
		t.Errorf("March republished: %+v", later)
	}
	wantMT, wantPlace = countFixtures(t, crimeFiles, lsoas)
	p, _ = s.CrimePicture(viewer, north, model.CrimeQuery{Months: 12})
	checkPicture(t, p, wantMT, wantPlace)
	if r, err := s.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %v", r.Faults, err)
	}
}
