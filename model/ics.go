package model

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Meetings as an iCalendar (RFC 5545) file, for `meetings --ics` and
// `meeting ics ID`. Each meeting is one VEVENT whose UID never changes
// (its ID and ward), so a calendar that imports the file again updates the
// event rather than adding another; SEQUENCE is the meeting's Sequence,
// raised whenever its time or place changes, so calendars take the new
// time over the old. Meetings cannot be cancelled in wardpanel, so no
// event is STATUS:CANCELLED. Text is made inert (CleanLine), escaped as
// RFC 5545 TEXT, and lines are folded at 75 octets, so nothing a user
// typed can end the event or add a property.

// icsDefaultLength is a meeting's length when its agenda gives none.
const icsDefaultLength = 2 * time.Hour

// MeetingUID is the meeting's calendar UID: the same on every export.
func MeetingUID(m Meeting) string {
	return fmt.Sprintf("meeting-%d-%s@wardpanel", m.ID, strings.ToLower(m.Ward))
}

// MeetingsICS writes ms as one VCALENDAR; wardName names the calendar.
func MeetingsICS(calName string, ms []Meeting) string {
	var b icsWriter
	b.line("BEGIN:VCALENDAR")
	b.line("VERSION:2.0")
	b.line("PRODID:-//wardpanel//ward panel meetings//EN")
	b.line("CALSCALE:GREGORIAN")
	if calName != "" {
		b.line("X-WR-CALNAME:" + icsText(calName))
	}
	for _, m := range ms {
		m = m.Safe()
		length := m.Allotted()
		if length <= 0 {
			length = icsDefaultLength
		}
		b.line("BEGIN:VEVENT")
		b.line("UID:" + icsText(MeetingUID(m)))
		b.line("DTSTAMP:" + icsTime(m.UpdatedAt))
		b.line("DTSTART:" + icsTime(m.When))
		b.line("DTEND:" + icsTime(m.When.Add(length)))
		b.line(fmt.Sprintf("SEQUENCE:%d", m.Sequence))
		b.line("SUMMARY:" + icsText(m.Title))
		if m.Venue != "" {
			b.line("LOCATION:" + icsText(m.Venue))
		}
		var agenda []string
		for i, it := range m.Items {
			agenda = append(agenda, fmt.Sprintf("%d. %s", i+1, it.Title))
		}
		desc := fmt.Sprintf("Ward panel meeting, ward %s (M%d).", m.Ward, m.ID)
		if len(agenda) > 0 {
			desc += "\nAgenda:\n" + strings.Join(agenda, "\n")
		}
		b.line("DESCRIPTION:" + icsText(desc))
		b.line("STATUS:CONFIRMED")
		b.line("END:VEVENT")
	}
	b.line("END:VCALENDAR")
	return b.String()
}

// icsTime is a UTC DATE-TIME; the zero time (a record without one) is the epoch.
func icsTime(t time.Time) string {
	if t.IsZero() {
		t = time.Unix(0, 0)
	}
	return t.UTC().Format("20060102T150405Z")
}

// icsText escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon,
// comma and newline. Other control characters are dropped line by line.
func icsText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		l = CleanLine(l, MaxTextLen)
		l = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`).Replace(l)
		lines[i] = l
	}
	return strings.Join(lines, `\n`)
}

// icsWriter collects content lines, each folded at 75 octets (never inside
// a UTF-8 sequence) and ended with CRLF.
type icsWriter struct{ strings.Builder }

func (w *icsWriter) line(s string) {
	const limit = 75
	first := true
	for len(s) > 0 {
		room := limit
		if !first {
			room-- // the space that marks a continuation
			w.WriteString(" ")
		}
		n := min(room, len(s))
		for n < len(s) && n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		w.WriteString(s[:n])
		w.WriteString("\r\n")
		s, first = s[n:], false
	}
}
