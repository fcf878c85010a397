package main

import (
	"testing"
	"time"

	"wardpanel/model"
	"wardpanel/tui/inbox"
)

// Every demo persona connects to an inbox worth seeing: something in it
// beyond the next meeting (for an observer, the next meeting).
func TestDemoInboxForEveryPersona(t *testing.T) {
	st, personas := demoSeeded(t)
	for _, name := range personas {
		u, err := st.UserByName(name)
		if err != nil {
			t.Fatal(err)
		}
		b, err := inbox.Read(st, u, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s (%s, %s): new %d, overdue %d, due soon %d, changed %d, meetings %d", name, u.Role, u.Agency,
			len(b.New), len(b.Overdue), len(b.DueSoon), len(b.Changed), len(b.Meetings))
		// An observer has nothing to do: the next meeting is their news.
		if len(b.Meetings) == 0 || (u.Role != model.RoleObserver && b.Count()-len(b.Meetings) == 0) {
			t.Errorf("%s's inbox is not worth seeing", name)
		}
	}
}
