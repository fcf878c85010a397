package sshd

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
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

// The README's crime command lines, typed into the real OpenSSH client
// (which joins its arguments with spaces and sends a file on its input):
// an import, the same file again, --type in lower case and unknown, --csv.
func TestCrimeCommandsThroughOpenSSH(t *testing.T) {
	bin, err := exec.LookPath("ssh")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install openssh-client")
		}
		t.Skip("no ssh client on this machine")
	}
	f := startServer(t, false)
	if _, err := f.st.SetWardLSOAsFromLookup(model.Operator, testWard, bytes.NewReader(readFixture(t, "lookup.csv"))); err != nil {
		t.Fatal(err)
	}
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	pemKey, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(pemKey), 0o600); err != nil {
		t.Fatal(err)
	}
	signer, _ := gossh.NewSignerFromKey(priv)
	dana, _ := f.st.UserByName("Dana Police")
	if _, err := f.st.AddKey(model.Operator, dana.ID, model.KeyFrom(signer.PublicKey(), "openssh crimes")); err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(f.addr)
	// run passes words to ssh as a shell would, quotes taken off.
	run := func(input []byte, words ...string) (string, string, int) {
		line := strings.Join(words, " ")
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		args := append([]string{"-p", port, "-i", keyFile, "-F", "/dev/null", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
			"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", host},
			words...)
		cmd := exec.CommandContext(ctx, bin, args...)
		var out, errOut bytes.Buffer
		cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(input), &out, &errOut
		err := cmd.Run()
		var exit *exec.ExitError
		switch {
		case errors.As(err, &exit):
			return out.String(), errOut.String(), exit.ExitCode()
		case err != nil:
			t.Fatalf("ssh %s: %v", line, err)
		}
		return out.String(), errOut.String(), 0
	}

	file := readFixture(t, "2024-03-testshire-street.csv")
	out, errOut, code := run(file, "import", "crimes")
	if code != 0 || !strings.Contains(out, "replaces Testshire Constabulary 2024-03 (new); 7 in the wards' areas (7 new") {
		t.Fatalf("import: exit %d %q %q", code, out, errOut)
	}
	rev := f.st.Revision()
	out, _, code = run(file, "import", "crimes")
	if code != 0 || !strings.Contains(out, "nothing changed") || strings.Contains(out, "updated") || f.st.Revision() != rev {
		t.Errorf("again: exit %d %q (revision %d→%d)", code, out, rev, f.st.Revision())
	}
	out, _, code = run(nil, "crimes", "--type", "robbery")
	if code != 0 || !strings.Contains(out, "PLACE: ROBBERY ONLY") || !strings.Contains(out, "The Parade, North End") {
		t.Errorf("--type robbery: exit %d %q", code, out)
	}
	// ssh host crimes --type "vehicle crime": OpenSSH sends two words, and
	// --type takes the words up to the next option.
	out, _, code = run(nil, "crimes", "--type", "vehicle crime", "--top", "3")
	if code != 0 || !strings.Contains(out, "PLACE: VEHICLE CRIME ONLY") {
		t.Errorf("--type vehicle crime: exit %d %q", code, out)
	}
	out, errOut, code = run(nil, "crimes", "--type", "zzz")
	if code != 2 || out != "" || !strings.Contains(errOut, "the types are: Anti-social behaviour, Bicycle theft") {
		t.Errorf("--type zzz: exit %d %q %q", code, out, errOut)
	}
	out, _, code = run(nil, "crimes", "--csv")
	if first, _, _ := strings.Cut(out, "\n"); code != 0 || first != strings.Join(model.CrimeCSVHeader, ",") {
		t.Errorf("--csv: exit %d %q", code, out)
	}
}
