package sshd

import (
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
	"wardpanel/tui/termtest"
)

// publicReaders publishes the fixture's ward and opens n public@ screens
// on its summary, each with a key of its own, left open for the benchmark.
func (f *fixture) publicReaders(b *testing.B, n int) {
	b.Helper()
	if n == 0 {
		return
	}
	chair, err := f.st.AddUser(model.Operator, model.User{Name: "Bench Chair", Agency: "police", Role: model.RoleChair, Wards: []string{testWard}})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := f.st.PublishSummary(model.Actor{User: chair, Fingerprint: "bench"}, testWard); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < n; i++ {
		c, err := gossh.Dial("tcp", f.addr, &gossh.ClientConfig{User: publicUser, Auth: []gossh.AuthMethod{gossh.PublicKeys(newSigner(b))},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { c.Close() })
		sess, err := c.NewSession()
		if err != nil {
			b.Fatal(err)
		}
		scr := termtest.NewScreen(80, 24)
		b.Cleanup(func() { scr.Close() })
		sess.Stdout = scr
		in, err := sess.StdinPipe()
		if err == nil {
			err = sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{})
		}
		if err == nil {
			err = sess.Shell()
		}
		if err != nil {
			b.Fatal(err)
		}
		scr.WaitFor(b, "Choose a ward")
		_, _ = in.Write([]byte("\r"))
		scr.WaitFor(b, "Your priorities now")
	}
}
