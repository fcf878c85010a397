// Command wardpanel runs the ward panel server and administers its data.
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `wardpanel — ward panels and multi-agency tasking over SSH

  wardpanel init --admin NAME --key FILE --agency CODE --ward CODE --ward-name NAME [--data DIR]
                                                 a new data folder: host key, first admin
  wardpanel serve [--addr 127.0.0.1:23234] [--data DIR] [--demo]
                  [--max-size BYTES] [--backup-every 1h] [--backup-keep 48]
                  [--metrics 127.0.0.1:9464] [--log-format text|json]
  wardpanel status [--json] [--data DIR]         the running server: sessions, backups, size
  wardpanel service-unit [--port 23234] [--data /var/lib/wardpanel] [--bin PATH] [--metrics ADDR]
                                                 a systemd unit for the server
  wardpanel version                              release, commit, Go and schema
  wardpanel local --user NAME [--data DIR]       the TUI in this terminal
  wardpanel check [--data DIR]                   verify the data file
  wardpanel backup FILE [--data DIR]             a consistent copy, while people work
  wardpanel minutes ID [--as NAME] [--data DIR]  a meeting's minutes as Markdown
  wardpanel invite --name N --agency A --role R --ward CODE[,CODE] [--expires 72h]
                                                 a one-time code for ssh join@host
  wardpanel invite list                          invites and their state
  wardpanel ward add --code E05… --name NAME [--lsoa E01…,E01…]
  wardpanel ward list
  wardpanel ward lsoas --code E05… [--lsoa E01…,E01… | --from LOOKUP.csv | --clear]
                                                 the LSOAs a ward is made of (lookup:
                                                 a CSV with lsoa_code,ward_code columns)
  wardpanel import crimes FILE.csv [FILE.csv …]  police.uk street-level crime files
  wardpanel agency add --code police --name NAME
  wardpanel agency list
  wardpanel user add --name N --agency A --role R --ward CODE[,CODE] [--key FILE_OR_KEY]
  wardpanel user list
  wardpanel user disable --name N | user enable --name N
  wardpanel key add --user NAME --key FILE_OR_KEY
  wardpanel key list [--user NAME]
  wardpanel key revoke --user NAME --key SHA256:…|FILE_OR_KEY
  wardpanel person export NAME [--as READER]     all held about a user, as JSON
  wardpanel person erase NAME --yes              remove the account; their name becomes "former user #ID"

--data defaults to $WARDPANEL_DATA, else ./wardpanel-data. Administration,
check and backup work whether or not the server is running on that folder.
--max-size caps the data file (K, M, G suffixes; 0, the default, is no cap);
--backup-every writes DATA/backups/wardpanel-YYYYMMDD-HHMMSS.db (UTC) and
keeps the newest --backup-keep.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return runServe(args[1:], stderr)
	case "local":
		return runLocal(args[1:], stdin, stdout, stderr)
	case "check":
		return runCheckCLI(args[1:], stdout, stderr)
	case "minutes":
		return runMinutesCLI(args[1:], stdout, stderr)
	case "import":
		return runImportCLI(args[1:], stdout, stderr) // crimes.go
	case "version", "--version":
		return runVersion(args[1:], stdout, stderr) // version.go
	case "init":
		return runInit(args[1:], stdout, stderr) // init.go
	case "service-unit":
		return runServiceUnit(args[1:], stdout, stderr) // serviceunit.go
	case "status":
		return runStatus(args[1:], stdout, stderr) // status.go
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	if isAdminCommand(args[0]) {
		return runAdminCLI(args, stdout, stderr)
	}
	fmt.Fprintf(stderr, "wardpanel: unknown command %q (wardpanel help lists them)\n", args[0])
	return 2
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
