// Package boardtest makes long wards for the board's and the actions
// list's benchmarks, in tui/board (the screens alone) and in tui (the
// whole frame).
package boardtest

import (
	"fmt"
	"time"

	"wardpanel/model"
)

// Problems is a ward of n problems, spread over the categories, stages,
// priorities and lead agencies.
func Problems(ward string, n int) []model.Problem {
	ps := make([]model.Problem, 0, n)
	for i := range n {
		ps = append(ps, model.Problem{
			ID: model.ID(i + 1), Ward: ward, Title: fmt.Sprintf("Problem number %d on the estate", i),
			Category: model.Categories[i%len(model.Categories)], Stage: model.Stages[i%len(model.Stages)],
			Priority: model.Priorities[i%3], LeadAgency: []string{"police", "council", "housing"}[i%3],
			Location: "Somewhere Road", Visibility: model.Panel, Description: "A paragraph of description text.",
		})
	}
	return ps
}

// Actions is a ward of n actions on 50 problems, due from 20 days before
// today to 40 after, in every status.
func Actions(ward string, n int, today time.Time) []model.Action {
	as := make([]model.Action, 0, n)
	for i := range n {
		as = append(as, model.Action{
			ID: model.ID(i + 1), Ward: ward, ProblemID: model.ID(i%50 + 1), Title: fmt.Sprintf("Action number %d on the estate", i),
			OwnerAgency: []string{"police", "council", "housing"}[i%3], Assignee: "Sam Reid", Due: today.AddDate(0, 0, i%60-20),
			Status: model.ActionStatuses[i%len(model.ActionStatuses)], Visibility: model.Panel, Version: 1,
		})
	}
	return as
}
