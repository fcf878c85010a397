package board

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// Store is what the board and the actions list read: the store's
// permission-checked lists. *store.Store and the TUI's Store satisfy it.
type Store interface {
	Ward(code string) (model.Ward, error)
	Agencies() ([]model.Agency, error)
	Problems(viewer model.User, ward string) ([]model.Problem, error)
	Actions(viewer model.User, ward string) ([]model.Action, error)
}

// SharedStore is a Store that hands out the problems it keeps by pointer
// (*store.Store does): the board reads a ward's problems through it when
// it can, so that after a change neither the store nor the board copies
// them. What it returns is shared with every other reader and never
// written: not the slice, nor any problem it points to.
type SharedStore interface {
	SharedProblems(viewer model.User, ward string) ([]*model.Problem, error)
}

// Links are the ways from the board and the actions list to screens of
// other packages, and what the two tell the session, given by the table's
// lines. Each func returning a message makes the message that opens it.
type Links struct {
	OpenProblem func(p model.Problem) tea.Msg
	// NewProblem opens the problem form on a new problem in ward.
	NewProblem func(ward string) tea.Msg
	Meetings   func() tea.Msg
	Audit      func() tea.Msg
	Pictures   func() tea.Msg
	Crimes     func() tea.Msg
	Inbox      func() tea.Msg

	OpenAction func(a model.Action) tea.Msg
	// ActionStatus opens the status chooser on a; EditAction the action
	// form; Outcome the outcome form; NewAction the action form on a new
	// action in ward.
	ActionStatus func(a model.Action) tea.Msg
	EditAction   func(a model.Action) tea.Msg
	Outcome      func(a model.Action) tea.Msg
	NewAction    func(ward string) tea.Msg

	// SetWard makes w the session's ward: the board names it once it has
	// loaded, and moves to another on w.
	SetWard func(w model.Ward)
	// SetAgencies keeps the agencies loaded last, which the forms offer.
	SetAgencies func(as []model.Agency)
	// Priorities are the ward's priorities, marked ★ on the board (read
	// when the session's news changes: News).
	Priorities func() []model.Problem
}

// KeyMap is the board's and the actions list's keys. The root builds it
// once per session and lends it the keys of other screens the board
// opens (Borrowed).
type KeyMap struct {
	New          key.Binding
	Filter       key.Binding
	Stage        key.Binding
	Category     key.Binding
	Agency       key.Binding
	Sort         key.Binding
	Ward         key.Binding
	ClearFilters key.Binding
	Actions      key.Binding // board → actions
	Meetings     key.Binding // board → meetings
	Audit        key.Binding // board → audit

	// The actions list.
	ActionsBack key.Binding // actions → board
	// ActionsToggle is help only: ActionsBack matches t too; full help says so.
	ActionsToggle key.Binding
	View          key.Binding
	ViewAgency    key.Binding
	Status        key.Binding
	Edit          key.Binding
	Outcome       key.Binding
	NewAction     key.Binding

	Borrowed
}

// Borrowed are keys the board offers that belong to the screens they open
// (or, for ForReview, to the plans): their packages define them.
type Borrowed struct {
	Pictures  key.Binding // board → rich pictures
	Crimes    key.Binding // board → crime picture
	Inbox     key.Binding // board → inbox
	ForReview key.Binding // the "for review" filter
}

// NewKeyMap makes the keys, with the borrowed ones.
func NewKeyMap(b Borrowed) KeyMap {
	return KeyMap{
		New:          ui.Bind("new", "n"),
		Filter:       ui.Bind("search", "/"),
		Stage:        ui.Bind("stage", "s"),
		Category:     ui.Bind("category", "c"),
		Agency:       ui.Bind("lead agency", "a"),
		Sort:         ui.Bind("sort", "o"),
		Ward:         ui.Bind("ward", "w"),
		ClearFilters: ui.Bind("clear filters", "esc"),
		Actions:      ui.Bind("actions", "t"),
		Meetings:     ui.Bind("meetings", "m"),
		Audit:        ui.Bind("audit", "u"),

		ActionsBack:   key.NewBinding(key.WithKeys("esc", "backspace", "t"), key.WithHelp("esc", "board")),
		ActionsToggle: ui.Bind("board/actions", "t"),
		View:          ui.Bind("view", "v"),
		ViewAgency:    ui.Bind("next agency", "a"),
		Status:        ui.Bind("status", "s"),
		Edit:          ui.Bind("edit", "e"),
		Outcome:       ui.Bind("outcome", "o"),
		NewAction:     ui.Bind("new", "n"),

		Borrowed: b,
	}
}

// problemsLoadedMsg answers the board's load.
type problemsLoadedMsg struct {
	seq      int
	ward     model.Ward
	problems loadedList
	agencies []model.Agency
	err      error
}

// loadProblemsCmd loads the ward's problems. The store's list is shared
// with every session that sees the same ones (store.SharedProblems, or
// Store.Problems), and the board only reads it.
func loadProblemsCmd(st Store, viewer model.User, ward string, seq int) tea.Cmd {
	return func() tea.Msg {
		msg := problemsLoadedMsg{seq: seq, ward: model.Ward{Code: ward, Name: ward}}
		if w, err := st.Ward(ward); err == nil {
			msg.ward = w
		}
		if shared, ok := st.(SharedStore); ok {
			var ps []*model.Problem
			ps, msg.err = shared.SharedProblems(viewer, ward)
			msg.problems = sharedOf(ps)
		} else {
			var ps []model.Problem
			ps, msg.err = st.Problems(viewer, ward)
			msg.problems = valuesOf(ps)
		}
		if msg.err != nil {
			return msg
		}
		// Agencies only label the filter and the form's choices: a failure
		// here should not blank the board.
		msg.agencies, _ = st.Agencies()
		return msg
	}
}

type actionsLoadedMsg struct {
	seq      int
	actions  []model.Action
	agencies []model.Agency
	err      error
}

func loadActionsCmd(st Store, viewer model.User, ward string, seq int) tea.Cmd {
	return func() tea.Msg {
		msg := actionsLoadedMsg{seq: seq}
		as, err := st.Actions(viewer, ward)
		if err != nil {
			msg.err = err
			return msg
		}
		msg.actions = make([]model.Action, 0, len(as))
		for _, a := range as {
			if a.Ward == ward && model.CanSeeAction(viewer, a) {
				msg.actions = append(msg.actions, a)
			}
		}
		msg.agencies, _ = st.Agencies()
		return msg
	}
}
