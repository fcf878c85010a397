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

	New          key.Binding
	Filter       key.Binding
	Stage        key.Binding
	Category     key.Binding
	Agency       key.Binding
	Sort         key.Binding
	Ward         key.Binding
	ClearFilters key.Binding

	Edit key.Binding

	Choose key.Binding

	// Tasking: actions, outcomes and evidence.
	Actions       key.Binding // board → actions
	ActionsBack   key.Binding // actions → board
	ActionsToggle key.Binding
	View          key.Binding
	ViewAgency    key.Binding
	Status        key.Binding
	Outcome       key.Binding
	NewAction     key.Binding
	SetStatus     key.Binding

	// Meetings.
	Meetings     key.Binding // board → meetings
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

	// Audit.
	Audit key.Binding // board → audit

	Pictures pictureKeyMap // rich pictures, in picturedata.go
	Crimes   crimeKeyMap   // the crime picture, in package crimes
	Inbox    inboxKeyMap   // package inbox
	Plan     planKeyMap    // SARA plans (issue 19), in plandata.go

	// The problem and action screens' keys, in package records.
	Records rec.KeyMap
}

func newKeyMap() keyMap {
	return keyMap{
		Keys: ui.NewKeys(),

		New:          key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new")),
		Filter:       key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Stage:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "stage")),
		Category:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "category")),
		Agency:       key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "lead agency")),
		Sort:         key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "sort")),
		Ward:         key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "ward")),
		ClearFilters: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filters")),

		Edit: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),

		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "be this person")),

		Actions:     key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "actions")),
		ActionsBack: key.NewBinding(key.WithKeys("esc", "backspace", "t"), key.WithHelp("esc", "board")),
		// Help only: ActionsBack matches t too; full help says so.
		ActionsToggle: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "board/actions")),
		View:          key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "view")),
		ViewAgency:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "next agency")),
		Status:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "status")),
		Outcome:       key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "outcome")),
		NewAction:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new")),
		SetStatus:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "set status")),

		Meetings:     key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "meetings")),
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

		Audit: key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "audit")),

		Pictures: newPictureKeyMap(),
		Crimes:   newCrimeKeyMap(),
		Inbox:    newInboxKeyMap(),
		Plan:     newPlanKeyMap(),

		Records: rec.NewKeyMap(),
	}
}
