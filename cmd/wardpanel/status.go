package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

// statusNotRunning is the exit status when no server answers, as with
// systemctl status and LSB init scripts.
const statusNotRunning = 3

// runStatus is `wardpanel status [--json] [--data DIR]`: the running
// server's own account of itself, through its control socket. It never
// opens the data file, so it cannot get in a starting server's way.
func runStatus(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dirFlag := fs.String("data", "", "")
	asJSON := fs.Bool("json", false, "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "wardpanel status: usage: wardpanel status [--json] [--data DIR]")
		return 2
	}
	dir := dataDir(*dirFlag)
	sock := controlSocketPath(dir)
	format := "text"
	if *asJSON {
		format = "json"
	}
	if _, err := os.Stat(sock); err != nil {
		fmt.Fprintf(stderr, "wardpanel status: no server is running on %s (it has no control socket)\n", dir)
		return statusNotRunning
	}
	conn, reply, err := dialControl(sock, controlRequest{Status: format})
	if err != nil {
		fmt.Fprintf(stderr, "wardpanel status: no server answers on %s: %s\n", sock, err)
		return statusNotRunning
	}
	conn.Close()
	io.WriteString(stdout, reply.Stdout)
	io.WriteString(stderr, reply.Stderr)
	return reply.Code
}
