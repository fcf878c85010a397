package sshd

import (
	"errors"
	"fmt"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/cli"
)

var updateCmd = cli.Command[*cmdEnv]{Name: "update", Args: "A5|P3 TEXT...",
	Summary: "post your update on an action or a priority for the next meeting (- reads standard input)", Run: runUpdate}

// runUpdate is `update A5 two patrols a week`: every word after the
// reference is the update, as OpenSSH joins them; `-` reads it from
// standard input. A bare number is an action, as on the other commands.
func runUpdate(c *cmdEnv, in *cli.Input) error {
	args, err := in.Parse("REF", "TEXT...")
	if err != nil {
		return err
	}
	kind, ref := model.RecordAction, cli.ActionRef
	if strings.HasPrefix(strings.ToUpper(strings.TrimPrefix(strings.TrimSpace(args[0]), "#")), cli.ProblemRef.Letter) {
		kind, ref = model.RecordProblem, cli.ProblemRef
	}
	id, err := ref.ID(args[0])
	if err != nil {
		return err
	}
	text, err := in.TextArg(args[1])
	if err != nil {
		return err
	}
	up, m, err := c.store.PostUpdate(c.actor(), kind, id, text)
	if errors.Is(err, model.ErrNotFound) {
		return fmt.Errorf("no %s %s", ref.Noun, ref.Name(id))
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.stdout, "update posted on %s for %s %s (%s)\n", ref.Name(up.RecordID), cli.MeetingRef.Name(m.ID),
		m.Title, m.When.Format("2006-01-02 15:04"))
	return err
}
