// Package problemforms is the forms about a problem, each a sheet of
// tui/form: the problem itself (new, edited, or made from the crime
// picture), an entry of its evidence log, and the sheets of its SARA plan
// (a text of the plan, an analysis note, a response, the review date, how
// it came in, a stage move). What a user may choose in them is the
// model's to say (model.CheckProblemVisibility, model.Contributes,
// model.CheckAddEvidence, model.CheckEditPlan, model.CheckMoveStage); the
// store checks it again. The router is reached through Links.
package problemforms

import (
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/form"
	"wardpanel/tui/ui"
)

// IDs are the forms' lines in the screen table.
const (
	ProblemID  = "form"
	EvidenceID = "evidence"
	PlanID     = "plan form"
)

// Store is what the forms read and write.
type Store interface {
	ui.ProblemReader
	CreateProblem(by model.Actor, p model.Problem) (model.Problem, error)
	UpdateProblem(by model.Actor, p model.Problem) (model.Problem, error)
	AddEvidence(by model.Actor, e model.Evidence) (model.Evidence, error)
	SetPlanText(by model.Actor, id model.ID, field model.PlanField, text string, vis *model.Visibility, version uint64) (model.Plan, error)
	AddPlanNote(by model.Actor, id model.ID, text string, vis *model.Visibility) (model.Plan, error)
	AddResponse(by model.Actor, id model.ID, r model.Response) (model.Plan, error)
	// SetPlanScan records how a problem came in, and the crime its
	// assessment's figures count (a problem made from the crime picture).
	SetPlanScan(by model.Actor, id model.ID, src model.ProblemSource, focus model.CrimeFocus) (model.Plan, error)
	SetReview(by model.Actor, id model.ID, date time.Time) (model.Problem, error)
	MoveStage(by model.Actor, id model.ID, to model.Stage, reason string, version uint64) (model.Problem, error)
}

// Links are the ways from the forms to the router, given by the table's
// lines.
type Links struct {
	// Saved closes the problem form, which saved p (created: a new one),
	// and shows it.
	Saved func(p model.Problem, created bool) tea.Msg
	// Done closes an evidence or plan form, which saved: text for the
	// status line; the problem screen reads the problem afresh.
	Done func(text string) tea.Msg
	// Agencies are the agencies the choices of a visibility and a lead
	// agency are made of.
	Agencies func() []model.Agency
}

// env is what every form holds: the session, the store and the links.
type env struct {
	ui.Session
	st    Store
	links Links
}

// Messages answering the forms' store calls; each carries the seq its
// call was started with, so an answer to an earlier save is passed over.
type (
	// problemSavedMsg answers the problem form's save.
	problemSavedMsg struct {
		seq int
		p   model.Problem
		err error
	}
	// latestMsg answers "what is the stored problem now?", because the
	// user asked (reload) or because the store changed.
	latestMsg struct {
		seq    int
		p      model.Problem
		err    error
		reload bool
	}
	evidenceSavedMsg struct {
		seq int
		e   model.Evidence
		err error
	}
	// planSavedMsg answers a plan sheet's save: text is the status line.
	planSavedMsg struct {
		seq  int
		text string
		err  error
	}
)

// latestCmd reads the problem a form is about, through the visibility
// rule again.
func latestCmd(st Store, viewer model.User, id model.ID, seq int, reload bool) tea.Cmd {
	return func() tea.Msg {
		p, err := ui.ReadProblem(st, viewer, id)
		return latestMsg{seq: seq, p: p, err: err, reload: reload}
	}
}

// addDate adds a date line to s, typed like example and read by parse
// against today, whose hint says what the typed date means.
func addDate(s *form.Sheet, label, example string, parse func(string, time.Time) (time.Time, error), today func() time.Time, names ...string) *form.Field {
	f := s.AddLine(label, example, 20, names...)
	f.InputW = 11
	f.Hint = func(v string, room int) string {
		if v == "" {
			return ""
		}
		d, err := parse(v, today())
		return form.DateHint(d, err, example, room)
	}
	return f
}

// goneNotice is what the evidence and plan forms say when a check finds
// their problem out of view.
const goneNotice = "This problem is no longer visible to you, so saving will fail. Your text is still here."

// noteGone takes a check's answer on a form that only adds to its
// problem: it says now if the problem has gone from view, not at ctrl+s.
func noteGone(s *form.Sheet, msg latestMsg) {
	if s.LatestAnswered(msg.seq, false) && errors.Is(msg.err, model.ErrNotFound) {
		s.Info = goneNotice
		s.Layout()
	}
}
