package main

import (
	"bufio"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// The client driver: a child process (this same binary, started with
// driverEnv set) that opens and holds sessions for the parent, so that
// what the parent measures of itself (heap, goroutines, RSS, CPU) is the
// servers' alone and not the clients'.

const driverEnv = "WARDBENCH_CLIENT_DRIVER"

// driverOpen asks the driver to open N more sessions and hold them.
type driverOpen struct {
	Addr     string
	Keys     [][]byte // ed25519 private keys, used in turn
	N        int
	W, H     int
	Wait     []string // all on screen: the first frame is up
	Parallel int
}

type driverReply struct {
	Held  int
	Error string `json:",omitempty"`
}

// runDriver serves requests from in until it closes, then closes every
// session and exits.
func runDriver(in io.Reader, out io.Writer) int {
	_, _ = raiseFileLimit(0)
	dec, enc := json.NewDecoder(in), json.NewEncoder(out)
	var (
		mu    sync.Mutex
		terms []*term
	)
	defer func() {
		for _, t := range terms {
			t.close()
		}
	}()
	for {
		var req driverOpen
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				return 0
			}
			fmt.Fprintln(os.Stderr, "wardbench client driver:", err)
			return 1
		}
		var signers []gossh.Signer
		for _, k := range req.Keys {
			s, err := gossh.NewSignerFromKey(ed25519.PrivateKey(k))
			if err != nil {
				_ = enc.Encode(driverReply{Error: err.Error()})
				return 1
			}
			signers = append(signers, s)
		}
		have := len(terms)
		err := connectMany(req.N, req.Parallel, func(i int) connectSpec {
			return connectSpec{addr: req.Addr, signer: signers[(have+i)%len(signers)], w: req.W, h: req.H,
				answering: true, frame: contains(req.Wait...), within: dialTimeout}
		}, func(_ int, t *term) {
			t.stopScreen(nil)
			mu.Lock()
			terms = append(terms, t)
			mu.Unlock()
		})
		reply := driverReply{Held: len(terms)}
		if err != nil {
			reply.Error = err.Error()
		}
		if err := enc.Encode(reply); err != nil {
			return 1
		}
	}
}

// driver is the parent's handle on a client driver.
type driver struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	enc   *json.Encoder
	dec   *json.Decoder
}

func startDriver() (*driver, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), driverEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &driver{cmd: cmd, stdin: stdin, enc: json.NewEncoder(stdin), dec: json.NewDecoder(bufio.NewReader(stdout))}, nil
}

// open asks for n more sessions and returns how many are held.
func (d *driver) open(req driverOpen) (int, error) {
	if err := d.enc.Encode(req); err != nil {
		return 0, err
	}
	var r driverReply
	if err := d.dec.Decode(&r); err != nil {
		return 0, fmt.Errorf("client driver: %w", err)
	}
	if r.Error != "" {
		return r.Held, errors.New(r.Error)
	}
	return r.Held, nil
}

// cpu is the driver's CPU time so far (user + system).
func (d *driver) cpu() time.Duration { return procCPU(d.cmd.Process.Pid) }

// stop closes every session and waits for the driver to exit.
func (d *driver) stop() {
	_ = d.stdin.Close()
	done := make(chan struct{})
	go func() { _ = d.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = d.cmd.Process.Kill()
		<-done
	}
}

// procCPU reads a process's user and system time from /proc (0 if it cannot).
func procCPU(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name may hold spaces; fields count from after its ')'.
	s := string(data)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0
	}
	ut, _ := strconv.ParseUint(fields[11], 10, 64)
	st, _ := strconv.ParseUint(fields[12], 10, 64)
	const hz = 100 // USER_HZ, 100 on Linux everywhere that matters
	return time.Duration(ut+st) * time.Second / hz
}
