package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/sshd/sshtest"
	"wardpanel/tui/termtest"
)

var printedCode = regexp.MustCompile(`(?m)^    ([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{2})$`)

// inviteFolder is a data folder with a ward, two agencies and a user.
func inviteFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, setup := range [][]string{
		{"ward", "add", "--code", "E05000001", "--name", "Testford"},
		{"ward", "add", "--code", "E05000002", "--name", "Otherton"},
		{"agency", "add", "--code", "housing"},
		{"agency", "add", "--code", "police"},
		{"user", "add", "--name", "Dana", "--agency", "police", "--role", "officer", "--ward", "E05000001"},
	} {
		if _, errOut, code := wp(append(setup, "--data", dir)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", setup, code, errOut)
		}
	}
	return dir
}

func TestInviteCommand(t *testing.T) {
	dir := inviteFolder(t)
	base := []string{"invite", "--name", "Nia Newcomer", "--agency", "housing", "--role", "officer", "--ward", "E05000001"}
	with := func(extra ...string) []string { return append(append([]string(nil), base...), extra...) }
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     string // in stdout, or in the one stderr line
		ttl      time.Duration
	}{
		{"default expiry", with(), 0, "Invite 1 for Nia Newcomer (officer, housing) in E05000001, good until ", model.DefaultInviteTTL},
		{"a week", with("--expires", "7d"), 0, "Invite 2 for Nia Newcomer", 7 * 24 * time.Hour},
		{"ninety minutes, two wards", []string{"invite", "--name", "Sam", "--agency", "police", "--role", "Vice-Chair", "--ward", "E05000002,E05000001", "--expires=90m"},
			0, "Invite 3 for Sam (vice-chair, police) in E05000001, E05000002", 90 * time.Minute},
		{"missing ward", []string{"invite", "--name", "Sam", "--agency", "police", "--role", "officer"}, 2, "--ward is required", 0},
		{"unknown role", with("--role", "king"), 2, `unknown role "king"`, 0},
		{"bad expiry", with("--expires", "soon"), 2, `--expires "soon": say how long`, 0},
		{"zero days", with("--expires", "0d"), 2, "say how long", 0},
		{"too long", with("--expires", "31d"), 1, "30 days", 0},
		{"unknown ward", with("--ward", "E05000009"), 1, "unknown ward E05000009", 0},
		{"unknown agency", with("--agency", "fire"), 1, "unknown agency fire", 0},
		{"name of a user", []string{"invite", "--name", "dana", "--agency", "police", "--role", "officer", "--ward", "E05000001"}, 1, `a user named "dana" already exists`, 0},
		{"stray argument", with("now"), 2, `unexpected argument "now"`, 0},
	}
	codes := map[string]string{} // test name -> printed code
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := wp(append(tt.args, "--data", dir)...)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tt.wantCode, errOut)
			}
			if tt.wantCode != 0 {
				if out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tt.want) {
					t.Errorf("stdout %q, stderr %q; want one line containing %q", out, errOut, tt.want)
				}
				return
			}
			m := printedCode.FindStringSubmatch(out)
			if errOut != "" || !strings.Contains(out, tt.want) || m == nil || !strings.Contains(out, "ssh -p PORT join@HOST") {
				t.Fatalf("stdout %q, stderr %q; want %q and a code", out, errOut, tt.want)
			}
			codes[tt.name] = m[1]
		})
	}

	// The printed codes are the real ones; "list" shows where each stands,
	// never the codes.
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	invites, err := st.Invites(model.Operator)
	if err != nil || len(invites) != 3 {
		t.Fatalf("invites %+v, %v", invites, err)
	}
	for _, inv := range invites {
		if inv.ID == 1 && inv.ReplacedAt.IsZero() {
			t.Error("inviting Nia again did not replace the first invite")
		}
	}
	for _, inv := range invites {
		want := tests[inv.ID-1].ttl
		if got := inv.ExpiresAt.Sub(inv.CreatedAt); got != want {
			t.Errorf("invite %d lasts %v, want %v", inv.ID, got, want)
		}
	}
	u, err := st.RedeemInvite(codes["ninety minutes, two wards"], model.Key{Fingerprint: "SHA256:samskey"})
	if err != nil || u.Name != "Sam" || u.Role != model.RoleViceChair || strings.Join(u.Wards, ",") != "E05000001,E05000002" {
		t.Errorf("redeeming Sam's printed code: %+v, %v", u, err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	out, errOut, code := wp("invite", "list", "--data", dir)
	if code != 0 || errOut != "" {
		t.Fatalf("invite list: exit %d, %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "ID") ||
		!strings.Contains(lines[1], "Sam") || !strings.Contains(lines[1], "used") || !strings.Contains(lines[1], "SHA256:samskey") ||
		!strings.Contains(lines[2], "Nia Newcomer") || !strings.Contains(lines[2], "open") ||
		!strings.Contains(lines[3], "replaced") {
		t.Errorf("invite list:\n%s", out)
	}
	for _, c := range codes {
		if strings.Contains(out, c) || strings.Contains(out, model.NormalizeInviteCode(c)) {
			t.Errorf("invite list shows code %s", c)
		}
	}
}

// With the server running, the invite is made inside it, and the newcomer
// joins over SSH with the printed code.
func TestInviteThroughTheRunningServerThenJoin(t *testing.T) {
	dir := t.TempDir()
	addr := startServe(t, dir, false)
	for _, args := range [][]string{
		{"ward", "add", "--code", "E05000001", "--name", "Testford"},
		{"agency", "add", "--code", "housing"},
	} {
		if _, errOut, code := wp(append(args, "--data", dir)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}
	out, errOut, code := wp("invite", "--name", "Nia Newcomer", "--agency", "housing", "--role", "member", "--ward", "E05000001", "--data", dir)
	m := printedCode.FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("invite through the control socket: exit %d, %q, %q", code, out, errOut)
	}

	signer, _ := newKey(t)
	sess := sshtest.Session(t, addr, "join", signer)
	scr := termtest.NewScreen(100, 24)
	defer scr.Close()
	sess.Stdout, sess.Stderr = scr, scr
	in, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm", 24, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	scr.WaitFor(t, "Type your invite code:")
	if _, err := in.Write([]byte(m[1] + "\r")); err != nil {
		t.Fatal(err)
	}
	scr.WaitFor(t, "Welcome, Nia Newcomer. Your key is enrolled")
	if err := sess.Wait(); err != nil {
		t.Errorf("join ended with %v, want status 0", err)
	}

	s2 := sshtest.Session(t, addr, "nia", signer)
	if who, err := s2.Output("whoami"); err != nil || !strings.Contains(string(who), "Nia Newcomer — member, housing") {
		t.Errorf("whoami after joining = %q, %v", who, err)
	}
}
