package tui

import (
	"charm.land/bubbles/v2/key"

	"wardpanel/tui/meetings"
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
	Raise         key.Binding
	Evidence      key.Binding
	NextAction    key.Binding
	PrevAction    key.Binding
	OpenAction    key.Binding
	OpenProblem   key.Binding
	SetStatus     key.Binding

	// Meetings.
	Meetings      key.Binding // board → meetings
	meetingKeyMap             // the meeting screens', in package meetings

	// Audit.
	Audit key.Binding // board → audit

	Pictures pictureKeyMap // rich pictures, in picturedata.go
	Crimes   crimeKeyMap   // the crime picture, in package crimes
	Inbox    inboxKeyMap   // package inbox
	Updates  updateKeyMap  // in updates.go
	Plan     planKeyMap    // SARA plans (issue 19), in plandata.go
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
		Raise:         key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "raise action")),
		Evidence:      key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "evidence")),
		NextAction:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "select action")),
		PrevAction:    key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous action")),
		OpenAction:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open action")),
		OpenProblem:   key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "its problem")),
		SetStatus:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "set status")),

		Meetings:      key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "meetings")),
		meetingKeyMap: meetings.NewKeyMap(),

		Audit: key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "audit")),

		Pictures: newPictureKeyMap(),
		Crimes:   newCrimeKeyMap(),
		Inbox:    newInboxKeyMap(),
		Updates:  newUpdateKeyMap(),
		Plan:     newPlanKeyMap(),
	}
}
