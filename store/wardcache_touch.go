package store

import (
	"bytes"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// A write knows which records it touches, so the cache need not find out
// by reading them all: after one edit in a ward of 10,000 problems, the
// pass over every stored record to find the changed one took 2–5 ms of a
// processor (issue 24, P4). Every committed change (commitChange) leaves
// in the store's touch log the revisions it moved the store across and
// the records it wrote (putWardRecord, or noteTouched where a record is
// written otherwise); a cached ward at revision r, read at revision R,
// re-reads just the records the log names between them. Where the log
// cannot vouch for every revision between r and R (a write made outside
// commitChange, such as a migration, or a log that has moved on), the
// cache reads every record as before: the log only ever saves work.

// touchLog is the store's recent committed changes, oldest first.
type touchLog struct {
	mu      sync.Mutex
	entries []touchEntry
}

// touchEntry is one committed transaction: it moved the store from
// revision from to revision to, and wrote the records in keys.
type touchEntry struct {
	from, to uint64
	keys     []touchedKey
}

// touchedKey is a record written: its bucket (one of the bucket names in
// buckets.go, compared by content) and key.
type touchedKey struct {
	bucket []byte
	key    []byte
}

// touchLogSize is how many transactions the log remembers: a cache further
// behind than that reads its ward whole.
const touchLogSize = 1024

// writing holds the records each write transaction in progress has
// touched, by *bolt.Tx: the functions that write records are handed only
// the transaction.
var writing sync.Map

// txTouches is what one write transaction has touched so far.
type txTouches struct {
	from, to uint64
	keys     []touchedKey
}

// touching is tx's record of what it touches, begun with the revision it
// starts from; the first change in a transaction registers it, and on
// commit it joins the store's log. A transaction rolled back never joins;
// untouch forgets it.
func (s *Store) touching(tx *bolt.Tx) (*txTouches, error) {
	if t, ok := writing.Load(tx); ok {
		return t.(*txTouches), nil
	}
	rev, err := readRevision(tx)
	if err != nil {
		return nil, err
	}
	t := &txTouches{from: rev, to: rev}
	writing.Store(tx, t)
	tx.OnCommit(func() {
		writing.Delete(tx)
		s.touches.add(touchEntry{from: t.from, to: t.to, keys: t.keys})
	})
	return t, nil
}

// untouch forgets tx's record, once the transaction is over (committed or
// not).
func untouch(tx *bolt.Tx) {
	if tx != nil {
		writing.Delete(tx)
	}
}

// noteTouched notes that tx wrote key in bucket. Outside a change (a
// migration) it does nothing: those revisions are missing from the log,
// and the cache reads whole across them.
func noteTouched(tx *bolt.Tx, bucket, key []byte) {
	if t, ok := writing.Load(tx); ok {
		t := t.(*txTouches)
		t.keys = append(t.keys, touchedKey{bucket: bucket, key: slices.Clone(key)})
	}
}

func (l *touchLog) add(e touchEntry) {
	if e.to <= e.from {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := len(l.entries); n > 0 && l.entries[n-1].to != e.from {
		l.entries = l.entries[:0] // a gap: what came before cannot be chained to what follows
	}
	if len(l.entries) == touchLogSize {
		l.entries = slices.Delete(l.entries, 0, touchLogSize/4)
	}
	l.entries = append(l.entries, e)
}

// touched is the keys of bucket written between revisions from and to, in
// key order, each once; ok is false if the log cannot say (a revision
// between them is not in it).
func (l *touchLog) touched(bucket []byte, from, to uint64) (keys [][]byte, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	i, found := slices.BinarySearchFunc(l.entries, from, func(e touchEntry, rev uint64) int {
		switch {
		case e.from < rev:
			return -1
		case e.from > rev:
			return 1
		}
		return 0
	})
	if !found {
		return nil, false
	}
	at := from
	for ; i < len(l.entries) && at < to; i++ {
		e := l.entries[i]
		if e.from != at {
			return nil, false
		}
		for _, k := range e.keys {
			if bytes.Equal(k.bucket, bucket) {
				keys = append(keys, k.key)
			}
		}
		at = e.to
	}
	if at != to {
		return nil, false
	}
	slices.SortFunc(keys, bytes.Compare)
	return slices.CompactFunc(keys, bytes.Equal), true
}
