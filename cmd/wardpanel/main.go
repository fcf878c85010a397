// Command wardpanel runs the ward panel server and administers its data.
package main

import (
	"io"
	"os"

	"wardpanel/tui/cli"
)

// commands is every server command, one line each, in the order help lists
// them; each lives in its own file. A command that works on the data runs
// in this process or, when the server holds the data file, inside the
// server through its control socket: the same code with the same checks.
var commands = cli.Set[*env]{
	Prog: "wardpanel",
	Intro: `wardpanel — ward panels and multi-agency tasking over SSH

usage: wardpanel COMMAND [options]   (wardpanel COMMAND --help for its options)
--data DIR picks the data folder: else $WARDPANEL_DATA, else ./wardpanel-data.
`,
}

func init() {
	commands.Commands = []cli.Command[*env]{
		initCmd,
		serveCmd,
		statusCmd,
		serviceUnitCmd,
		versionCmd,
		localCmd,
		checkCmd,
		backupCmd,
		minutesCmd,
		problemShowCmd,
		inviteCmd, inviteListCmd,
		wardAddCmd, wardListCmd, wardLSOAsCmd,
		importCrimesCmd,
		agencyAddCmd, agencyListCmd,
		userAddCmd, userEditCmd, userListCmd, userDisableCmd, userEnableCmd,
		keyAddCmd, keyListCmd, keyRevokeCmd,
		personExportCmd, personEraseCmd,
		publishCmd,
		publicContactExportCmd, publicContactEraseCmd,
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{args: args}
	defer e.close()
	if err := resolveFiles(args); err != nil {
		io.WriteString(stderr, "wardpanel: "+err.Error()+"\n")
		return cli.ExitUsage
	}
	return commands.Run(e, args, cli.IO{Stdin: stdin, Stdout: stdout, Stderr: stderr})
}

// dataDir resolves the data folder: the flag, else $WARDPANEL_DATA, else ./wardpanel-data.
func dataDir(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if env := os.Getenv("WARDPANEL_DATA"); env != "" {
		return env
	}
	return "wardpanel-data"
}
