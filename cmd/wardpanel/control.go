package main

import (
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
	Args []string `json:"args,omitempty"`
	// Local, when set, asks for the TUI as this user over the connection.
	Local *localRequest `json:"local,omitempty"`
	// Status, "text" or "json", asks for the server's status (ops.go).
	Status string `json:"status,omitempty"`
}

type controlReply struct {
	Stdout string `json:"stdout"`
	Stderr string `json:"stderr"`
	Code   int    `json:"code"`
}

// serveControl answers admin commands on the socket until the listener closes.
func serveControl(l net.Listener, st Store, o *ops, log *slog.Logger) {
	for {
		conn, err := l.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				log.Error("control socket", "err", err)
			}
			return
		}
		go handleControl(conn, st, o)
	}
}

func handleControl(conn net.Conn, st Store, o *ops) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	var req controlRequest
	dec := json.NewDecoder(io.LimitReader(conn, 1<<20))
	if err := dec.Decode(&req); err != nil || (len(req.Args) == 0 && req.Local == nil && req.Status == "") {
		_ = sendJSON(conn, controlReply{Stderr: "wardpanel: bad control request\n", Code: 2})
		return
	}
	if req.Local != nil {
		serveLocal(conn, io.MultiReader(dec.Buffered(), conn), st, *req.Local)
		return
	}
	if req.Status != "" {
		_ = sendJSON(conn, o.statusReply(req.Status))
		return
	}
	var out, errOut bytes.Buffer
	code := runAdmin(st, req.Args, &out, &errOut)
	_ = sendJSON(conn, controlReply{Stdout: out.String(), Stderr: errOut.String(), Code: code})
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
	conn, reply, err := dialControl(sock, controlRequest{Args: args})
	if err != nil {
		fmt.Fprintf(stderr, "wardpanel: %s\n", err)
		return 1
	}
	conn.Close()
	io.WriteString(stdout, reply.Stdout)
	io.WriteString(stderr, reply.Stderr)
	return reply.Code
}

// dialControl sends one request and reads the server's reply; the
// connection stays open for a local TUI session to follow.
func dialControl(sock string, req controlRequest) (net.Conn, controlReply, error) {
	var reply controlReply
	conn, err := net.DialTimeout("unix", sock, 2*time.Second)
	if err != nil {
		return nil, reply, fmt.Errorf("%s, and its control socket does not answer: %w", store.ErrLocked, err)
	}
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	dec := json.NewDecoder(conn)
	if err = sendJSON(conn, req); err == nil {
		err = dec.Decode(&reply)
	}
	if err != nil {
		conn.Close()
		return nil, reply, fmt.Errorf("control socket: %w", err)
	}
	_ = conn.SetDeadline(time.Time{})
	// A local TUI's first frame may follow the reply at once: what the
	// decoder read past the reply belongs to the stream.
	return &streamConn{Conn: conn, r: io.MultiReader(dec.Buffered(), conn)}, reply, nil
}

// streamConn reads what the JSON decoder had buffered before the rest of the connection.
type streamConn struct {
	net.Conn
	r io.Reader
}

func (c *streamConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// sendJSON writes v with no trailing newline: a local TUI session's stream
// follows the request and the reply directly, and must start on its first byte.
func sendJSON(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err == nil {
		_, err = w.Write(b)
	}
	return err
}
