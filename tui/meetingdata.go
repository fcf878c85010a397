package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/meetings"
	"wardpanel/tui/ui"
)

// The meeting screens (issue 4) are package meetings; here are the ward's
// news the header and board show, and the links from the meetings to the
// screens of this package (the action form an item raises an action in).

// MeetingStore is the meetings' slice of the store (*store.Store has it).
type MeetingStore interface {
	meetings.Store
}

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

// Navigation for meetings.
type (
	openMeetingsMsg struct{}
	openMeetingMsg  struct{ id model.ID }
	// openMeetingFormMsg places a meeting form, openPickMsg a chooser.
	openMeetingFormMsg struct{ f component }
	openPickMsg        struct{ p component }
	// meetingDoneMsg: a meeting form saved; the root closes it.
	meetingDoneMsg struct {
		text string
		id   model.ID
	}
)

// meetingKeyMap is the meeting screens' keys; keyMap embeds them.
type meetingKeyMap = meetings.KeyMap

// meetingLinks are the ways out of the meeting screens: the router, the
// action form, and what the session knows of the ward.
func meetingLinks(c *common) meetings.Links {
	return meetings.Links{
		RaiseAction: func(a model.Action, problem *model.Problem, item int, linked []model.ID) tea.Msg {
			return openActionFormMsg{a: a, create: true, problem: problem, item: item, linked: linked}
		},
		OpenMeeting: func(id model.ID) tea.Msg { return openMeetingMsg{id: id} },
		OpenForm:    func(f ui.Screen) tea.Msg { return openMeetingFormMsg{f: fromUI(f)} },
		OpenPick:    func(p ui.Screen) tea.Msg { return openPickMsg{p: fromUI(p)} },
		Done:        func(text string, id model.ID) tea.Msg { return meetingDoneMsg{text: text, id: id} },
		Priorities:  func() []model.Problem { return c.news.priorities },
		Agencies:    func() []model.Agency { return c.agencies },
		Tick:        func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd { return c.tick(d, fn) },
	}
}
