package tui

import (
	"cmp"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// Messages and store calls for the meeting screens. Every call runs in a
// tea.Cmd with the seq of the screen that asked.

// wardNews is what the header and board show about the ward as a whole:
// a meeting under way, and the priorities the panel set.
type wardNews struct {
	ward       string
	live       model.Meeting // ID 0: none live
	next       model.Meeting // where updates go (model.NextMeeting); ID 0: none
	priorities []model.Problem
}

type wardNewsMsg struct {
	seq  int
	news wardNews
	err  error
}

func wardNewsCmd(st Store, u model.User, ward string, seq int, now time.Time) tea.Cmd {
	return func() tea.Msg {
		n := wardNews{ward: ward}
		ms, err := st.Meetings(u, ward)
		if err != nil {
			return wardNewsMsg{seq: seq, err: err}
		}
		for _, m := range ms {
			if m.State == model.MeetingLive {
				n.live = m
			}
		}
		n.next, _ = model.NextMeeting(ms, ward, now)
		pr, err := st.Priorities(u, ward)
		if err != nil {
			return wardNewsMsg{seq: seq, err: err}
		}
		for _, id := range pr.Problems {
			if p, err := st.Problem(u, id); err == nil {
				n.priorities = append(n.priorities, p)
			}
		}
		return wardNewsMsg{seq: seq, news: n}
	}
}

type meetingsLoadedMsg struct {
	seq      int
	meetings []model.Meeting
	err      error
}

func loadMeetingsCmd(st Store, u model.User, ward string, seq int) tea.Cmd {
	return func() tea.Msg {
		ms, err := st.Meetings(u, ward)
		return meetingsLoadedMsg{seq: seq, meetings: ms, err: err}
	}
}

// meetingLoadedMsg is a meeting with what its screen shows beside it: the
// ward's problems and actions this user may see (titles, owners, statuses)
// and the priorities in force.
type meetingLoadedMsg struct {
	seq        int
	m          model.Meeting
	problems   []model.Problem
	actions    []model.Action
	priorities model.WardPriorities
	updates    []model.Update // posted for this meeting (issue 21)
	err        error
}

func loadMeetingCmd(st Store, u model.User, id model.ID, seq int) tea.Cmd {
	return func() tea.Msg {
		msg := meetingLoadedMsg{seq: seq}
		msg.m, msg.err = st.Meeting(u, id)
		if msg.err != nil {
			return msg
		}
		if msg.problems, msg.err = st.Problems(u, msg.m.Ward); msg.err != nil {
			return msg
		}
		if msg.actions, msg.err = st.Actions(u, msg.m.Ward); msg.err != nil {
			return msg
		}
		if msg.priorities, msg.err = st.Priorities(u, msg.m.Ward); msg.err != nil {
			return msg
		}
		msg.updates, msg.err = st.Updates(u, msg.m.ID)
		return msg
	}
}

// meetingSavedMsg answers a change to a meeting made from its screen or a
// form; text is what the status line says on success.
type meetingSavedMsg struct {
	seq  int
	m    model.Meeting
	text string
	err  error
}

func changeMeetingCmd(st Store, by model.Actor, id model.ID, ch model.MeetingChange, text string, seq int) tea.Cmd {
	return func() tea.Msg {
		m, err := st.ChangeMeeting(by, id, ch)
		return meetingSavedMsg{seq: seq, m: m, text: text, err: err}
	}
}

// meetingTickMsg redraws a live meeting's timer.
type meetingTickMsg struct{ id model.ID }

// Navigation for meetings.
type (
	openMeetingsMsg struct{}
	openMeetingMsg  struct{ id model.ID }
	// openMeetingFormMsg opens a form on a meeting; f is built by the screen.
	openMeetingFormMsg struct{ f *meetingForm }
	openPickMsg        struct{ p *problemPick }
	// meetingDoneMsg: a meeting form saved; the root closes it.
	meetingDoneMsg struct {
		text string
		id   model.ID
	}
)

// canKeep says whether u keeps the agenda, minutes and attendance.
func canKeep(u model.User, m model.Meeting) bool { return model.CheckKeepMeeting(u, m) == nil }

// canRun says whether u runs the meeting: starts, steps, closes, votes.
func canRun(u model.User) bool { return model.CheckRunMeeting(u) == nil }

// records are a ward's records as the store hands them out: shared with
// its other readers, so read-only, and in ID order.
type records[T any] struct {
	list []T
	id   func(T) model.ID
}

func (r records[T]) get(id model.ID) (T, bool) {
	i, ok := slices.BinarySearchFunc(r.list, id, func(t T, id model.ID) int { return cmp.Compare(r.id(t), id) })
	if !ok {
		var zero T
		return zero, false
	}
	return r.list[i], true
}

// openCandidates are the problems that may go to a vote: the ward's,
// visible to all of it, not closed.
func openCandidates(ps []model.Problem) []model.Problem {
	return slices.DeleteFunc(slices.Clone(ps), func(p model.Problem) bool {
		return p.Visibility.Restricted() || p.Stage == model.StageClosed
	})
}
