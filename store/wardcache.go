package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
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
	// decoded counts the records decoded one by one (load), for tests.
	decoded atomic.Int64
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
	views  map[any][]T
	keeps  map[any]func(*T) bool // what made each view, to make it anew (refresh)
	values []T                   // the records as values, for records' callers
}

type storedRecord struct{ key, val []byte }

// source is where a ward's records of one kind are kept. scan calls each
// with every record's key and stored value in key order, the order readers
// get them in; decode reads one value into a record.
type source[T any] struct {
	scan   func(each func(key, val []byte) error) error
	decode func(key, val []byte, into *T) error
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
// the rest are decoded.
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
	snap := &wardSnap[T]{rev: rev, records: make([]*T, 0, len(old.stored)), stored: make([]storedRecord, 0, len(old.stored))}
	var changed []int // indexes into snap of the records to decode
	j := 0
	err = src.scan(func(k, v []byte) error {
		// Both lists are in key order: walk the old one alongside.
		for j < len(old.stored) && bytes.Compare(old.stored[j].key, k) < 0 {
			j++
		}
		if j < len(old.stored) && bytes.Equal(old.stored[j].key, k) && bytes.Equal(old.stored[j].val, v) {
			snap.records, snap.stored = append(snap.records, old.records[j]), append(snap.stored, old.stored[j])
			return nil
		}
		// bbolt's slices are only valid inside the transaction.
		buf := slices.Concat(k, v)
		changed = append(changed, len(snap.records))
		snap.records, snap.stored = append(snap.records, nil), append(snap.stored, storedRecord{key: buf[:len(k):len(k)], val: buf[len(k):]})
		return nil
	})
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
	// A reader on an older snapshot must not replace a newer one.
	if e.snap == nil || rev > e.snap.rev {
		e.snap = snap
	}
	return snap, nil
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
	if v, ok := s.views[class]; ok {
		return v
	}
	out := gather(s.records, keep)
	if s.views == nil {
		s.views, s.keeps = map[any][]T{}, map[any]func(*T) bool{}
	}
	s.views[class], s.keeps[class] = out, keep
	return out
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
	old.mu.Lock()
	keeps := make(map[any]func(*T) bool, len(old.keeps))
	for class, keep := range old.keeps {
		keeps[class] = keep
	}
	old.mu.Unlock()
	for class, keep := range keeps {
		snap.view(class, keep)
	}
	return snap, nil
}

// copies is the records keep lets through, each a copy that detach has
// made share nothing with the cache: for callers that may change them.
func (s *wardSnap[T]) copies(keep func(*T) bool, detach func(*T)) []T {
	out := gather(s.records, keep)
	for i := range out {
		detach(&out[i])
	}
	return out
}

// gather copies out the records keep lets through into a slice of just
// their size: counted first, as a long list of large structs is costly to
// regrow.
func gather[T any](records []*T, keep func(*T) bool) []T {
	n := 0
	for _, r := range records {
		if keep(r) {
			n++
		}
	}
	out := make([]T, 0, n)
	for _, r := range records {
		if keep(r) {
			out = append(out, *r)
		}
	}
	return out
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
