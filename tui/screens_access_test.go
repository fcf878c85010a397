package tui

import (
	"wardpanel/tui/audit"
	"wardpanel/tui/board"
	"wardpanel/tui/meetings"
	"wardpanel/tui/pictures"
)

// Tests reach into screens by these accessors; the router itself holds no
// field per screen.

func (a *app) board() *board.Board {
	return slot[pkgScreen](a, screenBoard).Screen.(*board.Board)
}
func (a *app) detail() *detail    { return slot[*detail](a, screenDetail) }
func (a *app) form() *problemForm { return slot[*problemForm](a, screenForm) }
func (a *app) actions() *board.Actions {
	return slot[pkgScreen](a, screenActions).Screen.(*board.Actions)
}
func (a *app) action() *actionDetail   { return slot[*actionDetail](a, screenAction) }
func (a *app) actionForm() *actionForm { return slot[*actionForm](a, screenActionForm) }
func (a *app) chooser() *statusChooser { return slot[*statusChooser](a, screenStatus) }
func (a *app) outcome() *outcomeForm   { return slot[*outcomeForm](a, screenOutcome) }
func (a *app) evidence() *evidenceForm { return slot[*evidenceForm](a, screenEvidence) }
func (a *app) audit() audit.State {
	return slot[pkgScreen](a, screenAudit).Screen.(*audit.Screen).State()
}

// meetings and meeting are the meeting screens (package meetings).
func (a *app) meetings() *meetings.List {
	return slot[pkgScreen](a, screenMeetings).Screen.(*meetings.List)
}
func (a *app) meeting() *meetings.View {
	return slot[pkgScreen](a, screenMeeting).Screen.(*meetings.View)
}

// pics are the rich-picture screens.
func (a *app) pics() struct {
	list *pictures.List
	view picView
	form *pictureForm
} {
	return struct {
		list *pictures.List
		view picView
		form *pictureForm
	}{slot[pkgScreen](a, screenPictures).Screen.(*pictures.List), picView{slot[pkgScreen](a, screenPicture).Screen.(*pictures.View)},
		slot[*pictureForm](a, screenPictureForm)}
}

// picView is the session screen as the tests read it.
type picView struct{ *pictures.View }

func (v picView) typing() bool {
	on, _ := v.Input()
	return on
}

func (v picView) typed() string {
	_, text := v.Input()
	return text
}
