package model

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// Each agenda change of a live meeting is taken back by one undo, which
// leaves the agenda exactly as it was; a second undo has nothing to undo.
func TestUndoTakesBackTheLastAgendaChange(t *testing.T) {
	sec := user(RoleSecretary, "council")
	tests := []struct {
		name string
		ch   MeetingChange
	}{
		{"add at the end", AddItem{Item: AgendaItem{Title: "Youth club", Allotted: 10}}},
		{"add after item 4", AddItem{Item: AgendaItem{Title: "Youth club", Allotted: 10, Problems: []ID{3}}, After: 4}},
		{"remove", RemoveItem{ID: 5}},
		{"remove the last", RemoveItem{ID: 9}},
		{"move up", MoveItem{ID: 5, By: -1}},
		{"move down", MoveItem{ID: 5, By: 1}},
		{"move to the top", MoveItem{ID: 9, By: -20}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := liveMeeting(t)
			m := applied(t, before, sec, tt.ch)
			if reflect.DeepEqual(itemIDs(m), itemIDs(before)) {
				t.Fatalf("%T changed nothing", tt.ch)
			}
			if err := CheckUndoAgenda(sec, m); err != nil {
				t.Fatalf("undo refused: %v", err)
			}
			m = applied(t, m, sec, UndoAgenda{})
			if !reflect.DeepEqual(m.Items, before.Items) {
				t.Fatalf("after undo %v, want %v", itemIDs(m), itemIDs(before))
			}
			_, err := ApplyMeetingChange(sec, &m, UndoAgenda{}, at(9))
			if !errors.Is(err, ErrForbidden) || !strings.Contains(err.Error(), "no agenda change to undo") {
				t.Fatalf("second undo: %v", err)
			}
		})
	}
}

// Undo is refused, with the reason, when there is nothing to undo, when
// the item added has minutes since or the meeting is on it, when the
// meeting is closed, and to someone who does not keep the agenda.
func TestUndoRefusals(t *testing.T) {
	sec := user(RoleSecretary, "council")
	chair := user(RoleChair, "residents")
	added := func(t *testing.T) Meeting {
		return applied(t, liveMeeting(t), sec, AddItem{Item: AgendaItem{Title: "Youth club", Allotted: 10}, After: 1})
	}
	newID := func(m Meeting) int { return m.Items[1].ID }
	tests := []struct {
		name    string
		meeting func(t *testing.T) Meeting
		who     User
		reason  string
	}{
		{"nothing to undo", liveMeeting, sec, "there is no agenda change to undo"},
		{"minutes since", func(t *testing.T) Meeting {
			m := added(t)
			return applied(t, m, sec, WriteMinutes{Item: newID(m), Text: "Heard from the youth club."})
		}, sec, "has minutes since"},
		{"a note since", func(t *testing.T) Meeting {
			m := added(t)
			return applied(t, m, sec, AddNote{Item: newID(m), Kind: NoteDecision, Text: "Fund it."})
		}, sec, "has minutes since"},
		{"the meeting is on it", func(t *testing.T) Meeting {
			m := added(t)
			return applied(t, m, chair, StepItem{From: m.Current, To: newID(m)})
		}, sec, "the meeting is on the item added"},
		{"a member", added, member(50, RoleMember, "residents"), "only the chair, vice-chair or secretary"},
		{"closed", func(t *testing.T) Meeting {
			return applied(t, added(t), chair, CloseMeeting{})
		}, sec, "the meeting is closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.meeting(t)
			before := itemIDs(m)
			err := CheckUndoAgenda(tt.who, m)
			if !errors.Is(err, ErrForbidden) || !strings.Contains(err.Error(), tt.reason) {
				t.Fatalf("CheckUndoAgenda: %v, want %q", err, tt.reason)
			}
			if _, err := ApplyMeetingChange(tt.who, &m, UndoAgenda{}, at(9)); err == nil {
				t.Fatal("the undo was applied")
			}
			if !reflect.DeepEqual(itemIDs(m), before) {
				t.Fatal("a refused undo changed the agenda")
			}
		})
	}
}

// Only the last change is kept: undo after two moves takes back the second.
func TestUndoIsOneLevel(t *testing.T) {
	sec := user(RoleSecretary, "council")
	m := applied(t, liveMeeting(t), sec, MoveItem{ID: 9, By: -1})
	once := itemIDs(m)
	m = applied(t, m, sec, RemoveItem{ID: 4}, UndoAgenda{})
	if !reflect.DeepEqual(itemIDs(m), once) {
		t.Fatalf("undo of the removal: %v, want %v", itemIDs(m), once)
	}
}

// A removed item restricted from a reader is withheld in their copy of
// the undo, as it is on the agenda.
func TestUndoOfARestrictedItemIsWithheld(t *testing.T) {
	sec := user(RoleSecretary, "council")
	part2 := Visibility{Kind: VisAgencies, Agencies: []string{"council"}}
	m := applied(t, liveMeeting(t), sec, AddItem{Item: AgendaItem{Title: "Named family case", Allotted: 5, Visibility: part2}})
	m = applied(t, m, sec, RemoveItem{ID: m.Items[len(m.Items)-1].ID})
	yes := func(ID) bool { return true }
	for _, tt := range []struct {
		u    User
		sees bool
	}{{sec, true}, {member(50, RoleMember, "residents"), false}} {
		got := m.ForViewer(tt.u, yes, yes)
		if got.Undo == nil || (got.Undo.Item.Title == "Named family case") != tt.sees || got.Undo.Item.Withheld == tt.sees {
			t.Errorf("%s: undo %+v", tt.u.Role, got.Undo)
		}
	}
	if m.Undo.Item.Title != "Named family case" {
		t.Fatal("ForViewer changed the record")
	}
}
