package sshd

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
	"wardpanel/store"
)

// An officer restricts a problem to the police and widens it again while
// the housing officer who owns and is assigned its action watches her
// `actions --mine` over real SSH: her action never leaves it, and once
// the problem is wide again the action is exactly as she had it. Her
// status changes, from the terminal's write path and over SSH, are both
// action.status to `audit --action action.status`.
func TestOpenSSHRestrictAndWidenKeepsTheOwnersAction(t *testing.T) {
	f := startServer(t, false)
	o := newOpenSSH(t, f)
	o.enrol(t, f, "Dana Police")
	o.enrol(t, f, "Priya Housing")
	openssh := func(name string, words ...string) (string, int) {
		t.Helper()
		out, _, code := o.run(t, name, "", words...)
		return out, code
	}
	dana, priya := f.user(t, "Dana Police"), f.user(t, "Priya Housing")
	asDana := model.Actor{User: dana, Fingerprint: "SHA256:terminal"}
	p, err := f.st.CreateProblem(asDana, model.Problem{Ward: testWard, Title: "Drug litter in the Elm Court stairwell", Category: "drugs"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := f.st.CreateAction(asDana, model.Action{Ward: testWard, ProblemID: p.ID, Title: "Deep-clean the Elm Court stairwell",
		OwnerAgency: "housing", Assignee: "Priya Housing", Due: time.Now().AddDate(0, 0, 14)})
	if err != nil {
		t.Fatal(err)
	}
	mine := func(stage string) {
		t.Helper()
		out, code := openssh("Priya Housing", "actions", "--mine")
		if code != 0 || !strings.Contains(out, a.Title) {
			t.Fatalf("%s: Priya's actions --mine (exit %d) lacks her action:\n%s", stage, code, out)
		}
		out, code = openssh("Priya Housing", "action", "show", fmt.Sprint(a.ID), "--json")
		var got model.Action
		if code != 0 || json.Unmarshal([]byte(out), &got) != nil || got.Visibility.String() != "panel" {
			t.Fatalf("%s: action show %d (exit %d): %s", stage, a.ID, code, out)
		}
	}
	mine("before")
	p.Visibility = model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}
	if p, err = f.st.UpdateProblem(asDana, p); err != nil {
		t.Fatal(err)
	}
	mine("while the problem is police-only")
	if out, code := openssh("Priya Housing", "board"); code != 0 || strings.Contains(out, p.Title) {
		t.Errorf("Priya's board shows the police-only problem (exit %d):\n%s", code, out)
	}
	p.Visibility = model.Panel
	if _, err = f.st.UpdateProblem(asDana, p); err != nil {
		t.Fatal(err)
	}
	mine("after it is widened again")

	// One status change from the terminal (the chooser's store call, with
	// the version it showed), one over SSH.
	cur, err := f.st.Action(priya, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.ChangeActionStatus(model.Actor{User: priya, Fingerprint: "SHA256:terminal"},
		store.StatusChange{ID: a.ID, Status: model.ActionInProgress, Version: cur.Version}); err != nil {
		t.Fatal(err)
	}
	if out, code := openssh("Priya Housing", "action", "status", fmt.Sprint(a.ID), "blocked"); code != 0 {
		t.Fatalf("action status over SSH (exit %d): %s", code, out)
	}
	out, code := openssh("Dana Police", "audit", "--action", "action.status", "--json")
	var entries []struct {
		Action, Target, Summary, Key string
	}
	if code != 0 || json.Unmarshal([]byte(out), &entries) != nil || len(entries) != 2 {
		t.Fatalf("audit --action action.status (exit %d):\n%s", code, out)
	}
	for _, e := range entries {
		if e.Action != "action.status" || e.Target != fmt.Sprintf("action/%d", a.ID) {
			t.Errorf("entry %+v", e)
		}
	}
	if !strings.Contains(entries[0].Summary, "in-progress→blocked") || !strings.Contains(entries[1].Summary, "open→in-progress") {
		t.Errorf("the entries say %q and %q", entries[0].Summary, entries[1].Summary)
	}
}

// user is the fixture's user of that name.
func (f *fixture) user(t *testing.T, name string) model.User {
	t.Helper()
	u, err := f.st.UserByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
