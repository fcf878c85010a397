// Package cli is the one command framework of wardpanel: the server's own
// command line (cmd/wardpanel) and the commands people run over SSH
// (tui/sshd) are both tables of Command, parsed, helped, answered and
// given their exit status here.
//
// Options are declared on the standard library's flag.FlagSet (so -x and
// --x are one option, and a flag.Value checks each value), but the words
// are read by this package: options and arguments may come in any order,
// and a free-text option takes every word up to the next option, because
// OpenSSH joins its arguments with spaces and the server sees
// `--outcome Letters sent to 14 businesses` unquoted.
package cli

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"wardpanel/model"
)

// Exit statuses, the same for every command on either side.
const (
	// ExitOK: done.
	ExitOK = 0
	// ExitRefused: understood and refused: not allowed, not found, changed
	// by someone else, already exists, or against the record's rules.
	ExitRefused = 1
	// ExitUsage: not understood: an unknown command or option, a missing or
	// extra word, or an option's value that is not one of its kind (a role,
	// a stage, a number, a date) or names nothing known (an agency, a ward).
	ExitUsage = 2
)

// UsageError is input the command cannot take: exit status 2.
type UsageError struct{ Msg string }

func (e UsageError) Error() string { return e.Msg }

// Usagef is a UsageError; the arguments are cleaned, being typed by anyone.
func Usagef(format string, args ...any) error {
	return UsageError{model.CleanLine(fmt.Sprintf(format, args...), model.MaxLineLen)}
}

// ExitError carries an exit status already reported (a command run inside
// the server reports its own): the framework prints nothing more.
type ExitError struct{ Code int }

func (e ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// errHelp ends a command that was asked for --help, after printing it.
var errHelp = errors.New("help shown")

// Command is one command. E is what a side gives every command it runs:
// the store and the user over SSH, the store on the server.
type Command[E any] struct {
	// Name is the words that call it: "board", "user edit".
	Name string
	// Args is what follows the name, for usage and help: "ID --outcome TEXT".
	Args string
	// Summary is one line for the list of commands.
	Summary string
	// Local, on the server's command line, runs the command in the calling
	// process instead of sending it to a running server.
	Local bool
	// Run declares its options on in, calls in.Parse, then does its work.
	// Nothing before Parse may use env: help runs a command without one.
	Run func(env E, in *Input) error
}

// short is the name and the arguments before any option, for the list.
func (c Command[E]) short() string {
	words := strings.Fields(c.Name)
	for _, w := range strings.Fields(c.Args) {
		if strings.ContainsAny(w[:1], "[-<") {
			break
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

// Usage is the command as typed, with its arguments.
func (c Command[E]) Usage() string { return strings.TrimSpace(c.Name + " " + c.Args) }

// IO is where a command reads and writes.
type IO struct {
	Stdin          io.Reader // nil: the command has no input to read
	Stdout, Stderr io.Writer
}

// Set is one side's table of commands.
type Set[E any] struct {
	// Prog prefixes error lines ("wardpanel"), or nothing over SSH.
	Prog string
	// Intro heads the list of commands.
	Intro    string
	Commands []Command[E]
}

// Find is the command args name, longest name first, and the words after it.
func (s Set[E]) Find(args []string) (Command[E], []string, bool) {
	best, n := -1, 0
	for i, c := range s.Commands {
		words := strings.Fields(c.Name)
		if len(words) > n && len(words) <= len(args) && slices.Equal(words, lower(args[:len(words)])) {
			best, n = i, len(words)
		}
	}
	if best < 0 {
		return Command[E]{}, args, false
	}
	return s.Commands[best], args[n:], true
}

func lower(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = strings.ToLower(w)
	}
	return out
}

// Run runs the command args name and returns its exit status; a failure is
// one line on stderr. `help` and `help NAME…` are answered from the table.
func (s Set[E]) Run(env E, args []string, io IO) int {
	if len(args) == 0 || (len(args) == 1 && IsHelp(args[0])) || strings.EqualFold(args[0], "help") {
		if len(args) > 1 {
			return s.Run(env, append(args[1:], "--help"), io)
		}
		if len(args) == 0 { // nothing asked: the list, as an error
			s.Help(io.Stderr)
			return ExitUsage
		}
		s.Help(io.Stdout)
		return ExitOK
	}
	cmd, rest, ok := s.Find(args)
	if !ok {
		if s.prefixOf(args[0]) {
			s.fail(io.Stderr, "", "", Usagef("unknown command %q: %s needs one of: %s", strings.Join(args[:min(2, len(args))], " "), args[0], strings.Join(s.verbs(args[0]), ", ")))
		} else {
			s.fail(io.Stderr, "", "", Usagef("unknown command %q: try help", model.CleanLine(args[0], 40)))
		}
		return ExitUsage
	}
	return s.Exec(cmd, env, rest, io)
}

// Exec runs one command found in the table.
func (s Set[E]) Exec(cmd Command[E], env E, rest []string, io IO) int {
	in := &Input{cmd: cmd.Usage(), summary: cmd.Summary, args: rest, IO: io}
	err := cmd.Run(env, in)
	if err == nil || errors.Is(err, errHelp) {
		return ExitOK
	}
	code := Code(err)
	var ee ExitError
	if !errors.As(err, &ee) {
		s.fail(io.Stderr, cmd.Name, cmd.Usage(), err)
	}
	return code
}

// Code is the exit status for err.
func Code(err error) int {
	var ue UsageError
	var ee ExitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ee):
		return ee.Code
	case errors.As(err, &ue):
		return ExitUsage
	}
	return ExitRefused
}

// fail prints err as one line; a usage error also says how to ask for help.
func (s Set[E]) fail(w io.Writer, name, usage string, err error) {
	prefix := ""
	if s.Prog != "" {
		prefix = strings.TrimSpace(s.Prog+" "+name) + ": "
	}
	line := model.CleanLine(err.Error(), 300)
	if Code(err) == ExitUsage && usage != "" {
		line += " (usage: " + usage + ")"
	}
	fmt.Fprintln(w, prefix+line)
}

// prefixOf says whether noun is the first word of some command's name.
func (s Set[E]) prefixOf(noun string) bool { return len(s.verbs(noun)) > 0 }

func (s Set[E]) verbs(noun string) []string {
	var out []string
	for _, c := range s.Commands {
		if w := strings.Fields(c.Name); len(w) > 1 && strings.EqualFold(w[0], noun) {
			out = append(out, w[1])
		}
	}
	return out
}

// Help lists the commands, in the table's order.
func (s Set[E]) Help(w io.Writer) {
	if s.Intro != "" {
		fmt.Fprintln(w, s.Intro)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range s.Commands {
		fmt.Fprintf(tw, "  %s\t%s\n", c.short(), c.Summary)
	}
	_ = tw.Flush()
	fmt.Fprintln(w, "Each command's options: COMMAND --help (or help COMMAND). Exit status: 0 done, 1 refused or not found, 2 bad usage.")
}

// IsHelp says whether a word asks for help.
func IsHelp(w string) bool { return w == "--help" || w == "-h" || w == "-help" }

// WantsHelp says whether any of the words asks for help.
func WantsHelp(args []string) bool { return slices.ContainsFunc(args, IsHelp) }
