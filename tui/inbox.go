package tui

import (
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/inbox"
	"wardpanel/tui/updates"
)

// The inbox (issue 21) is package inbox; here are its ways to the screens
// of this package, and the board's key to it.

// inboxKeyMap is the inbox's keys; keyMap.Inbox holds them.
type inboxKeyMap = inbox.KeyMap

func newInboxKeyMap() inboxKeyMap { return inbox.NewKeyMap() }

type (
	// openInboxMsg asks the root for the inbox (the board's i).
	openInboxMsg struct{}
	// inboxGreetMsg: the inbox read on connecting has something in it.
	inboxGreetMsg struct{}
	// inboxUpdateMsg opens the update form from the inbox, for the
	// meeting the update is asked for (of whichever of the user's wards).
	inboxUpdateMsg struct {
		target updates.Target
		m      model.Meeting
	}
)

// inboxLinks are the ways out of the inbox: a record, a meeting, the
// update form (package updates), and showing itself on connecting.
func inboxLinks() inbox.Links {
	return inbox.Links{
		OpenAction:  func(a model.Action) tea.Msg { return openActionMsg{a: a} },
		OpenProblem: func(p model.Problem) tea.Msg { return openDetailMsg{p: p} },
		OpenMeeting: func(id model.ID) tea.Msg { return openMeetingMsg{id: id} },
		PostUpdate: func(kind model.RecordKind, id model.ID, title string, m model.Meeting) tea.Msg {
			return inboxUpdateMsg{target: updates.Target{Kind: kind, ID: id, Title: title}, m: m}
		},
		Greet: func() tea.Msg { return inboxGreetMsg{} },
	}
}

func (openInboxMsg) route(a *app) tea.Cmd { return a.show(screenInbox) }

// route shows the inbox over the board, on connecting, if the user has
// not moved on meanwhile.
func (inboxGreetMsg) route(a *app) tea.Cmd {
	if a.active == screenBoard {
		a.open(screenInbox)
	}
	return nil
}

func (m inboxUpdateMsg) route(a *app) tea.Cmd { return a.openUpdate(m.target, m.m) }
