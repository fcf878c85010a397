// Package sshtest is the SSH client end of tests that talk to a running
// server on 127.0.0.1: a connection as a user with a key, and a session
// on it, each closed when the test ends.
package sshtest

import (
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Config is a client's configuration as user with signer (nil: no key),
// taking any host key: the tests' servers make theirs afresh.
func Config(user string, signer gossh.Signer) *gossh.ClientConfig {
	cfg := &gossh.ClientConfig{User: user, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second}
	if signer != nil {
		cfg.Auth = []gossh.AuthMethod{gossh.PublicKeys(signer)}
	}
	return cfg
}

// Dial connects to addr as user with signer, failing t if it cannot; the
// connection is closed when the test ends (closing it before is fine).
func Dial(t testing.TB, addr, user string, signer gossh.Signer) *gossh.Client {
	t.Helper()
	c, err := gossh.Dial("tcp", addr, Config(user, signer))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// Session connects as Dial does and opens a session on the connection.
func Session(t testing.TB, addr, user string, signer gossh.Signer) *gossh.Session {
	t.Helper()
	sess, err := Dial(t, addr, user, signer).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	return sess
}
