package model

import (
	"slices"
	"testing"
	"time"
)

func TestBuildInbox(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	since := now.Add(-InboxWindow)
	recent, old := now.Add(-24*time.Hour), now.Add(-30*24*time.Hour)
	day := func(n int) time.Time { return DateOnly(now).AddDate(0, 0, n) }
	const ward = "E05000001"
	pip := User{ID: 1, Name: "Pip Police", Agency: "police", Role: RoleOfficer, Wards: []string{ward}}
	act := func(id ID, owner, assignee string, due time.Time, at time.Time, by string, v Visibility) Action {
		return Action{ID: id, Ward: ward, Title: "action", OwnerAgency: owner, Assignee: assignee, Due: due,
			Status: ActionOpen, Visibility: v, UpdatedAt: at, UpdatedBy: by}
	}
	police := Visibility{Kind: VisAgencies, Agencies: []string{"police"}}
	housing := Visibility{Kind: VisAgencies, Agencies: []string{"housing"}}
	actions := []Action{
		act(1, "police", "", day(20), recent, "Cal Chair", Panel),            // new for my agency
		act(2, "housing", "Pip Police", day(20), recent, "Cal Chair", Panel), // new, assigned to me by name
		act(3, "police", "", day(20), recent, "Pip Police", Panel),           // my own change: not news
		act(4, "police", "", day(-2), old, "Cal Chair", Panel),               // overdue
		act(5, "police", "", day(3), old, "Cal Chair", police),               // due soon
		act(6, "police", "Hal Housing", day(3), old, "Cal Chair", Panel),     // a colleague's: not mine
		act(7, "police", "", day(-1), recent, "Cal Chair", Panel),            // new and overdue: shown once, as new
		act(8, "housing", "", day(20), recent, "Cal Chair", Panel),           // another agency's
		act(9, "police", "", day(1), recent, "Cal Chair", housing),           // my agency's under housing's visibility: the owner agency always sees it
		act(10, "police", "", day(-9), old, "Cal Chair", Panel),              // done, below
	}
	actions[9].Status = ActionDone
	problems := []Problem{
		{ID: 1, Ward: ward, Title: "led, changed", LeadAgency: "police", UpdatedAt: recent, UpdatedBy: "Cal Chair"},
		{ID: 2, Ward: ward, Title: "led, changed by me", LeadAgency: "police", UpdatedAt: recent, UpdatedBy: "pip police"},
		{ID: 3, Ward: ward, Title: "led, old", LeadAgency: "police", UpdatedAt: old, UpdatedBy: "Cal Chair"},
		{ID: 4, Ward: ward, Title: "not led", LeadAgency: "council", UpdatedAt: recent, UpdatedBy: "Cal Chair"},
		{ID: 5, Ward: ward, Title: "hidden", LeadAgency: "police", UpdatedAt: recent, UpdatedBy: "Cal Chair", Visibility: Visibility{Kind: VisOfficers}},
		// Review dates (SARA): past review is listed once, there, not as changed.
		{ID: 6, Ward: ward, Title: "led, changed, past review", LeadAgency: "police", UpdatedAt: recent, UpdatedBy: "Cal Chair", ReviewBy: day(-3)},
		{ID: 7, Ward: ward, Title: "led, long past review", LeadAgency: "police", UpdatedAt: old, UpdatedBy: "Cal Chair", ReviewBy: day(-20)},
		{ID: 8, Ward: ward, Title: "led, review today", LeadAgency: "police", UpdatedAt: old, UpdatedBy: "Cal Chair", ReviewBy: day(0)},
		{ID: 9, Ward: ward, Title: "led, closed", LeadAgency: "police", Stage: StageClosed, UpdatedAt: old, UpdatedBy: "Cal Chair", ReviewBy: day(-5)},
		{ID: 10, Ward: ward, Title: "not led, past review", LeadAgency: "council", UpdatedAt: old, UpdatedBy: "Cal Chair", ReviewBy: day(-5)},
		{ID: 11, Ward: ward, Title: "hidden, past review", LeadAgency: "police", UpdatedAt: old, UpdatedBy: "Cal Chair", ReviewBy: day(-5), Visibility: Visibility{Kind: VisOfficers}},
	}
	meetings := []Meeting{
		{ID: 1, Ward: ward, Title: "past", When: day(-30), State: MeetingClosed},
		{ID: 2, Ward: ward, Title: "later", When: day(60), State: MeetingPlanned},
		{ID: 3, Ward: ward, Title: "next", When: day(10), State: MeetingPlanned},
		{ID: 4, Ward: "E05000002", Title: "another ward", When: day(5), State: MeetingPlanned},
	}
	b := BuildInbox(pip, actions, problems, meetings, since, now)
	ids := func(as []Action) []ID {
		out := []ID{}
		for _, a := range as {
			out = append(out, a.ID)
		}
		return out
	}
	for _, c := range []struct {
		name      string
		got, want []ID
	}{
		{"new", ids(b.New), []ID{7, 9, 1, 2}},
		{"overdue", ids(b.Overdue), []ID{4}},
		{"due soon", ids(b.DueSoon), []ID{5}},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
	if len(b.Changed) != 1 || b.Changed[0].ID != 1 {
		t.Errorf("changed problems: %+v, want problem 1 only", b.Changed)
	}
	var past []ID
	for _, p := range b.PastReview {
		past = append(past, p.ID)
	}
	if !slices.Equal(past, []ID{7, 6}) {
		t.Errorf("past review: %v, want [7 6] (the longest overdue first)", past)
	}
	if len(b.Meetings) != 1 || b.Meetings[0].ID != 3 {
		t.Errorf("next meetings: %+v, want meeting 3 only", b.Meetings)
	}
	if b.Count() != 10 || b.Empty() {
		t.Errorf("count %d", b.Count())
	}
	// A user of another ward gets nothing of this one, whatever is passed in.
	other := User{ID: 2, Name: "Oli Other", Agency: "police", Role: RoleChair, Wards: []string{"E05000002"}}
	if b := BuildInbox(other, actions, problems, meetings[:3], since, now); !b.Empty() {
		t.Errorf("another ward's user: %+v", b)
	}
}

func TestBuildInboxMakesTextInert(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	u := User{ID: 1, Name: "Pip", Agency: "police", Role: RoleOfficer, Wards: []string{"E05000001"}}
	a := Action{ID: 1, Ward: "E05000001", Title: "evil \x1b]52;c;aGk=\x07 title", OwnerAgency: "police", Due: now,
		Status: ActionOpen, UpdatedAt: now, UpdatedBy: "x"}
	b := BuildInbox(u, []Action{a}, nil, nil, now.Add(-time.Hour), now)
	if len(b.New) != 1 || b.New[0].Title == a.Title {
		t.Fatalf("title not made inert: %+v", b.New)
	}
	for _, r := range b.New[0].Title {
		if r < 0x20 {
			t.Fatalf("control character left in %q", b.New[0].Title)
		}
	}
}
