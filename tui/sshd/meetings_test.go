package sshd

import (
	"fmt"
	"strings"
	"testing"
	"time"

	ical "github.com/arran4/golang-ical"

	"wardpanel/model"
)

// parseICS parses out with an iCalendar library, as a calendar would, and
// holds it to RFC 5545's line rules: CRLF endings, 75 octets at most.
func parseICS(t *testing.T, out string) []*ical.VEvent {
	t.Helper()
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") {
		t.Fatalf("not a calendar:\n%q", out)
	}
	for _, l := range strings.SplitAfter(out, "\r\n") {
		if strings.Contains(strings.TrimSuffix(l, "\r\n"), "\n") || strings.Contains(strings.TrimSuffix(l, "\r\n"), "\r") {
			t.Errorf("a bare line break in %q", l)
		}
		if n := len(strings.TrimSuffix(l, "\r\n")); n > 75 {
			t.Errorf("a line of %d octets: %q", n, l)
		}
	}
	cal, err := ical.ParseCalendar(strings.NewReader(out))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, out)
	}
	return cal.Events()
}

func prop(e *ical.VEvent, p ical.ComponentProperty) string {
	if v := e.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

// A meeting in a calendar: a stable UID, SEQUENCE raised when its time or
// place changes (not its title), hostile text inert; the ward's meetings
// as one calendar; a meeting of another ward not found.
func TestMeetingICS(t *testing.T) {
	w := startMatrixServer(t)
	pc, err := w.st.UserByName("Poppy Chair")
	if err != nil {
		t.Fatal(err)
	}
	by := model.Actor{User: pc, Fingerprint: "test"}
	hostileTitle := "Spring panel; agenda, \\ part 1 \r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:forged \x1b[31mred"
	hostileVenue := "Hall\nSTATUS:CANCELLED;x=y,z " + strings.Repeat("é", 40)
	m, err := w.st.CreateMeeting(by, model.Meeting{Ward: testWard, Title: hostileTitle,
		When: time.Date(2027, 3, 9, 19, 0, 0, 0, time.UTC), Venue: hostileVenue})
	if err != nil {
		t.Fatal(err)
	}
	member := w.runner(t, "member")
	icsOf := func() *ical.VEvent {
		t.Helper()
		out, errOut, code := member.run(fmt.Sprintf("meeting ics M%d", m.ID))
		if code != 0 {
			t.Fatalf("meeting ics: exit %d: %s", code, errOut)
		}
		evs := parseICS(t, out)
		if len(evs) != 1 {
			t.Fatalf("%d events, want 1 (hostile text made an event?):\n%s", len(evs), out)
		}
		return evs[0]
	}
	first := icsOf()
	uid := first.Id()
	if uid == "" || prop(first, ical.ComponentPropertySequence) != "0" {
		t.Fatalf("UID %q, SEQUENCE %q", uid, prop(first, ical.ComponentPropertySequence))
	}
	if got := prop(first, ical.ComponentPropertySummary); got != m.Title || !strings.Contains(got, "Spring panel; agenda, \\ part 1") || strings.ContainsAny(got, "\r\n\x1b") {
		t.Errorf("SUMMARY %q, want the stored title %q", got, m.Title)
	}
	if got := prop(first, ical.ComponentPropertyLocation); got != m.Venue {
		t.Errorf("LOCATION %q, want %q", got, m.Venue)
	}
	if got := prop(first, ical.ComponentPropertyStatus); got != "CONFIRMED" {
		t.Errorf("STATUS %q", got)
	}
	if got := prop(first, ical.ComponentPropertyDtStart); got != "20270309T190000Z" {
		t.Errorf("DTSTART %q", got)
	}

	steps := []struct {
		name    string
		edit    model.EditMeeting
		wantSeq string
	}{
		{"moved an hour", model.EditMeeting{Title: m.Title, When: m.When.Add(time.Hour), Venue: m.Venue}, "1"},
		{"retitled only", model.EditMeeting{Title: "Spring panel", When: m.When.Add(time.Hour), Venue: m.Venue}, "1"},
		{"another venue", model.EditMeeting{Title: "Spring panel", When: m.When.Add(time.Hour), Venue: "Library"}, "2"},
		{"moved back", model.EditMeeting{Title: "Spring panel", When: m.When, Venue: "Library"}, "3"},
	}
	for _, s := range steps {
		if _, err := w.st.ChangeMeeting(by, m.ID, s.edit); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		ev := icsOf()
		if ev.Id() != uid || prop(ev, ical.ComponentPropertySequence) != s.wantSeq {
			t.Errorf("%s: UID %q SEQUENCE %q, want %q and %s", s.name, ev.Id(), prop(ev, ical.ComponentPropertySequence), uid, s.wantSeq)
		}
	}

	// The ward's meetings as one calendar, one event each, UIDs distinct.
	out, errOut, code := member.run("meetings --ics")
	if code != 0 {
		t.Fatalf("meetings --ics: exit %d: %s", code, errOut)
	}
	evs := parseICS(t, out)
	seen := map[string]bool{}
	for _, e := range evs {
		seen[e.Id()] = true
	}
	if len(evs) != 3 || len(seen) != 3 || !seen[uid] {
		t.Errorf("meetings --ics: %d events, %d UIDs; want 3 with %s:\n%s", len(evs), len(seen), uid, out)
	}
	text, _, code := member.run("meetings")
	if code != 0 || !strings.Contains(text, "3 meetings in "+testWard) || !strings.Contains(text, "Library") {
		t.Errorf("meetings: exit %d\n%s", code, text)
	}

	// Another ward's user: the meeting is not found, as a missing one.
	other := w.runner(t, "user of another ward")
	_, missing, _ := other.run("meeting ics 999999")
	out, errOut, code = other.run(fmt.Sprintf("meeting ics %d", m.ID))
	if want := strings.ReplaceAll(missing, "999999", fmt.Sprint(m.ID)); code != 1 || out != "" || errOut != want {
		t.Errorf("meeting ics of another ward: exit %d, %q, %q; want %q", code, out, errOut, want)
	}
	if _, errOut, code := member.run("meetings --ics --json"); code != 2 {
		t.Errorf("--ics --json: exit %d %q", code, errOut)
	}
}
