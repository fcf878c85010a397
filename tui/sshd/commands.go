package sshd

import (
	"cmp"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"charm.land/ssh"

	"wardpanel/model"
	"wardpanel/store"
)

// A command is what `ssh host NAME args…` runs for a session without a TUI.
// Each run gets its own flag set, bound to that session's output.
type command struct {
	usage   string
	summary string
	run     func(c *cmdEnv, args []string) error
}

// cmdEnv is one command invocation: who asks, and where the answer goes.
type cmdEnv struct {
	store       *store.Store
	user        model.User
	fingerprint string
	stdout      io.Writer
}

// usageError is bad input: exit status 2, as with most command-line tools.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

var commands map[string]command

// init builds the table because help lists the table it is in.
func init() {
	commands = map[string]command{
		"whoami": {usage: "whoami [--json]", summary: "who you are connected as", run: runWhoami},
		"board":  {usage: "board [--ward CODE] [--json]", summary: "the problems on your ward's board", run: runBoard},
		"help":   {usage: "help", summary: "this list", run: runHelp},
		"actions": {usage: "actions [--mine] [--overdue] [--agency A] [--ward CODE] [--json]",
			summary: "the ward's actions, soonest due first", run: runActions},
		"action": {usage: "action show ID [--json] | action done ID --outcome TEXT [--result KIND] [--publish] | action status ID STATUS",
			summary: "one action: see it, finish it with its outcome, or move it on", run: runAction},
		"minutes": {usage: "minutes ID", summary: "a meeting's minutes, as Markdown, with what you may see", run: runMinutes},
		"richpicture": {usage: "richpicture ID",
			summary: "a rich-picture session, as Markdown, with what you may see", run: runRichPicture},
		"audit": {usage: "audit [--who X] [--action PREFIX] [--since 7d] [--until DATE] [--limit N] [--json]",
			summary: "who changed what, when (officers and admins)", run: runAudit},
	}
	registerCrimeCommands(commands) // crimes.go: crimes, import crimes
	registerInviteCommand(commands) // invite.go
	registerPublishCommands(commands)
}

// commandMiddleware runs a command when one was given, or when there is no
// terminal to show the TUI on; otherwise it hands over to the TUI.
func (s *Server) commandMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		_, _, hasPty := sess.Pty()
		args, err := commandArgs(sess)
		if err != nil {
			fmt.Fprintln(sess.Stderr(), err)
			_ = sess.Exit(2)
			return
		}
		if hasPty && len(args) == 0 {
			next(sess)
			return
		}
		if len(args) == 0 {
			args = []string{"help"}
		}
		u, _ := sessionUser(sess)
		env := &cmdEnv{store: s.cfg.Store, user: u, fingerprint: sessionFingerprint(sess), stdout: sess}
		code := runCommand(env, args, sess.Stderr())
		s.commandDone(args[0], code) // observe.go
		_ = sess.Exit(code)
	}
}

// runCommand returns the exit status; errors become one line on stderr.
func runCommand(env *cmdEnv, args []string, stderr io.Writer) int {
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "unknown command %q: try help\n", model.CleanLine(args[0], 40))
		return 2
	}
	err := cmd.run(env, args[1:])
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "%s (usage: %s)\n", ue.msg, cmd.usage)
		return 2
	default:
		fmt.Fprintln(stderr, model.CleanLine(err.Error(), 300))
		return 1
	}
}

// parseFlags parses into fs quietly: the flag package's own output is
// multi-line, and a bad invocation must cost the user one clear line.
func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		msg := err.Error()
		if rest, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
			msg = "unknown flag " + rest
		}
		return usageError{model.CleanLine(msg, 200)}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", model.CleanLine(fs.Arg(0), 40))}
	}
	return nil
}

func runHelp(c *cmdEnv, args []string) error {
	if err := parseFlags(flag.NewFlagSet("help", flag.ContinueOnError), args); err != nil {
		return err
	}
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	fmt.Fprintln(c.stdout, "wardpanel commands (ssh -p PORT host COMMAND); connect without a command for the board:")
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	for _, n := range names {
		fmt.Fprintf(tw, "  %s\t%s\n", commands[n].usage, commands[n].summary)
	}
	return tw.Flush()
}

func runWhoami(c *cmdEnv, args []string) error {
	fs := flag.NewFlagSet("whoami", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	u := c.user
	if *asJSON {
		return writeJSON(c.stdout, struct {
			Name        string   `json:"name"`
			Agency      string   `json:"agency"`
			Role        string   `json:"role"`
			Wards       []string `json:"wards"`
			Fingerprint string   `json:"key"`
		}{model.CleanLine(u.Name, model.MaxNameLen), u.Agency, string(u.Role), u.Wards, c.fingerprint})
	}
	_, err := fmt.Fprintf(c.stdout, "%s — %s, %s; wards %s; key %s\n",
		model.CleanLine(u.Name, model.MaxNameLen), u.Role, u.Agency, strings.Join(u.Wards, ", "), c.fingerprint)
	return err
}

func runBoard(c *cmdEnv, args []string) error {
	fs := flag.NewFlagSet("board", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "")
	wardFlag := fs.String("ward", "", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	code, err := c.ward(*wardFlag)
	if err != nil {
		return err
	}
	ward, err := c.store.Ward(code)
	if err != nil {
		return err
	}
	problems, err := c.store.Problems(c.user, code)
	if err != nil {
		return err
	}
	problems = slices.Clone(problems) // the store's list is shared
	for i := range problems {
		problems[i] = problems[i].Safe()
	}
	// The same order as the TUI's default: most urgent first, then oldest.
	slices.SortStableFunc(problems, func(a, b model.Problem) int { return cmp.Compare(a.Priority, b.Priority) })
	if *asJSON {
		return writeJSON(c.stdout, struct {
			Ward     model.Ward      `json:"ward"`
			Problems []model.Problem `json:"problems"`
		}{ward, problems})
	}
	fmt.Fprintf(c.stdout, "%s (%s): %d problems\n", model.CleanLine(ward.Name, model.MaxNameLen), ward.Code, len(problems))
	if len(problems) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPRIORITY\tSTAGE\tCATEGORY\tLEAD\tVISIBILITY\tTITLE\tLOCATION")
	for _, p := range problems {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Priority, p.Stage, p.Category,
			orDash(p.LeadAgency), p.Visibility, p.Title, orDash(p.Location))
	}
	return tw.Flush()
}

// ward resolves a --ward flag: the user's first ward by default, and only
// wards the user belongs to.
func (c *cmdEnv) ward(flagValue string) (string, error) {
	if flagValue == "" {
		return c.user.Wards[0], nil
	}
	code, err := model.ParseWardCode(flagValue)
	if err != nil {
		return "", usageError{err.Error()}
	}
	if !c.user.InWard(code) {
		return "", fmt.Errorf("you are not a member of ward %s", code)
	}
	return code, nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
