package main

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
	"wardpanel/store"
)

// The full data file, as the person in the meeting meets it: a command
// that would write says so in one line and exits 1, reads go on, and once
// the operator restarts with a larger cap the same command works.
func TestFullDataFileOverSSH(t *testing.T) {
	fx := newFixture(t, t.TempDir(), 1)
	const limit = 3 << 20
	st, err := store.Open(fx.dir, store.Options{MaxSize: limit})
	if err != nil {
		t.Fatal(err)
	}
	by := model.Actor{User: fx.officers[0].user, Fingerprint: "local"}
	big := strings.Repeat("A long account of the meeting. ", model.MaxTextLen/32)
	for i := 0; ; i++ {
		_, err := st.CreateProblem(by, model.Problem{Ward: fixtureWard, Title: fmt.Sprintf("Problem %d", i), Description: big})
		if err != nil {
			if !strings.Contains(err.Error(), "full") || i > 2000 {
				t.Fatalf("filling: %v", err)
			}
			break
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	id := fx.actions[0]
	done := fmt.Sprintf("action done %d --outcome \"Patrolled twice\"", id)
	addr, log, stop := startServeWith(t, serveConfig{dir: fx.dir, maxSize: limit})
	c, err := dialSSH(addr, fx.officers[0].signer, nil, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	_, errOut, err := sshRun(c, done)
	var exit *gossh.ExitError
	if !errors.As(err, &exit) || exit.ExitStatus() != 1 || errOut != store.ErrFull.Error()+"\n" {
		t.Errorf("action done on a full file: %v, stderr %q", err, errOut)
	}
	if out, _, err := sshRun(c, fmt.Sprintf("action show %d", id)); err != nil || !strings.Contains(out, "status open") {
		t.Errorf("action show on a full file: %v, %q", err, out)
	}
	if !strings.Contains(log.String(), "writes refused: the data file is full") {
		t.Errorf("the operator was not told:\n%s", log.String())
	}
	c.Close()
	stop()

	addr, _, _ = startServeWith(t, serveConfig{dir: fx.dir, maxSize: 2 * limit})
	c, err = dialSSH(addr, fx.officers[0].signer, nil, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if out, errOut, err := sshRun(c, done); err != nil || !strings.HasPrefix(out, "action "+model.ActionRef(id)+" is done") {
		t.Errorf("after a restart with room: %v, %q, %q", err, out, errOut)
	}
}
