package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/cli"
)

// The crime picture's administration (issue 7):
//
//	wardpanel import crimes FILE.csv [FILE.csv …]
//	wardpanel ward lsoas --code C [--lsoa E01…,E01… | --from lookup.csv | --clear]
//	wardpanel ward add --code C --name N --lsoa E01…,E01…   (admin.go)
//
// Both run as admin commands, in this process or inside the running server
// through the control socket. Files are read where they can be: a lookup
// is read here, in the command-line process, and travels as its list of
// LSOAs; a crime file may be far bigger than a control request, so the
// server reads it, by the absolute path this process gives (the socket is
// the server's own OS account's alone, and so are the files it may read).
var (
	importCrimesCmd = cli.Command[*env]{Name: "import crimes", Args: "FILE.csv [FILE.csv …] [--data DIR]",
		Summary: "import police.uk street-level crime files", Run: importCrimes}
	wardLSOAsCmd = cli.Command[*env]{Name: "ward lsoas", Args: "--code E05… [--lsoa E01…,E01… | --from LOOKUP.csv | --clear]",
		Summary: "the LSOAs a ward is made of (lookup: a CSV with lsoa_code,ward_code columns)", Run: wardLSOAs}
)

const importUsage = "wardpanel import crimes FILE.csv [FILE.csv …] [--data DIR]"

// importCrimes runs `wardpanel import crimes FILE…`: each file is checked
// here, then imported where the data file is, one control request per
// file when the server holds it, so each answers in good time.
func importCrimes(e *env, in *cli.Input) error {
	dirFlag := dataOption(in)
	if _, err := in.Parse("[FILE...]"); err != nil {
		return err
	}
	files := in.Positional()
	if len(files) == 0 {
		return cli.Usagef("name the police.uk street-level files: %s", importUsage)
	}
	if e.st != nil {
		return importCrimesCmdRun(e.st, files, in.Stdout)
	}
	for i, f := range files {
		abs, err := filepath.Abs(f)
		if err == nil {
			err = readable(abs)
		}
		if err != nil {
			return err
		}
		files[i] = abs
	}
	dir := dataDir(*dirFlag)
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); err != nil {
		return fmt.Errorf("no data file at %s (add the wards and their LSOAs first)", filepath.Join(dir, store.FileName))
	}
	code := withStore(dir, in.Stderr,
		func(st Store) int {
			if err := importCrimesCmdRun(st, files, in.Stdout); err != nil {
				fmt.Fprintf(in.Stderr, "wardpanel import: %s\n", err)
				return cli.ExitRefused
			}
			return 0
		},
		func(sock string) int {
			worst := 0
			for _, f := range files {
				worst = max(worst, callControl(sock, []string{"import", "crimes", f}, in.Stdout, in.Stderr))
			}
			return worst
		})
	if code != 0 {
		return cli.ExitError{Code: code}
	}
	return nil
}

// readable says why path cannot be imported, if it cannot.
func readable(path string) error {
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return fmt.Errorf("%s: no such file", path)
	case fi.IsDir():
		return fmt.Errorf("%s is a folder: name the CSV files in it", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%s: cannot be read: %w", path, errors.Unwrap(err))
	}
	return f.Close()
}

// importCrimesCmdRun imports each file, printing what each import did and the
// lines it skipped; a file that fails does not stop the others.
func importCrimesCmdRun(st Store, args []string, stdout io.Writer) error {
	var failed []string
	for _, path := range args {
		if err := importOne(st, path, stdout); err != nil {
			failed = append(failed, fmt.Sprintf("%s: %s", filepath.Base(path), err))
		}
	}
	switch len(failed) {
	case 0:
		return nil
	case 1:
		return errors.New(failed[0])
	}
	return fmt.Errorf("%d of %d files failed; first, %s", len(failed), len(args), failed[0])
}

func importOne(st Store, path string, stdout io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("cannot be read: %w", errors.Unwrap(err))
	}
	defer f.Close()
	sum, err := st.ImportCrimes(model.Operator, filepath.Base(path), f)
	if sum.Rows > 0 || sum.NothingChanged {
		printImport(stdout, sum)
	}
	return err
}

// printImport is an import's summary line and the lines it skipped, as
// the SSH command prints them too.
func printImport(w io.Writer, sum model.CrimeImport) {
	fmt.Fprintln(w, sum.Summary())
	for _, p := range sum.Problems {
		fmt.Fprintf(w, "  line %d skipped: %s\n", p.Line, model.CleanLine(p.Reason, 160))
	}
	if more := sum.Malformed - len(sum.Problems); more > 0 {
		fmt.Fprintf(w, "  … and %d more malformed lines\n", more)
	}
}

// wardLSOAsCmd shows or sets the LSOAs a ward is made of. --from has been
// turned into --lsoa by resolveLookupFiles before the command got here.
func wardLSOAs(e *env, in *cli.Input) error {
	dir := dataOption(in)
	code := in.String("code", "E05…", "the ward")
	list := in.String("lsoa", "E01…,E01…", "the LSOAs it is made of")
	from := in.String("from", "LOOKUP.csv", "read them from an LSOA-to-ward lookup")
	clear := in.Bool("clear", "empty the list")
	st, err := e.parseOpen(in, dir, "code")
	if err != nil {
		return err
	}
	stdout := in.Stdout
	ward, err := st.Ward(*code)
	if err != nil {
		return err
	}
	var lsoas []string
	switch given := btoi(*list != "") + btoi(*from != "") + btoi(*clear); {
	case given > 1:
		return cli.Usagef("give one of --lsoa, --from and --clear")
	case *from != "":
		// Only reached if the command line did not read the file first.
		return cli.Usagef("--from is read by the wardpanel command line; run it there")
	case given == 0:
		lsoas, err = st.WardLSOAs(ward.Code)
		if err == nil {
			printAreas(stdout, ward, lsoas, "is made of")
		}
		return err
	case *list != "":
		if lsoas, err = model.ParseLSOACodes(*list); err != nil {
			return cli.UsageError{Msg: err.Error()}
		}
	}
	lsoas, err = st.SetWardLSOAs(model.Operator, ward.Code, lsoas)
	if err == nil {
		printAreas(stdout, ward, lsoas, "is now made of")
	}
	return err
}

func printAreas(w io.Writer, ward model.Ward, lsoas []string, verb string) {
	if len(lsoas) == 0 {
		fmt.Fprintf(w, "ward %s (%s) %s no LSOAs yet: its crime picture is empty\n", ward.Code, model.CleanLine(ward.Name, model.MaxNameLen), verb)
		return
	}
	fmt.Fprintf(w, "ward %s (%s) %s %d LSOAs: %s\n", ward.Code, model.CleanLine(ward.Name, model.MaxNameLen), verb, len(lsoas), strings.Join(lsoas, ", "))
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// parseLSOAFlag reads ward add's --lsoa before the ward is added, so a
// typo adds nothing.
func parseLSOAFlag(v string) ([]string, error) {
	if strings.TrimSpace(v) == "" {
		return nil, nil
	}
	lsoas, err := model.ParseLSOACodes(v)
	if err != nil {
		return nil, cli.UsageError{Msg: err.Error()}
	}
	return lsoas, nil
}

// setWardAreas gives a ward just added its --lsoa list, if there was one.
func setWardAreas(st Store, w model.Ward, lsoas []string, stdout io.Writer) error {
	if len(lsoas) == 0 {
		return nil
	}
	got, err := st.SetWardLSOAs(model.Operator, w.Code, lsoas)
	if err != nil {
		return fmt.Errorf("ward %s was added, but not its LSOAs: %w", w.Code, err)
	}
	printAreas(stdout, w, got, "is made of")
	return nil
}

// resolveLookupFiles turns `ward lsoas … --from FILE` into `--lsoa LIST`,
// in place, reading the lookup here, before the command may travel to the
// server: the server never opens a file a client names, and a lookup of
// every LSOA in the country need not travel to give a ward its handful.
func resolveLookupFiles(args []string) error {
	if len(args) < 2 || args[0] != "ward" || args[1] != "lsoas" {
		return nil
	}
	code := ""
	for i, a := range args {
		if v, ok := strings.CutPrefix(strings.TrimLeft(a, "-"), "code="); ok && strings.HasPrefix(a, "-") {
			code = v
		} else if (a == "--code" || a == "-code") && i+1 < len(args) {
			code = args[i+1]
		}
	}
	for i, a := range args {
		var path string
		at := -1
		switch {
		case (a == "--from" || a == "-from") && i+1 < len(args):
			path, at = args[i+1], i+1
		case strings.HasPrefix(a, "--from="), strings.HasPrefix(a, "-from="):
			path = a[strings.Index(a, "=")+1:]
		default:
			continue
		}
		if code == "" {
			return errors.New("ward lsoas: --code is required")
		}
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("ward lsoas: --from: %q is not a readable file", path)
		}
		lsoas, err := store.ReadLSOALookup(f, code)
		f.Close()
		if err != nil {
			return fmt.Errorf("ward lsoas: %s: %w", path, err)
		}
		list := strings.Join(lsoas, ",")
		if at < 0 {
			args[i] = "--lsoa=" + list
		} else {
			args[i], args[at] = "--lsoa", list
		}
	}
	return nil
}
