package main

import (
	"errors"
	"fmt"
	"strings"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/admincmd"
	"wardpanel/tui/cli"
)

// `wardpanel person export NAME [--as READER]` prints, as JSON, all that
// is held about a user; `wardpanel person erase NAME --yes` erases them.
// Both run as admin commands: in this process, or inside the running
// server through the control socket, where an erasure's change reaches
// every session at once.
var (
	personExportCmd = cli.Command[*env]{Name: "person export", Args: "NAME [--as READER]",
		Summary: "all held about a user, as JSON", Run: personExport}
	personEraseCmd = cli.Command[*env]{Name: "person erase", Args: "NAME --yes",
		Summary: `remove the account; their name becomes "former user #ID"`, Run: personErase}
)

// parseOpenNamed parses a person command, which names its user as the
// argument, and opens the store.
func (e *env) parseOpenNamed(in *cli.Input, dir *string) (Store, string, error) {
	args, err := in.Parse("NAME...")
	if err != nil {
		return nil, "", err
	}
	st, err := e.open(in, *dir) // *dir only now: Parse fills it
	if err != nil {
		return nil, "", err
	}
	return st, args[0], nil
}

// personExport prints the export. Without --as, records are read as the
// whole panel of each ward reads them (the operator has no ward of its
// own); with it, as that user may see them. Either way what the reader
// may not see is counted under "withheld", not shown.
func personExport(e *env, in *cli.Input) error {
	dir := dataOption(in)
	as := in.String("as", "READER", "read as this enrolled user")
	st, name, err := e.parseOpenNamed(in, dir)
	if err != nil {
		return err
	}
	var reader *model.User
	if *as != "" {
		u, err := st.UserByName(*as)
		if err != nil {
			return admincmd.NotEnrolled(*as, err)
		}
		reader = &u
	}
	rec, err := st.PersonExport(model.Operator, name, reader)
	if err != nil {
		return admincmd.NotEnrolled(name, err)
	}
	return cli.WriteJSON(in.Stdout, rec)
}

// personErase erases with --yes; without it, it says what it would erase
// and fails, so a mistyped command changes nothing.
func personErase(e *env, in *cli.Input) error {
	dir := dataOption(in)
	yes := in.Bool("yes", "really erase them")
	st, name, err := e.parseOpenNamed(in, dir)
	if err != nil {
		return err
	}
	stdout := in.Stdout
	if !*yes {
		rec, err := st.PersonExport(model.Operator, name, nil)
		if err != nil {
			return admincmd.NotEnrolled(name, err)
		}
		u := rec.User
		count := func(n int, kind, one, many string) string { return model.Counted(n+rec.Withheld[kind], one, many) }
		fmt.Fprintf(stdout, "Would erase %s (user %d: %s, %s, in %s): the account, its %s and %s to them.\n",
			model.CleanLine(u.Name, model.MaxNameLen), u.ID, u.Role, u.Agency, strings.Join(u.Wards, ", "), model.Counted(len(u.Keys), "key", "keys"),
			model.Counted(len(rec.Mail), "queued e-mail", "queued e-mails"))
		fmt.Fprintf(stdout, "Their name would become %q in %s, %s, %s, %s, %s, %s and %s;\n"+
			"the audit trail keeps what they did, when, and with which key.\n",
			store.PersonPlaceholder(u.ID), count(len(rec.Problems), "problems", "problem", "problems"), count(len(rec.Actions), "actions", "action", "actions"),
			count(len(rec.Outcomes), "outcomes", "outcome", "outcomes"), count(len(rec.Evidence), "evidence", "evidence entry", "evidence entries"),
			count(len(rec.Meetings), "meetings", "meeting", "meetings"), count(len(rec.Invites), "invites", "invite", "invites"),
			count(len(rec.Audit), "audit entries", "audit entry", "audit entries"))
		return errors.New("nothing erased: add --yes to erase them")
	}
	got, err := st.PersonErase(model.Operator, name)
	if err != nil {
		return admincmd.NotEnrolled(name, err)
	}
	fmt.Fprintf(stdout, "erased user %d, %s and %s to them; %s, %s, %s, %s, %s, %s and %s now name %q\n",
		got.UserID, model.Counted(got.Keys, "key", "keys"), model.Counted(got.Mail, "queued e-mail", "queued e-mails"), model.Counted(got.Problems, "problem", "problems"), model.Counted(got.Actions, "action", "actions"),
		model.Counted(got.Outcomes, "outcome", "outcomes"), model.Counted(got.Evidence, "evidence entry", "evidence entries"), model.Counted(got.Meetings, "meeting", "meetings"),
		model.Counted(got.Invites, "invite", "invites"), model.Counted(got.AuditEntries, "audit entry", "audit entries"), got.Placeholder)
	return nil
}
