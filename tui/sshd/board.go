package sshd

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"wardpanel/model"
	"wardpanel/tui/cli"
)

var boardCmd = cli.Command[*cmdEnv]{Name: "board", Args: "[--ward CODE] [--review] [--json|--csv]",
	Summary: "the problems on your ward's board", Run: runBoard}

// problemJSON is a problem as scripts see it: the record, with its
// visibility, and whether it is one of the ward's priorities.
type problemJSON struct {
	model.Problem
	Ref          string `json:"ref"`
	WardPriority bool   `json:"ward_priority"`
	// PastReview: open, and its review date (review_by) has passed.
	PastReview bool `json:"past_review"`
}

func runBoard(c *cmdEnv, in *cli.Input) error {
	format := in.Output(cli.JSON, cli.CSV)
	wardFlag := wardOption(in)
	forReview := in.Bool("review", "only the problems past their review date (for review)")
	if _, err := in.Parse(); err != nil {
		return err
	}
	ward, err := c.wardOf(*wardFlag)
	if err != nil {
		return err
	}
	code := ward.Code
	problems, err := c.store.Problems(c.user, code)
	if err != nil {
		return err
	}
	prio, err := c.store.Priorities(c.user, code)
	if err != nil {
		return err
	}
	now := time.Now()
	shown := make([]problemJSON, 0, len(problems)) // the store's list is shared: copied here
	for _, p := range problems {
		if !*forReview || p.PastReview(now) {
			shown = append(shown, problemOut(p, prio, now))
		}
	}
	// The same order as the TUI's default: most urgent first, then oldest.
	slices.SortStableFunc(shown, func(a, b problemJSON) int { return cmp.Compare(a.Priority, b.Priority) })
	t := cli.Table{Header: []string{"ID", "PRIORITY", "WARD PRIORITY", "STAGE", "REVIEW", "CATEGORY", "LEAD", "VISIBILITY", "TITLE", "LOCATION"}}
	for _, p := range shown {
		t.Add(p.Ref, p.Priority.String(), yesNo(p.WardPriority), string(p.Stage), reviewLabel(p), string(p.Category),
			p.LeadAgency, cli.Visibility(p.Visibility), p.Title, p.Location)
	}
	heading := fmt.Sprintf("%s (%s): %s", model.CleanLine(ward.Name, model.MaxNameLen), ward.Code, model.Counted(len(shown), "problem", "problems"))
	if *forReview {
		heading = fmt.Sprintf("%s (%s): %s past review", model.CleanLine(ward.Name, model.MaxNameLen), ward.Code, model.Counted(len(shown), "problem", "problems"))
	}
	return cli.Emit(c.stdout, *format, struct {
		Ward     model.Ward    `json:"ward"`
		Problems []problemJSON `json:"problems"`
	}{ward, shown}, heading, t)
}

func problemOut(p model.Problem, prio model.WardPriorities, now time.Time) problemJSON {
	return problemJSON{Problem: p.Safe(), Ref: cli.ProblemRef.Name(p.ID), WardPriority: slices.Contains(prio.Problems, p.ID),
		PastReview: p.PastReview(now)}
}

// reviewLabel is the next review date, marked PAST once it has gone by
// (in words, not colour); "-" for a problem with none (closed).
func reviewLabel(p problemJSON) string {
	switch {
	case p.ReviewBy.IsZero():
		return "-"
	case p.PastReview:
		return p.ReviewBy.Format(time.DateOnly) + " PAST"
	}
	return p.ReviewBy.Format(time.DateOnly)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
