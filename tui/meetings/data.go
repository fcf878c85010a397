// Package meetings is the meeting screens (issue 4): the ward's meetings
// (List), one meeting as it is planned, run and minuted (View), the small
// forms about a meeting (Form, built on tui/form) and the problem chooser
// for a vote or a ballot (Pick). Every "may this user do this here?" is a
// function of model (model/meetingrules.go and friends), the one the
// store's own change checks. Screens of other packages — the action form a
// meeting raises an action in, the ward's news — are reached through Links.
package meetings

import (
	"cmp"
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// IDs are the screens' lines in the table.
const (
	ListID = "meetings"
	ViewID = "meeting"
	FormID = "meeting form"
	PickID = "pick"
)

// Store is what the meeting screens read and write.
type Store interface {
	CreateMeeting(by model.Actor, m model.Meeting) (model.Meeting, error)
	ChangeMeeting(by model.Actor, id model.ID, ch model.MeetingChange) (model.Meeting, error)
	ReviewAction(by model.Actor, meetingID, actionID model.ID, update string, status model.ActionStatus) (model.Meeting, error)
	Meeting(viewer model.User, id model.ID) (model.Meeting, error)
	Meetings(viewer model.User, ward string) ([]model.Meeting, error)
	Priorities(viewer model.User, ward string) (model.WardPriorities, error)
	// What a meeting's screen shows beside it: the ward's problems and
	// actions, the updates posted for it (issue 21), and the ward's people
	// for the attendance form's picker.
	Problems(viewer model.User, ward string) ([]model.Problem, error)
	Actions(viewer model.User, ward string) ([]model.Action, error)
	Updates(viewer model.User, meetingID model.ID) ([]model.Update, error)
	WardPeople(viewer model.User, ward string) ([]model.User, error)
}

// Links are the ways from these screens to the router and to screens of
// other packages, given by the table's lines.
type Links struct {
	// RaiseAction opens the action form on a, raised in item of the
	// meeting, about problem if it is set; linked are the item's problems.
	RaiseAction func(a model.Action, problem *model.Problem, item int, linked []model.ID) tea.Msg
	// OpenMeeting brings the meeting screen (ViewID) on top, showing id.
	OpenMeeting func(id model.ID) tea.Msg
	// OpenForm places a meeting form on top (FormID); OpenPick a
	// chooser (PickID).
	OpenForm func(f ui.Screen) tea.Msg
	OpenPick func(p ui.Screen) tea.Msg
	// Done closes the form or chooser on top, which saved: text for the
	// status line, and the meeting to show (0: the one shown).
	Done func(text string, id model.ID) tea.Msg
	// Priorities are the ward's priorities in force, as the header has them.
	Priorities func() []model.Problem
	// Agencies are the agencies the visibility choices are made of.
	Agencies func() []model.Agency
	// Tick schedules a redraw of a live meeting's timer.
	Tick func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
}

// Show opens meeting ID on the meeting screen (View answers it).
type Show struct{ ID model.ID }

// env is what every meeting screen and form holds: the session, the
// store, the keys and the links.
type env struct {
	ui.Session
	st    Store
	k     keys
	links Links
}

func newEnv(s ui.Session, st Store, links Links) *env {
	return &env{Session: s, st: st, k: keys{s.Keys(), NewKeyMap()}, links: links}
}

// keys are the shared keys and the meetings' own.
type keys struct {
	*ui.Keys
	KeyMap
}

// KeyMap is the meeting screens' keys.
type KeyMap struct {
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
}

// NewKeyMap makes the keys.
func NewKeyMap() KeyMap {
	return KeyMap{
		NewMeeting:   ui.Bind("new meeting", "n"),
		Follow:       ui.Bind("follow the chair", "f"),
		Start:        ui.Bind("start meeting", "s"),
		NextItem:     ui.Bind("next item", "n"),
		PrevItem:     ui.Bind("previous item", "p"),
		CloseMeeting: ui.Bind("close meeting", "x"),
		Minutes:      ui.Bind("write minutes", "w"),
		Decision:     ui.Bind("decision", "d"),
		Info:         ui.Bind("information", "i"),
		RaiseInItem:  ui.Bind("raise action", "a"),
		Register:     ui.Bind("attendance", "r"),
		AddItem:      ui.Bind("add item", "+"),
		RemoveItem:   ui.Bind("remove item", "-"),
		EditItem:     ui.Bind("edit item", "e"),
		MoveUp:       ui.Bind("move item up", "K"),
		MoveDown:     ui.Bind("move item down", "J"),
		NextReview:   ui.Bind("next action", "]"),
		PrevReview:   ui.Bind("previous action", "["),
		Review:       ui.Bind("record update", "u"),
		Vote:         ui.Bind("open/close vote", "v"),
		CancelVote:   ui.Bind("cancel the vote", "C"),
		Agree:        ui.Bind("agree last minutes", "A"),
		Correct:      ui.Bind("correct the minutes", "E"),
		Quorum:       ui.Bind("set the quorum", "Q"),
		Ballot:       ui.Bind("vote", "b"),
		Toggle:       ui.Bind("choose", "space"),
		Confirm:      ui.Bind("confirm", "enter"),
		UndoAgenda:   ui.Bind("undo agenda change", "U"),
	}
}

// Messages and store calls for the meeting screens. Every call runs in a
// tea.Cmd with the seq of the screen that asked.

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

// meetingSavedMsg answers a change to a meeting made from its screen, a
// form or a chooser; text is what the status line says on success.
type meetingSavedMsg struct {
	seq  int
	m    model.Meeting
	text string
	err  error
}

// saveCmd runs a write that answers with the meeting.
func saveCmd(call func(Store, model.Actor) (model.Meeting, error), st Store, by model.Actor, text string, seq int) tea.Cmd {
	return func() tea.Msg {
		m, err := call(st, by)
		return meetingSavedMsg{seq: seq, m: m, text: text, err: err}
	}
}

// change is the write of one model.MeetingChange.
func change(id model.ID, ch model.MeetingChange) func(Store, model.Actor) (model.Meeting, error) {
	return func(st Store, by model.Actor) (model.Meeting, error) { return st.ChangeMeeting(by, id, ch) }
}

func changeMeetingCmd(st Store, by model.Actor, id model.ID, ch model.MeetingChange, text string, seq int) tea.Cmd {
	return saveCmd(change(id, ch), st, by, text, seq)
}

// tickMsg redraws a live meeting's timer; only the screen on top takes it.
type tickMsg struct{ id model.ID }

func (tickMsg) TopOnly() {}

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
