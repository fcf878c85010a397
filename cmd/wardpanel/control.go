package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"wardpanel/store"
)

// The control socket lets `wardpanel user add` and friends reach a running
// server, which holds bbolt's single-process lock on the data file. It is a
// unix socket inside the data folder, mode 0600: only the server's own OS
// account can use it, exactly those who could open the file directly.

const controlSocketName = "control.sock"

// lockProbe is how long the command line waits for the data file before
// concluding that the server holds it.
const lockProbe = 300 * time.Millisecond

func controlSocketPath(dir string) string { return filepath.Join(dir, controlSocketName) }

type controlRequest struct {
	Args []string `json:"args"`
}

type controlReply struct {
	Stdout string `json:"stdout"`
	Stderr string `json:"stderr"`
	Code   int    `json:"code"`
}

// serveControl answers admin commands on the socket until the listener closes.
func serveControl(l net.Listener, st *store.Store, log *slog.Logger) {
	for {
		conn, err := l.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				log.Error("control socket", "err", err)
			}
			return
		}
		go handleControl(conn, st)
	}
}

func handleControl(conn net.Conn, st *store.Store) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	var req controlRequest
	if err := json.NewDecoder(bufio.NewReader(io.LimitReader(conn, 1<<20))).Decode(&req); err != nil || len(req.Args) == 0 {
		_ = json.NewEncoder(conn).Encode(controlReply{Stderr: "wardpanel: bad control request\n", Code: 2})
		return
	}
	var out, errOut bytes.Buffer
	code := runAdmin(st, req.Args, &out, &errOut)
	_ = json.NewEncoder(conn).Encode(controlReply{Stdout: out.String(), Stderr: errOut.String(), Code: code})
}

// listenControl replaces a stale socket left by a server that was killed.
func listenControl(dir string) (net.Listener, error) {
	path := controlSocketPath(dir)
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	l, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("control socket: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		l.Close()
		return nil, err
	}
	return l, nil
}

// callControl runs an admin command inside the running server.
func callControl(sock string, args []string, stdout, stderr io.Writer) int {
	conn, err := net.DialTimeout("unix", sock, 2*time.Second)
	if err != nil {
		fmt.Fprintf(stderr, "wardpanel: %s, and its control socket does not answer: %s\n", store.ErrLocked, err)
		return 1
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	if err := json.NewEncoder(conn).Encode(controlRequest{Args: args}); err != nil {
		fmt.Fprintf(stderr, "wardpanel: control socket: %s\n", err)
		return 1
	}
	var reply controlReply
	if err := json.NewDecoder(conn).Decode(&reply); err != nil {
		fmt.Fprintf(stderr, "wardpanel: control socket: %s\n", err)
		return 1
	}
	io.WriteString(stdout, reply.Stdout)
	io.WriteString(stderr, reply.Stderr)
	return reply.Code
}
