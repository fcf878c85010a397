package main

import (
	"bufio"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"wardpanel/store"
	"wardpanel/tui/sshd"
	"wardpanel/tui/sshd/opensshtest"
)

// testVersion is the version the test binary is built with (-ldflags -X).
const testVersion = "v0.0.0-wardpaneltest"

func initArgs(dir, keyFile string) []string {
	return []string{"init", "--data", dir, "--admin", "Sam Admin", "--key", keyFile + ".pub",
		"--agency", "council", "--agency-name", "Testford Council", "--ward", fixtureWard, "--ward-name", "Testford"}
}

// openSSH runs the real OpenSSH client with keyFile, checking the host
// key against knownHosts, as a user who was handed the fingerprint does.
func openSSH(t *testing.T, addr, keyFile, knownHosts string, stdin string, args ...string) (string, error) {
	t.Helper()
	sshBin := opensshtest.Binary(t)
	_, port, _ := net.SplitHostPort(addr)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	argv := append([]string{"-p", port, "-i", keyFile, "-F", "/dev/null", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
		"-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts, "-o", "LogLevel=ERROR"}, args...)
	cmd := exec.CommandContext(ctx, sshBin, argv...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

var (
	hostKeyLine = regexp.MustCompile(`host key  (SHA256:\S+) \(made\)`)
	inviteCode  = regexp.MustCompile(`(?m)^    ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2,})$`)
)

// TestInitThenTheFirstAdminInvitesWithOpenSSH: init on an empty folder
// prints the host key's fingerprint; the server starts on it; the first
// admin connects with the real OpenSSH client, checking the host key, and
// makes an invite; the newcomer redeems it at join@host with their own
// key and is then known by it.
func TestInitThenTheFirstAdminInvitesWithOpenSSH(t *testing.T) {
	bin := wardpanelBinary(t)
	dir := filepath.Join(t.TempDir(), "data")
	adminKey, _ := opensshtest.Key(t)
	out, errOut, code := wp(initArgs(dir, adminKey)...)
	if code != 0 {
		t.Fatalf("init: exit %d: %s", code, errOut)
	}
	m := hostKeyLine.FindStringSubmatch(out)
	fp, err := sshd.HostKeyFingerprint(hostKeyPath(dir))
	if err != nil || m == nil || m[1] != fp {
		t.Fatalf("init printed %q; the host key is %s (%v)", out, fp, err)
	}
	for _, f := range []string{store.FileName, "host_ed25519"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v; want mode 0600", f, fi, err)
		}
	}

	srv := startServer(t, bin, dir)
	host, port, _ := net.SplitHostPort(srv.addr)
	known := filepath.Join(t.TempDir(), "known_hosts")
	pub, err := os.ReadFile(hostKeyPath(dir) + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(known, []byte("["+host+"]:"+port+" "+string(pub)), 0o600); err != nil {
		t.Fatal(err)
	}

	got, err := openSSH(t, srv.addr, adminKey, known, "", host, "whoami")
	if err != nil || !strings.Contains(got, "Sam Admin — admin, council; wards "+fixtureWard) {
		t.Fatalf("ssh whoami as the first admin: %v\n%s", err, got)
	}
	got, err = openSSH(t, srv.addr, adminKey, known, "", host,
		`invite --name "Nia Patel" --agency council --role officer --ward `+fixtureWard)
	codeMatch := inviteCode.FindStringSubmatch(got)
	if err != nil || codeMatch == nil || !strings.Contains(got, "Invite 1 for Nia Patel (officer, council)") {
		t.Fatalf("ssh invite: %v\n%s", err, got)
	}

	niaKey, _ := opensshtest.Key(t)
	got, err = openSSH(t, srv.addr, niaKey, known, codeMatch[1]+"\r", "-tt", "join@"+host)
	if err != nil || !strings.Contains(got, "Welcome, Nia Patel") {
		t.Fatalf("ssh -tt join@host with the code: %v\n%s", err, got)
	}
	got, err = openSSH(t, srv.addr, niaKey, known, "", host, "whoami")
	if err != nil || !strings.Contains(got, "Nia Patel — officer, council") {
		t.Fatalf("ssh whoami as the newcomer: %v\n%s", err, got)
	}
	if strings.Contains(srv.logText(), "Nia") || strings.Contains(srv.logText(), "Sam Admin") || strings.Contains(srv.logText(), codeMatch[1]) {
		t.Errorf("the server's log names people or the code:\n%s", srv.logText())
	}
}

func TestInitRefusesAndServeAsksForIt(t *testing.T) {
	key, _ := opensshtest.Key(t)
	empty := filepath.Join(t.TempDir(), "fresh")

	_, errOut, code := wp("serve", "--data", empty, "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(errOut, "has no data file, so nobody could connect: run wardpanel init --admin NAME") ||
		!strings.Contains(errOut, "--data "+empty) || strings.Count(errOut, "\n") != 1 {
		t.Errorf("serve on an empty folder: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(empty, store.FileName)); err == nil {
		t.Error("serve made a data file in a folder it refused")
	}

	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no ward", []string{"init", "--data", empty, "--admin", "Sam", "--key", key + ".pub", "--agency", "council"}, 2, "--ward is required"},
		{"bad ward", []string{"init", "--data", empty, "--admin", "Sam", "--key", key + ".pub", "--agency", "council", "--ward", "riverside", "--ward-name", "R"}, 2, "not a ward code"},
		{"not a key", []string{"init", "--data", empty, "--admin", "Sam", "--key", key, "--agency", "council", "--ward", fixtureWard, "--ward-name", "T"}, 2, "--key"},
	} {
		_, errOut, code := wp(tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%s: exit %d, %q; want %d and one line with %q", tc.name, code, errOut, tc.code, tc.want)
		}
		if entries, _ := os.ReadDir(empty); len(entries) != 0 {
			t.Errorf("%s: a refused init left %v behind", tc.name, entries)
		}
	}

	if _, errOut, code := wp(initArgs(empty, key)...); code != 0 {
		t.Fatal(errOut)
	}
	_, errOut, code = wp(initArgs(empty, key)...)
	if code != 1 || !strings.Contains(errOut, "already has a data file") {
		t.Errorf("init twice: exit %d, %q", code, errOut)
	}
}

// TestVersionAndWhatTheServerReveals: version prints the release, commit,
// Go and schema; over SSH, the server's version string names no release.
func TestVersionAndWhatTheServerReveals(t *testing.T) {
	bin := wardpanelBinary(t)
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"wardpanel " + testVersion + "\n", "\ncommit  ", "\ngo      go1.", "\nschema  "} {
		if !strings.Contains(string(out), want) {
			t.Errorf("wardpanel version lacks %q:\n%s", want, out)
		}
	}

	fx := newFixture(t, t.TempDir(), 1)
	srv := startServer(t, bin, fx.dir)
	conn, err := net.DialTimeout("tcp", srv.addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	banner, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	banner = strings.TrimSpace(banner)
	t.Logf("the server announces itself as %q", banner)
	if banner != "SSH-2.0-Go" && banner != "SSH-2.0-wardpanel" {
		t.Errorf("SSH version string %q says more than the product", banner)
	}
	c, err := dialSSH(srv.addr, fx.officers[0].signer, nil, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	who, _, err := sshRun(c, "whoami")
	if err != nil || strings.Contains(who, testVersion) || strings.Contains(who, "go1.") {
		t.Errorf("whoami = %q, %v", who, err)
	}
}
