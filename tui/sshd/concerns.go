package sshd

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"wardpanel/model"
)

// `concerns` is the panel officers' moderation list of what the public
// left (issue 22): list them, promote one to a proposal on the board
// (which links back to it), or decline one with a reason.
const concernsUsage = "concerns [--ward CODE] [--json] | concerns promote ID | concerns decline ID --reason TEXT"

func runConcerns(c *cmdEnv, args []string) error {
	if len(args) > 0 && (args[0] == "promote" || args[0] == "decline") {
		return decideConcern(c, args[0], args[1:])
	}
	fs := flag.NewFlagSet("concerns", flag.ContinueOnError)
	wardFlag := fs.String("ward", "", "")
	asJSON := fs.Bool("json", false, "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	code, err := c.ward(*wardFlag)
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
	if *asJSON {
		return writeJSON(c.stdout, list)
	}
	if len(list) == 0 {
		_, err := fmt.Fprintf(c.stdout, "no concerns from the public for ward %s\n", code)
		return err
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tLEFT\tCONCERN\tCONTACT\tDECISION")
	for _, k := range list {
		decision := "-"
		switch k.Status {
		case model.ConcernPromoted:
			decision = fmt.Sprintf("problem %d", k.ProblemID)
		case model.ConcernDeclined:
			decision = k.Reason
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Status, k.At.Format("2006-01-02 15:04"),
			strings.ReplaceAll(k.Text, "\n", " / "), orDash(k.Contact), decision)
	}
	return tw.Flush()
}

func decideConcern(c *cmdEnv, verb string, args []string) error {
	if len(args) == 0 {
		return usageError{"say which concern, e.g. concerns " + verb + " 3"}
	}
	n, err := strconv.ParseUint(strings.TrimPrefix(args[0], "#"), 10, 64)
	if err != nil || n == 0 {
		return usageError{fmt.Sprintf("%q is not a concern number", model.CleanLine(args[0], 20))}
	}
	id := model.ID(n)
	// The reason is free text: the words after --reason, as OpenSSH joins them.
	rest, reasonText := splitOption(args[1:], "--reason")
	if rest != "" {
		return usageError{fmt.Sprintf("unexpected argument %q", model.CleanLine(rest, 40))}
	}
	reason := &reasonText
	if verb == "promote" {
		k, p, err := c.store.PromotePublicConcern(c.actor(), id)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(c.stdout, "concern %d is now problem %d on the board: %s\n", k.ID, p.ID, model.CleanLine(p.Title, model.MaxTitleLen))
		return err
	}
	if strings.TrimSpace(*reason) == "" {
		return usageError{"--reason is required: say why, for the record"}
	}
	k, err := c.store.DeclinePublicConcern(c.actor(), id, *reason)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.stdout, "concern %d is declined: %s\n", k.ID, model.CleanLine(k.Reason, model.MaxLineLen))
	return err
}
