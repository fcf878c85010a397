package sshd

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
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

// TestRealOpenSSHClient runs the board command through the OpenSSH client
// people will actually use. CI installs it; elsewhere the test skips without it.
func TestRealOpenSSHClient(t *testing.T) {
	sshBin, err := exec.LookPath("ssh")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install openssh-client")
		}
		t.Skip("no ssh client on this machine")
	}
	f := startServer(t, false)
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	police, err := f.st.UserByName("Dana Police")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.AddKey(model.Operator, police.ID, model.KeyFrom(signer.PublicKey(), "openssh test")); err != nil {
		t.Fatal(err)
	}

	host, port, _ := net.SplitHostPort(f.addr)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, sshBin, "-p", port, "-i", keyFile,
		"-F", "/dev/null", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
		host, "board")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ssh board: %v\n%s", err, out)
	}
	for _, want := range []string{"Testford (" + testWard + "): 2 problems", f.panelP.Title, f.policeP.Title} {
		if !strings.Contains(string(out), want) {
			t.Errorf("ssh board output lacks %q:\n%s", want, out)
		}
	}
}
