package store

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"wardpanel/model"
)

// Crimes are kept in blocks (since the crime block migration, issue 24):
// one record per LSOA, month and force holds all that force-month's crimes
// in the LSOA. A force's month is some fifty puts instead of a hundred
// thousand, and a ward's picture reads a few records per LSOA.
//
// A block is formatCrimeBlock, then its strings (uvarint count; each a
// uvarint length and the bytes: the types, locations, outcomes and
// contexts, each once), then its crimes (uvarint count), each:
//
//	kind byte      keyHex, keyRow or keyText, | blockPoint when it has a point,
//	               | blockMicro when that point is in whole millionths of a degree
//	key            keyHex: 32 bytes; keyRow: 12 bytes, uvarint number;
//	               keyText: uvarint length, the bytes
//	4 uvarints     type, location, outcome, context: indexes into the strings
//	point          blockPoint only: longitude, latitude; with blockMicro each a
//	               zig-zag varint of millionths (police.uk writes six decimals),
//	               else each float64's bits, little-endian
//	uvarint        the import that wrote the crime last
//
// Each key is in a block once; the crimes are in the order the import
// read them.

// formatCrimeBlock is the first byte of a crime block (formatJSON is 1).
const formatCrimeBlock byte = 2

// The kinds of a crime's key.
const (
	keyHex  byte = 1 // police.uk's Crime ID: 64 lower-case hex digits
	keyRow  byte = 2 // anti-social behaviour: "~", 24 hex digits of the row's hash, ".", its number
	keyText byte = 3 // any other Crime ID, as written

	blockPoint byte = 0x80
	blockMicro byte = 0x40
)

// crimeKeyV is a crime's key within its block, as compact as its kind
// allows, and comparable: a map key without a string per crime.
type crimeKeyV struct {
	kind byte
	n    uint32   // keyRow: the row's number among identical rows, from 1
	bin  [32]byte // keyHex: the Crime ID; keyRow: the hash in the first 12
	text string   // keyText
}

// parseCrimeKeyV reads a crime's key as the import and the old layout
// wrote it. Anything that is neither police.uk's Crime ID nor a row's hash
// and number is kept as text; Check says whether it is a Crime ID.
func parseCrimeKeyV(s string) crimeKeyV {
	if len(s) == 64 && lowerHex(s) {
		k := crimeKeyV{kind: keyHex}
		_, _ = hex.Decode(k.bin[:], []byte(s))
		return k
	}
	if rest, ok := strings.CutPrefix(s, "~"); ok && len(rest) > 25 && rest[24] == '.' && lowerHex(rest[:24]) {
		n, err := strconv.ParseUint(rest[25:], 10, 32)
		if err == nil && n >= 1 && strconv.FormatUint(n, 10) == rest[25:] {
			k := crimeKeyV{kind: keyRow, n: uint32(n)}
			_, _ = hex.Decode(k.bin[:12], []byte(rest[:24]))
			return k
		}
	}
	return crimeKeyV{kind: keyText, text: s}
}

func lowerHex[S ~string | ~[]byte](s S) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// String is the key as police.uk and the audit trail know it.
func (k crimeKeyV) String() string {
	switch k.kind {
	case keyHex:
		return hex.EncodeToString(k.bin[:])
	case keyRow:
		return "~" + hex.EncodeToString(k.bin[:12]) + "." + strconv.FormatUint(uint64(k.n), 10)
	}
	return k.text
}

// isRow reports whether the key is an anti-social behaviour row's, which
// is known by its LSOA too.
func (k crimeKeyV) isRow() bool { return k.kind == keyRow }

// blockCrime is one crime of a block.
type blockCrime struct {
	key crimeKeyV
	rec crimeRecord
}

// appendBlock appends the block of crimes.
func appendBlock(b []byte, crimes []blockCrime) []byte {
	return appendCrimeBlock(b, len(crimes), func(i int) *blockCrime { return &crimes[i] })
}

// appendCrimeBlock appends the block of the n crimes at gives.
func appendCrimeBlock(b []byte, n int, at func(i int) *blockCrime) []byte {
	// The string table: each string once, in order of first use.
	index := make(map[string]uint64, 64)
	var table []string
	ref := func(s string) uint64 {
		i, ok := index[s]
		if !ok {
			i = uint64(len(table))
			index[s] = i
			table = append(table, s)
		}
		return i
	}
	for i := range n {
		r := &at(i).rec
		ref(r.Type)
		ref(r.Location)
		ref(r.Outcome)
		ref(r.Context)
	}
	b = appendBlockHead(b, table, n)
	for i := range n {
		c := at(i)
		r := &c.rec
		b = appendBlockCrime(b, &c.key, [4]uint64{index[r.Type], index[r.Location], index[r.Outcome], index[r.Context]},
			r.HasPoint, r.Longitude, r.Latitude, r.Import)
	}
	return b
}

// appendBlockHead starts a block of n crimes whose text is table.
func appendBlockHead(b []byte, table []string, n int) []byte {
	b = append(b, formatCrimeBlock)
	b = binary.AppendUvarint(b, uint64(len(table)))
	for _, s := range table {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return binary.AppendUvarint(b, uint64(n))
}

// appendBlockCrime appends one crime of a block: its key, its type,
// location, outcome and context as indexes into the block's strings, its
// point and the import that wrote it.
func appendBlockCrime(b []byte, k *crimeKeyV, text [4]uint64, hasPoint bool, lon, lat float64, run uint64) []byte {
	return binary.AppendUvarint(appendBlockCrimeBody(b, k, text, hasPoint, lon, lat), run)
}

// appendBlockCrimeBody is appendBlockCrime but the import that wrote the
// crime, which comes last: an import encodes the crimes it keeps as it
// reads them, and knows its number only as it writes.
func appendBlockCrimeBody(b []byte, k *crimeKeyV, text [4]uint64, hasPoint bool, lon, lat float64) []byte {
	kind := k.kind
	mlon, okLon := micro(lon)
	mlat, okLat := micro(lat)
	if hasPoint {
		kind |= blockPoint
		if okLon && okLat {
			kind |= blockMicro
		}
	}
	b = append(b, kind)
	switch k.kind {
	case keyHex:
		b = append(b, k.bin[:]...)
	case keyRow:
		b = append(b, k.bin[:12]...)
		b = binary.AppendUvarint(b, uint64(k.n))
	default:
		b = binary.AppendUvarint(b, uint64(len(k.text)))
		b = append(b, k.text...)
	}
	for _, i := range text {
		b = binary.AppendUvarint(b, i)
	}
	switch {
	case kind&blockMicro != 0:
		b = binary.AppendVarint(b, mlon)
		b = binary.AppendVarint(b, mlat)
	case hasPoint:
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(lon))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(lat))
	}
	return b
}

var errBadBlock = errors.New("the crime block does not decode")

// blockReader reads a block's bytes.
type blockReader struct {
	b   []byte
	bad bool
}

func (r *blockReader) uvarint() uint64 { return readVarint(r, binary.Uvarint) }

func (r *blockReader) varint() int64 { return readVarint(r, binary.Varint) }

// readVarint reads one number with read (binary.Uvarint or Varint),
// marking the block bad where there is none.
func readVarint[T uint64 | int64](r *blockReader, read func([]byte) (T, int)) T {
	v, n := read(r.b)
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

// micro is v in whole millionths, when it is exactly that many: every
// coordinate police.uk writes, in a few bytes rather than eight. Zero is
// kept as its bits, so that a negative zero stays one.
func micro(v float64) (int64, bool) {
	if v == 0 || math.Abs(v) > 1e9 {
		return 0, false
	}
	m := math.Round(v * 1e6)
	return int64(m), m/1e6 == v
}

func (r *blockReader) bytes(n uint64) []byte {
	if r.bad || n > uint64(len(r.b)) {
		r.bad = true
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

// decodeCrimeBlock appends the block's crimes to into. Their strings are
// the block's, allocated once each, whatever the number of crimes.
func decodeCrimeBlock(v []byte, into []blockCrime) ([]blockCrime, error) {
	if len(v) == 0 || v[0] != formatCrimeBlock {
		return into, errBadBlock
	}
	r := &blockReader{b: v[1:]}
	nstr := r.uvarint()
	if nstr > uint64(len(r.b)) {
		return into, errBadBlock
	}
	table := make([]string, 0, nstr)
	for range nstr {
		table = append(table, string(r.bytes(r.uvarint())))
	}
	str := func() string {
		i := r.uvarint()
		if i >= uint64(len(table)) {
			r.bad = true
			return ""
		}
		return table[i]
	}
	n := r.uvarint()
	if r.bad || n > uint64(len(r.b)) {
		return into, errBadBlock
	}
	into = slices.Grow(into, int(n))
	for range n {
		var c blockCrime
		kind := r.bytes(1)
		if r.bad {
			break
		}
		c.key.kind = kind[0] &^ (blockPoint | blockMicro)
		switch c.key.kind {
		case keyHex:
			copy(c.key.bin[:], r.bytes(32))
		case keyRow:
			copy(c.key.bin[:12], r.bytes(12))
			c.key.n = uint32(r.uvarint())
		case keyText:
			c.key.text = string(r.bytes(r.uvarint()))
		default:
			r.bad = true
		}
		c.rec.Type, c.rec.Location, c.rec.Outcome, c.rec.Context = str(), str(), str(), str()
		switch {
		case kind[0]&blockMicro != 0 && kind[0]&blockPoint == 0:
			r.bad = true
		case kind[0]&blockMicro != 0:
			c.rec.HasPoint = true
			c.rec.Longitude, c.rec.Latitude = float64(r.varint())/1e6, float64(r.varint())/1e6
		case kind[0]&blockPoint != 0:
			p := r.bytes(16)
			if !r.bad {
				c.rec.HasPoint = true
				c.rec.Longitude = math.Float64frombits(binary.LittleEndian.Uint64(p))
				c.rec.Latitude = math.Float64frombits(binary.LittleEndian.Uint64(p[8:]))
			}
		}
		c.rec.Import = r.uvarint()
		if r.bad {
			break
		}
		into = append(into, c)
	}
	if r.bad || len(r.b) != 0 {
		return into, errBadBlock
	}
	return into, nil
}

// validKey says what is wrong with a block's key, if anything.
func (k crimeKeyV) valid() bool {
	switch k.kind {
	case keyHex:
		return true
	case keyRow:
		return k.n >= 1
	}
	return model.IsCrimeID(k.text) && parseCrimeKeyV(k.text).kind == keyText
}
