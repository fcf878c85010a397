package store

import (
	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// allInWard decodes every record of the ward that the index byWard lists,
// in ID order (eachInWard says what is corruption).
func allInWard[T any](tx *bolt.Tx, bucket, byWard []byte, code, what string, wardOf func(T) string) ([]T, error) {
	var out []T
	err := eachInWard(tx, bucket, byWard, code, what, wardOf, func(rec T) bool { out = append(out, rec); return true })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// seenChildren lists, in one read, the records of bucket kept under parent
// (an action's outcomes, a problem's evidence, a meeting's updates) as a
// viewer may read them. parentSeen is asked first: a parent the viewer may
// not see answers with its error (model.ErrNotFound), whatever its children.
// keep, if not nil, says whether a child is shown, and as what; without it
// every child is shown as it is. The list is never nil.
func seenChildren[T any](s *Store, doing string, bucket []byte, parent model.ID,
	parentSeen func(*bolt.Tx) error, keep func(*bolt.Tx, T) (T, bool, error)) ([]T, error) {
	out := []T{}
	err := s.view(doing, func(tx *bolt.Tx) error {
		if err := parentSeen(tx); err != nil {
			return err
		}
		return eachChild(tx.Bucket(bucket), parent, func(_ []byte, rec T) error {
			if keep != nil {
				shown, ok, err := keep(tx, rec)
				if err != nil || !ok {
					return err
				}
				rec = shown
			}
			out = append(out, rec)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
