// Package records holds the two screens that show one record: a problem
// (its fields, plan, actions and evidence log) and an action (its fields
// and outcome log). Both are a record's lines in a scrolled pane under a
// heading line (pane.go), read through a ui.Loader; what either offers to
// change is the model's answer, asked on each load, and the forms a key
// opens live in tui, reached through Links.
package records

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// The screens' lines in the table.
const (
	ProblemID = "detail"
	ActionID  = "action"
)

// Store is what the two screens read.
type Store interface {
	ui.ProblemReader
	Action(viewer model.User, id model.ID) (model.Action, error)
	ProblemActions(viewer model.User, problemID model.ID) ([]model.Action, error)
	Outcomes(viewer model.User, actionID model.ID) ([]model.Outcome, error)
	Evidence(viewer model.User, problemID model.ID) ([]model.Evidence, error)
	PictureLinks(viewer model.User, problemID model.ID) ([]model.PictureLink, error)
	Plan(viewer model.User, id model.ID) (model.Plan, error)
	BeforeAfter(viewer model.User, id model.ID) (model.BeforeAfter, bool, error)
}

// Links are the ways from a record to what lives in tui, given by the
// table's line: each makes the message the router already answers.
type Links struct {
	// OpenProblem and OpenAction show another record (the router's
	// navigation, which puts it on the screen of this package).
	OpenProblem func(p model.Problem) tea.Msg
	OpenAction  func(a model.Action) tea.Msg
	// ProblemGone and ActionGone say the record on screen may no longer
	// be read: the router says so and leaves the screen.
	ProblemGone func(id model.ID) tea.Msg
	ActionGone  func(id model.ID) tea.Msg

	// The problem's forms: the problem form, a new action on it, its
	// evidence, and a sheet of its plan (kind, with what the sheet needs).
	EditProblem func(p model.Problem) tea.Msg
	RaiseAction func(p model.Problem) tea.Msg
	AddEvidence func(p model.Problem) tea.Msg
	PlanSheet   func(kind Sheet, p model.Problem, plan model.Plan, actions []model.Action, targets []model.Stage) tea.Msg

	// The action's: the status chooser, the outcome form, the action
	// form (with the problem it is on, when known).
	SetStatus  func(a model.Action) tea.Msg
	LogOutcome func(a model.Action) tea.Msg
	EditAction func(a model.Action, p *model.Problem) tea.Msg

	// PostUpdate opens the update form on a record; UpdateContext is what
	// the session last read of the ward's next meeting and priorities,
	// which the model's rule for updates needs.
	PostUpdate    func(kind model.RecordKind, id model.ID, title string) tea.Msg
	UpdateContext func(ward string) (model.Meeting, model.WardPriorities)
}

// Sheet is which plan sheet a key asks for.
type Sheet int

const (
	SheetText Sheet = iota
	SheetNote
	SheetResponse
	SheetReview
	SheetMove
	SheetScan
)

// KeyMap is the two screens' own keys (tui's keyMap.Records).
type KeyMap struct {
	Edit, Raise, Evidence, Update      key.Binding
	NextAction, PrevAction, OpenAction key.Binding
	Status, Outcome, OpenProblem       key.Binding
	// The plan's keys, and the problem's sections.
	Move, Text, Scan, Note, Response, Review key.Binding
	NextSection, PrevSection                 key.Binding
}

// NewKeyMap makes the keys.
func NewKeyMap() KeyMap {
	return KeyMap{
		Edit: ui.Bind("edit", "e"), Raise: ui.Bind("raise action", "a"), Evidence: ui.Bind("evidence", "v"),
		Update: ui.Bind("post update", "u"), NextAction: ui.Bind("select action", "tab"),
		PrevAction: ui.Bind("previous action", "shift+tab"), OpenAction: ui.Bind("open action", "enter"),
		Status: ui.Bind("status", "s"), Outcome: ui.Bind("outcome", "o"), OpenProblem: ui.Bind("its problem", "p"),
		Move: ui.Bind("move stage", "s"), Text: ui.Bind("edit plan", "p"), Scan: ui.Bind("source & crime focus", "f"),
		Note: ui.Bind("analysis note", "n"), Response: ui.Bind("add response", "r"), Review: ui.Bind("review date", "d"),
		NextSection: ui.Bind("next section", "]"), PrevSection: ui.Bind("previous section", "["),
	}
}

// keys are the shared keys and the screens' own.
type keys struct {
	*ui.Keys
	KeyMap
}

// ShowProblem asks the problem screen to show P at once, from the copy
// the sender has, and read it afresh with its logs and plan.
type ShowProblem struct{ P model.Problem }

// ShowAction asks the action screen the same of A.
type ShowAction struct{ A model.Action }

// SelectAction puts the problem screen's selection on the action ID once
// a load brings it.
type SelectAction struct{ ID model.ID }
