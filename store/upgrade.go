package store

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Upgrades. A file of an older schema is copied aside before Open
// migrates it, so an upgrade can be undone by putting the copy back and
// running the release before; a file of a newer schema is refused before
// anything touches it.
//
// The copy sits beside the file, named with the schema it holds and the
// time it was made (UTC): wardpanel-schema7-20261204-154000.db. It is a
// plain bbolt copy of the file as it was, the same as a backup; Open never
// removes it.

// upgradeLayout names the copy made before migrating from a schema.
const upgradeLayout = "20060102-150405"

var upgradeCopyName = regexp.MustCompile(`^wardpanel-schema(\d+)-\d{8}-\d{6}\.db$`)

// UpgradeCopyName is the name of the copy Open makes of a file of schema
// `from` before migrating it, at time at.
func UpgradeCopyName(from int, at time.Time) string {
	return fmt.Sprintf("wardpanel-schema%d-%s.db", from, at.UTC().Format(upgradeLayout))
}

// beforeMigrating reads the file's schema before Open's migrating
// transaction: newer than this build is refused, with what would open it;
// older is copied aside first. A new or current file passes untouched.
func (s *Store) beforeMigrating(file string, opts Options) error {
	v, known, err := s.fileSchema()
	if err != nil || !known || v == currentSchema {
		return err // a broken schema number is prepare's to report, with the rest
	}
	if v > currentSchema {
		return tooNew(file, v)
	}
	copyPath := filepath.Join(filepath.Dir(file), UpgradeCopyName(v, opts.Now()))
	if err := s.copyDB(copyPath, nil); err != nil {
		return fmt.Errorf("open %s: it is at schema %d and is migrated to schema %d on open, but the copy made first failed, so nothing was changed: %w",
			file, v, currentSchema, err)
	}
	if opts.Observer != nil {
		opts.Observer.Upgrading(v, currentSchema, copyPath)
	}
	return nil
}

// fileSchema reads the schema number, if the file has one yet.
func (s *Store) fileSchema() (v int, known bool, err error) {
	err = s.read("read the schema", func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil || meta.Get(metaSchema) == nil {
			return nil
		}
		var rerr error
		v, rerr = readSchema(meta)
		known = rerr == nil
		return nil
	})
	return v, known, err
}

// tooNew refuses a file of schema v, naming the schema a wardpanel must
// read to open it and, if one is beside it, the copy made before it was
// upgraded to that schema, which this build can open.
func tooNew(file string, v int) error {
	msg := fmt.Sprintf("open %s: the file is at schema %d, written by a newer version of wardpanel; this one reads schemas up to %d. "+
		"Run a wardpanel whose `wardpanel version` shows schema %d or later",
		file, v, currentSchema, v)
	if back := newestUpgradeCopy(filepath.Dir(file), currentSchema); back != "" {
		msg += fmt.Sprintf(", or, to go back to this release, restore %s (the copy made before the upgrade; later changes are not in it)", back)
	}
	return fail(ErrSchemaTooNew, "%s", msg) // the message says it all; errors.Is still finds the sentinel
}

// newestUpgradeCopy is the newest copy in dir made of a file at schema
// v, or "".
func newestUpgradeCopy(dir string, v int) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	var names []string
	for _, e := range entries {
		if m := upgradeCopyName.FindStringSubmatch(e.Name()); m != nil && m[1] == strconv.Itoa(v) {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return ""
	}
	return filepath.Join(dir, slices.Max(names))
}
