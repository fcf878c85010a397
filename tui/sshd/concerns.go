package sshd

import (
	"fmt"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/cli"
)

// `concerns` is the panel officers' moderation list of what the public
// left (issue 22): list them, promote one to a proposal on the board
// (which links back to it), or decline one with a reason.
var (
	concernsCmd = cli.Command[*cmdEnv]{Name: "concerns", Args: "[--ward CODE] [--json]",
		Summary: "the public's concerns awaiting the panel (officers)", Run: runConcerns}
	concernPromoteCmd = cli.Command[*cmdEnv]{Name: "concerns promote", Args: "ID",
		Summary: "make a public concern a proposal on the board, linked both ways (officers)", Run: runConcernPromote}
	concernDeclineCmd = cli.Command[*cmdEnv]{Name: "concerns decline", Args: "ID --reason TEXT",
		Summary: "decline a public concern, saying why for the record (officers)", Run: runConcernDecline}
)

// concernRef is how a concern is named: by its number.
var concernRef = cli.Ref{Noun: "concern"}

func runConcerns(c *cmdEnv, in *cli.Input) error {
	wardFlag := wardOption(in)
	format := in.Output(cli.JSON)
	code, err := c.parseWard(in, wardFlag)
	if err != nil {
		return err
	}
	list, err := c.store.PublicConcerns(c.user, code)
	if err != nil {
		return err
	}
	for i := range list {
		list[i] = list[i].Safe()
	}
	if *format == cli.JSON {
		return cli.WriteJSON(c.stdout, list)
	}
	if len(list) == 0 {
		_, err := fmt.Fprintf(c.stdout, "no concerns from the public for ward %s\n", code)
		return err
	}
	t := cli.Table{Header: []string{"ID", "STATUS", "LEFT", "CONCERN", "CONTACT", "DECISION"}}
	for _, k := range list {
		decision := ""
		switch k.Status {
		case model.ConcernPromoted:
			decision = cli.ProblemRef.Name(k.ProblemID)
		case model.ConcernDeclined:
			decision = k.Reason
		}
		t.Add(fmt.Sprint(k.ID), string(k.Status), k.At.Format("2006-01-02 15:04"),
			strings.ReplaceAll(k.Text, "\n", " / "), k.Contact, decision)
	}
	return t.WriteText(c.stdout)
}

func runConcernPromote(c *cmdEnv, in *cli.Input) error {
	id, err := in.ParseID(concernRef)
	if err != nil {
		return err
	}
	k, p, err := c.store.PromotePublicConcern(c.actor(), id)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.stdout, "concern %d is now problem %s on the board: %s\n", k.ID, cli.ProblemRef.Name(p.ID),
		model.CleanLine(p.Title, model.MaxTitleLen))
	return err
}

func runConcernDecline(c *cmdEnv, in *cli.Input) error {
	reason := in.Text("reason", "why, for the record")
	id, err := in.ParseID(concernRef)
	if err != nil {
		return err
	}
	if strings.TrimSpace(*reason) == "" {
		return cli.Usagef("--reason is required: say why, for the record")
	}
	k, err := c.store.DeclinePublicConcern(c.actor(), id, *reason)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.stdout, "concern %d is declined: %s\n", k.ID, model.CleanLine(k.Reason, model.MaxLineLen))
	return err
}
