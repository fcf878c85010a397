package sshd

import (
	"slices"
	"strings"
	"time"

	"wardpanel/model"
	"wardpanel/tui/cli"
)

var actionsCmd = cli.Command[*cmdEnv]{Name: "actions", Args: "[--mine] [--overdue] [--agency A] [--ward CODE] [--json|--csv]",
	Summary: "the ward's actions, soonest due first", Run: runActions}

// actionJSON is an action as scripts see it, with what the screen highlights.
type actionJSON struct {
	model.Action
	Ref     string `json:"ref"`
	Overdue bool   `json:"overdue"`
	DueSoon bool   `json:"due_soon"`
}

func actionOut(a model.Action, now time.Time) actionJSON {
	return actionJSON{a.Safe(), cli.ActionRef.Name(a.ID), a.Overdue(now), a.DueSoon(now)}
}

func runActions(c *cmdEnv, in *cli.Input) error {
	format := in.Output(cli.JSON, cli.CSV)
	mine := in.Bool("mine", "only yours: assigned to you, or your agency's unassigned ones")
	overdue := in.Bool("overdue", "only those past their due date")
	agency := in.String("agency", "A", "only this agency's")
	wardFlag := wardOption(in)
	code, err := c.parseWard(in, wardFlag)
	if err != nil {
		return err
	}
	all, err := c.store.Actions(c.user, code)
	if err != nil {
		return err
	}
	now := time.Now()
	slices.SortFunc(all, model.CompareActions)
	shown := []actionJSON{}
	for _, a := range all {
		switch {
		case *mine && !a.IsFor(c.user),
			*overdue && !a.Overdue(now),
			*agency != "" && !strings.EqualFold(a.OwnerAgency, *agency):
			continue
		}
		shown = append(shown, actionOut(a, now))
	}
	t := cli.Table{Header: []string{"ID", "DUE", "STATUS", "OWNER", "ASSIGNEE", "PROBLEM", "VISIBILITY", "TITLE"}}
	for _, a := range shown {
		due := a.Due.Format("2006-01-02")
		if *format == cli.Text {
			switch {
			case a.Overdue:
				due += " OVERDUE"
			case a.DueSoon:
				due += " soon"
			}
		}
		problem := ""
		if a.ProblemID != 0 {
			problem = cli.ProblemRef.Name(a.ProblemID)
		}
		t.Add(a.Ref, due, string(a.Status), a.OwnerAgency, a.Assignee, problem, cli.Visibility(a.Visibility), a.Title)
	}
	return cli.Emit(c.stdout, *format, shown, model.Counted(len(shown), "action", "actions"), t)
}
