package sshd

import (
	"strings"
	"testing"

	"wardpanel/tui/cli"
)

// A bug that panics inside a command still answers its user with a
// failure: a script must never count it as done.
func TestACommandThatPanicsExitsNonZero(t *testing.T) {
	saved := sshCommands.Commands
	t.Cleanup(func() { sshCommands.Commands = saved })
	sshCommands.Commands = append(append([]cli.Command[*cmdEnv]{}, saved...), cli.Command[*cmdEnv]{
		Name: "explode", Summary: "a command with a bug",
		Run: func(*cmdEnv, *cli.Input) error { panic("a bug in a command") },
	})
	f := startServer(t, false)
	out, errOut, code := sshRun(t, f.addr, f.police, "explode")
	if code != cli.ExitRefused {
		t.Errorf("exit status %d, want %d", code, cli.ExitRefused)
	}
	if out != "" || !strings.Contains(errOut, "failed on the server and may not have been carried out") {
		t.Errorf("stdout %q, stderr %q", out, errOut)
	}
	// The server goes on serving.
	if _, _, code := sshRun(t, f.addr, f.police, "whoami"); code != 0 {
		t.Errorf("whoami after the panic: exit %d", code)
	}
}
