package sshd

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
	"wardpanel/tui/sshd/opensshtest"
)

// openSSH runs commands through the real OpenSSH client, as a user types
// them, as one of the fixture's users.
type openSSH struct {
	bin, addr string
	keys      map[string]string // user name → private key file
}

func newOpenSSH(t *testing.T, f *fixture) *openSSH {
	t.Helper()
	return &openSSH{bin: opensshtest.Binary(t), addr: f.addr, keys: map[string]string{}}
}

// enrol gives user name a key of its own and remembers its file.
func (o *openSSH) enrol(t *testing.T, f *fixture, name string) {
	t.Helper()
	file, signer := opensshtest.Key(t)
	u, err := f.st.UserByName(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.AddKey(model.Operator, u.ID, model.KeyFrom(signer.PublicKey(), "openssh")); err != nil {
		t.Fatal(err)
	}
	o.keys[name] = file
}

// run is `ssh -p PORT localhost WORDS…` as name, with stdin.
func (o *openSSH) run(t *testing.T, name, stdin string, words ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := opensshtest.Command(ctx, o.bin, o.addr, o.keys[name], words...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("ssh %q: %v", words, err)
	}
	return out.String(), errOut.String(), code
}

// twoActions starts a server with Dana Police and Priya Housing enrolled
// for the OpenSSH client, and gives Dana's agency two actions due in a
// fortnight: "Write to the businesses" on the panel-wide problem, and
// "Visit the flat" on the police problem, seen as secretVis.
func twoActions(t *testing.T, secretVis model.Visibility) (f *fixture, o *openSSH, dana model.User, letters, secret model.Action) {
	t.Helper()
	f = startServer(t, false)
	o = newOpenSSH(t, f)
	o.enrol(t, f, "Dana Police")
	o.enrol(t, f, "Priya Housing")
	dana, _ = f.st.UserByName("Dana Police")
	by := model.Actor{User: dana, Fingerprint: "test"}
	due := model.DateOnly(time.Now().AddDate(0, 0, 14))
	letters, err := f.st.CreateAction(by, model.Action{Ward: testWard, ProblemID: f.panelP.ID, Title: "Write to the businesses",
		OwnerAgency: "police", Due: due})
	if err != nil {
		t.Fatal(err)
	}
	secret, err = f.st.CreateAction(by, model.Action{Ward: testWard, ProblemID: f.policeP.ID, Title: "Visit the flat",
		OwnerAgency: "police", Due: due, Visibility: secretVis})
	if err != nil {
		t.Fatal(err)
	}
	return f, o, dana, letters, secret
}

// TestREADMECommandLinesThroughOpenSSH runs every SSH command line of the
// README's "Commands without a terminal", as typed, and holds each to its
// output's shape and exit status.
func TestREADMECommandLinesThroughOpenSSH(t *testing.T) {
	f, o, dana, letters, secret := twoActions(t, model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}})

	tests := []struct {
		name  string
		as    string
		stdin string
		words []string
		code  int
		want  []string // in stdout, or in stderr when code != 0
	}{
		{"whoami", "Dana Police", "", []string{"whoami"}, 0, []string{"Dana Police — officer, police"}},
		{"board", "Dana Police", "", []string{"board"}, 0, []string{"VISIBILITY", "P2 ", "police", "Cuckooing on Heron Walk"}},
		{"board --json", "Dana Police", "", []string{"board", "--json"}, 0, []string{`"ward_priority": false`, `"visibility"`}},
		{"board --csv", "Dana Police", "", []string{"board", "--csv"}, 0, []string{"id,priority,ward_priority,stage,review,category,lead,visibility,title,location"}},
		{"help", "Dana Police", "", []string{"help"}, 0, []string{"problem stage ID STAGE", "Exit status: 0 done, 1 refused or not found, 2 bad usage"}},
		{"board --help", "Dana Police", "", []string{"board", "--help"}, 0, []string{"usage: board", "--csv"}},
		{"actions", "Dana Police", "", []string{"actions"}, 0, []string{"VISIBILITY", "A2", "police"}},
		{"actions --mine --overdue", "Dana Police", "", []string{"actions", "--mine", "--overdue"}, 0, []string{"0 actions"}},
		{"actions --agency housing --json", "Dana Police", "", []string{"actions", "--agency", "housing", "--json"}, 0, []string{"[]"}},
		{"actions --csv", "Dana Police", "", []string{"actions", "--csv"}, 0, []string{"id,due,status,owner,assignee,problem,visibility,title", "A2,"}},
		{"action show (restricted)", "Dana Police", "", []string{"action", "show", "A2"}, 0, []string{"A2 Visit the flat [police]"}},
		{"action show hidden", "Priya Housing", "", []string{"action", "show", "2"}, 1, []string{"no action A2"}},
		{"action done, quoted as typed", "Dana Police", "", []string{"action", "done", "1", "--outcome", "Letters sent to 14 businesses", "--result", "engagement"}, 0, []string{"action A1 is done"}},
		{"action status", "Dana Police", "", []string{"action", "status", "2", "blocked"}, 0, []string{"action A2 is now blocked"}},
		{"action done, text on stdin, -x and case", "Dana Police", "Spoke to the landlord\n", []string{"action", "done", "A2", "-outcome", "-", "-result", "ENFORCEMENT"}, 0, []string{"action A2 is done"}},
		{"problem show", "Dana Police", "", []string{"problem", "show", "P2"}, 0, []string{"P2 Cuckooing on Heron Walk [police]", "visible to police"}},
		{"problem new", "Dana Police", "", []string{"problem", "new", "--title", "Graffiti on the underpass", "--location", "Mill Lane underpass", "--category", "ASB", "--visibility", "police,housing"}, 0, []string{"problem P3 added: Graffiti on the underpass [housing,police]"}},
		{"problem edit", "Dana Police", "", []string{"problem", "edit", "P3", "--priority", "high", "--json"}, 0, []string{`"priority": 1`, `"ref": "P3"`}},
		{"an apostrophe, typed in quotes", "Dana Police", "", []string{"problem", "edit", "3", "--location", "Behind the baker's on Mill Lane"}, 0, []string{"problem P3 saved"}},
		{"problem stage", "Dana Police", "", []string{"problem", "stage", "3", "analysis", "--reason", "Repeat calls from residents"}, 0, []string{"problem P3 moved to analysis"}},
		{"problem stage without reason", "Dana Police", "", []string{"problem", "stage", "3", "response"}, 2, []string{"--reason is required"}},
		{"problem hidden", "Priya Housing", "", []string{"problem", "show", "P2"}, 1, []string{"no problem P2"}},
		// Writing the plan between meetings (issue 19).
		{"problem plan", "Dana Police", "", []string{"problem", "plan", "P1", "handler", "Offender", "managers", "--police"}, 0, []string{"plan of P1: handler written, visible to police"}},
		{"problem plan, text on stdin", "Dana Police", "Tipping \"most\" weekends,\nbehind the baker's\n", []string{"problem", "plan", "P1", "statement", "-"}, 0, []string{"statement written, visible to panel"}},
		{"problem note, quoted as typed", "Dana Police", "", []string{"problem", "note", "P1", "Vans seen on Sunday nights"}, 0, []string{"analysis note 1 added"}},
		{"problem respond", "Dana Police", "", []string{"problem", "respond", "P1", "--side", "location", "--action", "A1", "--action", "A1", "Letters", "to", "the", "businesses"}, 0, []string{"response 1 against the location side added, carried out by A1"}},
		{"problem respond, action hidden", "Priya Housing", "", []string{"problem", "respond", "P1", "--side", "offender", "--action", "A2", "Warn the tenant"}, 1, []string{"A2 is not an action on this problem"}},
		{"problem source", "Dana Police", "", []string{"problem", "source", "P1", "resident"}, 0, []string{"came in from resident"}},
		{"problem review, no lead", "Dana Police", "", []string{"problem", "review", "P1", "+4w"}, 1, []string{"the chair or vice-chair sets its review date"}},
		{"board --review", "Dana Police", "", []string{"board", "--review"}, 0, []string{"0 problems past review"}},
		{"unknown flag", "Dana Police", "", []string{"board", "--bogus"}, 2, []string{`unknown flag "--bogus"`}},
		{"bad status", "Dana Police", "", []string{"action", "status", "1", "sideways"}, 2, []string{"unknown status"}},
		{"user list is for admins", "Dana Police", "", []string{"user", "list"}, 1, []string{"not allowed"}},
		{"audit", "Dana Police", "", []string{"audit", "--who", "dana", "--since", "7d"}, 0, []string{"audit entries, newest first", "problem.update"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := o.run(t, tt.as, tt.stdin, tt.words...)
			if code != tt.code {
				t.Fatalf("ssh … %s: exit %d, want %d\nstdout %s\nstderr %s", strings.Join(tt.words, " "), code, tt.code, out, errOut)
			}
			got := out
			if tt.code != 0 {
				got = errOut
				if strings.Count(errOut, "\n") != 1 {
					t.Errorf("stderr is not one line: %q", errOut)
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("ssh … %s: lacks %q:\n%s", strings.Join(tt.words, " "), w, got)
				}
			}
		})
	}
	outs, err := f.st.Outcomes(dana, letters.ID)
	if err != nil || len(outs) != 1 || outs[0].Text != "Letters sent to 14 businesses" || outs[0].Result != "engagement" {
		t.Errorf("the README's action done kept %+v, %v; want the whole text, unquoted", outs, err)
	}
	outs, err = f.st.Outcomes(dana, secret.ID)
	if err != nil || len(outs) != 1 || outs[0].Text != "Spoke to the landlord" || outs[0].Result != "enforcement" {
		t.Errorf("the outcome read from stdin is %+v, %v", outs, err)
	}
	if p, err := f.st.Problem(dana, 3); err != nil || p.Location != "Behind the baker's on Mill Lane" {
		t.Errorf("location %q, %v; want the apostrophe kept", p.Location, err)
	}
	if plan, err := f.st.Plan(dana, f.panelP.ID); err != nil || plan.Text(model.FieldStatement) != "Tipping \"most\" weekends,\nbehind the baker's" {
		t.Errorf("the statement read from stdin is %q, %v", plan.Text(model.FieldStatement), err)
	}
	out, _, _ := o.run(t, "Dana Police", "", "board", "--csv")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 4 {
		t.Errorf("board --csv: %d rows, %v:\n%s", len(rows), err, out)
	}
	out, _, _ = o.run(t, "Dana Police", "", "board", "--json")
	var board struct {
		Problems []struct {
			Ref        string           `json:"ref"`
			Visibility model.Visibility `json:"visibility"`
		} `json:"problems"`
	}
	if err := json.Unmarshal([]byte(out), &board); err != nil || len(board.Problems) != 3 {
		t.Errorf("board --json: %v\n%s", err, out)
	}
}
