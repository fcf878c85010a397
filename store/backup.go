package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// backup copies the file as of one read transaction, so writers carry on
// and the copy is one committed state. The copy is written under a
// temporary name beside the target and checked before it takes the name,
// so a failed or interrupted backup never replaces a good one, and a file
// under the target's name is always complete.
func (s *Store) backup(path string) (err error) {
	if path == "" {
		return errors.New("backup: no file named")
	}
	target, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if fi, err := os.Stat(target); err == nil {
		if fi.IsDir() {
			return fmt.Errorf("backup: %s is a folder; name the file to write", target)
		}
		if live, err := os.Stat(s.file); err == nil && os.SameFile(fi, live) {
			return fmt.Errorf("backup: %s is the live data file", target)
		}
	}
	start := time.Now()
	defer func() { s.observeBackup(target, start, err) }()
	return s.copyDB(target, func(tmp string) error {
		r, err := CheckFile(tmp)
		if err != nil {
			return fmt.Errorf("backup: the copy does not open: %w", err)
		}
		if !r.OK() {
			return fmt.Errorf("backup: the copy fails its check (%s): %s", r.Summary(), r.Faults[0])
		}
		return nil
	})
}

// copyDB writes the file as of one read transaction to target: through a
// temporary file beside it, synced, accepted by verify (if set), renamed
// into place and the folder synced.
func (s *Store) copyDB(target string, verify func(tmp string) error) error {
	dir := filepath.Dir(target)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(target)+".*.tmp") // mode 0600
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	renamed := false
	defer func() {
		if !renamed {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()

	err = s.read("backup to "+target, func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(tmp)
		return err
	})
	if err != nil {
		if isDiskFull(err) {
			return fmt.Errorf("backup to %s: the disk is full: %w", target, err)
		}
		return storageErr("backup to "+target, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("backup: sync %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if verify != nil {
		if err := verify(tmp.Name()); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	renamed = true
	return syncDir(dir)
}

// syncDir makes a rename in dir durable: until the folder's entry is on
// disk, a crash can leave the old name, or none.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("backup: sync folder %s: %w", dir, err)
	}
	return nil
}
