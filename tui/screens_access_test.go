package tui

import (
	"charm.land/bubbles/v2/viewport"

	"wardpanel/model"
	"wardpanel/tui/actionforms"
	"wardpanel/tui/audit"
	"wardpanel/tui/board"
	"wardpanel/tui/form"
	"wardpanel/tui/meetings"
	"wardpanel/tui/pictures"
	"wardpanel/tui/problemforms"
	rec "wardpanel/tui/records"
	"wardpanel/tui/ui"
)

// Tests reach into screens by these accessors; the router itself holds no
// field per screen.

func (a *app) board() *board.Board {
	return slot[pkgScreen](a, screenBoard).Screen.(*board.Board)
}
func (a *app) actions() *board.Actions {
	return slot[pkgScreen](a, screenActions).Screen.(*board.Actions)
}
func (a *app) actionForm() *actionForm {
	f, ok := slot[pkgForm](a, screenActionForm).Screen.(*actionforms.ActionForm)
	if !ok {
		return nil
	}
	return &actionForm{ActionForm: f, title: labelled(f.Sheet, "Title"), assignee: labelled(f.Sheet, "Assignee"),
		owner: labelled(f.Sheet, "Owner"), due: labelled(f.Sheet, "Due"), desc: labelled(f.Sheet, "Description"),
		vis: labelled(f.Sheet, "Visible to"), prob: labelled(f.Sheet, "Problem"),
		base: f.Base(), problem: f.Problem(), create: f.Creating()}
}
func (a *app) chooser() *statusChooser {
	s, ok := slot[pkgScreen](a, screenStatus).Screen.(*actionforms.StatusChooser)
	if !ok {
		return nil
	}
	c := &statusChooser{StatusChooser: s}
	c.options, c.cursor = s.Choices()
	return c
}
func (a *app) outcome() *outcomeForm {
	f, ok := slot[pkgForm](a, screenOutcome).Screen.(*actionforms.OutcomeForm)
	if !ok {
		return nil
	}
	return &outcomeForm{OutcomeForm: f, text: labelled(f.Sheet, "Outcome"), result: labelled(f.Sheet, "Result"),
		publish: labelled(f.Sheet, "Publish"), action: f.Base()}
}
func (a *app) audit() audit.State {
	return slot[pkgScreen](a, screenAudit).Screen.(*audit.Screen).State()
}

// formAt is the form of a package placed at id, or nil.
func formAt[T ui.Screen](a *app, id screen) T {
	f, _ := slot[pkgForm](a, id).Screen.(T)
	return f
}

// The problem form's fields by index (problemforms.Field*).
const (
	fTitle      = problemforms.FieldTitle
	fLocation   = problemforms.FieldLocation
	fDesc       = problemforms.FieldDesc
	fCategory   = problemforms.FieldCategory
	fStage      = problemforms.FieldStage
	fVisibility = problemforms.FieldVisibility
	fieldCount  = problemforms.FieldCount
)

// problemForm is the problem form as the tests read it: its fields by
// index, and what it cites.
type problemForm struct {
	*problemforms.ProblemForm
	fields []*form.Field
	cite   *problemforms.Cite
}

func (a *app) form() *problemForm {
	f := formAt[*problemforms.ProblemForm](a, screenForm)
	if f == nil {
		return nil
	}
	return &problemForm{ProblemForm: f, fields: f.Fields, cite: f.Cited()}
}

// evidenceForm is the evidence form as the tests read it.
type evidenceForm struct {
	*problemforms.EvidenceForm
	kind, occurred, text, vis *form.Field
	problem                   model.Problem
}

func (a *app) evidence() *evidenceForm {
	f := formAt[*problemforms.EvidenceForm](a, screenEvidence)
	if f == nil {
		return nil
	}
	return &evidenceForm{EvidenceForm: f, kind: f.FieldNamed("kind"), occurred: f.FieldNamed("occurred"),
		text: f.FieldNamed("text"), vis: f.FieldNamed("visibility"), problem: f.Problem()}
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

// build is the problem the form would save.
func (f *problemForm) build() model.Problem { return f.Draft() }

// The action forms (package actionforms) as the tests read them: their
// fields by label, and what each works on when it is read.
type (
	actionForm struct {
		*actionforms.ActionForm
		title, assignee, owner, due, desc, vis *form.Field
		prob                                   *form.Field // nil but on a new action
		base                                   model.Action
		problem                                *model.Problem
		create                                 bool
	}
	statusChooser struct {
		*actionforms.StatusChooser
		options []model.ActionStatus
		cursor  int
	}
	outcomeForm struct {
		*actionforms.OutcomeForm
		text, result *form.Field
		publish      *form.Field // nil unless the user's agency may publish
		action       model.Action
	}
)

// pastDueAsk is the action form's question under a past due date.
const pastDueAsk = actionforms.PastDueAsk

// labelled is the field of s labelled label, or nil.
func labelled(s *form.Sheet, label string) *form.Field {
	for _, f := range s.Fields {
		if f.Label == label {
			return f
		}
	}
	return nil
}
