package main

import (
	"flag"
	"fmt"
	"io"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui"
)

// runLocal runs the very same TUI in this terminal as a named user, for
// development and for the server's operator: in this process, or inside the
// running server when it holds the data folder. Changes are attributed to
// that user with the key fingerprint "local".
func runLocal(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("local", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("user", "", "the user to act as")
	dir := fs.String("data", "", "data folder")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *name == "" {
		fmt.Fprintln(stderr, "wardpanel local: --user is required")
		return 2
	}
	return withStore(dataDir(*dir), stderr, func(st Store) int {
		u, err := localUser(st, *name)
		if err != nil {
			fmt.Fprintf(stderr, "wardpanel local: %s\n", err)
			return 1
		}
		m := tui.New(tui.Options{Store: st, User: &u, Fingerprint: model.Operator.Fingerprint})
		if _, err := tea.NewProgram(m, tea.WithInput(stdin), tea.WithOutput(stdout)).Run(); err != nil {
			fmt.Fprintf(stderr, "wardpanel local: %s\n", err)
			return 1
		}
		return 0
	}, func(sock string) int {
		return localViaServer(sock, *name, stdin, stdout, stderr)
	})
}

// localUser is who `local` runs as: an enrolled user, and not a disabled
// one — the operator's terminal is no way round a disable.
func localUser(st Store, name string) (model.User, error) {
	u, err := st.UserByName(name)
	if err != nil {
		return model.User{}, fmt.Errorf("no user named %q", model.CleanLine(name, model.MaxNameLen))
	}
	if u.Disabled {
		return model.User{}, fmt.Errorf("%s is disabled (wardpanel user enable --name %q lets them back in)",
			model.CleanLine(u.Name, model.MaxNameLen), model.CleanLine(u.Name, model.MaxNameLen))
	}
	return u, nil
}
