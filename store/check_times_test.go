package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
)

// TestCheckTimes measures what a check costs on a large file: the fast
// walk that every Open makes, the full walk, and the records. It makes a
// file of WARDPANEL_CHECK_MB megabytes (unset: skipped), so run it as
//
//	WARDPANEL_CHECK_MB=256 go test ./store -run TestCheckTimes -v
func TestCheckTimes(t *testing.T) {
	mb, _ := strconv.Atoi(os.Getenv("WARDPANEL_CHECK_MB"))
	if mb <= 0 {
		t.Skip("set WARDPANEL_CHECK_MB to measure")
	}
	e := newEnv(t)
	e.s.db.NoSync = true // making the file, not measuring writes
	text := strings.Repeat("Bins left out on the pavement again after the collection. ", 130)
	for i := 0; ; i++ {
		if i%500 == 0 {
			if info, err := os.Stat(e.s.Path()); err == nil && info.Size() >= int64(mb)<<20 {
				break
			}
		}
		e.create(t, "Pat Police", model.Problem{Title: fmt.Sprintf("Fly-tipping %d", i), Description: text})
	}
	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(e.dir, FileName)
	info, _ := os.Stat(path)
	none := func(string, ...any) {}
	timed := func(what string, fn func()) {
		start := time.Now()
		fn()
		t.Logf("%s: %v", what, time.Since(start).Round(time.Millisecond))
	}
	t.Logf("file: %d MB", info.Size()>>20)
	timed("fast walk (every Open)", func() { _, _ = walkFile(path, false, none) })
	timed("full walk", func() { _, _ = walkFile(path, true, none) })
	timed("Open, CheckFast", func() {
		s, err := Open(e.dir, Options{})
		if err == nil {
			s.Close()
		}
	})
	timed("Open, CheckFull", func() {
		s, err := Open(e.dir, Options{Check: CheckFull})
		if err == nil {
			s.Close()
		}
	})
	timed("CheckFile (walk and records)", func() { _, _ = CheckFile(path) })
}
