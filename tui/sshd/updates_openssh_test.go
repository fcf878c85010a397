package sshd

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
)

// TestUpdateThroughOpenSSH posts updates with the real OpenSSH client as
// people type them: unquoted words, a quoted text with an apostrophe that
// arrives unquoted, and - with the text on standard input; then the
// briefing shows each reader exactly the updates they may see.
func TestUpdateThroughOpenSSH(t *testing.T) {
	f, o, dana, letters, secret := twoActions(t, model.Visibility{})
	a, s := fmt.Sprint("A", letters.ID), fmt.Sprint("A", secret.ID)

	// No meeting planned yet: refused, with the reason.
	if _, errOut, code := o.run(t, "Dana Police", "", "update", a, "Letters", "drafted"); code != 1 || !strings.Contains(errOut, "no meeting") {
		t.Fatalf("with no meeting planned: exit %d, %q", code, errOut)
	}
	sec, err := f.st.AddUser(model.Operator, model.User{Name: "Sue Secretary", Agency: "housing", Role: model.RoleSecretary, Wards: []string{testWard}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := f.st.CreateMeeting(model.Actor{User: sec, Fingerprint: "test"}, model.Meeting{Ward: testWard, Title: "Testford panel, autumn",
		When: time.Now().AddDate(0, 0, 10).Truncate(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, as, stdin string
		words           []string
		code            int
		want            string // in stdout, or stderr when code != 0
	}{
		{"unquoted words", "Dana Police", "", []string{"update", a, "Letters", "went", "to", "14", "businesses;", "two", "replied"}, 0,
			"update posted on " + a + " for M" + fmt.Sprint(m.ID)},
		{"quoted, with an apostrophe", "Dana Police", "", []string{"update", s, "Spoke to the tenant's mother at the flat"}, 0, "update posted on " + s},
		{"standard input", "Dana Police", "Second visit booked\nwith housing.\n", []string{"update", strings.ToLower(a), "-"}, 0, "update posted on " + a},
		{"not the owner agency", "Priya Housing", "", []string{"update", a, "We", "helped"}, 1, "owner agency (police)"},
		{"a restricted action reads as missing", "Priya Housing", "", []string{"update", s, "We", "helped"}, 1, "no action " + model.ActionRef(secret.ID)},
		{"not a priority", "Dana Police", "", []string{"update", fmt.Sprint("P", f.panelP.ID), "Cleared"}, 1, "not one of the ward's priorities"},
		{"no text", "Dana Police", "", []string{"update", a}, 2, "missing the text"},
		{"empty standard input", "Dana Police", "", []string{"update", a, "-"}, 2, "standard input was empty"},
	}
	for _, tc := range tests {
		out, errOut, code := o.run(t, tc.as, tc.stdin, tc.words...)
		got := out
		if tc.code != 0 {
			got = errOut
		}
		if code != tc.code || !strings.Contains(got, tc.want) {
			t.Errorf("%s: ssh … %s: exit %d (want %d)\nstdout: %s\nstderr: %s", tc.name, strings.Join(tc.words, " "), code, tc.code, out, errOut)
		}
	}

	// Every word arrived, in order, the apostrophe too; the standard input kept its lines.
	ups, err := f.st.Updates(dana, m.ID)
	if err != nil || len(ups) != 3 {
		t.Fatalf("updates: %+v, %v", ups, err)
	}
	for i, want := range []string{"Letters went to 14 businesses; two replied", "Spoke to the tenant's mother at the flat", "Second visit booked\nwith housing."} {
		if ups[i].Text != want {
			t.Errorf("update %d is %q, want %q", i+1, ups[i].Text, want)
		}
	}

	// The briefing: Priya sees the update on the panel's action, not the police-only one.
	mref := fmt.Sprint("M", m.ID)
	out, errOut, code := o.run(t, "Priya Housing", "", "briefing", mref)
	if code != 0 || !strings.Contains(out, "# Briefing pack: Testford panel, autumn") || !strings.Contains(out, "Letters went to 14 businesses") ||
		strings.Contains(out, "Visit the flat") || strings.Contains(out, "tenant's mother") {
		t.Errorf("Priya's briefing: exit %d %s\n%s", code, errOut, out)
	}
	out, _, code = o.run(t, "Dana Police", "", "briefing")
	if code != 0 || !strings.Contains(out, "Visit the flat") || !strings.Contains(out, "Spoke to the tenant's mother") {
		t.Errorf("Dana's briefing of her next meeting: exit %d\n%s", code, out)
	}
	// Dana's inbox says what is asked of her, and that it is done.
	out, _, _ = o.run(t, "Dana Police", "", "inbox")
	if !strings.Contains(out, "Updates asked of you for the next meeting") || !strings.Contains(out, a+" ") {
		t.Errorf("Dana's inbox:\n%s", out)
	}
}
