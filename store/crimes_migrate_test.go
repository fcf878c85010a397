package store

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// The recount migration, from the file the previous release wrote: one
// crime per Crime ID and month however many LSOAs it was kept in, every
// crime indexed as imported before forces were recorded, the imports'
// months its coverage; then a force's own file claims those crimes.
func TestMigrateCrimesFromSchemaV7(t *testing.T) {
	dir := copyFixture(t, v7Fixture)
	path := filepath.Join(dir, FileName)
	const ward, lsoa1, lsoa2 = "E05999999", "E01999901", "E01999902"

	// As the previous release would have kept a Crime ID split across two
	// LSOAs: a second record of one crime under another LSOA. Counted
	// independently here, from the raw records: crimes by month and type,
	// one per month and Crime ID.
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]int{}
	seen := map[string]bool{}
	var twin []byte
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("crimes"))
		_ = b.ForEach(func(k, v []byte) error {
			parts := bytes.SplitN(k, []byte{0}, 3)
			if twin == nil && string(parts[0]) == lsoa1 && !strings.HasPrefix(string(parts[2]), "~") {
				twin = append(append([]byte(lsoa2+"\x00"), parts[1]...), append([]byte{0}, parts[2]...)...)
				if err := b.Put(twin, v); err != nil {
					return err
				}
			}
			id := string(parts[1]) + "|" + string(parts[2])
			if strings.HasPrefix(string(parts[2]), "~") {
				id = string(k)
			}
			if seen[id] {
				return nil
			}
			seen[id] = true
			var r struct {
				Type string `json:"t"`
			}
			if err := decode(v, &r); err != nil {
				return err
			}
			m := string(parts[1])
			if want[m] == nil {
				want[m] = map[string]int{}
			}
			want[m][r.Type]++
			return nil
		})
		return nil
	})
	db.Close()
	if err != nil || twin == nil || len(seen) != 549 {
		t.Fatalf("the fixture: %d crimes, twin %q, %v", len(seen), twin, err)
	}

	clk := &clock{t: time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)}
	s := openAt(t, dir, clk)
	if v, err := s.SchemaVersion(); err != nil || v != currentSchema {
		t.Fatalf("schema %d, %v", v, err)
	}
	if r, err := s.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %v", r.Faults, err)
	}
	viewer := model.User{Name: "reader", Role: model.RoleObserver, Wards: []string{ward}}
	p, err := s.CrimePicture(viewer, ward, model.CrimeQuery{})
	if err != nil || len(p.Months) != 12 {
		t.Fatalf("%+v %v", p.Months, err)
	}
	total := 0
	for i, m := range p.Months {
		for typ, n := range want[m.String()] {
			got := p.ASB.Counts[i]
			if typ != model.ASBType {
				got = 0
				for _, s := range p.Types {
					if s.Name == typ {
						got = s.Counts[i]
					}
				}
			}
			if got != n {
				t.Errorf("%s %s: %d, want %d", m, typ, got, n)
			}
			total += n
		}
	}
	if total != 549 || p.Total.Count+p.ASB.Count != 549 {
		t.Errorf("%d crimes, want 549 (%d counted)", p.Total.Count+p.ASB.Count, total)
	}
	if len(p.Coverage) != 1 || p.Coverage[0].Force != "" || len(p.Coverage[0].Months) != 12 || len(p.Gaps) != 0 {
		t.Errorf("coverage %+v, gaps %+v", p.Coverage, p.Gaps)
	}

	// Riverside Police republishes the latest month: it claims the old
	// crimes of that month in the LSOAs it reports, and they are replaced.
	latest, _ := p.Latest()
	held := p.Total.Counts[11] + p.ASB.Counts[11]
	raw := file(row{id: "r1", month: latest.String(), force: "Riverside Police", lsoa: lsoa1, lon: -0.1, lat: 51.5, place: "Kingfisher House"},
		row{id: "r2", month: latest.String(), force: "Riverside Police", lsoa: lsoa2, lon: -0.1, lat: 51.5, place: "Station Road"},
		row{id: "r3", month: latest.String(), force: "Riverside Police", lsoa: "E01999903", lon: -0.1, lat: 51.5, place: "Meadows Close"},
		row{id: "r4", month: latest.String(), force: "Riverside Police", lsoa: "E01999904", lon: -0.1, lat: 51.5, place: "Riverside Park"})
	sum, err := s.ImportCrimes(model.Operator, "riverside latest", bytes.NewReader(raw))
	if err != nil || sum.New != 4 || sum.Removed != held || sum.ForceMonths[0].Held != held {
		t.Fatalf("%+v %v (held %d)", sum, err, held)
	}
	p, _ = s.CrimePicture(viewer, ward, model.CrimeQuery{})
	if p.Total.Counts[11]+p.ASB.Counts[11] != 4 || len(p.Coverage) != 2 || len(p.Coverage[0].Months) != 11 ||
		p.Coverage[1].Force != "Riverside Police" || len(p.Gaps) != 0 {
		t.Errorf("after: %v, coverage %+v, gaps %+v", p.Total.Counts, p.Coverage, p.Gaps)
	}
	if r, err := s.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %v", r.Faults, err)
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
