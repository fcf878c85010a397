package main

import (
	"errors"

	"wardpanel/tui/cli"
)

// serve and local read their own options and run in this process only.
var (
	serveCmd = cli.Command[*env]{Name: "serve", Args: "[--addr 127.0.0.1:23234] [--data DIR] [--demo] [--max-size BYTES] [--backup-every 1h] [--backup-keep 48] [--check-full] [--metrics ADDR] [--log-format text|json]",
		Summary: "run the SSH server", Run: func(e *env, in *cli.Input) error {
			return inProcess(e, in, func(args []string) int { return runServe(args, in.Stderr) })
		}}
	initCmd = cli.Command[*env]{Name: "init", Args: "--admin NAME --key FILE --agency CODE --ward CODE --ward-name NAME [--data DIR]",
		Summary: "a new data folder: host key, first admin", Run: func(e *env, in *cli.Input) error {
			return inProcess(e, in, func(args []string) int { return runInit(args, in.Stdout, in.Stderr) })
		}}
	statusCmd = cli.Command[*env]{Name: "status", Args: "[--json] [--data DIR]",
		Summary: "the running server: sessions, backups, size", Run: func(e *env, in *cli.Input) error {
			return inProcess(e, in, func(args []string) int { return runStatus(args, in.Stdout, in.Stderr) })
		}}
	serviceUnitCmd = cli.Command[*env]{Name: "service-unit", Args: "[--port 23234] [--data /var/lib/wardpanel] [--bin PATH] [--metrics ADDR]",
		Summary: "a systemd unit for the server", Run: func(e *env, in *cli.Input) error {
			return inProcess(e, in, func(args []string) int { return runServiceUnit(args, in.Stdout, in.Stderr) })
		}}
	versionCmd = cli.Command[*env]{Name: "version", Summary: "release, commit, Go and schema", Run: func(e *env, in *cli.Input) error {
		return inProcess(e, in, func(args []string) int { return runVersion(args, in.Stdout, in.Stderr) })
	}}
	localCmd = cli.Command[*env]{Name: "local", Args: "--user NAME [--data DIR]",
		Summary: "the TUI in this terminal, as that user", Run: func(e *env, in *cli.Input) error {
			return inProcess(e, in, func(args []string) int { return runLocal(args, in.Stdin, in.Stdout, in.Stderr) })
		}}
)

// inProcess runs a command that cannot be sent through the control
// socket; its exit status is its own, its errors already printed.
func inProcess(e *env, in *cli.Input, run func([]string) int) error {
	args, err := in.Raw()
	if err != nil {
		return err
	}
	if e.inServer() {
		return errors.New("this command runs only from the command line")
	}
	if code := run(args); code != 0 {
		return cli.ExitError{Code: code}
	}
	return nil
}
