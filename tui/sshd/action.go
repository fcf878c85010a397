package sshd

import (
	"fmt"
	"strings"
	"time"

	"wardpanel/model"
	"wardpanel/tui/cli"
)

// One action: see it, finish it with its outcome, or move it on. The ID
// comes first, as people type it: `action done 42 --outcome letters sent`.
var (
	actionShowCmd = cli.Command[*cmdEnv]{Name: "action show", Args: "ID [--json]",
		Summary: "one action, with its outcomes", Run: runActionShow}
	actionDoneCmd = cli.Command[*cmdEnv]{Name: "action done", Args: "ID --outcome TEXT [--result KIND] [--publish]",
		Summary: "finish an action with what was done", Run: runActionDone}
	actionStatusCmd = cli.Command[*cmdEnv]{Name: "action status", Args: "ID STATUS",
		Summary: "move an action on: open, in-progress, blocked, done, cancelled", Run: runActionStatus}
)

// actionID reads the one argument these commands start with.
func actionID(in *cli.Input, more ...string) (model.ID, []string, error) {
	args, err := in.Parse(append([]string{"ID"}, more...)...)
	if err != nil {
		return 0, nil, err
	}
	id, err := cli.ActionRef.ID(args[0])
	return id, args[1:], err
}

func runActionShow(c *cmdEnv, in *cli.Input) error {
	format := in.Output(cli.JSON)
	id, _, err := actionID(in)
	if err != nil {
		return err
	}
	a, err := c.store.Action(c.user, id)
	if err != nil {
		return cli.ActionRef.NotFound(id, err)
	}
	outcomes, err := c.store.Outcomes(c.user, id)
	if err != nil {
		return cli.ActionRef.NotFound(id, err)
	}
	for i := range outcomes {
		outcomes[i] = outcomes[i].Safe()
	}
	out := actionOut(a, time.Now())
	if *format == cli.JSON {
		return cli.WriteJSON(c.stdout, struct {
			actionJSON
			Outcomes []model.Outcome `json:"outcomes"`
		}{out, outcomes})
	}
	fmt.Fprintf(c.stdout, "%s %s%s\n", out.Ref, out.Title, cli.Marker(out.Visibility))
	problem := ""
	if out.ProblemID != 0 {
		problem = "; problem " + cli.ProblemRef.Name(out.ProblemID)
	}
	fmt.Fprintf(c.stdout, "status %s; owner %s; assignee %s; due %s; visible to %s%s\n", out.Status, out.OwnerAgency,
		cli.OrDash(out.Assignee), out.Due.Format("2006-01-02"), cli.Visibility(out.Visibility), problem)
	if out.Description != "" {
		fmt.Fprintf(c.stdout, "\n%s\n", out.Description)
	}
	for _, o := range outcomes {
		fmt.Fprintf(c.stdout, "\n%s  %s (%s): %s\n", o.At.Format("2006-01-02 15:04"), o.By, o.Result, o.Text)
	}
	return nil
}

func runActionDone(c *cmdEnv, in *cli.Input) error {
	text := in.Text("outcome", "what was done")
	result := in.Enum("result", cli.Names(model.ResultKinds), "what kind of result (default other)")
	publish := in.Bool("publish", "let residents read it in the ward's you said, we did (the owner agency)")
	id, _, err := actionID(in)
	if err != nil {
		return err
	}
	if strings.TrimSpace(*text) == "" {
		return cli.Usagef("--outcome is required: say what was done")
	}
	kind, err := model.ParseResultKind(*result)
	if err != nil {
		return cli.UsageError{Msg: err.Error()}
	}
	a, err := c.store.SetActionStatus(c.actor(), id, model.ActionDone, &model.Outcome{Text: *text, Result: kind, Publishable: *publish})
	if err != nil {
		return cli.ActionRef.NotFound(id, err)
	}
	_, err = fmt.Fprintf(c.stdout, "action %s is done: %s\n", model.ActionRef(a.ID), model.CleanLine(a.Title, model.MaxTitleLen))
	return err
}

func runActionStatus(c *cmdEnv, in *cli.Input) error {
	id, rest, err := actionID(in, "STATUS")
	if err != nil {
		return err
	}
	status, err := model.ParseActionStatus(rest[0])
	if err != nil {
		return cli.UsageError{Msg: err.Error()}
	}
	a, err := c.store.SetActionStatus(c.actor(), id, status, nil)
	if err != nil {
		return cli.ActionRef.NotFound(id, err)
	}
	_, err = fmt.Fprintf(c.stdout, "action %s is now %s\n", model.ActionRef(a.ID), a.Status)
	return err
}
