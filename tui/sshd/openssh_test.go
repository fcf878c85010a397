package sshd

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
)

// openSSH is the OpenSSH client people will actually use. CI installs it;
// elsewhere the tests that need it skip without it.
func openSSH(t *testing.T) string {
	t.Helper()
	sshBin, err := exec.LookPath("ssh")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install openssh-client")
		}
		t.Skip("no ssh client on this machine")
	}
	return sshBin
}

// keyFile writes a new ed25519 key for the ssh client and returns its
// path and signer.
func keyFile(t *testing.T) (string, gossh.Signer) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return path, signer
}

// enrolKeyFile gives the police officer a key file for the ssh client.
func (f *fixture) enrolKeyFile(t *testing.T) string {
	t.Helper()
	path, signer := keyFile(t)
	police, err := f.st.UserByName("Dana Police")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.AddKey(model.Operator, police.ID, model.KeyFrom(signer.PublicKey(), "openssh test")); err != nil {
		t.Fatal(err)
	}
	return path
}

// runSSH runs the ssh client with key against the fixture's server, the
// remote command given as a user types it, and returns its combined
// output. batch sets BatchMode, which also turns keyboard-interactive
// off, and quietens the client's own messages; without it the client
// says what a person at a terminal would see.
func runSSH(t *testing.T, f *fixture, key string, batch bool, remote ...string) (string, error) {
	t.Helper()
	host, port, _ := net.SplitHostPort(f.addr)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	args := []string{"-p", port, "-i", key, "-F", "/dev/null", "-o", "IdentitiesOnly=yes",
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"}
	if batch {
		args = append(args, "-o", "BatchMode=yes", "-o", "LogLevel=ERROR")
	}
	args = append(append(args, host), remote...)
	out, err := exec.CommandContext(ctx, openSSH(t), args...).CombinedOutput()
	return string(out), err
}

// TestRealOpenSSHClient runs the board command through the OpenSSH client.
func TestRealOpenSSHClient(t *testing.T) {
	openSSH(t)
	f := startServer(t, false)
	out, err := runSSH(t, f, f.enrolKeyFile(t), true, "board")
	if err != nil {
		t.Fatalf("ssh board: %v\n%s", err, out)
	}
	for _, want := range []string{"Testford (" + testWard + "): 2 problems", f.panelP.Title, f.policeP.Title} {
		if !strings.Contains(out, want) {
			t.Errorf("ssh board output lacks %q:\n%s", want, out)
		}
	}
}

// An unknown key is refused at authentication; OpenSSH prints the line
// the server sends as the keyboard-interactive instruction.
func TestRealOpenSSHClientIsToldItsKeyIsNotEnrolled(t *testing.T) {
	openSSH(t)
	f := startServer(t, false)
	stranger, _ := keyFile(t)
	out, err := runSSH(t, f, stranger, false, "whoami")
	if err == nil {
		t.Fatalf("an unknown key got in:\n%s", out)
	}
	if !strings.Contains(out, model.ErrNotEnrolled.Error()) || !strings.Contains(out, "Permission denied") {
		t.Errorf("ssh with an unknown key printed:\n%s", out)
	}
}

// A handful of an officer's scripted commands, as the shell runs them.
func TestRealOpenSSHClientRunsAScript(t *testing.T) {
	openSSH(t)
	f := startServer(t, false)
	key := f.enrolKeyFile(t)
	open, _ := f.withActions(t)
	start := time.Now()
	for i, status := range []string{"in-progress", "open", "in-progress", "open", "in-progress"} {
		out, err := runSSH(t, f, key, true, "action", "status", fmt.Sprint(open.ID), status)
		if err != nil || !strings.Contains(out, "is now "+status) {
			t.Fatalf("command %d: %v\n%s", i+1, err, out)
		}
	}
	t.Logf("5 scripted commands through ssh in %v", time.Since(start).Round(time.Millisecond))
}
