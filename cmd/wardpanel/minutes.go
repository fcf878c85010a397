package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/minutes"
)

// `wardpanel minutes ID [--as NAME]` prints a meeting's minutes as Markdown
// for the operator. It runs as an admin command: in this process, or
// inside the running server through the control socket.
func init() { adminCommands["minutes"] = minutesCmd }

// runMinutesCLI resolves the data folder and runs the command where the
// data file is. Unlike the other admin commands it makes no data file: a
// missing one is a mistake to report, not an empty folder to start.
func runMinutesCLI(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	dirFlag := fs.String("data", "", "")
	rest, err := extractFlag(fs, args)
	if err != nil {
		fmt.Fprintf(stderr, "wardpanel minutes: %s\n", err)
		return 2
	}
	dir := dataDir(*dirFlag)
	file := filepath.Join(dir, store.FileName)
	if _, err := os.Stat(file); err != nil {
		fmt.Fprintf(stderr, "wardpanel minutes: no data file at %s\n", file)
		return 1
	}
	full := append([]string{"minutes"}, rest...)
	return withStore(dir, stderr,
		func(st *store.Store) int { return runAdmin(st, full, stdout, stderr) },
		func(sock string) int { return callControl(sock, full, stdout, stderr) })
}

// minutesCmd renders as the enrolled user named by --as or, without it, as
// the whole panel reads the meeting: a member of its ward with no agency
// and no panel office, who sees only panel-wide records. The operator has
// no ward of their own and so no view of their own.
func minutesCmd(st *store.Store, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("minutes", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	as := fs.String("as", "", "")
	var idText string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		idText, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	rest := fs.Args()
	if idText == "" && len(rest) > 0 {
		idText, rest = rest[0], rest[1:]
	}
	switch {
	case idText == "":
		return usageError{"say which meeting, e.g. wardpanel minutes 3"}
	case len(rest) > 0:
		return usageError{fmt.Sprintf("unexpected argument %q", model.CleanLine(rest[0], 40))}
	}
	n, err := strconv.ParseUint(strings.TrimPrefix(idText, "#"), 10, 64)
	if err != nil || n == 0 {
		return usageError{fmt.Sprintf("%q is not a meeting number", model.CleanLine(idText, 20))}
	}
	id := model.ID(n)
	var viewer model.User
	if *as != "" {
		if viewer, err = st.UserByName(*as); err != nil {
			if errors.Is(err, model.ErrNotFound) {
				return fmt.Errorf("no user named %q", model.CleanLine(*as, model.MaxNameLen))
			}
			return err
		}
	} else if viewer, err = panelReader(st, id); err != nil {
		return err
	}
	if err := minutes.Render(stdout, st, viewer, id); err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return fmt.Errorf("meeting %d not found", id)
		}
		return err
	}
	return nil
}

// panelReader is a reader of meeting id's ward who sees what every member
// of it may: found by asking each ward in turn as such a reader, so even
// the meeting's ward is read through the store's own rule.
func panelReader(st *store.Store, id model.ID) (model.User, error) {
	wards, err := st.Wards()
	if err != nil {
		return model.User{}, err
	}
	for _, w := range wards {
		reader := model.User{Name: "the panel", Role: model.RoleObserver, Wards: []string{w.Code}}
		_, err := st.Meeting(reader, id)
		if err == nil {
			return reader, nil
		}
		if !errors.Is(err, model.ErrNotFound) {
			return model.User{}, err
		}
	}
	return model.User{}, fmt.Errorf("meeting %d not found", id)
}
