package sshd

import (
	"os"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
)

// TestBetweenMeetingsREADMEThroughOpenSSH runs every command line of the
// README's "Between meetings" through the real OpenSSH client, as typed
// (without the comment and the redirection), and holds each to its output.
func TestBetweenMeetingsREADMEThroughOpenSSH(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "### Between meetings\n")
	if !ok {
		t.Fatal("README has no Between meetings section")
	}
	section, _, _ = strings.Cut(section, "\n### ")
	var lines [][]string
	for _, l := range strings.Split(section, "\n") {
		rest, ok := strings.CutPrefix(l, "ssh -p 23234 localhost ")
		if !ok {
			continue
		}
		rest, _, _ = strings.Cut(rest, "#")
		rest, _, _ = strings.Cut(rest, ">")
		lines = append(lines, strings.Fields(rest))
	}
	if len(lines) != 5 {
		t.Fatalf("%d command lines in the section, want 5: %q", len(lines), lines)
	}

	f := startServer(t, false)
	o := newOpenSSH(t, f)
	o.enrol(t, f, "Dana Police")
	priya, err := f.st.UserByName("Priya Housing")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateAction(model.Actor{User: priya, Fingerprint: "test"}, model.Action{Ward: testWard,
		ProblemID: f.panelP.ID, Title: "Photograph the dumped mattresses", OwnerAgency: "police", Assignee: "Dana Police",
		Due: model.DateOnly(time.Now()).AddDate(0, 0, 3)}); err != nil {
		t.Fatal(err)
	}
	chair, err := f.st.AddUser(model.Operator, model.User{Name: "Cal Chair", Agency: "housing", Role: model.RoleChair, Wards: []string{testWard}})
	if err != nil {
		t.Fatal(err)
	}
	for i, title := range []string{"Testford panel, autumn", "Testford panel, winter"} {
		if _, err := f.st.CreateMeeting(model.Actor{User: chair, Fingerprint: "test"}, model.Meeting{Ward: testWard, Title: title,
			When: time.Now().AddDate(0, 0, 10+30*i).Truncate(time.Hour), Venue: "Library, Mill Lane"}); err != nil {
			t.Fatal(err)
		}
	}

	want := map[string][]string{
		"inbox":          {"New or changed for you or your agency (1):", "Photograph the dumped mattresses", "Next meeting (1):", "Testford panel, autumn"},
		"inbox --json":   {`"new": [`, `"assignee": "Dana Police"`, `"next_meetings": [`},
		"meetings":       {"2 meetings in " + testWard, "Library, Mill Lane", "Testford panel, winter"},
		"meetings --ics": {"BEGIN:VCALENDAR\r\n", "UID:meeting-1-", "UID:meeting-2-", "LOCATION:Library\\, Mill Lane\r\n"},
		"meeting ics 2":  {"UID:meeting-2-", "SUMMARY:Testford panel\\, winter\r\n", "SEQUENCE:0\r\n"},
	}
	for _, words := range lines {
		typed := strings.Join(words, " ")
		out, errOut, code := o.run(t, "Dana Police", "", words...)
		if code != 0 {
			t.Errorf("ssh … %s: exit %d: %s", typed, code, errOut)
			continue
		}
		w, ok := want[typed]
		if !ok {
			t.Errorf("the README's %q is not checked here", typed)
		}
		for _, s := range w {
			if !strings.Contains(out, s) {
				t.Errorf("ssh … %s lacks %q:\n%s", typed, s, out)
			}
		}
	}
}
