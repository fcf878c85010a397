package sshd

import (
	"strings"
	"testing"
	"time"

	"wardpanel/model"
)

// TestUserEditOverSSHReachesTheEditedUsersLiveSession: an admin changes a
// user's role through the real OpenSSH client; the user's open screen is
// told to connect again and ends; their next connection has the new role;
// the change is audited; and only admins may make it.
func TestUserEditOverSSHReachesTheEditedUsersLiveSession(t *testing.T) {
	f := startServer(t, false)
	if _, err := f.st.AddUser(model.Operator, model.User{Name: "Ada Admin", Agency: "police", Role: model.RoleAdmin,
		Wards: []string{testWard}}); err != nil {
		t.Fatal(err)
	}
	o := newOpenSSH(t, f)
	o.enrol(t, f, "Ada Admin")
	o.enrol(t, f, "Dana Police")

	live := openTerminal(t, f.addr, f.housing, 80, 24)
	live.screen.WaitFor(t, f.panelP.Title)
	bystander := openTerminal(t, f.addr, f.police, 80, 24)
	bystander.screen.WaitFor(t, f.panelP.Title)

	if _, errOut, code := o.run(t, "Dana Police", "", "user", "edit", "Priya", "Housing", "--role", "member"); code != 1 || !strings.Contains(errOut, "not allowed") {
		t.Errorf("an officer's user edit: exit %d, %q", code, errOut)
	}
	out, errOut, code := o.run(t, "Ada Admin", "", "user", "edit", "Priya", "Housing", "--role", "Member", "--agency", "housing")
	if code != 0 || !strings.Contains(out, "Priya Housing is now member, housing") {
		t.Fatalf("user edit: exit %d, %q, %q", code, out, errOut)
	}
	live.screen.WaitFor(t, "connect again")
	ended(t, live, 5*time.Second)

	if out, _, code := sshRun(t, f.addr, f.housing, "whoami"); code != 0 || !strings.Contains(out, "member, housing") {
		t.Errorf("after the edit whoami = %q, exit %d", out, code)
	}
	if _, _, code := sshRun(t, f.addr, f.police, "whoami"); code != 0 {
		t.Errorf("the bystander's sessions were disturbed: exit %d", code)
	}
	entries, err := f.st.Audit(model.User{Role: model.RoleAdmin, Wards: []string{testWard}}, 5)
	if err != nil || len(entries) == 0 || entries[0].Action != "user.edit" || entries[0].Actor.User.Name != "Ada Admin" ||
		!strings.Contains(entries[0].Summary, "role officer→member") {
		t.Errorf("newest audit entry %+v, %v; want Ada's user.edit", entries, err)
	}
	out, _, code = o.run(t, "Ada Admin", "", "user", "list", "--json")
	if code != 0 || !strings.Contains(out, `"role": "member"`) || strings.Contains(out, "AAAA") {
		t.Errorf("user list --json: exit %d\n%s", code, out)
	}
	for _, tt := range []struct {
		words []string
		code  int
		want  string
	}{
		{[]string{"user", "edit", "Nobody", "--role", "member"}, 1, `no user named "Nobody"`},
		{[]string{"user", "edit", "Priya", "Housing", "--role", "boss"}, 2, `unknown role "boss"`},
		{[]string{"user", "edit", "Priya", "Housing", "--agency", "nope"}, 2, `no such agency`},
		{[]string{"user", "edit", "Priya", "Housing"}, 2, "say what to change"},
		{[]string{"user", "edit", "Ada", "Admin", "--role", "chair"}, 1, "your own role"},
	} {
		if _, errOut, code := o.run(t, "Ada Admin", "", tt.words...); code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tt.words, code, errOut, tt.code, tt.want)
		}
	}
}
