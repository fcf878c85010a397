package store

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"maps"
	"os"
	"runtime"
	"slices"
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
	imp.latest = model.MonthOfTime(imp.now.UTC())
	err := s.view("read ward areas", func(tx *bolt.Tx) error {
		imp.areas = map[string]int32{}
		_ = tx.Bucket(bucketLSOAWards).ForEach(func(k, _ []byte) error {
			imp.areas[string(k)] = int32(len(imp.areaList)) // in order: areaList is sorted
			imp.areaList = append(imp.areaList, string(k))
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

// The states of a Crime ID in a force-month.
const (
	idKept       = 0  // placed in a ward's LSOA: one of the kept crimes
	idOutside    = -1 // placed in an LSOA no ward is made of
	idNoLocation = -2 // no row with a location yet
)

// forceMonthRows is what the file says of one force-month.
type forceMonthRows struct {
	rows int
	// ids is each Crime ID's state. areaCrimes are the crimes kept, in
	// wards' LSOAs, by ward LSOA (crimeImport.areaList's numbers) as the
	// file is read; blocks has those with any by the LSOA's code once it
	// is. kept counts them.
	ids        idStates
	areaCrimes []areaCrimes
	blocks     map[string]*areaCrimes
	kept       int
	// asb numbers identical anti-social behaviour rows, by rowIdentity.
	asb                  binTable[uint32]
	asbNoLoc, asbOutside int
	// areaRows counts the rows in each ward LSOA as the file is read;
	// lsoaRows, by code, those with any, once it is.
	areaRows []int
	lsoaRows map[string]int
}

// rowIdentity is an anti-social behaviour row's hash and ward LSOA
// number (little-endian), the rest zero.
func rowIdentity(area int32, hash *[12]byte) *[32]byte {
	var id [32]byte
	copy(id[:], hash[:])
	binary.LittleEndian.PutUint32(id[12:], uint32(area))
	return &id
}

// byLSOA files what was counted by ward LSOA number under the LSOAs'
// codes, once the file is read.
func (g *forceMonthRows) byLSOA(areaList []string) {
	g.blocks, g.lsoaRows = map[string]*areaCrimes{}, map[string]int{}
	for a := range g.areaCrimes {
		if g.areaCrimes[a].n > 0 {
			g.blocks[areaList[a]] = &g.areaCrimes[a]
		}
	}
	for a, n := range g.areaRows {
		if n > 0 {
			g.lsoaRows[areaList[a]] = n
		}
	}
	g.areaRows = nil // areaCrimes stay, for blocks
}

// crimeImport is one import under way.
type crimeImport struct {
	s   *Store
	by  model.Actor
	now time.Time
	// latest is the last month model.CheckCrimeMonth takes at now: a
	// plain row of a later one is read the long way, which refuses it.
	latest model.Month
	sum    model.CrimeImport
	// areas numbers each LSOA a ward is made of; areaList[n] is the one
	// copy of its code that the crimes kept share.
	areas    map[string]int32
	areaList []string
	groups   map[forceMonth]*forceMonthRows
	// last is the force-month of the row take filed last: rows come a
	// force-month at a time.
	last  forceMonth
	lastG *forceMonthRows
	// strs numbers the text crimes repeat (types, locations, outcomes,
	// forces, Crime IDs not police.uk's), each kept once in strList: what
	// is kept holds no row's line. Only the parsing goroutine numbers
	// text while the file is read; take gets the numbers.
	strs    map[string]uint32
	strList []string
	// batch is the rows parsed for take; batches carry them to it, and
	// free brings them back.
	batch         []parsedRow
	batches, free chan []parsedRow
	// run is the import's number, from crime_imports' sequence, once its
	// first transaction has written.
	run uint64
}

// rowBatch is how many parsed rows go to take at a time.
const rowBatch = 256

// read takes the whole file, and nothing is written yet. Reading, hashing
// and parsing the lines (scan) runs beside filing the rows they hold
// (take), which must see them in order: a batch of rows at a time, each
// on a core of its own.
func (imp *crimeImport) read(r io.Reader) error {
	imp.strs = map[string]uint32{}
	imp.batches, imp.free = make(chan []parsedRow, 4), make(chan []parsedRow, 8)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for b := range imp.batches {
			for i := range b {
				imp.take(&b[i])
			}
			imp.free <- b[:0]
		}
	}()
	err := imp.scan(r)
	if len(imp.batch) > 0 {
		imp.batches <- imp.batch
	}
	close(imp.batches)
	<-done
	return err
}

// parsedRow is a good row as take files it: its text as the import's
// numbers for it (intern), nothing in the line it was read from, and, for
// a row without a Crime ID in a ward's LSOA, its model.Crime.RowDigest,
// worked out beside the parsing rather than where rows are filed, the
// busier goroutine.
type parsedRow struct {
	force    string // the import's one copy
	month    model.Month
	area     int32 // the ward LSOA's number in areaList; -1 for none
	located  bool
	hasPoint bool
	key      crimeKeyV // kind 0: no Crime ID
	// typ, loc, outcome and context are numbered only in a ward's LSOA,
	// where the crime may be kept.
	typ, loc, outcome, context uint32
	lon, lat                   float64
	digest                     [12]byte
}

// emit sends a good row on to take, its text numbered: r's fields may be
// the read buffer's, which the next line overwrites.
func (imp *crimeImport) emit(r *model.CrimeRow) {
	if imp.batch == nil {
		select {
		case imp.batch = <-imp.free:
		default:
			imp.batch = make([]parsedRow, 0, rowBatch)
		}
	}
	imp.batch = append(imp.batch, parsedRow{force: imp.strList[imp.intern(r.ReportedBy)], month: r.Month, area: -1,
		located: len(r.LSOA) > 0, hasPoint: r.HasPoint, lon: r.Longitude, lat: r.Latitude})
	p := &imp.batch[len(imp.batch)-1]
	switch {
	case len(r.ID) == 64 && lowerHex(r.ID):
		p.key.kind = keyHex
		_, _ = hex.Decode(p.key.bin[:], r.ID)
	case len(r.ID) > 0:
		p.key = parseCrimeKeyV(imp.strList[imp.intern(r.ID)])
	}
	if a, ok := imp.areas[string(r.LSOA)]; ok && p.located { // areas is only read while the file is
		p.area = a
		p.typ, p.loc, p.outcome, p.context = imp.intern(r.Type), imp.intern(r.Location), imp.intern(r.Outcome), imp.intern(r.Context)
		if len(r.ID) == 0 {
			p.digest = r.RowDigest()
		}
	}
	if len(imp.batch) == rowBatch {
		imp.batches <- imp.batch
		imp.batch = nil
	}
}

// plainRows says whether scan reads plain rows on their bytes
// (model.ReadPlainCrimeRow); tests turn it off to import the same files
// the long way, every line through line, and compare.
var plainRows = true

// scan reads the lines; the file is hashed as it is read, beside them. A
// row police.uk writes is read where it lies in the read buffer; any
// other line, the header included, is copied and read the long way.
func (imp *crimeImport) scan(r io.Reader) error {
	hr := newHashedReader(r)
	defer close(hr.done)
	br := bufio.NewReaderSize(hr, maxCrimeLine)
	header := false
	var row model.CrimeRow // on the stack: its slices are written twelve at a row
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
		text := raw
		for n := len(text); n > 0 && (text[n-1] == '\n' || text[n-1] == '\r'); n-- {
			text = text[:n-1]
		}
		if c := text[:min(len(text), 1)]; len(c) == 1 && c[0] > ' ' && c[0] < 0x80 || len(bytes.TrimSpace(text)) > 0 {
			if header && plainRows && model.ReadPlainCrimeRow(text, &row) && row.Month <= imp.latest {
				imp.sum.Rows++
				imp.emit(&row)
			} else if err := imp.line(line, string(text), &header); err != nil {
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
	// The whole file was read: its hash is complete.
	imp.sum.SHA256 = hex.EncodeToString(<-hr.sum)
	return nil
}

// hashedReader reads r on a goroutine of its own, hashing what it reads,
// and hands it on in chunks: hashing is off the path of the lines.
// Closing done stops it.
type hashedReader struct {
	chunks, free chan []byte
	done         chan struct{}
	sum          chan []byte // the SHA-256, once r is read to its end
	err          error       // r's error, set before chunks closes
	cur, held    []byte
}

func newHashedReader(r io.Reader) *hashedReader {
	h := &hashedReader{chunks: make(chan []byte, 4), free: make(chan []byte, 6), done: make(chan struct{}),
		sum: make(chan []byte, 1)}
	go func() {
		defer close(h.chunks)
		hash := sha256.New()
		for {
			var buf []byte
			select {
			case buf = <-h.free:
			default:
				buf = make([]byte, 64<<10)
			}
			n, err := io.ReadFull(r, buf[:cap(buf)])
			if n > 0 {
				hash.Write(buf[:n])
				select {
				case h.chunks <- buf[:n]:
				case <-h.done:
					return
				}
			}
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				h.sum <- hash.Sum(nil)
				return
			}
			if err != nil {
				h.err = err
				return
			}
		}
	}()
	return h
}

func (h *hashedReader) Read(p []byte) (int, error) {
	for len(h.cur) == 0 {
		if h.held != nil {
			h.free <- h.held // room for every chunk there is
			h.held = nil
		}
		buf, ok := <-h.chunks
		if !ok {
			if h.err != nil {
				return 0, h.err
			}
			return 0, io.EOF
		}
		h.held, h.cur = buf, buf
	}
	n := copy(p, h.cur)
	h.cur = h.cur[n:]
	return n, nil
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
	row := c.Row()
	imp.emit(&row)
	return nil
}

// intern numbers b, keeping one copy of it.
func (imp *crimeImport) intern(b []byte) uint32 {
	if v, ok := imp.strs[string(b)]; ok {
		return v
	}
	s := string(b)
	n := uint32(len(imp.strList))
	imp.strs[s] = n
	imp.strList = append(imp.strList, s)
	return n
}

func (imp *crimeImport) malformed(line int, why string) {
	imp.sum.Malformed++
	if len(imp.sum.Problems) < model.MaxLineProblems {
		imp.sum.Problems = append(imp.sum.Problems, model.LineProblem{Line: line, Reason: model.CleanLine(why, 160)})
	}
}

// take files one good row under its force-month.
func (imp *crimeImport) take(r *parsedRow) {
	fm := forceMonth{force: r.force, month: r.month}
	g := imp.lastG
	if g == nil || fm != imp.last {
		if g = imp.groups[fm]; g == nil {
			g = &forceMonthRows{ids: newIDStates(), asb: newBinTable[uint32](),
				areaCrimes: make([]areaCrimes, len(imp.areaList)), areaRows: make([]int, len(imp.areaList))}
			imp.groups[fm] = g
		}
		imp.last, imp.lastG = fm, g
	}
	g.rows++
	inWard := r.area >= 0
	if inWard {
		g.areaRows[r.area]++
	}
	if r.key.kind == 0 {
		switch {
		case !r.located:
			g.asbNoLoc++
		case !inWard:
			g.asbOutside++
		default:
			n, _ := g.asb.lookup(rowIdentity(r.area, &r.digest), true)
			*n++
			key := crimeKeyV{kind: keyRow, n: *n}
			copy(key.bin[:], r.digest[:])
			imp.keep(g, r, key)
		}
		return
	}
	state, seen := g.ids.lookup(&r.key, true)
	if seen {
		imp.sum.Duplicates++ // one crime, another row of it
	}
	switch {
	case seen && *state != idNoLocation, !r.located:
		// Placed already by its first located row, or no location here.
		if !seen {
			*state = idNoLocation
		}
	case !inWard:
		*state = idOutside
	default:
		*state = idKept
		imp.keep(g, r, r.key)
	}
}

// keep adds a crime in a ward's LSOA to its block.
func (imp *crimeImport) keep(g *forceMonthRows, r *parsedRow, key crimeKeyV) {
	g.kept++
	g.areaCrimes[r.area].add(&key, r)
}

// areaCrimes are the crimes kept in one ward LSOA, as its block will hold
// them, encoded as they are filed: what the import keeps of a crime until
// it writes is some forty bytes, with nothing in them the collector reads,
// and writing a new month's block is copying them.
type areaCrimes struct {
	// chunks hold the n crimes, each as appendBlockCrimeBody writes it
	// (all but the import that writes it), whole, one after another.
	chunks []crimeChunk
	n      int
	// table is the block's strings, as the import's numbers for them (in
	// strList), in order of first use; local, the block's number for each.
	table []uint32
	local map[uint32]uint32
}

// crimeChunk is crimes end to end; ends, where each ends. A chunk is
// never grown, so no crime is copied until it is written: the next is
// twice as long, up to maxCrimeChunk.
type crimeChunk struct {
	b    []byte
	ends []uint16
}

// maxCrimeChunk is the longest chunk; maxCrimeBody is more than one crime
// takes: a key of up to 128 bytes, four indexes and a point.
const (
	maxCrimeChunk = 16 << 10
	maxCrimeBody  = 256
)

func (a *areaCrimes) add(key *crimeKeyV, r *parsedRow) {
	refs := [4]uint64{a.ref(r.typ), a.ref(r.loc), a.ref(r.outcome), a.ref(r.context)}
	if len(a.chunks) == 0 || cap(a.chunks[len(a.chunks)-1].b)-len(a.chunks[len(a.chunks)-1].b) < maxCrimeBody {
		size := maxCrimeBody * 2
		if len(a.chunks) > 0 {
			size = min(2*cap(a.chunks[len(a.chunks)-1].b), maxCrimeChunk)
		}
		a.chunks = append(a.chunks, crimeChunk{b: make([]byte, 0, size)})
	}
	c := &a.chunks[len(a.chunks)-1]
	c.b = appendBlockCrimeBody(c.b, key, refs, r.hasPoint, r.lon, r.lat)
	c.ends = append(c.ends, uint16(len(c.b)))
	a.n++
}

// ref is the block's number for the import's string n.
func (a *areaCrimes) ref(n uint32) uint64 {
	if i, ok := a.local[n]; ok {
		return uint64(i)
	}
	if a.local == nil {
		a.local = map[uint32]uint32{}
	}
	i := uint32(len(a.table))
	a.local[n] = i
	a.table = append(a.table, n)
	return uint64(i)
}

// block is the crimes' block, each written last by the import run.
func (imp *crimeImport) block(a *areaCrimes, run uint64) []byte {
	table := make([]string, len(a.table))
	size := a.n*binary.MaxVarintLen32 + 16
	for _, c := range a.chunks {
		size += len(c.b)
	}
	for i, n := range a.table {
		table[i] = imp.strList[n]
		size += len(table[i]) + binary.MaxVarintLen32
	}
	b := appendBlockHead(make([]byte, 0, size), table, a.n)
	for _, c := range a.chunks {
		start := uint16(0)
		for _, end := range c.ends {
			b = binary.AppendUvarint(append(b, c.b[start:end]...), run)
			start = end
		}
	}
	return b
}

// crimes are the crimes as their block has them (written by no import
// yet), to be compared with those held.
func (imp *crimeImport) crimes(a *areaCrimes) []blockCrime {
	out, err := decodeCrimeBlock(imp.block(a, 0), nil)
	if err != nil {
		panic(fmt.Sprintf("a block the import encoded does not decode: %v", err)) // a bug here, not a bad file
	}
	return out
}

// idStates is each Crime ID's state in a force-month: police.uk's in a
// binTable, any other ID in a map.
type idStates struct {
	ids binTable[int8]
	// text numbers the other IDs, whose states are textStates.
	text       map[string]int32
	textStates []int8
}

func newIDStates() idStates {
	return idStates{ids: newBinTable[int8](), text: map[string]int32{}}
}

func (s *idStates) get(k crimeKeyV) (int8, bool) {
	st, ok := s.lookup(&k, false)
	if !ok {
		return 0, false
	}
	return *st, true
}

func (s *idStates) set(k crimeKeyV, v int8) {
	st, _ := s.lookup(&k, true)
	*st = v
}

// lookup is k's state and whether k was there; with add, a new one (0)
// when it was not. The pointer is good until the next ID is added.
func (s *idStates) lookup(k *crimeKeyV, add bool) (*int8, bool) {
	if k.kind == keyHex {
		return s.ids.lookup(&k.bin, add)
	}
	j, ok := s.text[k.text]
	switch {
	case ok:
		return &s.textStates[j], true
	case !add:
		return nil, false
	}
	s.text[k.text] = int32(len(s.textStates)) // the import's one copy, not the row's line
	s.textStates = append(s.textStates, 0)
	return &s.textStates[len(s.textStates)-1], false
}

// binTable maps 32-byte keys (police.uk's Crime IDs; a row's hash and
// LSOA) to values, as a Go map would, for the tens of thousands a
// force's month adds one by one: open addressing on a seeded hash (a file
// cannot choose keys that collide), each slot holding the low half of its
// key's hash beside the key's number, so that looking a key up reads
// another key only when their hashes agree, and growing reads no key at
// all; the keys sit in chunks that never move.
type binTable[V any] struct {
	seed    maphash.Seed
	slots   []uint64 // hash<<32 | 1 + an index into entries; 0 for none. A power of two long.
	entries chunked[binEntry[V]]
}

type binEntry[V any] struct {
	bin [32]byte
	v   V
}

func newBinTable[V any]() binTable[V] {
	return binTable[V]{seed: maphash.MakeSeed(), slots: make([]uint64, 1024)}
}

// lookup is bin's value and whether bin was there; with add, a new one
// (V's zero) when it was not. The pointer is good until the next key is
// added.
func (t *binTable[V]) lookup(bin *[32]byte, add bool) (*V, bool) {
	h := uint32(maphash.Comparable(t.seed, *bin))
	mask := len(t.slots) - 1
	i := int(h) & mask
	for ; t.slots[i] != 0; i = (i + 1) & mask {
		if uint32(t.slots[i]>>32) != h {
			continue
		}
		if e := t.entries.at(int(uint32(t.slots[i])) - 1); e.bin == *bin {
			return &e.v, true
		}
	}
	if !add {
		return nil, false
	}
	if 4*(t.entries.len()+1) > 3*len(t.slots) {
		t.grow()
		return t.lookup(bin, add) // its empty slot in the new ones
	}
	t.entries.add(binEntry[V]{bin: *bin})
	t.slots[i] = uint64(h)<<32 | uint64(t.entries.len())
	return &t.entries.at(t.entries.len() - 1).v, false
}

// grow doubles the slots and places every key again, by the hash its
// slot holds.
func (t *binTable[V]) grow() {
	old := t.slots
	t.slots = make([]uint64, 2*len(old))
	mask := len(t.slots) - 1
	for _, slot := range old {
		if slot == 0 {
			continue
		}
		i := int(slot>>32) & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = slot
	}
}

// count counts the IDs in each state.
func (s *idStates) count() map[int8]int {
	out := map[int8]int{}
	for j := range s.ids.entries.len() {
		out[s.ids.entries.at(j).v]++
	}
	for _, v := range s.textStates {
		out[v]++
	}
	return out
}

// chunked is an append-only list kept in chunks of chunkLen: appending
// never copies what is there already, nor clears more than a chunk ahead.
type chunked[T any] struct {
	chunks [][]T
	n      int
}

const chunkLen = 4096

func (c *chunked[T]) add(v T) {
	if c.n%chunkLen == 0 {
		c.chunks = append(c.chunks, make([]T, 0, min(chunkLen, max(64, c.n))))
	}
	last := &c.chunks[len(c.chunks)-1]
	*last = append(*last, v)
	c.n++
}

func (c *chunked[T]) at(i int) *T { return &c.chunks[i/chunkLen][i%chunkLen] }

func (c *chunked[T]) len() int { return c.n }

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

// byForceKey is force, 0x00, month, 0x00, LSOA: the force-month has a
// block in the LSOA.
func byForceKey(force string, m model.Month, lsoa string) []byte {
	k := make([]byte, 0, len(force)+len(lsoa)+9)
	k = m.Append(append(append(k, force...), 0))
	k = append(k, 0)
	return append(k, lsoa...)
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
		g.byLSOA(imp.areaList)
		months[fm.month] = true
		states := g.ids.count()
		sum.OutsideWards += states[idOutside]
		sum.WithoutLocation += states[idNoLocation]
		sum.OutsideWards += g.asbOutside
		sum.WithoutLocation += g.asbNoLoc
		sum.Imported += g.kept
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
		g.blocks, g.areaCrimes, g.ids = nil, nil, idStates{}
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
	lsoa  string
	rec   crimeRecord
	force string
}

// crimeIdentity is what a crime is known by within its force-month: its
// Crime ID, or for anti-social behaviour its LSOA and row key.
type crimeIdentity struct {
	lsoa string
	key  crimeKeyV
}

func identityOf(lsoa string, key crimeKeyV) crimeIdentity {
	if key.isRow() {
		return crimeIdentity{lsoa: lsoa, key: key}
	}
	return crimeIdentity{key: key}
}

// heldMonth is what a force-month holds before the import: its crimes by
// identity, the LSOAs it has blocks in, and, of the blocks from before
// forces were recorded that it claims crimes from, what stays in each.
type heldMonth struct {
	crimes map[crimeIdentity]heldCrime
	lsoas  []string
	legacy map[string][]blockCrime
}

// replace makes the force-month what g says, in one transaction, or writes
// nothing when it is so already.
func (imp *crimeImport) replace(fm forceMonth, g *forceMonthRows) (model.ForceMonthImport, error) {
	var res model.ForceMonthImport
	numbered := false // this transaction took the import's number
	lsoas := slices.Sorted(maps.Keys(g.blocks))
	err := imp.s.writeCrimes(g.kept, func(tx *bolt.Tx) (bool, error) {
		res = model.ForceMonthImport{Force: fm.force, Month: fm.month, Rows: g.rows, Crimes: g.kept}
		held, err := heldCrimes(tx, fm, g)
		if err != nil {
			return false, err
		}
		res.Held = len(held.crimes)
		run := imp.run
		if run == 0 {
			// Numbered provisionally: if nothing changes this transaction
			// is rolled back, the number with it. It is the number
			// NextSequence gives below.
			run = tx.Bucket(bucketCrimeImports).Sequence() + 1
		}
		// compared holds, for a force-month held before, each LSOA's
		// crimes as they will be written, each by this import or, if
		// unchanged, the one that wrote it; a new one's are all this
		// import's, and written from what was kept as it is.
		writes, compared := 0, map[string][]blockCrime{}
		for _, lsoa := range lsoas {
			if len(held.crimes) == 0 {
				n := g.blocks[lsoa].n // new, as a new store's or month's crimes all are
				res.New += n
				writes += n
				continue
			}
			crimes := imp.crimes(g.blocks[lsoa])
			compared[lsoa] = crimes
			for i := range crimes {
				c := &crimes[i]
				id := identityOf(lsoa, c.key)
				old, ok := held.crimes[id]
				delete(held.crimes, id)
				c.rec.Import = run
				switch {
				case !ok:
					res.New++
				case old.lsoa != lsoa || !samePoint(&old.rec, &c.rec):
					res.Moved++
				case old.force == fm.force && sameCrime(&old.rec, &c.rec):
					res.Unchanged++
					c.rec.Import = old.rec.Import
					continue
				default:
					res.Updated++
				}
				writes++
			}
		}
		res.Removed = len(held.crimes)
		cov := coverageRecord{Force: fm.force, Month: fm.month, Import: run, Rows: g.rows, LSOAs: g.lsoaRows, Wards: imp.sum.Wards}
		if len(cov.LSOAs) == 0 {
			cov.LSOAs = nil
		}
		var had coverageRecord
		found, err := get(tx.Bucket(bucketCrimeCoverage), coverageKey(fm.force, fm.month), &had)
		if err != nil {
			return false, err
		}
		if writes == 0 && res.Removed == 0 && found && had.same(cov) {
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
		if err := imp.putCrimeBlocks(tx, fm, g, lsoas, compared, held); err != nil {
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
func heldCrimes(tx *bolt.Tx, fm forceMonth, g *forceMonthRows) (heldMonth, error) {
	held := heldMonth{crimes: map[crimeIdentity]heldCrime{}, legacy: map[string][]blockCrime{}}
	crimes := tx.Bucket(bucketCrimes)
	scan := func(force string, each func(lsoa string, block []blockCrime)) error {
		prefix := append(coverageKey(force, fm.month), 0)
		c := tx.Bucket(bucketCrimesByForce).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			lsoa := string(k[len(prefix):])
			v := crimes.Get(crimeBlockKey(lsoa, fm.month, force))
			if v == nil {
				return fmt.Errorf("crime index key %q names no crimes: %w", k, ErrCorrupt)
			}
			block, err := decodeCrimeBlock(v, nil)
			if err != nil {
				return fmt.Errorf("crimes of %q: %w: %w", k, err, ErrCorrupt)
			}
			each(lsoa, block)
		}
		return nil
	}
	err := scan(fm.force, func(lsoa string, block []blockCrime) {
		held.lsoas = append(held.lsoas, lsoa)
		for _, c := range block {
			held.crimes[identityOf(lsoa, c.key)] = heldCrime{lsoa: lsoa, rec: c.rec, force: fm.force}
		}
	})
	if err != nil || fm.force == "" {
		return held, err
	}
	return held, scan("", func(lsoa string, block []blockCrime) {
		stays := block[:0:0]
		for _, c := range block {
			id := identityOf(lsoa, c.key)
			_, listed := g.ids.get(c.key)
			if _, ok := held.crimes[id]; ok || g.lsoaRows[lsoa] == 0 && !listed {
				stays = append(stays, c)
				continue
			}
			held.crimes[id] = heldCrime{lsoa: lsoa, rec: c.rec, force: ""}
		}
		if len(stays) < len(block) {
			held.legacy[lsoa] = stays
		}
	})
}

// putCrimeBlocks writes the force-month's blocks, one per LSOA of lsoas,
// and its index entries; drops the blocks it had in
// other LSOAs; and rewrites the blocks from before forces were recorded
// that it claimed crimes from, without them.
func (imp *crimeImport) putCrimeBlocks(tx *bolt.Tx, fm forceMonth, g *forceMonthRows, lsoas []string,
	compared map[string][]blockCrime, held heldMonth) error {
	crimes, index := tx.Bucket(bucketCrimes), tx.Bucket(bucketCrimesByForce)
	// Keys come in order, so pages can be filled: at bbolt's default half,
	// they take twice the pages, and twice the writing.
	crimes.FillPercent, index.FillPercent = importFill, importFill
	for _, lsoa := range lsoas {
		var block []byte
		if crimes, ok := compared[lsoa]; ok {
			block = appendBlock(nil, crimes)
		} else {
			block = imp.block(g.blocks[lsoa], imp.run)
		}
		if err := putBlock(tx, lsoa, fm.month, fm.force, block); err != nil {
			return err
		}
	}
	for _, lsoa := range held.lsoas {
		if _, ok := g.blocks[lsoa]; !ok {
			if err := putBlock(tx, lsoa, fm.month, fm.force, nil); err != nil {
				return err
			}
		}
	}
	for _, lsoa := range slices.Sorted(maps.Keys(held.legacy)) {
		var block []byte
		if stays := held.legacy[lsoa]; len(stays) > 0 {
			block = appendBlock(nil, stays)
		}
		if err := putBlock(tx, lsoa, fm.month, "", block); err != nil {
			return err
		}
	}
	return nil
}

// putBlock writes a block and its index entry, or, for none (nil),
// deletes both.
func putBlock(tx *bolt.Tx, lsoa string, m model.Month, force string, block []byte) error {
	key, idx := crimeBlockKey(lsoa, m, force), byForceKey(force, m, lsoa)
	crimes, index := tx.Bucket(bucketCrimes), tx.Bucket(bucketCrimesByForce)
	if block == nil {
		if err := crimes.Delete(key); err != nil {
			return err
		}
		return index.Delete(idx)
	}
	if err := crimes.Put(key, block); err != nil {
		return fmt.Errorf("write crimes: %w", err)
	}
	return index.Put(idx, []byte{})
}

// importFill is how full putCrimeBlocks packs the pages it writes in key
// order (bbolt's default is half, for keys that come at random).
const importFill = 0.9

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
		if inner == nil {
			inner = presize(tx, int64(rows)*presizeCrime)
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

// presize makes the file at least extra bytes longer than the data it
// holds, before tx commits, when that is more than it has spare and more
// than presizeMin. bbolt maps a file in doubling steps as a commit writes
// past the end of its map, each time copying every key and value the
// commit holds out of the old map: a force's month into a new store (4 MB)
// crossed six doublings, and copied its blocks six times, a third of the
// import's work. bbolt maps the whole file when it maps again, so one step
// now covers the commit. The file grows as bbolt grows it (grow: the new
// size, then an fsync, which bbolt then leaves out), only ever longer, and
// under the writer's lock; what the commit does not use is bbolt's to use
// next.
func presize(tx *bolt.Tx, extra int64) error {
	if extra < presizeMin || runtime.GOOS == "windows" { // bbolt on Windows sizes the file to its map
		return nil
	}
	path := tx.DB().Path()
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	want := tx.Size() + extra
	if fi.Size() >= want {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close() // bbolt's lock is flock(2), which this file does not hold
	if err := f.Truncate(want); err != nil {
		return err
	}
	return f.Sync()
}

// presizeCrime is about what a crime adds to the file, in its block and
// the pages around it (40–50 bytes, pages filled to importFill); presizeMin
// is the least growth presize makes room for ahead.
const (
	presizeCrime = 56
	presizeMin   = 1 << 20
)

// blockCrimeRoom is more than a crime takes in its block: a Crime ID,
// four string indexes, a point and an import number.
const blockCrimeRoom = 96

// errNothingWritten rolls back a force-month found as the file has it.
var errNothingWritten = errors.New("nothing to write")

// checkBatchRoom is checkRoom for a force-month of crimes: its blocks, at
// most blockCrimeRoom bytes a crime, written beside the ones they replace.
func (s *Store) checkBatchRoom(tx *bolt.Tx, crimes int) error {
	if s.maxSize <= 0 {
		return nil
	}
	page := int64(s.db.Info().PageSize)
	used := tx.Size()
	need := used + changeReserve + int64(crimes)*2*blockCrimeRoom + 64*page + used/512 + int64(s.db.AllocSize) + page
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
