package tui

import (
	"charm.land/bubbles/v2/key"

	"wardpanel/tui/meetings"
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

	// Tasking: actions, outcomes and evidence.
	Status  key.Binding
	Outcome key.Binding

	// Meetings.
	meetingKeyMap // the meeting screens', in package meetings

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

		Status:  key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "status")),
		Outcome: key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "outcome")),

		meetingKeyMap: meetings.NewKeyMap(),

		Pictures: newPictureKeyMap(),
		Crimes:   newCrimeKeyMap(),
		Inbox:    newInboxKeyMap(),
		Plan:     newPlanKeyMap(),
		Board:    newBoardKeyMap(),

		Records: rec.NewKeyMap(),
	}
}
