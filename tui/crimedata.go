package tui

import (
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/crimes"
)

// The crime picture (issues 7 and 20) is package crimes; a problem made
// from it is the problem form's (form.go), opened through crimeLinks with
// the figures to cite, which saveCitedCmd logs once the problem is created.

// CrimeStore is the crime-picture slice of the store (*store.Store has it).
type CrimeStore interface {
	crimes.Store
	// SetPlanScan records that a problem came in from the crime picture,
	// and the place and type its assessment's figures count (issue 19).
	SetPlanScan(by model.Actor, id model.ID, src model.ProblemSource, focus model.CrimeFocus) (model.Plan, error)
}

type (
	openCrimesMsg struct{}
	// openCrimeProblemMsg opens the problem form with p, and cite to log
	// on the problem once it is created.
	openCrimeProblemMsg struct {
		p    model.Problem
		cite model.Evidence
		// focus is the hotspot's crime type and place, for the plan's
		// before/after figures (zero where the view has no one place).
		focus model.CrimeFocus
	}
)

// crimeKeyMap is the crime screen's keys; keyMap.Crimes holds them.
type crimeKeyMap = crimes.KeyMap

func newCrimeKeyMap() crimeKeyMap { return crimes.NewKeyMap() }

// crimeLinks are the ways out of the crime picture: the problem form.
func crimeLinks() crimes.Links {
	return crimes.Links{
		NewProblem: func(p model.Problem, cite model.Evidence, focus model.CrimeFocus) tea.Msg {
			return openCrimeProblemMsg{p: p, cite: cite, focus: focus}
		},
	}
}

// crimeCite is what a problem made from the crime picture carries into
// its form: the figures to log as evidence, and the focus its plan's
// before/after figures count.
type crimeCite struct {
	model.Evidence
	focus model.CrimeFocus
}

// sourceCrimePicture is how a problem made from the crime picture came in.
const sourceCrimePicture model.ProblemSource = "crime-picture"

// saveCitedCmd creates the problem, records in its plan that it came from
// the crime picture and the focus its figures count (for those who may
// write the plan: a resident's proposal leaves that to the officers), then
// logs the cited figures on it: a fact, or for a resident (who adds
// reports) a report. Writes as a person would make them, one after the
// other; if a later one fails the problem stands, the rest are not tried,
// and the status line says which failed.
func saveCitedCmd(st Store, by model.Actor, p model.Problem, cite crimeCite, seq int) tea.Cmd {
	return func() tea.Msg {
		saved, err := st.CreateProblem(by, p)
		if err != nil {
			return formSavedMsg{seq: seq, err: err}
		}
		done := formSavedMsg{seq: seq, p: saved}
		failed := func(op string, err error) tea.Msg {
			return tea.Sequence(msgCmd(done), msgCmd(errMsg{op: op, err: err}))()
		}
		if model.CheckEditPlan(by.User, saved, nil, saved.Visibility) == nil {
			if _, err := st.SetPlanScan(by, saved.ID, sourceCrimePicture, cite.focus); err != nil {
				return failed("recording that it came from the crime picture", err)
			}
		}
		ev := cite.Evidence
		ev.ProblemID, ev.Ward = saved.ID, saved.Ward
		ev.Kind = model.EvidenceFact
		if model.CheckAddEvidence(by.User, model.Evidence{ProblemID: saved.ID, Ward: saved.Ward, Kind: model.EvidenceFact,
			Visibility: saved.Visibility}, saved) != nil {
			ev.Kind = model.EvidenceReport
		}
		if _, err := st.AddEvidence(by, ev); err != nil {
			return failed("logging the crime figures as evidence", err)
		}
		return done
	}
}
