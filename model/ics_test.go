package model

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestMeetingsICSLines(t *testing.T) {
	m := Meeting{ID: 7, Ward: "E05009367", Title: "Panel; spring, \\ part " + strings.Repeat("é", 60),
		Venue: "Hall\r\nEND:VEVENT", When: time.Date(2026, 6, 9, 19, 0, 0, 0, time.UTC), Sequence: 2,
		Items: []AgendaItem{{Title: "Welcome", Allotted: 5}, {Title: "Priorities", Allotted: 25}}}
	out := MeetingsICS("Northfield ward panel", []Meeting{m})
	for _, l := range strings.SplitAfter(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		body := strings.TrimSuffix(l, "\r\n")
		if len(body) > 75 || !utf8.ValidString(body) || strings.ContainsAny(body, "\r\n") {
			t.Errorf("bad line %q", l)
		}
	}
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	for _, want := range []string{
		"UID:meeting-7-e05009367@wardpanel\r\n",
		"SEQUENCE:2\r\n",
		"DTSTART:20260609T190000Z\r\n",
		"DTEND:20260609T193000Z\r\n",
		`SUMMARY:Panel\; spring\, \\ part ` + strings.Repeat("é", 60) + "\r\n",
		"DESCRIPTION:Ward panel meeting\\, ward E05009367 (M7).\\nAgenda:\\n1. Welcome\\n2. Priorities\r\n",
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("missing %q in\n%s", want, unfolded)
		}
	}
	if strings.Count(out, "BEGIN:VEVENT") != 1 || strings.Contains(unfolded, "\r\nEND:VEVENT\r\nEND:VEVENT") {
		t.Errorf("the venue made a line of its own:\n%s", out)
	}
}
