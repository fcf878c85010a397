package sshd

import (
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

func TestShutdownEndsIdleSessionsPromptly(t *testing.T) {
	f := startServer(t, false)
	// An idle terminal, an idle multiplexed connection (a session open
	// and nothing asked of it, as an OpenSSH ControlMaster keeps), and a
	// connection with no session at all.
	term := openTerminal(t, f.addr, f.housing, 80, 24)
	term.screen.WaitFor(t, f.panelP.Title)
	mux, err := dial(t, f.addr, gossh.PublicKeys(f.police))
	if err != nil {
		t.Fatal(err)
	}
	defer mux.Close()
	ch, reqs, err := mux.OpenChannel("session", nil)
	if err != nil {
		t.Fatal(err)
	}
	go gossh.DiscardRequests(reqs)
	defer ch.Close()
	bare, err := dial(t, f.addr, gossh.PublicKeys(f.police))
	if err != nil {
		t.Fatal(err)
	}
	defer bare.Close()

	start := time.Now()
	shut := make(chan time.Duration, 1)
	go func() {
		_ = f.srv.Shutdown(t.Context())
		shut <- time.Since(start)
	}()
	term.screen.WaitFor(t, "the server is stopping")
	for name, c := range map[string]*gossh.Client{"terminal": term.client, "multiplexed": mux, "without a session": bare} {
		done := make(chan struct{})
		go func() { _ = c.Wait(); close(done) }()
		select {
		case <-done:
			t.Logf("the %s connection closed %v after the stop", name, time.Since(start).Round(time.Millisecond))
		case <-time.After(5*time.Second - time.Since(start)):
			t.Errorf("the %s connection is still open %v after the stop", name, time.Since(start).Round(time.Millisecond))
		}
	}
	select {
	case d := <-shut:
		t.Logf("Shutdown returned after %v", d.Round(time.Millisecond))
	case <-time.After(5*time.Second - time.Since(start)):
		t.Error("Shutdown had not returned 5s after the stop")
	}
}
