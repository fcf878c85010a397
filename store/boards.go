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

// boardCache keeps each ward's decoded problems for one revision. After a
// change every connected session re-reads its board; without the cache a
// hundred sessions decode the same records a hundred times, and decoding
// is nearly all the cost of a read.
type boardCache struct {
	mu     sync.Mutex
	boards map[string]*board
}

type board struct {
	mu       sync.Mutex // held while decoding, so concurrent readers wait for one decode
	rev      uint64
	problems []model.Problem
}

func (c *boardCache) get(ward string) *board {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.boards == nil {
		c.boards = map[string]*board{}
	}
	b := c.boards[ward]
	if b == nil {
		b = &board{}
		c.boards[ward] = b
	}
	return b
}

// wardProblems returns every problem of the ward as of tx, decoding only if
// no reader has done so at tx's revision. The slice is shared: callers
// copy what they hand out.
func (s *Store) wardProblems(tx *bolt.Tx, code string) ([]model.Problem, error) {
	rev, err := readRevision(tx)
	if err != nil {
		return nil, err
	}
	b := s.boards.get(code)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.problems != nil && b.rev == rev {
		return b.problems, nil
	}
	problems, err := decodeWardProblems(tx, code)
	if err != nil {
		return nil, err
	}
	// A reader on an older snapshot must not replace a newer board.
	if b.problems == nil || rev > b.rev {
		b.rev, b.problems = rev, problems
	}
	return problems, nil
}

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
	if out == nil {
		out = []model.Problem{} // cached as "decoded, empty", not "not yet decoded"
	}
	return out, nil
}

// visibleCopies keeps what viewer may see, as copies that share nothing
// with the cache.
func visibleCopies(viewer model.User, all []model.Problem) []model.Problem {
	out := []model.Problem{}
	for _, p := range all {
		if model.CanSeeProblem(viewer, p) {
			p.Visibility.Agencies = slices.Clone(p.Visibility.Agencies)
			out = append(out, p)
		}
	}
	return out
}
