package main

import (
	"errors"

	"wardpanel/tui/cli"
)

// serve and local read their own options and run in this process only.
var (
	serveCmd = cli.Command[*env]{Name: "serve", Args: "[--addr 127.0.0.1:23234] [--data DIR] [--demo] [--max-size BYTES] [--backup-every 1h] [--backup-keep 48]",
		Summary: "run the SSH server", Run: func(e *env, in *cli.Input) error {
			return inProcess(e, in, func(args []string) int { return runServe(args, in.Stderr) })
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
