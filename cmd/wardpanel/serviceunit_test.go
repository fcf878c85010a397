package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/tui/sshd/opensshtest"
)

// TestServiceUnitVerifies runs systemd's own checker on the units
// service-unit writes: clean, with CAP_NET_BIND_SERVICE exactly when a
// port is below 1024. CI installs systemd (Debian's package) for it.
func TestServiceUnitVerifies(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install systemd for systemd-analyze: apt-get install -y systemd")
		}
		t.Skip("no systemd-analyze here (Debian package systemd): the unit is not verified")
	}
	bin := wardpanelBinary(t)
	for _, tc := range []struct {
		name    string
		args    []string
		lowPort bool
	}{
		{"defaults", nil, false},
		{"ssh on port 22 with metrics", []string{"--port", "22", "--metrics", "127.0.0.1:9464"}, true},
		{"metrics on a low port", []string{"--addr", "192.0.2.1:2222", "--metrics", "127.0.0.1:443", "--max-size", "2G"}, true},
		{"no scheduled backups", []string{"--backup-every", "0", "--data", "/var/lib/wardpanel/riverside"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := wp(append([]string{"service-unit", "--bin", bin}, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			unit := filepath.Join(t.TempDir(), "wardpanel.service")
			if err := os.WriteFile(unit, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			// verify exits 0 on warnings too: any output is a fault.
			res, err := exec.Command(analyze, "verify", unit).CombinedOutput()
			if err != nil || len(res) > 0 {
				t.Errorf("systemd-analyze verify: %v\n%s\n%s", err, res, out)
			}
			// systemd's own rating of the hardening: 0 is a sealed box, 10 none; 2.0 and below is "OK".
			if res, err := exec.Command(analyze, "security", "--offline=true", "--threshold=20", unit).CombinedOutput(); err != nil {
				t.Errorf("systemd-analyze security rates the unit's exposure above 2.0: %v\n%s", err, res)
			}
			for _, want := range []string{"DynamicUser=yes", "StateDirectory=", "Restart=on-failure", "NoNewPrivileges=yes",
				"ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "KillSignal=SIGTERM", "TimeoutStopSec=15"} {
				if !strings.Contains(out, "\n"+want) {
					t.Errorf("unit lacks %s", want)
				}
			}
			hasCap := strings.Contains(out, "\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE\n")
			noCaps := strings.Contains(out, "\nCapabilityBoundingSet=\n")
			if hasCap != tc.lowPort || noCaps == tc.lowPort {
				t.Errorf("low port %v: CAP_NET_BIND_SERVICE bound %v, no capabilities %v", tc.lowPort, hasCap, noCaps)
			}
		})
	}
}

func TestServiceUnitRefusesWhatCannotWork(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--bin", "/root/go/bin/wardpanel"}, "ProtectHome hides"},
		{[]string{"--bin", "wardpanel"}, "absolute path"},
		{[]string{"--data", "/srv/wardpanel"}, "must be under /var/lib"},
		{[]string{"--port", "70000"}, "port must be"},
		{[]string{"--max-size", "lots"}, "not a size"},
	} {
		_, errOut, code := wp(append([]string{"service-unit"}, tc.args...)...)
		if code != 2 || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("service-unit %v: exit %d, %q; want 2 and one line with %q", tc.args, code, errOut, tc.want)
		}
	}
}

// TestServiceStartsAndStopsAsTheUnitSays starts the binary with the
// unit's own ExecStart (its state folder, %S, a temporary one; the port
// free), with an idle terminal session open, and stops it as systemd
// does, with SIGTERM: it must exit 0, which systemd takes as a clean stop
// that Restart=on-failure leaves alone, within TimeoutStopSec.
func TestServiceStartsAndStopsAsTheUnitSays(t *testing.T) {
	bin := wardpanelBinary(t)
	out, errOut, code := wp("service-unit", "--bin", bin, "--addr", "127.0.0.1:0", "--metrics", "127.0.0.1:0")
	if code != 0 {
		t.Fatal(errOut)
	}
	var argv []string
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, "ExecStart="); ok {
			argv = strings.Fields(rest)
		}
	}
	if len(argv) < 2 || argv[0] != bin || argv[1] != "serve" {
		t.Fatalf("ExecStart = %q", argv)
	}
	stateDir := t.TempDir() // what %S stands for
	dataDir := ""
	for i, a := range argv {
		if strings.Contains(a, "%S") {
			argv[i] = strings.ReplaceAll(a, "%S", stateDir)
			dataDir = argv[i]
		}
	}
	keyFile, signer := opensshtest.Key(t)
	if _, errOut, code := wp("init", "--data", dataDir, "--admin", "Sam Admin", "--key", keyFile+".pub",
		"--agency", "council", "--ward", fixtureWard, "--ward-name", "Testford"); code != 0 {
		t.Fatalf("init: %s", errOut)
	}

	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dataDir // WorkingDirectory=
	cmd.Env = []string{}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default:
			}
		}
		exited <- cmd.Wait()
	}()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	var addr string
	var logged []string
	for addr == "" {
		select {
		case line := <-lines:
			logged = append(logged, line)
			if m := listeningAddr.FindStringSubmatch(line); m != nil {
				addr = m[1]
			}
		case err := <-exited:
			t.Fatalf("the service exited before listening: %v\n%s", err, strings.Join(logged, "\n"))
		case <-time.After(15 * time.Second):
			t.Fatalf("the service did not listen\n%s", strings.Join(logged, "\n"))
		}
	}

	openIdleTerminal(t, addr, signer, hostKey(t, dataDir))

	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		took := time.Since(start)
		t.Logf("stopped by SIGTERM with a terminal session open in %v", took.Round(time.Millisecond))
		if err != nil {
			t.Errorf("exit after SIGTERM: %v; systemd would count it a failure", err)
		}
	case <-time.After(serviceStopTimeout):
		t.Fatalf("still running %v after SIGTERM: systemd would kill it", serviceStopTimeout)
	}
}

// openIdleTerminal connects with a terminal and waits for the first
// frame; the session stays open, untouched, until the test ends.
func openIdleTerminal(t *testing.T, addr string, signer gossh.Signer, hostKey gossh.PublicKey) {
	t.Helper()
	c, err := dialSSH(addr, signer, hostKey, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	screen, err := sess.StdoutPipe()
	if err == nil {
		err = sess.RequestPty("xterm", 24, 80, nil)
	}
	if err == nil {
		err = sess.Shell()
	}
	if err == nil {
		_, err = screen.Read(make([]byte, 1024))
	}
	if err != nil {
		t.Fatalf("terminal session: %v", err)
	}
}
