package main

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// p5: one action-status update's commit latency through the store (with
// its audit entry, revision and fsync) against a bare bbolt one-key update
// in its own file on the same disk, and commits per second with 50
// concurrent writers for both.
func (b *bench) p5() error {
	st, w := b.wp.st, b.wp.writer
	next := map[model.ActionStatus]model.ActionStatus{model.ActionOpen: model.ActionInProgress, model.ActionInProgress: model.ActionOpen}
	statusOf := make([]model.ActionStatus, len(b.wp.tasks))
	for i, a := range b.wp.tasks {
		statusOf[i] = a.Status
	}
	setStatus := func(i int) error {
		s := next[statusOf[i]]
		if _, err := st.SetActionStatus(w.actor(), b.wp.tasks[i].ID, s, nil); err != nil {
			return err
		}
		statusOf[i] = s
		return nil
	}

	db, err := bolt.Open(filepath.Join(b.dir, "bare-bbolt.db"), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return err
	}
	defer db.Close()
	bucket := []byte("actions")
	value, err := json.Marshal(b.wp.tasks[0])
	if err != nil {
		return err
	}
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucketIfNotExists(bucket); return err }); err != nil {
		return err
	}
	put := func(i int) func(tx *bolt.Tx) error {
		key := binary.BigEndian.AppendUint64(nil, uint64(i))
		return func(tx *bolt.Tx) error { return tx.Bucket(bucket).Put(key, value) }
	}

	floor, err := newSyncFloor(st.Path(), filepath.Join(b.dir, "floor-fsync.db"))
	if err != nil {
		return err
	}
	defer floor.close()

	// Latency, one writer, interleaved so all three see the same disk.
	var storeLat, bareLat, floorLat []time.Duration
	for i := range b.cfg.p5Commits {
		t := time.Now()
		if err := setStatus(0); err != nil {
			return fmt.Errorf("SetActionStatus: %w", err)
		}
		storeLat = append(storeLat, time.Since(t))
		t = time.Now()
		if err := db.Update(put(0)); err != nil {
			return err
		}
		bareLat = append(bareLat, time.Since(t))
		t = time.Now()
		if err := floor.sync(i); err != nil {
			return err
		}
		floorLat = append(floorLat, time.Since(t))
	}
	s, r, fl := durationsMS(storeLat), durationsMS(bareLat), durationsMS(floorLat)
	b.rep.latency("P5.commit", "P5 status update commit", 0.5, s, r, fl, "bare bbolt", "one fsync")
	b.rep.check(ratioAtMost(3))
	b.rep.latency("P5.commit", "P5 status update commit", 0.99, s, r, fl, "bare bbolt", "one fsync")
	b.rep.check(ratioAtMost(3))

	// Throughput, writers each on their own record.
	writers := min(b.cfg.p5Writers, len(b.wp.tasks))
	storeRate, storeBusy, err := rate(writers, b.cfg.p5Window, func(i int) error { return setStatus(i) })
	if err != nil {
		return fmt.Errorf("SetActionStatus with %d writers: %w", writers, err)
	}
	bareRate, bareBusy, err := rate(writers, b.cfg.p5Window, func(i int) error { return db.Update(put(i)) })
	if err != nil {
		return err
	}
	batchRate, _, err := rate(writers, b.cfg.p5Window, func(i int) error { return db.Batch(put(i)) })
	if err != nil {
		return err
	}
	b.rep.add(figure{ID: "P5.commits_per_second", Name: fmt.Sprintf("P5 commits/s, %d writers", writers), Unit: "/s",
		Value: f64(storeRate), Ref: f64(bareRate), RefName: "bare bbolt",
		Floor: f64(1000 / percentile(fl, 0.5)), FloorName: "fsyncs/s"})
	b.rep.check(both(atLeast(2000, "/s"), ratioAtLeast(2)))
	sb, rb := durationsMS(storeBusy), durationsMS(bareBusy)
	b.rep.add(figure{ID: "P5.busy_commit.p99", Name: fmt.Sprintf("P5 commit p99, %d writers", writers), Unit: "ms",
		Value: f64(percentile(sb, 0.99)), Ref: f64(percentile(rb, 0.99)), RefName: "bare bbolt"})
	b.rep.check(ratioAtMost(3))
	b.rep.note("P5: store.SetActionStatus (record, audit entry, revision, one fsync, publish) against db.Update of "+
		"one %d-byte value in a bbolt file of its own in the same folder; %d commits each, interleaved. "+
		"Throughput: %d goroutines each updating its own action for %v. For scale: bare bbolt's db.Batch "+
		"(default 10 ms delay), which folds concurrent writers into one fsync, did %.0f commits/s with the same %d writers.",
		len(value), b.cfg.p5Commits, writers, b.cfg.p5Window, batchRate, writers)
	b.rep.note("P5's floor: one 4 KiB write and fdatasync (as bbolt syncs) in a copy of the store's data file, in the same " +
		"folder, interleaved with the commits (a sync of a file with nothing new in it costs nothing, and writing into the " +
		"live file behind bbolt is not safe); a bbolt commit syncs twice, its pages and then its meta page. The rate's floor is " +
		"one such sync after another: what one writer at a time could reach; group commit can pass it.")
	return nil
}

// syncFloor is P5's floor: a copy of the store's file, in which one page
// is rewritten and synced at a time.
type syncFloor struct {
	f    *os.File
	page []byte
	size int64
}

func newSyncFloor(from, to string) (*syncFloor, error) {
	data, err := os.ReadFile(from)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(to, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	return &syncFloor{f: f, page: make([]byte, 4096), size: int64(len(data))}, f.Sync()
}

// sync writes the i-th page (round the file) and syncs its data.
func (s *syncFloor) sync(i int) error {
	pages := max(1, s.size/4096)
	s.page[0] = byte(i)
	if _, err := s.f.WriteAt(s.page, int64(i)%pages*4096); err != nil {
		return err
	}
	return syscall.Fdatasync(int(s.f.Fd()))
}

func (s *syncFloor) close() { _ = s.f.Close() }

// rate runs n writers for window and returns commits per second and each
// commit's latency.
func rate(n int, window time.Duration, write func(i int) error) (float64, []time.Duration, error) {
	var (
		count    atomic.Int64
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		lat      []time.Duration
	)
	start := time.Now()
	deadline := start.Add(window)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			defer func() {
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			}()
			for t := time.Now(); t.Before(deadline); t = time.Now() {
				if err := write(i); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
				mine = append(mine, time.Since(t))
				count.Add(1)
			}
		}()
	}
	wg.Wait()
	return float64(count.Load()) / time.Since(start).Seconds(), lat, firstErr
}
