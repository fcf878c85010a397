package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// updatesWard is north with a priority (P, lead police, panel-wide) set by
// a closed meeting, and a next meeting planned: the state in which
// partners are asked for updates.
type updatesWard struct {
	priority, other             model.Problem
	police, housing, done, resi model.Action
	next                        model.Meeting
}

func (e *env) wardWithUpdatesDue(t *testing.T) updatesWard {
	t.Helper()
	var w updatesWard
	w.priority = e.create(t, "Pat Police", model.Problem{Title: "Drug dealing in the stairwell", LeadAgency: "police"})
	w.other = e.create(t, "Pat Police", model.Problem{Title: "Parking on the verge", LeadAgency: "police"})
	last := e.planMeeting(t, "Sam Secretary", model.Meeting{})
	e.runMeeting(t, "Chris Chair", last.ID, model.StartMeeting{}, model.OpenVote{Candidates: []model.ID{w.priority.ID, w.other.ID}})
	e.runMeeting(t, "Mo Member", last.ID, model.CastVote{Choices: []model.ID{w.priority.ID}})
	e.runMeeting(t, "Chris Chair", last.ID, model.CloseVote{}, model.CloseMeeting{})
	w.police = e.raise(t, "Pat Police", model.Action{Title: "Patrol the stairwell", ProblemID: w.priority.ID})
	w.housing = e.raise(t, "Hana Housing", model.Action{Title: "Fix the door entry", Visibility: onlyAgencies("housing")})
	w.done = e.raise(t, "Pat Police", model.Action{Title: "Leaflet the block"})
	if _, err := e.s.SetActionStatus(e.actor("Pat Police"), w.done.ID, model.ActionDone, nil); err != nil {
		t.Fatal(err)
	}
	w.resi = e.raise(t, "Chris Chair", model.Action{Title: "Residents' walkabout"})
	w.next = e.planMeeting(t, "Sam Secretary", model.Meeting{When: meetingDay.AddDate(0, 1, 0)})
	return w
}

// Who may post which update, each refusal writing nothing.
func TestPostUpdateRules(t *testing.T) {
	e := newEnv(t)
	w := e.wardWithUpdatesDue(t)
	tests := []struct {
		who  string
		kind model.RecordKind
		id   model.ID
		want error
	}{
		{"Pat Police", model.RecordAction, w.police.ID, nil},
		{"Cass Police Chair", model.RecordAction, w.police.ID, nil}, // the owner agency's people
		{"Chris Chair", model.RecordAction, w.police.ID, nil},       // the panel officers
		{"Sam Secretary", model.RecordAction, w.police.ID, nil},
		{"Hana Housing", model.RecordAction, w.police.ID, model.ErrForbidden},
		{"Mo Member", model.RecordAction, w.police.ID, model.ErrForbidden},
		{"Olu Observer", model.RecordAction, w.resi.ID, model.ErrForbidden}, // residents own it, but observers only read
		{"Mo Member", model.RecordAction, w.resi.ID, nil},                   // a resident of the owner agency
		{"Pat Police", model.RecordAction, w.housing.ID, model.ErrNotFound}, // restricted: not even "forbidden"
		{"Chris Chair", model.RecordAction, w.housing.ID, model.ErrNotFound},
		{"Hana Housing", model.RecordAction, w.housing.ID, nil},
		{"Pat Police", model.RecordAction, w.done.ID, model.ErrInvalid},
		{"Sol South", model.RecordAction, w.police.ID, model.ErrNotFound},
		{"Ada Admin", model.RecordAction, w.police.ID, model.ErrForbidden},
		{"Pat Police", model.RecordProblem, w.priority.ID, nil},
		{"Chris Chair", model.RecordProblem, w.priority.ID, nil},
		{"Hana Housing", model.RecordProblem, w.priority.ID, model.ErrForbidden},
		{"Pat Police", model.RecordProblem, w.other.ID, model.ErrInvalid}, // not a priority
		{"Pat Police", model.RecordAction, 999, model.ErrNotFound},
	}
	for _, tc := range tests {
		before := auditCount(t, e.s)
		up, m, err := e.s.PostUpdate(e.actor(tc.who), tc.kind, tc.id, "Two patrols a week since the last meeting.")
		if tc.want == nil {
			if err != nil || m.ID != w.next.ID || up.MeetingID != w.next.ID || up.By != tc.who || up.Agency != e.u[tc.who].Agency {
				t.Errorf("%s on %s %d: %+v for meeting %d, %v", tc.who, tc.kind, tc.id, up, m.ID, err)
			}
			if auditCount(t, e.s) != before+1 {
				t.Errorf("%s on %s %d: no audit entry", tc.who, tc.kind, tc.id)
			}
			continue
		}
		if !errors.Is(err, tc.want) {
			t.Errorf("%s on %s %d: %v, want %v", tc.who, tc.kind, tc.id, err, tc.want)
		}
		if auditCount(t, e.s) != before {
			t.Errorf("%s on %s %d: a refusal wrote to the trail", tc.who, tc.kind, tc.id)
		}
	}
	if _, _, err := e.s.PostUpdate(e.actor("Pat Police"), model.RecordAction, w.police.ID, "ok"); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("a two-letter update: %v, want ErrInvalid", err)
	}
	// The trail names the record and the meeting, never the text, with the record's visibility.
	for who, want := range map[string]int{"Hana Housing": 6, "Pat Police": 5} {
		entries, err := e.s.AuditFind(e.u[who], AuditQuery{Action: string(model.AuditActionPostUpdate)})
		if err != nil || len(entries) != want {
			t.Fatalf("%s reads %d update entries, want %d: %v", who, len(entries), want, err)
		}
		for _, en := range entries {
			if strings.Contains(en.Summary, "patrols") || who == "Pat Police" && en.Target == fmt.Sprintf("action/%d", w.housing.ID) {
				t.Errorf("%s reads %+v", who, en)
			}
		}
	}
}

// An update is exactly as visible as its record now: restricting the
// action hides its updates, widening it gives them back; with no meeting
// planned, there is nothing to post to.
func TestUpdatesFollowTheirRecord(t *testing.T) {
	e := newEnv(t)
	w := e.wardWithUpdatesDue(t)
	for _, who := range []string{"Pat Police", "Hana Housing"} {
		id := w.police.ID
		if who == "Hana Housing" {
			id = w.housing.ID
		}
		if _, _, err := e.s.PostUpdate(e.actor(who), model.RecordAction, id, "Done what we said, "+who); err != nil {
			t.Fatal(err)
		}
	}
	sees := func(who string) []model.ID {
		ups, err := e.s.Updates(e.u[who], w.next.ID)
		if err != nil {
			t.Fatalf("Updates for %s: %v", who, err)
		}
		var out []model.ID
		for _, up := range ups {
			out = append(out, up.RecordID)
		}
		return out
	}
	check := func(step string, want map[string][]model.ID) {
		t.Helper()
		for who, ids := range want {
			if got := sees(who); !reflect.DeepEqual(got, ids) {
				t.Errorf("%s: %s sees updates on %v, want %v", step, who, got, ids)
			}
		}
	}
	check("posted", map[string][]model.ID{
		"Pat Police": {w.police.ID}, "Hana Housing": {w.police.ID, w.housing.ID}, "Mo Member": {w.police.ID}, "Chris Chair": {w.police.ID},
	})
	if _, err := e.s.Updates(e.u["Sol South"], w.next.ID); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("another ward's officer: %v, want ErrNotFound", err)
	}
	e.updateAction(t, "Pat Police", w.police.ID, onlyAgencies("police"))
	check("action restricted to police", map[string][]model.ID{
		"Pat Police": {w.police.ID}, "Hana Housing": {w.housing.ID}, "Mo Member": nil, "Chris Chair": nil,
	})
	e.updateAction(t, "Pat Police", w.police.ID, model.Panel)
	check("widened again", map[string][]model.ID{"Hana Housing": {w.police.ID, w.housing.ID}, "Mo Member": {w.police.ID}})

	// The meeting held and closed: no meeting to post to.
	e.runMeeting(t, "Chris Chair", w.next.ID, model.StartMeeting{}, model.CloseMeeting{})
	if _, _, err := e.s.PostUpdate(e.actor("Pat Police"), model.RecordAction, w.police.ID, "After the meeting"); !errors.Is(err, model.ErrInvalid) ||
		!strings.Contains(err.Error(), "no meeting") {
		t.Errorf("with no meeting planned: %v", err)
	}
}

func (e *env) updateAction(t *testing.T, who string, id model.ID, v model.Visibility) model.Action {
	t.Helper()
	a, err := e.s.Action(e.u[who], id)
	if err != nil {
		t.Fatal(err)
	}
	a.Visibility = v
	got, err := e.s.UpdateAction(e.actor(who), a)
	if err != nil {
		t.Fatalf("UpdateAction: %v", err)
	}
	return got
}

// The release at schema 11 wrote its demo without updates: the migration
// adds the empty bucket, and the demo's people can post at once.
func TestMigrateToUpdatesFromSchemaV11(t *testing.T) {
	dir := copyFixture(t, "testdata/schema-v11.db")
	path := filepath.Join(dir, FileName)
	before, err := CheckFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := missingAfter(11); !reflect.DeepEqual(before.Faults, want) {
		t.Fatalf("CheckFile before the migration: %q, want %q", before.Faults, want)
	}
	s := openAt(t, dir, newClock())
	if v, err := s.SchemaVersion(); err != nil || v != currentSchema {
		t.Fatalf("SchemaVersion() = %d, %v; want %d", v, err, currentSchema)
	}
	if r, err := s.Check(); err != nil || !r.OK() {
		t.Fatalf("Check after the migration: %v %v", r.Faults, err)
	}
	err = s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketUpdates); b == nil || b.Stats().KeyN != 0 {
			t.Errorf("updates bucket after the migration: %v", b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	dana, err := s.UserByName("PC Dana Reid")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := s.Meetings(dana, dana.Wards[0])
	if err != nil || len(ms) == 0 {
		t.Fatalf("the demo's meetings: %v", err)
	}
	for _, m := range ms {
		if ups, err := s.Updates(dana, m.ID); err != nil || len(ups) != 0 {
			t.Errorf("meeting %d's updates after the migration: %v, %v", m.ID, ups, err)
		}
	}
}

// An update's author is personal data: the export lists it as visible as
// its record, and erasure puts the placeholder in its place.
func TestUpdatesInPersonExportAndErase(t *testing.T) {
	e := newEnv(t)
	w := e.wardWithUpdatesDue(t)
	for _, id := range []model.ID{w.police.ID, w.housing.ID} {
		who := "Pat Police"
		if id == w.housing.ID {
			who = "Hana Housing"
		}
		if _, _, err := e.s.PostUpdate(e.actor(who), model.RecordAction, id, "Posted by "+who); err != nil {
			t.Fatal(err)
		}
	}
	rec, err := e.s.PersonExport(model.Operator, "Hana Housing", nil)
	if err != nil || len(rec.Updates) != 0 || rec.Withheld["updates"] != 1 {
		t.Errorf("Hana's export read as the panel: %d updates, withheld %v, %v", len(rec.Updates), rec.Withheld, err)
	}
	housing := e.u["Hana Housing"]
	if rec, err = e.s.PersonExport(model.Operator, "Hana Housing", &housing); err != nil || len(rec.Updates) != 1 {
		t.Errorf("Hana's export read as Hana: %+v, %v", rec.Updates, err)
	}
	out, err := e.s.PersonErase(model.Operator, "Pat Police")
	if err != nil || out.Updates != 1 {
		t.Fatalf("erase: %+v, %v", out, err)
	}
	ups, err := e.s.Updates(e.u["Chris Chair"], w.next.ID)
	if err != nil || len(ups) != 1 || ups[0].By != out.Placeholder {
		t.Errorf("after the erasure: %+v, %v", ups, err)
	}
}
