package tui

import (
	"strings"
	"testing"

	"wardpanel/model"
)

// A key the rules refuse says why on the status line, in the model's
// words, and leaves the user where they were.
func TestRefusedKeysSayWhy(t *testing.T) {
	cases := []struct {
		name string
		who  model.User
		open func(hs *harness)
		key  string
		want string
	}{
		{"resident sets status on police action", member, func(hs *harness) { hs.openAction(2) }, "s",
			"Only the owner agency, the assignee, the chair or whoever raised it can change this action."},
		{"resident logs outcome on police action", member, func(hs *harness) { hs.openAction(2) }, "o",
			"Only the owner agency, the assignee or the chair can log an outcome."},
		{"council officer edits police action", council, func(hs *harness) { hs.openAction(2) }, "e",
			"Only the owner agency, the assignee, the chair or whoever raised it can change this action."},
		{"resident edits from the actions list", member, func(hs *harness) { hs.keys("t", "down") }, "e",
			"Only the owner agency, the assignee, the chair or whoever raised it can change this action."},
		{"observer raises from the actions list", watcher, func(hs *harness) { hs.keys("t") }, "n",
			"Your role (observer) cannot raise actions."},
		{"resident raises on a problem", member, func(hs *harness) { hs.openProblem(4) }, "a",
			"Your role (member) cannot raise actions."},
		{"observer adds evidence", watcher, func(hs *harness) { hs.openProblem(4) }, "v",
			"Your role (observer) cannot add evidence."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t, userOpts(newFakeStore(), tc.who), 120, 30)
			tc.open(hs)
			before := hs.app.active
			hs.keys(tc.key)
			if hs.app.active != before {
				t.Fatalf("%s opened screen %v", tc.key, hs.app.active)
			}
			if got := hs.app.status.text; got != tc.want {
				t.Fatalf("%s says %q, want %q", tc.key, got, tc.want)
			}
			if !strings.Contains(hs.text(), tc.want) {
				t.Fatalf("the reason is not on screen:\n%s", hs.text())
			}
		})
	}
}

// A rich-picture line someone else wrote: a resident's e and d say why.
func TestRefusedLineKeysSayWhy(t *testing.T) {
	r := newRoom(t, map[string]model.User{"dee": member})
	seedPicture(t, r.st)
	r.as("dee", "r", "enter", "esc", "home") // Asha's concern
	for _, k := range []string{"e", "d"} {
		r.as("dee", k)
		if st := r.people["dee"].app.status; !st.err || st.text != "Members change only the lines they captured." {
			t.Errorf("dee's %s on another's line says %+v", k, st)
		}
	}
}

// In a live meeting, a member's keys for the chair's or the secretary's
// steps say whose they are.
func TestRefusedMeetingKeysSayWhy(t *testing.T) {
	sec := model.User{ID: 6, Name: "Sue Secretary", Agency: "council", Role: model.RoleSecretary, Wards: []string{wardA}}
	r := newRoom(t, map[string]model.User{"chair": chair, "sec": sec, "dee": member})
	r.as("sec", "m", "n", "ctrl+s")
	r.as("chair", "m", "enter", "s", "s") // planned four weeks on: s asks, s starts
	r.as("dee", "m")
	for _, c := range []struct{ who, key, want string }{
		{"dee", "n", "Only the chair or vice-chair can do that (you are member)."},
		{"dee", "x", "Only the chair or vice-chair can do that (you are member)."},
		{"dee", "w", "Only the chair, vice-chair or secretary can do that (you are member)."},
		{"dee", "-", "Only the chair, vice-chair or secretary can do that (you are member)."},
		{"sec", "n", "Only the chair or vice-chair can do that (you are secretary)."},
		{"dee", "U", "Only the chair, vice-chair or secretary can do that (you are member)."},
		{"sec", "U", "There is no agenda change to undo."},
	} {
		r.as(c.who, c.key)
		if st := r.people[c.who].app.status; st.text != c.want || !st.err {
			t.Errorf("%s pressing %s: status %q, want %q", c.who, c.key, st.text, c.want)
		}
	}
	if m := r.meeting(); m.Current != m.Items[0].ID || m.State != model.MeetingLive {
		t.Fatalf("a refused key changed the meeting: current %d, %s", m.Current, m.State)
	}
}
