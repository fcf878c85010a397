package tui

import (
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/crimes"
)

// The crime picture (issues 7 and 20) is package crimes; a problem made
// from it is the problem form's (problemforms.CitedProblem), opened
// through crimeLinks with the figures to cite, which the form logs once
// the problem is created.

// CrimeStore is the crime-picture slice of the store (*store.Store has it).
type CrimeStore interface {
	crimes.Store
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
