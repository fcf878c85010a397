package store

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"regexp"
	"slices"
	"strconv"
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
// An import streams: rows are read one line at a time and written in
// batches of crimeBatch, each its own transaction, so memory holds one
// batch whatever the file's size. The batches carry crimes only; what the
// import did (its summary in crime_imports), its one audit entry and the
// revision are then one change through s.change, as every other write is.
// An import that stops part way keeps the batches it wrote and records
// itself as incomplete: crimes are keyed by what they are, so importing
// the file again finishes the job and changes nothing twice.
//
// A crime's key is its LSOA, month and Crime ID. Anti-social behaviour has
// no Crime ID: such a row is keyed by the hash of the row and its number
// among identical rows of the same file ("~hash.2" is the second), since
// two incidents at the same anonymised point in a month read the same.
// Which import wrote a crime last is kept with it, so an import can tell a
// row its own file already gave (a duplicate, or the next identical
// incident) from one an earlier import left.
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

// ImportCrimes reads a police.uk street-level CSV file from r and keeps
// the crimes in LSOAs that wards are made of. Malformed lines are counted
// and listed by number (the first model.MaxLineProblems), and skipped; the
// summary counts every row (model.CrimeImport). A file whose first line is
// not the police.uk header is refused before anything is written.
//
// Importing is idempotent: a crime seen again is the same record, kept
// with its latest outcome, so the same file twice changes no crime. If r
// can seek (a file), a file already imported whole, with the wards' areas
// as they are now, is recognised by its SHA-256 before it is read, and
// nothing at all is written (Skipped).
// name is how the summary and the audit trail refer to the file.
//
// The server's operator, officers and admins may import. One audit entry
// records the import, however many rows it had. If reading fails part way,
// the crimes read so far are kept, the import is recorded as incomplete,
// and the error says where it stopped.
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
	if rs, ok := r.(io.ReadSeeker); ok {
		if sum, done, err := s.alreadyImported(by, name, rs); err != nil || done {
			return sum, err
		}
	}
	imp := &crimeImport{s: s, by: by, sum: model.CrimeImport{Name: name}, months: map[model.Month]bool{}}
	return imp.finish(imp.read(r))
}

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

// crimeKey is LSOA, 0x00, month, 0x00, the crime's key.
func crimeKey(lsoa string, m model.Month, key string) []byte {
	k := make([]byte, 0, len(lsoa)+len(key)+10)
	k = append(k, lsoa...)
	k = append(k, 0)
	k = append(k, m.String()...)
	k = append(k, 0)
	return append(k, key...)
}

// crimeLSOAPrefix is what every key of an LSOA's crimes starts with.
func crimeLSOAPrefix(lsoa string) []byte { return append([]byte(lsoa), 0) }

// splitCrimeKey reads a crime key back, or says what is wrong with it.
func splitCrimeKey(k []byte) (lsoa string, m model.Month, key string, err error) {
	parts := bytes.SplitN(k, []byte{0}, 3)
	if len(parts) != 3 {
		return "", 0, "", errors.New("it is not LSOA, month and crime key")
	}
	if code, err := model.ParseLSOACode(string(parts[0])); err != nil || code != string(parts[0]) {
		return "", 0, "", fmt.Errorf("%q is not an LSOA code", parts[0])
	}
	if m, err = model.ParseMonth(string(parts[1])); err != nil || m.String() != string(parts[1]) {
		return "", 0, "", fmt.Errorf("%q is not a month", parts[1])
	}
	key = string(parts[2])
	if !validCrimeKey(key) {
		return "", 0, "", fmt.Errorf("%q is neither a Crime ID nor a row's hash and number", key)
	}
	return string(parts[0]), m, key, nil
}

// validCrimeKey: a Crime ID, or ~ 24 hex digits . a number from 1.
func validCrimeKey(key string) bool {
	if rest, ok := strings.CutPrefix(key, "~"); ok {
		h, n, ok := strings.Cut(rest, ".")
		i, err := strconv.Atoi(n)
		_, herr := hex.DecodeString(h)
		return ok && len(h) == 24 && herr == nil && strings.ToLower(h) == h && err == nil && i >= 1 && strconv.Itoa(i) == n
	}
	return model.IsCrimeID(key)
}

// crimeKeyMonth reads only the month of a crime key, for the scans that
// count crimes; Check reads the rest.
func crimeKeyMonth(k []byte) (model.Month, bool) {
	i := bytes.IndexByte(k, 0)
	if i < 0 || len(k) < i+9 || k[i+8] != 0 {
		return 0, false
	}
	m, err := model.ParseMonth(string(k[i+1 : i+8]))
	return m, err == nil
}

// crimeRecord is how a crime is kept: what its key does not already say,
// and the import that wrote it last.
type crimeRecord struct {
	Type     string    `json:"t"`
	Location string    `json:"l,omitempty"`
	Point    []float64 `json:"p,omitempty"` // longitude, latitude
	Outcome  string    `json:"o,omitempty"`
	Context  string    `json:"c,omitempty"`
	Import   uint64    `json:"i"`
}

func recordOf(c model.Crime, run uint64) crimeRecord {
	r := crimeRecord{Type: c.Type, Location: c.Location, Outcome: c.Outcome, Context: c.Context, Import: run}
	if c.HasPoint {
		r.Point = []float64{c.Longitude, c.Latitude}
	}
	return r
}

// sameCrime compares what two records say of the crime, not who wrote them.
func sameCrime(a, b crimeRecord) bool {
	return a.Type == b.Type && a.Location == b.Location && slices.Equal(a.Point, b.Point) &&
		a.Outcome == b.Outcome && a.Context == b.Context
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

// Importing.

const (
	// crimeBatch rows go in one transaction: enough that a million rows
	// take five hundred commits, few enough that a batch's dirty pages
	// stay small.
	crimeBatch = 2000
	// maxCrimeLine is the longest line read; a police.uk row is a few
	// hundred bytes, and a longer line is skipped as malformed.
	maxCrimeLine = 64 << 10
)

// crimeImport is one import under way.
type crimeImport struct {
	s      *Store
	by     model.Actor
	sum    model.CrimeImport
	months map[model.Month]bool
	batch  []model.Crime
	hash   hash.Hash
	// run is the import's number, from crime_imports' sequence, once its
	// first transaction has begun; wrote: a batch has been committed.
	run   uint64
	wrote bool
}

// alreadyImported hashes a seekable file and looks it up, leaving it where
// it was. done: it was imported whole before, and nothing need be read.
func (s *Store) alreadyImported(by model.Actor, name string, rs io.ReadSeeker) (model.CrimeImport, bool, error) {
	start, err := rs.Seek(0, io.SeekCurrent)
	if err != nil {
		return model.CrimeImport{}, false, nil // not seekable after all: stream it
	}
	h := sha256.New()
	if _, err := io.Copy(h, rs); err != nil {
		return model.CrimeImport{}, false, fmt.Errorf("reading %s: %w", name, err)
	}
	if _, err := rs.Seek(start, io.SeekStart); err != nil {
		return model.CrimeImport{}, false, fmt.Errorf("reading %s: %w", name, err)
	}
	sum := h.Sum(nil)
	var prev model.CrimeImport
	var found bool
	var areas string
	err = s.view("look up an import", func(tx *bolt.Tx) error {
		_, areas = wardsWithAreas(tx)
		found, err = get(tx.Bucket(bucketCrimeImports), sum, &prev)
		return err
	})
	if err != nil || !found || !prev.Complete || prev.Areas != areas {
		return model.CrimeImport{}, false, err
	}
	return model.CrimeImport{Name: name, SHA256: hex.EncodeToString(sum), At: s.clock().UTC().Round(0), By: by.User.Name,
		Previous: prev.Number, Skipped: true, Complete: true, Months: prev.Months, Wards: prev.Wards}, true, nil
}

// read streams r line by line into batches. It returns nil when the whole
// file was read and written.
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
		text := string(bytes.TrimRight(raw, "\r\n"))
		if strings.TrimSpace(text) != "" {
			if err := imp.line(line, text, &header); err != nil {
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
	if err := imp.flush(); err != nil {
		return err
	}
	imp.sum.SHA256 = hex.EncodeToString(imp.hash.Sum(nil))
	imp.sum.Complete = true
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
	if err != nil {
		imp.malformed(line, err.Error())
		return nil
	}
	imp.months[c.Month] = true
	if !c.Located() {
		imp.sum.WithoutLocation++
		return nil
	}
	imp.batch = append(imp.batch, c)
	if len(imp.batch) >= crimeBatch {
		return imp.flush()
	}
	return nil
}

func (imp *crimeImport) malformed(line int, why string) {
	imp.sum.Malformed++
	if len(imp.sum.Problems) < model.MaxLineProblems {
		imp.sum.Problems = append(imp.sum.Problems, model.LineProblem{Line: line, Reason: model.CleanLine(why, 160)})
	}
}

// counts are what one batch did, added to the summary once it commits.
type counts struct{ added, updated, unchanged, duplicates, outside int }

// pending is a crime with the key it is written under, but for a blank
// Crime ID's number among identical rows, which depends on what is there.
type pending struct {
	c    model.Crime
	base []byte
}

// flush writes the batch in one transaction, in key order.
func (imp *crimeImport) flush() error {
	if len(imp.batch) == 0 {
		return nil
	}
	items := make([]pending, len(imp.batch))
	for i, c := range imp.batch {
		key := c.ID
		if key == "" {
			key = "~" + c.RowHash() + "."
		}
		items[i] = pending{c: c, base: crimeKey(c.LSOA, c.Month, key)}
	}
	imp.batch = imp.batch[:0]
	// Stable: of two rows for the same crime, the file's later one wins.
	slices.SortStableFunc(items, func(a, b pending) int { return bytes.Compare(a.base, b.base) })
	var d counts
	err := imp.s.writeCrimes(len(items), func(tx *bolt.Tx) error {
		d = counts{}
		if imp.run == 0 {
			if err := imp.start(tx); err != nil {
				return err
			}
		}
		for _, it := range items {
			if err := imp.put(tx, it, &d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if !imp.wrote {
			imp.run = 0 // its transaction was rolled back
		}
		return err
	}
	imp.wrote = true
	imp.sum.New += d.added
	imp.sum.Updated += d.updated
	imp.sum.Unchanged += d.unchanged
	imp.sum.Duplicates += d.duplicates
	imp.sum.OutsideWards += d.outside
	return nil
}

// start numbers the import and notes which wards have areas now.
func (imp *crimeImport) start(tx *bolt.Tx) error {
	n, err := tx.Bucket(bucketCrimeImports).NextSequence()
	if err != nil {
		return err
	}
	imp.run = n
	imp.sum.Wards, imp.sum.Areas = wardsWithAreas(tx)
	return nil
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
	wards := make([]string, 0, len(seen))
	for w := range seen {
		wards = append(wards, w)
	}
	slices.Sort(wards)
	return wards, hex.EncodeToString(h.Sum(nil)[:12])
}

func (imp *crimeImport) put(tx *bolt.Tx, it pending, d *counts) error {
	c := it.c
	if tx.Bucket(bucketLSOAWards).Get([]byte(c.LSOA)) == nil {
		d.outside++
		return nil
	}
	b := tx.Bucket(bucketCrimes)
	key := it.base
	if c.ID == "" {
		// The next of this file's identical rows: one more than those this
		// import has written already.
		n := 1
		cur := b.Cursor()
		for k, v := cur.Seek(it.base); k != nil && bytes.HasPrefix(k, it.base); k, v = cur.Next() {
			var r crimeRecord
			if err := decode(v, &r); err != nil {
				return err
			}
			if r.Import == imp.run {
				n++
			}
		}
		key = strconv.AppendInt(slices.Clip(it.base), int64(n), 10)
	}
	rec := recordOf(c, imp.run)
	var old crimeRecord
	found, err := get(b, key, &old)
	switch {
	case err != nil:
		return err
	case !found:
		d.added++
	case old.Import == imp.run:
		d.duplicates++
	case sameCrime(old, rec):
		d.unchanged++
	default:
		d.updated++
	}
	return put(b, key, rec)
}

// finish records the import: its summary (for a file read whole), its
// audit entry and the revision, in one change. An import that wrote
// nothing and failed is not one.
func (imp *crimeImport) finish(readErr error) (model.CrimeImport, error) {
	sum := &imp.sum
	if readErr != nil && !imp.wrote {
		return *sum, readErr
	}
	sum.Months = make([]model.Month, 0, len(imp.months))
	for m := range imp.months {
		sum.Months = append(sum.Months, m)
	}
	slices.Sort(sum.Months)
	sum.Imported = sum.New + sum.Updated + sum.Unchanged
	hashKey, _ := hex.DecodeString(sum.SHA256)
	err := imp.s.change("import crimes", imp.by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		if imp.run == 0 {
			if err := imp.start(tx); err != nil {
				return model.AuditEntry{}, err
			}
		}
		sum.Number, sum.At, sum.By = imp.run, now, imp.by.User.Name
		if sum.Complete {
			b := tx.Bucket(bucketCrimeImports)
			var prev model.CrimeImport
			found, err := get(b, hashKey, &prev)
			if err != nil {
				return model.AuditEntry{}, err
			}
			if found && prev.Complete {
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
	if readErr != nil {
		return *sum, readErr
	}
	return *sum, err
}

// writeCrimes commits one batch of an import: fn's rows and the bumped
// stamp, or nothing. It has no audit entry and no revision of its own;
// the import's closing change has both.
func (s *Store) writeCrimes(rows int, fn func(tx *bolt.Tx) error) error {
	var inner error
	err := s.db.Update(func(tx *bolt.Tx) error {
		inner = fn(tx)
		if inner == nil {
			inner = bumpCrimeStamp(tx)
		}
		if inner == nil {
			inner = s.checkBatchRoom(tx, rows)
		}
		return inner
	})
	if err == nil {
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

// checkBatchRoom is checkRoom for a batch, which may touch a page per row.
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
	return full(fmt.Errorf("%d bytes in use and %d kept back for a batch of crimes would pass the cap of %d bytes", used, need-used, s.maxSize))
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

// countWardCrimes scans the crimes of ward's LSOAs, and the imports for
// the months they covered.
func countWardCrimes(tx *bolt.Tx, ward string) (model.CrimeCounts, error) {
	lsoas := wardLSOAs(tx, ward)
	t := model.NewCrimeTally(ward, lsoas)
	err := tx.Bucket(bucketCrimeImports).ForEach(func(_, v []byte) error {
		var imp model.CrimeImport
		if err := decode(v, &imp); err != nil {
			return err
		}
		if _, ok := slices.BinarySearch(imp.Wards, ward); ok {
			for _, m := range imp.Months {
				t.Cover(m)
			}
		}
		return nil
	})
	if err != nil {
		return model.CrimeCounts{}, err
	}
	c := tx.Bucket(bucketCrimes).Cursor()
	for _, l := range lsoas {
		prefix := crimeLSOAPrefix(l)
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			m, ok := crimeKeyMonth(k)
			if !ok {
				return model.CrimeCounts{}, fmt.Errorf("crime key %q has no month: %w", k, ErrCorrupt)
			}
			var r crimeRecord
			if err := decode(v, &r); err != nil {
				return model.CrimeCounts{}, err
			}
			t.Add(m, r.Type, r.Location)
		}
	}
	return t.Counts(), nil
}

// Checking.

// checkCrimes is Check's look at the crime picture: crime keys are LSOA,
// month and a Crime ID or a row's hash and number, and records decode;
// lsoa_wards maps valid LSOA codes to wards that exist; imports are keyed
// by their file's SHA-256 and numbered below the counter.
func (c *checker) checkCrimes() {
	var imports uint64
	if b := c.tx.Bucket(bucketCrimeImports); b != nil {
		imports = b.Sequence()
	}
	c.each(bucketCrimes, func(k, v []byte) {
		if _, _, _, err := splitCrimeKey(k); err != nil {
			c.fault("%s: key %q: %v", bucketCrimes, k, err)
			return
		}
		var r crimeRecord
		if c.undecodable(fmt.Sprintf("crime %q", k), v, &r) {
			return
		}
		switch {
		case r.Type == "":
			c.fault("crime %q: it has no crime type", k)
		case r.Import == 0 || r.Import > imports:
			c.fault("crime %q: written by import %d, but imports are numbered 1–%d", k, r.Import, imports)
		case r.Point != nil && len(r.Point) != 2:
			c.fault("crime %q: its point has %d coordinates", k, len(r.Point))
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
	c.each(bucketCrimeImports, func(k, v []byte) {
		if len(k) != sha256.Size {
			c.fault("%s: key %x is not a file's SHA-256", bucketCrimeImports, k)
			return
		}
		var imp model.CrimeImport
		if c.undecodable(fmt.Sprintf("crime import %x…", k[:4]), v, &imp) {
			return
		}
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
