package board

import (
	"cmp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"weak"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// boardList is a loaded list of problems in one of the board's orders,
// with their search text. The store hands every session that sees the same
// problems the same slice; the sessions showing it share one boardList per
// order, so a session keeps no copy of the ward's problems, only its own
// cursor, filters and row numbers. Nothing in it changes once made, and
// nothing it points to ever changes: the problems are the store's own
// (store.SharedProblems), shared with every session of the class, and
// only read.
type boardList struct {
	all    []*model.Problem // in the board's order
	loaded []*model.Problem // as loaded, in the store's order
	byAge  bool
	// ordered: loaded is in ascending ID order, so a problem is found in
	// it, and then in all, by binary search (position).
	ordered bool
	// prev is the list made last before this one with its problems in the
	// same rows, if one was kept, until this one's index is made over it
	// (overlay).
	prev *boardList

	hayOnce  sync.Once
	hay      []string    // search text of all[i], made by prepareSearch or the first search
	ix       *textIndex  // of hay, made with it
	indexing atomic.Bool // prepareSearch has begun it

	atOnce sync.Once
	at     map[model.ID]int32 // where each problem is in all, when not ordered

	shownMu sync.Mutex
	shown   map[model.ViewerClass]bool
	// seen are the classes prev had shown, when this list was made, and
	// differ the rows whose problem is not prev's (the same record): a
	// class seen need only have those checked (shows).
	seen   map[model.ViewerClass]bool
	differ []int32
}

// loadedList is a ward's problems as a store handed them out, by pointer,
// and that slice's identity, by which the sessions given it find its
// boardList.
type loadedList struct {
	ps []*model.Problem
	id any // a weak pointer to the slice's first element
	// gone arranges for fn to run once the slice is garbage.
	gone func(fn func())
}

// sharedOf is a store's shared list (SharedStore), as it is.
func sharedOf(ps []*model.Problem) loadedList {
	if len(ps) == 0 {
		return loadedList{}
	}
	first := &ps[0]
	return loadedList{ps: ps, id: weak.Make(first), gone: func(fn func()) { runtime.AddCleanup(first, func(fn func()) { fn() }, fn) }}
}

// valuesOf is a store's list of copies (Store.Problems), pointed into: a
// store without SharedProblems (the tests' fakes) hands every viewer of a
// class one slice too, and the board's lists of it are shared as well.
func valuesOf(vs []model.Problem) loadedList {
	if len(vs) == 0 {
		return loadedList{}
	}
	ps := make([]*model.Problem, len(vs))
	for i := range vs {
		ps[i] = &vs[i]
	}
	first := &vs[0]
	return loadedList{ps: ps, id: weak.Make(first), gone: func(fn func()) { runtime.AddCleanup(first, func(fn func()) { fn() }, fn) }}
}

// shows says whether every problem in the list is of ward and one u may
// see. Viewers of one class see alike, so the list is read through once
// per class, not by every session that loads it; and after a change, only
// the rows whose problem is not the last list's are, when the last list
// was read through for the class: its problems are the same records,
// which never change.
func (l *boardList) shows(u model.User, ward string) bool {
	class := model.ClassOf(u, ward)
	l.shownMu.Lock()
	defer l.shownMu.Unlock()
	if ok, known := l.shown[class]; known {
		return ok
	}
	ok := true
	see := func(p *model.Problem) bool { return p.Ward == ward && model.CanSeeProblem(u, *p) }
	if l.seen[class] {
		for _, i := range l.differ {
			if !see(l.all[i]) {
				ok = false
				break
			}
		}
	} else {
		// In the loaded slice's order, which is the order of memory: in
		// the board's order, a 10,000-problem list was read three times
		// slower.
		for _, p := range l.loaded {
			if !see(p) {
				ok = false
				break
			}
		}
	}
	if l.shown == nil {
		l.shown = map[model.ViewerClass]bool{}
	}
	l.shown[class] = ok
	return ok
}

// position is where the problem id is in the list, if it is: so that a
// session finds its cursor's problem without reading every problem. A list
// loaded in ID order (the store's) is searched twice by halves: for the
// problem among the loaded, then for its row, by the board's order. Else a
// map of every problem's row is made once for all the sessions.
func (l *boardList) position(id model.ID) (int32, bool) {
	if l.ordered {
		i, ok := slices.BinarySearchFunc(l.loaded, id, func(p *model.Problem, id model.ID) int { return cmp.Compare(p.ID, id) })
		if !ok {
			return 0, false
		}
		at, ok := slices.BinarySearchFunc(l.all, l.loaded[i], func(p, q *model.Problem) int { return boardOrder(p, q, l.byAge) })
		return int32(at), ok
	}
	l.atOnce.Do(func() {
		l.at = make(map[model.ID]int32, len(l.all))
		for i, p := range l.all {
			l.at[p.ID] = int32(i)
		}
	})
	i, ok := l.at[id]
	return i, ok
}

type boardListKey struct {
	first any // the loaded slice, by identity (loadedList.id)
	n     int
	byAge bool
}

type boardListEntry struct {
	mu   sync.Mutex // held while sorting: the sessions that want it wait for one sort
	list weak.Pointer[boardList]
}

// boardLists finds the boardList of a loaded slice. Package-level on
// purpose, like the store's cache: it is what sessions share, and holds no
// session's state. A list points into its slice, so the map holds it
// weakly, or the slice would never be garbage; an entry goes once its
// slice is. A list lives as long as a session shows it, and the last few
// made are kept besides: whoever opens a board no session shows (one who
// reconnects) should find it sorted.
var boardLists = struct {
	mu   sync.Mutex
	m    map[boardListKey]*boardListEntry
	kept [8]*boardList
	next int
}{m: map[boardListKey]*boardListEntry{}}

// sortedBoard is ld, which is only read, in the board's order (sortBoard),
// shared with every session that loaded the same slice.
func sortedBoard(ld loadedList, byAge bool) *boardList {
	if len(ld.ps) == 0 {
		return &boardList{}
	}
	key := boardListKey{first: ld.id, n: len(ld.ps), byAge: byAge}
	boardLists.mu.Lock()
	e := boardLists.m[key]
	if e == nil {
		e = &boardListEntry{}
		boardLists.m[key] = e
		ld.gone(func() {
			boardLists.mu.Lock()
			delete(boardLists.m, key)
			boardLists.mu.Unlock()
		})
	}
	boardLists.mu.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	if l := e.list.Value(); l != nil {
		return l
	}
	all, ordered := sortBoard(ld.ps, byAge)
	l := &boardList{all: all, loaded: ld.ps, byAge: byAge, ordered: ordered}
	e.list = weak.Make(l)
	boardLists.mu.Lock()
	kept, next := boardLists.kept, boardLists.next
	boardLists.kept[boardLists.next] = l
	boardLists.next = (boardLists.next + 1) % len(boardLists.kept)
	boardLists.mu.Unlock()
	// The kept lists from the one made last back.
	for i := range len(kept) {
		if d := kept[(next-1-i+2*len(kept))%len(kept)]; d != nil && l.follows(d) {
			break
		}
	}
	return l
}

// follows makes d l's prev if d has its problems in the same rows, and
// notes the rows whose problem is another record than d's, and the
// classes d was read through for (shows). Only ever called while l is
// made, before any session has it.
func (l *boardList) follows(d *boardList) bool {
	if len(d.all) != len(l.all) {
		return false
	}
	var differ []int32
	for i, p := range l.all {
		q := d.all[i]
		if p.ID != q.ID {
			return false
		}
		if p != q {
			differ = append(differ, int32(i))
		}
	}
	l.prev, l.differ = d, differ
	d.shownMu.Lock()
	for class, ok := range d.shown {
		if ok {
			if l.seen == nil {
				l.seen = map[model.ViewerClass]bool{}
			}
			l.seen[class] = true
		}
	}
	d.shownMu.Unlock()
	return true
}

// sortBoard orders ps most urgent first (unset priorities last) and newest
// first within a priority; or newest first throughout (boardOrder).
// Problems that tie keep their order in ps. ordered: ps was in ascending
// ID order, no ID twice.
func sortBoard(ps []*model.Problem, byAge bool) (out []*model.Problem, ordered bool) {
	out = make([]*model.Problem, len(ps))
	// Oldest first, as the store lists them: backwards is newest first, so
	// once the problems of each priority are counted, one pass backwards
	// puts each in its place, with no sort.
	var start [slots + 1]int // how many in each slot, then where its next goes
	ordered = true
	for i, p := range ps {
		if i > 0 && ps[i-1].ID >= p.ID {
			ordered = false
			break
		}
		start[prioritySlot(p, byAge)]++
	}
	if !ordered || start[slots] > 0 {
		copy(out, ps)
		slices.SortStableFunc(out, func(x, y *model.Problem) int { return boardOrder(x, y, byAge) })
		return out, ordered
	}
	for k, n := 0, 0; k < slots; k++ {
		start[k], n = n, n+start[k]
	}
	for i := len(ps) - 1; i >= 0; i-- {
		k := prioritySlot(ps[i], byAge)
		out[start[k]] = ps[i]
		start[k]++
	}
	return out, ordered
}

// slots are sortBoard's: one for each priority, 1 (the most urgent) to
// model.PriorityLow, in order, then one for unset priorities. A priority
// the model does not have goes in slot slots, and the list is sorted the
// long way.
const slots = int(model.PriorityLow) + 1

func prioritySlot(p *model.Problem, byAge bool) int {
	switch {
	case byAge:
		return 0
	case p.Priority <= 0:
		return slots - 1
	case p.Priority <= model.PriorityLow:
		return int(p.Priority) - 1
	}
	return slots
}

// boardOrder is the board's order: most urgent first (unset priorities
// last) and newest first within a priority, or newest first throughout.
func boardOrder(x, y *model.Problem, byAge bool) int {
	if !byAge {
		if c := cmp.Compare(sortPriority(x.Priority), sortPriority(y.Priority)); c != 0 {
			return c
		}
	}
	return cmp.Compare(y.ID, x.ID)
}

// sortPriority puts unset priorities last rather than first.
func sortPriority(p model.Priority) int {
	if p <= 0 {
		return 1 << 30
	}
	return int(p)
}

// haystack is the search text of every problem, lower-cased once for all
// the sessions that search this list, not per session or per key typed,
// and its index.
func (l *boardList) haystack() ([]string, *textIndex) {
	l.hayOnce.Do(func() {
		if l.hay, l.ix = l.overlay(); l.ix == nil {
			l.hay = haystacks(l.all)
			l.ix = newTextIndex(l.hay)
		}
	})
	return l.hay, l.ix
}

// haystacks are the search texts of ps. One string holds them all, in the
// list's order, so that a search reading the texts of many rows reads
// memory in order.
func haystacks(ps []*model.Problem) []string {
	var all strings.Builder
	size := 0
	for _, p := range ps {
		size += len(p.Title) + len(p.Location) + len(p.Category) + len(p.Description) + 3
	}
	all.Grow(size) // lower-casing keeps most texts' length: one allocation, not a doubling
	ends := make([]int, len(ps))
	for i, p := range ps {
		all.WriteString(haystack(p))
		ends[i] = all.Len()
	}
	texts := all.String()
	hay := make([]string, len(ps))
	for i, start := 0, 0; i < len(ends); start, i = ends[i], i+1 {
		hay[i] = texts[start:ends[i]]
	}
	return hay
}

// maxChanged is how many rows an index may differ from the index it is
// laid over before it is built afresh.
const maxChanged = 64

// overlay is l's search texts and an index for them made from the list
// made last before it that has its problems in the same rows, if one was
// kept (prev): after a change the new list differs from the
// last in a row or two, and lower-casing 10,000 texts and indexing them
// again took 5–15 ms of a processor for every change (issue 24, P4), on
// whichever session's first frame came next. The texts of rows whose
// problem's searched fields are the last list's are the last list's
// strings; the rows whose text differs from the older index's are listed
// beside it (textIndex.base), and searched directly. Nil if there is no
// such list, or l differs from the older index in more than maxChanged
// rows.
//
// The older list's index is waited for, or made, if it is not yet: every
// loaded list has its index made soon after (prepareSearch), and when
// changes come faster than that, a list that did not wait would make its
// own afresh, and so would every list after it. An older list only ever
// waits for one older still.
func (l *boardList) overlay() ([]string, *textIndex) {
	d := l.prev
	l.prev = nil // lists made one after another do not hold each other in a chain
	if d == nil {
		return nil, nil
	}
	d.haystack()
	return l.laidOver(d)
}

// laidOver is overlay on d's index, whose problems are in l's rows; nil
// if too many texts differ.
func (l *boardList) laidOver(d *boardList) ([]string, *textIndex) {
	hay := make([]string, len(l.all))
	var differ []int32 // rows whose text is not d's
	for i, p := range l.all {
		if q := d.all[i]; sameHaystack(p, q) {
			hay[i] = d.hay[i]
			continue
		}
		if len(differ) == maxChanged {
			return nil, nil
		}
		hay[i] = haystack(p)
		differ = append(differ, int32(i))
	}
	base, baseHay := d.ix, d.hay
	if base.base != nil {
		base, baseHay = base.base, base.baseHay
	}
	// Only rows d's index lists as changed, or whose text is not d's, can
	// differ from the base's.
	var changed []int32
	for _, i := range union(d.ix.changed, differ) {
		if hay[i] != baseHay[i] {
			changed = append(changed, i)
		}
	}
	if len(changed) > maxChanged {
		return nil, nil
	}
	return hay, &textIndex{base: base, baseHay: baseHay, changed: changed}
}

// union is the rows in a or b, both in order, in order and once each.
func union(a, b []int32) []int32 {
	out := make([]int32, 0, len(a)+len(b))
	for len(a) > 0 || len(b) > 0 {
		switch {
		case len(a) == 0 || (len(b) > 0 && b[0] < a[0]):
			out, b = append(out, b[0]), b[1:]
		case len(b) == 0 || a[0] < b[0]:
			out, a = append(out, a[0]), a[1:]
		default:
			out, a, b = append(out, a[0]), a[1:], b[1:]
		}
	}
	return out
}

// prepareSearch builds the list's search texts and index off the key
// path, just after the list is loaded: built by the first key of a search
// instead, a 10,000-problem ward's index held that key up 100 ms and more.
// It starts searchIndexAfter the load, once the first frame of the list is
// out, so as not to take the CPU that frame needs; nobody types a search
// that soon. Of all the sessions showing the list, the first to ask builds
// it; the others get nil. A search that comes before it is done waits for it.
func (l *boardList) prepareSearch() tea.Cmd {
	if l == nil || len(l.all) == 0 || !l.indexing.CompareAndSwap(false, true) {
		return nil
	}
	return tea.Tick(searchIndexAfter, func(time.Time) tea.Msg {
		l.haystack()
		return nil
	})
}

const searchIndexAfter = 150 * time.Millisecond

// textIndex lists, for every run of one, two or three bytes in a list's
// search texts, the rows whose text holds it, in order. A search of 10,000
// problems then starts from one short list instead of reading 10,000
// texts: a text of up to three bytes is answered by its list alone, a
// longer one is looked for only in the rows that hold its rarest run (or
// in the rows the text typed so far matched, if fewer).
//
// Bytes are numbered in the order of the texts' own alphabet, so that
// every run has a slot in one flat table; texts with more than
// maxAlphabet different bytes are indexed by runs of up to two.
type textIndex struct {
	code  [256]int // a byte's number, from 1; 0: in no text
	n     int      // numbers in use, and 0
	depth int      // the longest run indexed
	start []int32  // rows[start[k]:start[k+1]] hold run k
	rows  []int32

	// An index laid over another (boardList.overlay): base indexes
	// baseHay, and the rows in changed (in order) have other texts now.
	base    *textIndex
	baseHay []string
	changed []int32
}

const maxAlphabet = 64

func newTextIndex(hay []string) *textIndex {
	ix := &textIndex{n: 1, depth: 3}
	for _, h := range hay {
		for i := 0; i < len(h); i++ {
			if ix.code[h[i]] == 0 {
				ix.code[h[i]] = ix.n
				ix.n++
			}
		}
	}
	if ix.n > maxAlphabet+1 {
		ix.depth = 2
	}
	keys := ix.n + ix.n*ix.n
	if ix.depth == 3 {
		keys += ix.n * ix.n * ix.n
	}
	// Two passes, counting then filling, so the rows of every run sit in
	// one slice: a map of slices would take far longer to build.
	last := make([]int32, keys)
	ix.start = make([]int32, keys+1)
	runs := func(fn func(k int, row int32)) {
		for k := range last {
			last[k] = -1
		}
		// The slot of each run is worked out from the one a byte shorter
		// (key's sum, term by term), not afresh for every run.
		n, base2, base3 := ix.n, ix.n, ix.n+ix.n*ix.n
		for r, h := range hay {
			row := int32(r)
			for i := range len(h) {
				k := ix.code[h[i]]
				if last[k] != row {
					last[k] = row
					fn(k, row)
				}
				if i+1 >= len(h) {
					continue
				}
				k = k*n + ix.code[h[i+1]]
				if k2 := base2 + k; last[k2] != row {
					last[k2] = row
					fn(k2, row)
				}
				if ix.depth < 3 || i+2 >= len(h) {
					continue
				}
				k = k*n + ix.code[h[i+2]]
				if k3 := base3 + k; last[k3] != row {
					last[k3] = row
					fn(k3, row)
				}
			}
		}
	}
	runs(func(k int, _ int32) { ix.start[k+1]++ })
	for k := range keys {
		ix.start[k+1] += ix.start[k]
	}
	ix.rows = make([]int32, ix.start[keys])
	next := slices.Clone(ix.start[:keys])
	runs(func(k int, row int32) {
		ix.rows[next[k]] = row
		next[k]++
	})
	return ix
}

// key is the slot of run, of 1 to depth bytes that all have numbers.
func (ix *textIndex) key(run string) int {
	k, base := 0, 0
	for l := range len(run) {
		k = k*ix.n + ix.code[run[l]]
		if l > 0 {
			base += pow(ix.n, l)
		}
	}
	return base + k
}

func pow(n, e int) int {
	p := 1
	for range e {
		p *= n
	}
	return p
}

func (ix *textIndex) holding(run string) []int32 {
	k := ix.key(run)
	return ix.rows[ix.start[k]:ix.start[k+1]]
}

// candidates are the rows that may hold text, a non-empty lower-cased
// search: exactly those that do when exact.
func (ix *textIndex) candidates(text string) (rows []int32, exact bool) {
	if ix.base != nil {
		rows, exact = ix.base.candidates(text)
		if len(ix.changed) == 0 {
			return rows, exact
		}
		// The changed rows may hold it now, or no longer: all are
		// candidates, checked against their texts.
		return union(rows, ix.changed), false
	}
	for i := range len(text) {
		if ix.code[text[i]] == 0 {
			return nil, true // a byte no text has
		}
	}
	if len(text) <= ix.depth {
		return ix.holding(text), true
	}
	rows = ix.holding(text[:ix.depth])
	for i := 1; i+ix.depth <= len(text) && len(rows) > 0; i++ {
		if r := ix.holding(text[i : i+ix.depth]); len(r) < len(rows) {
			rows = r
		}
	}
	return rows, false
}

// haystack is the lower-cased text model.Problem.Matches searches, with a
// separator no typed text contains, so a match never spans two fields.
func haystack(p *model.Problem) string {
	return strings.ToLower(p.Title + "\x00" + p.Location + "\x00" + string(p.Category) + "\x00" + p.Description)
}

// sameHaystack says whether p and q have the same search text (haystack):
// the same fields, which are mostly the same strings.
func sameHaystack(p, q *model.Problem) bool {
	return p == q || p.Title == q.Title && p.Location == q.Location && p.Category == q.Category && p.Description == q.Description
}
