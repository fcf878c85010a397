package store

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// The crime picture (issue 7): police.uk street-level files imported by
// LSOA, the LSOAs each ward is made of, and each ward's picture drawn from
// the crimes in its LSOAs.
//
// Importing is in crimes_import.go (issue 20): a file replaces the
// force-months it covers, each in one transaction, and what the import did
// (its summary in crime_imports), its one audit entry and the revision are
// then one change through s.change, as every other write is.
//
// A force-month's crimes in one LSOA are one record, a block keyed by
// LSOA, month and force (crimes_codec.go, since schema 16); crimes_by_force
// lists the LSOAs each force-month has a block in. Within its block a
// crime is known by its Crime ID. Anti-social behaviour has no Crime ID:
// such a row is known by the hash of the row and its number among
// identical rows of its force-month ("~hash.2" is the second), since two
// incidents at the same anonymised point in a month read the same. Which
// import wrote a crime last is kept with it.
//
// Rows whose LSOA no ward is made of are counted and not kept: a force's
// file holds a hundred times the crimes of a panel's wards. After a ward's
// areas change, import the files again.
//
// Crime data is public, so a ward's picture is for every user of the ward
// (model.CheckSeeCrimes); imports are for officers and admins
// (model.CheckImportCrimes), areas for admins. A picture is a pure
// function of the ward's counts, which are cached per ward and recomputed
// only when the crimes bucket's sequence, bumped by every write that can
// change a picture, has moved.

// SetWardLSOAs makes ward out of the given LSOAs, replacing the ones it
// had; an empty list leaves it with none. An LSOA belongs to one ward: one
// that is another ward's is refused (ErrDuplicate), naming the ward. Admin
// or operator only. Returns the ward's LSOAs, sorted.
func (s *Store) SetWardLSOAs(by model.Actor, ward string, lsoas []string) ([]string, error) {
	return s.setWardLSOAs(by, ward, lsoas)
}

// SetWardLSOAsFromLookup is SetWardLSOAs with the ward's LSOAs read from
// an LSOA-to-ward lookup (ReadLSOALookup).
func (s *Store) SetWardLSOAsFromLookup(by model.Actor, ward string, lookup io.Reader) ([]string, error) {
	code, err := model.ParseWardCode(ward)
	if err != nil {
		return nil, err
	}
	lsoas, err := ReadLSOALookup(lookup, code)
	if err != nil {
		return nil, err
	}
	return s.setWardLSOAs(by, code, lsoas)
}

// WardLSOAs lists the LSOAs ward is made of, sorted. LSOA codes are public
// geography: anyone may read them.
func (s *Store) WardLSOAs(ward string) ([]string, error) {
	code, err := model.ParseWardCode(ward)
	if err != nil {
		return nil, err
	}
	var out []string
	err = s.view("read ward areas", func(tx *bolt.Tx) error {
		if tx.Bucket(bucketWards).Get([]byte(code)) == nil {
			return unknownWard(code)
		}
		out = wardLSOAs(tx, code)
		return nil
	})
	return out, err
}

// CrimePicture is ward's crime picture as q asks for it: the months of the
// window, counts by month for all crime, each type and each location,
// ranked, with the latest month against the average of the three before.
// For the ward's users only (model.CheckSeeCrimes).
func (s *Store) CrimePicture(viewer model.User, ward string, q model.CrimeQuery) (model.CrimePicture, error) {
	code, err := model.ParseWardCode(ward)
	if err != nil {
		return model.CrimePicture{}, err
	}
	var counts model.CrimeCounts
	err = s.view("read the crime picture", func(tx *bolt.Tx) error {
		if tx.Bucket(bucketWards).Get([]byte(code)) == nil {
			return unknownWard(code)
		}
		if err := model.CheckSeeCrimes(viewer, code); err != nil {
			return err
		}
		counts, err = s.wardCrimeCounts(tx, code)
		return err
	})
	if err != nil {
		return model.CrimePicture{}, err
	}
	return counts.Picture(q), nil
}

// CrimeImports lists the files imported whole, oldest first: what each
// import did, by its SHA-256.
func (s *Store) CrimeImports() ([]model.CrimeImport, error) {
	out := []model.CrimeImport{}
	err := s.view("list crime imports", func(tx *bolt.Tx) error {
		return tx.Bucket(bucketCrimeImports).ForEach(func(_, v []byte) error {
			var imp model.CrimeImport
			if err := decode(v, &imp); err != nil {
				return err
			}
			out = append(out, imp)
			return nil
		})
	})
	slices.SortFunc(out, func(a, b model.CrimeImport) int { return cmp.Compare(a.Number, b.Number) })
	return out, err
}

// ReadLSOALookup reads an LSOA-to-ward lookup, a CSV file with a header,
// and returns the LSOAs it puts in ward, sorted. The columns are found by
// name: lsoa_code and ward_code, or the ONS names (LSOA21CD, WD24CD, …).
// A lookup that puts no LSOA in the ward is refused: it is the wrong file,
// or the wrong ward.
func ReadLSOALookup(r io.Reader, ward string) ([]string, error) {
	code, err := model.ParseWardCode(ward)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fail(model.ErrInvalid, "the lookup has no header line")
	}
	lsoaCol, wardCol := -1, -1
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		switch {
		case lsoaCol < 0 && (h == "lsoa_code" || h == "lsoa code" || onsLSOA.MatchString(h)):
			lsoaCol = i
		case wardCol < 0 && (h == "ward_code" || h == "ward code" || onsWard.MatchString(h)):
			wardCol = i
		}
	}
	if lsoaCol < 0 || wardCol < 0 {
		return nil, fail(model.ErrInvalid, "the lookup needs lsoa_code and ward_code columns; its header is %q",
			model.CleanLine(strings.Join(header, ","), 120))
	}
	var out []string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fail(model.ErrInvalid, "the lookup's line %d: %s", line, model.CleanLine(err.Error(), 120))
		}
		if len(rec) <= max(lsoaCol, wardCol) {
			return nil, fail(model.ErrInvalid, "the lookup's line %d has %d fields", line, len(rec))
		}
		if !strings.EqualFold(strings.TrimSpace(rec[wardCol]), code) {
			continue
		}
		lsoa, err := model.ParseLSOACode(rec[lsoaCol])
		if err != nil {
			return nil, fail(model.ErrInvalid, "the lookup's line %d: %s", line, err)
		}
		out = append(out, lsoa)
	}
	if len(out) == 0 {
		return nil, fail(model.ErrInvalid, "the lookup puts no LSOA in ward %s", code)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

var (
	onsLSOA = regexp.MustCompile(`^lsoa[0-9]{2}cd$`)
	onsWard = regexp.MustCompile(`^wd[0-9]{2}cd$`)
)

// Keys and records.

// crimeBlockKey is LSOA, 0x00, month, 0x00, force: the key of the block of
// the force-month's crimes in the LSOA (crimes_codec.go).
func crimeBlockKey(lsoa string, m model.Month, force string) []byte {
	k := make([]byte, 0, len(lsoa)+len(force)+9)
	k = append(k, lsoa...)
	k = append(k, 0)
	k = m.Append(k)
	k = append(k, 0)
	return append(k, force...)
}

// crimeLSOAPrefix is what every key of an LSOA's crimes starts with.
func crimeLSOAPrefix(lsoa string) []byte { return append([]byte(lsoa), 0) }

// splitCrimeBlockKey reads a block's key back, or says what is wrong with it.
func splitCrimeBlockKey(k []byte) (lsoa string, m model.Month, force string, err error) {
	parts := bytes.SplitN(k, []byte{0}, 3)
	if len(parts) != 3 {
		return "", 0, "", errors.New("it is not LSOA, month and force")
	}
	if code, err := model.ParseLSOACode(string(parts[0])); err != nil || code != string(parts[0]) {
		return "", 0, "", fmt.Errorf("%q is not an LSOA code", parts[0])
	}
	if m, err = model.ParseMonth(string(parts[1])); err != nil || m.String() != string(parts[1]) {
		return "", 0, "", fmt.Errorf("%q is not a month", parts[1])
	}
	return string(parts[0]), m, string(parts[2]), nil
}

// crimeKeyMonth reads only the month of a block's key, for the scans that
// count crimes; Check reads the rest.
func crimeKeyMonth(k []byte) (model.Month, bool) {
	i := bytes.IndexByte(k, 0)
	if i < 0 || len(k) < i+9 || k[i+8] != 0 {
		return 0, false
	}
	m, err := model.ParseMonth(string(k[i+1 : i+8]))
	return m, err == nil
}

// crimeRecord is a crime as its block keeps it: what the block's key and
// the crime's own key do not already say, and the import that wrote it
// last.
type crimeRecord struct {
	Type, Location, Outcome, Context string
	// HasPoint says Longitude and Latitude are police.uk's map point.
	HasPoint            bool
	Longitude, Latitude float64
	Import              uint64
}

// place is the crime's snap point, as the picture counts it.
func (r *crimeRecord) place() model.CrimePlace {
	return model.CrimePlace{Name: r.Location, HasPoint: r.HasPoint, Longitude: r.Longitude, Latitude: r.Latitude}
}

// samePoint compares two records' points.
func samePoint(a, b *crimeRecord) bool {
	return a.HasPoint == b.HasPoint && a.Longitude == b.Longitude && a.Latitude == b.Latitude
}

// sameCrime compares what two records say of the crime, not who wrote them.
func sameCrime(a, b *crimeRecord) bool {
	return a.Type == b.Type && a.Location == b.Location && samePoint(a, b) && a.Outcome == b.Outcome && a.Context == b.Context
}

// eachWardCrime calls fn with every crime kept in lsoas and its month:
// the ward's picture, and a plan's before and after, count them.
func eachWardCrime(tx *bolt.Tx, lsoas []string, fn func(m model.Month, r *crimeRecord)) error {
	c := tx.Bucket(bucketCrimes).Cursor()
	var block []blockCrime
	for _, l := range lsoas {
		prefix := crimeLSOAPrefix(l)
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			m, ok := crimeKeyMonth(k)
			if !ok {
				return fmt.Errorf("crime key %q has no month: %w", k, ErrCorrupt)
			}
			var err error
			if block, err = decodeCrimeBlock(v, block[:0]); err != nil {
				return fmt.Errorf("crimes %q: %w: %w", k, err, ErrCorrupt)
			}
			for i := range block {
				fn(m, &block[i].rec)
			}
		}
	}
	return nil
}

// bumpCrimeStamp marks a change to what pictures are drawn from: cached
// counts drawn at an older stamp are stale.
func bumpCrimeStamp(tx *bolt.Tx) error {
	b := tx.Bucket(bucketCrimes)
	return b.SetSequence(b.Sequence() + 1)
}

// wardLSOAs are the LSOAs lsoa_wards puts in ward, sorted (the bucket's order).
func wardLSOAs(tx *bolt.Tx, ward string) []string {
	out := []string{}
	_ = tx.Bucket(bucketLSOAWards).ForEach(func(k, v []byte) error {
		if string(v) == ward {
			out = append(out, string(k))
		}
		return nil
	})
	return out
}

// Ward areas.

func (s *Store) setWardLSOAs(by model.Actor, ward string, lsoas []string) ([]string, error) {
	if err := checkAdmin(by); err != nil {
		return nil, err
	}
	code, err := model.ParseWardCode(ward)
	if err != nil {
		return nil, err
	}
	want := make([]string, 0, len(lsoas))
	for _, l := range lsoas {
		c, err := model.ParseLSOACode(l)
		if err != nil {
			return nil, err
		}
		want = append(want, c)
	}
	slices.Sort(want)
	want = slices.Compact(want)
	err = s.change("set ward areas", by, func(tx *bolt.Tx, _ time.Time) (model.AuditEntry, error) {
		if tx.Bucket(bucketWards).Get([]byte(code)) == nil {
			return model.AuditEntry{}, unknownWard(code)
		}
		b := tx.Bucket(bucketLSOAWards)
		for _, l := range want {
			if other := b.Get([]byte(l)); other != nil && string(other) != code {
				return model.AuditEntry{}, fail(model.ErrDuplicate,
					"LSOA %s is in ward %s already; take it out of that ward first (wardpanel ward lsoas --code %s …)", l, other, other)
			}
		}
		had := wardLSOAs(tx, code)
		var added, removed int
		for _, l := range had {
			if _, keep := slices.BinarySearch(want, l); !keep {
				if err := b.Delete([]byte(l)); err != nil {
					return model.AuditEntry{}, err
				}
				removed++
			}
		}
		for _, l := range want {
			if _, there := slices.BinarySearch(had, l); !there {
				if err := b.Put([]byte(l), []byte(code)); err != nil {
					return model.AuditEntry{}, err
				}
				added++
			}
		}
		if err := bumpCrimeStamp(tx); err != nil {
			return model.AuditEntry{}, err
		}
		return model.AuditEntry{
			Action:  model.AuditWardLSOAs,
			Target:  "ward/" + code,
			Summary: fmt.Sprintf("ward %s made of %d LSOAs (%d added, %d removed)", code, len(want), added, removed),
		}, nil
	})
	if err != nil {
		return nil, err
	}
	return want, nil
}

// Reading.

// crimeCache keeps each ward's counts for one stamp of the crimes bucket:
// every session on the crime screen re-reads after any change, and the
// crimes behind a ward's picture change only on an import.
type crimeCache struct {
	mu    sync.Mutex
	wards map[string]*crimeEntry
}

type crimeEntry struct {
	mu     sync.Mutex // held while counting, so concurrent readers wait for one count
	stamp  uint64
	ok     bool
	counts model.CrimeCounts
}

func (c *crimeCache) entry(ward string) *crimeEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.wards == nil {
		c.wards = map[string]*crimeEntry{}
	}
	e := c.wards[ward]
	if e == nil {
		e = &crimeEntry{}
		c.wards[ward] = e
	}
	return e
}

// wardCrimeCounts are ward's counts as of tx. They are shared with the
// cache: Picture only reads them.
func (s *Store) wardCrimeCounts(tx *bolt.Tx, ward string) (model.CrimeCounts, error) {
	stamp := tx.Bucket(bucketCrimes).Sequence()
	e := s.crimeCache.entry(ward)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ok && e.stamp == stamp {
		return e.counts, nil
	}
	counts, err := countWardCrimes(tx, ward)
	if err != nil {
		return model.CrimeCounts{}, err
	}
	// A reader on an older snapshot must not replace newer counts.
	if !e.ok || stamp > e.stamp {
		e.stamp, e.counts, e.ok = stamp, counts, true
	}
	return counts, nil
}

// countWardCrimes scans the crimes of ward's LSOAs, and the force-months
// imported for the months and forces they cover.
func countWardCrimes(tx *bolt.Tx, ward string) (model.CrimeCounts, error) {
	lsoas := wardLSOAs(tx, ward)
	t := model.NewCrimeTally(ward, lsoas)
	err := tx.Bucket(bucketCrimeCoverage).ForEach(func(k, v []byte) error {
		var cov coverageRecord
		if err := decode(v, &cov); err != nil {
			return err
		}
		if _, ok := slices.BinarySearch(cov.Wards, ward); ok {
			t.Cover(cov.Month)
		}
		t.CoverForce(cov.Force, cov.Month, cov.LSOAs)
		return nil
	})
	if err != nil {
		return model.CrimeCounts{}, err
	}
	err = eachWardCrime(tx, lsoas, func(m model.Month, r *crimeRecord) { t.Add(m, r.Type, r.place(), r.Outcome) })
	if err != nil {
		return model.CrimeCounts{}, err
	}
	return t.Counts(), nil
}

// Checking.

// checkCrimes is Check's look at the crime picture: block keys are LSOA,
// month and force, blocks decode, and each crime in them has a Crime ID or
// a row's hash and number, once, in order, a type and an import below the
// counter; every block is in its force-month's index and every index
// entry names a block; lsoa_wards maps valid LSOA codes to wards that
// exist; imports are keyed by their file's SHA-256 and numbered below the
// counter.
func (c *checker) checkCrimes() {
	var imports uint64
	if b := c.tx.Bucket(bucketCrimeImports); b != nil {
		imports = b.Sequence()
	}
	// A file from before the blocks keeps a record per crime, which its
	// migration reads; the schema's fault says it is not migrated yet.
	blocks := c.r.Schema == 0 || c.r.Schema >= migrateCrimeBlocks.to
	var block []blockCrime
	c.each(bucketCrimes, func(k, v []byte) {
		if !blocks {
			return
		}
		lsoa, m, force, err := splitCrimeBlockKey(k)
		if err != nil {
			c.fault("%s: key %q: %v", bucketCrimes, k, err)
			return
		}
		if block, err = decodeCrimeBlock(v, block[:0]); err != nil {
			c.fault("crimes %q: %v", k, err)
			return
		}
		if len(block) == 0 {
			c.fault("crimes %q: the block holds no crime", k)
		}
		seen := make(map[crimeKeyV]bool, len(block))
		for i := range block {
			key, r := block[i].key, &block[i].rec
			twice := seen[key]
			seen[key] = true
			switch {
			case !key.valid():
				c.fault("crimes %q: %q is neither a Crime ID nor a row's hash and number", k, model.CleanLine(key.String(), 80))
			case twice:
				c.fault("crimes %q: crime %s is in it twice", k, key)
			case r.Type == "":
				c.fault("crimes %q: crime %s has no crime type", k, key)
			case r.Import == 0 || r.Import > imports:
				c.fault("crimes %q: crime %s written by import %d, but imports are numbered 1–%d", k, key, r.Import, imports)
			}
		}
		if b := c.tx.Bucket(bucketCrimesByForce); b != nil && b.Get(byForceKey(force, m, lsoa)) == nil {
			c.fault("crimes %q: not in its force-month's index (%q)", k, model.CleanLine(force, 80))
		}
	})
	c.each(bucketCrimesByForce, func(k, _ []byte) {
		if !blocks {
			return
		}
		parts := bytes.SplitN(k, []byte{0}, 3)
		if len(parts) != 3 {
			c.fault("%s: key %q is not force, month and LSOA", bucketCrimesByForce, k)
			return
		}
		m, err := model.ParseMonth(string(parts[1]))
		if err != nil {
			c.fault("%s: key %q: %q is not a month", bucketCrimesByForce, k, parts[1])
			return
		}
		if c.tx.Bucket(bucketCrimes).Get(crimeBlockKey(string(parts[2]), m, string(parts[0]))) == nil {
			c.fault("%s: key %q names no crimes of that force", bucketCrimesByForce, k)
		}
	})
	c.each(bucketCrimeCoverage, func(k, v []byte) {
		var cov coverageRecord
		if c.undecodable(fmt.Sprintf("crime coverage %q", k), v, &cov) {
			return
		}
		if !bytes.Equal(coverageKey(cov.Force, cov.Month), k) {
			c.fault("crime coverage %q: the record is of %q %s", k, model.CleanLine(cov.Force, 80), cov.Month)
		}
	})
	c.each(bucketLSOAWards, func(k, v []byte) {
		if code, err := model.ParseLSOACode(string(k)); err != nil || code != string(k) {
			c.fault("%s: key %q is not an LSOA code", bucketLSOAWards, k)
			return
		}
		if code, err := model.ParseWardCode(string(v)); err != nil || code != string(v) {
			c.fault("LSOA %s: %q is not a ward code", k, v)
		} else if !c.wards[code] {
			c.fault("LSOA %s: it is in ward %s, which does not exist", k, code)
		}
	})
	var maxImport uint64
	eachHashed(c, bucketCrimeImports, "a file's SHA-256", "crime import", func(k []byte, imp model.CrimeImport) {
		if imp.SHA256 != hex.EncodeToString(k) {
			c.fault("crime import %x…: the record says the file's SHA-256 is %q", k[:4], model.CleanLine(imp.SHA256, 70))
		}
		if imp.Number == 0 {
			c.fault("crime import %x…: it has no number", k[:4])
		}
		maxImport = max(maxImport, imp.Number)
	})
	c.sequence(bucketCrimeImports, "crime import", maxImport)
}
