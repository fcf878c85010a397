package store

import (
	"errors"
	"fmt"
	"strings"
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// ErrFull is a write refused because the data file has reached its size cap
// (Options.MaxSize) or the disk had no room for it. Nothing of the write
// is saved; reads go on working, and writes work again once there is room.
var ErrFull = errors.New("the data file is full: nothing was saved; ask the operator to make room")

// The size cap. bbolt v1.4 has no size limit of its own (its MaxSize
// option came later), and the file only grows inside Commit, where nothing
// can intervene; so the store refuses a write when even the largest change
// might take the file past the cap. A change writes at most a few records
// of at most MaxTextLen characters each, JSON-escaped, with copies of the
// pages on their paths: changeReserve bounds that with room to spare.
const changeReserve = 1 << 20

// allocFor is how much bbolt grows the file by when it must, under a cap:
// bbolt's 16 MiB default would overshoot a small cap, and a growth step per
// page would cost a file sync on most writes.
func allocFor(maxSize int64) int {
	return int(min(max(maxSize/64, 64<<10), 16<<20))
}

// checkRoom refuses the write in tx if it might take the file past the
// cap. Below tx.Size() bbolt reuses freed pages before growing the file;
// past it the file grows by the new pages, a freelist of up to eight bytes
// a page, and bbolt's allocation step.
func (s *Store) checkRoom(tx *bolt.Tx) error {
	if s.maxSize <= 0 {
		return nil
	}
	used := tx.Size()
	need := used + changeReserve + used/512 + int64(s.db.AllocSize) + int64(s.db.Info().PageSize)
	if need <= s.maxSize {
		return nil
	}
	return full(fmt.Errorf("%d bytes in use and %d kept back for a change would pass the cap of %d bytes", used, need-used, s.maxSize))
}

// isDiskFull recognises the disk refusing a write. bbolt passes a write's
// error on as it is, but flattens a failed resize into text.
func isDiskFull(err error) bool {
	for _, errno := range []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT, syscall.EFBIG} {
		if errors.Is(err, errno) || strings.Contains(err.Error(), errno.Error()) {
			return true
		}
	}
	return false
}

// full is ErrFull's sentence for the person whose write it was, with the
// cause kept behind it for the operator's log.
func full(cause error) error {
	errs := []error{ErrFull}
	if cause != nil {
		errs = append(errs, cause)
	}
	return &failure{msg: ErrFull.Error(), errs: errs}
}

// fullCause is what lay behind an ErrFull, for the operator.
func fullCause(err error) error {
	var f *failure
	if errors.As(err, &f) && len(f.errs) > 1 {
		return f.errs[1]
	}
	return err
}
