package sshd

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
	"wardpanel/store"
)

// opensshUser is an enrolled user with a key file the OpenSSH client reads.
type opensshUser struct {
	u       model.User
	keyFile string
}

// enrolForOpenSSH gives user name a new key, written where ssh -i finds it.
func enrolForOpenSSH(t *testing.T, f *fixture, name string) opensshUser {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	u, err := f.st.UserByName(name)
	if err != nil {
		t.Fatal(err)
	}
	if u, err = f.st.AddKey(model.Operator, u.ID, model.KeyFrom(signer.PublicKey(), "openssh test")); err != nil {
		t.Fatal(err)
	}
	return opensshUser{u: u, keyFile: keyFile}
}

// openssh runs one command line through the real OpenSSH client, which
// joins its arguments with spaces as it does for anyone typing them.
func openssh(t *testing.T, f *fixture, who opensshUser, args ...string) (stdout string, code int) {
	t.Helper()
	sshBin, err := exec.LookPath("ssh")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install openssh-client")
		}
		t.Skip("no ssh client on this machine")
	}
	host, port, _ := net.SplitHostPort(f.addr)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, sshBin, append([]string{"-p", port, "-i", who.keyFile,
		"-F", "/dev/null", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", host}, args...)...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("ssh %v: %v\n%s", args, err, errOut.String())
	}
	return out.String(), code
}

// An officer restricts a problem to the police and widens it again while
// the housing officer who owns and is assigned its action watches her
// `actions --mine` over real SSH: her action never leaves it, and once
// the problem is wide again the action is exactly as she had it. Her
// status changes, from the terminal's write path and over SSH, are both
// action.status to `audit --action action.status`.
func TestOpenSSHRestrictAndWidenKeepsTheOwnersAction(t *testing.T) {
	f := startServer(t, false)
	dana := enrolForOpenSSH(t, f, "Dana Police")
	priya := enrolForOpenSSH(t, f, "Priya Housing")
	asDana := model.Actor{User: dana.u, Fingerprint: "SHA256:terminal"}
	p, err := f.st.CreateProblem(asDana, model.Problem{Ward: testWard, Title: "Drug litter in the Elm Court stairwell", Category: "drugs"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := f.st.CreateAction(asDana, model.Action{Ward: testWard, ProblemID: p.ID, Title: "Deep-clean the Elm Court stairwell",
		OwnerAgency: "housing", Assignee: "Priya Housing", Due: time.Now().AddDate(0, 0, 14)})
	if err != nil {
		t.Fatal(err)
	}
	mine := func(stage string) {
		t.Helper()
		out, code := openssh(t, f, priya, "actions", "--mine")
		if code != 0 || !strings.Contains(out, a.Title) {
			t.Fatalf("%s: Priya's actions --mine (exit %d) lacks her action:\n%s", stage, code, out)
		}
		out, code = openssh(t, f, priya, "action", "show", fmt.Sprint(a.ID), "--json")
		var got model.Action
		if code != 0 || json.Unmarshal([]byte(out), &got) != nil || got.Visibility.String() != "panel" {
			t.Fatalf("%s: action show %d (exit %d): %s", stage, a.ID, code, out)
		}
	}
	mine("before")
	p.Visibility = model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}
	if p, err = f.st.UpdateProblem(asDana, p); err != nil {
		t.Fatal(err)
	}
	mine("while the problem is police-only")
	if out, code := openssh(t, f, priya, "board"); code != 0 || strings.Contains(out, p.Title) {
		t.Errorf("Priya's board shows the police-only problem (exit %d):\n%s", code, out)
	}
	p.Visibility = model.Panel
	if _, err = f.st.UpdateProblem(asDana, p); err != nil {
		t.Fatal(err)
	}
	mine("after it is widened again")

	// One status change from the terminal (the chooser's store call, with
	// the version it showed), one over SSH.
	cur, err := f.st.Action(priya.u, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.ChangeActionStatus(model.Actor{User: priya.u, Fingerprint: "SHA256:terminal"},
		store.StatusChange{ID: a.ID, Status: model.ActionInProgress, Version: cur.Version}); err != nil {
		t.Fatal(err)
	}
	if out, code := openssh(t, f, priya, "action", "status", fmt.Sprint(a.ID), "blocked"); code != 0 {
		t.Fatalf("action status over SSH (exit %d): %s", code, out)
	}
	out, code := openssh(t, f, dana, "audit", "--action", "action.status", "--json")
	var entries []struct {
		Action, Target, Summary, Key string
	}
	if code != 0 || json.Unmarshal([]byte(out), &entries) != nil || len(entries) != 2 {
		t.Fatalf("audit --action action.status (exit %d):\n%s", code, out)
	}
	for _, e := range entries {
		if e.Action != "action.status" || e.Target != fmt.Sprintf("action/%d", a.ID) {
			t.Errorf("entry %+v", e)
		}
	}
	if !strings.Contains(entries[0].Summary, "in-progress→blocked") || !strings.Contains(entries[1].Summary, "open→in-progress") {
		t.Errorf("the entries say %q and %q", entries[0].Summary, entries[1].Summary)
	}
}
