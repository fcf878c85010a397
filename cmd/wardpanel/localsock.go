package main

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"github.com/charmbracelet/x/term"

	"wardpanel/model"
	"wardpanel/tui"
)

// `wardpanel local` while the server runs: the server runs the TUI and the
// connection carries it. Output flows back raw; input flows in frames so a
// window resize can travel alongside keystrokes.

type localRequest struct {
	User   string   `json:"user"`
	Width  int      `json:"width"`
	Height int      `json:"height"`
	Env    []string `json:"env"` // TERM, COLORTERM, NO_COLOR: colour follows the operator's terminal
}

const (
	frameInput  byte = 'i'
	frameResize byte = 'r'
	maxFrame         = 64 << 10
)

// frameWriter sends whole frames; keystrokes and resizes come from two
// goroutines and must not interleave.
type frameWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (f *frameWriter) send(kind byte, data []byte) error {
	frame := make([]byte, 5+len(data))
	frame[0] = kind
	binary.BigEndian.PutUint32(frame[1:], uint32(len(data)))
	copy(frame[5:], data)
	f.mu.Lock()
	defer f.mu.Unlock()
	_, err := f.w.Write(frame)
	return err
}

func readFrame(r io.Reader) (byte, []byte, error) {
	var hdr [5]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return 0, nil, err
	}
	n := binary.BigEndian.Uint32(hdr[1:])
	if n > maxFrame {
		return 0, nil, fmt.Errorf("frame of %d bytes", n)
	}
	data := make([]byte, n)
	_, err := io.ReadFull(r, data)
	return hdr[0], data, err
}

func resizeFrame(w, h int) []byte {
	b := make([]byte, 4)
	binary.BigEndian.PutUint16(b, uint16(w))
	binary.BigEndian.PutUint16(b[2:], uint16(h))
	return b
}

// serveLocal runs one operator's TUI inside the server, over conn.
func serveLocal(conn net.Conn, in io.Reader, st Store, req localRequest) {
	_ = conn.SetDeadline(time.Time{})
	u, err := localUser(st, req.User)
	if err != nil {
		_ = sendJSON(conn, controlReply{Stderr: fmt.Sprintf("wardpanel local: %s\n", err), Code: 1})
		return
	}
	if err := sendJSON(conn, controlReply{}); err != nil {
		return
	}
	input, feed := io.Pipe()
	p := tea.NewProgram(tui.New(tui.Options{Store: st, User: &u, Fingerprint: model.Operator.Fingerprint, Live: true}),
		// The operator's terminal is raw, so line feeds need their carriage
		// returns, as an SSH session's emulated PTY gives them.
		tea.WithInput(input), tea.WithOutput(ssh.NewPtyWriter(conn)), tea.WithEnvironment(req.Env),
		tea.WithWindowSize(req.Width, req.Height))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go tui.FollowStore(ctx, st, p.Send)
	go func() {
		defer feed.Close()
		for {
			kind, data, err := readFrame(in)
			if err != nil {
				p.Quit() // the operator's side went away
				return
			}
			switch kind {
			case frameInput:
				if _, err := feed.Write(data); err != nil {
					return
				}
			case frameResize:
				if len(data) == 4 {
					p.Send(tea.WindowSizeMsg{Width: int(binary.BigEndian.Uint16(data)), Height: int(binary.BigEndian.Uint16(data[2:]))})
				}
			}
		}
	}()
	_, _ = p.Run()
}

// localViaServer runs the TUI inside the running server and relays this terminal to it.
func localViaServer(sock, user string, stdin io.Reader, stdout, stderr io.Writer) int {
	w, h := 80, 24
	fd, isTerm := terminalOf(stdin)
	if isTerm {
		if tw, th, err := term.GetSize(fd); err == nil {
			w, h = tw, th
		}
	}
	var env []string
	for _, k := range []string{"TERM", "COLORTERM", "NO_COLOR"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	conn, reply, err := dialControl(sock, controlRequest{Local: &localRequest{User: user, Width: w, Height: h, Env: env}})
	if err != nil {
		fmt.Fprintf(stderr, "wardpanel local: %s\n", err)
		return 1
	}
	defer conn.Close()
	frames := &frameWriter{w: conn}
	if reply.Code != 0 {
		io.WriteString(stderr, reply.Stderr)
		return reply.Code
	}
	if isTerm {
		state, err := term.MakeRaw(fd)
		if err != nil {
			fmt.Fprintf(stderr, "wardpanel local: %s\n", err)
			return 1
		}
		defer term.Restore(fd, state)
		winch := make(chan os.Signal, 1)
		signal.Notify(winch, syscall.SIGWINCH)
		defer signal.Stop(winch)
		go func() {
			for range winch {
				if tw, th, err := term.GetSize(fd); err == nil {
					_ = frames.send(frameResize, resizeFrame(tw, th))
				}
			}
		}()
	}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := stdin.Read(buf)
			if n > 0 && frames.send(frameInput, buf[:n]) != nil {
				return
			}
			if err != nil {
				return
			}
		}
	}()
	// The session ends when the server's program does; it may close with
	// keystrokes still unread, which the socket reports as a reset.
	if _, err := io.Copy(stdout, conn); err != nil && !errors.Is(err, net.ErrClosed) && !errors.Is(err, syscall.ECONNRESET) {
		fmt.Fprintf(stderr, "wardpanel local: %s\n", err)
		return 1
	}
	return 0
}

func terminalOf(r io.Reader) (uintptr, bool) {
	f, ok := r.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return 0, false
	}
	return f.Fd(), true
}
