package sshd

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"charm.land/ssh"

	"wardpanel/model"
	"wardpanel/tui/admincmd"
	"wardpanel/tui/cli"
)

// cmdEnv is one command invocation: who asks, and where the answer goes.
type cmdEnv struct {
	store       Store
	user        model.User
	fingerprint string
	stdout      io.Writer
	stdin       io.Reader // the session's input; nil in tests that send none
	// plain runs plain mode on the session (plain.go); nil without one.
	plain func() error
}

// sshCommands is every command `ssh host COMMAND …` runs, one line each,
// in the order help lists them; each lives in its own file.
var sshCommands = cli.Set[*cmdEnv]{
	Intro: "wardpanel commands (ssh -p PORT host COMMAND); connect without a command for the board:",
}

// commands names the first word of each command, for the session log.
var commands = map[string]bool{}

func init() {
	sshCommands.Commands = []cli.Command[*cmdEnv]{
		whoamiCmd,
		boardCmd,
		problemShowCmd, problemNewCmd, problemEditCmd, problemStageCmd,
		problemReviewCmd, problemPlanCmd, problemNoteCmd, problemRespondCmd, problemSourceCmd, // plan.go
		actionsCmd,
		actionShowCmd, actionDoneCmd, actionStatusCmd,
		minutesCmd,
		inboxCmd,               // inbox.go
		updateCmd, briefingCmd, // update.go, briefing.go
		meetingsCmd, meetingICSCmd, // meetings.go
		richPictureCmd,
		auditCmd,
		crimesCmd, importCrimesCmd, // crimes.go
		publishCmd,                                        // publish.go
		concernsCmd, concernPromoteCmd, concernDeclineCmd, // concerns.go
		plainCmd, settingsCmd, // plain.go
	}
	sshCommands.Commands = append(sshCommands.Commands, admincmd.Assets[*cmdEnv]()...)
	sshCommands.Commands = append(sshCommands.Commands, admincmd.Users[*cmdEnv]()...) // admins
	sshCommands.Commands = append(sshCommands.Commands, admincmd.Invite[*cmdEnv](), admincmd.InviteList[*cmdEnv]())
	for _, c := range sshCommands.Commands {
		commands[strings.Fields(c.Name)[0]] = true
	}
	commands["help"] = true
}

// commandMiddleware runs a command when one was given, or when there is no
// terminal to show the TUI on; otherwise it hands over to the TUI.
func (s *Server) commandMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		_, _, hasPty := sess.Pty()
		args, err := commandArgs(sess)
		if err != nil {
			fmt.Fprintln(sess.Stderr(), err)
			_ = sess.Exit(cli.ExitUsage)
			return
		}
		if hasPty && len(args) == 0 {
			if u, ok := sessionUser(sess); !ok || !u.Plain {
				next(sess)
				return
			}
			args = []string{"plain"} // their own setting (plain.go)
		}
		if len(args) == 0 {
			args = []string{"help"}
		}
		u, _ := sessionUser(sess)
		env := &cmdEnv{store: s.cfg.Store, user: u, fingerprint: sessionFingerprint(sess), stdout: sess, stdin: sess,
			plain: func() error { return s.plainSession(sess) }}
		code := s.runSafely(env, args, sess.Stderr())
		s.commandDone(args[0], code) // observe.go
		_ = sess.Exit(code)
	}
}

// runSafely is runCommand for a session: a panic in a command's own code
// (the store turns bbolt's into ErrDamaged) is a bug, but its user must
// still hear that the command failed, with a non-zero status, never an
// empty success; the operator gets the stack. runCommand itself lets the
// panic through, so the fuzz tests see it.
func (s *Server) runSafely(env *cmdEnv, args []string, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			name := "unknown"
			if cmd, _, ok := sshCommands.Find(args); ok {
				name = cmd.Name
			}
			s.log.Error("a command failed with a panic", "command", name, "key", env.fingerprint,
				"panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			fmt.Fprintln(stderr, "wardpanel: the command failed on the server and may not have been carried out; "+
				"check before trying again, and tell your admin if it happens again")
			code = cli.ExitRefused
		}
	}()
	return runCommand(env, args, stderr)
}

// runCommand returns the exit status; errors become one line on stderr.
func runCommand(env *cmdEnv, args []string, stderr io.Writer) int {
	return sshCommands.Run(env, args, cli.IO{Stdin: env.stdin, Stdout: env.stdout, Stderr: stderr})
}

// Declare, Open and Actor let the commands shared with the server run over SSH.
func (c *cmdEnv) Declare(*cli.Input)                      {}
func (c *cmdEnv) Open(*cli.Input) (admincmd.Store, error) { return c.store, nil }
func (c *cmdEnv) Actor() model.Actor                      { return c.actor() }

func (c *cmdEnv) actor() model.Actor { return model.Actor{User: c.user, Fingerprint: c.fingerprint} }

// ward resolves a --ward option: the user's first ward by default, and only
// wards the user belongs to.
func (c *cmdEnv) ward(flagValue string) (string, error) {
	if flagValue == "" {
		return c.user.Wards[0], nil
	}
	code, err := model.ParseWardCode(flagValue)
	if err != nil {
		return "", cli.UsageError{Msg: err.Error()}
	}
	if !c.user.InWard(code) {
		return "", fmt.Errorf("you are not a member of ward %s", code)
	}
	return code, nil
}

// parseWard parses a command that takes no arguments, then reads the ward
// its --ward names (c.ward).
func (c *cmdEnv) parseWard(in *cli.Input, wardFlag *string) (string, error) {
	if _, err := in.Parse(); err != nil {
		return "", err
	}
	return c.ward(*wardFlag)
}

// wardOption declares --ward, for a command about one of the user's wards.
func wardOption(in *cli.Input) *string {
	return in.String("ward", "CODE", "one of your wards (default: your first)")
}

// wardOf is the ward --ward names (c.ward), as its record.
func (c *cmdEnv) wardOf(flagValue string) (model.Ward, error) {
	code, err := c.ward(flagValue)
	if err != nil {
		return model.Ward{}, err
	}
	return c.store.Ward(code)
}
