package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// What the records kept by ward (problems, actions, meetings, rich-picture
// sessions, community assets) share in how they are read, written and
// audited, written once.

// visibleRecord loads record id of bucket for a viewer: missing(id) where
// there is none and where see says the viewer may not see it, the same
// answer, so that a hidden record does not show it exists.
func visibleRecord[T any](tx *bolt.Tx, bucket []byte, id model.ID, see func(T) bool, missing func(model.ID) error) (T, error) {
	var v, zero T
	found, err := get(tx.Bucket(bucket), u64(uint64(id)), &v)
	if err != nil {
		return zero, err
	}
	if !found || !see(v) {
		return zero, missing(id)
	}
	return v, nil
}

// viewRecord reads one record in a read transaction; the zero value with
// the error.
func viewRecord[T any](s *Store, doing string, read func(tx *bolt.Tx) (T, error)) (T, error) {
	var v T
	err := s.view(doing, func(tx *bolt.Tx) error {
		var err error
		v, err = read(tx)
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// stampable is a record a user creates (model/created.go).
type stampable interface {
	Stamps() model.Stamps
}

// createRecord gives a new record the next ID of its bucket and stamps it
// as made by by at now, version 1; the caller writes it.
func createRecord(tx *bolt.Tx, bucket []byte, rec stampable, by model.Actor, now time.Time) error {
	seq, err := tx.Bucket(bucket).NextSequence()
	if err != nil {
		return err
	}
	rec.Stamps().Created(model.ID(seq), by.User.Name, now)
	return nil
}

// eachRecord decodes every record of b, in key order, for fn.
func eachRecord[T any](b *bolt.Bucket, fn func(rec T) error) error {
	return b.ForEach(func(_, v []byte) error {
		var rec T
		if err := decode(v, &rec); err != nil {
			return err
		}
		return fn(rec)
	})
}

// allRecords decodes every record of b, in key order; those decoded
// before a failure with it.
func allRecords[T any](b *bolt.Bucket) ([]T, error) {
	out := []T{}
	err := eachRecord(b, func(rec T) error {
		out = append(out, rec)
		return nil
	})
	return out, err
}

// eachChild decodes, in key order, the records of b kept under parent:
// those whose keys start with its ID (an action's outcomes, a problem's
// evidence, a session's lines), for fn with their keys.
func eachChild[T any](b *bolt.Bucket, parent model.ID, fn func(k []byte, rec T) error) error {
	prefix := u64(uint64(parent))
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var rec T
		if err := decode(v, &rec); err != nil {
			return err
		}
		if err := fn(k, rec); err != nil {
			return err
		}
	}
	return nil
}

// eachInWard decodes the ward's records that the index byWard lists, in
// ID order, for fn until it returns false. A listed record that is not
// there, or is another ward's, is corruption: "byWard lists what that is
// not there" (what: "a meeting").
func eachInWard[T any](tx *bolt.Tx, bucket, byWard []byte, code, what string, wardOf func(T) string, fn func(T) bool) error {
	prefix := wardIndexPrefix(code)
	records := tx.Bucket(bucket)
	c := tx.Bucket(byWard).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		var rec T
		found, err := get(records, k[len(prefix):], &rec)
		if err != nil {
			return err
		}
		if !found || wardOf(rec) != code {
			return fmt.Errorf("%s lists %s that is not there: %w", byWard, what, ErrCorrupt)
		}
		if !fn(rec) {
			return nil
		}
	}
	return nil
}

// putWardRecord writes v as record id of bucket and lists it under its
// ward in the index byWard.
func putWardRecord(tx *bolt.Tx, bucket, byWard []byte, ward string, id model.ID, v any) error {
	key := u64(uint64(id))
	if err := put(tx.Bucket(bucket), key, v); err != nil {
		return err
	}
	noteTouched(tx, bucket, key)
	return tx.Bucket(byWard).Put(wardIndexKey(ward, uint64(id)), []byte{})
}

// recordEntry is the audit entry of a change to record kind/id of a ward,
// as visible as the record.
func recordEntry(verb model.AuditAction, kind string, id model.ID, summary, ward string, vis model.Visibility) model.AuditEntry {
	return model.AuditEntry{
		Action:     verb,
		Target:     fmt.Sprintf("%s/%d", kind, id),
		Summary:    summary,
		Ward:       ward,
		Visibility: vis,
	}
}

// wardSource is ward code's records of bucket, by ID, as its index byWard
// lists them; a record listed under a ward it is not in is corrupt.
func wardSource[T any](tx *bolt.Tx, byWard, bucket []byte, code, what string, ward func(*T) string) source[T] {
	return source[T]{
		scan: indexed(tx, byWard, bucket, wardIndexPrefix(code), what),
		decode: func(id, v []byte, r *T) error {
			if err := decode(v, r); err != nil {
				return err
			}
			if ward(r) != code {
				return fmt.Errorf("%s lists %s %d under ward %s, which is not there: %w", byWard, what, binary.BigEndian.Uint64(id), code, ErrCorrupt)
			}
			return nil
		},
		bucket: bucket,
		one: func(id []byte) ([]byte, error) {
			if tx.Bucket(byWard).Get(wardIndexKey(code, binary.BigEndian.Uint64(id))) == nil {
				return nil, nil
			}
			v := tx.Bucket(bucket).Get(id)
			if v == nil {
				return nil, fmt.Errorf("%s lists %s %d, which is not there: %w", byWard, what, binary.BigEndian.Uint64(id), ErrCorrupt)
			}
			return v, nil
		},
	}
}

// wardList reads viewer's list of ward in a read transaction, with
// wardView's checks; an empty list where there is nothing to see.
func wardList[T any](s *Store, doing string, viewer model.User, ward string, read func(tx *bolt.Tx, code string) ([]T, error)) ([]T, error) {
	var out []T
	_, err := s.wardView(doing, viewer, ward, func(tx *bolt.Tx, code string) error {
		var err error
		out, err = read(tx, code)
		return err
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		return []T{}, nil
	}
	return out, nil
}
