package sshd

import (
	"strings"
	"testing"
)

// TestRealOpenSSHClient runs the board command through the OpenSSH client
// people will actually use. CI installs it; elsewhere the test skips without it.
func TestRealOpenSSHClient(t *testing.T) {
	f := startServer(t, false)
	police := enrolForOpenSSH(t, f, "Dana Police")
	out, code := openssh(t, f, police, "board")
	if code != 0 {
		t.Fatalf("ssh board: exit %d\n%s", code, out)
	}
	for _, want := range []string{"Testford (" + testWard + "): 2 problems", f.panelP.Title, f.policeP.Title} {
		if !strings.Contains(out, want) {
			t.Errorf("ssh board output lacks %q:\n%s", want, out)
		}
	}
}
