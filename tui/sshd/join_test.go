package sshd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
	"wardpanel/tui/sshd/sshtest"
	"wardpanel/tui/termtest"
)

// waits records join's delays instead of sitting them out, so tests see
// how long each would be without sleeping.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) wait(_ context.Context, d time.Duration) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.d = append(w.d, d)
	return nil
}

func (w *waits) take() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	d := w.d
	w.d = nil
	return d
}

// tinyJoinPolicy installs a policy with millisecond delays whose waits are
// recorded. Call it before startServer: servers read it at their first join.
func tinyJoinPolicy(t *testing.T, lockAfter int) *waits {
	t.Helper()
	w := &waits{}
	old := joinPolicy
	joinPolicy = joinLimits{first: time.Millisecond, max: time.Second, tries: 3, lockAfter: lockAfter,
		window: time.Hour, addresses: 64, wait: w.wait}
	t.Cleanup(func() { joinPolicy = old })
	return w
}

// openJoin connects as join@ with a PTY, as a newcomer would.
func openJoin(t *testing.T, addr string, signer gossh.Signer) *terminal {
	t.Helper()
	c, err := gossh.Dial("tcp", addr, sshtest.Config("join", signer))
	if err != nil {
		t.Fatal(err)
	}
	sess, err := c.NewSession()
	if err != nil {
		c.Close()
		t.Fatal(err)
	}
	scr := termtest.NewScreen(100, 24)
	term := &terminal{client: c, sess: sess, screen: scr}
	t.Cleanup(term.close)
	sess.Stdout, sess.Stderr = scr, scr
	if term.in, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 24, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	return term
}

func (h *terminal) typeLine(t *testing.T, s string) {
	t.Helper()
	if _, err := h.in.Write([]byte(s + "\r")); err != nil {
		t.Fatal(err)
	}
}

// waitCount waits until want is on the screen n times.
func (h *terminal) waitCount(t *testing.T, want string, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		mark := h.screen.Mark()
		if strings.Count(h.screen.Text(), want) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %q ×%d; the screen shows:\n%s", want, n, h.screen.Text())
		}
		h.screen.WaitForMore(t, mark, time.Until(deadline))
	}
}

// exit waits for the session to end and returns its exit status.
func (h *terminal) exit(t *testing.T) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- h.sess.Wait() }()
	select {
	case err := <-done:
		var exit *gossh.ExitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &exit):
			return exit.ExitStatus()
		}
		t.Fatalf("session ended without a status: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatalf("the session did not end; the screen shows:\n%s", h.screen.Text())
	}
	return -1
}

const prompt = "Type your invite code:"

func (f *fixture) invite(t *testing.T, name string) string {
	t.Helper()
	_, code, err := f.st.CreateInvite(model.Operator, model.Invite{Name: name, Agency: "housing", Role: model.RoleOfficer, Wards: []string{testWard}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// adminTrail is the whole audit trail as an admin reads it, oldest first.
func (f *fixture) adminTrail(t *testing.T) []model.AuditEntry {
	t.Helper()
	trail, err := f.st.Audit(model.User{Role: model.RoleAdmin, Wards: []string{testWard}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(trail)
	return trail
}

func TestJoinEnrolsAKeyWithAnInviteCode(t *testing.T) {
	tinyJoinPolicy(t, 20)
	f := startServer(t, false)
	code := f.invite(t, "Nia Newcomer")
	nia := newSigner(t)
	fp := gossh.FingerprintSHA256(nia.PublicKey())
	_, port, _ := net.SplitHostPort(f.addr)

	term := openJoin(t, f.addr, nia)
	term.screen.WaitFor(t, prompt)
	if !strings.Contains(term.screen.Text(), fp) {
		t.Errorf("the prompt does not say which key is being enrolled:\n%s", term.screen.Text())
	}
	// An arrow key, a typo rubbed out, lower case and spaces: still the code.
	typed := "\x1b[Azz\x7f\x7f" + strings.ToLower(strings.ReplaceAll(code, "-", " "))
	term.typeLine(t, typed)
	welcome := fmt.Sprintf("Welcome, Nia Newcomer. Your key is enrolled: connect with ssh -p %s 127.0.0.1 from now on.", port)
	term.screen.WaitFor(t, welcome)
	if status := term.exit(t); status != 0 {
		t.Errorf("exit status %d after enrolling, want 0", status)
	}

	// From now on the key is Nia's: the board over a terminal, and commands.
	scr, _ := openTUI(t, f.addr, nia)
	scr.WaitFor(t, "Nia Newcomer")
	scr.WaitFor(t, f.panelP.Title)
	if strings.Contains(scr.Text(), f.policeP.Title) {
		t.Errorf("a housing officer's board shows a police-only problem:\n%s", scr.Text())
	}
	if out, errOut, status := sshRun(t, f.addr, nia, "whoami"); status != 0 || !strings.Contains(out, "Nia Newcomer — officer, housing") {
		t.Errorf("whoami after joining: %q, %q, %d", out, errOut, status)
	}

	// The code is spent: a second newcomer with it is refused, and audited.
	second := newSigner(t)
	again := openJoin(t, f.addr, second)
	again.screen.WaitFor(t, prompt)
	again.typeLine(t, code)
	again.screen.WaitFor(t, unusableCode)
	again.waitCount(t, prompt, 2)
	if _, err := f.st.UserByKey(gossh.FingerprintSHA256(second.PublicKey())); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("the second key was enrolled: %v", err)
	}

	// Joining again with an enrolled key says who it already is.
	back := openJoin(t, f.addr, nia)
	back.screen.WaitFor(t, "This key is already enrolled as Nia Newcomer (officer, housing).")
	back.screen.WaitFor(t, fmt.Sprintf("Connect with ssh -p %s 127.0.0.1.", port))
	if status := back.exit(t); status != 1 || strings.Contains(back.screen.Text(), prompt) {
		t.Errorf("an enrolled key at join: status %d, screen:\n%s", status, back.screen.Text())
	}

	// The trail: the enrolment, by Nia with her key, and the refusal, by
	// the second key alone; the code is in neither.
	var redeemed, denied []model.AuditEntry
	for _, e := range f.adminTrail(t) {
		switch e.Action {
		case "invite.redeem":
			redeemed = append(redeemed, e)
		case "denied.invite.redeem":
			denied = append(denied, e)
		}
		if text := e.Summary + e.Target; strings.Contains(text, code) || strings.Contains(text, model.NormalizeInviteCode(code)) {
			t.Errorf("audit entry %d holds the code: %+v", e.Seq, e)
		}
	}
	if len(redeemed) != 1 || redeemed[0].Actor.User.Name != "Nia Newcomer" || redeemed[0].Actor.Fingerprint != fp {
		t.Errorf("enrolment entries %+v", redeemed)
	}
	if len(denied) != 1 || denied[0].Actor.User.ID != 0 || denied[0].Actor.Fingerprint != gossh.FingerprintSHA256(second.PublicKey()) ||
		!strings.Contains(denied[0].Summary, "already been used") {
		t.Errorf("refusal entries %+v", denied)
	}
}

func TestJoinNeedsATerminal(t *testing.T) {
	tinyJoinPolicy(t, 20)
	f := startServer(t, false)
	code := f.invite(t, "Nia Newcomer")
	newcomer := newSigner(t)
	_, port, _ := net.SplitHostPort(f.addr)
	for _, cmd := range []string{"", "whoami", code} {
		t.Run(fmt.Sprintf("command %q", cmd), func(t *testing.T) {
			sess := sshtest.Session(t, f.addr, "join", newcomer)
			var out, errOut bytes.Buffer
			sess.Stdout, sess.Stderr = &out, &errOut
			var err error
			if cmd == "" {
				if err := sess.Shell(); err != nil {
					t.Fatal(err)
				}
				err = sess.Wait()
			} else {
				err = sess.Run(cmd)
			}
			var exit *gossh.ExitError
			want := fmt.Sprintf("join needs a terminal to type your invite code in: run ssh -t -p %s join@127.0.0.1\n", port)
			if !errors.As(err, &exit) || exit.ExitStatus() != 1 || out.Len() != 0 || strings.TrimRight(errOut.String(), "\r") != want {
				t.Errorf("exit %v, stdout %q, stderr %q; want status 1 and %q", err, out.String(), errOut.String(), want)
			}
		})
	}
	if _, err := f.st.UserByKey(gossh.FingerprintSHA256(newcomer.PublicKey())); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("a code given as a command enrolled the key: %v", err)
	}
}

func TestJoinWrongCodesAreSlowedLockedOutAndAudited(t *testing.T) {
	const lockAfter = 5
	w := tinyJoinPolicy(t, lockAfter)
	f := startServer(t, false)
	code := f.invite(t, "Nia Newcomer")
	ms := time.Millisecond
	wrong := []string{"2222-2222-22", "not a code at all", "ZZZZ ZZZZ ZZ"}

	// One connection: each wrong code waits longer, and the third ends it.
	first := newSigner(t)
	term := openJoin(t, f.addr, first)
	term.screen.WaitFor(t, prompt)
	for i, c := range wrong {
		term.typeLine(t, c)
		term.waitCount(t, unusableCode, i+1)
		if i < len(wrong)-1 {
			term.waitCount(t, prompt, i+2)
		}
	}
	term.screen.WaitFor(t, "Too many wrong codes.")
	if status := term.exit(t); status != 1 {
		t.Errorf("status %d after three wrong codes, want 1", status)
	}
	if got := w.take(); !slices.Equal(got, []time.Duration{ms, 2 * ms, 4 * ms}) {
		t.Errorf("delays %v on the first connection, want 1ms, 2ms, 4ms", got)
	}

	// A new connection from the same address waits before it may try, and
	// its wrong codes wait longer still, until the address is locked out.
	second := newSigner(t)
	term = openJoin(t, f.addr, second)
	term.screen.WaitFor(t, prompt)
	term.typeLine(t, wrong[0])
	term.waitCount(t, prompt, 2)
	term.typeLine(t, wrong[1])
	term.screen.WaitFor(t, "Too many wrong codes.")
	if status := term.exit(t); status != 1 {
		t.Errorf("status %d at the lockout, want 1", status)
	}
	if got := w.take(); !slices.Equal(got, []time.Duration{4 * ms, 8 * ms, 16 * ms}) {
		t.Errorf("delays %v on the second connection, want 4ms first, then 8ms, 16ms", got)
	}

	// Locked out: not even asked, so not even the right code gets in.
	third := newSigner(t)
	term = openJoin(t, f.addr, third)
	term.screen.WaitFor(t, "Too many wrong invite codes from your address: try again later.")
	if status := term.exit(t); status != 1 || strings.Contains(term.screen.Text(), prompt) {
		t.Errorf("locked-out address: status %d, screen:\n%s", status, term.screen.Text())
	}
	if got := w.take(); len(got) != 0 {
		t.Errorf("a refused connection waited %v", got)
	}
	if _, err := f.st.RedeemInvite(code, model.KeyFrom(third.PublicKey(), "")); err != nil {
		t.Errorf("the invite did not survive the guessing: %v", err)
	}

	// Every wrong code is in the trail, by the key that typed it, and none
	// of what was typed is.
	var denied []model.AuditEntry
	for _, e := range f.adminTrail(t) {
		if e.Action == "denied.invite.redeem" {
			denied = append(denied, e)
		}
		for _, c := range append(wrong, code) {
			if strings.Contains(e.Summary, c) || strings.Contains(e.Summary, model.NormalizeInviteCode(c)) {
				t.Errorf("audit entry %d holds typed text %q: %s", e.Seq, c, e.Summary)
			}
		}
	}
	keys := []gossh.Signer{first, first, first, second, second}
	if len(denied) != len(keys) {
		t.Fatalf("%d refusals audited, want %d: %+v", len(denied), len(keys), denied)
	}
	for i, e := range denied {
		if e.Actor.Fingerprint != gossh.FingerprintSHA256(keys[i].PublicKey()) || e.Actor.User.ID != 0 || e.Actor.User.Name != "" ||
			!strings.Contains(e.Summary, "not a valid invite code") || !strings.Contains(e.Summary, fmt.Sprintf("%d lately from 127.0.0.1", i+1)) {
			t.Errorf("refusal %d: %+v", i+1, e)
		}
	}
}

func TestJoinDelaysAndAddressMemory(t *testing.T) {
	lim := joinLimits{first: time.Second, max: time.Minute, lockAfter: 3, window: time.Hour, addresses: 2}
	var got []time.Duration
	for n := 1; n <= 8; n++ {
		got = append(got, lim.delay(n))
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 32 * time.Second, time.Minute, time.Minute}
	if !slices.Equal(got, want) {
		t.Errorf("delays %v, want %v", got, want)
	}

	g := &addrGuard{lim: lim, m: map[string]*addrEntry{}}
	for _, a := range []string{"192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.3"} {
		g.fail(a)
	}
	if len(g.m) > lim.addresses || g.m["192.0.2.3"] == nil || g.m["192.0.2.3"].failures != 2 {
		t.Errorf("after failures from three addresses, remembering two: %v", g.m)
	}
	g.fail("192.0.2.3")
	if _, _, err := g.take(context.Background(), "192.0.2.3"); !errors.Is(err, errAddrLocked) {
		t.Errorf("an address with %d failures was let in: %v", lim.lockAfter, err)
	}
	g.m["192.0.2.3"].last = time.Now().Add(-2 * lim.window)
	n, release, err := g.take(context.Background(), "192.0.2.3")
	if err != nil || n != 0 {
		t.Fatalf("an address quiet for longer than the window: %d failures, %v", n, err)
	}
	// One turn at a time per address.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, _, err := g.take(ctx, "192.0.2.3"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a second turn while the first is held: %v", err)
	}
	release()

	tests := []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.ParseIP("192.0.2.7"), Port: 5000}, "192.0.2.7"},
		{&net.TCPAddr{IP: net.ParseIP("::ffff:192.0.2.7"), Port: 5000}, "192.0.2.7"},
		{&net.TCPAddr{IP: net.ParseIP("2001:db8:1:2:3:4:5:6"), Port: 5000}, "2001:db8:1:2::/64"},
		{&net.TCPAddr{IP: net.ParseIP("2001:db8:1:2:ffff::1"), Port: 6000}, "2001:db8:1:2::/64"},
	}
	for _, tt := range tests {
		if got := addrKey(tt.addr); got != tt.want {
			t.Errorf("addrKey(%v) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}
