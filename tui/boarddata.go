package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/board"
	"wardpanel/tui/crimes"
	"wardpanel/tui/inbox"
	"wardpanel/tui/ui"
)

// The board and the actions list are package board; here are their ways
// to the screens of this package, and what they tell the session.

// boardKeyMap is the board's and the actions list's keys; keyMap.Board
// holds them. The keys to other screens are those screens' own.
type boardKeyMap = board.KeyMap

func newBoardKeyMap() boardKeyMap {
	return board.NewKeyMap(board.Borrowed{
		Pictures:  newPictureKeyMap().Board,
		Crimes:    crimes.NewKeyMap().Board,
		Inbox:     inbox.NewKeyMap().Board,
		ForReview: newPlanKeyMap().ForReview,
	})
}

// boardLinks are the ways out of the board and the actions list: a
// problem, an action and their forms, the meetings, the audit, the rich
// and crime pictures, the inbox; and the session's ward, agencies and
// priorities, which the board sets and reads.
func boardLinks(c *common) board.Links {
	return board.Links{
		OpenProblem: func(p model.Problem) tea.Msg { return openDetailMsg{p: p} },
		NewProblem:  func(ward string) tea.Msg { return openFormMsg{new: true, p: model.Problem{Ward: ward}} },
		Meetings:    func() tea.Msg { return openMeetingsMsg{} },
		Audit:       func() tea.Msg { return openAuditMsg{} },
		Pictures:    func() tea.Msg { return openPicturesMsg{} },
		Crimes:      func() tea.Msg { return openCrimesMsg{} },
		Inbox:       func() tea.Msg { return openInboxMsg{} },

		OpenAction:   func(a model.Action) tea.Msg { return openActionMsg{a: a} },
		ActionStatus: func(a model.Action) tea.Msg { return openStatusMsg{a: a} },
		EditAction:   func(a model.Action) tea.Msg { return openActionFormMsg{a: a} },
		Outcome:      func(a model.Action) tea.Msg { return openOutcomeMsg{a: a} },
		NewAction:    func(ward string) tea.Msg { return openActionFormMsg{create: true, a: model.Action{Ward: ward}} },

		SetWard:     func(w model.Ward) { c.ward = w },
		SetAgencies: func(as []model.Agency) { c.agencies = as },
		Priorities:  func() []model.Problem { return c.news.priorities },
	}
}

// dateLabel is how the app writes a date: as it is typed, year first.
func dateLabel(t time.Time) string { return ui.DateLabel(t) }
