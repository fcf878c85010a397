package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// wardCache keeps each ward's decoded records of one kind as of the latest
// revision read. After a change every connected session re-reads what it
// shows; without the cache a hundred sessions decode the same records a
// hundred times, and decoding is nearly all the cost of a read. After a
// change load decodes only the records whose stored bytes changed: one edit
// in a ward of 10,000 problems costs one decode, not 10,000.
type wardCache[T any] struct {
	mu    sync.Mutex
	wards map[string]*wardEntry[T]
	// log is the store's touch log, if load may use it.
	log *touchLog
	// decoded counts the records decoded one by one (load), for tests;
	// rescans, the loads that read every stored record of a ward already
	// cached to find what changed.
	decoded, rescans atomic.Int64
}

type wardEntry[T any] struct {
	mu   sync.Mutex // held while decoding, so concurrent readers wait for one decode
	snap *wardSnap[T]
}

// wardSnap is a ward's records at one revision. Nothing in it changes once
// built: readers share it. Records are held by pointer, so the next
// revision's snapshot shares the unchanged ones without copying them.
type wardSnap[T any] struct {
	rev     uint64 // the latest revision it is the records of; under wardEntry.mu
	records []*T
	// stored[i] is the key and value records[i] was decoded from, copied
	// out of the transaction. Empty when the ward was decoded whole
	// (records): the next load then decodes every record.
	stored []storedRecord

	mu     sync.Mutex
	views  map[any]*classView[T] // by class of reader
	values []T                   // the records as values, for records' callers
	// prev is the snapshot this one was made from by load, and same the
	// runs of records taken from it unchanged: a view prev has is made for
	// this snapshot by copying runs of it (patched). Under mu; only the
	// newest snapshot keeps its prev, until its views are made (refresh).
	prev *wardSnap[T]
	same []sameRun
}

// sameRun is records[at:at+n] of a snapshot, which are its prev's
// records[from:from+n].
type sameRun struct{ at, from, n int }

// classView is what one class of reader may see of a snapshot: which
// records (in, n of them), and those records as each kind of list readers
// are given, made on the first read of that kind and then shared.
type classView[T any] struct {
	keep func(*T) bool // what made it, to make it anew (refresh)
	in   bitset
	n    int
	// values are copies, for callers given values (Problems); shared the
	// cache's own records, for callers that only read them
	// (SharedProblems): no copy of the records at all.
	values []T
	shared []*T
}

type storedRecord struct{ key, val []byte }

// source is where a ward's records of one kind are kept. scan calls each
// with every record's key and stored value in key order, the order readers
// get them in; decode reads one value into a record.
type source[T any] struct {
	scan   func(each func(key, val []byte) error) error
	decode func(key, val []byte, into *T) error
	// bucket is where the records are, as the touch log names it, and one
	// reads one of them: its stored bytes if it is the ward's, else nil.
	// Without one, load reads every record after a change.
	bucket []byte
	one    func(key []byte) ([]byte, error)
}

func (c *wardCache[T]) entry(ward string) *wardEntry[T] {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.wards == nil {
		c.wards = map[string]*wardEntry[T]{}
	}
	e := c.wards[ward]
	if e == nil {
		e = &wardEntry[T]{}
		c.wards[ward] = e
	}
	return e
}

// load returns the ward's records as of tx, shared and read-only. Records
// whose key and stored bytes are those of the last load are taken from it;
// the rest are decoded. Which records may have changed since the last load
// is read from the store's touch log where it can say (wardcache_touch.go),
// or else found by reading every stored record.
func (c *wardCache[T]) load(tx *bolt.Tx, ward string, src source[T]) (*wardSnap[T], error) {
	rev, err := readRevision(tx)
	if err != nil {
		return nil, err
	}
	e := c.entry(ward)
	e.mu.Lock()
	defer e.mu.Unlock()
	old := e.snap
	if old == nil {
		old = &wardSnap[T]{}
	} else if old.rev == rev {
		return old, nil
	}
	var snap *wardSnap[T]
	var changed []int // indexes into snap of the records to decode
	var keys [][]byte
	logged := false
	if e.snap != nil && old.rev < rev && len(old.stored) == len(old.records) && src.one != nil && c.log != nil {
		keys, logged = c.log.touched(src.bucket, old.rev, rev)
	}
	if logged && len(keys) == 0 && !verifyTouched {
		// Nothing of this kind was written (an action's status moved, say):
		// the last snapshot stands, found without reading or copying it.
		old.rev = rev
		return old, nil
	}
	if logged {
		snap, changed, err = old.retouched(rev, keys, src.one)
		if err == nil && verifyTouched {
			err = old.checkRetouched(snap, changed, src.scan)
		}
	} else {
		snap, changed, err = old.rescanned(rev, src.scan)
		if e.snap != nil {
			c.rescans.Add(1)
		}
	}
	if err != nil {
		return nil, err
	}
	if e.snap != nil && len(changed) == 0 && len(snap.records) == len(old.records) {
		// None of these records changed (the revision moved for others):
		// the last snapshot stands for this revision too, and with it the
		// lists its readers share.
		old.rev = max(old.rev, rev)
		return old, nil
	}
	// One allocation for what is decoded, in place: on a first load, a long
	// list of large structs neither regrown nor copied.
	fresh := make([]T, len(changed))
	for n, i := range changed {
		r := snap.stored[i]
		if err := src.decode(r.key, r.val, &fresh[n]); err != nil {
			return nil, err
		}
		snap.records[i] = &fresh[n]
	}
	c.decoded.Add(int64(len(changed)))
	if e.snap != nil {
		snap.prev = old
	}
	// A reader on an older snapshot must not replace a newer one.
	if e.snap == nil || rev > e.snap.rev {
		e.snap = snap
		old.forget()
	}
	return snap, nil
}

// rescanned is the snapshot at rev made from s by reading every stored
// record: those whose key and bytes are s's are s's, the rest (changed,
// listed by index) are left to decode.
func (s *wardSnap[T]) rescanned(rev uint64, scan func(each func(key, val []byte) error) error) (*wardSnap[T], []int, error) {
	snap := &wardSnap[T]{rev: rev, records: make([]*T, 0, len(s.stored)), stored: make([]storedRecord, 0, len(s.stored))}
	var changed []int
	j := 0
	err := scan(func(k, v []byte) error {
		// Both lists are in key order: walk the old one alongside.
		if j < len(s.stored) && !bytes.Equal(s.stored[j].key, k) {
			for j < len(s.stored) && bytes.Compare(s.stored[j].key, k) < 0 {
				j++
			}
		}
		if j < len(s.stored) && bytes.Equal(s.stored[j].key, k) && bytes.Equal(s.stored[j].val, v) {
			snap.keep(s, j, j+1)
			return nil
		}
		changed = append(changed, snap.add(k, v))
		return nil
	})
	return snap, changed, err
}

// retouched is the snapshot at rev made from s given the keys of every
// record written since (in key order): one reads a key's stored bytes, nil
// if it is no longer the ward's. The records between those keys are s's,
// a run at a time; so are touched ones whose bytes did not change.
func (s *wardSnap[T]) retouched(rev uint64, keys [][]byte, one func(key []byte) ([]byte, error)) (*wardSnap[T], []int, error) {
	snap := &wardSnap[T]{rev: rev, records: make([]*T, 0, len(s.stored)+len(keys)), stored: make([]storedRecord, 0, len(s.stored)+len(keys))}
	var changed []int
	j := 0
	for _, k := range keys {
		at := j + sort.Search(len(s.stored)-j, func(i int) bool { return bytes.Compare(s.stored[j+i].key, k) >= 0 })
		snap.keep(s, j, at)
		j = at
		v, err := one(k)
		if err != nil {
			return nil, nil, err
		}
		was := j < len(s.stored) && bytes.Equal(s.stored[j].key, k)
		switch {
		case was && v != nil && bytes.Equal(s.stored[j].val, v):
			snap.keep(s, j, j+1)
		case v != nil:
			changed = append(changed, snap.add(k, v))
		}
		if was {
			j++
		}
	}
	snap.keep(s, j, len(s.stored))
	return snap, changed, nil
}

// keep appends prev's records[from:to] to s unchanged, noting them as a run
// taken from prev (sameRun).
func (s *wardSnap[T]) keep(prev *wardSnap[T], from, to int) {
	if from >= to {
		return
	}
	at, n := len(s.records), to-from
	if l := len(s.same) - 1; l >= 0 && s.same[l].at+s.same[l].n == at && s.same[l].from+s.same[l].n == from {
		s.same[l].n += n
	} else {
		s.same = append(s.same, sameRun{at: at, from: from, n: n})
	}
	s.records, s.stored = append(s.records, prev.records[from:to]...), append(s.stored, prev.stored[from:to]...)
}

// add appends a record to decode, stored as k and v, and returns its index.
func (s *wardSnap[T]) add(k, v []byte) int {
	// bbolt's slices are only valid inside the transaction.
	buf := slices.Concat(k, v)
	s.records, s.stored = append(s.records, nil), append(s.stored, storedRecord{key: buf[:len(k):len(k)], val: buf[len(k):]})
	return len(s.records) - 1
}

// verifyTouched makes load check what the touch log said against a read of
// every record (the store's tests set it): a write that changes records
// without noting them fails there, not in a user's list.
var verifyTouched bool

// checkRetouched says whether snap (made by retouched from s) and changed
// are what rescanned makes.
func (s *wardSnap[T]) checkRetouched(snap *wardSnap[T], changed []int, scan func(each func(key, val []byte) error) error) error {
	want, wantChanged, err := s.rescanned(snap.rev, scan)
	if err != nil {
		return err
	}
	same := len(want.stored) == len(snap.stored) && slices.Equal(wantChanged, changed)
	for i := 0; same && i < len(want.stored); i++ {
		same = bytes.Equal(want.stored[i].key, snap.stored[i].key) && bytes.Equal(want.stored[i].val, snap.stored[i].val)
	}
	if !same {
		return fmt.Errorf("the touch log missed a change between revisions %d and %d: %w", s.rev, snap.rev, ErrCorrupt)
	}
	return nil
}

// forget drops s's link to the snapshot it was made from, so that a
// ward's snapshots do not hold each other in a chain.
func (s *wardSnap[T]) forget() {
	s.mu.Lock()
	s.prev, s.same = nil, nil
	s.mu.Unlock()
}

// records is load for a caller that decodes the ward whole. Meetings are
// few, and decoded so; a kind with a source should use load, or the next
// load after this one decodes every record again.
func (c *wardCache[T]) records(tx *bolt.Tx, ward string, decode func() ([]T, error)) ([]T, error) {
	rev, err := readRevision(tx)
	if err != nil {
		return nil, err
	}
	e := c.entry(ward)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.snap != nil && e.snap.rev == rev {
		return e.snap.asValues(), nil
	}
	values, err := decode()
	if err != nil {
		return nil, err
	}
	snap := &wardSnap[T]{rev: rev, records: make([]*T, len(values)), values: values}
	for i := range values {
		snap.records[i] = &values[i]
	}
	if e.snap == nil || rev > e.snap.rev {
		e.snap = snap
	}
	return values, nil
}

// asValues is the records as values, copied once per snapshot.
func (s *wardSnap[T]) asValues() []T {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.values == nil {
		s.values = make([]T, len(s.records))
		for i, r := range s.records {
			s.values[i] = *r
		}
	}
	return s.values
}

// view is the records keep lets through, worked out once per class and
// then shared: keep functions given equal classes must agree on every
// record. The slice's capacity is its length, so a caller's append copies
// rather than writes into what others read.
func (s *wardSnap[T]) view(class any, keep func(*T) bool) []T {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.class(class, keep)
	if v.values == nil {
		v.values = s.patched(class, v)
	}
	if v.values == nil {
		v.values = gather(s.records, v.in, v.n, func(r *T) T { return *r })
	}
	return v.values
}

// sharedView is view as the cache's own records, by pointer: after a
// change it is made in a pass over the record pointers, where view copies
// every record the class sees (a few milliseconds for 10,000 problems,
// issue 24, P4). Readers share the slice and the records and must change
// neither; its capacity is its length, as view's.
func (s *wardSnap[T]) sharedView(class any, keep func(*T) bool) []*T {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.class(class, keep)
	if v.shared == nil {
		v.shared = gather(s.records, v.in, v.n, func(r *T) *T { return r })
	}
	return v.shared
}

// class is class's view of s, with which records it holds worked out:
// from prev's view of the class if it has one (only the changed records
// are asked of keep), else by asking keep of every record. Under s.mu.
func (s *wardSnap[T]) class(class any, keep func(*T) bool) *classView[T] {
	if v, ok := s.views[class]; ok {
		return v
	}
	v := &classView[T]{keep: keep}
	if old := s.prevView(class); old != nil {
		v.in = newBitset(len(s.records))
		s.eachRun(func(r sameRun) {
			for k := range r.n {
				if old.in.has(r.from + k) {
					v.in.set(r.at + k)
					v.n++
				}
			}
		}, func(i int) {
			if keep(s.records[i]) {
				v.in.set(i)
				v.n++
			}
		})
	} else {
		v.in, v.n = which(s.records, keep)
	}
	if s.views == nil {
		s.views = map[any]*classView[T]{}
	}
	s.views[class] = v
	return v
}

// prevView is prev's view of class, if s was made from a snapshot that
// has one. Under s.mu.
func (s *wardSnap[T]) prevView(class any) *classView[T] {
	p := s.prev
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.views[class]
}

// eachRun calls run for each run of records taken unchanged from prev,
// and one for each record between them and after the last: the changed
// ones. In order.
func (s *wardSnap[T]) eachRun(run func(r sameRun), one func(i int)) {
	i := 0
	for _, r := range s.same {
		for ; i < r.at; i++ {
			one(i)
		}
		run(r)
		i = r.at + r.n
	}
	for ; i < len(s.records); i++ {
		one(i)
	}
}

// patched is v's values made from prev's, if prev has them for class:
// the runs of records taken unchanged from prev are copied from prev's
// list a run at a time, and only the changed records one by one. After
// one edit in a ward of 10,000 problems, copying the records one by one
// and asking keep of every one took a few milliseconds of the next
// reader's first frame (issue 24, P4). Nil if prev has no such list.
// Under s.mu.
func (s *wardSnap[T]) patched(class any, v *classView[T]) []T {
	old := s.prevView(class)
	if old == nil || old.values == nil {
		return nil
	}
	out := make([]T, 0, v.n)
	from, at := 0, 0 // prev's records[from] is old.values[at]
	s.eachRun(func(r sameRun) {
		at += old.in.count(from, r.from)
		k := old.in.count(r.from, r.from+r.n)
		out = append(out, old.values[at:at+k]...)
		from, at = r.from+r.n, at+k
	}, func(i int) {
		if v.in.has(i) {
			out = append(out, *s.records[i])
		}
	})
	return out
}

// gather is elem of each of records in in (n of them), in order, in a
// slice of just that size.
func gather[E, T any](records []*T, in bitset, n int, elem func(*T) E) []E {
	out := make([]E, 0, n)
	for i, r := range records {
		if in.has(i) {
			out = append(out, elem(r))
		}
	}
	return out
}

// bitset is a set of small numbers.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) set(i int)      { b[i/64] |= 1 << (i % 64) }
func (b bitset) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }

// count is how many of from…to-1 are in b.
func (b bitset) count(from, to int) int {
	n := 0
	for i := from; i < to; i++ {
		if i%64 == 0 && i+64 <= to {
			n += bits.OnesCount64(b[i/64])
			i += 63
			continue
		}
		if b.has(i) {
			n++
		}
	}
	return n
}

// has says whether anyone has read ward's records.
func (c *wardCache[T]) has(ward string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.wards[ward] != nil
}

// refresh is load, and then the lists the last snapshot's readers were
// given, made anew for the new one: what a reader after a change would
// otherwise wait for.
func (c *wardCache[T]) refresh(tx *bolt.Tx, ward string, src source[T]) (*wardSnap[T], error) {
	e := c.entry(ward)
	e.mu.Lock()
	old := e.snap
	e.mu.Unlock()
	snap, err := c.load(tx, ward, src)
	if err != nil || old == nil || snap == old {
		return snap, err
	}
	// The kinds of list each class was given, and only those: a class
	// whose readers all take shared lists costs no copy of the records.
	type made struct {
		keep           func(*T) bool
		values, shared bool
	}
	old.mu.Lock()
	views := make(map[any]made, len(old.views))
	for class, v := range old.views {
		views[class] = made{v.keep, v.values != nil, v.shared != nil}
	}
	old.mu.Unlock()
	for class, v := range views {
		if v.values {
			snap.view(class, v.keep)
		}
		if v.shared {
			snap.sharedView(class, v.keep)
		}
	}
	snap.forget()
	return snap, nil
}

// copies is the records keep lets through, each a copy that detach has
// made share nothing with the cache: for callers that may change them.
func (s *wardSnap[T]) copies(keep func(*T) bool, detach func(*T)) []T {
	in, n := which(s.records, keep)
	out := gather(s.records, in, n, func(r *T) T { return *r })
	for i := range out {
		detach(&out[i])
	}
	return out
}

// which are the records keep lets through, and how many: counted first,
// as a long list of large structs is costly to regrow.
func which[T any](records []*T, keep func(*T) bool) (bitset, int) {
	in, n := newBitset(len(records)), 0
	for i, r := range records {
		if keep(r) {
			in.set(i)
			n++
		}
	}
	return in, n
}

// visible keeps the records viewer may see, as copies that share nothing
// with the cache.
func visible[T any](all []T, canSee func(T) bool, detach func(*T)) []T {
	out := []T{}
	for _, r := range all {
		if canSee(r) {
			detach(&r)
			out = append(out, r)
		}
	}
	return out
}

func detachVisibility(v *model.Visibility) { v.Agencies = slices.Clone(v.Agencies) }

// indexed scans the records an index lists under prefix: the index key is
// prefix and record ID, the records bucket's key the ID. kind names the
// record in errors.
func indexed(tx *bolt.Tx, index, records, prefix []byte, kind string) func(each func(id, val []byte) error) error {
	return func(each func(id, val []byte) error) error {
		// A second cursor walks the records alongside the index: a ward's
		// records mostly sit together, and stepping to the next one costs a
		// fraction of a fresh search from the root, which is what Get does
		// (and, in bbolt, allocates on every page it passes).
		rc := tx.Bucket(records).Cursor()
		var rk, rv []byte
		c := tx.Bucket(index).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			id := k[len(prefix):]
			if len(id) != 8 {
				return fmt.Errorf("%s entry %q: %w", index, k, ErrCorrupt)
			}
			for steps := 0; rk == nil || bytes.Compare(rk, id) < 0; steps++ {
				if rk == nil || steps == 8 {
					rk, rv = rc.Seek(id)
					break
				}
				rk, rv = rc.Next()
			}
			if !bytes.Equal(rk, id) || rv == nil {
				return fmt.Errorf("%s lists %s %d, which is not there: %w", index, kind, binary.BigEndian.Uint64(id), ErrCorrupt)
			}
			if err := each(id, rv); err != nil {
				return err
			}
		}
		return nil
	}
}
