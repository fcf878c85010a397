package store

import (
	"errors"
	"fmt"

	berrors "go.etcd.io/bbolt/errors"

	"wardpanel/model"
)

// Errors of the store itself, beside model's sentinels. Like those, they are
// meant for errors.Is; messages say what to do where that is known.
var (
	// ErrClosed is returned by every method called after Close.
	ErrClosed = errors.New("the store is closed")
	// ErrSchemaTooNew refuses a file written by a newer wardpanel, which
	// this version would misread or damage.
	ErrSchemaTooNew = errors.New("the data file was written by a newer version of wardpanel; upgrade wardpanel to open it")
	// ErrCorrupt means the file holds something this version cannot read: a
	// record in an unknown encoding, a broken index, a foreign bbolt file.
	ErrCorrupt = errors.New("the data file is damaged or not a wardpanel file")
)

// storageErr keeps bbolt's own errors from reaching callers as the only
// information: the ones callers can act on become sentinels, the rest
// (disk full, I/O) keep their text behind what the store was doing.
func storageErr(doing string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, berrors.ErrDatabaseNotOpen):
		return fmt.Errorf("%s: %w", doing, ErrClosed)
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("%s: %w", doing, ErrLocked)
	}
	return fmt.Errorf("%s: %w", doing, err)
}

// isOurs reports whether err already says what went wrong in the domain's
// terms; anything else is storage trouble and gets storageErr's context.
func isOurs(err error) bool {
	for _, target := range []error{
		model.ErrNotFound, model.ErrForbidden, model.ErrDuplicate, model.ErrInvalid,
		model.ErrConflict, model.ErrUnchanged, ErrClosed, ErrCorrupt, ErrSchemaTooNew, ErrFull, ErrDamaged,
	} {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}
