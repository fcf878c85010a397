package store

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// meetingDay is when the test meetings are held.
var meetingDay = time.Date(2025, 3, 10, 19, 0, 0, 0, time.UTC)

// planMeeting creates a meeting of north with defaults for what the test does not care about.
func (e *env) planMeeting(t testing.TB, by string, m model.Meeting) model.Meeting {
	t.Helper()
	m.Ward, m.Title = cmp.Or(m.Ward, north), cmp.Or(m.Title, "Northgate ward panel")
	if m.When.IsZero() {
		m.When = meetingDay
	}
	got, err := e.s.CreateMeeting(e.actor(by), m)
	if err != nil {
		t.Fatalf("CreateMeeting by %s: %v", by, err)
	}
	return got
}

// runMeeting applies changes that must succeed and returns the meeting as by then reads it.
func (e *env) runMeeting(t testing.TB, by string, id model.ID, chs ...model.MeetingChange) model.Meeting {
	t.Helper()
	var m model.Meeting
	for _, ch := range chs {
		var err error
		if m, err = e.s.ChangeMeeting(e.actor(by), id, ch); err != nil {
			t.Fatalf("%T by %s: %v", ch, by, err)
		}
	}
	return m
}

func (e *env) raiseInMeeting(t testing.TB, by string, meeting model.ID, item int, a model.Action) model.Action {
	t.Helper()
	if a.OwnerAgency == "" {
		a.OwnerAgency = e.u[by].Agency
	}
	if a.Due.IsZero() {
		a.Due = day(31)
	}
	got, err := e.s.RaiseMeetingAction(e.actor(by), meeting, item, a)
	if err != nil {
		t.Fatalf("RaiseMeetingAction by %s: %v", by, err)
	}
	return got
}

func (e *env) readMeeting(t testing.TB, who string, id model.ID) model.Meeting {
	t.Helper()
	m, err := e.s.Meeting(e.u[who], id)
	if err != nil {
		t.Fatalf("Meeting for %s: %v", who, err)
	}
	return m
}

// enrol adds one more persona for a test.
func (e *env) enrol(t testing.TB, name, agency string, role model.Role, seed byte, wards ...string) {
	t.Helper()
	u, err := e.s.AddUser(model.Operator, model.User{Name: name, Agency: agency, Role: role, Wards: wards, Keys: []model.Key{testKey(seed, name)}})
	if err != nil {
		t.Fatal(err)
	}
	e.u[name] = u
}

// lastAuditEntry reads the newest entry of the trail directly, whoever could see it.
func lastAuditEntry(t testing.TB, s *Store) model.AuditEntry {
	t.Helper()
	var e model.AuditEntry
	err := s.db.View(func(tx *bolt.Tx) error {
		_, v := tx.Bucket(bucketAudit).Cursor().Last()
		if v == nil {
			return errors.New("the trail is empty")
		}
		return decode(v, &e)
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// wroteOne checks that a write left exactly one audit entry and one revision.
func wroteOne(t *testing.T, e *env, write func() error) model.AuditEntry {
	t.Helper()
	before, rev := auditCount(t, e.s), e.s.Revision()
	if err := write(); err != nil {
		t.Fatalf("write refused: %v", err)
	}
	if n := auditCount(t, e.s) - before; n != 1 {
		t.Errorf("the write left %d audit entries, want 1", n)
	}
	if got := e.s.Revision(); got != rev+1 {
		t.Errorf("revision %d → %d, want one step", rev, got)
	}
	return lastAuditEntry(t, e.s)
}

// changedNothing runs a change that succeeds without altering anything:
// no error, no audit entry, no revision, nothing published.
func changedNothing(t *testing.T, e *env, by string, id model.ID, ch model.MeetingChange) model.Meeting {
	t.Helper()
	sub := e.s.Subscribe()
	defer sub.Close()
	before, rev := auditCount(t, e.s), e.s.Revision()
	m, err := e.s.ChangeMeeting(e.actor(by), id, ch)
	if err != nil {
		t.Fatalf("%T by %s: %v, want no error", ch, by, err)
	}
	if auditCount(t, e.s) != before || e.s.Revision() != rev || !empty(sub) {
		t.Errorf("%T by %s changed nothing but wrote", ch, by)
	}
	if m.ID != id {
		t.Errorf("%T by %s returned meeting %d", ch, by, m.ID)
	}
	return m
}

func reviewIDs(m model.Meeting) []model.ID {
	out := []model.ID{}
	if it := m.ItemOfKind(model.ItemReview); it != nil {
		for _, r := range it.Reviews {
			out = append(out, r.ActionID)
		}
	}
	return out
}

// reviewItem is the meeting's matters arising item.
func reviewItem(m model.Meeting) *model.AgendaItem { return m.ItemOfKind(model.ItemReview) }

func noteActionIDs(it model.AgendaItem) []model.ID {
	out := []model.ID{}
	for _, n := range it.Notes {
		if n.ActionID != 0 {
			out = append(out, n.ActionID)
		}
	}
	return out
}

func itemTitles(m model.Meeting) []string {
	out := []string{}
	for _, it := range m.Items {
		out = append(out, it.Title)
	}
	return out
}

func TestMeetingCreate(t *testing.T) {
	e := newEnv(t)
	e.enrol(t, "Sue South", "council", model.RoleSecretary, 20, south)
	items := []model.AgendaItem{
		{ID: 40, Title: " Welcome ", Allotted: 5, Minutes: "sneaked in", MinutesVersion: 3, Reached: true, Spent: time.Hour,
			Reviews: []model.Review{{ActionID: 9}}, Notes: []model.Note{{Text: "x"}}, CarriedFrom: 7},
		{Kind: model.ItemReview, Title: "Matters arising", Allotted: 10},
	}
	callers := slices.Clone(items)
	var m model.Meeting
	entry := wroteOne(t, e, func() (err error) {
		m, err = e.s.CreateMeeting(e.actor("Sam Secretary"), model.Meeting{
			Ward: "e05000001", Title: " Spring panel ", When: meetingDay, Venue: "Library", Items: items,
			// Bookkeeping the caller cannot set.
			ID: 50, State: model.MeetingClosed, Chair: "Nobody", Current: 2, ItemStarted: meetingDay, StartedAt: meetingDay,
			ClosedAt: meetingDay, Attendance: []model.Attendee{{Name: "Ghost"}}, Vote: &model.Vote{Open: true},
			NextItem: 70, CreatedBy: "x", UpdatedBy: "x", Version: 9,
		})
		return err
	})
	if m.CreatedAt.IsZero() || !m.CreatedAt.Equal(m.UpdatedAt) {
		t.Errorf("created at %v, updated at %v", m.CreatedAt, m.UpdatedAt)
	}
	want := model.Meeting{
		ID: 1, Ward: north, Title: "Spring panel", When: meetingDay, Venue: "Library", State: model.MeetingPlanned,
		Items:    []model.AgendaItem{{ID: 1, Title: "Welcome", Allotted: 5}, {ID: 2, Kind: model.ItemReview, Title: "Matters arising", Allotted: 10}},
		NextItem: 2, CreatedBy: "Sam Secretary", CreatedAt: m.CreatedAt, UpdatedBy: "Sam Secretary", UpdatedAt: m.CreatedAt, Version: 1,
	}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("created\n got  %+v\n want %+v", m, want)
	}
	if !reflect.DeepEqual(items, callers) {
		t.Error("CreateMeeting rewrote the caller's items")
	}
	if entry.Action != "meeting.create" || entry.Target != "meeting/1" || entry.Ward != north || entry.Visibility.String() != "panel" ||
		entry.Actor.User.Name != "Sam Secretary" || !strings.Contains(entry.Summary, "Spring panel") {
		t.Errorf("audit %+v", entry)
	}
	// Every user of the ward reads it; nobody else does.
	for _, who := range []string{"Mo Member", "Olu Observer", "Ada Admin", "Pat Police"} {
		if got := e.readMeeting(t, who, m.ID); !reflect.DeepEqual(got, m) {
			t.Errorf("%s reads %+v", who, got)
		}
		if list, err := e.s.Meetings(e.u[who], north); err != nil || len(list) != 1 || !reflect.DeepEqual(list[0], m) {
			t.Errorf("Meetings for %s: %+v, %v", who, list, err)
		}
	}
	_, err := e.s.Meeting(e.u["Sol South"], m.ID)
	wantIs(t, err, model.ErrNotFound)
	if list, err := e.s.Meetings(e.u["Sol South"], north); err != nil || len(list) != 0 {
		t.Errorf("Meetings for another ward's user: %+v, %v", list, err)
	}
	_, err = e.s.Meeting(e.u["Mo Member"], 99)
	wantIs(t, err, model.ErrNotFound)

	// With no items, the handbook's agenda.
	std := e.planMeeting(t, "Chris Chair", model.Meeting{})
	if !reflect.DeepEqual(itemTitles(std), itemTitles(model.Meeting{Items: model.StandardAgenda()})) || std.NextItem != 9 ||
		std.Items[0].ID != 1 || std.Items[8].ID != 9 {
		t.Errorf("default agenda %+v", std.Items)
	}
}

func TestMeetingCreateRefused(t *testing.T) {
	e := newEnv(t)
	e.enrol(t, "Sue South", "council", model.RoleSecretary, 20, south)
	southern := e.create(t, "Sol South", model.Problem{Ward: south, Title: "Southern fly-tipping"})
	secret := e.create(t, "Pat Police", model.Problem{Title: "Dealing in Elm Court", Visibility: onlyAgencies("police")})
	southMeeting := e.planMeeting(t, "Sue South", model.Meeting{Ward: south})
	linked := func(id model.ID) func(*model.Meeting) {
		return func(m *model.Meeting) {
			m.Items = []model.AgendaItem{{Title: "Crime picture", Allotted: 10, Problems: []model.ID{id}}}
		}
	}
	tests := []struct {
		name  string
		by    string
		edit  func(*model.Meeting)
		want  error
		field string
	}{
		{"member", "Mo Member", nil, model.ErrForbidden, ""},
		{"officer", "Pat Police", nil, model.ErrForbidden, ""},
		{"observer", "Olu Observer", nil, model.ErrForbidden, ""},
		{"admin", "Ada Admin", nil, model.ErrForbidden, ""},
		{"secretary of another ward", "Sue South", nil, model.ErrForbidden, ""},
		{"unknown ward", "Sam Secretary", func(m *model.Meeting) { m.Ward = "E05000099" }, model.ErrNotFound, ""},
		{"bad ward", "Sam Secretary", func(m *model.Meeting) { m.Ward = "Northgate" }, model.ErrInvalid, "ward"},
		{"short title", "Sam Secretary", func(m *model.Meeting) { m.Title = "Hi" }, model.ErrInvalid, "title"},
		{"no time", "Sam Secretary", func(m *model.Meeting) { m.When = time.Time{} }, model.ErrInvalid, "when"},
		{"item without a title", "Sam Secretary", func(m *model.Meeting) { m.Items = []model.AgendaItem{{Allotted: 5}} }, model.ErrInvalid, "title"},
		{"item with too much time", "Sam Secretary", func(m *model.Meeting) { m.Items = []model.AgendaItem{{Title: "AOB", Allotted: 500}} }, model.ErrInvalid, "minutes"},
		{"another ward's problem", "Sam Secretary", linked(southern.ID), model.ErrNotFound, ""},
		{"a problem hidden from the secretary", "Sam Secretary", linked(secret.ID), model.ErrNotFound, ""},
		{"unknown previous meeting", "Sam Secretary", func(m *model.Meeting) { m.PreviousID = 99 }, model.ErrNotFound, ""},
		{"another ward's previous meeting", "Sam Secretary", func(m *model.Meeting) { m.PreviousID = southMeeting.ID }, model.ErrNotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := model.Meeting{Ward: north, Title: "Northgate ward panel", When: meetingDay}
			if tt.edit != nil {
				tt.edit(&m)
			}
			err := wroteNothing(t, e, func() error { _, err := e.s.CreateMeeting(e.actor(tt.by), m); return err })
			wantIs(t, err, tt.want)
			var ve *model.ValidationError
			if tt.field != "" && (!errors.As(err, &ve) || ve.Field != tt.field) {
				t.Errorf("error %v does not name %q", err, tt.field)
			}
		})
	}
}

// TestMeetingPermissionsByRole runs each change as each role through the
// store: the allowed ones write, the others are refused and write nothing.
func TestMeetingPermissionsByRole(t *testing.T) {
	e := newEnv(t)
	e.enrol(t, "Val Vice", "council", model.RoleViceChair, 21, north)
	problem := e.create(t, "Pat Police", model.Problem{Title: "Fly-tipping on Elm Road"})
	// Two actions raised at an earlier meeting, for matters arising to step through.
	earlier := e.planMeeting(t, "Sam Secretary", model.Meeting{})
	e.raiseInMeeting(t, "Pat Police", earlier.ID, 7, model.Action{Title: "Patrol the parade"})
	e.raiseInMeeting(t, "Pat Police", earlier.ID, 7, model.Action{Title: "Visit the shop"})

	planned := func(t *testing.T) model.ID { return e.planMeeting(t, "Sam Secretary", model.Meeting{}).ID }
	live := func(t *testing.T) model.ID {
		id := planned(t)
		e.runMeeting(t, "Chris Chair", id, model.StartMeeting{})
		e.runMeeting(t, "Sam Secretary", id, model.AddAttendee{Attendee: model.Attendee{Name: "Jo Bloggs", Agency: "fire"}})
		return id
	}
	voting := func(t *testing.T) model.ID {
		id := live(t)
		e.runMeeting(t, "Chris Chair", id, model.OpenVote{Candidates: []model.ID{problem.ID}})
		return id
	}
	voted := func(t *testing.T) model.ID {
		id := voting(t)
		e.runMeeting(t, "Mo Member", id, model.CastVote{Choices: []model.ID{problem.ID}})
		return id
	}
	everyone := []string{"Chris Chair", "Val Vice", "Sam Secretary", "Pat Police", "Mo Member", "Olu Observer", "Ada Admin"}
	chairs := []string{"Chris Chair", "Val Vice"}
	keepers := []string{"Chris Chair", "Val Vice", "Sam Secretary"}
	voters := []string{"Chris Chair", "Val Vice", "Sam Secretary", "Pat Police", "Mo Member"}
	tests := []struct {
		name    string
		setup   func(*testing.T) model.ID
		ch      model.MeetingChange
		allowed []string
	}{
		{"edit meeting", planned, model.EditMeeting{Title: "Summer panel", When: meetingDay.AddDate(0, 3, 0), Venue: "Library"}, keepers},
		{"add item", planned, model.AddItem{Item: model.AgendaItem{Title: "Youth club", Allotted: 10}, After: 4}, keepers},
		{"edit item", planned, model.EditItem{ID: 4, Title: "Crime picture", Allotted: 20, Problems: []model.ID{problem.ID}}, keepers},
		{"remove item", planned, model.RemoveItem{ID: 9}, keepers},
		{"move item", planned, model.MoveItem{ID: 9, By: -1}, keepers},
		{"start", planned, model.StartMeeting{}, chairs},
		{"step item", live, model.StepItem{From: 1, To: 2}, chairs},
		{"step review", live, model.StepReview{Item: 2, To: 1}, chairs},
		{"close", live, model.CloseMeeting{}, chairs},
		{"write minutes", live, model.WriteMinutes{Item: 1, Text: "Apologies from the fire service."}, keepers},
		{"add note", live, model.AddNote{Item: 4, Kind: model.NoteDecision, Text: "Ask for the survey results"}, keepers},
		{"add attendee", live, model.AddAttendee{Attendee: model.Attendee{Name: "Ravi Resident", Agency: "residents", Kind: model.AttendApologies}}, keepers},
		{"remove attendee", live, model.RemoveAttendee{Name: "Jo Bloggs"}, keepers},
		{"attend", live, model.Attend{}, everyone},
		{"open vote", live, model.OpenVote{Candidates: []model.ID{problem.ID}}, chairs},
		{"cast vote", voting, model.CastVote{Choices: []model.ID{problem.ID}}, voters},
		{"close vote", voted, model.CloseVote{}, chairs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := tt.setup(t)
			for _, who := range everyone {
				if slices.Contains(tt.allowed, who) {
					continue
				}
				err := wroteNothing(t, e, func() error { _, err := e.s.ChangeMeeting(e.actor(who), id, tt.ch); return err })
				if !errors.Is(err, model.ErrForbidden) {
					t.Errorf("%s: %v, want refused", who, err)
				}
			}
			err := wroteNothing(t, e, func() error { _, err := e.s.ChangeMeeting(e.actor("Sol South"), id, tt.ch); return err })
			if !errors.Is(err, model.ErrNotFound) {
				t.Errorf("another ward's officer: %v, want not found", err)
			}
			for _, who := range tt.allowed {
				id := tt.setup(t)
				before := e.readMeeting(t, who, id)
				var after model.Meeting
				entry := wroteOne(t, e, func() (err error) { after, err = e.s.ChangeMeeting(e.actor(who), id, tt.ch); return err })
				if after.Version != before.Version+1 || after.UpdatedBy != who {
					t.Errorf("%s: version %d → %d, updated by %s", who, before.Version, after.Version, after.UpdatedBy)
				}
				if entry.Target != fmt.Sprintf("meeting/%d", id) || entry.Ward != north || entry.Visibility.String() != "panel" ||
					entry.Actor.User.Name != who || entry.Action.Family() != model.FamilyMeeting {
					t.Errorf("%s: audit %+v", who, entry)
				}
			}
		})
	}

	// A closed meeting refuses everything: its minutes are frozen.
	closed := voted(t)
	e.runMeeting(t, "Chris Chair", closed, model.CloseVote{}, model.CloseMeeting{})
	for _, tt := range tests {
		for _, who := range keepers {
			if _, ok := tt.ch.(model.Attend); ok {
				changedNothing(t, e, who, closed, tt.ch)
				continue
			}
			err := wroteNothing(t, e, func() error { _, err := e.s.ChangeMeeting(e.actor(who), closed, tt.ch); return err })
			if !errors.Is(err, model.ErrForbidden) {
				t.Errorf("%s by %s on a closed meeting: %v", tt.name, who, err)
			}
		}
	}
	err := wroteNothing(t, e, func() error {
		_, err := e.s.RaiseMeetingAction(e.actor("Pat Police"), closed, 7, model.Action{Title: "Late action", OwnerAgency: "police", Due: day(31)})
		return err
	})
	wantIs(t, err, model.ErrForbidden)
}

func TestMeetingAgendaInStore(t *testing.T) {
	e := newEnv(t)
	open := e.create(t, "Pat Police", model.Problem{Title: "Fly-tipping on Elm Road"})
	secret := e.create(t, "Pat Police", model.Problem{Title: "Dealing in Elm Court", Visibility: onlyAgencies("police")})
	southern := e.create(t, "Sol South", model.Problem{Ward: south, Title: "Southern fly-tipping"})
	m := e.planMeeting(t, "Sam Secretary", model.Meeting{})
	m = e.runMeeting(t, "Sam Secretary", m.ID,
		model.AddItem{Item: model.AgendaItem{Title: "Youth club", Presenter: "Youth service", Allotted: 10}, After: 5},
		model.EditItem{ID: 4, Title: "Crime, ASB and survey picture", Presenter: "PC Jones", Allotted: 25, Problems: []model.ID{open.ID}},
		model.MoveItem{ID: 9, By: -1},
		model.RemoveItem{ID: 8},
	)
	want := []string{"Welcome and apologies", "Minutes and actions of the last meeting", "Police actions on the previous priorities",
		"Crime, ASB and survey picture", "Partner updates", "Youth club", "Community concerns", "Agree priorities and actions", "Date of next meeting"}
	if got := itemTitles(m); !slices.Equal(got, want) {
		t.Errorf("agenda\n got  %q\n want %q", got, want)
	}
	if it, _ := m.Item(4); it.Allotted != 25 || it.Presenter != "PC Jones" || !slices.Equal(it.Problems, []model.ID{open.ID}) {
		t.Errorf("item 4 %+v", it)
	}
	if m.Allotted() != 120*time.Minute || m.Version != 5 {
		t.Errorf("allotted %v version %d", m.Allotted(), m.Version)
	}
	// Links are checked against the ward and what the editor can see.
	for _, p := range []model.ID{southern.ID, secret.ID, 99} {
		for _, ch := range []model.MeetingChange{
			model.EditItem{ID: 4, Title: "Crime picture", Allotted: 10, Problems: []model.ID{p}},
			model.AddItem{Item: model.AgendaItem{Title: "Linked", Problems: []model.ID{open.ID, p}}},
		} {
			err := wroteNothing(t, e, func() error { _, err := e.s.ChangeMeeting(e.actor("Sam Secretary"), m.ID, ch); return err })
			wantIs(t, err, model.ErrNotFound)
		}
	}
	// Validation errors name the field.
	for _, c := range []struct {
		ch    model.MeetingChange
		field string
	}{
		{model.EditMeeting{Title: "Hi", When: meetingDay}, "title"},
		{model.EditMeeting{Title: "Summer panel"}, "when"},
		{model.EditItem{ID: 4, Title: "Crime picture", Allotted: -5}, "minutes"},
		{model.AddItem{Item: model.AgendaItem{Title: " "}}, "title"},
	} {
		err := wroteNothing(t, e, func() error { _, err := e.s.ChangeMeeting(e.actor("Sam Secretary"), m.ID, c.ch); return err })
		var ve *model.ValidationError
		if !errors.As(err, &ve) || ve.Field != c.field {
			t.Errorf("%T: %v, want an error on %q", c.ch, err, c.field)
		}
	}
	// The item under discussion and items with minutes stay.
	m = e.runMeeting(t, "Chris Chair", m.ID, model.StartMeeting{})
	e.runMeeting(t, "Sam Secretary", m.ID, model.WriteMinutes{Item: 5, Text: "Housing: new CCTV on the estate."})
	for _, id := range []int{1, 5} {
		err := wroteNothing(t, e, func() error {
			_, err := e.s.ChangeMeeting(e.actor("Sam Secretary"), m.ID, model.RemoveItem{ID: id})
			return err
		})
		wantIs(t, err, model.ErrForbidden)
	}
	if got := e.readMeeting(t, "Mo Member", m.ID); len(got.Items) != 9 {
		t.Errorf("%d items left", len(got.Items))
	}
}

func TestMeetingLiveFlow(t *testing.T) {
	e := newEnv(t)
	m := e.planMeeting(t, "Sam Secretary", model.Meeting{})
	m = e.runMeeting(t, "Chris Chair", m.ID, model.StartMeeting{})
	if m.State != model.MeetingLive || m.Current != 1 || m.Chair != "Chris Chair" || !m.Items[0].Reached ||
		!m.StartedAt.Equal(m.UpdatedAt) || !m.ItemStarted.Equal(m.UpdatedAt) {
		t.Fatalf("started %+v", m)
	}
	// Every connected screen reads the same current item and timer.
	for _, who := range []string{"Mo Member", "Pat Police", "Olu Observer", "Ada Admin"} {
		if got := e.readMeeting(t, who, m.ID); got.Current != 1 || !got.ItemStarted.Equal(m.ItemStarted) || got.CurrentItem().Title != "Welcome and apologies" {
			t.Errorf("%s is on item %d since %v", who, got.Current, got.ItemStarted)
		}
	}
	if got := m.Elapsed(m.ItemStarted.Add(3*time.Minute + 20*time.Second)); got != 3*time.Minute+20*time.Second {
		t.Errorf("Elapsed = %v", got)
	}
	started := m.ItemStarted

	m = e.runMeeting(t, "Chris Chair", m.ID, model.StepItem{From: 1, To: 2})
	if m.Current != 2 || m.Items[0].Spent != m.ItemStarted.Sub(started) || m.Items[0].Spent <= 0 {
		t.Errorf("after stepping: on %d, item 1 spent %v", m.Current, m.Items[0].Spent)
	}
	stepped := m

	// The police chair's screen still showed item 1 when they pressed next.
	err := wroteNothing(t, e, func() error {
		_, err := e.s.ChangeMeeting(e.actor("Cass Police Chair"), m.ID, model.StepItem{From: 1, To: 2})
		return err
	})
	var conflict *model.ConflictError
	if !errors.As(err, &conflict) || conflict.By != "Chris Chair" || !conflict.At.Equal(stepped.UpdatedAt) {
		t.Errorf("stale step: %v, want a conflict naming Chris", err)
	}
	if got := e.readMeeting(t, "Mo Member", m.ID); got.Current != 2 || got.Version != stepped.Version {
		t.Errorf("after the stale step: on %d, version %d", got.Current, got.Version)
	}

	// Both chairs press next at the same moment: the meeting moves once.
	before, rev := auditCount(t, e.s), e.s.Revision()
	chairs := []string{"Chris Chair", "Cass Police Chair"}
	errs := make([]error, len(chairs))
	var wg sync.WaitGroup
	for i, who := range chairs {
		wg.Go(func() {
			_, errs[i] = e.s.ChangeMeeting(e.actor(who), m.ID, model.StepItem{From: 2, To: 3})
		})
	}
	wg.Wait()
	won := slices.IndexFunc(errs, func(err error) bool { return err == nil })
	if won < 0 || errs[1-won] == nil {
		t.Fatalf("both stepped or neither: %v", errs)
	}
	if !errors.As(errs[1-won], &conflict) || conflict.By != chairs[won] {
		t.Errorf("the second press: %v, want a conflict naming %s", errs[1-won], chairs[won])
	}
	if auditCount(t, e.s) != before+1 || e.s.Revision() != rev+1 {
		t.Error("two presses wrote twice")
	}
	m = e.readMeeting(t, "Mo Member", m.ID)
	if m.Current != 3 {
		t.Errorf("on item %d, want 3", m.Current)
	}

	// Going back and forth adds up the time spent on each item.
	back := e.runMeeting(t, "Chris Chair", m.ID, model.StepItem{From: 3, To: 1})
	on := e.runMeeting(t, "Chris Chair", m.ID, model.StepItem{From: 1, To: 4})
	if want := stepped.ItemStarted.Sub(started) + on.ItemStarted.Sub(back.ItemStarted); on.Items[0].Spent != want {
		t.Errorf("item 1 spent %v, want %v", on.Items[0].Spent, want)
	}
	if on.Items[2].Spent != back.ItemStarted.Sub(m.ItemStarted) {
		t.Errorf("item 3 spent %v", on.Items[2].Spent)
	}

	closed := e.runMeeting(t, "Chris Chair", m.ID, model.CloseMeeting{})
	if closed.State != model.MeetingClosed || closed.Current != 0 || !closed.ClosedAt.Equal(closed.UpdatedAt) ||
		closed.Items[3].Spent != closed.ClosedAt.Sub(on.ItemStarted) || closed.Elapsed(closed.ClosedAt.Add(time.Hour)) != 0 {
		t.Errorf("closed %+v", closed)
	}
	reached := []bool{}
	for _, it := range closed.Items {
		reached = append(reached, it.Reached)
	}
	if !slices.Equal(reached, []bool{true, true, true, true, false, false, false, false, false}) {
		t.Errorf("reached %v", reached)
	}
	// Closed: the minutes are frozen, for the chair as for anyone.
	for _, ch := range []model.MeetingChange{
		model.WriteMinutes{Item: 4, Text: "Added later"},
		model.AddNote{Item: 4, Kind: model.NoteDecision, Text: "Decided later"},
		model.StepItem{From: 0, To: 1},
		model.StartMeeting{},
	} {
		err := wroteNothing(t, e, func() error { _, err := e.s.ChangeMeeting(e.actor("Chris Chair"), m.ID, ch); return err })
		wantIs(t, err, model.ErrForbidden)
	}
	if list, err := e.s.Meetings(e.u["Mo Member"], north); err != nil || len(list) != 1 || list[0].State != model.MeetingClosed {
		t.Errorf("Meetings %+v, %v", list, err)
	}
}

func TestMeetingMattersArising(t *testing.T) {
	e := newEnv(t)
	e.enrol(t, "Dee Dual", "police", model.RoleOfficer, 22, north, south)
	m1 := e.planMeeting(t, "Sam Secretary", model.Meeting{Title: "Spring panel"})
	e.runMeeting(t, "Sam Secretary", m1.ID, model.AddItem{Item: model.AgendaItem{Title: "Parking on Elm Road", Presenter: "Council", Allotted: 10}, After: 7}) // item 10
	e.runMeeting(t, "Chris Chair", m1.ID, model.StartMeeting{})

	// Actions raised in the room.
	var patrol model.Action
	entry := wroteOne(t, e, func() (err error) {
		patrol, err = e.s.RaiseMeetingAction(e.actor("Pat Police"), m1.ID, 7, model.Action{Title: "Patrol the parade", OwnerAgency: "police", Due: day(31), Ward: south, MeetingID: 77})
		return err
	})
	if patrol.ID == 0 || patrol.MeetingID != m1.ID || patrol.Ward != north || patrol.Status != model.ActionOpen || patrol.CreatedBy != "Pat Police" {
		t.Errorf("raised %+v", patrol)
	}
	if entry.Action != "action.create" || entry.Target != fmt.Sprintf("action/%d", patrol.ID) || entry.Ward != north ||
		!strings.Contains(entry.Summary, fmt.Sprintf("in meeting %d, item 7", m1.ID)) {
		t.Errorf("audit %+v", entry)
	}
	lights := e.raiseInMeeting(t, "Sam Secretary", m1.ID, 7, model.Action{Title: "Fix the lights", OwnerAgency: "housing"})
	leaflets := e.raiseInMeeting(t, "Sam Secretary", m1.ID, 6, model.Action{Title: "Leaflet the estate", OwnerAgency: "housing"})
	shop := e.raiseInMeeting(t, "Pat Police", m1.ID, 7, model.Action{Title: "Visit the shop"})
	if _, err := e.s.SetActionStatus(e.actor("Pat Police"), shop.ID, model.ActionDone, nil); err != nil {
		t.Fatal(err)
	}
	elsewhere := e.raise(t, "Pat Police", model.Action{Title: "Not from a meeting"})
	southern := e.raise(t, "Sol South", model.Action{Ward: south, Title: "Southern patrol"})

	// They are in Actions at once, and noted under their item.
	list, err := e.s.Actions(e.u["Mo Member"], north)
	if err != nil || !slices.Equal(actionIDs(list), []model.ID{patrol.ID, lights.ID, leaflets.ID, shop.ID, elsewhere.ID}) {
		t.Errorf("Actions %v, %v", actionIDs(list), err)
	}
	got := e.readMeeting(t, "Mo Member", m1.ID)
	it7, _ := got.Item(7)
	if !slices.Equal(noteActionIDs(*it7), []model.ID{patrol.ID, lights.ID, shop.ID}) || it7.Notes[0].Kind != model.NoteAction ||
		it7.Notes[0].Text != "Patrol the parade" || it7.Notes[0].By != "Pat Police" || !it7.Notes[0].At.Equal(patrol.CreatedAt) {
		t.Errorf("item 7 notes %+v", it7.Notes)
	}
	for _, c := range []struct {
		who  string
		item int
		want error
	}{
		{"Mo Member", 7, model.ErrForbidden},
		{"Olu Observer", 7, model.ErrForbidden},
		{"Sam Secretary", 42, model.ErrNotFound},
		{"Sol South", 7, model.ErrNotFound},
	} {
		err := wroteNothing(t, e, func() error {
			_, err := e.s.RaiseMeetingAction(e.actor(c.who), m1.ID, c.item, model.Action{Title: "Something", OwnerAgency: "police", Due: day(31)})
			return err
		})
		if !errors.Is(err, c.want) {
			t.Errorf("%s raising under item %d: %v, want %v", c.who, c.item, err, c.want)
		}
	}

	// The meeting runs out of time before item 10.
	e.runMeeting(t, "Chris Chair", m1.ID, model.StepItem{From: 1, To: 7}, model.StepItem{From: 7, To: 8}, model.CloseMeeting{})

	// The next meeting is made from it.
	m2 := e.planMeeting(t, "Sam Secretary", model.Meeting{Title: "Summer panel", PreviousID: m1.ID})
	std := itemTitles(model.Meeting{Items: model.StandardAgenda()})
	if want := slices.Insert(std, 7, "Parking on Elm Road"); !slices.Equal(itemTitles(m2), want) {
		t.Errorf("carried-over agenda\n got  %q\n want %q", itemTitles(m2), want)
	}
	if it := m2.Items[7]; it.CarriedFrom != m1.ID || it.Presenter != "Council" || it.Allotted != 10 || it.Reached {
		t.Errorf("carried item %+v", it)
	}
	if got := reviewIDs(m2); !slices.Equal(got, []model.ID{patrol.ID, lights.ID, leaflets.ID}) {
		t.Errorf("matters arising lists %v; want the open actions of meeting 1", got)
	}
	if lastAuditEntry(t, e.s).Summary == "" || !strings.Contains(lastAuditEntry(t, e.s).Summary, fmt.Sprintf("carried over from meeting %d", m1.ID)) {
		t.Errorf("audit %+v", lastAuditEntry(t, e.s))
	}

	// Reviewing needs a live meeting.
	err = wroteNothing(t, e, func() error {
		_, err := e.s.ReviewAction(e.actor("Pat Police"), m2.ID, patrol.ID, "Patrols twice a week", "")
		return err
	})
	wantIs(t, err, model.ErrForbidden)

	// Leafleting was cancelled before the meeting: it is no longer matters arising.
	if _, err := e.s.SetActionStatus(e.actor("Hana Housing"), leaflets.ID, model.ActionCancelled, nil); err != nil {
		t.Fatal(err)
	}
	m2 = e.runMeeting(t, "Chris Chair", m2.ID, model.StartMeeting{})
	if got := reviewIDs(m2); !slices.Equal(got, []model.ID{patrol.ID, lights.ID}) {
		t.Errorf("matters arising at the start lists %v", got)
	}
	review := m2.ItemOfKind(model.ItemReview).ID

	// Members and other agencies' officers do not record an action's update.
	for _, who := range []string{"Mo Member", "Olu Observer", "Hana Housing", "Ada Admin"} {
		err := wroteNothing(t, e, func() error {
			_, err := e.s.ReviewAction(e.actor(who), m2.ID, patrol.ID, "Patrols twice a week", model.ActionInProgress)
			return err
		})
		wantIs(t, err, model.ErrForbidden)
	}
	// The owner does: the update is captured in place and the action moves.
	var after model.Meeting
	entry = wroteOne(t, e, func() (err error) {
		after, err = e.s.ReviewAction(e.actor("Pat Police"), m2.ID, patrol.ID, "Patrols twice a week since March", "In Progress")
		return err
	})
	r := after.ItemOfKind(model.ItemReview).Reviews[0]
	if r.ActionID != patrol.ID || r.Update != "Patrols twice a week since March" || r.Status != model.ActionInProgress ||
		r.By != "Pat Police" || !r.At.Equal(after.UpdatedAt) {
		t.Errorf("review %+v", r)
	}
	if entry.Action != "action.review" || entry.Target != fmt.Sprintf("action/%d", patrol.ID) || entry.Ward != north ||
		entry.Visibility.String() != "panel" || !strings.Contains(entry.Summary, "status open→in-progress") {
		t.Errorf("audit %+v", entry)
	}
	list, _ = e.s.Actions(e.u["Mo Member"], north)
	if i := slices.IndexFunc(list, func(a model.Action) bool { return a.ID == patrol.ID }); i < 0 ||
		list[i].Status != model.ActionInProgress || list[i].Version != 2 || list[i].UpdatedBy != "Pat Police" {
		t.Errorf("the action in Actions: %+v", list)
	}
	// The secretary takes down an update in the room; a blank status keeps the action as it is.
	after, err = e.s.ReviewAction(e.actor("Sam Secretary"), m2.ID, lights.ID, "Housing are waiting for the contractor", "")
	if err != nil {
		t.Fatal(err)
	}
	if r := after.ItemOfKind(model.ItemReview).Reviews[1]; r.Status != model.ActionOpen || r.By != "Sam Secretary" || !r.Taken() {
		t.Errorf("review %+v", r)
	}
	if a, _ := e.s.Action(e.u["Mo Member"], lights.ID); a.Version != 1 || a.Status != model.ActionOpen {
		t.Errorf("an update without a status changed the action: %+v", a)
	}
	for _, who := range []string{"Mo Member", "Olu Observer"} {
		got := reviewItem(e.readMeeting(t, who, m2.ID)).Reviews
		if len(got) != 2 || got[0].Update != "Patrols twice a week since March" || got[1].By != "Sam Secretary" {
			t.Errorf("%s reads reviews %+v", who, got)
		}
	}

	// The chair steps through them.
	err = wroteNothing(t, e, func() error {
		_, err := e.s.ChangeMeeting(e.actor("Mo Member"), m2.ID, model.StepReview{Item: review, To: 1})
		return err
	})
	wantIs(t, err, model.ErrForbidden)
	stepped := e.runMeeting(t, "Chris Chair", m2.ID, model.StepReview{Item: review, To: 1})
	if stepped.ItemOfKind(model.ItemReview).ReviewAt != 1 || reviewItem(e.readMeeting(t, "Mo Member", m2.ID)).ReviewAt != 1 {
		t.Error("the chair's step did not move matters arising")
	}
	changedNothing(t, e, "Chris Chair", m2.ID, model.StepReview{Item: review, To: 2})

	// Refusals leave the action and the minutes alone.
	for _, c := range []struct {
		who, update string
		action      model.ID
		status      model.ActionStatus
		want        error
	}{
		{"Pat Police", "Patrols continue", patrol.ID, "finished", model.ErrInvalid},
		{"Pat Police", "Reopened and started again", shop.ID, model.ActionInProgress, model.ErrInvalid}, // done → in-progress
		{"Pat Police", "ok", patrol.ID, "", model.ErrInvalid},
		{"Pat Police", "Not ours", 99, "", model.ErrNotFound},
		{"Dee Dual", "Southern patrol done", southern.ID, model.ActionDone, model.ErrNotFound}, // another ward's action
		{"Sol South", "Patrols continue", patrol.ID, "", model.ErrNotFound},
	} {
		err := wroteNothing(t, e, func() error {
			_, err := e.s.ReviewAction(e.actor(c.who), m2.ID, c.action, c.update, c.status)
			return err
		})
		if !errors.Is(err, c.want) {
			t.Errorf("%s reviewing %d (%q, %q): %v, want %v", c.who, c.action, c.update, c.status, err, c.want)
		}
	}
	if a, _ := e.s.Action(e.u["Sol South"], southern.ID); a.Status != model.ActionOpen {
		t.Errorf("another ward's action moved: %+v", a)
	}
	if got := reviewIDs(e.readMeeting(t, "Dee Dual", m2.ID)); !slices.Equal(got, []model.ID{patrol.ID, lights.ID}) {
		t.Errorf("matters arising now lists %v", got)
	}
	// A closed meeting hears no more.
	err = wroteNothing(t, e, func() error {
		_, err := e.s.ReviewAction(e.actor("Pat Police"), m1.ID, patrol.ID, "Patrols twice a week", "")
		return err
	})
	wantIs(t, err, model.ErrForbidden)
}

func TestMeetingPriorityVote(t *testing.T) {
	e := newEnv(t)
	p1 := e.create(t, "Pat Police", model.Problem{Title: "Fly-tipping on Elm Road"})
	p2 := e.create(t, "Pat Police", model.Problem{Title: "Youth nuisance at the parade"})
	p3 := e.create(t, "Hana Housing", model.Problem{Title: "Burglary on the estate"})
	secret := e.create(t, "Pat Police", model.Problem{Title: "Dealing in Elm Court", Visibility: onlyAgencies("police")})
	southern := e.create(t, "Sol South", model.Problem{Ward: south, Title: "Southern fly-tipping"})
	m := e.planMeeting(t, "Sam Secretary", model.Meeting{})

	change := func(who string, ch model.MeetingChange) error {
		_, err := e.s.ChangeMeeting(e.actor(who), m.ID, ch)
		return err
	}
	refused := func(who string, ch model.MeetingChange, want error, says string) {
		t.Helper()
		err := wroteNothing(t, e, func() error { return change(who, ch) })
		if !errors.Is(err, want) || !strings.Contains(err.Error(), says) {
			t.Errorf("%T by %s: %v, want %v saying %q", ch, who, err, want, says)
		}
	}
	refused("Chris Chair", model.OpenVote{Candidates: []model.ID{p1.ID}}, model.ErrForbidden, "not live")
	e.runMeeting(t, "Chris Chair", m.ID, model.StartMeeting{})

	// Candidates are the ward's problems that the whole panel sees.
	refused("Cass Police Chair", model.OpenVote{Candidates: []model.ID{p1.ID, secret.ID}}, model.ErrInvalid, "restricted")
	refused("Chris Chair", model.OpenVote{Candidates: []model.ID{p1.ID, secret.ID}}, model.ErrNotFound, "not found")
	refused("Chris Chair", model.OpenVote{Candidates: []model.ID{p1.ID, southern.ID}}, model.ErrNotFound, "not found")
	refused("Mo Member", model.OpenVote{Candidates: []model.ID{p1.ID}}, model.ErrForbidden, "chair")
	m = e.runMeeting(t, "Chris Chair", m.ID, model.OpenVote{Candidates: []model.ID{p3.ID, p1.ID, p2.ID}})
	if v := m.Vote; v == nil || !v.Open || !slices.Equal(v.Candidates, []model.ID{p1.ID, p2.ID, p3.ID}) || v.OpenedBy != "Chris Chair" {
		t.Fatalf("vote %+v", m.Vote)
	}

	ballots := []struct {
		who     string
		choices []model.ID
	}{
		{"Mo Member", []model.ID{p2.ID, p3.ID}},
		{"Pat Police", []model.ID{p1.ID, p2.ID}},
		{"Sam Secretary", []model.ID{p1.ID}},
		{"Chris Chair", []model.ID{p3.ID, p2.ID}},
	}
	for _, b := range ballots {
		wroteOne(t, e, func() error { return change(b.who, model.CastVote{Choices: b.choices}) })
	}
	refused("Mo Member", model.CastVote{Choices: []model.ID{p1.ID}}, model.ErrForbidden, "already voted")
	refused("Chris Chair", model.OpenVote{Candidates: []model.ID{p1.ID}}, model.ErrForbidden, "people have voted")
	refused("Hana Housing", model.CastVote{Choices: []model.ID{p1.ID, p2.ID, p3.ID, p1.ID}}, model.ErrInvalid, "between 1 and 3")
	refused("Hana Housing", model.CastVote{Choices: []model.ID{p1.ID, secret.ID}}, model.ErrInvalid, "not on the ballot")
	refused("Olu Observer", model.CastVote{Choices: []model.ID{p1.ID}}, model.ErrForbidden, "observer")
	refused("Ada Admin", model.CastVote{Choices: []model.ID{p1.ID}}, model.ErrForbidden, "admin")

	// p2: 7 points on 3 ballots; p1 6 (chosen first twice); p3 5.
	counts := []model.Tally{{ProblemID: p2.ID, Points: 7, Votes: 3, First: 1}, {ProblemID: p1.ID, Points: 6, Votes: 2, First: 2},
		{ProblemID: p3.ID, Points: 5, Votes: 2, First: 1}}
	for _, b := range ballots {
		v := e.readMeeting(t, b.who, m.ID).Vote
		if !reflect.DeepEqual(v.Counts, counts) {
			t.Errorf("%s reads the tally %+v", b.who, v.Counts)
		}
		for _, o := range ballots {
			want := []model.ID(nil)
			if o.who == b.who {
				want = o.choices
			}
			if got := v.Choices(e.u[o.who].ID); !slices.Equal(got, want) || !v.Voted(e.u[o.who].ID) {
				t.Errorf("%s reads %s's ballot as %v", b.who, o.who, got)
			}
		}
	}
	raw, _ := json.Marshal(e.readMeeting(t, "Olu Observer", m.ID).Vote.Ballots)
	if strings.Contains(string(raw), "choices") {
		t.Errorf("an observer reads ballots %s", raw)
	}

	refused("Chris Chair", model.CloseMeeting{}, model.ErrForbidden, "still open")
	refused("Mo Member", model.CloseVote{}, model.ErrForbidden, "chair")
	if p, err := e.s.Priorities(e.u["Mo Member"], north); err != nil || len(p.Problems) != 0 || p.Ward != north {
		t.Errorf("priorities before the vote closed: %+v, %v", p, err)
	}
	var closed model.Meeting
	entry := wroteOne(t, e, func() (err error) {
		closed, err = e.s.ChangeMeeting(e.actor("Chris Chair"), m.ID, model.CloseVote{})
		return err
	})
	want := []model.ID{p2.ID, p1.ID, p3.ID}
	if closed.Vote.Open || !slices.Equal(closed.Vote.Result, want) || !closed.Vote.ClosedAt.Equal(closed.UpdatedAt) {
		t.Errorf("closed vote %+v", closed.Vote)
	}
	if entry.Action != "meeting.closevote" || entry.Ward != north || entry.Visibility.String() != "panel" {
		t.Errorf("audit %+v", entry)
	}
	wantPriorities := model.WardPriorities{Ward: north, Problems: want, MeetingID: m.ID, SetAt: closed.UpdatedAt}
	for _, who := range []string{"Mo Member", "Pat Police", "Olu Observer"} {
		if p, err := e.s.Priorities(e.u[who], "e05000001"); err != nil || !reflect.DeepEqual(p, wantPriorities) {
			t.Errorf("Priorities for %s: %+v, %v", who, p, err)
		}
	}
	if p, err := e.s.Priorities(e.u["Sol South"], north); err != nil || len(p.Problems) != 0 {
		t.Errorf("another ward's officer reads %+v, %v", p, err)
	}
	if p, err := e.s.Priorities(e.u["Sol South"], south); err != nil || len(p.Problems) != 0 || p.Ward != south {
		t.Errorf("south has priorities: %+v, %v", p, err)
	}

	// A vote nobody cast sets nothing.
	m2 := e.planMeeting(t, "Sam Secretary", model.Meeting{})
	e.runMeeting(t, "Chris Chair", m2.ID, model.StartMeeting{}, model.OpenVote{Candidates: []model.ID{p3.ID}})
	err := wroteNothing(t, e, func() error {
		_, err := e.s.ChangeMeeting(e.actor("Chris Chair"), m2.ID, model.CloseVote{})
		return err
	})
	if !errors.Is(err, model.ErrForbidden) || !strings.Contains(err.Error(), "nobody has voted") {
		t.Errorf("closing an empty vote: %v", err)
	}
	if p, _ := e.s.Priorities(e.u["Mo Member"], north); !reflect.DeepEqual(p, wantPriorities) {
		t.Errorf("priorities changed to %+v", p)
	}

	// A priority is the panel's record: restricting it is refused, saying why.
	p1.Visibility = onlyAgencies("police")
	err = wroteNothing(t, e, func() error { _, err := e.s.UpdateProblem(e.actor("Pat Police"), p1); return err })
	if !errors.Is(err, model.ErrForbidden) || !strings.Contains(err.Error(), "ward priority the panel voted for") {
		t.Errorf("restricting a priority: %v", err)
	}
	if p, _ := e.s.Priorities(e.u["Mo Member"], north); !slices.Equal(p.Problems, want) {
		t.Errorf("a member's priorities %v", p.Problems)
	}
}

func TestMeetingVisibility(t *testing.T) {
	e := newEnv(t)
	open := e.create(t, "Pat Police", model.Problem{Title: "Fly-tipping on Elm Road"})
	secret := e.create(t, "Pat Police", model.Problem{Title: "Dealing in Elm Court", Visibility: onlyAgencies("police")})
	m1 := e.planMeeting(t, "Sam Secretary", model.Meeting{})
	// Only someone who sees a problem links it.
	err := wroteNothing(t, e, func() error {
		_, err := e.s.ChangeMeeting(e.actor("Sam Secretary"), m1.ID, model.EditItem{ID: 4, Title: "Crime picture", Allotted: 10, Problems: []model.ID{open.ID, secret.ID}})
		return err
	})
	wantIs(t, err, model.ErrNotFound)
	e.runMeeting(t, "Cass Police Chair", m1.ID,
		model.EditItem{ID: 4, Title: "Crime, ASB and survey picture", Allotted: 10, Problems: []model.ID{secret.ID, open.ID}},
		model.AddItem{Item: model.AgendaItem{Title: "Drugs on the estate", Allotted: 10, Problems: []model.ID{secret.ID}}, After: 6}, // item 10
		model.StartMeeting{})

	a1 := e.raiseInMeeting(t, "Sam Secretary", m1.ID, 5, model.Action{Title: "Fix the lights", OwnerAgency: "housing"})
	var a2 model.Action
	entry := wroteOne(t, e, func() (err error) {
		a2, err = e.s.RaiseMeetingAction(e.actor("Pat Police"), m1.ID, 5, model.Action{Title: "Warrant on Flat 3", OwnerAgency: "police",
			Due: day(31), ProblemID: secret.ID})
		return err
	})
	if a2.Visibility.String() != "agencies:police" || entry.Visibility.String() != "agencies:police" || entry.Ward != north {
		t.Errorf("restricted action %+v, audited as %+v", a2, entry)
	}
	a3 := e.raiseInMeeting(t, "Sam Secretary", m1.ID, 5, model.Action{Title: "Leaflet the estate", OwnerAgency: "housing"})
	a4 := e.raiseInMeeting(t, "Chris Chair", m1.ID, 5, model.Action{Title: "Ask the council for CCTV", OwnerAgency: "council"})

	leaks := func(t *testing.T, who string, m any) {
		t.Helper()
		raw, _ := json.Marshal(m)
		for _, s := range []string{"Warrant", "arrests", "Dealing"} {
			if strings.Contains(string(raw), s) {
				t.Errorf("%s's copy mentions %q", who, s)
			}
		}
	}
	check := func(t *testing.T, m model.Meeting, who string, problems []model.ID, actions []model.ID) {
		t.Helper()
		if it, _ := m.Item(4); !slices.Equal(it.Problems, problems) {
			t.Errorf("%s reads item 4's problems as %v, want %v", who, it.Problems, problems)
		}
		if it, _ := m.Item(5); !slices.Equal(noteActionIDs(*it), actions) {
			t.Errorf("%s reads item 5's actions as %v, want %v", who, noteActionIDs(*it), actions)
		}
	}
	for _, who := range []string{"Mo Member", "Chris Chair", "Hana Housing"} {
		m := e.readMeeting(t, who, m1.ID)
		check(t, m, who, []model.ID{open.ID}, []model.ID{a1.ID, a3.ID, a4.ID})
		leaks(t, who, m)
		list, err := e.s.Meetings(e.u[who], north)
		if err != nil || len(list) != 1 {
			t.Fatalf("Meetings: %v, %v", list, err)
		}
		check(t, list[0], who+" (list)", []model.ID{open.ID}, []model.ID{a1.ID, a3.ID, a4.ID})
		leaks(t, who, list)
	}
	check(t, e.readMeeting(t, "Pat Police", m1.ID), "Pat", []model.ID{open.ID, secret.ID}, []model.ID{a1.ID, a2.ID, a3.ID, a4.ID})

	// Meeting 1 never reaches item 10. Sam, who cannot see its problem, makes the next meeting from it.
	e.runMeeting(t, "Chris Chair", m1.ID, model.CloseMeeting{})
	m2 := e.planMeeting(t, "Sam Secretary", model.Meeting{PreviousID: m1.ID})
	carried := slices.IndexFunc(m2.Items, func(it model.AgendaItem) bool { return it.Title == "Drugs on the estate" })
	if carried < 0 || len(m2.Items[carried].Problems) != 0 {
		t.Fatalf("carried-over item as Sam reads it: %+v", m2.Items)
	}
	if got := e.readMeeting(t, "Pat Police", m2.ID).Items[carried].Problems; !slices.Equal(got, []model.ID{secret.ID}) {
		t.Errorf("the carried item lost its link: %v", got)
	}
	if got := reviewIDs(e.readMeeting(t, "Pat Police", m2.ID)); !slices.Equal(got, []model.ID{a1.ID, a2.ID, a3.ID, a4.ID}) {
		t.Errorf("Pat's matters arising %v", got)
	}
	if got := reviewIDs(m2); !slices.Equal(got, []model.ID{a1.ID, a3.ID, a4.ID}) {
		t.Errorf("Sam's matters arising %v", got)
	}

	// Chris, who cannot see the warrant, steps through the reviews he can see.
	e.runMeeting(t, "Chris Chair", m2.ID, model.StartMeeting{})
	review := m2.ItemOfKind(model.ItemReview).ID
	at := func(who string) model.ID {
		it := reviewItem(e.readMeeting(t, who, m2.ID))
		if it.ReviewAt >= len(it.Reviews) {
			return 0
		}
		return it.Reviews[it.ReviewAt].ActionID
	}
	for i, want := range []model.ID{a3.ID, a4.ID} {
		entry := wroteOne(t, e, func() error {
			_, err := e.s.ChangeMeeting(e.actor("Chris Chair"), m2.ID, model.StepReview{Item: review, To: i + 1})
			return err
		})
		if at("Chris Chair") != want || at("Pat Police") != want || at("Mo Member") != want {
			t.Errorf("step %d: Chris is on %d, Pat on %d, Mo on %d; want %d", i+1, at("Chris Chair"), at("Pat Police"), at("Mo Member"), want)
		}
		if entry.Visibility.String() != "panel" || strings.Contains(entry.Summary, "action") {
			t.Errorf("stepping matters arising audited as %+v", entry)
		}
	}
	changedNothing(t, e, "Chris Chair", m2.ID, model.StepReview{Item: review, To: 3})

	// The warrant's update is for police eyes, in the minutes and in the trail.
	entry = wroteOne(t, e, func() error {
		_, err := e.s.ReviewAction(e.actor("Pat Police"), m2.ID, a2.ID, "Warrant executed; two arrests", model.ActionDone)
		return err
	})
	if entry.Action != "action.review" || entry.Visibility.String() != "agencies:police" || entry.Ward != north {
		t.Errorf("audit %+v", entry)
	}
	for _, who := range []string{"Mo Member", "Chris Chair", "Sam Secretary"} {
		m := e.readMeeting(t, who, m2.ID)
		if got := reviewIDs(m); !slices.Equal(got, []model.ID{a1.ID, a3.ID, a4.ID}) {
			t.Errorf("%s's matters arising %v", who, got)
		}
		leaks(t, who, m)
		list, _ := e.s.Meetings(e.u[who], north)
		leaks(t, who, list)
	}
	pats := reviewItem(e.readMeeting(t, "Pat Police", m2.ID)).Reviews
	if len(pats) != 4 || pats[1].Update != "Warrant executed; two arrests" || pats[1].Status != model.ActionDone {
		t.Errorf("Pat reads %+v", pats)
	}
	seen := func(who string) bool {
		trail, err := e.s.Audit(e.u[who], 0)
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(trail, func(a model.AuditEntry) bool { return a.Target == fmt.Sprintf("action/%d", a2.ID) })
	}
	if seen("Hana Housing") || seen("Chris Chair") || !seen("Pat Police") {
		t.Errorf("the warrant's trail: Hana %v, Chris %v, Pat %v", seen("Hana Housing"), seen("Chris Chair"), seen("Pat Police"))
	}
	// Hidden and missing read the same: Hana cannot review it.
	err = wroteNothing(t, e, func() error {
		_, err := e.s.ReviewAction(e.actor("Hana Housing"), m2.ID, a2.ID, "Heard it went well", "")
		return err
	})
	if !errors.Is(err, model.ErrNotFound) || err.Error() != "action "+model.ActionRef(a2.ID)+" not found" {
		t.Errorf("reviewing a hidden action: %v", err)
	}
}

func TestMeetingAttend(t *testing.T) {
	e := newEnv(t)
	m := e.planMeeting(t, "Sam Secretary", model.Meeting{})
	// Connecting to a planned meeting marks nobody present.
	if got := changedNothing(t, e, "Mo Member", m.ID, model.Attend{}); len(got.Attendance) != 0 {
		t.Errorf("attendance %+v", got.Attendance)
	}
	// Pat sent apologies; the store records him as it knows him.
	m = e.runMeeting(t, "Sam Secretary", m.ID, model.AddAttendee{Attendee: model.Attendee{UserID: e.u["Pat Police"].ID, Name: "Someone Else", Agency: "council", Kind: model.AttendApologies}})
	if a := m.Present(e.u["Pat Police"].ID); a == nil || a.Name != "Pat Police" || a.Agency != "police" || a.Kind != model.AttendApologies || a.Connected {
		t.Errorf("apologies %+v", a)
	}
	err := wroteNothing(t, e, func() error {
		_, err := e.s.ChangeMeeting(e.actor("Sam Secretary"), m.ID, model.AddAttendee{Attendee: model.Attendee{UserID: e.u["Sol South"].ID}})
		return err
	})
	wantIs(t, err, model.ErrNotFound)

	e.runMeeting(t, "Chris Chair", m.ID, model.StartMeeting{})
	var got model.Meeting
	entry := wroteOne(t, e, func() (err error) {
		got, err = e.s.ChangeMeeting(e.actor("Mo Member"), m.ID, model.Attend{})
		return err
	})
	mo := got.Present(e.u["Mo Member"].ID)
	if mo == nil || mo.Name != "Mo Member" || mo.Agency != "residents" || mo.Kind != model.AttendPresent || !mo.Connected || !mo.At.Equal(got.UpdatedAt) {
		t.Errorf("Mo attending: %+v", mo)
	}
	if entry.Action != "meeting.attend" || entry.Ward != north || entry.Visibility.String() != "panel" || entry.Actor.User.Name != "Mo Member" {
		t.Errorf("audit %+v", entry)
	}
	// Reconnecting writes nothing.
	changedNothing(t, e, "Mo Member", m.ID, model.Attend{})
	// Apologies, then came: present.
	got = e.runMeeting(t, "Pat Police", m.ID, model.Attend{})
	if pat := got.Present(e.u["Pat Police"].ID); pat == nil || pat.Kind != model.AttendPresent || !pat.Connected || pat.Agency != "police" {
		t.Errorf("Pat attending after apologies: %+v", pat)
	}
	for _, who := range []string{"Olu Observer", "Ada Admin", "Hana Housing"} {
		got = e.runMeeting(t, who, m.ID, model.Attend{})
	}
	var present []string
	for _, a := range got.Attendance {
		present = append(present, a.Name+"/"+a.Agency+"/"+string(a.Kind))
	}
	if want := []string{"Pat Police/police/present", "Mo Member/residents/present", "Olu Observer/residents/present",
		"Ada Admin/council/present", "Hana Housing/housing/present"}; !slices.Equal(present, want) {
		t.Errorf("attendance\n got  %q\n want %q", present, want)
	}
	err = wroteNothing(t, e, func() error { _, err := e.s.ChangeMeeting(e.actor("Sol South"), m.ID, model.Attend{}); return err })
	wantIs(t, err, model.ErrNotFound)
	// After the close, connecting marks nobody.
	e.runMeeting(t, "Chris Chair", m.ID, model.CloseMeeting{})
	changedNothing(t, e, "Sam Secretary", m.ID, model.Attend{})
}

// TestMeetingUnchanged: a change that alters nothing writes nothing, not even a revision.
func TestMeetingUnchanged(t *testing.T) {
	e := newEnv(t)
	m := e.planMeeting(t, "Sam Secretary", model.Meeting{})
	changedNothing(t, e, "Sam Secretary", m.ID, model.MoveItem{ID: 1, By: -1})
	changedNothing(t, e, "Sam Secretary", m.ID, model.MoveItem{ID: 9, By: 3})
	e.runMeeting(t, "Chris Chair", m.ID, model.StartMeeting{})
	m = e.runMeeting(t, "Sam Secretary", m.ID, model.WriteMinutes{Item: 1, Text: "Apologies from the fire service."}, model.Attend{})
	for _, c := range []struct {
		by string
		ch model.MeetingChange
	}{
		{"Sam Secretary", model.Attend{}},
		{"Sam Secretary", model.WriteMinutes{Item: 1, Text: "Apologies from the fire service.\n", Version: 1}},
		{"Chris Chair", model.StepItem{From: 1, To: 1}},
		{"Chris Chair", model.StepReview{Item: 2, To: 0}},
	} {
		got := changedNothing(t, e, c.by, m.ID, c.ch)
		if got.Version != m.Version || !reflect.DeepEqual(got, e.readMeeting(t, c.by, m.ID)) {
			t.Errorf("%T: version %d, want %d", c.ch, got.Version, m.Version)
		}
	}
}

// TestMeetingAuditTrail: every write leaves one entry, for the meeting's
// ward, as visible as what it is about.
func TestMeetingAuditTrail(t *testing.T) {
	e := newEnv(t)
	p := e.create(t, "Pat Police", model.Problem{Title: "Fly-tipping on Elm Road"})
	var m model.Meeting
	first := wroteOne(t, e, func() (err error) {
		m, err = e.s.CreateMeeting(e.actor("Sam Secretary"), model.Meeting{Ward: north, Title: "Spring panel", When: meetingDay})
		return err
	})
	if first.Action != "meeting.create" {
		t.Errorf("create audited as %q", first.Action)
	}
	steps := []struct {
		by   string
		ch   model.MeetingChange
		verb model.AuditAction
	}{
		{"Sam Secretary", model.EditMeeting{Title: "Spring ward panel", When: meetingDay, Venue: "Library"}, "meeting.editmeeting"},
		{"Sam Secretary", model.AddItem{Item: model.AgendaItem{Title: "Youth club", Allotted: 5}}, "meeting.additem"},
		{"Sam Secretary", model.EditItem{ID: 10, Title: "Youth club", Allotted: 10, Problems: []model.ID{p.ID}}, "meeting.edititem"},
		{"Sam Secretary", model.MoveItem{ID: 10, By: -2}, "meeting.moveitem"},
		{"Sam Secretary", model.RemoveItem{ID: 10}, "meeting.removeitem"},
		{"Sam Secretary", model.AddAttendee{Attendee: model.Attendee{Name: "Jo Bloggs", Agency: "fire", Kind: model.AttendApologies}}, "meeting.addattendee"},
		{"Sam Secretary", model.RemoveAttendee{Name: "Jo Bloggs"}, "meeting.removeattendee"},
		{"Chris Chair", model.StartMeeting{}, "meeting.startmeeting"},
		{"Mo Member", model.Attend{}, "meeting.attend"},
		{"Chris Chair", model.StepItem{From: 1, To: 4}, "meeting.stepitem"},
		{"Sam Secretary", model.WriteMinutes{Item: 4, Text: "Confidential-sounding minutes text"}, "meeting.writeminutes"},
		{"Sam Secretary", model.AddNote{Item: 4, Kind: model.NoteDecision, Text: "Secret-sounding decision text"}, "meeting.addnote"},
		{"Chris Chair", model.OpenVote{Candidates: []model.ID{p.ID}}, "meeting.openvote"},
		{"Mo Member", model.CastVote{Choices: []model.ID{p.ID}}, "meeting.castvote"},
		{"Chris Chair", model.CloseVote{}, "meeting.closevote"},
		{"Chris Chair", model.CloseMeeting{}, "meeting.closemeeting"},
	}
	for _, s := range steps {
		entry := wroteOne(t, e, func() error { _, err := e.s.ChangeMeeting(e.actor(s.by), m.ID, s.ch); return err })
		if entry.Action != s.verb || entry.Target != fmt.Sprintf("meeting/%d", m.ID) || entry.Ward != north ||
			entry.Visibility.String() != "panel" || entry.Actor.User.Name != s.by || entry.Actor.Fingerprint != e.u[s.by].Keys[0].Fingerprint {
			t.Errorf("%T audited as %+v", s.ch, entry)
		}
		if strings.Contains(entry.Summary, "Confidential") || strings.Contains(entry.Summary, "Secret") {
			t.Errorf("%T: the trail repeats minutes text: %q", s.ch, entry.Summary)
		}
	}
	// Officers and admins read the meeting's trail; residents do not.
	for who, want := range map[string]bool{"Hana Housing": true, "Sam Secretary": true, "Ada Admin": true, "Mo Member": false, "Sol South": false} {
		trail, _ := e.s.Audit(e.u[who], 0)
		n := 0
		for _, a := range trail {
			if a.Target == fmt.Sprintf("meeting/%d", m.ID) {
				n++
			}
		}
		if (n == len(steps)+1) != want || (n == 0) == want {
			t.Errorf("%s reads %d of the meeting's %d entries", who, n, len(steps)+1)
		}
	}
}

// TestMeetingConcurrentWrites: many sessions attending and voting at once
// lose nothing.
func TestMeetingConcurrentWrites(t *testing.T) {
	e := newEnv(t)
	p := e.create(t, "Pat Police", model.Problem{Title: "Fly-tipping on Elm Road"})
	m := e.planMeeting(t, "Sam Secretary", model.Meeting{})
	e.runMeeting(t, "Chris Chair", m.ID, model.StartMeeting{}, model.OpenVote{Candidates: []model.ID{p.ID}})
	voters := []string{"Pat Police", "Hana Housing", "Sam Secretary", "Mo Member", "Cass Police Chair"}
	var wg sync.WaitGroup
	errs := make(chan error, 3*len(voters))
	for _, who := range voters {
		wg.Go(func() {
			for _, ch := range []model.MeetingChange{model.Attend{}, model.CastVote{Choices: []model.ID{p.ID}}, model.Attend{}} {
				if _, err := e.s.ChangeMeeting(e.actor(who), m.ID, ch); err != nil {
					errs <- fmt.Errorf("%s %T: %w", who, ch, err)
				}
			}
			if _, err := e.s.Meeting(e.u[who], m.ID); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got := e.readMeeting(t, "Chris Chair", m.ID)
	if len(got.Attendance) != len(voters) || len(got.Vote.Ballots) != len(voters) ||
		!reflect.DeepEqual(got.Vote.Counts, []model.Tally{{ProblemID: p.ID, Points: 3 * len(voters), Votes: len(voters), First: len(voters)}}) {
		t.Errorf("attendance %d, ballots %d, counts %+v", len(got.Attendance), len(got.Vote.Ballots), got.Vote.Counts)
	}
}

// Whoever changes a meeting is answered with the meeting as a read then
// shows it to them, though the answer is read without the ward's caches:
// the same items, the same links and matters arising they may see, and
// nothing they may not.
func TestChangeMeetingAnswersWhatAReadShows(t *testing.T) {
	e := newEnv(t)
	open := e.create(t, "Pat Police", model.Problem{Title: "Fly-tipping on Elm Road"})
	other := e.create(t, "Hana Housing", model.Problem{Title: "Burglary on the estate"})
	secret := e.create(t, "Pat Police", model.Problem{Title: "Dealing in Elm Court", Visibility: onlyAgencies("police")})
	m := e.planMeeting(t, "Sam Secretary", model.Meeting{})
	e.runMeeting(t, "Cass Police Chair", m.ID,
		model.EditItem{ID: 4, Title: "Crime, ASB and survey picture", Allotted: 10, Problems: []model.ID{secret.ID, open.ID}},
		model.StartMeeting{})
	e.raiseInMeeting(t, "Sam Secretary", m.ID, 5, model.Action{Title: "Fix the lights", OwnerAgency: "housing"})
	warrant := e.raiseInMeeting(t, "Pat Police", m.ID, 5, model.Action{Title: "Warrant on Flat 3", OwnerAgency: "police", ProblemID: secret.ID})

	for _, tc := range []struct {
		who string
		ch  model.MeetingChange
	}{
		{"Cass Police Chair", model.AddItem{Item: model.AgendaItem{Title: "Drugs on the estate", Allotted: 10, Problems: []model.ID{secret.ID}}, After: 6}},
		{"Sam Secretary", model.AddItem{Item: model.AgendaItem{Title: "Lighting", Allotted: 5, Problems: []model.ID{open.ID}}, After: 6}},
		{"Chris Chair", model.OpenVote{Candidates: []model.ID{open.ID, other.ID}}},
		{"Mo Member", model.CastVote{Choices: []model.ID{other.ID}}},
		{"Pat Police", model.CastVote{Choices: []model.ID{open.ID}}},
		{"Mo Member", model.CastVote{Choices: []model.ID{open.ID}}}, // refused: already voted
	} {
		got, err := e.s.ChangeMeeting(e.actor(tc.who), m.ID, tc.ch)
		if err != nil {
			if _, ok := tc.ch.(model.CastVote); ok {
				continue
			}
			t.Fatalf("%T by %s: %v", tc.ch, tc.who, err)
		}
		if want := e.readMeeting(t, tc.who, m.ID); !reflect.DeepEqual(got, want) {
			t.Errorf("%T by %s answered\n%+v\nwhere a read shows\n%+v", tc.ch, tc.who, got, want)
		}
	}
	got, err := e.s.ReviewAction(e.actor("Pat Police"), m.ID, warrant.ID, "Warrant executed", model.ActionDone)
	if err != nil {
		t.Fatal(err)
	}
	if want := e.readMeeting(t, "Pat Police", m.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("ReviewAction answered\n%+v\nwhere a read shows\n%+v", got, want)
	}
}

// A change to a meeting is answered without waiting for the sessions
// reading the ward's cached meetings, problems and actions: with every
// one of those caches held by a reader, the change still returns.
func TestChangeMeetingWaitsForNoCacheReader(t *testing.T) {
	e := newEnv(t)
	open := e.create(t, "Pat Police", model.Problem{Title: "Fly-tipping on Elm Road"})
	m := e.planMeeting(t, "Sam Secretary", model.Meeting{})
	e.runMeeting(t, "Chris Chair", m.ID, model.StartMeeting{}, model.OpenVote{Candidates: []model.ID{open.ID}})
	e.readMeeting(t, "Mo Member", m.ID) // the caches filled, as a following session has them
	for _, held := range []interface{ Lock() }{&e.s.meetingCache.entry(north).mu, &e.s.problemCache.entry(north).mu, &e.s.actionCache.entry(north).mu} {
		held.Lock()
	}
	defer func() {
		e.s.meetingCache.entry(north).mu.Unlock()
		e.s.problemCache.entry(north).mu.Unlock()
		e.s.actionCache.entry(north).mu.Unlock()
	}()
	answered := make(chan error, 1)
	go func() {
		_, err := e.s.ChangeMeeting(e.actor("Mo Member"), m.ID, model.CastVote{Choices: []model.ID{open.ID}})
		answered <- err
	}()
	select {
	case err := <-answered:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second): // a bound on failure, not a synchronisation
		t.Fatal("the ballot waited for the readers of the ward's caches")
	}
}
