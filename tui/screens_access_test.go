package tui

import (
	"charm.land/bubbles/v2/viewport"

	"wardpanel/model"
	"wardpanel/tui/audit"
	"wardpanel/tui/board"
	"wardpanel/tui/meetings"
	"wardpanel/tui/pictures"
	rec "wardpanel/tui/records"
)

// Tests reach into screens by these accessors; the router itself holds no
// field per screen.

func (a *app) board() *board.Board {
	return slot[pkgScreen](a, screenBoard).Screen.(*board.Board)
}
func (a *app) form() *problemForm { return slot[*problemForm](a, screenForm) }
func (a *app) actions() *board.Actions {
	return slot[pkgScreen](a, screenActions).Screen.(*board.Actions)
}
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
	form *pictures.Form
} {
	form, _ := slot[pkgForm](a, screenPictureForm).Screen.(*pictures.Form)
	return struct {
		list *pictures.List
		view picView
		form *pictures.Form
	}{slot[pkgScreen](a, screenPictures).Screen.(*pictures.List), picView{slot[pkgScreen](a, screenPicture).Screen.(*pictures.View)},
		form}
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

// detailScreen is the problem screen (package records) as the tests read it:
// the problem, its actions and the one selected, and the viewport.
type detailScreen struct {
	*rec.Problem
	p       model.Problem
	actions []model.Action
	sel     model.ID
	selIdx  int
	vp      *viewport.Model
}

func (a *app) detail() detailScreen {
	s := slot[pkgScreen](a, screenDetail).Screen.(*rec.Problem)
	p, _ := s.Record()
	sel, idx := s.Selected()
	return detailScreen{Problem: s, p: p, actions: s.Actions(), sel: sel, selIdx: idx, vp: s.Viewport()}
}

// actionScreen is the action screen as the tests read it.
type actionScreen struct {
	*rec.Action
	a  model.Action
	vp *viewport.Model
}

func (a *app) action() actionScreen {
	s := slot[pkgScreen](a, screenAction).Screen.(*rec.Action)
	act, _ := s.Record()
	return actionScreen{Action: s, a: act, vp: s.Viewport()}
}
