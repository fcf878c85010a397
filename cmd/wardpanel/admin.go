package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"wardpanel/model"
	"wardpanel/store"
)

// adminCommands run against an open store, in this process or, when the
// server holds the data file, inside the server through the control socket.
// Either way it is the same code with the same checks.
var adminCommands = map[string]func(st *store.Store, args []string, stdout io.Writer) error{
	"ward add":     wardAdd,
	"ward list":    wardList,
	"agency add":   agencyAdd,
	"agency list":  agencyList,
	"user add":     userAdd,
	"user list":    userList,
	"user disable": userDisable,
	"user enable":  userEnable,
	"key add":      keyAdd,
	"key list":     keyList,
	"key revoke":   keyRevoke,
	"check":        checkCmd,
	"backup":       backupCmd,
}

func isAdminCommand(noun string) bool {
	for name := range adminCommands {
		if name == noun || strings.HasPrefix(name, noun+" ") {
			return true
		}
	}
	return false
}

// usageError is bad input to a command: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// runAdmin runs one admin command on st and returns its exit status.
func runAdmin(st *store.Store, args []string, stdout, stderr io.Writer) int {
	name, rest := args[0], args[1:]
	cmd, ok := adminCommands[name]
	if !ok {
		if len(args) < 2 {
			fmt.Fprintf(stderr, "wardpanel: %s needs a verb (wardpanel help lists them)\n", args[0])
			return 2
		}
		name, rest = args[0]+" "+args[1], args[2:]
		if cmd, ok = adminCommands[name]; !ok {
			fmt.Fprintf(stderr, "wardpanel: unknown command %q\n", name)
			return 2
		}
	}
	err := cmd(st, rest, stdout)
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "wardpanel %s: %s\n", name, ue.msg)
		return 2
	default:
		fmt.Fprintf(stderr, "wardpanel %s: %s\n", name, err)
		return 1
	}
}

// runAdminCLI opens the data folder, or reaches the running server that holds it.
func runAdminCLI(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	dir := fs.String("data", "", "")
	rest, err := extractFlag(fs, args)
	if err == nil {
		err = resolveKeyFiles(rest)
	}
	if err == nil {
		err = resolveBackupPath(rest)
	}
	if err == nil {
		err = resolveLookupFiles(rest) // crimes.go
	}
	if err != nil {
		fmt.Fprintf(stderr, "wardpanel: %s\n", err)
		return 2
	}
	if err := checkBackupSource(dataDir(*dir), rest); err != nil {
		fmt.Fprintf(stderr, "wardpanel %s\n", err)
		return 1
	}
	return withStore(dataDir(*dir), stderr,
		func(st *store.Store) int { return runAdmin(st, rest, stdout, stderr) },
		func(sock string) int { return callControl(sock, rest, stdout, stderr) })
}

// withStore runs local with the store opened here, or, if the server holds
// it, remote with the server's control socket.
func withStore(dir string, stderr io.Writer, local func(*store.Store) int, remote func(sock string) int) int {
	st, sock, err := openData(dir)
	switch {
	case sock != "":
		return remote(sock)
	case err != nil:
		fmt.Fprintf(stderr, "wardpanel: %s\n", err)
		return 1
	}
	defer st.Close()
	return local(st)
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

// extractFlag pulls --data out of args wherever it stands, leaving the rest
// for the command (which may run in the server and must not see local paths).
func extractFlag(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--data" || a == "-data":
			if i+1 >= len(args) {
				return nil, errors.New("--data needs a folder")
			}
			if err := fs.Set("data", args[i+1]); err != nil {
				return nil, err
			}
			i++
		case strings.HasPrefix(a, "--data="), strings.HasPrefix(a, "-data="):
			if err := fs.Set("data", a[strings.Index(a, "=")+1:]); err != nil {
				return nil, err
			}
		default:
			rest = append(rest, a)
		}
	}
	return rest, nil
}

// parse parses a command's flags quietly and insists on the required ones.
func parse(fs *flag.FlagSet, args []string, required ...string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	for _, name := range required {
		if fs.Lookup(name).Value.String() == "" {
			return usageError{"--" + name + " is required"}
		}
	}
	return nil
}

func wardAdd(st *store.Store, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("ward add", flag.ContinueOnError)
	code := fs.String("code", "", "")
	name := fs.String("name", "", "")
	lsoa := fs.String("lsoa", "", "")
	if err := parse(fs, args, "code", "name"); err != nil {
		return err
	}
	lsoas, err := parseLSOAFlag(*lsoa) // crimes.go
	if err != nil {
		return err
	}
	w, err := st.AddWard(model.Operator, model.Ward{Code: *code, Name: *name})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added ward %s (%s)\n", w.Code, w.Name)
	return setWardAreas(st, w, lsoas, stdout)
}

func wardList(st *store.Store, args []string, stdout io.Writer) error {
	if err := parse(flag.NewFlagSet("ward list", flag.ContinueOnError), args); err != nil {
		return err
	}
	wards, err := st.Wards()
	if err != nil {
		return err
	}
	rows := [][]string{{"CODE", "NAME"}}
	for _, w := range wards {
		rows = append(rows, []string{w.Code, w.Name})
	}
	return printTable(stdout, rows)
}

func agencyAdd(st *store.Store, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("agency add", flag.ContinueOnError)
	code := fs.String("code", "", "")
	name := fs.String("name", "", "")
	if err := parse(fs, args, "code"); err != nil {
		return err
	}
	a, err := st.PutAgency(model.Operator, model.Agency{Code: *code, Name: *name})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "agency %s (%s) saved\n", a.Code, a.Name)
	return nil
}

func agencyList(st *store.Store, args []string, stdout io.Writer) error {
	if err := parse(flag.NewFlagSet("agency list", flag.ContinueOnError), args); err != nil {
		return err
	}
	agencies, err := st.Agencies()
	if err != nil {
		return err
	}
	rows := [][]string{{"CODE", "NAME"}}
	for _, a := range agencies {
		rows = append(rows, []string{a.Code, a.Name})
	}
	return printTable(stdout, rows)
}

func userAdd(st *store.Store, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	name := fs.String("name", "", "")
	agency := fs.String("agency", "", "")
	role := fs.String("role", "", "")
	wards := fs.String("ward", "", "")
	keyArg := fs.String("key", "", "")
	if err := parse(fs, args, "name", "agency", "role", "ward"); err != nil {
		return err
	}
	r, err := model.ParseRole(*role)
	if err != nil {
		return usageError{err.Error()}
	}
	u := model.User{Name: *name, Agency: *agency, Role: r, Wards: strings.Split(*wards, ",")}
	if *keyArg != "" {
		k, err := readKey(*keyArg)
		if err != nil {
			return err
		}
		u.Keys = []model.Key{k}
	}
	u, err = st.AddUser(model.Operator, u)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added %s (%s, %s) in %s", u.Name, u.Role, u.Agency, strings.Join(u.Wards, ", "))
	if len(u.Keys) > 0 {
		fmt.Fprintf(stdout, " with key %s", u.Keys[0].Fingerprint)
	}
	fmt.Fprintln(stdout)
	return nil
}

func userList(st *store.Store, args []string, stdout io.Writer) error {
	if err := parse(flag.NewFlagSet("user list", flag.ContinueOnError), args); err != nil {
		return err
	}
	users, err := st.Users()
	if err != nil {
		return err
	}
	rows := [][]string{{"NAME", "ROLE", "AGENCY", "WARDS", "KEYS", "STATUS"}}
	for _, u := range users {
		status := "enabled"
		if u.Disabled {
			status = "disabled"
		}
		rows = append(rows, []string{u.Name, string(u.Role), u.Agency, strings.Join(u.Wards, ","), strconv.Itoa(len(u.Keys)), status})
	}
	return printTable(stdout, rows)
}

// printTable prints aligned columns; every cell is cleaned, since names come from users.
func printTable(w io.Writer, rows [][]string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, row := range rows {
		for i, cell := range row {
			row[i] = model.CleanLine(cell, model.MaxNameLen)
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	return tw.Flush()
}

func keyAdd(st *store.Store, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("key add", flag.ContinueOnError)
	name := fs.String("user", "", "")
	keyArg := fs.String("key", "", "")
	if err := parse(fs, args, "user", "key"); err != nil {
		return err
	}
	k, err := readKey(*keyArg)
	if err != nil {
		return err
	}
	u, err := st.UserByName(*name)
	if err != nil {
		return fmt.Errorf("no user named %q: %w", *name, err)
	}
	if _, err := st.AddKey(model.Operator, u.ID, k); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added key %s for %s\n", k.Fingerprint, u.Name)
	return nil
}

// keyList prints enrolled keys, everyone's or one user's: the fingerprints
// are what `key revoke` takes.
func keyList(st *store.Store, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("key list", flag.ContinueOnError)
	name := fs.String("user", "", "")
	if err := parse(fs, args); err != nil {
		return err
	}
	var users []model.User
	if *name != "" {
		u, err := st.UserByName(*name)
		if err != nil {
			return err
		}
		users = []model.User{u}
	} else {
		var err error
		if users, err = st.Users(); err != nil {
			return err
		}
	}
	rows := [][]string{{"USER", "FINGERPRINT", "COMMENT", "ADDED"}}
	for _, u := range users {
		for _, k := range u.Keys {
			rows = append(rows, []string{u.Name, k.Fingerprint, k.Comment, k.AddedAt.UTC().Format("2006-01-02 15:04")})
		}
	}
	return printTable(stdout, rows)
}

// keyRevoke removes one key from a user. --key takes the fingerprint
// (SHA256:…, as key list and ssh-keygen -l print it), the key itself or its
// .pub file.
func keyRevoke(st *store.Store, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("key revoke", flag.ContinueOnError)
	name := fs.String("user", "", "")
	keyArg := fs.String("key", "", "")
	if err := parse(fs, args, "user", "key"); err != nil {
		return err
	}
	fp := strings.TrimSpace(*keyArg)
	if !strings.HasPrefix(fp, "SHA256:") {
		k, err := readKey(fp)
		if err != nil {
			return usageError{"--key takes a fingerprint (SHA256:…, see wardpanel key list), a public key or its file"}
		}
		fp = k.Fingerprint
	}
	u, err := st.UserByName(*name)
	if err != nil {
		return err
	}
	u, err = st.RevokeKey(model.Operator, u.ID, fp)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "revoked key %s of %s (%s left); its sessions are ended\n", fp, u.Name, plural(len(u.Keys), "key"))
	return nil
}

// userDisable stops a user connecting, and ends their sessions, keeping
// everything else about them.
func userDisable(st *store.Store, args []string, stdout io.Writer) error {
	return setUserDisabled(st, "user disable", args, stdout, true)
}

// userEnable undoes userDisable.
func userEnable(st *store.Store, args []string, stdout io.Writer) error {
	return setUserDisabled(st, "user enable", args, stdout, false)
}

func setUserDisabled(st *store.Store, cmd string, args []string, stdout io.Writer, disable bool) error {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	name := fs.String("name", "", "")
	if err := parse(fs, args, "name"); err != nil {
		return err
	}
	u, err := st.UserByName(*name)
	if err != nil {
		return err
	}
	if disable {
		if u, err = st.DisableUser(model.Operator, u.ID); err == nil {
			fmt.Fprintf(stdout, "disabled %s; their sessions are ended and their keys refused until wardpanel user enable\n", u.Name)
		}
		return err
	}
	if u, err = st.EnableUser(model.Operator, u.ID); err == nil {
		fmt.Fprintf(stdout, "enabled %s (%s)\n", u.Name, plural(len(u.Keys), "key"))
	}
	return err
}

func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + one + "s"
}

// readKey parses a --key value: resolveKeyFiles has already replaced a path
// with the file's content.
func readKey(arg string) (model.Key, error) {
	return model.ParseKey(arg)
}

// resolveKeyFiles replaces a --key FILE with the key it holds, in place. It
// runs in the command-line process, before a command may travel to the
// server, so the server never opens files a client names.
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
