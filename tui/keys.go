package tui

import (
	"charm.land/bubbles/v2/key"

	rec "wardpanel/tui/records"
	"wardpanel/tui/ui"
)

// keyMap is every binding in the app, built once per session. Screens pick
// the ones they show in their help; Update code matches with key.Matches
// against these fields only, so a key is changed in one place.
type keyMap struct {
	// ui.Keys are the keys every screen shares (moving, help, back, save).
	ui.Keys

	Edit key.Binding

	Choose key.Binding

	// Tasking: actions, outcomes and evidence.
	Status    key.Binding
	Outcome   key.Binding
	SetStatus key.Binding

	// Meetings.
	NewMeeting   key.Binding
	Follow       key.Binding
	Start        key.Binding
	NextItem     key.Binding
	PrevItem     key.Binding
	CloseMeeting key.Binding
	Minutes      key.Binding
	Decision     key.Binding
	Info         key.Binding
	RaiseInItem  key.Binding
	Register     key.Binding
	AddItem      key.Binding
	RemoveItem   key.Binding
	EditItem     key.Binding
	MoveUp       key.Binding
	MoveDown     key.Binding
	NextReview   key.Binding
	PrevReview   key.Binding
	Review       key.Binding
	Vote         key.Binding
	CancelVote   key.Binding
	Agree        key.Binding
	Correct      key.Binding
	Quorum       key.Binding
	Ballot       key.Binding
	Toggle       key.Binding
	Confirm      key.Binding
	UndoAgenda   key.Binding // the agenda's last change (issue 17)

	Pictures pictureKeyMap // rich pictures, in picturedata.go
	Crimes   crimeKeyMap   // the crime picture, in package crimes
	Inbox    inboxKeyMap   // package inbox
	Plan     planKeyMap    // SARA plans (issue 19), in plandata.go
	Board    boardKeyMap   // the board and the actions list (package board)

	// The problem and action screens' keys, in package records.
	Records rec.KeyMap
}

func newKeyMap() keyMap {
	return keyMap{
		Keys: ui.NewKeys(),

		Edit: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),

		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "be this person")),

		Status:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "status")),
		Outcome:   key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "outcome")),
		SetStatus: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "set status")),

		NewMeeting:   key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new meeting")),
		Follow:       key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "follow the chair")),
		Start:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "start meeting")),
		NextItem:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next item")),
		PrevItem:     key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "previous item")),
		CloseMeeting: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "close meeting")),
		Minutes:      key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "write minutes")),
		Decision:     key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "decision")),
		Info:         key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "information")),
		RaiseInItem:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "raise action")),
		Register:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "attendance")),
		AddItem:      key.NewBinding(key.WithKeys("+"), key.WithHelp("+", "add item")),
		RemoveItem:   key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "remove item")),
		EditItem:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit item")),
		MoveUp:       key.NewBinding(key.WithKeys("K"), key.WithHelp("K", "move item up")),
		MoveDown:     key.NewBinding(key.WithKeys("J"), key.WithHelp("J", "move item down")),
		NextReview:   key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next action")),
		PrevReview:   key.NewBinding(key.WithKeys("["), key.WithHelp("[", "previous action")),
		Review:       key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "record update")),
		Vote:         key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "open/close vote")),
		CancelVote:   key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "cancel the vote")),
		Agree:        key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "agree last minutes")),
		Correct:      key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "correct the minutes")),
		Quorum:       key.NewBinding(key.WithKeys("Q"), key.WithHelp("Q", "set the quorum")),
		Ballot:       key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "vote")),
		Toggle:       key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "choose")),
		Confirm:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "confirm")),
		UndoAgenda:   key.NewBinding(key.WithKeys("U"), key.WithHelp("U", "undo agenda change")),

		Pictures: newPictureKeyMap(),
		Crimes:   newCrimeKeyMap(),
		Inbox:    newInboxKeyMap(),
		Plan:     newPlanKeyMap(),
		Board:    newBoardKeyMap(),

		Records: rec.NewKeyMap(),
	}
}
