package main

import (
	"fmt"
	"slices"
	"time"

	"wardpanel/model"
)

// The demo's SARA plans: three problems written up the way partners are
// trained to. The graffiti in the underpass is closed, and its assessment's
// figures (criminal damage at the underpass, from the demo's crime file)
// show the fall since the clean-up began a year ago. The dealing in the
// Kingfisher House stairwell is past its review date. The phone snatches
// near the station are in analysis, with the triangle filled in and a
// police-only note.

type demoPlan struct {
	problem, by string
	source      model.ProblemSource
	focus       model.CrimeFocus
	texts       []demoPlanText
	notes       []demoPlanText
	responses   []demoResponse
	// reviewAgo, if set, puts the review date that many days in the past.
	reviewAgo int
}

type demoPlanText struct {
	field model.PlanField
	text  string
	vis   string // "": the problem's
}

type demoResponse struct {
	side      model.Side
	text      string
	actions   []string // titles of the problem's actions that carry it out
	monthsAgo int      // when it began
}

var demoPlans = []demoPlan{
	{problem: "Graffiti on the underpass", by: "Lee Grant", source: "resident",
		focus: model.CrimeFocus{Type: "Criminal damage and arson", Place: "On or near Mill Lane Underpass"},
		texts: []demoPlanText{
			{model.FieldStatement, "Tags and damage in the Mill Lane underpass, renewed most weekends; residents avoid it after dark, and older residents walk the long way round by the main road.", ""},
			{model.FieldVictim, "Residents who use the underpass to reach the shops and the school.", ""},
			{model.FieldGuardian, "Neighbours on Mill Lane; parents on the school run.", ""},
			{model.FieldOffender, "A small group of local teenagers, tagging at weekends.", ""},
			{model.FieldHandler, "Parents; the youth service's detached workers.", ""},
			{model.FieldLocation, "An unlit underpass with blank walls and no natural surveillance.", ""},
			{model.FieldPlaceManager, "The council's highways team.", ""},
			{model.FieldAssessment, "Criminal damage at the underpass fell by about half in the year since the clean-up and mural; no new tags reported in three months. Closed, to be reopened if tagging returns.", ""},
		},
		responses: []demoResponse{
			{model.SideLocation, "Clean the walls within 48 hours of any tag, and light the underpass.", nil, 12},
			{model.SideOffender, "A community mural painted with the young people who tagged it.", nil, 10},
		}},
	{problem: "Drug dealing in Kingfisher House stairwell", by: "PC Dana Reid", source: "panel", reviewAgo: 10,
		focus: model.CrimeFocus{Type: "Drugs", Place: "On or near Kingfisher House"},
		texts: []demoPlanText{
			{model.FieldStatement, "Dealing in the east stairwell of Kingfisher House most evenings, 6–10pm; residents, including families on the upper floors, feel unsafe using the stairs.", ""},
			{model.FieldVictim, "Residents of Kingfisher House, above all families on floors 3–6.", ""},
			{model.FieldGuardian, "Residents' association; the concierge (days only).", ""},
			{model.FieldOffender, "Two out-of-area dealers and local runners.", ""},
			{model.FieldHandler, "Offender management; youth service for the runners.", "agencies:police,youth"},
			{model.FieldLocation, "The east stairwell: door entry broken since January, no CCTV.", ""},
			{model.FieldPlaceManager, "Riverside Homes (the landlord).", ""},
		},
		notes: []demoPlanText{
			{"", "Dealing has moved later in the evening since the patrols began.", ""},
			{"", "Two nominals linked to the county line running through Heron Walk.", "agencies:police"},
		},
		responses: []demoResponse{
			{model.SideLocation, "Repair the door entry and sweep the stairwell weekly.",
				[]string{"Repair the door entry system at Kingfisher House", "Weekly needle sweep of the stairwell"}, 3},
			{model.SideOffender, "Targeted evening patrols and arrests.", []string{"Targeted patrols 6–10pm for four weeks"}, 2},
		}},
	{problem: "Phone snatches near the station", by: "PC Dana Reid", source: "crime-picture",
		focus: model.CrimeFocus{Type: "Robbery", Place: "On or near Station Road"},
		texts: []demoPlanText{
			{model.FieldStatement, "Moped-enabled phone snatches on Station Road, mostly 4–7pm on weekdays, from commuters walking to the station.", ""},
			{model.FieldVictim, "Commuters using phones while walking to and from the station.", ""},
			{model.FieldGuardian, "Station staff; rail police; shopkeepers on Station Road.", ""},
			{model.FieldOffender, "Pairs on mopeds, likely from outside the ward.", ""},
			{model.FieldHandler, "Not known yet.", ""},
			{model.FieldLocation, "Station Road between the station and the parade: wide pavements, fast getaways.", ""},
			{model.FieldPlaceManager, "The rail operator (forecourt) and the council (highways).", ""},
		},
		notes: []demoPlanText{
			{"", "Robbery at Station Road has risen through the year in the crime picture.", ""},
			{"", "Two mopeds seen in several reports match a stolen-vehicle marker.", "agencies:police"},
		}},
}

// seedPlans writes the demo's plans, after the actions they name exist.
func seedPlans(st seedStore, users map[string]model.User, problems map[string]model.Problem, now time.Time) error {
	for _, d := range demoPlans {
		if err := seedPlan(st, users, problems[d.problem], d, now); err != nil {
			return fmt.Errorf("plan of %q: %w", d.problem, err)
		}
	}
	return nil
}

func seedPlan(st seedStore, users map[string]model.User, p model.Problem, d demoPlan, now time.Time) error {
	by := demoActor(users, d.by)
	vis := func(s string) (*model.Visibility, error) {
		if s == "" {
			return nil, nil
		}
		v, err := model.ParseVisibility(s)
		return &v, err
	}
	if _, err := st.SetPlanScan(by, p.ID, d.source, d.focus); err != nil {
		return err
	}
	for _, t := range d.texts {
		v, err := vis(t.vis)
		if err != nil {
			return err
		}
		if _, err := st.SetPlanText(by, p.ID, t.field, t.text, v, 0); err != nil {
			return err
		}
	}
	for _, n := range d.notes {
		v, err := vis(n.vis)
		if err != nil {
			return err
		}
		if _, err := st.AddPlanNote(by, p.ID, n.text, v); err != nil {
			return err
		}
	}
	actions, err := st.ProblemActions(by.User, p.ID)
	if err != nil {
		return err
	}
	for _, r := range d.responses {
		var ids []model.ID
		for _, a := range actions {
			if slices.Contains(r.actions, a.Title) {
				ids = append(ids, a.ID)
			}
		}
		if len(ids) != len(r.actions) {
			return fmt.Errorf("response %q names actions that are not on the problem", r.text)
		}
		if _, err := st.AddResponse(by, p.ID, model.Response{Side: r.side, Text: r.text, Actions: ids,
			Began: model.DateOnly(now).AddDate(0, -r.monthsAgo, 0)}); err != nil {
			return err
		}
	}
	if d.reviewAgo > 0 {
		if _, err := st.SetReview(by, p.ID, model.DateOnly(now).AddDate(0, 0, -d.reviewAgo)); err != nil {
			return err
		}
	}
	return nil
}
