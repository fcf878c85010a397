package main

import (
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/store"
)

// A normal stop (SIGTERM) ends idle sessions, a multiplexing client's
// too, and lets go of the data folder within 5 seconds (issue 14).
func TestSIGTERMEndsIdleSessionsAndReleasesTheDataFolder(t *testing.T) {
	bin := wardpanelBinary(t)
	dir := t.TempDir()
	fx := newFixture(t, dir, 2)
	p := startServer(t, bin, dir)

	// An idle terminal; an idle multiplexed connection (a session open and
	// nothing asked of it, as an OpenSSH ControlMaster holds); and a
	// connection with no session.
	scr, _ := openSSHTerminal(t, p.addr, fx.officers[0].signer)
	if err := scr.Await("Officer 1", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	mux, err := dialSSH(p.addr, fx.officers[1].signer, nil, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	defer mux.Close()
	ch, reqs, err := mux.OpenChannel("session", nil)
	if err != nil {
		t.Fatal(err)
	}
	go gossh.DiscardRequests(reqs)
	defer ch.Close()
	bare, err := dialSSH(p.addr, fx.officers[1].signer, nil, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	defer bare.Close()

	start := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.exited:
		t.Logf("the server exited %v after SIGTERM (%v)", time.Since(start).Round(time.Millisecond), p.exitErr)
	case <-time.After(5 * time.Second):
		t.Fatalf("the server was still running 5s after SIGTERM\n%s", p.logText())
	}
	if p.exitErr != nil {
		t.Errorf("exit: %v\n%s", p.exitErr, p.logText())
	}
	st, err := store.Open(dir, store.Options{LockTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("the data folder after the stop: %v", err)
	}
	st.Close()
}
