package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
	"wardpanel/tui/termtest"
)

// peopleSetup makes a ward, an agency and a user with two keys in dir.
func peopleSetup(t *testing.T, dir string) (first, second gossh.Signer, firstKey, secondKey string) {
	t.Helper()
	first, firstKey = newKey(t)
	second, secondKey = newKey(t)
	for _, args := range [][]string{
		{"ward", "add", "--code", "E05000001", "--name", "Testford"},
		{"agency", "add", "--code", "housing"},
		{"user", "add", "--name", "Priya", "--agency", "housing", "--role", "officer", "--ward", "E05000001", "--key", firstKey},
		{"key", "add", "--user", "Priya", "--key", secondKey},
	} {
		if _, errOut, code := wp(append(args, "--data", dir)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}
	return first, second, firstKey, secondKey
}

func fingerprintOf(t *testing.T, key string) string {
	t.Helper()
	k, err := model.ParseKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return k.Fingerprint
}

func TestKeyRevokeAndUserDisableOnTheDataFolder(t *testing.T) {
	dir := t.TempDir()
	_, _, firstKey, secondKey := peopleSetup(t, dir)
	firstFP, secondFP := fingerprintOf(t, firstKey), fingerprintOf(t, secondKey)
	pub := filepath.Join(t.TempDir(), "priya.pub")
	if err := os.WriteFile(pub, []byte(secondKey+" priya@laptop\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	out, _, _ := wp("key", "list", "--user", "priya", "--data", dir)
	if !strings.Contains(out, firstFP) || !strings.Contains(out, secondFP) {
		t.Fatalf("key list:\n%s", out)
	}

	steps := []struct {
		args     []string
		wantCode int
		want     string // in stdout for exit 0, else in the one line on stderr
	}{
		{[]string{"key", "revoke", "--user", "Priya", "--key", firstFP}, 0, "revoked key " + firstFP + " of Priya (1 key left)"},
		{[]string{"key", "revoke", "--user", "Priya", "--key", firstFP}, 1, "Priya has no key " + firstFP},
		{[]string{"key", "revoke", "--user", "Priya", "--key", "not-a-key"}, 2, "--key"},
		{[]string{"key", "revoke", "--user", "Nobody", "--key", secondFP}, 1, `no user named "Nobody"`},
		{[]string{"key", "add", "--user", "Nobody", "--key", secondKey}, 1, `no user named "Nobody"`},
		{[]string{"key", "revoke", "--user", "Priya"}, 2, "--key is required"},
		{[]string{"key", "revoke", "--user", "Priya", "--key", pub}, 0, "revoked key " + secondFP + " of Priya (0 keys left)"},
		{[]string{"key", "add", "--user", "Priya", "--key", secondKey}, 0, "added key " + secondFP},
		{[]string{"user", "disable", "--name", "priya"}, 0, "disabled Priya"},
		{[]string{"user", "disable", "--name", "Priya"}, 1, "Priya is already disabled"},
		{[]string{"user", "disable"}, 2, "--name is required"},
		{[]string{"user", "enable", "--name", "Priya"}, 0, "enabled Priya (1 key)"},
		{[]string{"user", "enable", "--name", "Priya"}, 1, "Priya is already enabled"},
		{[]string{"user", "disable", "--name", "Priya"}, 0, "disabled Priya"},
	}
	for _, st := range steps {
		out, errOut, code := wp(append(st.args, "--data", dir)...)
		got := out
		if st.wantCode != 0 {
			got = errOut
			if strings.Count(errOut, "\n") != 1 {
				t.Errorf("%v: stderr is not one line: %q", st.args, errOut)
			}
		}
		if code != st.wantCode || !strings.Contains(got, st.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", st.args, code, out, errOut, st.wantCode, st.want)
		}
	}
	out, _, _ = wp("user", "list", "--data", dir)
	if !strings.Contains(out, "STATUS") || !strings.Contains(out, "disabled") {
		t.Errorf("user list does not show Priya disabled:\n%s", out)
	}
	out, _, _ = wp("key", "list", "--data", dir)
	if strings.Contains(out, firstFP) || !strings.Contains(out, secondFP) {
		t.Errorf("key list after the revokes:\n%s", out)
	}
	if out, errOut, code := wp("check", "--data", dir); code != 0 {
		t.Errorf("check: exit %d\n%s%s", code, out, errOut)
	}
}

// openSSHTerminal opens an interactive session, for a test to watch it end.
func openSSHTerminal(t *testing.T, addr string, signer gossh.Signer) (*termtest.Screen, *gossh.Session) {
	t.Helper()
	c, err := dialSSH(addr, signer, nil, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	scr := termtest.NewScreen(80, 24)
	t.Cleanup(func() { scr.Close() })
	sess.Stdout, sess.Stderr = scr, scr
	if _, err := sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	return scr, sess
}

// sessionEnds waits for the server to end sess.
func sessionEnds(t *testing.T, scr *termtest.Screen, sess *gossh.Session, why string) {
	t.Helper()
	if err := scr.Await(why, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = sess.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the session was told why, but not ended")
	}
}

func TestKeyRevokeAndUserDisableReachTheRunningServer(t *testing.T) {
	dir := t.TempDir()
	addr := startServe(t, dir, false)
	first, second, firstKey, _ := peopleSetup(t, dir) // through the control socket
	whoami := func(signer gossh.Signer) (string, string, error) {
		t.Helper()
		c, err := dialSSH(addr, signer, nil, 30*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		return sshRun(c, "whoami")
	}

	scr, sess := openSSHTerminal(t, addr, first)
	if err := scr.Await("Priya", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := wp("key", "revoke", "--user", "Priya", "--key", firstKey, "--data", dir); code != 0 {
		t.Fatalf("key revoke with the server running: exit %d, %q, %q", code, out, errOut)
	}
	sessionEnds(t, scr, sess, "your key has been revoked")
	// The revoked key is refused at authentication (tui/sshd/auth.go).
	if c, err := dialSSH(addr, first, nil, 30*time.Second); err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		if c != nil {
			c.Close()
		}
		t.Errorf("the revoked key: %v, want refused at authentication", err)
	}
	if out, _, err := whoami(second); err != nil || !strings.Contains(out, "Priya") {
		t.Errorf("the other key: %q, %v", out, err)
	}

	scr, sess = openSSHTerminal(t, addr, second)
	if err := scr.Await("Priya", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := wp("user", "disable", "--name", "Priya", "--data", dir); code != 0 {
		t.Fatalf("user disable: exit %d, %q", code, errOut)
	}
	sessionEnds(t, scr, sess, "your account has been disabled")
	if _, errOut, err := whoami(second); !isExit(err) || strings.TrimSpace(errOut) != model.ErrDisabled.Error() {
		t.Errorf("a disabled user: %v, %q", err, errOut)
	}
	if _, errOut, code := wp("user", "enable", "--name", "Priya", "--data", dir); code != 0 {
		t.Fatalf("user enable: exit %d, %q", code, errOut)
	}
	if out, _, err := whoami(second); err != nil || !strings.Contains(out, "Priya") {
		t.Errorf("enabled again: %q, %v", out, err)
	}
}
