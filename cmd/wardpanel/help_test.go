package main

import (
	"strings"
	"testing"
)

// TestEveryServerCommandHasHelp: `wardpanel NAME --help` answers with the
// command's usage and exit 0, and opens no data folder.
func TestEveryServerCommandHasHelp(t *testing.T) {
	t.Setenv("WARDPANEL_DATA", t.TempDir()+"/must-not-be-made")
	for _, c := range commands.Commands {
		args := append(strings.Fields(c.Name), "--help")
		out, errOut, code := wp(args...)
		if code != 0 || !strings.HasPrefix(out, "usage: "+c.Name) || errOut != "" {
			t.Errorf("%s --help: exit %d, stdout %q, stderr %q", c.Name, code, out, errOut)
		}
	}
	if out, _, code := wp("help"); code != 0 || !strings.Contains(out, "user edit") {
		t.Errorf("help: exit %d\n%s", code, out)
	}
}
