// Package opensshtest drives the real OpenSSH client in tests, as users
// type commands: each word given is one shell word, and ssh joins them with
// spaces before the server sees them.
package opensshtest

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// Binary is the ssh client; without one the test is skipped, except in CI,
// which must install it.
func Binary(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("ssh")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install openssh-client")
		}
		t.Skip("no ssh client on this machine")
	}
	return bin
}

// Key makes a new ed25519 key as ssh-keygen does: the private key file,
// for ssh -i, and the public key beside it as FILE.pub; the signer is for
// enrolling it or for an x/crypto client.
func Key(t testing.TB) (file string, signer gossh.Signer) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	if signer, err = gossh.NewSignerFromKey(priv); err != nil {
		t.Fatal(err)
	}
	file = filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(file, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file+".pub", gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o644); err != nil {
		t.Fatal(err)
	}
	return file, signer
}

// Command is `ssh -p PORT -i KEY HOST WORDS…` against addr, with nothing
// from the user's own ssh configuration and no host key prompt.
func Command(ctx context.Context, bin, addr, keyFile string, words ...string) *exec.Cmd {
	host, port, _ := net.SplitHostPort(addr)
	args := append([]string{"-p", port, "-i", keyFile, "-F", "/dev/null", "-o", "IdentitiesOnly=yes",
		"-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "LogLevel=ERROR", host}, words...)
	return exec.CommandContext(ctx, bin, args...)
}
