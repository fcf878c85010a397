package admincmd_test

import (
	"strings"
	"testing"
	"time"

	"wardpanel/model"
	"wardpanel/store/storetest"
	"wardpanel/tui/admincmd"
	"wardpanel/tui/cli"
)

const ward = "E05000001"

// env is a side as these commands see it: a store open already, and who acts.
type env struct {
	st    admincmd.Store
	actor model.Actor
}

func (e *env) Declare(*cli.Input)                      {}
func (e *env) Open(*cli.Input) (admincmd.Store, error) { return e.st, nil }
func (e *env) Actor() model.Actor                      { return e.actor }
func (e *env) as(u model.User) *env {
	return &env{e.st, model.Actor{User: u, Fingerprint: "SHA256:test"}}
}

// commands are the shared commands as one side lists them.
func commands() cli.Set[*env] {
	cmds := append(admincmd.Users[*env](), admincmd.Invite[*env](), admincmd.InviteList[*env]())
	return cli.Set[*env]{Prog: "wp", Commands: append(cmds, admincmd.Assets[*env]()...)}
}

// The shared register commands, typed by the operator and by people over
// SSH: what each prints or refuses, and the exit status a script reads.
func TestTheRegisterCommandsAsTyped(t *testing.T) {
	st := storetest.Open(t, storetest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)).Now)
	f := storetest.Fixture{T: t, St: st}
	f.Ward(ward, "Northfield")
	f.Agencies(storetest.Codes("police", "housing")...)
	dana := f.User("Dana Police", "police", model.RoleOfficer, ward)
	member := f.User("Rita \x1b[2JResident", "housing", model.RoleMember, ward)
	admin := f.User("Ada Admin", "housing", model.RoleAdmin, ward)
	operator := &env{st: st, actor: model.Operator}

	tests := []struct {
		e        *env
		line     string
		code     int
		want     string // on stdout, or stderr when the code is not 0
		wantNone string
	}{
		{operator, "user list", 0, "Dana Police", "\x1b[2J"},
		{operator, "user list --csv", 0, "name,role,agency,wards,keys,status,e-mail\n", "\x1b"},
		{operator, "user list --json", 0, `"name": "Dana Police"`, ""},
		{operator, "user edit Dana Police --role chair", 0, "Dana Police is now chair, police, in " + ward, ""},
		{operator, "user edit Dana Police", 2, "say what to change", ""},
		{operator, "user edit Nobody Here --role chair", 1, `no user named "Nobody Here"`, ""},
		{operator, "user edit Dana Police --agency fire", 2, `--agency "fire": no such agency`, ""},
		{operator, "user edit Dana Police --add-ward E05000999", 2, "--ward E05000999: no such ward", ""},
		{operator.as(admin), "invite --name Nia_Newcomer --agency housing --role member --ward " + ward, 0, "Invite 1 for Nia Newcomer (member, housing)", ""},
		{operator.as(admin), "invite --name Nia_Newcomer --agency housing --role member --ward " + ward + " --expires forever", 2, "--expires", ""},
		{operator.as(admin), "invite list", 0, "Nia Newcomer", ""},
		{operator.as(member), "invite --name Sly_Someone --agency housing --role chair --ward " + ward, 1, "", "Invite"},
		{operator.as(dana), "assets", 0, "", ""},
		{operator.as(dana), "assets --csv", 0, "id,name,themes,session,visibility\n", ""},
		{operator.as(dana), "assets --ward E05000999", 1, "E05000999", ""},
		{operator.as(dana), "asset edit 7 --name Boxing club", 1, "community asset 7 not found", ""},
		{operator.as(dana), "asset edit 7", 2, "say what to change", ""},
		{operator.as(dana), "asset remove 7", 1, "community asset 7 not found", ""},
	}
	for _, tt := range tests {
		var out, errOut strings.Builder
		words := strings.Fields(tt.line)
		for i, w := range words {
			words[i] = strings.ReplaceAll(w, "_", " ") // one word with spaces, as a quoted name arrives
		}
		code := commands().Run(tt.e, words, cli.IO{Stdout: &out, Stderr: &errOut})
		got := out.String()
		if tt.code != 0 {
			got = errOut.String()
		}
		if code != tt.code || !strings.Contains(got, tt.want) || (tt.wantNone != "" && strings.Contains(out.String()+errOut.String(), tt.wantNone)) {
			t.Errorf("%s: %s: exit %d, %q %q; want %d and %q without %q", tt.e.actor.User.Name, tt.line, code, out.String(), errOut.String(), tt.code, tt.want, tt.wantNone)
		}
	}
}
