package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"wardpanel/store"
)

// checkCmd runs in this process or inside the running server: the check
// needs the one open store, and the server holds it.
func checkCmd(st *store.Store, args []string, stdout io.Writer) error {
	if err := parse(flag.NewFlagSet("check", flag.ContinueOnError), args); err != nil {
		return err
	}
	r, err := st.Check()
	if err != nil {
		return err
	}
	return printReport(r, stdout)
}

// printReport prints the summary of a clean file, or the faults of a
// damaged one (on stdout, to be kept) and an error saying how many.
func printReport(r store.Report, stdout io.Writer) error {
	if r.OK() {
		_, err := fmt.Fprintln(stdout, r.Summary())
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

// runCheckCLI is `wardpanel check`. A file too damaged, or too new, for
// Open is still worth a report: it is read as it stands, read-only.
func runCheckCLI(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	dirFlag := fs.String("data", "", "")
	rest, err := extractFlag(fs, args)
	if err != nil {
		fmt.Fprintf(stderr, "wardpanel: %s\n", err)
		return 2
	}
	dir := dataDir(*dirFlag)
	file := filepath.Join(dir, store.FileName)
	// Open would make an empty file; checking nothing is a mistake to report.
	if _, err := os.Stat(file); err != nil {
		fmt.Fprintf(stderr, "wardpanel check: no data file at %s\n", file)
		return 1
	}
	full := append([]string{"check"}, rest...)
	st, sock, err := openData(dir)
	switch {
	case sock != "":
		return callControl(sock, full, stdout, stderr)
	case err != nil && !errors.Is(err, store.ErrLocked):
		if err := parse(flag.NewFlagSet("check", flag.ContinueOnError), rest); err != nil {
			fmt.Fprintf(stderr, "wardpanel check: %s\n", err)
			return 2
		}
		r, checkErr := store.CheckFile(file)
		if checkErr != nil {
			fmt.Fprintf(stderr, "wardpanel check: %s\n", err)
			return 1
		}
		if errors.Is(err, store.ErrDamaged) {
			fmt.Fprintf(stderr, "wardpanel check: it is too damaged to open; read as it stands:\n")
		} else {
			fmt.Fprintf(stderr, "wardpanel check: it does not open (%s); read as it stands:\n", err)
		}
		if err := printReport(r, stdout); err != nil {
			fmt.Fprintf(stderr, "wardpanel check: %s\n", err)
		}
		return 1 // a file that does not open is not ok, whatever else the check says
	case err != nil:
		fmt.Fprintf(stderr, "wardpanel: %s\n", err)
		return 1
	}
	defer st.Close()
	return runAdmin(st, full, stdout, stderr)
}
