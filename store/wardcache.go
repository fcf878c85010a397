package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// wardCache keeps each ward's decoded records of one kind for one
// revision. After a change every connected session re-reads what it shows;
// without the cache a hundred sessions decode the same records a hundred
// times, and decoding is nearly all the cost of a read.
type wardCache[T any] struct {
	mu    sync.Mutex
	wards map[string]*wardEntry[T]
}

type wardEntry[T any] struct {
	mu      sync.Mutex // held while decoding, so concurrent readers wait for one decode
	rev     uint64
	records []T // nil: not decoded yet
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

// records returns the ward's records as of tx, decoding them only if no
// reader has done so at tx's revision. The slice is shared: callers copy
// what they hand out.
func (c *wardCache[T]) records(tx *bolt.Tx, ward string, decode func() ([]T, error)) ([]T, error) {
	rev, err := readRevision(tx)
	if err != nil {
		return nil, err
	}
	e := c.entry(ward)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.records != nil && e.rev == rev {
		return e.records, nil
	}
	records, err := decode()
	if err != nil {
		return nil, err
	}
	if records == nil {
		records = []T{} // cached as "decoded, none", not "not yet decoded"
	}
	// A reader on an older snapshot must not replace a newer list.
	if e.records == nil || rev > e.rev {
		e.rev, e.records = rev, records
	}
	return records, nil
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

func decodeWardProblems(tx *bolt.Tx, code string) ([]model.Problem, error) {
	records := tx.Bucket(bucketProblems)
	prefix := wardIndexPrefix(code)
	var out []model.Problem
	c := tx.Bucket(bucketProblemsByWard).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		id := k[len(prefix):]
		if len(id) != 8 {
			return nil, fmt.Errorf("problems_by_ward entry %q: %w", k, ErrCorrupt)
		}
		var p model.Problem
		found, err := get(records, id, &p)
		if err != nil {
			return nil, err
		}
		if !found || p.Ward != code {
			return nil, fmt.Errorf("ward %s lists problem %d, which is not there: %w", code, binary.BigEndian.Uint64(id), ErrCorrupt)
		}
		out = append(out, p)
	}
	return out, nil
}
