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
	"wardpanel/tui/admincmd"
	"wardpanel/tui/cli"
)

// env is what a server command runs with: in the command-line process, the
// words typed (to send on to a running server) and the store once opened;
// inside the server, its open store.
type env struct {
	args    []string
	st      Store
	opened  bool    // st was opened here, and is closed by close
	dirFlag *string // --data, for the commands shared with SSH (admincmd)
}

// Declare, Open and Actor let the commands shared with SSH run here.
func (e *env) Declare(in *cli.Input) { e.dirFlag = dataOption(in) }
func (e *env) Open(in *cli.Input) (admincmd.Store, error) {
	st, err := e.open(in, *e.dirFlag)
	if err != nil {
		return nil, err
	}
	return st, nil
}
func (e *env) Actor() model.Actor { return model.Operator }

// inServer says whether the command runs inside the server, sent there
// through the control socket.
func (e *env) inServer() bool { return e.st != nil && !e.opened }

// open is the store for a command that works on the data: the one already
// open inside the server, else the data folder's, opened here. When the
// running server holds the folder, the command is sent to it whole and its
// answer is the command's (an ExitError).
func (e *env) open(in *cli.Input, dirFlag string) (Store, error) {
	if e.st != nil {
		return e.st, nil
	}
	st, sock, err := openData(dataDir(dirFlag))
	switch {
	case sock != "":
		return nil, forward(in, sock, e.args)
	case err != nil:
		return nil, err
	}
	e.st, e.opened = st, true
	return st, nil
}

// openUser opens the store and finds the enrolled user named name: the
// start of every command about one user's keys.
func (e *env) openUser(in *cli.Input, dir, name string) (Store, model.User, error) {
	st, err := e.open(in, dir)
	if err != nil {
		return nil, model.User{}, err
	}
	u, err := st.UserByName(name)
	if err != nil {
		return nil, model.User{}, admincmd.NotEnrolled(name, err)
	}
	return st, u, nil
}

// parseOpen parses a command that takes options only, insists on the
// required ones, and opens the store.
func (e *env) parseOpen(in *cli.Input, dir *string, required ...string) (Store, error) {
	if _, err := in.Parse(); err != nil {
		return nil, err
	}
	if err := in.Require(required...); err != nil {
		return nil, err
	}
	return e.open(in, *dir)
}

// forward runs args inside the server that holds the data; the server's
// answer, already printed, becomes this command's exit status.
func forward(in *cli.Input, sock string, args []string) error {
	return cli.ExitError{Code: callControl(sock, args, in.Stdout, in.Stderr)}
}

func (e *env) close() {
	if e.opened {
		e.st.Close()
	}
}

// dataOption declares --data on a command that works on the data.
func dataOption(in *cli.Input) *string {
	return in.String("data", "DIR", "the data folder (default $WARDPANEL_DATA, else ./wardpanel-data)")
}

// requireDataFile refuses a data folder that has no data file, when opening
// it would make an empty one that helps nobody (check, backup, minutes).
func requireDataFile(dirFlag, why string) error {
	file := filepath.Join(dataDir(dirFlag), store.FileName)
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("no data file at %s%s", file, why)
	}
	return nil
}

// runAdmin runs a command sent through the control socket on the server's
// store and returns its exit status.
func runAdmin(st Store, args []string, stdout, stderr io.Writer) int {
	return commands.Run(&env{args: args, st: st}, args, cli.IO{Stdout: stdout, Stderr: stderr})
}

// openData opens the store in dir or, if the server holds it, names the
// server's control socket instead.
func openData(dir string) (*store.Store, string, error) {
	st, err := store.Open(dir, store.Options{LockTimeout: lockProbe})
	if errors.Is(err, store.ErrLocked) {
		sock := controlSocketPath(dir)
		if _, statErr := os.Stat(sock); statErr == nil {
			return nil, sock, nil
		}
	}
	return st, "", err
}

// withStore runs local with the store opened here, or, if the server holds
// it, remote with the server's control socket.
func withStore(dir string, stderr io.Writer, local func(Store) int, remote func(sock string) int) int {
	st, sock, err := openData(dir)
	switch {
	case sock != "":
		return remote(sock)
	case err != nil:
		fmt.Fprintf(stderr, "wardpanel: %s\n", err)
		return cli.ExitRefused
	}
	defer st.Close()
	return local(st)
}

// resolveFiles reads, here in the command-line process, the files a
// command names, before it may travel to the server: the server never
// opens files a client names.
func resolveFiles(args []string) error {
	for _, resolve := range []func([]string) error{resolveKeyFiles, resolveBackupPath, resolveLookupFiles} {
		if err := resolve(args); err != nil {
			return err
		}
	}
	return nil
}

// resolveKeyFiles replaces a --key FILE with the key it holds, in place.
func resolveKeyFiles(args []string) error {
	for i, a := range args {
		var at int
		switch {
		case (a == "--key" || a == "-key") && i+1 < len(args):
			at = i + 1
		case strings.HasPrefix(a, "--key="), strings.HasPrefix(a, "-key="):
			v, err := keyFileContent(a[strings.Index(a, "=")+1:])
			if err != nil {
				return err
			}
			args[i] = "--key=" + v
			continue
		default:
			continue
		}
		v, err := keyFileContent(args[at])
		if err != nil {
			return err
		}
		args[at] = v
	}
	return nil
}

func keyFileContent(v string) (string, error) {
	if strings.Contains(strings.TrimSpace(v), " ") {
		return v, nil // a key line itself: type, base64, comment
	}
	if strings.HasPrefix(strings.TrimSpace(v), "SHA256:") {
		return v, nil // a fingerprint, for key revoke
	}
	b, err := os.ReadFile(v)
	if err != nil {
		return "", fmt.Errorf("--key: %q is neither a public key nor a readable file", v)
	}
	return strings.TrimSpace(string(b)), nil
}
