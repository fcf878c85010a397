package model

import (
	"errors"
	"testing"
)

func TestAuditFilter(t *testing.T) {
	cases := []struct {
		typed string
		match []AuditAction
		miss  []AuditAction
	}{
		{"", []AuditAction{AuditProblemCreate, Denied("connect")}, nil},
		{"action.status", []AuditAction{AuditActionStatus}, []AuditAction{AuditActionUpdate, AuditOutcomeAdd}},
		{"Action.Status ", []AuditAction{AuditActionStatus}, []AuditAction{AuditActionCreate}},
		{"meeting", []AuditAction{AuditMeetingCreate, AuditMeetingCancelVote}, []AuditAction{AuditActionReview}},
		{"meeting.", []AuditAction{AuditMeetingAttend}, []AuditAction{AuditProblemUpdate}},
		{"denied", []AuditAction{Denied("connect"), Denied("invite.redeem")}, []AuditAction{AuditInviteRedeem}},
		{"denied.connect", []AuditAction{Denied("connect")}, []AuditAction{Denied("invite.redeem")}},
		// A family's name is not a prefix match: "user" is not "user.key".
		{"user.key.add", []AuditAction{AuditUserKeyAdd}, []AuditAction{AuditUserKeyRevoke, AuditUserAdd}},
	}
	for _, c := range cases {
		f, err := ParseAuditFilter(c.typed)
		if err != nil {
			t.Fatalf("%q: %v", c.typed, err)
		}
		for _, a := range c.match {
			if !f.Matches(a) {
				t.Errorf("%q does not select %s", c.typed, a)
			}
		}
		for _, a := range c.miss {
			if f.Matches(a) {
				t.Errorf("%q selects %s", c.typed, a)
			}
		}
	}
	for _, bad := range []string{"action.stat", "act", "problem.created", "denial"} {
		if _, err := ParseAuditFilter(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("%q: %v, want ErrInvalid", bad, err)
		}
	}
}

// Every change to a meeting names itself from the list, once.
func TestMeetingChangesHaveListedNames(t *testing.T) {
	seen := map[AuditAction]bool{}
	for _, ch := range []MeetingChange{EditMeeting{}, AddItem{}, EditItem{}, RemoveItem{}, MoveItem{}, StartMeeting{},
		StepItem{}, CloseMeeting{}, StepReview{}, WriteMinutes{}, AddNote{}, AddAttendee{}, RemoveAttendee{}, Attend{},
		OpenVote{}, CastVote{}, CloseVote{}} {
		a := ch.Audit()
		if seen[a] || a.Family() != FamilyMeeting {
			t.Errorf("%T is audited as %s", ch, a)
		}
		seen[a] = true
		if f, err := ParseAuditFilter(string(a)); err != nil || !f.Matches(a) {
			t.Errorf("%s is not a name the filter takes: %v", a, err)
		}
	}
}
