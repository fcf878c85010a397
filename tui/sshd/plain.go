package sshd

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"charm.land/ssh"

	"wardpanel/tui/cli"
	"wardpanel/tui/plain"
)

// plainCmd is `ssh -t host plain`: the screens as linear text for screen
// readers (tui/plain). A user who has set plain mode on gets it from a
// bare `ssh host` too (commandMiddleware).
var plainCmd = cli.Command[*cmdEnv]{Name: "plain",
	Summary: "the screens as plain lines for screen readers: ssh -t host plain",
	Run: func(c *cmdEnv, in *cli.Input) error {
		if _, err := in.Parse(); err != nil {
			return err
		}
		if c.plain == nil {
			return errors.New("plain mode runs in an SSH session: ssh -t HOST plain")
		}
		return c.plain()
	}}

// settingsCmd is `settings [plain on|off]`: a user's own settings.
var settingsCmd = cli.Command[*cmdEnv]{Name: "settings", Args: "[plain on|off]",
	Summary: "your own settings; plain on starts plain mode on a bare ssh host",
	Run: func(c *cmdEnv, in *cli.Input) error {
		args, err := in.Parse("[SETTING]", "[VALUE]")
		if err != nil {
			return err
		}
		if args[0] == "" {
			_, err := fmt.Fprintf(c.stdout, "plain %s\n", onOff(c.user.Plain))
			return err
		}
		on := strings.ToLower(args[1])
		if !strings.EqualFold(args[0], "plain") || on != "on" && on != "off" {
			return cli.Usagef("settings plain on, or settings plain off")
		}
		u, err := c.store.SetPlain(c.actor(), on == "on")
		if err != nil {
			return err
		}
		if u.Plain {
			_, err = fmt.Fprintln(c.stdout, "plain mode is on: ssh -t to this host starts it")
		} else {
			_, err = fmt.Fprintln(c.stdout, "plain mode is off: ssh to this host starts the full screens")
		}
		return err
	}}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

// plainSession runs plain mode for an enrolled user. Like the TUI's
// session it ends, with its reason, when the user is disabled or their
// key revoked (sessions.go), and after IdleTimeout without a key press.
func (s *Server) plainSession(sess ssh.Session) error {
	opts := plain.Options{Store: s.cfg.Store, Fingerprint: sessionFingerprint(sess), Out: sess}
	if u, ok := sessionUser(sess); ok {
		opts.User = u
	} else {
		// A demo visitor picks a persona first, as on the screens.
		enrolled := &lateRelease{}
		defer enrolled.run()
		opts.Personas, opts.Enrol = s.personas(), s.enrolFunc(sess, enrolled)
	}
	_, winch, pty := sess.Pty()
	if pty {
		// Window changes must be taken for the session's whole life, or
		// the SSH library's request loop blocks on them; plain mode has
		// no use for them.
		go func() {
			for range winch {
			}
		}()
	}
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	var reason atomic.Pointer[string]
	end := func(why string) {
		if reason.CompareAndSwap(nil, &why) {
			cancel()
		}
	}
	s.sessions.setQuit(sess, end)
	defer s.sessions.dropQuit(sess)
	keys := newKeyClock(newPasteCap(sess, MaxPasteBytes))
	stopIdle := s.idleLogout(keys, end)
	defer stopIdle()
	opts.In, opts.Echo = keys, pty
	err := plain.Run(ctx, opts)
	if why := reason.Load(); why != nil {
		_, _ = fmt.Fprintf(sess, "wardpanel: %s\r\n", *why)
		return cli.ExitError{Code: cli.ExitRefused}
	}
	if ctx.Err() != nil {
		return nil // the client went
	}
	return err
}
