package store

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// ErrDamaged means bbolt could not read the file: a page is not what the
// pages pointing at it say it is (zeroed, overwritten, cut off). Nothing
// was read or saved; the same file will fail the same way again.
var ErrDamaged = errors.New("the data file is damaged; the operator can run wardpanel check to see where, and restore the latest backup")

// read and update are the store's only ways into bbolt's transactions.
// bbolt trusts the file: on a damaged page it panics, and a recovered
// panic further up once turned into an empty answer and exit status 0.
// Here such a panic becomes ErrDamaged for the caller. After one, writes
// are refused: bbolt's free-page list may be half rolled back, and
// writing into a damaged file can only spread the damage.
func (s *Store) read(doing string, fn func(tx *bolt.Tx) error) error {
	return s.guard(doing, func() error { return s.db.View(fn) })
}

func (s *Store) update(doing string, fn func(tx *bolt.Tx) error) error {
	if s.damaged.Load() {
		return ErrDamaged
	}
	return s.guard(doing, func() error { return s.db.Update(fn) })
}

// guard runs fn, turning a panic that comes from the file into
// ErrDamaged; doing is for the log, the caller gives the error context. Reading past the end of a cut-off file is a memory fault,
// which Go makes a panic only where asked to (SetPanicOnFault). A panic of
// wardpanel's own code is a bug, not damage, and goes on up.
func (s *Store) guard(doing string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		if !fromFile(p) {
			panic(p)
		}
		s.damaged.Store(true)
		if s.onDamaged != nil {
			s.onDamaged(fmt.Errorf("%s: %v", doing, p))
		}
		err = ErrDamaged
	}()
	return fn()
}

// fromFile reports whether a recovered panic was raised by bbolt, or by a
// fault reading the memory bbolt maps the file into. It must be called
// from the deferred function that recovered, where the panicking frames
// are still on the stack: the first frame past the runtime's own is the
// code that panicked.
func fromFile(p any) bool {
	if _, ok := p.(interface{ Addr() uintptr }); ok {
		return true
	}
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	panicking := false
	for {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic":
			panicking = true
		case panicking && !strings.HasPrefix(f.Function, "runtime."):
			return strings.HasPrefix(f.Function, "go.etcd.io/bbolt")
		}
		if !more {
			return false
		}
	}
}
