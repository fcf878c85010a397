package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// DefaultLockTimeout is how long Open waits for another process to let go
// of the file: long enough to ride out a restart, short enough that a
// second server fails at once with a clear message.
const DefaultLockTimeout = time.Second

// impl is the Store's state; Store embeds it so api.go shows only the API.
type impl struct {
	db    *bolt.DB
	file  string
	clock func() time.Time

	maxSize   int64
	onFull    func(error)
	onDamaged func(error)
	observer  Observer // observe.go; nil: none
	// damaged is set once bbolt has panicked on the file: writes are
	// refused from then on (damage.go).
	damaged atomic.Bool

	// commits queues grouped writes (groupcommit.go).
	commits committer

	// rev mirrors meta/revision so Revision needs no transaction.
	rev atomic.Uint64

	problemCache wardCache[model.Problem]
	actionCache  wardCache[model.Action]
	// touches is the records recent changes wrote (wardcache_touch.go).
	touches      touchLog
	meetingCache wardCache[model.Meeting]
	// lineCache holds rich-picture sessions' lines, keyed by session ID.
	lineCache  wardCache[model.Element]
	crimeCache crimeCache // crimes.go: per ward, per stamp of the crimes bucket
	// meetingWards maps a meeting's ID to its ward, which never changes,
	// so that reading one meeting can use its ward's cached meetings.
	meetingWards sync.Map

	// mu guards the subscriber set and the last revision sent. Nothing
	// under it blocks: sends to subscribers are non-blocking.
	mu     sync.Mutex
	subs   map[*Subscription]struct{}
	sent   uint64
	closed bool
	warm   warmer // warm.go; under mu
}

func open(dir string, opts Options) (*Store, error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = DefaultLockTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	file := filepath.Join(dir, FileName)
	if err := verify(file, opts); err != nil {
		return nil, err
	}
	db, err := openBolt(file, false, opts.LockTimeout)
	if err != nil {
		return nil, err
	}
	if opts.MaxSize > 0 {
		db.AllocSize = allocFor(opts.MaxSize)
	}
	s := &Store{impl{db: db, file: file, clock: opts.Now, maxSize: opts.MaxSize, onFull: opts.OnFull,
		onDamaged: opts.OnDamaged, observer: opts.Observer, subs: map[*Subscription]struct{}{}}}
	s.problemCache.log, s.actionCache.log = &s.touches, &s.touches
	// upgrade.go: a newer file is refused, an older one copied aside first.
	if err := s.beforeMigrating(file, opts); err != nil {
		_ = s.close()
		return nil, err
	}
	var rev uint64
	err = s.update("open", func(tx *bolt.Tx) error {
		if err := prepare(tx); err != nil {
			return err
		}
		rev, err = readRevision(tx)
		return err
	})
	if err == nil && opts.fullCheck(file) {
		err = s.checkRecords()
	}
	if err != nil {
		_ = s.close()
		return nil, fmt.Errorf("open %s: %w", file, err)
	}
	s.sent = rev
	s.rev.Store(rev)
	return s, nil
}

// verify walks the file's pages before bbolt opens it for writing, which
// reads the free list and would panic on a damaged one, and before anything
// reads past the end of a cut-off file. It holds bbolt's shared lock while
// it reads, so a running server's writes are not mistaken for damage.
func verify(file string, opts Options) error {
	if info, err := os.Stat(file); err != nil || info.Size() == 0 {
		return nil // a new file: bbolt makes it
	}
	db, err := openBolt(file, true, opts.LockTimeout)
	if err != nil {
		return err
	}
	defer db.Close()
	var faults []string
	_, err = walkFile(file, opts.fullCheck(file), func(format string, args ...any) {
		faults = append(faults, fmt.Sprintf(format, args...))
	})
	if err != nil {
		return fmt.Errorf("open %s: %w", file, err)
	}
	if len(faults) > 0 {
		return fmt.Errorf("open %s: %w (%s)", file, ErrDamaged, faults[0])
	}
	return nil
}

// fullCheck says whether Open checks every page and record of file.
func (o Options) fullCheck(file string) bool {
	switch o.Check {
	case CheckFull:
		return true
	case CheckAuto:
		info, err := os.Stat(file)
		return err == nil && info.Size() <= FullCheckUpTo
	}
	return false
}

// checkRecords is the records' part of Check, for Open: the pages were
// walked before bbolt opened the file.
func (s *Store) checkRecords() error {
	var r Report
	err := s.read("check", func(tx *bolt.Tx) error {
		r = checkTx(tx, s.file, false)
		return nil
	})
	if err == nil && !r.OK() {
		err = fmt.Errorf("%w (%s)", ErrDamaged, r.Faults[0])
	}
	return err
}

// close ends subscriptions first, so no session waits on a store that is
// gone; bbolt's Close then waits for transactions in flight.
func (s *Store) close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	for sub := range s.subs {
		close(sub.c)
	}
	s.subs = nil
	s.mu.Unlock()
	s.stopWarming()
	if !s.damaged.Load() {
		return storageErr("close "+s.file, s.db.Close())
	}
	// A write that bbolt panicked in may not have let go of its lock, and
	// bbolt's Close waits for it: wait a little, then leave the file to
	// the process's exit.
	closed := make(chan error, 1)
	go func() { closed <- s.db.Close() }()
	select {
	case err := <-closed:
		return storageErr("close "+s.file, err)
	case <-time.After(damagedCloseWait):
		return fmt.Errorf("close %s: %w", s.file, ErrDamaged)
	}
}

// damagedCloseWait bounds Close of a damaged file.
const damagedCloseWait = 2 * time.Second

func (s *Store) path() string { return s.file }

func (s *Store) revision() uint64 { return s.rev.Load() }

func (s *Store) schemaVersion() (v int, err error) {
	err = s.view("read schema version", func(tx *bolt.Tx) error {
		v, err = readSchema(tx.Bucket(bucketMeta))
		return err
	})
	return v, err
}

// view runs fn in a read transaction. fn's own errors in the domain's
// terms come back as they are; bbolt's (closed store, I/O) get context.
func (s *Store) view(doing string, fn func(tx *bolt.Tx) error) error {
	var inner error
	err := s.read(doing, func(tx *bolt.Tx) error {
		inner = fn(tx)
		return inner
	})
	if err != nil && (inner == nil || !isOurs(inner)) {
		return storageErr(doing, err)
	}
	return err
}

// wardView is the frame of a read of one ward's records: the code as
// typed, one read transaction, an unknown ward said so. fn runs only if
// viewer belongs to the ward: nothing in another ward is theirs to see, so
// it is not even read. It returns the ward's code.
func (s *Store) wardView(doing string, viewer model.User, ward string, fn func(tx *bolt.Tx, code string) error) (string, error) {
	code, err := model.ParseWardCode(ward)
	if err != nil {
		return "", err
	}
	return code, s.view(doing, func(tx *bolt.Tx) error {
		if tx.Bucket(bucketWards).Get([]byte(code)) == nil {
			return unknownWard(code)
		}
		if !viewer.InWard(code) {
			return nil
		}
		return fn(tx, code)
	})
}

// change is the one write path: fn's change, its audit entry and the
// revision bump commit together or not at all, and subscribers hear of it
// only once it is on disk. fn returns the entry with Action, Target,
// Summary, Ward and Visibility; change fills in the rest.
func (s *Store) change(doing string, by model.Actor, fn func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error)) error {
	return s.changeAs(doing, func(tx *bolt.Tx, now time.Time) (model.Actor, model.AuditEntry, error) {
		e, err := fn(tx, now)
		return by, e, err
	})
}

// changeAs is change for a write whose actor is only known inside the
// transaction: redeeming an invite is done by the user it creates.
func (s *Store) changeAs(doing string, fn func(tx *bolt.Tx, now time.Time) (model.Actor, model.AuditEntry, error)) error {
	return s.commitChange(doing, s.update, fn)
}

// changeGrouped is change for a write function that is safe to run twice:
// it may share its transaction, and its fsyncs, with other grouped writes
// made at the same moment (groupcommit.go says what running twice means).
func (s *Store) changeGrouped(doing string, by model.Actor, fn func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error)) error {
	return s.commitChange(doing, s.updateGrouped, func(tx *bolt.Tx, now time.Time) (model.Actor, model.AuditEntry, error) {
		e, err := fn(tx, now)
		return by, e, err
	})
}

// commitChange is change's frame around update, the transaction: alone
// (s.update) or grouped (s.updateGrouped). What the transaction function
// shares with this frame it sets afresh on each run.
func (s *Store) commitChange(doing string, update func(string, func(*bolt.Tx) error) error,
	fn func(tx *bolt.Tx, now time.Time) (model.Actor, model.AuditEntry, error)) error {
	var inner error
	var rev uint64
	var entry model.AuditEntry
	start := time.Now()
	update = s.commits.counted(update)
	var txs []*bolt.Tx // each run's, for untouch
	err := update(doing, func(tx *bolt.Tx) error {
		txs = append(txs, tx)
		touched, err := s.touching(tx)
		if err != nil {
			return err
		}
		// Read under bbolt's writer lock, so audit times follow audit order;
		// UTC without a monotonic reading, so what a write returns equals
		// what a later read decodes.
		now := s.clock().UTC().Round(0)
		by, e, err := fn(tx, now)
		entry, rev = e, 0
		if err == nil {
			err = appendAudit(tx, by, now, e)
		}
		if err == nil {
			rev, err = bumpRevision(tx)
			touched.to = rev
		}
		if err == nil {
			err = s.checkRoom(tx)
		}
		inner = err
		return err
	})
	for _, tx := range txs {
		untouch(tx)
	}
	s.observeWrite(start, inner, err)
	if err != nil {
		if inner == nil && isDiskFull(err) {
			err = full(err)
		}
		if errors.Is(err, ErrFull) && s.onFull != nil {
			s.onFull(fullCause(err))
		}
		if errors.Is(err, ErrDamaged) {
			return fmt.Errorf("%s: nothing was saved: %w", doing, ErrDamaged)
		}
		if (inner != nil && isOurs(inner)) || errors.Is(err, ErrFull) {
			return err
		}
		return storageErr(doing, err)
	}
	s.publish(rev)
	s.changed(entry)
	return nil
}

func bumpRevision(tx *bolt.Tx) (uint64, error) {
	rev, err := readRevision(tx)
	if err != nil {
		return 0, err
	}
	rev++
	if err := tx.Bucket(bucketMeta).Put(metaRevision, u64(rev)); err != nil {
		return 0, fmt.Errorf("record revision: %w", err)
	}
	return rev, nil
}

// checkAdmin is the rule for managing wards, agencies, users and keys.
func checkAdmin(by model.Actor) error {
	if by.IsOperator() {
		return nil
	}
	return model.CheckManageUsers(by.User)
}

// failure is an error whose message reads as one sentence for the person
// who caused it, while errors.Is still finds the sentinels behind it.
type failure struct {
	msg  string
	errs []error
}

func (e *failure) Error() string   { return e.msg }
func (e *failure) Unwrap() []error { return e.errs }

func fail(sentinel error, format string, args ...any) error {
	return &failure{msg: fmt.Sprintf(format, args...), errs: []error{sentinel}}
}

// put encodes v under key, naming what failed if bbolt refuses.
func put(b *bolt.Bucket, key []byte, v any) error {
	data, err := encode(v)
	if err != nil {
		return err
	}
	if err := b.Put(key, data); err != nil {
		return fmt.Errorf("write %T: %w", v, err)
	}
	return nil
}

// get decodes the record under key into v and reports whether there was one.
func get(b *bolt.Bucket, key []byte, v any) (bool, error) {
	data := b.Get(key)
	if data == nil {
		return false, nil
	}
	return true, decode(data, v)
}
