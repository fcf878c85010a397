package store

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// Importing police.uk street-level files (issue 20: police.uk's own
// semantics).
//
// A file covers one force ("Reported by") and one month, and importing it
// replaces exactly that force-month: the crimes the force-month held before
// and the file no longer lists are removed, crimes whose point or LSOA
// changed are moved, the rest are updated or found unchanged. Within a
// force-month one Crime ID is one crime, placed by its first row with a
// location (a "No Location" twin or another outcome row is the same crime);
// anti-social behaviour rows have no Crime ID and each is an incident.
//
// So the whole of a force-month must be read before any of it is written:
// the file is read first, keeping of each crime only what decides it (its
// chosen row when it falls in a ward's LSOAs, a mark otherwise), then each
// force-month is compared with what is held and written, if anything
// changed, in one transaction of its own: a reader sees a force-month as it
// was or as it is, never half. A file that changes nothing writes nothing
// and audits nothing, whether it came from disk or over SSH. What the
// import did (its summary in crime_imports), its one audit entry and the
// revision are then one change through s.change, as every other write is.
//
// A file that mixes forces or months (files joined end to end, or the
// demo's year in one file) is each of its force-months in turn.
//
// Crimes from files imported before forces were recorded (force "") are
// claimed by a force-month of the same month when they lie in an LSOA its
// file reports, or carry a Crime ID it lists.

// ImportCrimes reads a police.uk street-level CSV file from r and replaces
// the force-months it covers with its crimes in the LSOAs wards are made
// of. Malformed lines, and rows for a month that has not ended, are counted
// and listed by number (the first model.MaxLineProblems), and skipped; the
// summary counts every row (model.CrimeImport). A file whose first line is
// not the police.uk header is refused before anything is written.
//
// The server's operator, officers and admins may import; name is how the
// summary and the audit trail refer to the file.
func (s *Store) ImportCrimes(by model.Actor, name string, r io.Reader) (model.CrimeImport, error) {
	if !by.IsOperator() {
		if err := model.CheckImportCrimes(by.User); err != nil {
			return model.CrimeImport{}, err
		}
	}
	name = model.CleanLine(name, model.MaxLineLen)
	if name == "" {
		name = "standard input"
	}
	imp := &crimeImport{s: s, by: by, sum: model.CrimeImport{Name: name}, groups: map[forceMonth]*forceMonthRows{},
		now: s.clock()}
	err := s.view("read ward areas", func(tx *bolt.Tx) error {
		imp.areas = map[string]bool{}
		_ = tx.Bucket(bucketLSOAWards).ForEach(func(k, _ []byte) error {
			imp.areas[string(k)] = true
			return nil
		})
		imp.sum.Wards, imp.sum.Areas = wardsWithAreas(tx)
		return nil
	})
	if err != nil {
		return imp.sum, err
	}
	if err := imp.read(r); err != nil {
		return imp.sum, err
	}
	return imp.write()
}

// maxCrimeLine is the longest line read; a police.uk row is a few hundred
// bytes, and a longer line is skipped as malformed.
const maxCrimeLine = 64 << 10

// forceMonth names what one file replaces.
type forceMonth struct {
	force string
	month model.Month
}

// The states of a Crime ID in a force-month, beside an index into kept.
const (
	idOutside    = -1 // placed in an LSOA no ward is made of
	idNoLocation = -2 // no row with a location yet
)

// forceMonthRows is what the file says of one force-month.
type forceMonthRows struct {
	rows int
	// ids is each Crime ID's state: an index into kept, or idOutside or
	// idNoLocation. kept are the crimes in wards' LSOAs, keys their keys.
	ids  map[string]int32
	kept chunked[model.Crime]
	keys chunked[string]
	// asb numbers identical anti-social behaviour rows.
	asb                  map[string]int
	asbNoLoc, asbOutside int
	// lsoaRows counts the rows in each ward LSOA.
	lsoaRows map[string]int
}

// crimeImport is one import under way.
type crimeImport struct {
	s      *Store
	by     model.Actor
	now    time.Time
	sum    model.CrimeImport
	areas  map[string]bool
	groups map[forceMonth]*forceMonthRows
	hash   hash.Hash
	// run is the import's number, from crime_imports' sequence, once its
	// first transaction has written.
	run uint64
}

// read takes the whole file, and nothing is written yet.
func (imp *crimeImport) read(r io.Reader) error {
	imp.hash = sha256.New()
	br := bufio.NewReaderSize(io.TeeReader(r, imp.hash), maxCrimeLine)
	header := false
	for line := 1; ; line++ {
		raw, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			if err != nil && !errors.Is(err, io.EOF) {
				return fmt.Errorf("%s: reading line %d: %w", imp.sum.Name, line, err)
			}
			if !header {
				return imp.notPoliceUK(line)
			}
			imp.sum.Rows++
			imp.malformed(line, fmt.Sprintf("longer than %d KiB", maxCrimeLine>>10))
			if err != nil {
				break
			}
			continue
		}
		eof := errors.Is(err, io.EOF)
		if err != nil && !eof {
			return fmt.Errorf("%s: reading line %d: %w", imp.sum.Name, line, err)
		}
		if text := bytes.TrimRight(raw, "\r\n"); len(bytes.TrimSpace(text)) > 0 {
			if err := imp.line(line, string(text), &header); err != nil {
				return err
			}
		}
		if eof {
			break
		}
	}
	if !header {
		return fail(model.ErrInvalid, "%s is empty: a police.uk street-level file starts with its header line", imp.sum.Name)
	}
	imp.sum.SHA256 = hex.EncodeToString(imp.hash.Sum(nil))
	return nil
}

func (imp *crimeImport) notPoliceUK(line int) error {
	return fail(model.ErrInvalid, "%s is not a police.uk street-level file: its line %d is not the header (%s)",
		imp.sum.Name, line, strings.Join(model.CrimeColumns, ","))
}

// line takes one non-blank line.
func (imp *crimeImport) line(line int, text string, header *bool) error {
	fields, err := model.SplitCSVLine(text)
	if !*header {
		if err != nil || !model.IsCrimeHeader(fields) {
			return imp.notPoliceUK(line)
		}
		*header = true
		return nil
	}
	if err == nil && model.IsCrimeHeader(fields) {
		return nil // files joined end to end: the next one's header
	}
	imp.sum.Rows++
	var c model.Crime
	if err == nil {
		c, err = model.ParseCrimeRecord(fields)
	}
	if err == nil {
		err = model.CheckCrimeMonth(c.Month, imp.now)
	}
	if err != nil {
		imp.malformed(line, err.Error())
		return nil
	}
	imp.take(c)
	return nil
}

func (imp *crimeImport) malformed(line int, why string) {
	imp.sum.Malformed++
	if len(imp.sum.Problems) < model.MaxLineProblems {
		imp.sum.Problems = append(imp.sum.Problems, model.LineProblem{Line: line, Reason: model.CleanLine(why, 160)})
	}
}

// take files one good row under its force-month.
func (imp *crimeImport) take(c model.Crime) {
	fm := forceMonth{force: c.ReportedBy, month: c.Month}
	g := imp.groups[fm]
	if g == nil {
		g = &forceMonthRows{ids: map[string]int32{}, asb: map[string]int{}, lsoaRows: map[string]int{}}
		imp.groups[fm] = g
	}
	g.rows++
	inWard := c.Located() && imp.areas[c.LSOA]
	if inWard {
		g.lsoaRows[c.LSOA]++
	}
	if c.ID == "" {
		switch {
		case !c.Located():
			g.asbNoLoc++
		case !inWard:
			g.asbOutside++
		default:
			h := c.RowHash()
			g.asb[c.LSOA+h]++
			g.keep(c, "~"+h+"."+strconv.Itoa(g.asb[c.LSOA+h]))
		}
		return
	}
	state, seen := g.ids[c.ID]
	if seen {
		imp.sum.Duplicates++ // one crime, another row of it
	}
	switch {
	case seen && state != idNoLocation, !c.Located():
		// Placed already by its first located row, or no location here.
		if !seen {
			g.ids[c.ID] = idNoLocation
		}
	default:
		g.place(c, inWard)
	}
}

// place puts a Crime ID where its located row says.
func (g *forceMonthRows) place(c model.Crime, inWard bool) {
	if !inWard {
		g.ids[c.ID] = idOutside
		return
	}
	g.ids[c.ID] = int32(g.kept.len())
	g.keep(c, c.ID)
}

func (g *forceMonthRows) keep(c model.Crime, key string) {
	g.kept.add(c)
	g.keys.add(key)
}

// coverageRecord is one force-month imported: which import, its rows in
// the wards' LSOAs, and the wards whose areas were known (for which the
// month is covered, zero counts included).
type coverageRecord struct {
	Force  string         `json:"force"`
	Month  model.Month    `json:"month"`
	Import uint64         `json:"import"`
	Rows   int            `json:"rows"`
	LSOAs  map[string]int `json:"lsoas,omitempty"`
	Wards  []string       `json:"wards,omitempty"`
}

func (c coverageRecord) same(o coverageRecord) bool {
	return c.Force == o.Force && c.Month == o.Month && c.Rows == o.Rows && maps.Equal(c.LSOAs, o.LSOAs) &&
		slices.Equal(c.Wards, o.Wards)
}

func coverageKey(force string, m model.Month) []byte {
	return m.Append(append(append(make([]byte, 0, len(force)+8), force...), 0))
}

// byForceKey is force, 0x00, month, 0x00, LSOA, 0x00, the crime's key.
func byForceKey(force string, m model.Month, lsoa, key string) []byte {
	k := make([]byte, 0, len(force)+len(lsoa)+len(key)+11)
	k = m.Append(append(append(k, force...), 0))
	k = append(k, 0)
	k = append(k, lsoa...)
	k = append(k, 0)
	return append(k, key...)
}

// splitByForceKey reads the LSOA and crime key after a force-month prefix.
func splitByForceKey(rest []byte) (lsoa, key string, ok bool) {
	l, k, ok := bytes.Cut(rest, []byte{0})
	return string(l), string(k), ok
}

// write replaces each force-month in turn, then records the import.
func (imp *crimeImport) write() (model.CrimeImport, error) {
	sum := &imp.sum
	fms := slices.SortedFunc(maps.Keys(imp.groups), func(a, b forceMonth) int {
		return cmp.Or(cmp.Compare(a.force, b.force), cmp.Compare(a.month, b.month))
	})
	months := map[model.Month]bool{}
	changed := false
	var writeErr error
	for _, fm := range fms {
		g := imp.groups[fm]
		months[fm.month] = true
		for _, state := range g.ids {
			switch state {
			case idOutside:
				sum.OutsideWards++
			case idNoLocation:
				sum.WithoutLocation++
			}
		}
		sum.OutsideWards += g.asbOutside
		sum.WithoutLocation += g.asbNoLoc
		sum.Imported += g.kept.len()
		if writeErr != nil {
			continue // counted, not written
		}
		res, err := imp.replace(fm, g)
		if err != nil {
			writeErr = err
			continue
		}
		changed = changed || res.Changed
		sum.ForceMonths = append(sum.ForceMonths, res)
		sum.New += res.New
		sum.Updated += res.Updated
		sum.Moved += res.Moved
		sum.Unchanged += res.Unchanged
		sum.Removed += res.Removed
		g.kept, g.keys, g.ids = chunked[model.Crime]{}, chunked[string]{}, nil
	}
	sum.Months = slices.Sorted(maps.Keys(months))
	sum.Complete = writeErr == nil
	if !changed && writeErr == nil {
		sum.NothingChanged = true
		sum.At, sum.By = imp.now.UTC().Round(0), imp.by.User.Name
		_ = imp.s.view("look up an import", func(tx *bolt.Tx) error {
			key, _ := hex.DecodeString(sum.SHA256)
			var prev model.CrimeImport
			if found, err := get(tx.Bucket(bucketCrimeImports), key, &prev); err == nil && found {
				sum.Previous = prev.Number
			}
			return nil
		})
		return *sum, nil
	}
	if !changed {
		return *sum, writeErr
	}
	if err := imp.finish(); err != nil && writeErr == nil {
		writeErr = err
	}
	return *sum, writeErr
}

// heldCrime is a crime a force-month holds before the import.
type heldCrime struct {
	lsoa, key string
	rec       crimeRecord
	force     string
}

// identity is what a crime is known by within its force-month: its Crime
// ID, or for anti-social behaviour its LSOA and row key.
func identity(lsoa, key string) string {
	if strings.HasPrefix(key, "~") {
		return lsoa + "\x00" + key
	}
	return key
}

// replace makes the force-month what g says, in one transaction, or writes
// nothing when it is so already.
func (imp *crimeImport) replace(fm forceMonth, g *forceMonthRows) (model.ForceMonthImport, error) {
	res := model.ForceMonthImport{Force: fm.force, Month: fm.month, Rows: g.rows, Crimes: g.kept.len()}
	numbered := false // this transaction took the import's number
	err := imp.s.writeCrimes(g.kept.len(), func(tx *bolt.Tx) (bool, error) {
		res = model.ForceMonthImport{Force: fm.force, Month: fm.month, Rows: g.rows, Crimes: g.kept.len()}
		held, err := heldCrimes(tx, fm, g)
		if err != nil {
			return false, err
		}
		res.Held = len(held)
		run := imp.run
		if run == 0 {
			// Numbered provisionally: if nothing changes this transaction
			// is rolled back, the number with it.
			run = tx.Bucket(bucketCrimeImports).Sequence() + 1
		}
		writes := make([]int, 0, g.kept.len())
		var replaced []heldCrime
		for i := range g.kept.len() {
			c := g.kept.at(i)
			id := identity(c.LSOA, *g.keys.at(i))
			rec := recordOf(*c, run)
			old, ok := held[id]
			delete(held, id)
			if ok && (old.force != fm.force || !sameCrime(old.rec, rec) || old.lsoa != c.LSOA) {
				replaced = append(replaced, old)
			}
			switch {
			case !ok:
				res.New++
			case old.lsoa != c.LSOA || !slices.Equal(old.rec.Point, rec.Point):
				res.Moved++
			case old.force == fm.force && sameCrime(old.rec, rec):
				res.Unchanged++
				continue
			default:
				res.Updated++
			}
			writes = append(writes, i)
		}
		res.Removed = len(held)
		cov := coverageRecord{Force: fm.force, Month: fm.month, Import: run, Rows: g.rows, LSOAs: g.lsoaRows, Wards: imp.sum.Wards}
		if len(cov.LSOAs) == 0 {
			cov.LSOAs = nil
		}
		var had coverageRecord
		found, err := get(tx.Bucket(bucketCrimeCoverage), coverageKey(fm.force, fm.month), &had)
		if err != nil {
			return false, err
		}
		if len(writes) == 0 && res.Removed == 0 && found && had.same(cov) {
			return false, nil
		}
		res.Changed = true
		if imp.run == 0 {
			if imp.run, err = tx.Bucket(bucketCrimeImports).NextSequence(); err != nil {
				return false, err
			}
			numbered = true
		}
		cov.Import = imp.run
		// Removed crimes go, and so do the keys of crimes written anew (a
		// moved crime's old LSOA, a claimed crime's old force).
		for _, h := range append(slices.Collect(maps.Values(held)), replaced...) {
			if err := deleteCrime(tx, h, fm.month); err != nil {
				return false, err
			}
		}
		if err := putCrimes(tx, g, writes, imp.run); err != nil {
			return false, err
		}
		if err := put(tx.Bucket(bucketCrimeCoverage), coverageKey(fm.force, fm.month), cov); err != nil {
			return false, err
		}
		return true, dropEmptyLegacyMonth(tx, fm)
	})
	if err != nil && numbered {
		imp.run = 0 // rolled back with the transaction
	}
	return res, err
}

// heldCrimes are the crimes the force-month holds, by identity, with the
// crimes from before forces were recorded that it claims: those of the
// month in an LSOA its file reports, or with a Crime ID it lists.
func heldCrimes(tx *bolt.Tx, fm forceMonth, g *forceMonthRows) (map[string]heldCrime, error) {
	held := map[string]heldCrime{}
	crimes := tx.Bucket(bucketCrimes)
	scan := func(force string, claim func(lsoa, key string) bool) error {
		prefix := append(coverageKey(force, fm.month), 0)
		c := tx.Bucket(bucketCrimesByForce).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			lsoa, key, ok := splitByForceKey(k[len(prefix):])
			if !ok {
				return fmt.Errorf("crime index key %q: %w", k, ErrCorrupt)
			}
			if !claim(lsoa, key) {
				continue
			}
			var r crimeRecord
			found, err := get(crimes, crimeKey(lsoa, fm.month, key), &r)
			if err != nil {
				return err
			}
			if !found {
				return fmt.Errorf("crime index key %q names no crime: %w", k, ErrCorrupt)
			}
			held[identity(lsoa, key)] = heldCrime{lsoa: lsoa, key: key, rec: r, force: force}
		}
		return nil
	}
	if err := scan(fm.force, func(string, string) bool { return true }); err != nil {
		return nil, err
	}
	if fm.force == "" {
		return held, nil
	}
	return held, scan("", func(lsoa, key string) bool {
		if _, ok := held[identity(lsoa, key)]; ok {
			return false
		}
		_, listed := g.ids[key]
		return g.lsoaRows[lsoa] > 0 || listed
	})
}

// putCrimes writes the crimes g.kept[writes] and their index entries, each
// bucket in key order: bbolt fills pages in order far faster than at random.
func putCrimes(tx *bolt.Tx, g *forceMonthRows, writes []int, run uint64) error {
	type kv struct{ k, idx []byte }
	keys := make([]kv, len(writes))
	for n, i := range writes {
		c, key := g.kept.at(i), *g.keys.at(i)
		keys[n] = kv{crimeKey(c.LSOA, c.Month, key), byForceKey(c.ReportedBy, c.Month, c.LSOA, key)}
	}
	order := make([]int, len(writes))
	for n := range order {
		order[n] = n
	}
	slices.SortFunc(order, func(a, b int) int { return bytes.Compare(keys[a].k, keys[b].k) })
	crimes, index := tx.Bucket(bucketCrimes), tx.Bucket(bucketCrimesByForce)
	var arena []byte
	// Keys come in order, so pages can be filled: at bbolt's default half,
	// a month's crimes took twice the pages, and twice the writing.
	crimes.FillPercent, index.FillPercent = importFill, importFill
	for _, n := range order {
		// bbolt keeps the value until the commit: each is its own part of
		// an arena, which one allocation serves many of.
		if cap(arena)-len(arena) < 1<<10 {
			arena = make([]byte, 0, 64<<10)
		}
		start := len(arena)
		arena = appendCrimeRecord(arena, recordOf(*g.kept.at(writes[n]), run))
		if err := crimes.Put(keys[n].k, arena[start:len(arena):len(arena)]); err != nil {
			return fmt.Errorf("write crime: %w", err)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return bytes.Compare(keys[a].idx, keys[b].idx) })
	for _, n := range order {
		if err := index.Put(keys[n].idx, []byte{}); err != nil {
			return err
		}
	}
	return nil
}

// chunked is an append-only list kept in chunks of chunkLen: appending
// never copies what is there already. A force's month keeps some 85,000
// crimes of 200 bytes each, which a doubling slice copied twice over.
type chunked[T any] struct {
	chunks [][]T
	n      int
}

const chunkLen = 4096

func (c *chunked[T]) add(v T) {
	if c.n%chunkLen == 0 {
		c.chunks = append(c.chunks, make([]T, 0, chunkLen))
	}
	last := &c.chunks[len(c.chunks)-1]
	*last = append(*last, v)
	c.n++
}

func (c *chunked[T]) at(i int) *T { return &c.chunks[i/chunkLen][i%chunkLen] }

func (c *chunked[T]) len() int { return c.n }

// importFill is how full putCrimes packs the pages it writes in key order
// (bbolt's default is half, for keys that come at random).
const importFill = 0.9

func deleteCrime(tx *bolt.Tx, h heldCrime, m model.Month) error {
	if err := tx.Bucket(bucketCrimes).Delete(crimeKey(h.lsoa, m, h.key)); err != nil {
		return err
	}
	return tx.Bucket(bucketCrimesByForce).Delete(byForceKey(h.force, m, h.lsoa, h.key))
}

// dropEmptyLegacyMonth forgets the coverage of a month imported before
// forces were recorded once forces' own files have claimed all its crimes.
func dropEmptyLegacyMonth(tx *bolt.Tx, fm forceMonth) error {
	if fm.force == "" {
		return nil
	}
	prefix := append(coverageKey("", fm.month), 0)
	if k, _ := tx.Bucket(bucketCrimesByForce).Cursor().Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) {
		return nil
	}
	return tx.Bucket(bucketCrimeCoverage).Delete(coverageKey("", fm.month))
}

// finish records the import: its summary, its audit entry and the
// revision, in one change.
func (imp *crimeImport) finish() error {
	sum := &imp.sum
	hashKey, _ := hex.DecodeString(sum.SHA256)
	return imp.s.change("import crimes", imp.by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		sum.Number, sum.At, sum.By = imp.run, now, imp.by.User.Name
		if sum.Complete && len(hashKey) == sha256.Size {
			b := tx.Bucket(bucketCrimeImports)
			var prev model.CrimeImport
			found, err := get(b, hashKey, &prev)
			if err != nil {
				return model.AuditEntry{}, err
			}
			if found {
				sum.Previous = prev.Number
			}
			if err := put(b, hashKey, *sum); err != nil {
				return model.AuditEntry{}, err
			}
		}
		if err := bumpCrimeStamp(tx); err != nil {
			return model.AuditEntry{}, err
		}
		return model.AuditEntry{
			Action:  model.AuditCrimesImport,
			Target:  fmt.Sprintf("crimes/import/%d", imp.run),
			Summary: sum.Summary(),
		}, nil
	})
}

// writeCrimes commits one force-month: fn's writes and the bumped stamp,
// or, when fn reports nothing to write, nothing at all. It has no audit
// entry and no revision of its own; the import's closing change has both.
func (s *Store) writeCrimes(rows int, fn func(tx *bolt.Tx) (bool, error)) error {
	var inner error
	err := s.update("import crimes", func(tx *bolt.Tx) error {
		var wrote bool
		wrote, inner = fn(tx)
		if inner == nil && !wrote {
			return errNothingWritten
		}
		if inner == nil {
			inner = bumpCrimeStamp(tx)
		}
		if inner == nil {
			inner = s.checkBatchRoom(tx, rows)
		}
		return inner
	})
	if err == nil || errors.Is(err, errNothingWritten) {
		return nil
	}
	if inner == nil && isDiskFull(err) {
		err = full(err)
	}
	if errors.Is(err, ErrFull) && s.onFull != nil {
		s.onFull(fullCause(err))
	}
	if (inner != nil && isOurs(inner)) || errors.Is(err, ErrFull) {
		return err
	}
	return storageErr("import crimes", err)
}

// errNothingWritten rolls back a force-month found as the file has it.
var errNothingWritten = errors.New("nothing to write")

// checkBatchRoom is checkRoom for a force-month, which may touch a page
// per crime.
func (s *Store) checkBatchRoom(tx *bolt.Tx, rows int) error {
	if s.maxSize <= 0 {
		return nil
	}
	page := int64(s.db.Info().PageSize)
	used := tx.Size()
	need := used + changeReserve + int64(rows)*2*page + used/512 + int64(s.db.AllocSize) + page
	if need <= s.maxSize {
		return nil
	}
	return full(fmt.Errorf("%d bytes in use and %d kept back for a month of crimes would pass the cap of %d bytes", used, need-used, s.maxSize))
}

// wardsWithAreas lists the wards made of some LSOAs, and fingerprints the
// whole LSOA-to-ward mapping.
func wardsWithAreas(tx *bolt.Tx) ([]string, string) {
	seen := map[string]bool{}
	h := sha256.New()
	_ = tx.Bucket(bucketLSOAWards).ForEach(func(k, v []byte) error {
		seen[string(v)] = true
		h.Write(k)
		h.Write([]byte{'='})
		h.Write(v)
		h.Write([]byte{'\n'})
		return nil
	})
	return slices.Sorted(maps.Keys(seen)), hex.EncodeToString(h.Sum(nil)[:12])
}
