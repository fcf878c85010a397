package sshd

import (
	"bytes"
	"strings"
	"testing"

	"wardpanel/model"
)

// TestEveryCommandHasHelp: `NAME --help` and `NAME -h` answer with the
// command's usage and exit 0, without doing anything.
func TestEveryCommandHasHelp(t *testing.T) {
	for _, c := range sshCommands.Commands {
		for _, flag := range []string{"--help", "-h"} {
			var out, errOut bytes.Buffer
			env := &cmdEnv{user: model.User{Name: "nobody"}, stdout: &out}
			args := append(strings.Fields(c.Name), flag)
			if code := runCommand(env, args, &errOut); code != 0 || !strings.HasPrefix(out.String(), "usage: "+c.Name) || errOut.Len() > 0 {
				t.Errorf("%s %s: exit %d, stdout %q, stderr %q", c.Name, flag, code, out.String(), errOut.String())
			}
		}
	}
}
