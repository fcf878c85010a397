package mailer

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"wardpanel/cmd/wardpanel/mailer/mailtest"
	"wardpanel/model"
	"wardpanel/store"
)

const (
	smtpUser     = "wardpanel"
	smtpPassword = "correct horse"
)

// openDemo opens a copy of the demo ward the schema-11 release wrote
// (store/testdata), migrated to today's schema.
func openDemo(t *testing.T, dir string) *store.Store {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); os.IsNotExist(err) {
		raw, err := os.ReadFile("../../../store/testdata/schema-v11.db")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, store.FileName), raw, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// attempts collects the mailer's report of each attempt.
type attempts struct {
	c chan attempt
}

type attempt struct {
	m   model.Mail
	err error
}

// hook never blocks the mailer: while the mail server is down it fails
// every few milliseconds, and the test reads only some of the reports.
func (a attempts) hook(m model.Mail, err error) {
	select {
	case a.c <- attempt{m, err}:
	default:
	}
}

// drain forgets the reports read so far.
func (a attempts) drain() {
	for {
		select {
		case <-a.c:
		default:
			return
		}
	}
}

// run starts a mailer on st; the returned stop cancels it and waits.
func run(t *testing.T, st *store.Store, cfg Config) (stop func()) {
	t.Helper()
	m, err := New(st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); m.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the mailer did not stop within 10 s")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

const bound = 15 * time.Second // generous for -race on a loaded machine; nothing waits it out

// TestMailEndToEnd: with a real mail server on 127.0.0.1 (STARTTLS, AUTH
// PLAIN), an assignment made while the server is up reaches its assignee
// as a notice, and their daily digest arrives, naming nothing they may not
// see. With the mail server down, writes go on at once and the notice
// waits in the outbox, retried; across a restart of the store and the
// mailer, it arrives once the server is back, and the queue empties.
// The log names no address and no person.
func TestMailEndToEnd(t *testing.T) {
	dir := t.TempDir()
	st := openDemo(t, dir)
	serverTLS, clientTLS := mailtest.SelfSigned(t)
	opts := mailtest.Options{TLS: serverTLS, User: smtpUser, Password: smtpPassword}
	up := mailtest.Start(t, "127.0.0.1:0", opts)
	// Only the mailers write the log, one at a time, and it is read once
	// the last has stopped: a plain buffer will do.
	var logs bytes.Buffer
	att := attempts{make(chan attempt, 64)}
	cfg := Config{
		SMTP: SMTP{Addr: up.Addr, From: "wardpanel@example.org", Username: smtpUser, Password: smtpPassword,
			TLS: clientTLS, Hostname: "panel.example.org"},
		Link:      "ssh -p 23234 panel.example.org",
		DigestAt:  0, // the day's digests are due at once
		Backoff:   func(int) time.Duration { return 10 * time.Millisecond },
		Log:       slog.New(slog.NewTextHandler(&logs, nil)),
		Attempted: att.hook,
	}

	user := func(name string) model.User {
		u, err := st.UserByName(name)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	lee, alex := user("Lee Grant"), user("Alex Morgan")
	addr := "lee.grant@example.org"
	if _, err := st.EditUser(model.Operator, lee.ID, store.UserChange{Email: &addr}); err != nil {
		t.Fatal(err)
	}
	byChair := model.Actor{User: alex, Fingerprint: "test"}
	assign := func(st *store.Store, id model.ID) {
		t.Helper()
		a, err := st.Action(alex, id)
		if err != nil {
			t.Fatal(err)
		}
		a.Assignee = "Lee Grant"
		start := time.Now()
		if _, err := st.UpdateAction(byChair, a); err != nil {
			t.Fatalf("assign A%d: %v", id, err)
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("assigning A%d took %v: a write must not wait for mail", id, took)
		}
	}

	// Up: A9 assigned to Lee, then the mailer starts: the notice and the
	// day's digest go out.
	assign(st, 9)
	stop := run(t, st, cfg)
	msgs := map[string]mailtest.Message{}
	for len(msgs) < 2 {
		select {
		case r := <-up.Got:
			msgs[r.Subject] = r
		case <-time.After(bound):
			t.Fatalf("after %v the mail server has %d messages, want the notice and the digest", bound, len(msgs))
		}
	}
	var notice, digest mailtest.Message
	for subject, r := range msgs {
		switch {
		case strings.Contains(subject, "A9 assigned to you"):
			notice = r
		case strings.HasPrefix(subject, "Ward panel: ") && strings.Contains(subject, " for you, "):
			digest = r
		}
		if r.From != "wardpanel@example.org" || r.To != addr || !r.TLS || r.Header.Get("To") != "<"+addr+">" ||
			r.Header.Get("Auto-Submitted") != "auto-generated" {
			t.Errorf("%q: from %q to %q (header %q), TLS %v", subject, r.From, r.To, r.Header.Get("To"), r.TLS)
		}
	}
	if notice.Header == nil || digest.Header == nil {
		t.Fatalf("want a notice about A9 and a digest; got %v", keys(msgs))
	}
	if !strings.Contains(notice.Body, "ssh -p 23234 panel.example.org action show A9") {
		t.Errorf("the notice has no ssh command to open A9:\n%s", notice.Body)
	}
	if !strings.Contains(digest.Body, "A9 Consult residents on gating the alleyway") ||
		!strings.Contains(digest.Body, "ssh -p 23234 panel.example.org inbox") {
		t.Errorf("the digest does not list A9 or say how to open the inbox:\n%s", digest.Body)
	}
	// Lee, of the council, may not see the police's and housing's restricted actions.
	for _, hidden := range []string{"Joint safeguarding visit", "Plain-clothes patrols", "closure order"} {
		for _, r := range msgs {
			if strings.Contains(r.Body, hidden) {
				t.Errorf("a message to Lee names %q, restricted to other agencies", hidden)
			}
		}
	}
	waitOutbox(t, st, att, 0)

	// Down: writes go on; the notice for A14 is queued and retried.
	up.Close()
	assign(st, 14)
	for {
		select {
		case a := <-att.c:
			if a.m.ActionID != 14 {
				continue
			}
			if a.err == nil {
				t.Fatal("A14's notice was sent with the mail server down")
			}
		case <-time.After(bound):
			t.Fatal("no attempt at A14's notice")
		}
		break
	}
	for _, id := range []model.ID{18, 12} { // more writes while mail is down
		a, err := st.Action(alex, id)
		if err != nil {
			t.Fatal(err)
		}
		a.Title += " (reviewed)"
		if _, err := st.UpdateAction(byChair, a); err != nil {
			t.Errorf("a write with the mail server down: %v", err)
		}
	}
	stop()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	// Restart: the store reopened, the mail server back on its address, a
	// new mailer: A14's notice arrives, and no second digest for the day.
	st = openDemo(t, dir)
	defer st.Close()
	if n, err := st.OutboxLen(); err != nil || n != 1 {
		t.Fatalf("outbox after the restart: %d, %v; want A14's notice", n, err)
	}
	att.drain()
	back := mailtest.Start(t, up.Addr, opts)
	stop = run(t, st, cfg)
	select {
	case r := <-back.Got:
		if !strings.Contains(r.Subject, "A14 assigned to you") || r.To != addr {
			t.Errorf("after the restart: %q to %q, want A14's notice to Lee", r.Subject, r.To)
		}
	case <-time.After(bound):
		t.Fatal("A14's notice did not arrive after the restart")
	}
	waitOutbox(t, st, att, 0)
	select {
	case r := <-back.Got:
		t.Errorf("an extra message after the restart: %q", r.Subject)
	default:
	}

	stop()
	if l := logs.String(); strings.Contains(l, "@") || strings.Contains(l, "Lee") || strings.Contains(l, "Grant") {
		t.Errorf("the log names an address or a person:\n%s", l)
	}
	if !strings.Contains(logs.String(), "will retry") {
		t.Errorf("the failed send was not logged:\n%s", logs.String())
	}
}

// waitOutbox waits until the outbox holds want. Each attempt is reported
// after its outcome is written, so the count is looked at once per report,
// not polled.
func waitOutbox(t *testing.T, st *store.Store, att attempts, want int) {
	t.Helper()
	deadline := time.After(bound)
	for {
		n, err := st.OutboxLen()
		if err != nil {
			t.Fatal(err)
		}
		if n == want {
			return
		}
		select {
		case <-deadline:
			t.Fatalf("outbox holds %d, want %d", n, want)
		case <-att.c:
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
