package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
	"wardpanel/store"
)

// Tests here run wardpanel as a real process: what a kill -9, a second
// server or a restart does is only honest against the real binary.

var (
	buildOnce sync.Once
	buildDir  string
	builtBin  string
	buildErr  error
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// wardpanelBinary builds the command once per test run.
func wardpanelBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build the binary with")
	}
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "wardpanel-bin-"); buildErr != nil {
			return
		}
		builtBin = filepath.Join(buildDir, "wardpanel")
		// Built as a release is (version.go), so tests can see what it reveals.
		out, err := exec.Command(goTool, "build", "-ldflags", "-X main.version="+testVersion, "-o", builtBin, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// serverProc is `wardpanel serve` running as its own process.
type serverProc struct {
	cmd       *exec.Cmd
	addr      string
	started   time.Time // just before the process was started
	listening time.Time // when its "listening" line arrived
	exited    chan struct{}
	exitErr   error

	mu  sync.Mutex
	log []string // the last lines of its log, for failures
}

var listeningAddr = regexp.MustCompile(`msg=listening addr=(\S+)`)

// startServer starts the server on a free loopback port and waits for it
// to say where it listens.
func startServer(t *testing.T, bin, dir string, extra ...string) *serverProc {
	t.Helper()
	p := &serverProc{exited: make(chan struct{})}
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, extra...)
	p.cmd = exec.Command(bin, args...)
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	ready := make(chan string, 1)
	p.started = time.Now()
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			if m := listeningAddr.FindStringSubmatch(line); m != nil {
				select {
				case ready <- m[1]:
				default:
				}
			}
			p.mu.Lock()
			p.log = append(p.log, line)
			if len(p.log) > 200 {
				p.log = p.log[len(p.log)-200:]
			}
			p.mu.Unlock()
		}
		_, _ = io.Copy(io.Discard, stderr)
		// Wait only once the pipe is drained, as os/exec asks.
		p.exitErr = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(p.kill)
	select {
	case p.addr = <-ready:
		p.listening = time.Now()
	case <-p.exited:
		t.Fatalf("the server exited before listening: %v\n%s", p.exitErr, p.logText())
	case <-time.After(15 * time.Second):
		t.Fatalf("the server did not listen within 15s\n%s", p.logText())
	}
	return p
}

// kill sends SIGKILL and waits until the process is gone, so its file lock is.
func (p *serverProc) kill() {
	select {
	case <-p.exited:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.exited
}

func (p *serverProc) logText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.log, "\n")
}

// officer is an enrolled user and the key they connect with.
type officer struct {
	user   model.User
	signer gossh.Signer
}

// fixture is a data folder prepared with the store directly: one ward,
// two agencies, police officers with keys, and one open action for each
// officer (owned by the police, so any of them may work on it).
type fixture struct {
	dir      string
	officers []officer
	actions  []model.ID
}

const fixtureWard = "E05000001"

func newFixture(t *testing.T, dir string, officers int) *fixture {
	t.Helper()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	op := model.Operator
	if _, err := st.AddWard(op, model.Ward{Code: fixtureWard, Name: "Testford"}); err != nil {
		t.Fatal(err)
	}
	for _, a := range []model.Agency{{Code: "police", Name: "Testford SNT"}, {Code: "housing", Name: "Testford Homes"}} {
		if _, err := st.PutAgency(op, a); err != nil {
			t.Fatal(err)
		}
	}
	fx := &fixture{dir: dir}
	for i := range officers {
		signer, key := newKey(t)
		k, err := model.ParseKey(key)
		if err != nil {
			t.Fatal(err)
		}
		u, err := st.AddUser(op, model.User{Name: fmt.Sprintf("Officer %d", i+1), Agency: "police", Role: model.RoleOfficer,
			Wards: []string{fixtureWard}, Keys: []model.Key{k}})
		if err != nil {
			t.Fatal(err)
		}
		fx.officers = append(fx.officers, officer{user: u, signer: signer})
		a, err := st.CreateAction(model.Actor{User: u, Fingerprint: k.Fingerprint}, model.Action{
			Ward: fixtureWard, Title: fmt.Sprintf("Patrol route %d", i+1), OwnerAgency: "police",
			Due: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
		})
		if err != nil {
			t.Fatal(err)
		}
		fx.actions = append(fx.actions, a.ID)
	}
	return fx
}

// dialSSH connects on loopback with a deadline on the whole connection,
// so no test can hang on a server that went away.
func dialSSH(addr string, signer gossh.Signer, hostKey gossh.PublicKey, life time.Duration) (*gossh.Client, error) {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	_ = conn.SetDeadline(time.Now().Add(life))
	check := gossh.InsecureIgnoreHostKey()
	if hostKey != nil {
		check = gossh.FixedHostKey(hostKey)
	}
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, &gossh.ClientConfig{
		User: "test", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)}, HostKeyCallback: check, Timeout: 5 * time.Second,
	})
	if err != nil {
		conn.Close()
		return nil, err
	}
	return gossh.NewClient(c, chans, reqs), nil
}

// sshRun runs one command in its own session. err is nil only for exit 0;
// an *gossh.ExitError is the command's refusal, anything else the connection's.
func sshRun(c *gossh.Client, cmd string) (stdout, stderr string, err error) {
	s, err := c.NewSession()
	if err != nil {
		return "", "", err
	}
	defer s.Close()
	var out, errOut bytes.Buffer
	s.Stdout, s.Stderr = &out, &errOut
	err = s.Run(cmd)
	return out.String(), errOut.String(), err
}

func isExit(err error) bool {
	var ee *gossh.ExitError
	return errors.As(err, &ee)
}

// hostKey reads the server's public host key, to pin it across restarts.
func hostKey(t *testing.T, dir string) gossh.PublicKey {
	t.Helper()
	pem, err := os.ReadFile(filepath.Join(dir, "host_ed25519"))
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.ParsePrivateKey(pem)
	if err != nil {
		t.Fatal(err)
	}
	return signer.PublicKey()
}

// syncBuffer is a log the server writes from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServeWith runs the server in-process with cfg until stop is called
// or the test ends; its log goes to the returned buffer.
func startServeWith(t *testing.T, cfg serveConfig) (addr string, log *syncBuffer, stop func()) {
	t.Helper()
	cfg.addr = "127.0.0.1:0"
	log = &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- serveWith(ctx, cfg, slog.New(slog.NewTextHandler(log, nil)), io.Discard, ready) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not start")
	}
	return addr, log, stop
}
