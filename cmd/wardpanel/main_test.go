package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
	"wardpanel/tui/sshd/sshtest"
)

func newKey(t *testing.T) (gossh.Signer, string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s, strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey())))
}

// wp runs the wardpanel command line in-process.
func wp(args ...string) (stdout, stderr string, code int) {
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestAdministrationRefusesBadInputClearly(t *testing.T) {
	dir := t.TempDir()
	_, key := newKey(t)
	for _, setup := range [][]string{
		{"ward", "add", "--code", "E05000001", "--name", "Testford", "--data", dir},
		{"agency", "add", "--code", "police", "--data", dir},
		{"user", "add", "--name", "Dana", "--agency", "police", "--role", "officer", "--ward", "E05000001", "--key", key, "--data", dir},
	} {
		if _, errOut, code := wp(setup...); code != 0 {
			t.Fatalf("%v: exit %d: %s", setup, code, errOut)
		}
	}
	_, other := newKey(t)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"unknown role", []string{"user", "add", "--name", "Sam", "--agency", "police", "--role", "king", "--ward", "E05000001"}, 2, `unknown role "king"`},
		{"malformed key", []string{"user", "add", "--name", "Sam", "--agency", "police", "--role", "officer", "--ward", "E05000001", "--key", "ssh-ed25519 AAAA-not-a-key"}, 2, "not an SSH public key"},
		{"key file missing", []string{"user", "add", "--name", "Sam", "--agency", "police", "--role", "officer", "--ward", "E05000001", "--key", "/nonexistent.pub"}, 2, "neither a public key nor a readable file"},
		{"duplicate user", []string{"user", "add", "--name", "dana", "--agency", "police", "--role", "officer", "--ward", "E05000001", "--key", other}, 1, "already exists"},
		{"key already enrolled", []string{"user", "add", "--name", "Sam", "--agency", "police", "--role", "officer", "--ward", "E05000001", "--key", key}, 1, "already enrolled"},
		{"unknown ward", []string{"user", "add", "--name", "Sam", "--agency", "police", "--role", "officer", "--ward", "E05000009"}, 2, "E05000009"},
		{"unknown agency", []string{"user", "add", "--name", "Sam", "--agency", "fire", "--role", "officer", "--ward", "E05000001"}, 2, "fire"},
		{"missing flag", []string{"user", "add", "--name", "Sam"}, 2, "--agency is required"},
		{"bad ward code", []string{"ward", "add", "--code", "riverside", "--name", "Riverside"}, 2, "not a ward code"},
		{"unknown verb", []string{"user", "delete"}, 2, `unknown command "user delete": user needs one of: add, edit, list`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := wp(append(tt.args, "--data", dir)...)
			if code != tt.wantCode || !strings.Contains(errOut, tt.wantErr) || strings.Count(errOut, "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want exit %d and one line containing %q", code, errOut, tt.wantCode, tt.wantErr)
			}
		})
	}
	out, _, _ := wp("user", "list", "--data", dir)
	if !strings.Contains(out, "Dana") || strings.Contains(out, "Sam") {
		t.Errorf("user list after refusals:\n%s", out)
	}
}

// startServe runs `wardpanel serve` in-process until the test ends.
func startServe(t *testing.T, dir string, demo bool) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, "127.0.0.1:0", dir, demo, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard, ready)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	select {
	case addr := <-ready:
		return addr
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("server did not start")
	}
	return ""
}

func TestAdministrationReachesTheRunningServer(t *testing.T) {
	dir := t.TempDir()
	addr := startServe(t, dir, false)
	signer := enrolPriya(t, dir)
	if _, errOut, code := wp("user", "add", "--name", "priya", "--agency", "housing", "--role", "officer", "--ward", "E05000001", "--data", dir); code != 1 || !strings.Contains(errOut, "already exists") {
		t.Errorf("duplicate through the control socket: exit %d, %q", code, errOut)
	}

	// The new user can connect at once.
	sess := sshtest.Session(t, addr, "priya", signer)
	out, err := sess.Output("whoami")
	if err != nil || !strings.Contains(string(out), "Priya — officer, housing") {
		t.Errorf("whoami = %q, %v", out, err)
	}
}

// enrolPriya adds ward E05000001, the housing agency and Priya, an officer
// of it with a new key, through the commands (to the running server, if
// there is one), and returns her key.
func enrolPriya(t *testing.T, dir string) gossh.Signer {
	t.Helper()
	signer, key := newKey(t)
	for _, args := range [][]string{
		{"ward", "add", "--code", "E05000001", "--name", "Testford"},
		{"agency", "add", "--code", "housing"},
		{"user", "add", "--name", "Priya", "--agency", "housing", "--role", "officer", "--ward", "E05000001", "--key", key},
	} {
		if _, errOut, code := wp(append(args, "--data", dir)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}
	return signer
}

func TestDemoSeedsEveryStageStatusAndPersona(t *testing.T) {
	st, personas := demoSeeded(t)
	wantRoles := map[model.Role]bool{}
	for _, name := range personas {
		u, err := st.UserByName(name)
		if err != nil {
			t.Fatalf("persona %s: %v", name, err)
		}
		wantRoles[u.Role] = true
	}
	if !wantRoles[model.RoleChair] || !wantRoles[model.RoleOfficer] || !wantRoles[model.RoleMember] {
		t.Errorf("personas %v lack chair, officer or member", personas)
	}
	chair, _ := st.UserByName("Alex Morgan")
	police, _ := st.UserByName("PC Dana Reid")
	stages := map[model.Stage]int{}
	seen := map[model.ID]bool{}
	for _, u := range []model.User{chair, police} {
		ps, err := st.Problems(u, demoWard)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if !seen[p.ID] {
				seen[p.ID] = true
				stages[p.Stage]++
			}
		}
	}
	if len(seen) < 18 {
		t.Errorf("demo has %d problems, want about 20", len(seen))
	}
	for _, s := range model.Stages {
		if stages[s] == 0 {
			t.Errorf("no demo problem at stage %s", s)
		}
	}
	actions, err := st.Actions(police, demoWard)
	if err != nil {
		t.Fatal(err)
	}
	statuses, agencies, overdue, outcomes := map[model.ActionStatus]bool{}, map[string]bool{}, 0, 0
	for _, a := range actions {
		statuses[a.Status], agencies[a.OwnerAgency] = true, true
		if a.Overdue(time.Now()) {
			overdue++
		}
		o, err := st.Outcomes(police, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		outcomes += len(o)
	}
	if len(statuses) != len(model.ActionStatuses) || len(agencies) < 4 || overdue == 0 || outcomes == 0 {
		t.Errorf("demo actions: statuses %v, agencies %v, %d overdue, %d outcomes", statuses, agencies, overdue, outcomes)
	}
	kinds := map[model.EvidenceKind]bool{}
	for id := range seen {
		ev, err := st.Evidence(police, id)
		if errors.Is(err, model.ErrNotFound) {
			continue // the panel officers' private problem
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ev {
			kinds[e.Kind] = true
		}
	}
	if len(kinds) != len(model.EvidenceKinds) {
		t.Errorf("demo evidence kinds %v, want all of %v", kinds, model.EvidenceKinds)
	}

	before := st.Revision()
	if _, err := seedDemo(st); err != nil {
		t.Fatalf("second seed: %v", err)
	}
	if st.Revision() != before {
		t.Errorf("seeding a seeded folder changed the data (revision %d -> %d)", before, st.Revision())
	}
}
