package model

import (
	"slices"
	"strings"
	"testing"
)

// The stuck vote: opened, nobody votes. It cannot be closed, and the
// meeting cannot close over it; cancelling it lets the meeting close, with
// no priorities set and the cancellation on the record.
func TestStuckVoteIsCancelledAndTheMeetingCloses(t *testing.T) {
	chair := user(RoleChair, "residents")
	m := applied(t, liveMeeting(t), chair, OpenVote{Candidates: []ID{1, 2, 3}})
	_, err := ApplyMeetingChange(chair, &m, CloseVote{}, at(1))
	wantErr(t, err, ErrForbidden, "")
	_, err = ApplyMeetingChange(chair, &m, CloseMeeting{}, at(1))
	wantErr(t, err, ErrForbidden, "")
	_, err = ApplyMeetingChange(user(RoleSecretary, "council"), &m, CancelVote{}, at(1))
	wantErr(t, err, ErrForbidden, "")
	m = applied(t, m, chair, CancelVote{}, CloseMeeting{})
	if m.Vote != nil || m.CancelledVotes != 1 || m.State != MeetingClosed {
		t.Errorf("after cancel and close: vote %+v, cancelled %d, %s", m.Vote, m.CancelledVotes, m.State)
	}
	_, err = ApplyMeetingChange(chair, &m, CancelVote{}, at(3))
	wantErr(t, err, ErrForbidden, "")
}

// A cancelled vote decided nothing, so another may open; a closed one
// decided the priorities, and is not reopened in the same meeting.
func TestVoteReopeningRules(t *testing.T) {
	chair := user(RoleChair, "residents")
	m := applied(t, votingMeeting(t), chair, CancelVote{})
	if err := CheckOpenVote(chair, m); err != nil {
		t.Fatalf("after a cancel: %v", err)
	}
	m = applied(t, m, chair, OpenVote{Candidates: []ID{1, 2}})
	m = applied(t, m, member(5, RoleMember, "residents"), CastVote{Choices: []ID{2}})
	m = applied(t, m, chair, CloseVote{})
	if err := CheckOpenVote(chair, m); err == nil {
		t.Fatal("a closed vote may be reopened")
	}
	_, err := ApplyMeetingChange(chair, &m, OpenVote{Candidates: []ID{1}}, at(5))
	wantErr(t, err, ErrForbidden, "")
}

// Below the chair's quorum one ballot does not replace the priorities:
// closing is refused, saying how many more are needed, until the quorum
// is met or lowered.
func TestQuorum(t *testing.T) {
	chair := user(RoleChair, "residents")
	m := applied(t, liveMeeting(t), chair, OpenVote{Candidates: []ID{1, 2, 3, 4}, Quorum: 3})
	m = applied(t, m, member(5, RoleMember, "residents"), CastVote{Choices: []ID{1, 2, 3}})
	_, err := ApplyMeetingChange(chair, &m, CloseVote{}, at(2))
	wantErr(t, err, ErrForbidden, "")
	if err == nil || !strings.Contains(err.Error(), "1 of the 3 ballots the quorum needs") {
		t.Errorf("the refusal says %v", err)
	}
	if !m.Vote.Open || m.Vote.Result != nil {
		t.Fatalf("a refused close set %v", m.Vote.Result)
	}
	m = applied(t, m, member(6, RoleOfficer, "police"), CastVote{Choices: []ID{4}})
	m = applied(t, m, chair, SetQuorum{Quorum: 2}, CloseVote{})
	if !slices.Equal(m.Vote.Result, []ID{1, 4, 2}) {
		t.Errorf("result %v", m.Vote.Result)
	}
	_, err = ApplyMeetingChange(chair, &m, SetQuorum{Quorum: 1}, at(9))
	wantErr(t, err, ErrForbidden, "")
}

// A tie on points is broken by the stated rule, and the break is said.
func TestTieBreakIsStated(t *testing.T) {
	chair := user(RoleChair, "residents")
	m := applied(t, liveMeeting(t), chair, OpenVote{Candidates: []ID{3, 8}})
	m = applied(t, m, member(5, RoleMember, "residents"), CastVote{Choices: []ID{8, 3}})
	m = applied(t, m, member(6, RoleMember, "residents"), CastVote{Choices: []ID{3}})
	m = applied(t, m, member(7, RoleMember, "residents"), CastVote{Choices: []ID{3, 8}})
	m = applied(t, m, member(8, RoleMember, "residents"), CastVote{Choices: []ID{8}})
	m = applied(t, m, chair, CloseVote{})
	// 3: 2+3+3 = 8 points, 2 first; 8: 3+2+3 = 8 points, 2 first; 3 on 3 ballots, 8 on 3: the older wins.
	got := TieBreaks(m.Vote.Counts)
	want := []string{"P3 and P8 tied on 8 points; P3 placed higher as the older problem."}
	if !slices.Equal(got, want) || !slices.Equal(m.Vote.Result, []ID{3, 8}) {
		t.Errorf("tie breaks %q, result %v", got, m.Vote.Result)
	}
	if !strings.Contains(TieBreakRule, "first choice scores 3 points") {
		t.Error("the rule does not say how points are scored")
	}
}

// Restricted entries: a keeper restricts a note; restricting to agencies
// takes in the keepers; readers outside it see the entry withheld in place.
func TestRestrictedEntriesAreWithheldInPlace(t *testing.T) {
	sec := user(RoleSecretary, "council")
	police := Visibility{Kind: VisAgencies, Agencies: []string{"police"}}
	m := applied(t, liveMeeting(t), sec,
		AddNote{Item: 4, Kind: NoteInformation, Text: "Warrant at 14 Heron Walk next week", Visibility: police},
		AddNote{Item: 4, Kind: NoteDecision, Text: "Write to the landlord"})
	n := m.Items[3].Notes[0]
	if n.Visibility.String() != "agencies:police+officers" {
		t.Fatalf("restricted entry is %s", n.Visibility)
	}
	all := func(ID) bool { return true }
	resident := m.ForViewer(member(5, RoleMember, "residents"), all, all)
	if got := resident.Items[3].Notes; len(got) != 2 || !got[0].Withheld || got[0].Text != "" || got[1].Text != "Write to the landlord" {
		t.Errorf("the resident reads %+v", got)
	}
	for _, u := range []User{member(6, RoleOfficer, "police"), sec} {
		if got := m.ForViewer(u, all, all).Items[3].Notes; got[0].Withheld {
			t.Errorf("%s %s cannot read the restricted entry", u.Agency, u.Role)
		}
	}
	// A housing officer cannot restrict an entry: only keepers add them.
	_, err := ApplyMeetingChange(user(RoleOfficer, "housing"), &m, AddNote{Item: 4, Kind: NoteDecision, Text: "x y z"}, at(3))
	wantErr(t, err, ErrForbidden, "")
}

// Corrections: keepers correct or strike an entry and an attendance line
// until the minutes are agreed; then they stand.
func TestCorrections(t *testing.T) {
	sec, chair := user(RoleSecretary, "council"), user(RoleChair, "residents")
	m := applied(t, liveMeeting(t), sec, AddNote{Item: 4, Kind: NoteDecision, Text: "Close the alley"})
	m = applied(t, m, member(9, RoleMember, "residents"), Attend{})
	m = applied(t, m, chair, CloseMeeting{})
	m = applied(t, m, sec,
		CorrectEntry{Item: 4, Note: 0, Text: "Gate the alley"},
		CorrectAttendance{Name: "member@residents", Strike: true},
		CorrectEntry{Item: 4, Note: MinutesEntry, Text: "Discussed the alley at length."})
	n := m.Items[3].Notes[0]
	if n.Text != "Gate the alley" || !n.Corrected || !m.Attendance[1].Struck || !m.Items[3].MinutesCorrected {
		t.Errorf("after corrections: %+v %+v", n, m.Attendance)
	}
	summary, err := ApplyMeetingChange(sec, &m, CorrectEntry{Item: 4, Note: 0, Strike: true}, at(9))
	if err != nil || !strings.Contains(summary, `it read: "Gate the alley"`) || !m.Items[3].Notes[0].Struck {
		t.Errorf("strike: %q, %v", summary, err)
	}
	_, err = ApplyMeetingChange(user(RoleOfficer, "police"), &m, CorrectEntry{Item: 4, Note: 0, Text: "abc"}, at(9))
	wantErr(t, err, ErrForbidden, "")
	m.AgreedIn = 12
	_, err = ApplyMeetingChange(sec, &m, CorrectAttendance{Name: "Ravi Resident", Kind: AttendApologies}, at(10))
	wantErr(t, err, ErrForbidden, "")
}

// A restricted agenda item is withheld whole, in its place; editing it
// without naming a visibility keeps it restricted.
func TestRestrictedItem(t *testing.T) {
	sec := user(RoleSecretary, "council")
	police := Visibility{Kind: VisAgencies, Agencies: []string{"police"}}
	m := applied(t, liveMeeting(t), sec,
		EditItem{ID: 5, Title: "Operation Kestrel", Allotted: 10, Visibility: police},
		WriteMinutes{Item: 5, Text: "Warrants at three addresses."},
		EditItem{ID: 5, Title: "Operation Kestrel update", Allotted: 15})
	all := func(ID) bool { return true }
	if it := m.Items[4]; it.Visibility.String() != "agencies:police+officers" {
		t.Fatalf("item 5 is %s", it.Visibility)
	}
	got := m.ForViewer(member(5, RoleMember, "residents"), all, all).Items[4]
	if !got.Withheld || got.Title != "" || got.Minutes != "" || got.ID != 5 {
		t.Errorf("the resident reads item 5 as %+v", got)
	}
	if got := m.ForViewer(member(6, RoleOfficer, "police"), all, all).Items[4]; got.Withheld || got.Minutes == "" {
		t.Errorf("the police read item 5 as %+v", got)
	}
	m = applied(t, m, sec, EditItem{ID: 5, Title: "Operation Kestrel update", Allotted: 15, Visibility: Panel})
	if m.Items[4].Visibility.Restricted() {
		t.Error("Panel did not widen the item")
	}
}
