package store

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"wardpanel/model"
)

// An undo goes through the store like any change: one transaction, with
// its entry in the audit trail, and the agenda as it was before.
func TestUndoAnAgendaChangeThroughTheStore(t *testing.T) {
	e := newEnv(t)
	m := e.planMeeting(t, "Sam Secretary", model.Meeting{Items: model.StandardAgenda()})
	m = e.runMeeting(t, "Chris Chair", m.ID, model.StartMeeting{})
	before := m.Items
	m = e.runMeeting(t, "Sam Secretary", m.ID, model.RemoveItem{ID: 5})
	if len(m.Items) != len(before)-1 || m.Undo == nil || m.Undo.Kind != model.UndoRemoved {
		t.Fatalf("after remove: %d items, undo %+v", len(m.Items), m.Undo)
	}
	m = e.runMeeting(t, "Sam Secretary", m.ID, model.UndoAgenda{})
	if len(m.Items) != len(before) || m.Items[4].ID != 5 || m.Items[4].Title != before[4].Title || m.Undo != nil {
		t.Fatalf("after undo: %+v", m.Items)
	}
	// The record on disk agrees, and the trail names the undo.
	if got := e.readMeeting(t, "Mo Member", m.ID); len(got.Items) != len(before) {
		t.Fatalf("a reader sees %d items", len(got.Items))
	}
	trail, err := e.s.Audit(e.u["Sam Secretary"], 0)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(trail, func(a model.AuditEntry) bool { return a.Action == model.AuditMeetingUndo })
	if i < 0 || !strings.Contains(trail[i].Summary, "removed") || trail[i].Actor.User.Name != "Sam Secretary" {
		t.Fatalf("no undo entry in the trail: %+v", trail)
	}
	// Nothing left to undo: refused, and nothing written.
	err = wroteNothing(t, e, func() error {
		_, err := e.s.ChangeMeeting(e.actor("Sam Secretary"), m.ID, model.UndoAgenda{})
		return err
	})
	if !errors.Is(err, model.ErrForbidden) || !strings.Contains(err.Error(), "no agenda change to undo") {
		t.Fatalf("second undo: %v", err)
	}
}
