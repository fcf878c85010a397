package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"wardpanel/model"
	"wardpanel/store"
)

// `wardpanel person export NAME [--as READER]` prints, as JSON, all that
// is held about a user; `wardpanel person erase NAME --yes` erases them.
// Both run as admin commands: in this process, or inside the running
// server through the control socket, where an erasure's change reaches
// every session at once.
func init() { adminCommands["person"] = personCmd }

const personUsage = "person export NAME [--as READER] | person erase NAME [--yes]"

func personCmd(st *store.Store, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{"say what to do: " + personUsage}
	}
	switch args[0] {
	case "export":
		return personExport(st, args[1:], stdout)
	case "erase":
		return personErase(st, args[1:], stdout)
	}
	return usageError{fmt.Sprintf("unknown verb %q: %s", model.CleanLine(args[0], 20), personUsage)}
}

// personArgs parses flags given anywhere among the words of the name:
// `person export Dana Reid --as "Alex Morgan"` names "Dana Reid".
func personArgs(fs *flag.FlagSet, args []string) (string, error) {
	fs.SetOutput(io.Discard)
	var words []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return "", usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) > 0 {
			words = append(words, args[0])
			args = args[1:]
		}
	}
	name := strings.Join(words, " ")
	if strings.TrimSpace(name) == "" {
		return "", usageError{"say whose data, e.g. " + personUsage}
	}
	return name, nil
}

// personExport prints the export. Without --as, records are read as the
// whole panel of each ward reads them (the operator has no ward of its
// own); with it, as that user may see them. Either way what the reader
// may not see is counted under "withheld", not shown.
func personExport(st *store.Store, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("person export", flag.ContinueOnError)
	as := fs.String("as", "", "")
	name, err := personArgs(fs, args)
	if err != nil {
		return err
	}
	var reader *model.User
	if *as != "" {
		u, err := st.UserByName(*as)
		if err != nil {
			return notEnrolled(*as, err)
		}
		reader = &u
	}
	rec, err := st.PersonExport(model.Operator, name, reader)
	if err != nil {
		return notEnrolled(name, err)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(rec)
}

// personErase erases with --yes; without it, it says what it would erase
// and fails, so a mistyped command changes nothing.
func personErase(st *store.Store, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("person erase", flag.ContinueOnError)
	yes := fs.Bool("yes", false, "")
	name, err := personArgs(fs, args)
	if err != nil {
		return err
	}
	if !*yes {
		rec, err := st.PersonExport(model.Operator, name, nil)
		if err != nil {
			return notEnrolled(name, err)
		}
		u := rec.User
		count := func(n int, kind, one string) string { return countOf(n+rec.Withheld[kind], one) }
		fmt.Fprintf(stdout, "Would erase %s (user %d: %s, %s, in %s): the account and its %s.\n",
			model.CleanLine(u.Name, model.MaxNameLen), u.ID, u.Role, u.Agency, strings.Join(u.Wards, ", "), countOf(len(u.Keys), "key"))
		fmt.Fprintf(stdout, "Their name would become %q in %s, %s, %s, %s, %s, %s and %s;\n"+
			"the audit trail keeps what they did, when, and with which key.\n",
			store.PersonPlaceholder(u.ID), count(len(rec.Problems), "problems", "problem"), count(len(rec.Actions), "actions", "action"),
			count(len(rec.Outcomes), "outcomes", "outcome"), count(len(rec.Evidence), "evidence", "evidence entry"),
			count(len(rec.Meetings), "meetings", "meeting"), count(len(rec.Invites), "invites", "invite"),
			count(len(rec.Audit), "audit entries", "audit entry"))
		return errors.New("nothing erased: add --yes to erase them")
	}
	got, err := st.PersonErase(model.Operator, name)
	if err != nil {
		return notEnrolled(name, err)
	}
	fmt.Fprintf(stdout, "erased user %d and %s; %s, %s, %s, %s, %s, %s and %s now name %q\n",
		got.UserID, countOf(got.Keys, "key"), countOf(got.Problems, "problem"), countOf(got.Actions, "action"),
		countOf(got.Outcomes, "outcome"), countOf(got.Evidence, "evidence entry"), countOf(got.Meetings, "meeting"),
		countOf(got.Invites, "invite"), countOf(got.AuditEntries, "audit entry"), got.Placeholder)
	return nil
}

// countOf is "1 key", "2 keys", "3 audit entries".
func countOf(n int, one string) string {
	switch {
	case n == 1:
		return "1 " + one
	case strings.HasSuffix(one, "y"):
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(one, "y"))
	}
	return fmt.Sprintf("%d %ss", n, one)
}

// notEnrolled words an unknown name as one line.
func notEnrolled(name string, err error) error {
	if errors.Is(err, model.ErrNotFound) {
		return fmt.Errorf("no user named %q", model.CleanLine(name, model.MaxNameLen))
	}
	return err
}
