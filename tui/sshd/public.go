package sshd

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/colorprofile"
	"golang.org/x/time/rate"

	"wardpanel/model"
	"wardpanel/tui/paint"
	"wardpanel/tui/plain"
	"wardpanel/tui/public"
)

// ssh public@host (issue 22): anyone, with any key or none, reads a
// ward's published "you said, we did" and may leave a concern. Nothing
// else of wardpanel is reachable: the session never gets a user, and
// its connection stays counted as unauthenticated (gate.go) for its
// whole life, so a crowd of readers competes with strangers, never with
// enrolled users. A session lasts at most publicSessionTime.

const publicUser = "public"

const publicSessionTime = 15 * time.Minute

// concernRate limits concerns per address and per key: three at once,
// then one every five minutes.
var concernRate = budgetRate{rate.Every(5 * time.Minute), 3}

var errTooManyConcerns = errors.New("thank you, but that is enough concerns for now: try again in a few minutes")

// publicSource is what one public session reads and writes.
type publicSource struct {
	s    *Server
	addr string
	fp   string
}

func (p publicSource) PublishedWards() ([]model.Ward, error) {
	return p.s.cfg.Store.PublishedWards()
}

func (p publicSource) Published(ward string) (model.Summary, error) {
	return p.s.cfg.Store.Published(ward)
}

func (p publicSource) LeaveConcern(ward, text, contact string) error {
	now := time.Now()
	if !p.s.budgets.allow("concern/ip/"+p.addr, concernRate, now) ||
		(p.fp != "" && !p.s.budgets.allow("concern/key/"+p.fp, concernRate, now)) {
		return errTooManyConcerns
	}
	_, err := p.s.cfg.Store.AddPublicConcern(model.PublicUser(p.fp), model.Concern{Ward: ward, Text: text, Contact: contact})
	if err != nil && !errors.Is(err, model.ErrInvalid) && !errors.Is(err, model.ErrNotFound) {
		p.s.log.Error("public concern", "key", p.fp, "err", err)
		return errors.New("wardpanel could not save your concern; try again shortly")
	}
	return err
}

// public serves a public@ session: the screen with a terminal, the plain
// dialogue without one (or with `plain`), or one command.
func (s *Server) public(sess ssh.Session) {
	fp := ""
	if pk := sess.PublicKey(); pk != nil {
		fp = model.KeyFrom(pk, "").Fingerprint
	}
	if s.overBudget(sess, "source/"+sourceOf(sess.RemoteAddr()).String(), s.budgets.source, fp, "public") {
		return
	}
	ctx, cancel := context.WithTimeout(sess.Context(), publicSessionTime)
	defer cancel()
	src := publicSource{s: s, addr: addrKey(sess.RemoteAddr()), fp: fp}
	args, err := commandArgs(sess)
	if err != nil {
		fmt.Fprintln(sess.Stderr(), err)
		_ = sess.Exit(2)
		return
	}
	_, _, pty := sess.Pty()
	start := time.Now()
	s.log.Info("public session start", "key", fp, "from", sourceOf(sess.RemoteAddr()), "pty", pty)
	defer func() {
		s.log.Info("public session end", "key", fp, "duration", time.Since(start).Round(time.Millisecond))
	}()
	switch {
	case len(args) == 0 && pty:
		s.publicScreen(ctx, sess, src)
	case len(args) == 0 || args[0] == "plain" && len(args) == 1:
		_ = sess.Exit(publicPlain(ctx, sess, src, pty))
	default:
		_ = sess.Exit(runPublicCommand(src, args, sess, sess, sess.Stderr()))
	}
}

// publicScreen runs the public Bubble Tea screen on the session's terminal.
func (s *Server) publicScreen(ctx context.Context, sess ssh.Session, src publicSource) {
	pty, winch, _ := sess.Pty()
	m := public.New(src)
	m.Update(tea.WindowSizeMsg{Width: pty.Window.Width, Height: pty.Window.Height})
	// Painted line by line as every session's screen is (teaMiddleware):
	// Bubble Tea's own renderer drew the first frame at its next tick, at
	// three times the board's first frame (wardbench P8).
	painter := paint.New(sess, pty.Window.Width, pty.Window.Height,
		colorprofile.Env(append(sess.Environ(), "TERM="+pty.Term)))
	go func() { _ = painter.Run() }()
	p := tea.NewProgram(paint.Model{Model: m, Painter: painter},
		append(bubbletea.MakeOptions(sess), tea.WithContext(ctx), tea.WithoutRenderer(), tea.WithFPS(1))...)
	go s.resizes(ctx, winch, func(w ssh.Window) { p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height}) })
	if _, err := p.Run(); err != nil && ctx.Err() == nil {
		s.log.Info("public screen ended", "err", err)
	}
	painter.Close() // puts the terminal back
	_ = sess.Exit(0)
}

// publicCommands is the help of what public@ runs.
const publicCommands = `wardpanel, without an account (ssh public@HOST COMMAND):
  wards                                   the wards that publish "you said, we did"
  summary WARD                            a ward's summary
  concern WARD TEXT… [--contact WAY…]     leave the panel a concern (one or two lines; - reads it from input)
  plain                                   choose, read and answer line by line (ssh -t public@HOST plain)
`

// runPublicCommand runs one public command and returns the exit status.
func runPublicCommand(src publicSource, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fail := func(code int, format string, a ...any) int {
		fmt.Fprintln(stderr, model.CleanLine(fmt.Sprintf(format, a...), 300))
		return code
	}
	switch {
	case args[0] == "help":
		_, _ = io.WriteString(stdout, publicCommands)
		return 0
	case args[0] == "wards" && len(args) == 1:
		wards, err := src.PublishedWards()
		if err != nil {
			return fail(1, "wardpanel could not read its data; try again shortly")
		}
		for _, w := range wards {
			fmt.Fprintf(stdout, "%s  %s\n", w.Code, model.CleanLine(w.Name, model.MaxNameLen))
		}
		return 0
	case args[0] == "summary" && len(args) == 2:
		sum, err := src.Published(args[1])
		if err != nil {
			return fail(1, "%v", err)
		}
		_, _ = io.WriteString(stdout, public.Text(sum))
		return 0
	case args[0] == "concern" && len(args) >= 3:
		text, contact := splitOption(args[2:], "--contact")
		if text == "-" {
			b, _ := io.ReadAll(io.LimitReader(stdin, 4*model.MaxConcernLen))
			text = string(b)
		}
		if err := src.LeaveConcern(args[1], text, contact); err != nil {
			return fail(1, "%v", err)
		}
		fmt.Fprintln(stdout, "Thank you: your concern is with the panel's officers.")
		return 0
	}
	fmt.Fprint(stderr, publicCommands)
	return 2
}

// splitOption splits words into the text before option and the words
// after it, each joined with spaces (free text runs to the next option).
func splitOption(words []string, option string) (text, value string) {
	for i, w := range words {
		if w == option {
			return strings.Join(words[:i], " "), strings.Join(words[i+1:], " ")
		}
	}
	return strings.Join(words, " "), ""
}

// publicPlain is the line-by-line dialogue, for screen readers and for a
// session without a terminal; it returns the exit status.
func publicPlain(ctx context.Context, sess ssh.Session, src publicSource, echo bool) int {
	in := &lineReader{r: bufio.NewReader(sess), w: sess, echo: echo}
	context.AfterFunc(ctx, func() { _ = sess.Close() })
	say := func(s string) { _, _ = io.WriteString(sess, s) }
	for {
		wards, err := src.PublishedWards()
		if err != nil {
			say("wardpanel could not read its data; try again shortly.\n")
			return 1
		}
		if len(wards) == 0 {
			say("No ward has published its summary yet.\n")
			return 0
		}
		say("You said, we did. Wards that publish:\n")
		for i, w := range wards {
			say(fmt.Sprintf("  %d. %s (%s)\n", i+1, model.CleanLine(w.Name, model.MaxNameLen), w.Code))
		}
		say("Type a number to read that ward's summary, or q to leave: ")
		line, err := in.line()
		if err != nil || line == "q" {
			return 0
		}
		var n int
		if _, err := fmt.Sscan(line, &n); err != nil || n < 1 || n > len(wards) {
			say("Type a number from the list.\n")
			continue
		}
		ward := wards[n-1].Code
		sum, err := src.Published(ward)
		if err != nil {
			say(model.CleanLine(err.Error(), 300) + "\n")
			continue
		}
		say(public.Text(sum))
		for {
			say("Type c to leave the panel a concern, w for the wards, or q to leave: ")
			line, err := in.line()
			if err != nil || line == "q" {
				return 0
			}
			if line == "w" {
				break
			}
			if line != "c" {
				continue
			}
			say("Your concern, in a line or two: ")
			text, err := in.line()
			if err != nil {
				return 0
			}
			say("How the panel may contact you (optional; enter to skip): ")
			contact, err := in.line()
			if err != nil {
				return 0
			}
			if err := src.LeaveConcern(ward, text, contact); err != nil {
				say(model.CleanLine(err.Error(), 300) + "\n")
			} else {
				say("Thank you: your concern is with the panel's officers.\n")
			}
		}
	}
}

// maxPublicLine bounds one typed line.
const maxPublicLine = 2 * model.MaxConcernLen

// lineReader reads typed lines with minimal editing; with echo (a
// terminal in raw mode) it writes back what is kept. Escape sequences
// are skipped whole; control characters are dropped.
type lineReader struct {
	r    *bufio.Reader
	w    io.Writer
	echo bool
}

func (l *lineReader) line() (string, error) {
	var line []rune
	for {
		c, _, err := l.r.ReadRune()
		if err != nil {
			if len(line) > 0 && err == io.EOF {
				return strings.TrimSpace(string(line)), nil
			}
			return "", err
		}
		switch {
		case c == '\r' || c == '\n':
			if c == '\r' && !l.echo {
				continue
			}
			if l.echo {
				_, _ = io.WriteString(l.w, "\r\n")
			}
			return strings.TrimSpace(string(line)), nil
		case c == 3 || c == 4:
			return "", io.EOF
		case c == 0x7f || c == '\b':
			if len(line) > 0 {
				line = line[:len(line)-1]
				l.write("\b \b")
			}
		case c == 0x1b:
			plain.SkipEscape(l.r)
		case c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0):
		case len(line) < maxPublicLine:
			line = append(line, c)
			l.write(string(c))
		}
	}
}

func (l *lineReader) write(s string) {
	if l.echo {
		_, _ = io.WriteString(l.w, s)
	}
}
