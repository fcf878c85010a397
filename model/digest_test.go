package model

import (
	"strings"
	"testing"
	"time"
)

// mailFixture is one ward's records at every visibility, each titled with
// a marker the tests look for in the messages.
func mailFixture(now time.Time) ([]Action, []Problem, []Meeting) {
	police := Visibility{Kind: VisAgencies, Agencies: []string{"police"}}
	housing := Visibility{Kind: VisAgencies, Agencies: []string{"housing"}}
	officers := Visibility{Kind: VisOfficers}
	recent := now.Add(-time.Hour)
	act := func(id ID, title string, v, parent Visibility) Action {
		// Owned by an agency nobody here is in, so only visibility decides.
		return Action{ID: id, Ward: ward, Title: title, OwnerAgency: "fire", Due: DateOnly(now).AddDate(0, 0, 3),
			Status: ActionOpen, Visibility: v, Parent: parent, UpdatedAt: recent, UpdatedBy: "Fay Fire"}
	}
	actions := []Action{
		act(1, "PANEL-A", Panel, Visibility{}),
		act(2, "POLICE-A", police, Visibility{}),
		act(3, "OFFICERS-A", officers, Visibility{}),
		act(4, "UNDER-HOUSING-PROBLEM-A", Panel, housing),
	}
	problems := []Problem{
		{ID: 1, Ward: ward, Title: "POLICE-P", LeadAgency: "police", Visibility: police, UpdatedAt: recent, UpdatedBy: "Fay Fire"},
		{ID: 2, Ward: ward, Title: "OFFICERS-P", LeadAgency: "police", Visibility: officers, UpdatedAt: recent, UpdatedBy: "Fay Fire"},
	}
	meetings := []Meeting{
		{ID: 1, Ward: ward, Title: "PANEL-M", When: now.AddDate(0, 0, 5), State: MeetingPlanned},
		{ID: 2, Ward: "E05000002", Title: "OTHER-WARD-M", When: now.AddDate(0, 0, 5), State: MeetingPlanned},
	}
	return actions, problems, meetings
}

// TestDigestPerRole checks the digest against the brief's matrix (section
// 2), written out per role rather than computed, and given every record in
// every section: whatever a caller passes, a reader's digest names only
// what they may see.
func TestDigestPerRole(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	actions, problems, meetings := mailFixture(now)
	everything := Inbox{InboxOf[Action, Problem, Problem, Meeting, AskedUpdate]{New: actions, Overdue: actions, DueSoon: actions, Changed: problems, Meetings: meetings}}
	markers := []string{"PANEL-A", "POLICE-A", "OFFICERS-A", "UNDER-HOUSING-PROBLEM-A", "POLICE-P", "OFFICERS-P", "PANEL-M", "OTHER-WARD-M"}
	otherWard := user(RoleOfficer, "police")
	otherWard.Wards = []string{"E05000002"}
	for _, tt := range []struct {
		name string
		u    User
		sees string // the markers the reader may see, in markers' order
	}{
		{"chair", user(RoleChair, "residents"), "PANEL-A OFFICERS-A OFFICERS-P PANEL-M"},
		{"vice-chair", user(RoleViceChair, "council"), "PANEL-A OFFICERS-A OFFICERS-P PANEL-M"},
		{"secretary", user(RoleSecretary, "council"), "PANEL-A OFFICERS-A OFFICERS-P PANEL-M"},
		{"police officer", user(RoleOfficer, "police"), "PANEL-A POLICE-A POLICE-P PANEL-M"},
		{"housing officer", user(RoleOfficer, "housing"), "PANEL-A UNDER-HOUSING-PROBLEM-A PANEL-M"},
		{"member", user(RoleMember, "residents"), "PANEL-A PANEL-M"},
		{"observer", user(RoleObserver, "residents"), "PANEL-A PANEL-M"},
		{"admin", user(RoleAdmin, "council"), "PANEL-A PANEL-M"},
		{"police officer of another ward", otherWard, "OTHER-WARD-M"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, b := range []struct {
				how string
				in  Inbox
			}{
				{"given everything", everything},
				{"as BuildInbox sorts it", BuildInbox(tt.u, actions, problems, meetings, now.Add(-InboxWindow), now)},
			} {
				msg, ok := DigestMail(tt.u, b.in, "ssh -p 23234 panel.example.org", now)
				if !ok {
					t.Fatalf("%s: no digest", b.how)
				}
				text := msg.Subject + "\n" + msg.Body
				var got []string
				for _, m := range markers {
					if strings.Contains(text, m) {
						got = append(got, m)
					}
				}
				if b.how == "given everything" && strings.Join(got, " ") != tt.sees {
					t.Errorf("%s: the digest names %q, want %q", b.how, got, tt.sees)
				}
				for _, m := range got {
					if !strings.Contains(" "+tt.sees+" ", " "+m+" ") {
						t.Errorf("%s: the digest names %s, which %s may not see", b.how, m, tt.name)
					}
				}
				if !strings.Contains(msg.Body, "ssh -p 23234 panel.example.org inbox") {
					t.Errorf("%s: no ssh command to open the inbox:\n%s", b.how, msg.Body)
				}
			}
		})
	}
	if _, ok := DigestMail(user(RoleMember, "residents"), Inbox{}, "ssh host", now); ok {
		t.Error("an empty inbox makes a digest; want none sent")
	}
}

// TestNoticePerReader: a notice goes only to the action's assignee, who may
// always see it (the brief: no record is hidden from its assignee), and
// never to anyone else, whatever their role, nor to an assignee in
// another ward, nor about a closed action.
func TestNoticePerReader(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	actions, _, _ := mailFixture(now)
	readers := []User{user(RoleChair, "residents"), user(RoleSecretary, "council"), user(RoleOfficer, "police"),
		user(RoleOfficer, "housing"), user(RoleMember, "residents"), user(RoleObserver, "residents"), user(RoleAdmin, "council")}
	for _, a := range actions {
		for _, assignee := range readers {
			a := a
			a.Assignee = assignee.Name
			for _, u := range readers {
				msg, ok := NoticeMail(u, a, "ssh -p 23234 panel.example.org")
				if want := u.Name == assignee.Name; ok != want {
					t.Errorf("%s assigned to %s: notice to %s = %v, want %v", a.Title, assignee.Name, u.Name, ok, want)
				}
				if ok && (!strings.Contains(msg.Subject, a.Title) || !strings.Contains(msg.Body, "ssh -p 23234 panel.example.org action show A")) {
					t.Errorf("notice: %+v", msg)
				}
			}
			closed := a
			closed.Status = ActionDone
			if _, ok := NoticeMail(assignee, closed, "ssh host"); ok {
				t.Errorf("a notice about a closed action")
			}
			away := assignee
			away.Wards = []string{"E05000002"}
			if _, ok := NoticeMail(away, a, "ssh host"); ok {
				t.Errorf("a notice to %s, who is no longer in the action's ward", away.Name)
			}
		}
	}
}

// TestMailTextIsInert: what a user typed cannot break a header line or
// reach a terminal as a control sequence through an e-mail.
func TestMailTextIsInert(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	u := User{ID: 1, Name: "Pip\r\nBcc: all@example.org", Agency: "police", Role: RoleOfficer, Wards: []string{ward}}
	a := Action{ID: 7, Ward: ward, Title: "Visit\r\nBcc: evil@example.org \x1b]52;c;aGk=\x07 now\u202e", OwnerAgency: "police",
		Assignee: u.Name, Description: "line one\r\n.\r\nRCPT TO:<x@example.org>\x1b[2J", Due: now, Status: ActionOpen,
		UpdatedAt: now, UpdatedBy: "Cal\nChair"}
	notice, ok := NoticeMail(u, a, "ssh host")
	if !ok {
		t.Fatal("no notice")
	}
	digest, ok := DigestMail(u, Inbox{InboxOf[Action, Problem, Problem, Meeting, AskedUpdate]{New: []Action{a}}}, "ssh host", now)
	if !ok {
		t.Fatal("no digest")
	}
	for _, msg := range []MailMessage{notice, digest} {
		if strings.ContainsAny(msg.Subject, "\r\n\x1b\u202e") || len([]rune(msg.Subject)) > MaxMailSubject {
			t.Errorf("subject not one inert line: %q", msg.Subject)
		}
		for _, r := range msg.Body {
			if (r < 0x20 && r != '\n') || r == 0x7f || r == '\u202e' {
				t.Errorf("control character %U in the body:\n%q", r, msg.Body)
				break
			}
		}
		if strings.Contains(msg.Body, "\nBcc:") {
			t.Errorf("a header-like line in the body:\n%s", msg.Body)
		}
	}
}
