package main

import (
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"wardpanel/cmd/wardpanel/mailer"
	"wardpanel/cmd/wardpanel/mailer/mailtest"
	"wardpanel/model"
	"wardpanel/store"
)

// TestServeMailFlags: serve's e-mail options as an operator types them;
// the password never comes from a flag.
func TestServeMailFlags(t *testing.T) {
	pwFile := filepath.Join(t.TempDir(), "smtp-password")
	if err := os.WriteFile(pwFile, []byte("from the file\nignored\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	base := []string{"--smtp", "mail.example.org:587", "--smtp-from", "wardpanel@example.org", "--smtp-ssh-host", "panel.example.org"}
	for _, tt := range []struct {
		name    string
		args    []string
		env     string // WARDPANEL_SMTP_PASSWORD
		listen  string
		wantErr string // "" for none
		check   func(*mailer.Config) bool
	}{
		{"off", nil, "", "127.0.0.1:23234", "", func(c *mailer.Config) bool { return c == nil }},
		{"from without a server", []string{"--smtp-from", "wardpanel@example.org"}, "", "", "need --smtp", nil},
		{"no port", []string{"--smtp", "mail.example.org", "--smtp-from", "wardpanel@example.org"}, "", "", "HOST:PORT", nil},
		{"bad sender", []string{"--smtp", "mail.example.org:587", "--smtp-from", "Ward Panel"}, "", "", "--smtp-from", nil},
		{"user without a password", append(base, "--smtp-user", "wp"), "", "", passwordEnv, nil},
		{"password from the environment", append(base, "--smtp-user", "wp"), "s3cret", "0.0.0.0:23234", "", func(c *mailer.Config) bool {
			return c.SMTP.Password == "s3cret" && c.SMTP.Username == "wp" && !c.SMTP.Plain && c.Link == "ssh -p 23234 panel.example.org" &&
				c.DigestAt == 7*time.Hour
		}},
		{"password from a file", append(base, "--smtp-user", "wp", "--smtp-password-file", pwFile), "s3cret", "[::]:22", "", func(c *mailer.Config) bool {
			return c.SMTP.Password == "from the file" && c.Link == "ssh panel.example.org"
		}},
		{"digest time", append(base, "--smtp-digest-at", "18:30", "--smtp-plain"), "", "127.0.0.1:2222", "", func(c *mailer.Config) bool {
			return c.DigestAt == 18*time.Hour+30*time.Minute && c.SMTP.Plain
		}},
		{"bad digest time", append(base, "--smtp-digest-at", "25:00"), "", "", "HH:MM", nil},
		{"ssh host with a command in it", []string{"--smtp", "mail.example.org:587", "--smtp-from", "wardpanel@example.org",
			"--smtp-ssh-host", "x; rm -rf ~"}, "", "", "--smtp-ssh-host", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(passwordEnv, tt.env)
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			f := mailFlags(fs)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			cfg, err := f.config(tt.listen)
			switch {
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("error %v, want one saying %q", err, tt.wantErr)
			case tt.wantErr == "" && err != nil:
				t.Errorf("error %v", err)
			case tt.check != nil && !tt.check(cfg):
				t.Errorf("config %+v", cfg)
			}
		})
	}
	// A mistake is a usage error, before anything opens.
	if _, errOut, code := wp("serve", "--smtp-from", "wardpanel@example.org", "--data", t.TempDir()); code != 2 || !strings.Contains(errOut, "need --smtp") {
		t.Errorf("serve --smtp-from alone: exit %d, %q", code, errOut)
	}
}

// TestServeSendsMail: `wardpanel user edit NAME --email ADDR` opts a user
// in; serve with e-mail on sends them the notice of an assignment queued
// before it started and their digest, reports the queue's depth in
// /metrics, and stops cleanly.
func TestServeSendsMail(t *testing.T) {
	dir := t.TempDir()
	raw, err := os.ReadFile("../../store/testdata/schema-v11.db")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, store.FileName), raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := wp("user", "edit", "Lee Grant", "--email", "lee.grant@example.org", "--data", dir); code != 0 {
		t.Fatalf("user edit --email: exit %d, %s", code, errOut)
	}
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	chair, err := st.UserByName("Alex Morgan")
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.Action(chair, 9)
	if err == nil {
		a.Assignee = "Lee Grant"
		_, err = st.UpdateAction(model.Actor{User: chair, Fingerprint: "test"}, a)
	}
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	serverTLS, clientTLS := mailtest.SelfSigned(t)
	ms := mailtest.Start(t, "127.0.0.1:0", mailtest.Options{TLS: serverTLS})
	cfg := &mailer.Config{SMTP: mailer.SMTP{Addr: ms.Addr, From: "wardpanel@example.org", TLS: clientTLS, Hostname: "panel.example.org"},
		Link: "ssh -p 23234 panel.example.org"}
	_, log, stop := startServeWith(t, serveConfig{dir: dir, metrics: "127.0.0.1:0", mail: cfg})
	var subjects []string
	for len(subjects) < 2 {
		select {
		case m := <-ms.Got:
			if m.To != "lee.grant@example.org" || !m.TLS {
				t.Errorf("%q to %q, TLS %v", m.Subject, m.To, m.TLS)
			}
			subjects = append(subjects, m.Subject)
		case <-time.After(15 * time.Second):
			t.Fatalf("mail server got %q; want Lee's notice and digest", subjects)
		}
	}
	if !strings.Contains(strings.Join(subjects, "\n"), "A9 assigned to you") {
		t.Errorf("subjects %q, want A9's notice", subjects)
	}
	m := metricsAddr.FindStringSubmatch(log.String())
	if m == nil {
		t.Fatalf("no metrics address in the log:\n%s", log)
	}
	resp, err := http.Get("http://" + m[1] + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !regexp.MustCompile(`(?m)^wardpanel_mail_queue [0-9]+$`).Match(body) {
		t.Errorf("no wardpanel_mail_queue in /metrics")
	}
	stop()
	if l := log.String(); !strings.Contains(l, "msg=e-mail") || strings.Contains(l, "lee.grant") || strings.Contains(l, "Lee Grant") {
		t.Errorf("log:\n%s", l)
	}
}
