package sshd

import (
	gossh "golang.org/x/crypto/ssh"

	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"wardpanel/model"
)

// heard records what the server tells its Observer.
type heard struct {
	mu     sync.Mutex
	events []string
}

func (h *heard) Refused(r Refusal) { h.add("refused " + string(r)) }
func (h *heard) CommandDone(name string, status int) {
	h.add(fmt.Sprintf("command %s %d", name, status))
}
func (h *heard) add(e string) { h.mu.Lock(); h.events = append(h.events, e); h.mu.Unlock() }
func (h *heard) list() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.events)
}

// TestAdminInvitesOverSSHAndTheObserverCounts: an admin makes an invite
// with `ssh host invite …`, an officer may not; each command is counted
// by its name in the table and its exit status, an unknown key's refusal
// by its reason, and nothing typed reaches the observer.
func TestAdminInvitesOverSSHAndTheObserverCounts(t *testing.T) {
	h := &heard{}
	f := startServer(t, false, func(c *Config) { c.Observer = h })
	admin := newSigner(t)
	if _, err := f.st.AddUser(model.Operator, model.User{Name: "Sam Admin", Agency: "police", Role: model.RoleAdmin,
		Wards: []string{testWard}, Keys: []model.Key{model.KeyFrom(admin.PublicKey(), "")}}); err != nil {
		t.Fatal(err)
	}

	out, errOut, code := sshRun(t, f.addr, admin, `invite --name "Nia Patel" --agency housing --role officer --ward `+testWard+` --expires 2d`)
	if code != 0 || !strings.Contains(out, "Invite 1 for Nia Patel (officer, housing) in "+testWard) {
		t.Fatalf("admin invite: exit %d\n%s%s", code, out, errOut)
	}
	out, _, code = sshRun(t, f.addr, admin, "invite list")
	if code != 0 || !strings.Contains(out, "Nia Patel") || !strings.Contains(out, "open") {
		t.Errorf("invite list: exit %d\n%s", code, out)
	}
	_, errOut, code = sshRun(t, f.addr, f.police, `invite --name "Sly Fox" --agency police --role admin --ward `+testWard)
	if code != 1 || !strings.Contains(errOut, "only an admin") {
		t.Errorf("officer invite: exit %d, %q", code, errOut)
	}
	_, errOut, code = sshRun(t, f.addr, admin, "invite --name Bo --agency housing --role officer")
	if code != 2 || !strings.Contains(errOut, "--ward is required") {
		t.Errorf("invite without a ward: exit %d, %q", code, errOut)
	}
	sshRun(t, f.addr, f.police, "whoami")
	sshRun(t, f.addr, f.police, "Nia-Patel-secret-words")
	if c, err := dial(t, f.addr, gossh.PublicKeys(f.stranger)); err == nil {
		c.Close()
		t.Fatal("a stranger's key authenticated")
	}

	want := []string{"command invite 0", "command invite 0", "command invite 1", "command invite 2",
		"command whoami 0", "command unknown 2", "refused unknown_key"}
	deadline := time.Now().Add(5 * time.Second)
	for !slices.Equal(h.list(), want) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond) // the refusal is counted on the server's goroutine
	}
	if got := h.list(); !slices.Equal(got, want) {
		t.Errorf("observer heard\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}
