package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"wardpanel/store"
	"wardpanel/tui/cli"
)

var checkCmd = cli.Command[*env]{Name: "check", Args: "[--data DIR]", Summary: "verify the data file", Run: runCheck}

// runCheck checks the open store: in this process, or inside the running
// server, which holds it. A file too damaged, or too new, for Open is
// still worth a report: it is read as it stands, read-only.
func runCheck(e *env, in *cli.Input) error {
	dir := dataOption(in)
	if _, err := in.Parse(); err != nil {
		return err
	}
	if e.st == nil {
		// Open would make an empty file; checking nothing is a mistake to report.
		if err := requireDataFile(*dir, ""); err != nil {
			return err
		}
	}
	st, err := e.open(in, *dir)
	if err != nil && !errors.Is(err, store.ErrLocked) && !answered(err) {
		return checkUnopened(in, filepath.Join(dataDir(*dir), store.FileName), err)
	}
	if err != nil {
		return err
	}
	r, err := st.Check()
	if err != nil {
		return err
	}
	return printReport(r, in.Stdout)
}

// answered says whether err is the running server's answer, already printed.
func answered(err error) bool {
	var ee cli.ExitError
	return errors.As(err, &ee)
}

// checkUnopened reads a file that does not open, as it stands.
func checkUnopened(in *cli.Input, file string, openErr error) error {
	r, err := store.CheckFile(file)
	if err != nil {
		return openErr
	}
	if errors.Is(openErr, store.ErrDamaged) {
		fmt.Fprintf(in.Stderr, "wardpanel check: it is too damaged to open; read as it stands:\n")
	} else {
		fmt.Fprintf(in.Stderr, "wardpanel check: it does not open (%s); read as it stands:\n", openErr)
	}
	if err := printReport(r, in.Stdout); err != nil {
		fmt.Fprintf(in.Stderr, "wardpanel check: %s\n", err)
	}
	return cli.ExitError{Code: cli.ExitRefused} // a file that does not open is not ok, whatever else the check says
}

// printReport prints the summary of a clean file, or the faults of a
// damaged one (on stdout, to be kept) and an error saying how many.
func printReport(r store.Report, stdout io.Writer) error {
	if r.OK() {
		_, err := fmt.Fprintln(stdout, r.Summary())
		if len(r.Unmatched) > 0 {
			what := fmt.Sprintf("%d actions are", len(r.Unmatched))
			if len(r.Unmatched) == 1 {
				what = "1 action is"
			}
			fmt.Fprintf(stdout, "%s assigned to a name no user has (not a fault; someone should pick the person):\n", what)
			for _, l := range r.Unmatched {
				fmt.Fprintln(stdout, "  "+l)
			}
		}
		return err
	}
	for _, f := range r.Faults {
		fmt.Fprintln(stdout, f)
	}
	if r.Omitted > 0 {
		fmt.Fprintf(stdout, "… and %d more\n", r.Omitted)
	}
	return errors.New(r.Summary())
}

// refuseDamaged is serve's answer to a file that fails the check it runs
// as it opens: what `wardpanel check` prints, and no server. The report is
// made afresh, read-only, as `check` makes it for a file that does not
// open, so both say the same.
func refuseDamaged(dir string, openErr error, stderr io.Writer) error {
	file := filepath.Join(dir, store.FileName)
	r, err := store.CheckFile(file)
	if err != nil || r.OK() {
		return openErr
	}
	fmt.Fprintf(stderr, "wardpanel serve: the data file fails its check; wardpanel check says:\n")
	_ = printReport(r, stderr)
	return fmt.Errorf("%s; not serving a damaged file: restore the latest backup", r.Summary())
}

// damageLogger tells the operator that bbolt could not read the file
// while serving: each request that met it was answered with an error.
func damageLogger(log *slog.Logger) func(error) {
	return everyMinute(func(cause error) {
		log.Error("the data file is damaged: requests that reach the damage get an error and writes are refused; "+
			"stop the server, run wardpanel check and restore the latest backup", "cause", cause)
	})
}
