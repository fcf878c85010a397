package sshd

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Issue 14: limits before and around a session, each shown with the
// figures a hostile client on loopback got.

// envRequest is the payload of an env request.
func envRequest(name, value string) []byte {
	return gossh.Marshal(struct{ Name, Value string }{name, value})
}

func TestEnvRequestFloodsHoldNoMemory(t *testing.T) {
	f := startServer(t, false)
	userGetsIn(t, f)
	value := strings.Repeat("x", 100<<10)
	const n = 3000
	tests := []struct {
		name   string
		signer gossh.Signer
	}{
		{"an unknown key", f.stranger},
		{"an enrolled key", f.police},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, base := settled()
			start := time.Now()
			c, err := dial(t, f.addr, gossh.PublicKeys(tt.signer))
			if err != nil {
				// Refused at authentication: not a byte of env is read.
				t.Logf("refused at authentication: %v", err)
				return
			}
			defer c.Close()
			ch, reqs, err := c.OpenChannel("session", nil)
			if err != nil {
				t.Fatal(err)
			}
			go gossh.DiscardRequests(reqs)
			sent, granted := 0, 0
			for i := range n {
				// Every tenth asks for an answer; the rest stream.
				ok, err := ch.SendRequest("env", i%10 == 0, envRequest(fmt.Sprintf("WARDPANEL_%d", i), value))
				if err != nil {
					break // the server closed the connection
				}
				sent++
				if ok {
					granted++
				}
			}
			_, heap := settled()
			grew := int64(heap) - int64(base)
			t.Logf("%d of %d env requests of 100 KB sent in %v before the connection closed; %d granted; heap %+d KiB",
				sent, n, time.Since(start).Round(time.Millisecond), granted, grew>>10)
			if granted > 0 {
				t.Errorf("%d env requests granted", granted)
			}
			if grew > 10<<20 {
				t.Errorf("heap grew by %d MiB", grew>>20)
			}
			if sent == n {
				t.Error("the connection stayed open through the whole flood")
			}
		})
	}
	userGetsIn(t, f)
}

func TestSessionRequestsAreFiltered(t *testing.T) {
	f := startServer(t, false)
	c, err := dial(t, f.addr, gossh.PublicKeys(f.police))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ch, reqs, err := c.OpenChannel("session", nil)
	if err != nil {
		t.Fatal(err)
	}
	go gossh.DiscardRequests(reqs)
	tests := []struct {
		name    string
		kind    string
		payload []byte
		granted bool
	}{
		{"TERM", "env", envRequest("TERM", "xterm-256color"), true},
		{"LANG", "env", envRequest("LANG", "en_GB.UTF-8"), true},
		{"LC_TIME", "env", envRequest("LC_TIME", "en_GB.UTF-8"), true},
		{"NO_COLOR", "env", envRequest("NO_COLOR", "1"), true},
		{"COLORTERM", "env", envRequest("COLORTERM", "truecolor"), true},
		{"another variable", "env", envRequest("LD_PRELOAD", "/tmp/x.so"), false},
		{"an allowed name, too long a value", "env", envRequest("LANG", strings.Repeat("x", maxEnvValue+1)), false},
		{"agent forwarding", "auth-agent-req@openssh.com", nil, false},
		{"X11 forwarding", "x11-req", gossh.Marshal(struct {
			Single          bool
			Protocol, Proto string
			Screen          uint32
		}{false, "MIT-MAGIC-COOKIE-1", "00", 0}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := ch.SendRequest(tt.kind, true, tt.payload)
			if err != nil || ok != tt.granted {
				t.Errorf("granted %v (%v), want %v", ok, err, tt.granted)
			}
		})
	}
	t.Run("more variables than the cap", func(t *testing.T) {
		granted := 5 // above
		for i := range 2 * maxEnv {
			if ok, _ := ch.SendRequest("env", true, envRequest(fmt.Sprintf("LC_X%d", i), "C")); ok {
				granted++
			}
		}
		if granted != maxEnv {
			t.Errorf("%d variables granted, want %d", granted, maxEnv)
		}
	})
	t.Run("keepalives, however many, do not count", func(t *testing.T) {
		for range 2 * maxRequestsPerChannel {
			if _, err := ch.SendRequest("keepalive@openssh.com", true, nil); err != nil {
				t.Fatalf("keepalive: %v", err)
			}
		}
		if ok, err := ch.SendRequest("env", true, envRequest("LC_PAPER", "en_GB.UTF-8")); err != nil || ok {
			t.Fatalf("env after the keepalives: %v, %v (want refused: the cap on variables is reached)", ok, err)
		}
	})
	t.Run("more sessions on one connection than the cap", func(t *testing.T) {
		opened := 1 // ch
		for range maxChannelsPerConn + 2 {
			if extra, reqs, err := c.OpenChannel("session", nil); err == nil {
				go gossh.DiscardRequests(reqs)
				defer extra.Close()
				opened++
			}
		}
		if opened != maxChannelsPerConn {
			t.Errorf("%d sessions open on one connection, want the cap of %d", opened, maxChannelsPerConn)
		}
	})
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime(t *testing.T) time.Duration {
	t.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestAResizeFloodCostsAFewRedraws(t *testing.T) {
	f := startServer(t, false)
	term := openTerminal(t, f.addr, f.housing, 80, 24)
	term.screen.WaitFor(t, f.panelP.Title)
	const n = 20000
	before, start := cpuTime(t), time.Now()
	for i := range n {
		w, h := uint32(60+i%60), uint32(20+i%20)
		if _, err := term.sess.SendRequest("window-change", false, gossh.Marshal(struct{ W, H, PW, PH uint32 }{w, h, 0, 0})); err != nil {
			t.Fatal(err)
		}
	}
	// The session still answers: the last size reaches it, and a change
	// reaches its screen.
	_, _ = term.sess.SendRequest("window-change", false, gossh.Marshal(struct{ W, H, PW, PH uint32 }{80, 24, 0, 0}))
	f.touch(t, "Noticed after the resizes")
	term.screen.WaitFor(t, "Noticed after the resizes")
	cpu := cpuTime(t) - before
	t.Logf("%d window changes sent in %v; the test process (server and client) used %v of CPU",
		n, time.Since(start).Round(time.Millisecond), cpu.Round(time.Millisecond))
	if cpu > 1500*time.Millisecond {
		t.Errorf("%d resizes cost %v of CPU", n, cpu)
	}
}

func TestSSHAuditFindsNothingToFix(t *testing.T) {
	bin, err := exec.LookPath("ssh-audit")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install ssh-audit (apt-get install ssh-audit)")
		}
		t.Skip("ssh-audit is not installed: apt-get install ssh-audit")
	}
	f := startServer(t, false)
	host, port, _ := net.SplitHostPort(f.addr)
	out, err := exec.Command(bin, "-n", "-t", "10", "-p", port, host).CombinedOutput()
	if len(out) == 0 {
		t.Fatalf("ssh-audit: %v", err)
	}
	var kex, findings []string
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "(kex)") {
			kex = append(kex, strings.Fields(line)[1])
		}
		// Its notes on algorithms it does not know yet (the ML-KEM hybrid,
		// the strict key exchange marker) are not findings.
		if (strings.Contains(line, "[fail]") || strings.Contains(line, "[warn]")) && !strings.Contains(line, "unknown algorithm") {
			findings = append(findings, strings.TrimSpace(line))
		}
	}
	if len(findings) > 0 {
		t.Errorf("ssh-audit findings:\n%s\n\nfull output:\n%s", strings.Join(findings, "\n"), out)
	}
	want := "mlkem768x25519-sha256 curve25519-sha256 curve25519-sha256@libssh.org kex-strict-s-v00@openssh.com"
	if got := strings.Join(kex, " "); got != want {
		t.Errorf("key exchanges %q, want %q", got, want)
	}
}

func TestAnEnrolledUserGetsInPastAFullGate(t *testing.T) {
	// Banner-only connections from 50 addresses, 16 each: more than the
	// 512 unauthenticated slots, held until the test ends.
	f := startServer(t, false, func(c *Config) { c.HandshakeTimeout = time.Minute })
	const sources, each = 50, 16
	var mu sync.Mutex
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	var wg sync.WaitGroup
	for s := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(fmt.Sprintf("127.0.1.%d", 10+s))}, Timeout: 5 * time.Second}
			for range each {
				c, err := d.Dial("tcp", f.addr)
				if err != nil {
					continue
				}
				// Greeted: the server has counted it (or refused it).
				_ = c.SetReadDeadline(time.Now().Add(3 * time.Second))
				_, _ = bufio.NewReader(c).ReadString('\n')
				_ = c.SetReadDeadline(time.Time{})
				_, _ = c.Write([]byte("SSH-2.0-idle\r\n"))
				mu.Lock()
				conns = append(conns, c)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	f.srv.gate.mu.Lock()
	pending := f.srv.gate.pending
	f.srv.gate.mu.Unlock()
	t.Logf("%d banner-only connections from %d addresses; %d unauthenticated held (cap %d)",
		len(conns), sources, pending, f.srv.cfg.MaxUnauthenticated)
	if pending != f.srv.cfg.MaxUnauthenticated {
		t.Fatalf("the slots are not full: %d of %d", pending, f.srv.cfg.MaxUnauthenticated)
	}
	// From elsewhere, and from behind one of the flooding addresses (an
	// office NAT with a stranger in it).
	for _, local := range []string{"127.0.0.1", "127.0.1.10"} {
		start := time.Now()
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}, Timeout: 5 * time.Second}
		conn, err := d.Dial("tcp", f.addr)
		if err != nil {
			t.Fatal(err)
		}
		cc, chans, reqs, err := gossh.NewClientConn(conn, f.addr, clientConfig(f.police))
		if err != nil {
			t.Fatalf("from %s: %v", local, err)
		}
		c := gossh.NewClient(cc, chans, reqs)
		out, err := sshOutput(c, "whoami")
		c.Close()
		took := time.Since(start)
		t.Logf("from %s the enrolled user ran whoami in %v", local, took.Round(time.Millisecond))
		if err != nil || !strings.Contains(out, "Dana Police") {
			t.Fatalf("from %s: whoami %q, %v", local, out, err)
		}
		if took > 3*time.Second {
			t.Errorf("from %s it took %v", local, took)
		}
	}
}

func TestAnOfficersBatchScriptRunsFromOneAddress(t *testing.T) {
	// The defaults: 5 new connections a second per address, 120 sessions
	// per user at once, then two a second.
	f := startServer(t, false)
	open, _ := f.withActions(t)
	const n = 100
	statuses := []string{"in-progress", "open"}
	start := time.Now()
	failed := 0
	for i := range n {
		out, errOut, code := sshRun(t, f.addr, f.police, fmt.Sprintf("action status %d %s", open.ID, statuses[i%2]))
		if code != 0 || !strings.Contains(out, "is now") {
			failed++
			if failed < 4 {
				t.Errorf("command %d: exit %d, %q, %q", i+1, code, out, errOut)
			}
		}
	}
	took := time.Since(start)
	t.Logf("%d scripted commands from one address by one user in %v, %d failed", n, took.Round(time.Millisecond), failed)
	if took > time.Minute {
		t.Errorf("took %v", took)
	}
}

func TestASessionBudgetIsPerUser(t *testing.T) {
	f := startServer(t, false, func(c *Config) { c.SessionsPerMinute, c.SessionBurst = 1, 3 })
	for i := range 3 {
		if _, errOut, code := sshRun(t, f.addr, f.police, "whoami"); code != 0 {
			t.Fatalf("session %d: exit %d, %q", i+1, code, errOut)
		}
	}
	if _, errOut, code := sshRun(t, f.addr, f.police, "whoami"); code == 0 || strings.TrimSpace(errOut) != errSessionBudget.Error() {
		t.Errorf("over the budget: exit %d, %q", code, errOut)
	}
	// Another user at the same address has their own.
	if _, errOut, code := sshRun(t, f.addr, f.housing, "whoami"); code != 0 {
		t.Errorf("another user: exit %d, %q", code, errOut)
	}
}
