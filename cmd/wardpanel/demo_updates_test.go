package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
	"wardpanel/tui/briefing"
	"wardpanel/tui/inbox"
)

// The demo's planned meeting has updates, and owners still to update; the
// police-only update reaches only those who may see it; some personas are
// asked for an update in their inbox.
func TestDemoUpdatesForThePlannedMeeting(t *testing.T) {
	st, personas := demoSeeded(t)
	asked := 0
	for _, name := range personas {
		u, err := st.UserByName(name)
		if err != nil {
			t.Fatal(err)
		}
		ms, err := st.Meetings(u, demoWard)
		if err != nil {
			t.Fatal(err)
		}
		next, ok := model.NextMeeting(ms, demoWard, time.Now())
		if !ok {
			t.Fatalf("%s has no next meeting", name)
		}
		b, err := briefing.Read(st, u, next.ID)
		if err != nil {
			t.Fatal(err)
		}
		var md bytes.Buffer
		if err := briefing.Render(&md, b, u); err != nil {
			t.Fatal(err)
		}
		police := u.Agency == "police"
		if strings.Contains(md.String(), "Two arrests on Station Road") != police {
			t.Errorf("%s (%s): the police-only update in the briefing is %v", name, u.Agency, !police)
		}
		if u.Role.IsPanelOfficer() && (b.Updated() == 0 || b.Updated() == len(b.Owners)) {
			t.Errorf("%s: %d of %d owners updated: the demo should show both", name, b.Updated(), len(b.Owners))
		}
		in, err := inbox.Read(st, u, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range in.Asked {
			if !a.Posted {
				asked++
			}
		}
		t.Logf("%s (%s, %s): %d updates asked, briefing owners %d/%d", name, u.Role, u.Agency, len(in.Asked), b.Updated(), len(b.Owners))
	}
	if asked == 0 {
		t.Error("no persona is asked for an update")
	}
}
