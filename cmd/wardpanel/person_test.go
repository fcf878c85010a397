package main

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/sshd/sshtest"
)

// export is `person export` decoded, with what the tests look at.
type export struct {
	User struct {
		ID   int    `json:"id"`
		Name string `json:"name"`
	} `json:"user"`
	Actions []struct {
		As     []string `json:"as"`
		Record struct {
			Title string `json:"title"`
		} `json:"record"`
	} `json:"actions"`
	Audit    []json.RawMessage `json:"audit"`
	Withheld map[string]int    `json:"withheld"`
}

func TestPersonExportCommand(t *testing.T) {
	dir := demoFolder(t)
	run := func(args ...string) (export, string, string, int) {
		t.Helper()
		out, errOut, code := wp(append(args, "--data", dir)...)
		var e export
		if code == 0 {
			if err := json.Unmarshal([]byte(out), &e); err != nil {
				t.Fatalf("%v: not JSON: %v\n%s", args, err, out)
			}
		}
		return e, out, errOut, code
	}

	// As the panel reads it: the police officer's police-only work is
	// counted, not shown.
	e, out, errOut, code := run("person", "export", "PC", "Dana", "Reid")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if e.User.Name != "PC Dana Reid" || len(e.Actions) == 0 || len(e.Audit) == 0 {
		t.Errorf("export of PC Dana Reid: user %q, %d actions, %d audit entries", e.User.Name, len(e.Actions), len(e.Audit))
	}
	if strings.Contains(out, demoPoliceOnly) || e.Withheld["actions"] == 0 {
		t.Errorf("the panel's export shows police-only work, or does not say it withheld it (withheld %v)", e.Withheld)
	}
	// As someone who may see it: there it is.
	_, out, _, code = run("person", "export", "PC Dana Reid", "--as", "PC Dana Reid")
	if code != 0 || !strings.Contains(out, demoPoliceOnly) {
		t.Errorf("read as the officer, the export lacks their police-only action (exit %d)", code)
	}
	_, out, _, code = run("person", "export", "--as=Priya Shah", "pc dana reid")
	if code != 0 || strings.Contains(out, demoPoliceOnly) || !strings.Contains(out, demoPoliceAndHousing) {
		t.Errorf("read as housing: exit %d, police-only shown: %v", code, strings.Contains(out, demoPoliceOnly))
	}

	for _, tt := range []struct {
		args    []string
		code    int
		wantErr string
	}{
		{[]string{"person", "export", "Nobody"}, 1, `no user named "Nobody"`},
		{[]string{"person", "export", "PC Dana Reid", "--as", "Nobody"}, 1, `no user named "Nobody"`},
		{[]string{"person", "export"}, 2, "missing the name"},
		{[]string{"person"}, 2, "person needs one of: export, erase"},
		{[]string{"person", "forget", "PC Dana Reid"}, 2, `unknown command "person forget"`},
		{[]string{"person", "export", "PC Dana Reid", "--json"}, 2, "-json"},
	} {
		_, out, errOut, code := run(tt.args...)
		if code != tt.code || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tt.wantErr) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and one line with %q", tt.args, code, out, errOut, tt.code, tt.wantErr)
		}
	}
}

func TestPersonEraseCommand(t *testing.T) {
	dir := demoFolder(t)

	// Without --yes: what would go, and nothing goes.
	out, errOut, code := wp("person", "erase", "PC Dana Reid", "--data", dir)
	if code != 1 || !strings.Contains(out, "Would erase PC Dana Reid") || !strings.Contains(out, `"former user #`) ||
		strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "add --yes") {
		t.Fatalf("erase without --yes: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, _, code := wp("person", "export", "PC Dana Reid", "--data", dir); code != 0 {
		t.Fatal("erase without --yes erased")
	}

	out, errOut, code = wp("person", "erase", "PC Dana Reid", "--yes", "--data", dir)
	if code != 0 || errOut != "" || !strings.HasPrefix(out, "erased user ") {
		t.Fatalf("erase --yes: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, errOut, code := wp("person", "export", "PC Dana Reid", "--data", dir); code != 1 || !strings.Contains(errOut, "no user named") {
		t.Errorf("after erasure, export: exit %d, %q", code, errOut)
	}
	if out, errOut, code := wp("check", "--data", dir); code != 0 {
		t.Errorf("check after erasure: exit %d\n%s%s", code, out, errOut)
	}
	// The minutes they took part in read on, under the placeholder.
	out, _, code = wp("minutes", "1", "--as", "Alex Morgan", "--data", dir)
	if code != 0 || strings.Contains(out, "Dana Reid") || !strings.Contains(out, "former user #") {
		t.Errorf("minutes after erasure (exit %d):\n%s", code, out)
	}
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	entries, err := st.Audit(model.User{Role: model.RoleAdmin, Wards: []string{demoWard}}, 1)
	if err != nil || len(entries) != 1 || entries[0].Action != "person.erase" || strings.Contains(entries[0].Summary, "Dana") {
		t.Errorf("the last audit entry: %+v, %v", entries, err)
	}
}

// A person erased while the server runs is erased inside it: their
// session ends and their key is unknown from then on.
func TestPersonEraseReachesTheRunningServer(t *testing.T) {
	dir := t.TempDir()
	addr := startServe(t, dir, false)
	signer := enrolPriya(t, dir)
	sess := sshtest.Session(t, addr, "priya", signer)
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	ended := make(chan struct{})
	go func() { _, _ = io.Copy(io.Discard, stdout); close(ended) }()

	if out, errOut, code := wp("person", "erase", "Priya", "--yes", "--data", dir); code != 0 {
		t.Fatalf("erase through the server: exit %d, %q %q", code, out, errOut)
	}
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Error("the erased user's session is still open")
	}
	c2, err := gossh.Dial("tcp", addr, sshtest.Config("priya", signer))
	if err == nil {
		defer c2.Close()
		s2, err := c2.NewSession()
		if err == nil {
			out, err := s2.CombinedOutput("whoami")
			var exit *gossh.ExitError
			if !errors.As(err, &exit) || !strings.Contains(string(out), "not enrolled") {
				t.Errorf("the erased key: %q, %v", out, err)
			}
		}
	}
}
