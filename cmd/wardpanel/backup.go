package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"wardpanel/tui/cli"
)

var backupCmd = cli.Command[*env]{Name: "backup", Args: "FILE [--data DIR]",
	Summary: "a consistent copy of the data file, while people work", Run: runBackup}

// runBackup runs where the store is open: in this process, or inside the
// running server, which then writes the file. The command line has made
// the path absolute, as the server's working folder is not the caller's.
func runBackup(e *env, in *cli.Input) error {
	dir := dataOption(in)
	args, err := in.Parse("[FILE]")
	if err != nil {
		return err
	}
	if args[0] == "" {
		return cli.Usagef("name the file to write, e.g. wardpanel backup /backups/wardpanel.db")
	}
	path := args[0]
	if e.st == nil {
		// A mistyped --data would leave the operator holding a "backup" of nothing.
		if err := requireDataFile(*dir, ""); err != nil {
			return err
		}
		if err := backupFolderExists(path); err != nil {
			return err
		}
	}
	st, err := e.open(in, *dir)
	if err != nil {
		return err
	}
	start := time.Now()
	if err := st.Backup(path); err != nil {
		return err
	}
	took := time.Since(start)
	var size int64
	if fi, err := os.Stat(path); err == nil {
		size = fi.Size()
	}
	_, err = fmt.Fprintf(in.Stdout, "backed up to %s (%s) in %s; the copy passed check\n", path, humanBytes(size), took.Round(time.Millisecond))
	return err
}

// backupFolderExists names the missing folder a backup was asked into,
// rather than the temporary file that could not be made in it.
func backupFolderExists(path string) error {
	folder := filepath.Dir(path)
	fi, err := os.Stat(folder)
	switch {
	case err != nil:
		return fmt.Errorf("there is no folder %s: make it first (mkdir -p %s)", folder, folder)
	case !fi.IsDir():
		return fmt.Errorf("%s is not a folder", folder)
	}
	return nil
}

// resolveBackupPath makes backup's FILE absolute, in place, before the
// command may travel to the server.
func resolveBackupPath(args []string) error {
	if len(args) < 2 || args[0] != "backup" {
		return nil
	}
	for i := 1; i < len(args); i++ {
		if strings.HasPrefix(args[i], "-") {
			continue
		}
		abs, err := filepath.Abs(args[i])
		if err != nil {
			return err
		}
		args[i] = abs
		return nil
	}
	return nil
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// Scheduled backups go to DATA/backups, named by their UTC time so that
// names sort as times do and a clock change cannot reorder them.
const (
	backupFolder = "backups"
	backupLayout = "wardpanel-20060102-150405.db"
)

var backupName = regexp.MustCompile(`^wardpanel-\d{8}-\d{6}\.db$`)

// backupLoop backs up every `every` until ctx ends, keeping the newest
// keep. A failed backup is logged and the next one tried on time: the
// server's work matters more than any one copy.
func backupLoop(ctx context.Context, st Store, dataDir string, every time.Duration, keep int, log *slog.Logger) {
	dir := filepath.Join(dataDir, backupFolder)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		log.Error("backups disabled", "err", err)
		return
	}
	removeStaleTemps(dir, log)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			scheduledBackup(st, dir, now, keep, log)
		}
	}
}

func scheduledBackup(st Store, dir string, now time.Time, keep int, log *slog.Logger) {
	path := filepath.Join(dir, now.UTC().Format(backupLayout))
	start := time.Now()
	if err := st.Backup(path); err != nil {
		log.Error("backup failed", "file", path, "err", err)
		return
	}
	var size int64
	if fi, err := os.Stat(path); err == nil {
		size = fi.Size()
	}
	removed, err := pruneBackups(dir, keep)
	if err != nil {
		log.Error("pruning backups", "err", err)
	}
	log.Info("backup", "file", path, "bytes", size, "took", time.Since(start).Round(time.Millisecond), "removed", removed)
}

// pruneBackups removes all but the newest keep scheduled backups in dir,
// and nothing else: files of other names are the operator's.
func pruneBackups(dir string, keep int) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && backupName.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	removed := 0
	var errs []error
	for len(names) > max(keep, 1) {
		if err := os.Remove(filepath.Join(dir, names[0])); err != nil {
			errs = append(errs, err)
		} else {
			removed++
		}
		names = names[1:]
	}
	return removed, errors.Join(errs...)
}

// removeStaleTemps clears temporary copies left by a server killed while
// backing up; at start no backup of this server's is under way.
func removeStaleTemps(dir string, log *slog.Logger) {
	stale, _ := filepath.Glob(filepath.Join(dir, ".wardpanel-*.db.*.tmp"))
	for _, f := range stale {
		if err := os.Remove(f); err != nil {
			log.Warn("stale backup copy", "file", f, "err", err)
		}
	}
}

// parseSize reads a byte count: 2147483648, or with K, M, G or T (powers
// of 1024, optionally followed by "B" or "iB").
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "B"), "I")
	mult := int64(1)
	if t != "" {
		if i := strings.IndexByte("KMGT", t[len(t)-1]); i >= 0 {
			mult = 1 << (10 * (i + 1))
			t = t[:len(t)-1]
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("%q is not a size: use bytes, or a number with K, M or G", s)
	}
	return n * mult, nil
}
