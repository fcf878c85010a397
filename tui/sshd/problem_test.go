package sshd

import (
	"bytes"
	"strings"
	"testing"

	"wardpanel/model"
)

// TestProblemCommandsKeepTheFormsRules: the same permission and version
// rules as the problem form, answered by the store.
func TestProblemCommandsKeepTheFormsRules(t *testing.T) {
	f := startServer(t, false)
	add := func(name, agency string, role model.Role) model.User {
		u, err := f.st.AddUser(model.Operator, model.User{Name: name, Agency: agency, Role: role, Wards: []string{testWard}})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	member := add("Rita Resident", "housing", model.RoleMember)
	observer := add("Olly Observer", "police", model.RoleObserver)
	dana, _ := f.st.UserByName("Dana Police")
	f.expectLines(t, []lineCase{
		{member, "problem new --title Broken streetlight on Mill Lane", 0, "problem P3 added"},
		{member, "problem new --title Dealing behind the shops --stage analysis", 1, "members propose problems at the scanning stage"},
		{member, "problem new --title Dealing behind the shops --visibility police", 1, "members propose problems"},
		{observer, "problem new --title Anything at all", 1, "cannot create problems"},
		{member, "problem edit P3 --priority high", 1, "cannot edit problems"},
		{dana, "problem new --title Hidden from myself --visibility housing", 1, "include your own agency"},
		{dana, "problem new --title Private papers --visibility officers", 1, "only the chair, vice-chair or secretary"},
		{dana, "problem edit P1 --priority high", 0, "problem P1 saved"},
		{dana, "problem edit P1 --priority low --version 1", 1, "changed by Dana Police"},
		{dana, "problem stage P1 sideways --reason because", 2, "unknown SARA stage"},
		{dana, "problem new --title Fly-tipping again --category nonsense", 2, `unknown category "nonsense"`},
		{dana, "problem new --title x", 1, "at least 3 characters"},
		{member, "problem show P2", 1, "no problem P2"},
	})
}

// lineCase is a command line typed by who, the exit status it should end
// with, and what it should say: on standard output when it succeeds, else
// on standard error.
type lineCase struct {
	who  model.User
	line string
	code int
	want string
}

// expectLines runs each case's line, in order, and holds it to its case.
func (f *fixture) expectLines(t *testing.T, cases []lineCase) {
	t.Helper()
	for _, tt := range cases {
		out, errOut, code := f.runLine(tt.who, tt.line)
		got := errOut
		if code == 0 {
			got = out
		}
		if code != tt.code || !strings.Contains(got, tt.want) {
			t.Errorf("%s: %s: exit %d, %q %q; want %d and %q", tt.who.Name, tt.line, code, out, errOut, tt.code, tt.want)
		}
	}
}

// runLine runs a command line as u, split at spaces as OpenSSH sends it,
// and returns its output, its errors and its exit status.
func (f *fixture) runLine(u model.User, line string) (string, string, int) {
	var out, errOut bytes.Buffer
	code := runCommand(&cmdEnv{store: f.st, user: u, fingerprint: "SHA256:test", stdout: &out}, strings.Fields(line), &errOut)
	return out.String(), errOut.String(), code
}
