package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"strings"
)

// The walk reads bbolt's pages from the file itself, with Go's bounds
// checks, instead of through bbolt. bbolt trusts the file: its own check
// (tx.Check) panics on the very damage it is meant to find, in a goroutine
// of its own where nobody can recover, and a page that lies past the end
// of a cut-off file is a memory fault. So this walk comes first, and
// bbolt reads the file only where the walk found it whole.
//
// The layout is bbolt's file format (version 2), in the machine's byte
// order, as bbolt writes it: a page is a 16-byte header (id, flags, count,
// overflow) and elements of 16 bytes; a page of a larger value runs over
// into the overflow pages after it.
const (
	pageHeader      = 16
	pageElement     = 16
	flagBranch      = 0x01
	flagLeaf        = 0x02
	flagFreelist    = 0x10
	bucketLeafFlag  = 0x01
	boltMagic       = 0xED0CDAED
	boltVersion     = 2
	noFreelist      = ^uint64(0)
	metaSummedBytes = 56 // the meta's fields before its checksum
	inBucketSize    = 16 // a bucket's root page and sequence
)

// CheckLevel is how much of the file Open reads before anything else does.
type CheckLevel int

const (
	// CheckFast reads the meta pages and the free-page list: a cut-off
	// file, a damaged meta page or free list, a root page that is not one.
	// A few pages, whatever the file's size.
	CheckFast CheckLevel = iota
	// CheckAuto is CheckFull for a file up to FullCheckUpTo, else CheckFast.
	CheckAuto
	// CheckFull is Check's whole check: every page of the tree, and then,
	// once the file is open, every record.
	CheckFull
)

// FullCheckUpTo is the largest file CheckAuto checks in full: at 64 MiB
// that adds about half a second to Open (measured with TestCheckTimes:
// 0.06 s walking the pages, 0.4 s reading the records), and it grows with
// the file, so larger files get the fast check.
const FullCheckUpTo = 64 << 20

var native = binary.NativeEndian

type boltMeta struct {
	pageSize             uint64
	root, freelist, high uint64 // high: the first page past the data
	txid                 uint64
}

// page states in a walk
const (
	unseen byte = iota
	free
	inUse
)

// walker reads one file's structure, reporting faults as it goes.
type walker struct {
	f     io.ReaderAt
	size  int64
	meta  boltMeta
	fault func(format string, args ...any)
	state []byte // per page below meta.high

	// unsafe is set when a page referred to lies past the end of the file
	// or of the data: bbolt, reading it from its memory map, would fault or
	// read memory that is not the file's.
	unsafe bool
	// freeKnown is set once the free list is read: until then, a page
	// not in the tree may well be free.
	freeKnown bool
}

// walkFile checks the structure of the bbolt file at path; full walks
// every page of the tree, else only the meta pages and the free list. It
// reports whether bbolt can safely read the records.
func walkFile(path string, full bool, fault func(format string, args ...any)) (safe bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return false, err
	}
	w := &walker{f: f, size: info.Size(), fault: fault}
	return w.walk(full), nil
}

func (w *walker) walk(full bool) bool {
	if !w.readMeta() {
		return false
	}
	// Pages past the end of a cut-off file have no state: the walk
	// reports them missing before it would mark them.
	w.state = make([]byte, min(w.meta.high, uint64(w.size)/w.meta.pageSize))
	w.readFreelist()
	if !full {
		w.rootPage()
		return !w.unsafe
	}
	w.bucket(w.meta.root, nil, nil)
	if w.freeKnown && !w.unsafe {
		w.unaccounted()
	}
	return !w.unsafe
}

// readMeta picks the meta page bbolt would: the valid one with the
// higher transaction ID. One invalid meta page is normal after a crash
// during a commit; both invalid is a file bbolt cannot open.
func (w *walker) readMeta() bool {
	m0, err0 := w.metaAt(0)
	pageSize := uint64(os.Getpagesize())
	if err0 == nil {
		pageSize = m0.pageSize
	}
	m1, err1 := w.metaAt(int64(pageSize))
	switch {
	case err0 != nil && err1 != nil:
		w.fault("the file's meta pages are both unreadable (page 0: %v; page 1: %v): it is not a bbolt file, or its first pages are damaged", err0, err1)
		return false
	case err0 != nil || (err1 == nil && m1.txid > m0.txid):
		w.meta = m1
	default:
		w.meta = m0
	}
	m := w.meta
	need := m.high * m.pageSize
	if uint64(w.size) < need {
		w.fault("the file is cut off: it is %d bytes, but its meta page says it holds %d pages of %d bytes (%d bytes); pages %d and on are missing",
			w.size, m.high, m.pageSize, need, uint64(w.size)/m.pageSize)
		w.unsafe = true
	}
	if m.root < 2 || m.root >= m.high {
		w.fault("the meta page points at page %d for the root, outside the data (pages 2 to %d)", m.root, m.high-1)
		w.unsafe = true
		return false
	}
	return true
}

func (w *walker) metaAt(off int64) (boltMeta, error) {
	buf := make([]byte, pageHeader+metaSummedBytes+8)
	if _, err := w.f.ReadAt(buf, off); err != nil {
		return boltMeta{}, fmt.Errorf("cannot read it: %v", err)
	}
	b := buf[pageHeader:]
	switch {
	case native.Uint32(b) != boltMagic:
		return boltMeta{}, fmt.Errorf("no bbolt marker")
	case native.Uint32(b[4:]) != boltVersion:
		return boltMeta{}, fmt.Errorf("format version %d, not %d", native.Uint32(b[4:]), boltVersion)
	}
	h := fnv.New64a()
	h.Write(b[:metaSummedBytes])
	if h.Sum64() != native.Uint64(b[metaSummedBytes:]) {
		return boltMeta{}, fmt.Errorf("its checksum does not match")
	}
	m := boltMeta{
		pageSize: uint64(native.Uint32(b[8:])),
		root:     native.Uint64(b[16:]),
		freelist: native.Uint64(b[32:]),
		high:     native.Uint64(b[40:]),
		txid:     native.Uint64(b[48:]),
	}
	if m.pageSize < 512 || m.pageSize > 1<<20 || m.pageSize&(m.pageSize-1) != 0 {
		return boltMeta{}, fmt.Errorf("page size %d", m.pageSize)
	}
	if m.high < 2 || m.high > 1<<36 {
		return boltMeta{}, fmt.Errorf("it says the file has %d pages", m.high)
	}
	return m, nil
}

// pageAt reads page id with its overflow, checking that it is where the
// file says, and is of one of the wanted kinds (flags). what names it
// in faults: "page 7 (the free list)".
func (w *walker) pageAt(id uint64, what string, flags ...uint16) ([]byte, bool) {
	if id < 2 || id >= w.meta.high {
		w.fault("%s: page %d is outside the data (pages 2 to %d)", what, id, w.meta.high-1)
		w.unsafe = true
		return nil, false
	}
	off := int64(id * w.meta.pageSize)
	head := make([]byte, pageHeader)
	if off+pageHeader > w.size {
		w.fault("%s: page %d is past the end of the file", what, id)
		w.unsafe = true
		return nil, false
	}
	if _, err := w.f.ReadAt(head, off); err != nil {
		w.fault("%s: page %d cannot be read: %v", what, id, err)
		return nil, false
	}
	if got := native.Uint64(head); got != id {
		w.fault("%s: page %d holds page %d's header (zeroed or overwritten)", what, id, got)
		return nil, false
	}
	flag := native.Uint16(head[8:])
	wanted := false
	for _, f := range flags {
		wanted = wanted || flag == f
	}
	if !wanted {
		w.fault("%s: page %d is of the wrong kind (%s)", what, id, pageKind(flag))
		return nil, false
	}
	overflow := uint64(native.Uint32(head[12:]))
	if id+overflow >= w.meta.high || off+int64((overflow+1)*w.meta.pageSize) > w.size {
		w.fault("%s: page %d runs over %d more pages, past the end of the data", what, id, overflow)
		w.unsafe = true
		return nil, false
	}
	buf := make([]byte, (overflow+1)*w.meta.pageSize)
	if _, err := w.f.ReadAt(buf, off); err != nil {
		w.fault("%s: page %d cannot be read: %v", what, id, err)
		return nil, false
	}
	return buf, true
}

func pageKind(flag uint16) string {
	switch flag {
	case flagBranch:
		return "a branch page"
	case flagLeaf:
		return "a leaf page"
	case 0x04:
		return "a meta page"
	case flagFreelist:
		return "a free-list page"
	case 0:
		return "no kind: zeroed?"
	}
	return fmt.Sprintf("flags %#x", flag)
}

// readFreelist marks the free pages. bbolt reads this list when it opens
// a file for writing, and panics if it is not one.
func (w *walker) readFreelist() {
	fl := w.meta.freelist
	if fl == noFreelist {
		return // bbolt rebuilds it from the tree; wardpanel never asks for that
	}
	buf, ok := w.pageAt(fl, "the free list", flagFreelist)
	if !ok {
		return
	}
	w.use(fl, buf, "the free list")
	count, ids := int(native.Uint16(buf[10:])), buf[pageHeader:]
	if count == 0xFFFF { // the count did not fit: it is the first element
		c := native.Uint64(ids)
		ids = ids[8:]
		if c > uint64(len(ids)/8) {
			w.fault("the free list: page %d says it lists %d pages, more than it holds", fl, c)
			w.unsafe = true
			return
		}
		count = int(c)
	}
	if count > len(ids)/8 {
		w.fault("the free list: page %d says it lists %d pages, more than it holds", fl, count)
		w.unsafe = true
		return
	}
	w.freeKnown = true
	for i := range count {
		id := native.Uint64(ids[8*i:])
		switch {
		case id < 2 || id >= w.meta.high:
			w.fault("the free list: it lists page %d, outside the data (pages 2 to %d)", id, w.meta.high-1)
			w.unsafe = true
		case id >= uint64(len(w.state)):
			w.unsafe = true // the cut-off file is reported once
		case w.state[id] != unseen:
			w.fault("the free list: page %d is listed twice, or is the list itself", id)
		default:
			w.state[id] = free
		}
	}
}

// rootPage is the fast check's look at the tree: the page the meta points
// at is a page of the tree.
func (w *walker) rootPage() {
	_, _ = w.pageAt(w.meta.root, "the root", flagBranch, flagLeaf)
}

// use marks page id and its overflow as in use, reporting a page that is
// also free, or already in use elsewhere.
func (w *walker) use(id uint64, buf []byte, what string) bool {
	n := uint64(len(buf)) / w.meta.pageSize
	for p := id; p < id+n; p++ {
		switch w.state[p] {
		case free:
			w.fault("%s: page %d is in use and also listed as free", what, p)
		case inUse:
			w.fault("%s: page %d is used twice", what, p)
			return false
		}
		w.state[p] = inUse
	}
	return true
}

// bucket walks a bucket's tree from its root page.
func (w *walker) bucket(root uint64, lo, hi []byte) {
	buf, ok := w.pageAt(root, fmt.Sprintf("the tree at page %d", root), flagBranch, flagLeaf)
	if !ok || !w.use(root, buf, fmt.Sprintf("the tree at page %d", root)) {
		return
	}
	w.node(root, buf, lo, hi)
}

// node checks one branch or leaf page: its elements lie within it, its
// keys are in order and within the range its parent gives it (lo, up to
// but not including hi), and it walks its children and nested buckets.
func (w *walker) node(id uint64, buf, lo, hi []byte) {
	where := fmt.Sprintf("page %d", id)
	if id == 0 {
		where = "an inline bucket"
	}
	flag, count := native.Uint16(buf[8:]), int(native.Uint16(buf[10:]))
	if pageHeader+count*pageElement > len(buf) {
		w.fault("%s: it says it holds %d elements, more than fit", where, count)
		return
	}
	var prev []byte
	for i := range count {
		e := buf[pageHeader+i*pageElement:]
		at := pageHeader + i*pageElement
		var pos, ksize, vsize int
		var child uint64
		var leafFlags uint32
		if flag == flagBranch {
			pos, ksize, child = int(native.Uint32(e)), int(native.Uint32(e[4:])), native.Uint64(e[8:])
		} else {
			leafFlags = native.Uint32(e)
			pos, ksize, vsize = int(native.Uint32(e[4:])), int(native.Uint32(e[8:])), int(native.Uint32(e[12:]))
		}
		start := at + pos
		if pos < 0 || start+ksize+vsize > len(buf) || ksize+vsize < 0 {
			w.fault("%s: element %d lies outside the page", where, i)
			w.unsafe = true
			return
		}
		key := buf[start : start+ksize]
		switch {
		case i > 0 && bytes.Compare(prev, key) >= 0:
			w.fault("%s: key %d (%x) is not after the one before it", where, i, key)
		case i == 0 && lo != nil && bytes.Compare(key, lo) < 0:
			w.fault("%s: its first key (%x) is before its parent's (%x)", where, key, lo)
		case hi != nil && bytes.Compare(key, hi) >= 0:
			w.fault("%s: key %d (%x) is not before its parent's next key (%x)", where, i, key, hi)
		}
		prev = key
		if flag == flagBranch {
			var next []byte
			if i+1 < count {
				n := buf[pageHeader+(i+1)*pageElement:]
				p, k := pageHeader+(i+1)*pageElement+int(native.Uint32(n)), int(native.Uint32(n[4:]))
				if p+k <= len(buf) && k >= 0 {
					next = buf[p : p+k]
				}
			} else {
				next = hi
			}
			buf2, ok := w.pageAt(child, fmt.Sprintf("page %d, element %d", id, i), flagBranch, flagLeaf)
			if ok && w.use(child, buf2, fmt.Sprintf("page %d", child)) {
				w.node(child, buf2, key, next)
			}
			continue
		}
		if leafFlags&bucketLeafFlag != 0 {
			w.nested(where, key, buf[start+ksize:start+ksize+vsize])
		}
	}
}

// nested walks a bucket stored in a leaf: its own root page, or a page
// inline in the value.
func (w *walker) nested(where string, name, v []byte) {
	if len(v) < inBucketSize {
		w.fault("%s: bucket %q has a header of %d bytes", where, name, len(v))
		return
	}
	if root := native.Uint64(v); root != 0 {
		w.bucket(root, nil, nil)
		return
	}
	inline := v[inBucketSize:]
	if len(inline) < pageHeader || native.Uint16(inline[8:]) != flagLeaf {
		w.fault("%s: bucket %q is not a leaf", where, name)
		return
	}
	w.node(0, inline, nil, nil)
}

// unaccounted reports pages neither in the tree nor free: lost with a
// damaged page that pointed at them, or leaked. One line, in runs.
func (w *walker) unaccounted() {
	var runs []string
	lost := 0
	n := uint64(len(w.state))
	for id := uint64(2); id < n; id++ {
		if w.state[id] != unseen {
			continue
		}
		end := id
		for end+1 < n && w.state[end+1] == unseen {
			end++
		}
		lost += int(end - id + 1)
		switch {
		case len(runs) == maxRuns:
			runs = append(runs, "…")
		case len(runs) > maxRuns:
		case end == id:
			runs = append(runs, fmt.Sprint(id))
		default:
			runs = append(runs, fmt.Sprintf("%d–%d", id, end))
		}
		id = end
	}
	switch {
	case lost == 1:
		w.fault("page %s is neither in the tree nor free", runs[0])
	case lost > 1:
		w.fault("%d pages are neither in the tree nor free: %s", lost, strings.Join(runs, ", "))
	}
}

// maxRuns bounds the runs of lost pages listed in full.
const maxRuns = 20
