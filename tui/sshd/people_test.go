package sshd

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
)

// Keys and people end to end: a revoke or a disable through the store
// ends the live sessions it concerns within seconds, and only those.

// ended waits for the server to end a terminal session; it fails after within.
func ended(t *testing.T, term *terminal, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	done := make(chan struct{})
	go func() { _ = term.sess.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(within):
		t.Fatalf("the session was still open after %v:\n%s", within, term.screen.Text())
	}
	return time.Since(start)
}

func userNamed(t *testing.T, f *fixture, name string) model.User {
	t.Helper()
	u, err := f.st.UserByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestARevokedKeysSessionEndsAndItsNextConnectionIsRefused(t *testing.T) {
	f := startServer(t, false)
	dana := userNamed(t, f, "Dana Police")
	laptop := newSigner(t)
	if _, err := f.st.AddKey(model.Operator, dana.ID, model.KeyFrom(laptop.PublicKey(), "laptop")); err != nil {
		t.Fatal(err)
	}
	revoked := openTerminal(t, f.addr, f.police, 80, 24)
	kept := openTerminal(t, f.addr, laptop, 80, 24)
	other := openTerminal(t, f.addr, f.housing, 80, 24)
	for _, term := range []*terminal{revoked, kept, other} {
		term.screen.WaitFor(t, f.panelP.Title)
	}

	start := time.Now()
	if _, err := f.st.RevokeKey(model.Operator, dana.ID, gossh.FingerprintSHA256(f.police.PublicKey())); err != nil {
		t.Fatal(err)
	}
	revoked.screen.WaitFor(t, "wardpanel: your key has been revoked")
	ended(t, revoked, 5*time.Second)
	t.Logf("the revoked key's session ended %v after the revoke", time.Since(start).Round(time.Millisecond))

	// The next connection with it is refused at authentication, and told
	// it is not enrolled.
	if got := refusal(t, f.addr, nil, "anyone", f.police); got != model.ErrNotEnrolled.Error() {
		t.Errorf("the revoked key again was told %q", got)
	}
	// Dana's other key, and everyone else, carry on: their screens still
	// follow the store.
	p, err := f.st.CreateProblem(model.Actor{User: userNamed(t, f, "Priya Housing"), Fingerprint: "test"},
		model.Problem{Ward: testWard, Title: "Graffiti under the railway bridge"})
	if err != nil {
		t.Fatal(err)
	}
	kept.screen.WaitFor(t, p.Title)
	other.screen.WaitFor(t, p.Title)
	if out, _, code := sshRun(t, f.addr, laptop, "whoami"); code != 0 || !strings.Contains(out, "Dana Police") {
		t.Errorf("the kept key: exit %d, %q", code, out)
	}
}

func TestADisabledUsersSessionsEndAndTheyAreRefusedUntilEnabled(t *testing.T) {
	f := startServer(t, false)
	priya := userNamed(t, f, "Priya Housing")
	term := openTerminal(t, f.addr, f.housing, 80, 24)
	police := openTerminal(t, f.addr, f.police, 80, 24)
	term.screen.WaitFor(t, f.panelP.Title)
	police.screen.WaitFor(t, f.panelP.Title)

	start := time.Now()
	if _, err := f.st.DisableUser(model.Operator, priya.ID); err != nil {
		t.Fatal(err)
	}
	term.screen.WaitFor(t, "wardpanel: your account has been disabled")
	ended(t, term, 5*time.Second)
	t.Logf("the disabled user's session ended %v after the change", time.Since(start).Round(time.Millisecond))

	_, errOut, code := sshRun(t, f.addr, f.housing, "whoami")
	if code == 0 || strings.TrimSpace(errOut) != model.ErrDisabled.Error() {
		t.Errorf("a disabled user: exit %d, stderr %q", code, errOut)
	}
	trail, err := f.st.Audit(model.User{Role: model.RoleAdmin}, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(trail) == 0 || trail[0].Action != "denied.connect" || trail[0].Actor.User.ID != priya.ID ||
		trail[0].Actor.Fingerprint != gossh.FingerprintSHA256(f.housing.PublicKey()) {
		t.Errorf("the refusal's audit entry: %+v", trail)
	}

	// The police officer's session was left alone.
	if strings.Contains(police.screen.Text(), "disabled") {
		t.Errorf("another user's screen:\n%s", police.screen.Text())
	}
	if out, _, code := sshRun(t, f.addr, f.police, "whoami"); code != 0 || !strings.Contains(out, "Dana Police") {
		t.Errorf("another user: exit %d, %q", code, out)
	}

	if _, err := f.st.EnableUser(model.Operator, priya.ID); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := sshRun(t, f.addr, f.housing, "whoami"); code != 0 || !strings.Contains(out, "Priya Housing") {
		t.Errorf("enabled again: exit %d, %q, %q", code, out, errOut)
	}
}

func TestANewSessionOnARevokedKeysOpenConnectionIsRefused(t *testing.T) {
	// One connection can carry many sessions (OpenSSH's ControlMaster):
	// each is identified afresh.
	f := startServer(t, false)
	dana := userNamed(t, f, "Dana Police")
	c, err := dial(t, f.addr, gossh.PublicKeys(f.police))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	term := openTerminal(t, f.addr, f.police, 80, 24)
	term.screen.WaitFor(t, f.panelP.Title)
	if _, err := f.st.RevokeKey(model.Operator, dana.ID, gossh.FingerprintSHA256(f.police.PublicKey())); err != nil {
		t.Fatal(err)
	}
	ended(t, term, 5*time.Second)
	out, err := sshOutput(c, "whoami")
	if err == nil || strings.Contains(out, "Dana") {
		t.Errorf("a new session on an open connection of a revoked key: %q, %v", out, err)
	}
}

// logSignal is a log handler that signals each record with a given message.
type logSignal struct {
	msg string
	c   chan struct{}
}

func (h logSignal) Enabled(context.Context, slog.Level) bool { return true }
func (h logSignal) Handle(_ context.Context, r slog.Record) error {
	if r.Message == h.msg {
		select {
		case h.c <- struct{}{}:
		default:
		}
	}
	return nil
}
func (h logSignal) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h logSignal) WithGroup(string) slog.Handler      { return h }

func TestSessionsPerUserAreCapped(t *testing.T) {
	untracked := logSignal{msg: "session untracked", c: make(chan struct{}, 16)}
	f := startServer(t, false, func(c *Config) {
		c.MaxSessionsPerUser = 2
		c.Logger = slog.New(untracked)
	})
	first := openTerminal(t, f.addr, f.housing, 80, 24)
	second := openTerminal(t, f.addr, f.housing, 80, 24)
	first.screen.WaitFor(t, f.panelP.Title)
	second.screen.WaitFor(t, f.panelP.Title)

	_, errOut, code := sshRun(t, f.addr, f.housing, "whoami")
	want := "you already have 2 wardpanel sessions open, the most allowed: close one first"
	if code == 0 || strings.TrimSpace(errOut) != want {
		t.Errorf("a third session: exit %d, stderr %q; want %q", code, errOut, want)
	}
	third := openTerminal(t, f.addr, f.housing, 80, 24)
	third.screen.WaitFor(t, want)

	// Another user is not held to Priya's count.
	if _, _, code := sshRun(t, f.addr, f.police, "whoami"); code != 0 {
		t.Errorf("another user: exit %d", code)
	}
	<-untracked.c // the police officer's whoami

	// One goes; there is room again.
	first.close()
	select {
	case <-untracked.c:
	case <-time.After(5 * time.Second):
		t.Fatal("the closed session was not released")
	}
	if out, errOut, code := sshRun(t, f.addr, f.housing, "whoami"); code != 0 || !strings.Contains(out, "Priya Housing") {
		t.Errorf("after one closed: exit %d, %q, %q", code, out, errOut)
	}
}

func TestTheDemoCountsSessionsPerKey(t *testing.T) {
	// Demo visitors share personas: the cap is each visitor's own.
	f := startServer(t, true, func(c *Config) { c.MaxSessionsPerUser = 1 })
	priya := userNamed(t, f, "Priya Housing")
	var visitors []gossh.Signer
	for i := range 3 {
		v := newSigner(t)
		if _, err := f.st.AddKey(model.Operator, priya.ID, model.KeyFrom(v.PublicKey(), fmt.Sprint("visitor ", i))); err != nil {
			t.Fatal(err)
		}
		visitors = append(visitors, v)
	}
	for _, v := range visitors {
		openTerminal(t, f.addr, v, 80, 24).screen.WaitFor(t, f.panelP.Title)
	}
	if _, errOut, code := sshRun(t, f.addr, visitors[0], "whoami"); code == 0 || !strings.Contains(errOut, "already have 1 wardpanel session open") {
		t.Errorf("a visitor's second session: exit %d, %q", code, errOut)
	}
}
