package main

import (
	"fmt"
	"time"

	"wardpanel/model"
)

// demoNews are actions someone else raised this week for the personas
// whose own work would otherwise leave their inbox (issue 21) with only
// the next meeting: each connects to something new for them. They are
// made last, so every earlier record keeps its number.
var demoNews = []demoAction{
	{"Drug dealing in Kingfisher House stairwell", "Alex Morgan", "Report back to Kingfisher House residents on the patrols", "police", "PC Dana Reid", 6, model.ActionOpen, "", ""},
	{"Phone snatches near the station", "PC Dana Reid", "Invite the station manager to the next panel", "residents", "Alex Morgan", 4, model.ActionOpen, "", ""},
	{"Young people gathering at the parade after dark", "Jo Fisher", "Collect the residents' survey forms from the library", "residents", "Sam Okoro", 9, model.ActionOpen, "", ""},
	{"Fly-tipping behind Riverside Parade", "Sam Okoro", "Photograph new fly-tips on the service road for the panel", "residents", "Ruth Adeyemi", 12, model.ActionOpen, "", ""},
}

func seedInboxNews(st seedStore, users map[string]model.User, problems map[string]model.Problem, now time.Time) error {
	today := model.DateOnly(now)
	for _, d := range demoNews {
		if _, err := st.CreateAction(demoActor(users, d.by), model.Action{Ward: demoWard, ProblemID: problems[d.problem].ID,
			Title: d.title, OwnerAgency: d.agency, Assignee: d.assignee, Due: today.AddDate(0, 0, d.dueIn)}); err != nil {
			return fmt.Errorf("action %q: %w", d.title, err)
		}
	}
	return nil
}
