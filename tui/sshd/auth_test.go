package sshd

import (
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
)

// told is what a refused client was told at authentication: the
// keyboard-interactive instruction, which OpenSSH prints.
type told struct {
	mu    sync.Mutex
	lines []string
}

func (w *told) auth() gossh.AuthMethod {
	return gossh.KeyboardInteractive(func(_, instruction string, questions []string, _ []bool) ([]string, error) {
		w.mu.Lock()
		defer w.mu.Unlock()
		if instruction != "" {
			w.lines = append(w.lines, instruction)
		}
		return make([]string, len(questions)), nil
	})
}

func (w *told) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.Join(w.lines, "\n")
}

// refusal connects as user with signer (nil: no key) over conn, or a new
// connection if conn is nil, and returns what it was told; it fails the
// test if it got in.
func refusal(t testing.TB, addr string, conn net.Conn, user string, signer gossh.Signer) string {
	t.Helper()
	var said told
	cfg := clientConfig(signer)
	cfg.User = user
	cfg.Auth = append(cfg.Auth, said.auth())
	if conn == nil {
		var err error
		if conn, err = net.DialTimeout("tcp", addr, 5*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	defer conn.Close()
	c, _, _, err := gossh.NewClientConn(conn, addr, cfg)
	if err == nil {
		c.Close()
		t.Fatalf("%s with key %v got in", user, signer != nil)
	}
	return said.String()
}

func TestOnlyKeysThatMayComeInAuthenticate(t *testing.T) {
	f := startServer(t, false)
	demo := startServer(t, true)
	tests := []struct {
		name   string
		f      *fixture
		user   string
		signer gossh.Signer
		in     bool   // authenticates
		line   string // else, what it is told
	}{
		{"an enrolled key", f, "anyone", f.police, true, ""},
		{"an unknown key", f, "anyone", f.stranger, false, model.ErrNotEnrolled.Error()},
		{"no key at all", f, "anyone", nil, false, model.ErrNotEnrolled.Error()},
		{"an unknown key as join@", f, joinUser, f.stranger, true, ""},
		{"no key as join@", f, joinUser, nil, false, "join needs an SSH key to enrol: make one with ssh-keygen -t ed25519, then connect again"},
		{"an unknown key in demo mode", demo, "anyone", newSigner(t), true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.in {
				if got := refusal(t, tt.f.addr, nil, tt.user, tt.signer); got != tt.line {
					t.Errorf("told %q, want %q", got, tt.line)
				}
				return
			}
			cfg := clientConfig(tt.signer)
			cfg.User = tt.user
			c, err := gossh.Dial("tcp", tt.f.addr, cfg)
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			c.Close()
		})
	}
}

func TestTheGuidanceIsToldOncePerConnection(t *testing.T) {
	f := startServer(t, false, func(c *Config) { c.UnknownKeyDelay = time.Millisecond })
	// A client that tries keyboard-interactive again and again (OpenSSH
	// does, up to NumberOfPasswordPrompts) hears the line once.
	var said told
	cfg := clientConfig(nil)
	cfg.Auth = []gossh.AuthMethod{gossh.RetryableAuthMethod(said.auth(), 3)}
	if c, err := gossh.Dial("tcp", f.addr, cfg); err == nil {
		c.Close()
		t.Fatal("a client without a key got in")
	}
	if got := said.String(); got != model.ErrNotEnrolled.Error() {
		t.Errorf("told %q, want the line once", got)
	}
}
