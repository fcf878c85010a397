package sshd

import (
	"context"
	"fmt"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
	"wardpanel/tui/sshd/opensshtest"
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

// An unknown key is refused at authentication; OpenSSH prints the line
// the server sends as the keyboard-interactive instruction. Not in batch
// mode, which would turn keyboard-interactive off: a person at a terminal.
func TestRealOpenSSHClientIsToldItsKeyIsNotEnrolled(t *testing.T) {
	bin := opensshtest.Binary(t)
	f := startServer(t, false)
	stranger, _ := opensshtest.Key(t)
	host, port, _ := net.SplitHostPort(f.addr)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "-p", port, "-i", stranger, "-F", "/dev/null", "-o", "IdentitiesOnly=yes",
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", host, "whoami").CombinedOutput()
	if err == nil {
		t.Fatalf("an unknown key got in:\n%s", out)
	}
	if !strings.Contains(string(out), model.ErrNotEnrolled.Error()) || !strings.Contains(string(out), "Permission denied") {
		t.Errorf("ssh with an unknown key printed:\n%s", out)
	}
}

// A handful of an officer's scripted commands, as the shell runs them.
func TestRealOpenSSHClientRunsAScript(t *testing.T) {
	f := startServer(t, false)
	o := newOpenSSH(t, f)
	o.enrol(t, f, "Dana Police")
	open, _ := f.withActions(t)
	start := time.Now()
	for i, status := range []string{"in-progress", "open", "in-progress", "open", "in-progress"} {
		out, errOut, code := o.run(t, "Dana Police", "", "action", "status", fmt.Sprint(open.ID), status)
		if code != 0 || !strings.Contains(out, "is now "+status) {
			t.Fatalf("command %d: exit %d\n%s%s", i+1, code, out, errOut)
		}
	}
	t.Logf("5 scripted commands through ssh in %v", time.Since(start).Round(time.Millisecond))
}
