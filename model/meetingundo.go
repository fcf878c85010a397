package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// UndoKind is which agenda change an AgendaUndo takes back.
type UndoKind string

const (
	UndoAdded   UndoKind = "added"
	UndoRemoved UndoKind = "removed"
	UndoMoved   UndoKind = "moved"
)

// AgendaUndo is the agenda's last change (an item added, removed or
// moved), kept on the meeting so a keeper can take it back with one key:
// a slip in a live meeting costs one keypress, not the item (issue 17).
// One level: each agenda change replaces it, and an undo clears it.
type AgendaUndo struct {
	Kind UndoKind `json:"kind"`
	// Item is the whole item for a removal (it goes back as it was);
	// for an addition or a move, the item as it was then.
	Item AgendaItem `json:"item"`
	// At is where a removed item stood, or where a moved one came from.
	At int `json:"at"`
}

// CheckUndoAgenda decides whether u may undo m's last agenda change now:
// a keeper, on a meeting not closed, with a change to undo that has not
// since been written under. The screen offers U exactly when it is nil.
func CheckUndoAgenda(u User, m Meeting) error {
	if err := checkKeeper(u, &m); err != nil {
		return err
	}
	un := m.Undo
	if un == nil {
		return forbidden("there is no agenda change to undo")
	}
	if un.Kind != UndoAdded {
		return nil
	}
	it, _ := m.Item(un.Item.ID)
	switch {
	case it == nil:
		return forbidden("the item added is no longer on the agenda")
	case m.Current == it.ID && m.State == MeetingLive:
		return forbidden("the meeting is on the item added; move on before undoing it")
	case hasMinutes(it):
		return forbidden("the item added has minutes since; they stay in the record")
	}
	return nil
}

func hasMinutes(it *AgendaItem) bool {
	return strings.TrimSpace(it.Minutes) != "" || len(it.Notes) > 0 || slices.ContainsFunc(it.Reviews, Review.Taken)
}

// UndoAgenda takes back the meeting's last agenda change.
type UndoAgenda struct{}

func (UndoAgenda) apply(u User, m *Meeting, _ time.Time) (string, error) {
	if err := CheckUndoAgenda(u, *m); err != nil {
		return "", err
	}
	un := *m.Undo
	m.Undo = nil
	switch un.Kind {
	case UndoAdded:
		_, i := m.Item(un.Item.ID)
		m.Items = slices.Delete(m.Items, i, i+1)
		return fmt.Sprintf("undid: item %d %q added", un.Item.ID, un.Item.Title), nil
	case UndoRemoved:
		if len(m.Items) >= MaxItems {
			return "", invalid("items", "at most %d agenda items", MaxItems)
		}
		m.Items = slices.Insert(m.Items, clamp(un.At, 0, len(m.Items)), un.Item)
		return fmt.Sprintf("undid: item %d %q removed", un.Item.ID, un.Item.Title), nil
	case UndoMoved:
		_, i := m.Item(un.Item.ID)
		if i < 0 {
			return "", fail404("agenda item %d", un.Item.ID)
		}
		it := m.Items[i]
		m.Items = slices.Delete(m.Items, i, i+1)
		m.Items = slices.Insert(m.Items, clamp(un.At, 0, len(m.Items)), it)
		return fmt.Sprintf("undid: item %d moved back to position %d", un.Item.ID, clamp(un.At, 0, len(m.Items)-1)+1), nil
	}
	return "", forbidden("there is no agenda change to undo")
}

func (UndoAgenda) Audit() AuditAction { return AuditMeetingUndo }

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// remember keeps kind of change to it (at index at) as the agenda's undo.
// Who made it is in the audit trail.
func (m *Meeting) remember(kind UndoKind, it AgendaItem, at int) {
	m.Undo = cloneUndo(&AgendaUndo{Kind: kind, Item: it, At: at})
}

// ItemsAndUndo are every agenda item the record holds: the agenda's, and
// the one its undo keeps, for what reads or rewrites the names in all of
// them (a person's erasure).
func (m *Meeting) ItemsAndUndo() []*AgendaItem {
	out := make([]*AgendaItem, 0, len(m.Items)+1)
	for i := range m.Items {
		out = append(out, &m.Items[i])
	}
	if m.Undo != nil {
		out = append(out, &m.Undo.Item)
	}
	return out
}

// cloneUndo is a deep copy of un, for Meeting.Clone.
func cloneUndo(un *AgendaUndo) *AgendaUndo {
	if un == nil {
		return nil
	}
	c := *un
	c.Item.Problems = slices.Clone(un.Item.Problems)
	c.Item.Notes = slices.Clone(un.Item.Notes)
	c.Item.Reviews = slices.Clone(un.Item.Reviews)
	return &c
}

// undoForViewer is what u may read of m's undo: a removed or changed item
// u may not see is withheld, as on the agenda, with its place kept.
func undoForViewer(u User, m *Meeting) {
	if m.Undo == nil || CanSee(u, m.Ward, m.Undo.Item.Visibility) {
		return
	}
	it := m.Undo.Item
	m.Undo.Item = AgendaItem{ID: it.ID, Kind: it.Kind, Withheld: true, Visibility: it.Visibility}
}
