package model

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// t0 is when the test meetings start; changes happen minutes after it.
var t0 = time.Date(2025, 3, 10, 19, 0, 0, 0, time.UTC)

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

func member(id ID, role Role, agency string) User {
	u := user(role, agency)
	u.ID, u.Name = id, string(role)+"@"+agency
	return u
}

// applied applies changes that must succeed, in order, at minute 0, 1, 2…
func applied(t *testing.T, m Meeting, u User, chs ...MeetingChange) Meeting {
	t.Helper()
	for i, ch := range chs {
		if _, err := ApplyMeetingChange(u, &m, ch, at(i)); err != nil {
			t.Fatalf("%T: %v", ch, err)
		}
	}
	return m
}

// plannedMeeting is a meeting of the test ward with the handbook's agenda, items 1–9.
func plannedMeeting() Meeting {
	m := Meeting{ID: 7, Ward: ward, Title: "Spring panel", When: t0, State: MeetingPlanned, Items: StandardAgenda()}
	m.NumberItems()
	return m
}

// liveMeeting is started at t0, on item 1, with two actions to review
// under item 2 and a guest on the attendance list.
func liveMeeting(t *testing.T) Meeting {
	t.Helper()
	m := plannedMeeting()
	m.Items[1].Reviews = []Review{{ActionID: 11}, {ActionID: 12}}
	m.Attendance = []Attendee{{Name: "Ravi Resident", Agency: "residents", Kind: AttendPresent, At: t0}}
	return applied(t, m, user(RoleChair, "residents"), StartMeeting{})
}

// votingMeeting is live with a vote open on problems 1–4 and one ballot cast (user 99).
func votingMeeting(t *testing.T) Meeting {
	t.Helper()
	m := applied(t, liveMeeting(t), user(RoleChair, "residents"), OpenVote{Candidates: []ID{4, 3, 2, 1}})
	return applied(t, m, member(99, RoleMember, "residents"), CastVote{Choices: []ID{2}})
}

func closedMeeting(t *testing.T) Meeting {
	t.Helper()
	return applied(t, votingMeeting(t), user(RoleChair, "residents"), CloseVote{}, CloseMeeting{})
}

func TestMeetingPermissions(t *testing.T) {
	everyone := []Role{RoleChair, RoleViceChair, RoleSecretary, RoleOfficer, RoleMember, RoleObserver, RoleAdmin}
	chairs := []Role{RoleChair, RoleViceChair}
	keepers := []Role{RoleChair, RoleViceChair, RoleSecretary}
	voters := []Role{RoleChair, RoleViceChair, RoleSecretary, RoleOfficer, RoleMember}
	planned := func(*testing.T) Meeting { return plannedMeeting() }
	tests := []struct {
		name    string
		meeting func(*testing.T) Meeting
		ch      MeetingChange
		allowed []Role
	}{
		{"edit meeting", planned, EditMeeting{Title: "Summer panel", When: at(60), Venue: "Library"}, keepers},
		{"add item", planned, AddItem{Item: AgendaItem{Title: "Youth club", Allotted: 10}, After: 4}, keepers},
		{"edit item", planned, EditItem{ID: 4, Title: "Crime picture", Allotted: 20}, keepers},
		{"remove item", planned, RemoveItem{ID: 9}, keepers},
		{"move item", planned, MoveItem{ID: 9, By: -1}, keepers},
		{"start", planned, StartMeeting{}, chairs},
		{"step item", liveMeeting, StepItem{From: 1, To: 2}, chairs},
		{"step review", liveMeeting, StepReview{Item: 2, To: 1}, chairs},
		{"close", liveMeeting, CloseMeeting{}, chairs},
		{"write minutes", liveMeeting, WriteMinutes{Item: 1, Text: "Apologies from the fire service."}, keepers},
		{"add note", liveMeeting, AddNote{Item: 4, Kind: NoteDecision, Text: "Ask for the survey results"}, keepers},
		{"add attendee", liveMeeting, AddAttendee{Attendee: Attendee{Name: "Jo Bloggs", Agency: "fire"}}, keepers},
		{"remove attendee", liveMeeting, RemoveAttendee{Name: "ravi resident"}, keepers},
		{"attend", liveMeeting, Attend{}, everyone},
		{"open vote", liveMeeting, OpenVote{Candidates: []ID{1, 2}}, chairs},
		{"cast vote", votingMeeting, CastVote{Choices: []ID{1, 3}}, voters},
		{"close vote", votingMeeting, CloseVote{}, chairs},
	}
	for _, tt := range tests {
		for _, role := range everyone {
			t.Run(tt.name+"/"+string(role), func(t *testing.T) {
				m := tt.meeting(t)
				before := m.Clone()
				_, err := ApplyMeetingChange(user(role, "council"), &m, tt.ch, at(30))
				if slices.Contains(tt.allowed, role) {
					if err != nil {
						t.Fatalf("refused: %v", err)
					}
					if reflect.DeepEqual(m, before) {
						t.Error("allowed, but the meeting did not change")
					}
					return
				}
				wantErr(t, err, ErrForbidden, "")
				if err != nil && !strings.Contains(err.Error(), string(role)) {
					t.Errorf("refusal %q does not say the role it refused", err)
				}
				if !reflect.DeepEqual(m, before) {
					t.Error("a refused change altered the meeting")
				}
			})
		}
		t.Run(tt.name+"/other ward", func(t *testing.T) {
			m := tt.meeting(t)
			outsider := user(RoleChair, "council")
			outsider.Wards = []string{"E05000002"}
			_, err := ApplyMeetingChange(outsider, &m, tt.ch, at(30))
			wantErr(t, err, ErrNotFound, "")
		})
		// Closing freezes the record: nobody changes anything, and
		// connecting to it no longer marks anyone present.
		t.Run(tt.name+"/closed", func(t *testing.T) {
			for _, role := range keepers {
				m := closedMeeting(t)
				before := m.Clone()
				_, err := ApplyMeetingChange(user(role, "council"), &m, tt.ch, at(30))
				if _, ok := tt.ch.(Attend); ok {
					wantErr(t, err, ErrUnchanged, "")
				} else {
					wantErr(t, err, ErrForbidden, "")
				}
				if !reflect.DeepEqual(m, before) {
					t.Errorf("%s changed a closed meeting", role)
				}
			}
		})
	}
	m := closedMeeting(t)
	_, err := ApplyMeetingChange(user(RoleSecretary, "council"), &m, WriteMinutes{Item: 1, Text: "late"}, at(40))
	if err == nil || !strings.Contains(err.Error(), "minutes are frozen") {
		t.Errorf("minutes of a closed meeting: %v, want a refusal saying they are frozen", err)
	}
}

func TestCheckCreateMeeting(t *testing.T) {
	m := plannedMeeting()
	for _, role := range Roles {
		err := CheckCreateMeeting(user(role, "council"), m)
		if role.IsPanelOfficer() {
			wantErr(t, err, nil, "")
		} else {
			wantErr(t, err, ErrForbidden, "")
		}
	}
	outsider := user(RoleSecretary, "council")
	outsider.Wards = []string{"E05000002"}
	wantErr(t, CheckCreateMeeting(outsider, m), ErrForbidden, "")
}

func TestStandardAgenda(t *testing.T) {
	want := []string{
		"Welcome and apologies",
		"Minutes and actions of the last meeting",
		"Police actions on the previous priorities",
		"Crime, ASB and survey picture",
		"Partner updates",
		"Community concerns",
		"Agree priorities and actions",
		"Any other business",
		"Date of next meeting",
	}
	items := StandardAgenda()
	var titles []string
	for _, it := range items {
		titles = append(titles, it.Title)
		if it.Allotted <= 0 {
			t.Errorf("%q has no time", it.Title)
		}
	}
	if !slices.Equal(titles, want) {
		t.Errorf("agenda\n got  %q\n want %q", titles, want)
	}
	kinds := map[ItemKind]int{ItemApologies: 0, ItemReview: 1, ItemPriorityReview: 2, ItemPriorities: 6}
	for k, i := range kinds {
		if items[i].Kind != k {
			t.Errorf("item %d is %q, want kind %q", i+1, items[i].Kind, k)
		}
	}
	// Each call is a fresh agenda a meeting may change.
	items[0].Title = "changed"
	if StandardAgenda()[0].Title != want[0] {
		t.Error("StandardAgenda shares its items")
	}
	m := plannedMeeting()
	for i, it := range m.Items {
		if it.ID != i+1 {
			t.Errorf("item %d numbered %d", i, it.ID)
		}
	}
	if m.NextItem != 9 || m.Allotted() != 100*time.Minute {
		t.Errorf("NextItem %d, Allotted %v; want 9 and 1h40m", m.NextItem, m.Allotted())
	}
}

func itemIDs(m Meeting) []int {
	out := []int{}
	for _, it := range m.Items {
		out = append(out, it.ID)
	}
	return out
}

func TestAgendaEditing(t *testing.T) {
	sec := user(RoleSecretary, "council")
	t.Run("add after an item, or at the end", func(t *testing.T) {
		m := applied(t, plannedMeeting(), sec,
			AddItem{Item: AgendaItem{Title: "  Youth club ", Presenter: "Youth service", Allotted: 10, Kind: ItemReview, Problems: []ID{5, 2, 5}}, After: 4},
			AddItem{Item: AgendaItem{Title: "Close"}})
		if got := itemIDs(m); !slices.Equal(got, []int{1, 2, 3, 4, 10, 5, 6, 7, 8, 9, 11}) {
			t.Errorf("order %v", got)
		}
		it, i := m.Item(10)
		if i != 4 || it.Title != "Youth club" || it.Presenter != "Youth service" || it.Allotted != 10 || it.Kind != ItemGeneral ||
			!slices.Equal(it.Problems, []ID{2, 5}) {
			t.Errorf("added %+v at %d; want a general item after item 4", it, i)
		}
		if m.Allotted() != 110*time.Minute {
			t.Errorf("Allotted %v", m.Allotted())
		}
		_, err := ApplyMeetingChange(sec, &m, AddItem{Item: AgendaItem{Title: "Lost"}, After: 99}, t0)
		wantErr(t, err, ErrNotFound, "")
	})
	t.Run("give time", func(t *testing.T) {
		m := applied(t, plannedMeeting(), sec, EditItem{ID: 4, Title: "Crime picture", Presenter: "PC Jones", Allotted: 25, Problems: []ID{3, 1, 3}})
		it, _ := m.Item(4)
		if it.Title != "Crime picture" || it.Presenter != "PC Jones" || it.Allotted != 25 || !slices.Equal(it.Problems, []ID{1, 3}) {
			t.Errorf("edited %+v", it)
		}
		if m.Allotted() != 115*time.Minute {
			t.Errorf("Allotted %v, want 1h55m", m.Allotted())
		}
		_, err := ApplyMeetingChange(sec, &m, EditItem{ID: 42, Title: "Gone"}, t0)
		wantErr(t, err, ErrNotFound, "")
	})
	t.Run("move up and down", func(t *testing.T) {
		tests := []struct {
			id, by int
			want   []int
		}{
			{9, -1, []int{1, 2, 3, 4, 5, 6, 7, 9, 8}},
			{1, 1, []int{2, 1, 3, 4, 5, 6, 7, 8, 9}},
			{3, -10, []int{3, 1, 2, 4, 5, 6, 7, 8, 9}},
			{3, 10, []int{1, 2, 4, 5, 6, 7, 8, 9, 3}},
		}
		for _, tt := range tests {
			m := applied(t, plannedMeeting(), sec, MoveItem{ID: tt.id, By: tt.by})
			if got := itemIDs(m); !slices.Equal(got, tt.want) {
				t.Errorf("move %d by %d: %v, want %v", tt.id, tt.by, got, tt.want)
			}
		}
		m := plannedMeeting()
		for _, ch := range []MoveItem{{ID: 1, By: -1}, {ID: 9, By: 1}, {ID: 5, By: 0}} {
			_, err := ApplyMeetingChange(sec, &m, ch, t0)
			wantErr(t, err, ErrUnchanged, "")
		}
		_, err := ApplyMeetingChange(sec, &m, MoveItem{ID: 42, By: 1}, t0)
		wantErr(t, err, ErrNotFound, "")
	})
	t.Run("remove", func(t *testing.T) {
		m := applied(t, plannedMeeting(), sec, RemoveItem{ID: 8})
		if got := itemIDs(m); !slices.Equal(got, []int{1, 2, 3, 4, 5, 6, 7, 9}) {
			t.Errorf("after removing item 8: %v", got)
		}
		// Removing never reuses an ID.
		m = applied(t, m, sec, AddItem{Item: AgendaItem{Title: "Any other business"}})
		if m.Items[len(m.Items)-1].ID != 10 {
			t.Errorf("new item got ID %d, want 10", m.Items[len(m.Items)-1].ID)
		}
	})
	t.Run("remove refused", func(t *testing.T) {
		chair := user(RoleChair, "residents")
		live := liveMeeting(t)
		withMinutes := applied(t, liveMeeting(t), sec, WriteMinutes{Item: 5, Text: "Housing: new CCTV."})
		withNote := applied(t, liveMeeting(t), sec, AddNote{Item: 5, Kind: NoteInformation, Text: "Fire: home visits"})
		reviewed := liveMeeting(t)
		reviewed.Items[1].Reviews[0] = Review{ActionID: 11, Update: "Done", Status: ActionDone, By: "x", At: t0}
		tests := []struct {
			name string
			m    Meeting
			id   int
			want error
		}{
			{"current item", live, 1, ErrForbidden},
			{"item with minutes", withMinutes, 5, ErrForbidden},
			{"item with a note", withNote, 5, ErrForbidden},
			{"item with a review taken", reviewed, 2, ErrForbidden},
			{"unknown item", live, 42, ErrNotFound},
			{"blank item while live", live, 5, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				m := tt.m.Clone()
				_, err := ApplyMeetingChange(chair, &m, RemoveItem{ID: tt.id}, at(5))
				wantErr(t, err, tt.want, "")
				if tt.want != nil && len(m.Items) != len(tt.m.Items) {
					t.Error("the item went anyway")
				}
				if tt.want == ErrForbidden && !strings.Contains(err.Error(), "move on") && !strings.Contains(err.Error(), "minutes") {
					t.Errorf("refusal %q does not say why", err)
				}
			})
		}
	})
}

func TestMeetingValidation(t *testing.T) {
	sec := user(RoleSecretary, "council")
	full := plannedMeeting()
	for len(full.Items) < MaxItems {
		full.Items = append(full.Items, AgendaItem{Title: "More"})
	}
	full.NumberItems()
	tests := []struct {
		name  string
		m     Meeting
		ch    MeetingChange
		field string
	}{
		{"bad ward", plannedMeeting(), nil, "ward"},
		{"short title", plannedMeeting(), EditMeeting{Title: "Hi", When: t0}, "title"},
		{"long title", plannedMeeting(), EditMeeting{Title: strings.Repeat("x", MaxTitleLen+1), When: t0}, "title"},
		{"no time", plannedMeeting(), EditMeeting{Title: "Spring panel"}, "when"},
		{"item without title", plannedMeeting(), AddItem{Item: AgendaItem{Title: " "}}, "title"},
		{"negative time", plannedMeeting(), AddItem{Item: AgendaItem{Title: "AOB", Allotted: -1}}, "minutes"},
		{"too long an item", plannedMeeting(), EditItem{ID: 1, Title: "Welcome", Allotted: 241}, "minutes"},
		{"too many items", full, AddItem{Item: AgendaItem{Title: "One more"}}, "items"},
		{"note typed as action", plannedMeeting(), AddNote{Item: 1, Kind: NoteAction, Text: "Raise it"}, "kind"},
		{"empty note", plannedMeeting(), AddNote{Item: 1, Kind: NoteDecision, Text: " ok "}, "text"},
		{"attendee without name", plannedMeeting(), AddAttendee{Attendee: Attendee{Name: "J"}}, "name"},
		{"attendee's agency", plannedMeeting(), AddAttendee{Attendee: Attendee{Name: "Jo", Agency: "Fire Service"}}, "agency"},
		{"attendee's kind", plannedMeeting(), AddAttendee{Attendee: Attendee{Name: "Jo", Kind: "late"}}, "kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.m
			var err error
			if tt.ch == nil {
				m.Ward = "Northgate"
				err = m.Validate()
			} else {
				_, err = ApplyMeetingChange(sec, &m, tt.ch, t0)
			}
			wantErr(t, err, ErrInvalid, tt.field)
		})
	}
	// Text is made safe on the way in.
	m := Meeting{Ward: "e05000001", Title: "Spring\x1b[31m panel\n", When: t0, Venue: "Hall\x07", Items: []AgendaItem{{Title: "Welcome\x1b]0;x\x07"}}}
	if err := m.Validate(); err != nil || m.Ward != ward || m.Title != "Spring panel" || m.Venue != "Hall" || m.Items[0].Title != "Welcome" {
		t.Errorf("Validate: %v, %+v", err, m)
	}
}

func TestLiveMeeting(t *testing.T) {
	chair, vice := user(RoleChair, "residents"), user(RoleViceChair, "council")
	m := plannedMeeting()
	if m.Elapsed(at(3)) != 0 || m.CurrentItem() != nil {
		t.Error("a planned meeting has a current item or a running timer")
	}
	_, err := ApplyMeetingChange(chair, &Meeting{ID: 1, Ward: ward, State: MeetingPlanned}, StartMeeting{}, t0)
	wantErr(t, err, ErrInvalid, "items")

	m = applied(t, m, chair, StartMeeting{}) // at t0
	if m.State != MeetingLive || m.Current != 1 || m.CurrentItem().Title != "Welcome and apologies" || !m.CurrentItem().Reached ||
		!m.ItemStarted.Equal(t0) || !m.StartedAt.Equal(t0) || m.Chair != chair.Name {
		t.Fatalf("started: %+v", m)
	}
	if got := m.Elapsed(at(3)); got != 3*time.Minute {
		t.Errorf("Elapsed after 3 minutes = %v", got)
	}
	if got := m.Elapsed(t0.Add(-time.Minute)); got != 0 {
		t.Errorf("Elapsed before the item started = %v", got)
	}
	_, err = ApplyMeetingChange(chair, &m, StartMeeting{}, at(1))
	wantErr(t, err, ErrForbidden, "")

	step := func(u User, from, to, min int) error {
		t.Helper()
		_, err := ApplyMeetingChange(u, &m, StepItem{From: from, To: to}, at(min))
		return err
	}
	if err := step(chair, 1, 2, 4); err != nil {
		t.Fatal(err)
	}
	// The vice-chair pressed "next" on the same screen at the same time:
	// their step starts from item 1, which is no longer current.
	m.UpdatedBy, m.UpdatedAt = chair.Name, at(4)
	err = step(vice, 1, 2, 4)
	var conflict *ConflictError
	if !errors.As(err, &conflict) || conflict.By != chair.Name || !conflict.At.Equal(at(4)) {
		t.Errorf("stale step: %v, want a conflict naming the chair", err)
	}
	if m.Current != 2 || !m.ItemStarted.Equal(at(4)) {
		t.Errorf("after the stale step the meeting is on item %d since %v", m.Current, m.ItemStarted)
	}
	wantErr(t, step(chair, 2, 2, 5), ErrUnchanged, "")
	wantErr(t, step(chair, 2, 42, 5), ErrNotFound, "")
	if err := step(chair, 2, 1, 6); err != nil { // back to item 1
		t.Fatal(err)
	}
	if err := step(vice, 1, 4, 10); err != nil { // skip ahead
		t.Fatal(err)
	}
	spent := func(id int) time.Duration { it, _ := m.Item(id); return it.Spent }
	if spent(1) != 8*time.Minute || spent(2) != 2*time.Minute || spent(3) != 0 || spent(4) != 0 {
		t.Errorf("spent %v %v %v %v; want 8m 2m 0 0", spent(1), spent(2), spent(3), spent(4))
	}
	if it, _ := m.Item(3); it.Reached {
		t.Error("a skipped item counts as reached")
	}
	if _, err := ApplyMeetingChange(chair, &m, CloseMeeting{}, at(13)); err != nil {
		t.Fatal(err)
	}
	if m.State != MeetingClosed || m.Current != 0 || !m.ClosedAt.Equal(at(13)) || spent(4) != 3*time.Minute || m.Elapsed(at(20)) != 0 {
		t.Errorf("closed: state %s current %d closed at %v spent %v", m.State, m.Current, m.ClosedAt, spent(4))
	}
	wantErr(t, step(chair, 0, 1, 14), ErrForbidden, "")
}

func TestCloseMeetingWaitsForTheVote(t *testing.T) {
	m := votingMeeting(t)
	_, err := ApplyMeetingChange(user(RoleChair, "residents"), &m, CloseMeeting{}, at(30))
	wantErr(t, err, ErrForbidden, "")
	if err == nil || !strings.Contains(err.Error(), "vote is still open") {
		t.Errorf("refusal %v does not say why", err)
	}
}

func TestWriteMinutes(t *testing.T) {
	sec, chair := user(RoleSecretary, "council"), user(RoleChair, "residents")
	m := applied(t, liveMeeting(t), sec, WriteMinutes{Item: 4, Text: "Burglary down.\n\x1b[2JASB up.", Version: 0})
	it, _ := m.Item(4)
	if it.Minutes != "Burglary down.\nASB up." || it.MinutesVersion != 1 || it.MinutesBy != sec.Name {
		t.Errorf("minutes %+v", it)
	}
	// The chair started typing from version 0 too: they hear who saved since.
	_, err := ApplyMeetingChange(chair, &m, WriteMinutes{Item: 4, Text: "Mine", Version: 0}, at(5))
	var conflict *ConflictError
	if !errors.As(err, &conflict) || conflict.By != sec.Name {
		t.Errorf("stale minutes: %v, want a conflict naming the secretary", err)
	}
	_, err = ApplyMeetingChange(chair, &m, WriteMinutes{Item: 4, Text: "Burglary down.\nASB up.", Version: 1}, at(5))
	wantErr(t, err, ErrUnchanged, "")
	m = applied(t, m, chair, WriteMinutes{Item: 4, Text: "Burglary down.", Version: 1})
	if it, _ := m.Item(4); it.MinutesVersion != 2 || it.MinutesBy != chair.Name {
		t.Errorf("second save %+v", it)
	}
}

func TestAddNote(t *testing.T) {
	sec := user(RoleSecretary, "council")
	m := applied(t, liveMeeting(t), sec,
		AddNote{Item: 5, Kind: "info", Text: "Fire: 40 home visits"},
		AddNote{Item: 5, Kind: "D", Text: "Write to the council about lighting"})
	it, _ := m.Item(5)
	want := []Note{
		{Kind: NoteInformation, Text: "Fire: 40 home visits", By: sec.Name, At: at(0)},
		{Kind: NoteDecision, Text: "Write to the council about lighting", By: sec.Name, At: at(1)},
	}
	if !reflect.DeepEqual(it.Notes, want) {
		t.Errorf("notes\n got  %+v\n want %+v", it.Notes, want)
	}
}

func TestAttendance(t *testing.T) {
	sec := user(RoleSecretary, "council")
	pat := member(5, RoleOfficer, "police")
	m := plannedMeeting()
	_, err := ApplyMeetingChange(pat, &m, Attend{}, t0)
	wantErr(t, err, ErrUnchanged, "")
	if len(m.Attendance) != 0 {
		t.Error("connecting to a planned meeting marked someone present")
	}
	// Sent apologies before the meeting, then came after all.
	m = applied(t, m, sec, AddAttendee{Attendee: Attendee{UserID: pat.ID, Name: pat.Name, Agency: "Police", Kind: AttendApologies}})
	m = applied(t, m, user(RoleChair, "residents"), StartMeeting{})
	if _, err := ApplyMeetingChange(pat, &m, Attend{}, at(3)); err != nil {
		t.Fatal(err)
	}
	want := []Attendee{{UserID: pat.ID, Name: pat.Name, Agency: "police", Kind: AttendPresent, Connected: true, At: at(3)}}
	if !reflect.DeepEqual(m.Attendance, want) {
		t.Errorf("attendance\n got  %+v\n want %+v", m.Attendance, want)
	}
	_, err = ApplyMeetingChange(pat, &m, Attend{}, at(4))
	wantErr(t, err, ErrUnchanged, "")

	mo := member(6, RoleMember, "residents")
	m = applied(t, m, mo, Attend{})
	if a := m.Present(mo.ID); a == nil || a.Kind != AttendPresent || a.Agency != "residents" || !a.Connected {
		t.Errorf("member attending: %+v", a)
	}
	if m.Present(0) != nil {
		t.Error("Present(0) found a guest")
	}
	// Guests are matched by name, ignoring case; recording again changes the entry.
	m = applied(t, m, sec,
		AddAttendee{Attendee: Attendee{Name: "Jo Bloggs", Agency: "fire"}},
		AddAttendee{Attendee: Attendee{Name: "jo bloggs", Agency: "fire", Kind: AttendApologies}})
	if len(m.Attendance) != 3 || m.Attendance[2].Kind != AttendApologies {
		t.Errorf("attendance %+v", m.Attendance)
	}
	m = applied(t, m, sec, RemoveAttendee{Name: " JO BLOGGS "})
	if len(m.Attendance) != 2 {
		t.Errorf("after removal %+v", m.Attendance)
	}
	_, err = ApplyMeetingChange(sec, &m, RemoveAttendee{Name: "Nobody"}, at(9))
	wantErr(t, err, ErrNotFound, "")
}

func TestVoteTally(t *testing.T) {
	tests := []struct {
		name       string
		candidates []ID
		ballots    [][]ID
		want       []Tally
		result     []ID
	}{
		{"most points first", []ID{1, 2, 3, 4}, [][]ID{{3, 1}, {3}, {1, 2}},
			[]Tally{{3, 6, 2, 2}, {1, 5, 2, 1}, {2, 2, 1, 0}, {4, 0, 0, 0}}, []ID{3, 1, 2}},
		{"a tie on points goes to more first choices, even for a newer problem", []ID{1, 5, 9}, [][]ID{{9}, {1, 9, 5}, {1, 5}, {1, 5}},
			[]Tally{{1, 9, 3, 3}, {9, 5, 2, 1}, {5, 5, 3, 0}}, []ID{1, 9, 5}},
		{"then to more ballots", []ID{1, 2, 5, 9}, [][]ID{{1, 5, 9}, {1, 2, 9}, {2, 1, 5}, {2, 1, 9}},
			[]Tally{{1, 10, 4, 2}, {2, 8, 3, 2}, {9, 3, 3, 0}, {5, 3, 2, 0}}, []ID{1, 2, 9}},
		{"then to the older problem", []ID{9, 5, 7}, [][]ID{{9}, {5}, {7}},
			[]Tally{{5, 3, 1, 1}, {7, 3, 1, 1}, {9, 3, 1, 1}}, []ID{5, 7, 9}},
		{"at most three priorities", []ID{1, 2, 3, 4}, [][]ID{{1}, {2}, {3}, {4, 1}},
			[]Tally{{1, 5, 2, 1}, {2, 3, 1, 1}, {3, 3, 1, 1}, {4, 3, 1, 1}}, []ID{1, 2, 3}},
		{"no priority nobody voted for", []ID{1, 2, 3}, [][]ID{{2}},
			[]Tally{{2, 3, 1, 1}, {1, 0, 0, 0}, {3, 0, 0, 0}}, []ID{2}},
	}
	chair := user(RoleChair, "residents")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := applied(t, liveMeeting(t), chair, OpenVote{Candidates: tt.candidates})
			for i, b := range tt.ballots {
				m = applied(t, m, member(ID(100+i), RoleMember, "residents"), CastVote{Choices: b})
			}
			if got := m.Vote.Tally(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tally\n got  %v\n want %v", got, tt.want)
			}
			if !reflect.DeepEqual(m.Vote.Counts, tt.want) {
				t.Errorf("Counts after the last ballot %v, want the tally", m.Vote.Counts)
			}
			m = applied(t, m, chair, CloseVote{})
			if m.Vote.Open || !slices.Equal(m.Vote.Result, tt.result) {
				t.Errorf("closed vote: open %v, result %v, want %v", m.Vote.Open, m.Vote.Result, tt.result)
			}
		})
	}
}

func TestCastVote(t *testing.T) {
	mo := member(6, RoleMember, "residents")
	tests := []struct {
		name    string
		u       User
		choices []ID
		want    error
		field   string
		says    string
	}{
		{"three choices", mo, []ID{3, 1, 4}, nil, "", ""},
		{"again", member(99, RoleMember, "residents"), []ID{1}, ErrForbidden, "", "already voted"},
		{"four choices", mo, []ID{1, 2, 3, 4}, ErrInvalid, "choices", "between 1 and 3"},
		{"none", mo, nil, ErrInvalid, "choices", "between 1 and 3"},
		{"not on the ballot", mo, []ID{1, 8}, ErrInvalid, "choices", "P8 is not on the ballot"},
		{"the same twice", mo, []ID{1, 1}, ErrInvalid, "choices", "chosen twice"},
		{"observer", member(7, RoleObserver, "residents"), []ID{1}, ErrForbidden, "", "observer"},
		{"admin", member(3, RoleAdmin, "council"), []ID{1}, ErrForbidden, "", "admin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := votingMeeting(t)
			_, err := ApplyMeetingChange(tt.u, &m, CastVote{Choices: tt.choices}, at(40))
			wantErr(t, err, tt.want, tt.field)
			if err != nil && !strings.Contains(err.Error(), tt.says) {
				t.Errorf("error %q does not say %q", err, tt.says)
			}
			if want := 1 + btoi(tt.want == nil); len(m.Vote.Ballots) != want {
				t.Errorf("%d ballots, want %d", len(m.Vote.Ballots), want)
			}
		})
	}
	m := liveMeeting(t)
	_, err := ApplyMeetingChange(mo, &m, CastVote{Choices: []ID{1}}, at(5))
	wantErr(t, err, ErrForbidden, "")
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestOpenAndCloseVote(t *testing.T) {
	chair := user(RoleChair, "residents")
	m := liveMeeting(t)
	for _, c := range [][]ID{nil, make([]ID, MaxCandidates+1)} {
		for i := range c {
			c[i] = ID(i + 1)
		}
		_, err := ApplyMeetingChange(chair, &m, OpenVote{Candidates: c}, at(1))
		wantErr(t, err, ErrInvalid, "candidates")
	}
	m = applied(t, m, chair, OpenVote{Candidates: []ID{3, 1, 3}})
	if !slices.Equal(m.Vote.Candidates, []ID{1, 3}) || !m.Vote.Open || m.Vote.OpenedBy != chair.Name {
		t.Errorf("vote %+v", m.Vote)
	}
	// Before anyone votes the chair may put the candidates right...
	m = applied(t, m, chair, OpenVote{Candidates: []ID{1, 3, 4}})
	if !slices.Equal(m.Vote.Candidates, []ID{1, 3, 4}) {
		t.Errorf("reopened vote %+v", m.Vote)
	}
	_, err := ApplyMeetingChange(chair, &m, CloseVote{}, at(3))
	wantErr(t, err, ErrForbidden, "")
	if !m.Vote.Open {
		t.Error("a refused close closed the vote")
	}
	// ...not once someone has, nor after the vote has set the priorities.
	m = applied(t, m, user(RoleMember, "residents"), CastVote{Choices: []ID{3}})
	_, err = ApplyMeetingChange(chair, &m, OpenVote{Candidates: []ID{1}}, at(4))
	wantErr(t, err, ErrForbidden, "")
	m = applied(t, m, chair, CloseVote{})
	_, err = ApplyMeetingChange(chair, &m, OpenVote{Candidates: []ID{1}}, at(5))
	wantErr(t, err, ErrForbidden, "")
	planned := plannedMeeting()
	_, err = ApplyMeetingChange(chair, &planned, OpenVote{Candidates: []ID{1}}, at(3))
	wantErr(t, err, ErrForbidden, "")
}

func TestMeetingForViewer(t *testing.T) {
	m := votingMeeting(t) // problems 1–4 on the ballot; user 99 chose 2
	m = applied(t, m, member(1, RoleMember, "residents"), CastVote{Choices: []ID{4, 2, 1}})
	it := &m.Items[3]
	it.Problems = []ID{1, 2}
	it.Notes = []Note{
		{Kind: NoteInformation, Text: "Burglary down"},
		{Kind: NoteAction, Text: "Police-only action", ActionID: 12},
		{Kind: NoteAction, Text: "Panel action", ActionID: 13},
	}
	rev := &m.Items[1]
	rev.Reviews = []Review{{ActionID: 11}, {ActionID: 12, Update: "Warrant executed", Status: ActionDone}, {ActionID: 13}}
	rev.ReviewAt = 1
	before := m.Clone()

	hiddenProblem, hiddenAction := ID(2), ID(12)
	viewer := member(1, RoleMember, "residents")
	got := m.ForViewer(viewer, func(id ID) bool { return id != hiddenProblem }, func(id ID) bool { return id != hiddenAction })

	if !reflect.DeepEqual(m, before) {
		t.Error("ForViewer changed the meeting it filtered")
	}
	if !slices.Equal(got.Items[3].Problems, []ID{1}) {
		t.Errorf("problems %v", got.Items[3].Problems)
	}
	// The note about the hidden action is withheld in its place, not removed.
	if n := got.Items[3].Notes; len(n) != 3 || n[0].Text != "Burglary down" || !n[1].Withheld || n[1].Text != "" || n[1].ActionID != 0 || n[2].ActionID != 13 {
		t.Errorf("notes %+v", n)
	}
	r := got.Items[1]
	if len(r.Reviews) != 2 || r.Reviews[0].ActionID != 11 || r.Reviews[1].ActionID != 13 || r.ReviewAt != 1 {
		t.Errorf("reviews %+v at %d; want 11 and 13, at 13", r.Reviews, r.ReviewAt)
	}
	// Who voted is known; what others chose is not. The tally stays.
	v := got.Vote
	if len(v.Ballots) != 2 || v.Ballots[0].UserID != 99 || v.Ballots[0].Choices != nil || !slices.Equal(v.Ballots[1].Choices, []ID{4, 1}) {
		t.Errorf("ballots %+v", v.Ballots)
	}
	if !v.Voted(99) || v.Choices(99) != nil {
		t.Error("another voter's choices show")
	}
	// A problem restricted since the vote opened is no longer on this viewer's ballot paper.
	if !slices.Equal(v.Candidates, []ID{1, 3, 4}) {
		t.Errorf("candidates %v", v.Candidates)
	}
	want := []Tally{{4, 3, 1, 1}, {1, 1, 1, 0}, {3, 0, 0, 0}}
	if !reflect.DeepEqual(v.Counts, want) {
		t.Errorf("counts %v, want %v", v.Counts, want)
	}
	// Someone who sees everything sees the whole record, less others' choices.
	all := m.ForViewer(member(5, RoleOfficer, "police"), func(ID) bool { return true }, func(ID) bool { return true })
	if len(all.Items[1].Reviews) != 3 || all.Items[1].ReviewAt != 1 || len(all.Items[3].Notes) != 3 || len(all.Vote.Counts) != 4 {
		t.Errorf("full copy %+v", all.Items[1])
	}
	for _, b := range all.Vote.Ballots {
		if b.Choices != nil {
			t.Errorf("a non-voter sees ballot %+v", b)
		}
	}
	// The review under discussion is hidden and nothing visible follows it.
	m.Items[1].ReviewAt = 1
	m.Items[1].Reviews = m.Items[1].Reviews[:2]
	got = m.ForViewer(viewer, func(ID) bool { return true }, func(id ID) bool { return id != hiddenAction })
	if r := got.Items[1]; len(r.Reviews) != 1 || r.ReviewAt != 1 {
		t.Errorf("reviews %+v at %d; want one, and past it", r.Reviews, r.ReviewAt)
	}
}

func TestMeetingCloneIsDeep(t *testing.T) {
	m := votingMeeting(t)
	m.Items[0].Problems = []ID{1}
	m.Items[0].Notes = []Note{{Text: "a"}}
	m.Items[1].Reviews = []Review{{ActionID: 1}}
	m.Vote.Result = []ID{1}
	m.Vote.Ballots[0].Choices = []ID{1}
	before := m.Clone()
	c := m.Clone()
	c.Items[0].Title = "x"
	c.Items[0].Problems[0] = 9
	c.Items[0].Notes[0].Text = "x"
	c.Items[1].Reviews[0].ActionID = 9
	c.Attendance[0].Name = "x"
	c.Vote.Candidates[0] = 9
	c.Vote.Counts[0].Votes = 9
	c.Vote.Result[0] = 9
	c.Vote.Ballots[0].Choices[0] = 9
	c.Vote.Open = false
	if !reflect.DeepEqual(m, before) {
		t.Error("changing a clone changed the meeting")
	}
}

func TestMeetingSafe(t *testing.T) {
	m := liveMeeting(t)
	m.Title = "Spring\x1b[2J"
	m.Items[0].Minutes = "Hello\x1b]0;x\x07 there"
	m.Items[0].Notes = []Note{{Text: "note\x07", By: "Eve\x1b[1m"}}
	m.Items[1].Reviews[0].Update = "upd\x1b[0m"
	m.Attendance[0].Name = "Ravi\x1b[31m"
	s := m.Safe()
	if s.Title != "Spring" || s.Items[0].Minutes != "Hello there" || s.Items[0].Notes[0].Text != "note" || s.Items[0].Notes[0].By != "Eve" ||
		s.Items[1].Reviews[0].Update != "upd" || s.Attendance[0].Name != "Ravi" {
		t.Errorf("Safe left control characters: %+v", s)
	}
	if m.Items[0].Notes[0].Text != "note\x07" || m.Attendance[0].Name != "Ravi\x1b[31m" {
		t.Error("Safe changed the original")
	}
}

func TestCarryOver(t *testing.T) {
	chair, sec := user(RoleChair, "residents"), user(RoleSecretary, "council")
	prev := applied(t, plannedMeeting(), sec,
		AddItem{Item: AgendaItem{Title: "Parking on Elm Road", Presenter: "Council", Allotted: 10, Problems: []ID{4}}, After: 6}, // 10
		AddItem{Item: AgendaItem{Title: "Youth club funding", Allotted: 5}, After: 6},                                            // 11
	)
	prev = applied(t, prev, chair, StartMeeting{}, StepItem{From: 1, To: 11}, StepItem{From: 11, To: 8}, CloseMeeting{})

	items := CarryOver(prev)
	want := append(StandardAgenda()[:7:7], AgendaItem{Title: "Parking on Elm Road", Presenter: "Council", Allotted: 10, Problems: []ID{4}, CarriedFrom: prev.ID})
	want = append(want, StandardAgenda()[7:]...)
	if !reflect.DeepEqual(items, want) {
		t.Errorf("carried over\n got  %+v\n want %+v", items, want)
	}
	items[7].Problems[0] = 99
	if it, _ := prev.Item(10); it.Problems[0] != 4 {
		t.Error("the new agenda shares its links with the old")
	}
}

func TestCheckReview(t *testing.T) {
	police := Visibility{Kind: VisAgencies, Agencies: []string{"police"}}
	a := Action{ID: 11, Ward: ward, Title: "Patrol the parade", OwnerAgency: "police", Assignee: "Mo Member", Status: ActionOpen, Visibility: Panel, CreatedBy: "Pat"}
	restricted := a
	restricted.Visibility = police
	live := liveMeeting(t)
	planned := plannedMeeting()
	closed := closedMeeting(t)
	outsider := user(RoleOfficer, "police")
	outsider.Wards = []string{"E05000002"}
	assignee := user(RoleMember, "residents")
	assignee.Name = "mo member"
	tests := []struct {
		name string
		u    User
		m    Meeting
		a    Action
		want error
	}{
		{"owner agency's officer", user(RoleOfficer, "police"), live, a, nil},
		{"secretary in the room", user(RoleSecretary, "council"), live, a, nil},
		{"chair", user(RoleChair, "residents"), live, a, nil},
		{"assignee", assignee, live, a, nil},
		{"another agency's officer", user(RoleOfficer, "housing"), live, a, ErrForbidden},
		{"member", user(RoleMember, "residents"), live, a, ErrForbidden},
		{"observer", user(RoleObserver, "residents"), live, a, ErrForbidden},
		{"admin", user(RoleAdmin, "council"), live, a, ErrForbidden},
		{"restricted action, outside it", user(RoleSecretary, "council"), live, restricted, ErrNotFound},
		{"restricted action, inside it", user(RoleOfficer, "police"), live, restricted, nil},
		{"other ward", outsider, live, a, ErrNotFound},
		{"planned meeting", user(RoleOfficer, "police"), planned, a, ErrForbidden},
		{"closed meeting", user(RoleOfficer, "police"), closed, a, ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, CheckReview(tt.u, tt.m, tt.a), tt.want, "")
		})
	}
}

func TestRecordReview(t *testing.T) {
	pat := user(RoleOfficer, "police")
	m := liveMeeting(t) // reviews of 11 and 12 under item 2
	if err := m.RecordReview(pat, 12, "Warrant executed on the 3rd", ActionDone, at(5)); err != nil {
		t.Fatal(err)
	}
	if err := m.RecordReview(pat, 14, "Raised since the meeting was made", ActionInProgress, at(6)); err != nil {
		t.Fatal(err)
	}
	want := []Review{
		{ActionID: 11},
		{ActionID: 12, Update: "Warrant executed on the 3rd", Status: ActionDone, By: pat.Name, At: at(5)},
		{ActionID: 14, Update: "Raised since the meeting was made", Status: ActionInProgress, By: pat.Name, At: at(6)},
	}
	if got := m.Items[1].Reviews; !reflect.DeepEqual(got, want) {
		t.Errorf("reviews\n got  %+v\n want %+v", got, want)
	}
	if m.Items[1].Reviews[0].Taken() || !m.Items[1].Reviews[1].Taken() {
		t.Error("Taken wrong")
	}
	wantErr(t, m.RecordReview(pat, 11, " ok ", ActionDone, at(7)), ErrInvalid, "update")
	m.Items = slices.DeleteFunc(m.Items, func(it AgendaItem) bool { return it.Kind == ItemReview })
	wantErr(t, m.RecordReview(pat, 11, "Done and dusted", ActionDone, at(7)), ErrForbidden, "")
}

func TestStepReview(t *testing.T) {
	chair := user(RoleChair, "residents")
	m := applied(t, liveMeeting(t), chair, StepReview{Item: 2, To: 1})
	if m.Items[1].ReviewAt != 1 {
		t.Errorf("ReviewAt %d", m.Items[1].ReviewAt)
	}
	for _, to := range []int{-1, 1, 2} {
		_, err := ApplyMeetingChange(chair, &m, StepReview{Item: 2, To: to}, at(3))
		wantErr(t, err, ErrUnchanged, "")
	}
	_, err := ApplyMeetingChange(chair, &m, StepReview{Item: 42, To: 0}, at(3))
	wantErr(t, err, ErrNotFound, "")
}

func TestNoteAction(t *testing.T) {
	m := liveMeeting(t)
	a := Action{ID: 21, Title: "Survey the lighting"}
	if err := m.NoteAction(6, a, user(RoleSecretary, "council"), at(2)); err != nil {
		t.Fatal(err)
	}
	it, _ := m.Item(6)
	want := []Note{{Kind: NoteAction, Text: "Survey the lighting", ActionID: 21, By: "secretary@council", At: at(2)}}
	if !reflect.DeepEqual(it.Notes, want) {
		t.Errorf("notes %+v", it.Notes)
	}
	wantErr(t, m.NoteAction(42, a, user(RoleSecretary, "council"), at(2)), ErrNotFound, "")
}
