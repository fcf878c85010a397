package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
	"wardpanel/store"
)

// The file damaged the way disks damage it, through the real binary: a
// zeroed page, a file cut off, bytes flipped in a record. Each time the
// server, running on the file as the damage happens, answers a command
// that meets it with an error and a non-zero exit status; `check` then
// reports it with exit status 1 and no panic; and `serve` refuses to
// start, saying what `check` says.

// bigDataFile makes a data file of about 4 MiB in dir: the fixture's
// officer and action, the demo ward, and problems with long descriptions.
func bigDataFile(t *testing.T, dir string) *fixture {
	t.Helper()
	fx := newFixture(t, dir, 1)
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := seedDemo(st); err != nil {
		t.Fatal(err)
	}
	by := model.Actor{User: fx.officers[0].user, Fingerprint: "local"}
	text := strings.Repeat("Bins left out on the pavement again after the collection. ", 130)
	for i := range 300 {
		if _, err := st.CreateProblem(by, model.Problem{Ward: fixtureWard, Title: fmt.Sprintf("Fly-tipping %d", i), Description: text}); err != nil {
			t.Fatal(err)
		}
	}
	return fx
}

// actionsPage is the root page of the actions bucket, and the page size.
func actionsPage(t *testing.T, file string) (page, size int64) {
	t.Helper()
	db, err := bolt.Open(file, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		page = int64(tx.Bucket([]byte("actions")).Root())
		return nil
	})
	if err != nil || page == 0 {
		t.Fatalf("actions root page %d, %v", page, err)
	}
	return page, int64(db.Info().PageSize)
}

// command runs a shell tool the way an operator would, skipping the test
// where the tool is missing.
func command(t *testing.T, name string, args ...string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("no %s here", name)
	}
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

func flipBytes(t *testing.T, file string, at int64, n int) {
	t.Helper()
	f, err := os.OpenFile(file, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, n)
	if _, err := f.ReadAt(b, at); err != nil {
		t.Fatal(err)
	}
	for i := range b {
		b[i] ^= 0xff
	}
	if _, err := f.WriteAt(b, at); err != nil {
		t.Fatal(err)
	}
}

// copiesOf is where the copies of the action titled title start: the
// live one, and older ones bbolt may have left in free pages.
func copiesOf(t *testing.T, file, title string) []int64 {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var at []int64
	needle := []byte(`"title":"` + title + `"`)
	for i := 0; ; {
		j := bytes.Index(data[i:], needle)
		if j < 0 {
			break
		}
		at = append(at, int64(i+j))
		i += j + len(needle)
	}
	if len(at) == 0 {
		t.Fatalf("no %q in the file", title)
	}
	return at
}

func TestDamagedFile(t *testing.T) {
	bin := wardpanelBinary(t)
	made := t.TempDir()
	fx := bigDataFile(t, made)
	tests := []struct {
		name string
		// damage breaks the file under the running server, where the
		// command will read it (page is the actions page); offline, if
		// set instead, breaks it with no server running.
		damage  func(t *testing.T, file string, page, size int64)
		offline func(t *testing.T, file string)
		report  string // a line of check's report
		logged  bool   // the server tells its operator: bbolt met the damage
	}{{
		name: "a zeroed page",
		damage: func(t *testing.T, file string, page, size int64) {
			command(t, "dd", "if=/dev/zero", "of="+file, fmt.Sprintf("bs=%d", size), fmt.Sprintf("seek=%d", page), "count=1", "conv=notrunc")
		},
		report: "holds page 0's header (zeroed or overwritten)",
		logged: true,
	}, {
		name: "a file cut off at the actions",
		damage: func(t *testing.T, file string, page, size int64) {
			command(t, "truncate", "-s", fmt.Sprint(page*size), file)
		},
		report: "the file is cut off: it is ",
		logged: true,
	}, {
		name: "a file cut in half",
		offline: func(t *testing.T, file string) {
			command(t, "truncate", "-s", "2097152", file)
		},
		report: "the file is cut off: it is 2097152 bytes",
	}, {
		name: "bytes flipped in a record",
		damage: func(t *testing.T, file string, page, size int64) {
			for _, at := range copiesOf(t, file, "Patrol route 1") {
				flipBytes(t, file, at, 4)
			}
		},
		report: "the record does not decode: invalid character",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, store.FileName)
			copyInto(t, filepath.Join(made, store.FileName), file)
			if info, err := os.Stat(file); err != nil || info.Size() < 4<<20 {
				t.Fatalf("the data file is %v bytes (%v), want at least 4 MiB", info.Size(), err)
			}
			page, size := actionsPage(t, file)

			if tt.offline != nil {
				tt.offline(t, file)
			} else {
				log := damageUnderServer(t, bin, dir, fx, func() { tt.damage(t, file, page, size) })
				if logged := strings.Contains(log, "the data file is damaged"); logged != tt.logged {
					t.Errorf("the server's log (want the damage in it: %v):\n%s", tt.logged, log)
				}
			}

			out, errOut, code := runBin(t, bin, "check", "--data", dir)
			if code != 1 || !strings.Contains(out, tt.report) || strings.Contains(out+errOut, "goroutine") {
				t.Fatalf("check: exit %d, want 1 and a report with %q\nstdout:\n%s\nstderr:\n%s", code, tt.report, out, errOut)
			}

			for _, extra := range [][]string{nil, {"--check-full"}} {
				args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, extra...)
				_, serveErr, code := runBin(t, bin, args...)
				if code != 1 || strings.Contains(serveErr, "listening") || strings.Contains(serveErr, "goroutine") {
					t.Fatalf("serve %q: exit %d, want 1 without listening\n%s", extra, code, serveErr)
				}
				for line := range strings.Lines(out) {
					if !strings.Contains(serveErr, line) {
						t.Errorf("serve %q does not say, as check does, %q\nserve said:\n%s", extra, line, serveErr)
					}
				}
			}
		})
	}
}

// damageUnderServer damages the file while the server runs on it, then
// asks it to change the action the damage is on: the answer is an error,
// with a non-zero exit status, and nothing panics. It returns the
// server's log.
func damageUnderServer(t *testing.T, bin, dir string, fx *fixture, damage func()) string {
	t.Helper()
	srv := startServer(t, bin, dir)
	damage()
	c, err := dialSSH(srv.addr, fx.officers[0].signer, hostKey(t, dir), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, err := sshRun(c, fmt.Sprintf("action status %d in-progress", fx.actions[0]))
	c.Close()
	if !isExit(err) || strings.TrimSpace(errOut) == "" {
		t.Errorf("action status on the damaged file: %v\nstdout %q\nstderr %q", err, out, errOut)
	}
	srv.kill()
	if strings.Contains(srv.logText(), "panic") {
		t.Errorf("the server's log tells of a panic:\n%s", srv.logText())
	}
	return srv.logText()
}

// runBin runs the binary to its end, with a deadline.
func runBin(t *testing.T, bin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("%s did not end within 30s", strings.Join(args, " "))
	}
	return out.String(), errOut.String(), cmd.ProcessState.ExitCode()
}
