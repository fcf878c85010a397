package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Changes that keep a meeting's record trustworthy: restricted entries,
// votes a chair can explain and get out of, and corrections with a trail.

// checkEntryVisibility: a keeper restricts a minute entry or an agenda
// item as any record, but never so that the keepers cannot read the
// minutes they keep: a restriction to agencies takes in the panel
// officers too ("police and the panel officers").
func checkEntryVisibility(u User, v Visibility) (Visibility, error) {
	v.Agencies = slices.Clone(v.Agencies)
	if err := v.Validate(); err != nil {
		return Visibility{}, err
	}
	if v.Kind == VisAgencies {
		v.Officers = true
	}
	if err := checkSetVisibility(u, v); err != nil {
		return Visibility{}, err
	}
	if !v.Restricted() {
		return Visibility{}, nil
	}
	return v, nil
}

// CancelVote ends an open vote without setting priorities: nobody came to
// vote, or the candidates were wrong. The meeting may then open another
// (nothing was decided) or close.
type CancelVote struct{}

func (CancelVote) apply(u User, m *Meeting, _ time.Time) (string, error) {
	if err := CheckSteerVote(u, *m); err != nil {
		return "", err
	}
	n := len(m.Vote.Ballots)
	m.Vote = nil
	m.CancelledVotes++
	return fmt.Sprintf("priorities vote cancelled with %d ballots cast", n), nil
}

// SetQuorum changes the open vote's quorum: the fewest ballots that may
// set priorities (0: none).
type SetQuorum struct{ Quorum int }

func (c SetQuorum) apply(u User, m *Meeting, _ time.Time) (string, error) {
	if err := CheckSteerVote(u, *m); err != nil {
		return "", err
	}
	if c.Quorum < 0 || c.Quorum > 1000 {
		return "", invalid("quorum", "a quorum is a number of ballots from 0 (none) to 1000")
	}
	if c.Quorum == m.Vote.Quorum {
		return "", ErrUnchanged
	}
	m.Vote.Quorum = c.Quorum
	return fmt.Sprintf("quorum set to %d ballots", c.Quorum), nil
}

// checkCorrector: the keepers correct a meeting's record until a later
// meeting agrees its minutes.
func checkCorrector(u User, m *Meeting) error {
	if err := checkSecretary(u); err != nil {
		return err
	}
	if m.AgreedIn != 0 {
		return forbidden("these minutes were agreed at meeting %d; they stand as agreed", m.AgreedIn)
	}
	if m.State == MeetingPlanned {
		return forbidden("the meeting has not started; edit the agenda instead")
	}
	return nil
}

// MinutesEntry is CorrectEntry's Note for the item's running minutes
// rather than one of its notes.
const MinutesEntry = -1

// CorrectEntry corrects or strikes out a minute entry: an item's minutes
// (Note MinutesEntry) or its Note'th decision or information entry. The
// entry keeps its place, marked corrected or struck; what it said before
// goes into the audit trail, as restricted as the entry.
type CorrectEntry struct {
	Item   int
	Note   int
	Text   string
	Strike bool
}

// EntryVisibility is who may read the entry c changes in m, for its audit
// entry (which holds the original text).
func (c CorrectEntry) EntryVisibility(m Meeting) Visibility {
	it, _ := m.Item(c.Item)
	if it == nil {
		return Panel
	}
	if it.Visibility.Restricted() {
		return it.Visibility
	}
	if c.Note >= 0 && c.Note < len(it.Notes) && it.Notes[c.Note].Visibility.Restricted() {
		return it.Notes[c.Note].Visibility
	}
	return Panel
}

func (c CorrectEntry) apply(u User, m *Meeting, _ time.Time) (string, error) {
	if err := checkCorrector(u, m); err != nil {
		return "", err
	}
	it, err := m.item(c.Item)
	if err != nil {
		return "", err
	}
	text := CleanText(c.Text, MaxTextLen)
	if !c.Strike && len([]rune(strings.TrimSpace(text))) < 3 {
		return "", invalid("text", "give the corrected text (at least 3 characters), or strike the entry out")
	}
	if c.Note == MinutesEntry {
		was := it.Minutes
		if c.Strike {
			text = ""
		}
		if text == was {
			return "", ErrUnchanged
		}
		it.Minutes, it.MinutesBy, it.MinutesCorrected = text, u.Name, true
		it.MinutesVersion++
		return fmt.Sprintf("minutes of item %d corrected; they read: %q", it.ID, was), nil
	}
	if c.Note < 0 || c.Note >= len(it.Notes) {
		return "", fail404("entry %d of item %d", c.Note+1, c.Item)
	}
	n := &it.Notes[c.Note]
	if n.Kind == NoteAction {
		return "", forbidden("an action raised is corrected on the action itself")
	}
	if n.Struck {
		return "", forbidden("the entry is already struck out")
	}
	was := n.Text
	verb := "corrected"
	if c.Strike {
		n.Struck, verb = true, "struck out"
	} else {
		if text == was {
			return "", ErrUnchanged
		}
		n.Text, n.Corrected = text, true
	}
	return fmt.Sprintf("%s %d of item %d %s; it read: %q", n.Kind, c.Note+1, it.ID, verb, was), nil
}

// CorrectAttendance corrects an attendance line, by name: to apologies or
// present (Kind), or struck out (someone recorded present who was not
// there: opening a live meeting records you present).
type CorrectAttendance struct {
	Name   string
	Kind   AttendKind
	Strike bool
}

func (c CorrectAttendance) apply(u User, m *Meeting, _ time.Time) (string, error) {
	if err := checkCorrector(u, m); err != nil {
		return "", err
	}
	i := slices.IndexFunc(m.Attendance, func(o Attendee) bool { return strings.EqualFold(o.Name, strings.TrimSpace(c.Name)) })
	if i < 0 {
		return "", fail404("%q on the attendance list", CleanLine(c.Name, MaxNameLen))
	}
	a := &m.Attendance[i]
	was := fmt.Sprintf("%s %s", a.Name, a.Kind)
	switch {
	case c.Strike:
		if a.Struck {
			return "", ErrUnchanged
		}
		a.Struck = true
	case c.Kind == AttendPresent || c.Kind == AttendApologies:
		if a.Kind == c.Kind && !a.Struck {
			return "", ErrUnchanged
		}
		a.Kind, a.Struck = c.Kind, false
	default:
		return "", invalid("kind", "present or apologies, or strike the line out")
	}
	a.Corrected = true
	return fmt.Sprintf("attendance corrected; it read: %q", was), nil
}

// AgreeMinutes records, in a live meeting, that the panel agreed the
// minutes of an earlier closed meeting of the ward (Previous): from then
// they are final. The store marks the earlier meeting too.
type AgreeMinutes struct{ Previous ID }

func (c AgreeMinutes) apply(u User, m *Meeting, _ time.Time) (string, error) {
	if err := checkAgree(u, m); err != nil {
		return "", err
	}
	m.Agrees = c.Previous
	return fmt.Sprintf("minutes of meeting %d agreed", c.Previous), nil
}

// CheckAgreeable says whether prev's minutes may be agreed at m.
func CheckAgreeable(prev, m Meeting) error {
	switch {
	case prev.Ward != m.Ward || prev.ID >= m.ID:
		return fail404("meeting %d", prev.ID)
	case prev.State != MeetingClosed:
		return forbidden("meeting %d has not closed; its minutes are not ready", prev.ID)
	case prev.AgreedIn != 0:
		return forbidden("the minutes of meeting %d were agreed at meeting %d", prev.ID, prev.AgreedIn)
	}
	return nil
}
