package sshd

import (
	"strings"
	"testing"
)

// TestRealOpenSSHClient runs the board command through the OpenSSH client
// people will actually use. CI installs it; elsewhere the test skips without it.
func TestRealOpenSSHClient(t *testing.T) {
	f := startServer(t, false)
	o := newOpenSSH(t, f)
	o.enrol(t, f, "Dana Police")
	out, errOut, code := o.run(t, "Dana Police", "", "board")
	if code != 0 {
		t.Fatalf("ssh board: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"Testford (" + testWard + "): 2 problems", f.panelP.Title, f.policeP.Title} {
		if !strings.Contains(out, want) {
			t.Errorf("ssh board output lacks %q:\n%s", want, out)
		}
	}
}
