package plain

import (
	"fmt"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/cli"
)

// Announcements. The store's change feed says only that something
// changed; the session re-reads what it follows (the ward's meetings and
// its board) and says what is new since it last heard, each as a line of
// its own: the chair's steps and the vote to everyone in the meeting, a
// meeting going live and new problems to everyone.

// remember takes the ward as it is now as heard.
func (s *session) remember() {
	s.meetings = map[model.ID]model.Meeting{}
	s.problems = map[model.ID]bool{}
	if ms, err := s.o.Store.Meetings(s.u, s.ward); err == nil {
		for _, m := range ms {
			s.meetings[m.ID] = m
		}
	}
	if ps, err := s.o.Store.Problems(s.u, s.ward); err == nil {
		for _, p := range ps {
			s.problems[p.ID] = true
		}
	}
}

// announce says what changed since the session last heard.
func (s *session) announce() {
	var lines []string
	if ms, err := s.o.Store.Meetings(s.u, s.ward); err == nil {
		for _, m := range ms {
			old, had := s.meetings[m.ID]
			s.meetings[m.ID] = m
			if had {
				lines = append(lines, s.meetingNews(old, m)...)
			}
		}
	}
	if ps, err := s.o.Store.Problems(s.u, s.ward); err == nil {
		for _, p := range ps {
			if !s.problems[p.ID] {
				s.problems[p.ID] = true
				lines = append(lines, fmt.Sprintf("New on the board: %s %s, raised by %s.", cli.ProblemRef.Name(p.ID), clean(p.Title), clean(p.CreatedBy)))
			}
		}
	}
	if len(lines) > 0 {
		s.t.say(lines...)
	}
}

// meetingNews is what happened to a meeting between old and m. Someone in
// the meeting hears everything; anyone else only that it went live or
// closed.
func (s *session) meetingNews(old, m model.Meeting) []string {
	here := s.at == placeMeeting && s.id == m.ID
	var lines []string
	if old.State != m.State {
		switch m.State {
		case model.MeetingLive:
			if here {
				lines = append(lines, fmt.Sprintf("The meeting has started, chaired by %s.", clean(m.Chair)))
			} else {
				lines = append(lines, fmt.Sprintf("Meeting %s, %s, is live now: type meeting %d to follow it.", cli.MeetingRef.Name(m.ID), clean(m.Title), m.ID))
			}
		case model.MeetingClosed:
			lines = append(lines, fmt.Sprintf("Meeting %s, %s, is closed: its minutes are frozen.", cli.MeetingRef.Name(m.ID), clean(m.Title)))
		}
	}
	if !here {
		return lines
	}
	if m.State == model.MeetingLive && m.Current != old.Current && m.Current != 0 {
		it, _ := m.Item(m.Current)
		if s.follow {
			lines = append(lines, s.itemLines(m, it)...)
		} else {
			lines = append(lines, "The chair moved on. "+itemLine(m, it)+" Type follow to follow.")
		}
	}
	if agendaOrder(old) != agendaOrder(m) {
		lines = append(lines, fmt.Sprintf("The agenda changed: %s now. Type agenda to hear it.", model.Counted(len(m.Items), "item", "items")))
	}
	for i := range m.Items {
		it := &m.Items[i]
		before, _ := old.Item(it.ID)
		if before == nil || it.Withheld {
			continue
		}
		if it.MinutesVersion > before.MinutesVersion {
			lines = append(lines, fmt.Sprintf("%s added to the minutes of item %s. %s", clean(it.MinutesBy), itemTitle(*it),
				"Minutes: "+model.CleanText(it.Minutes, model.MaxTextLen)))
		}
		if r := reviewing(it); r != nil && it.ReviewAt != before.ReviewAt {
			lines = append(lines, "Matters arising, now: "+s.reviewLine(*r))
		}
		for i, r := range it.Reviews {
			if i < len(before.Reviews) && r.Taken() && (r.At != before.Reviews[i].At || !before.Reviews[i].Taken()) {
				lines = append(lines, "Matters arising: "+s.reviewLine(r))
			}
		}
		for _, n := range it.Notes[min(len(before.Notes), len(it.Notes)):] {
			lines = append(lines, fmt.Sprintf("Under item %s: %s", itemTitle(*it), noteLine(n)))
		}
	}
	lines = append(lines, voteNews(old.Vote, m.Vote)...)
	return lines
}

// voteNews is what changed in the priorities vote.
func voteNews(old, v *model.Vote) []string {
	switch {
	case v == nil:
		if old != nil && old.Open {
			return []string{"The vote was cancelled: no priorities were set."}
		}
		return nil
	case v.Open && (old == nil || !old.Open):
		return []string{fmt.Sprintf("The priorities vote is open on %s. Type ballot to vote.", refs(v.Candidates))}
	case v.Open && len(v.Ballots) != len(old.Ballots):
		return []string{fmt.Sprintf("%s cast so far.", model.Counted(len(v.Ballots), "ballot", "ballots"))}
	case !v.Open && old != nil && old.Open:
		return []string{fmt.Sprintf("The vote is closed. The ward's priorities, in order: %s.", refs(v.Result))}
	}
	return nil
}

// agendaOrder is the agenda's items and titles in order, to tell a change.
func agendaOrder(m model.Meeting) string {
	var b strings.Builder
	for _, it := range m.Items {
		fmt.Fprintf(&b, "%d %s|", it.ID, it.Title)
	}
	return b.String()
}
