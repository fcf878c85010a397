package sshd

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"wardpanel/model"
)

// actionJSON is an action as scripts see it, with what the screen highlights.
type actionJSON struct {
	model.Action
	Overdue bool `json:"overdue"`
	DueSoon bool `json:"due_soon"`
}

func runActions(c *cmdEnv, args []string) error {
	fs := flag.NewFlagSet("actions", flag.ContinueOnError)
	mine := fs.Bool("mine", false, "")
	overdue := fs.Bool("overdue", false, "")
	agency := fs.String("agency", "", "")
	wardFlag := fs.String("ward", "", "")
	asJSON := fs.Bool("json", false, "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	code, err := c.ward(*wardFlag)
	if err != nil {
		return err
	}
	all, err := c.store.Actions(c.user, code)
	if err != nil {
		return err
	}
	now := time.Now()
	var shown []actionJSON
	for _, a := range all {
		switch {
		case *mine && !a.IsFor(c.user),
			*overdue && !a.Overdue(now),
			*agency != "" && !strings.EqualFold(a.OwnerAgency, *agency):
			continue
		}
		shown = append(shown, actionJSON{a.Safe(), a.Overdue(now), a.DueSoon(now)})
	}
	slices.SortStableFunc(shown, func(a, b actionJSON) int { return a.Due.Compare(b.Due) })
	if *asJSON {
		if shown == nil {
			shown = []actionJSON{}
		}
		return writeJSON(c.stdout, shown)
	}
	fmt.Fprintf(c.stdout, "%d actions\n", len(shown))
	if len(shown) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDUE\tSTATUS\tOWNER\tASSIGNEE\tPROBLEM\tTITLE")
	for _, a := range shown {
		due := a.Due.Format("2006-01-02")
		switch {
		case a.Overdue:
			due += " OVERDUE"
		case a.DueSoon:
			due += " soon"
		}
		problem := "-"
		if a.ProblemID != 0 {
			problem = "#" + strconv.FormatUint(uint64(a.ProblemID), 10)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", a.ID, due, a.Status, a.OwnerAgency, orDash(a.Assignee), problem, a.Title)
	}
	return tw.Flush()
}

// runAction dispatches `action VERB ID …`. The ID (and a status) come
// before the flags, as people type them: `action done 42 --outcome "…"`.
func runAction(c *cmdEnv, args []string) error {
	if len(args) < 2 {
		return usageError{"say what to do and to which action, e.g. action done 42 --outcome \"letters sent\""}
	}
	verb, idText, rest := args[0], args[1], args[2:]
	n, err := strconv.ParseUint(strings.TrimPrefix(idText, "#"), 10, 64)
	if err != nil || n == 0 {
		return usageError{fmt.Sprintf("%q is not an action number", model.CleanLine(idText, 20))}
	}
	id := model.ID(n)
	switch verb {
	case "show":
		return actionShow(c, id, rest)
	case "done":
		return actionDone(c, id, rest)
	case "status":
		if len(rest) == 0 {
			return usageError{"say the new status: open, in-progress, blocked, done or cancelled"}
		}
		return actionStatus(c, id, rest[0], rest[1:])
	}
	return usageError{fmt.Sprintf("unknown action command %q", model.CleanLine(verb, 20))}
}

func (c *cmdEnv) actor() model.Actor { return model.Actor{User: c.user, Fingerprint: c.fingerprint} }

// notFound words a missing or hidden action the same way, so a refusal
// never confirms that a restricted action exists.
func notFound(id model.ID, err error) error {
	if errors.Is(err, model.ErrNotFound) {
		return fmt.Errorf("no action %d", id)
	}
	return err
}

func actionShow(c *cmdEnv, id model.ID, args []string) error {
	fs := flag.NewFlagSet("action show", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	a, err := c.store.Action(c.user, id)
	if err != nil {
		return notFound(id, err)
	}
	outcomes, err := c.store.Outcomes(c.user, id)
	if err != nil {
		return notFound(id, err)
	}
	for i := range outcomes {
		outcomes[i] = outcomes[i].Safe()
	}
	a = a.Safe()
	now := time.Now()
	if *asJSON {
		return writeJSON(c.stdout, struct {
			actionJSON
			Outcomes []model.Outcome `json:"outcomes"`
		}{actionJSON{a, a.Overdue(now), a.DueSoon(now)}, outcomes})
	}
	fmt.Fprintf(c.stdout, "#%d %s\n", a.ID, a.Title)
	fmt.Fprintf(c.stdout, "status %s; owner %s; assignee %s; due %s\n", a.Status, a.OwnerAgency, orDash(a.Assignee), a.Due.Format("2006-01-02"))
	if a.Description != "" {
		fmt.Fprintf(c.stdout, "\n%s\n", a.Description)
	}
	for _, o := range outcomes {
		fmt.Fprintf(c.stdout, "\n%s  %s (%s): %s\n", o.At.Format("2006-01-02 15:04"), o.By, o.Result, o.Text)
	}
	return nil
}

func actionDone(c *cmdEnv, id model.ID, args []string) error {
	fs := flag.NewFlagSet("action done", flag.ContinueOnError)
	text := fs.String("outcome", "", "")
	result := fs.String("result", "", "")
	publish := fs.Bool("publish", false, "") // the owner agency lets residents read it (issue 22)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*text) == "" {
		return usageError{"--outcome is required: say what was done"}
	}
	kind, err := model.ParseResultKind(*result)
	if err != nil {
		return usageError{err.Error()}
	}
	a, err := c.store.SetActionStatus(c.actor(), id, model.ActionDone, &model.Outcome{Text: *text, Result: kind, Publishable: *publish})
	if err != nil {
		return notFound(id, err)
	}
	_, err = fmt.Fprintf(c.stdout, "action %d is done: %s\n", a.ID, model.CleanLine(a.Title, model.MaxTitleLen))
	return err
}

func actionStatus(c *cmdEnv, id model.ID, statusText string, args []string) error {
	if err := parseFlags(flag.NewFlagSet("action status", flag.ContinueOnError), args); err != nil {
		return err
	}
	status, err := model.ParseActionStatus(statusText)
	if err != nil {
		return usageError{err.Error()}
	}
	a, err := c.store.SetActionStatus(c.actor(), id, status, nil)
	if err != nil {
		return notFound(id, err)
	}
	_, err = fmt.Fprintf(c.stdout, "action %d is now %s\n", a.ID, a.Status)
	return err
}
