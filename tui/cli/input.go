package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"wardpanel/model"
)

// MaxStdinText bounds a text read from standard input with `-`.
const MaxStdinText = 4 * model.MaxTextLen

// Input is one run of a command: the words after its name, the options it
// declares, and where it reads and writes.
type Input struct {
	IO
	cmd, summary string
	args         []string
	fs           *flag.FlagSet
	text         map[string]bool // free-text options
	help         []optionHelp
	format       *Format
	formats      []Format
	pos          []string
}

type optionHelp struct{ name, arg, usage string }

func (in *Input) flags() *flag.FlagSet {
	if in.fs == nil {
		in.fs = flag.NewFlagSet(in.cmd, flag.ContinueOnError)
		in.fs.SetOutput(io.Discard)
		in.text = map[string]bool{}
	}
	return in.fs
}

func (in *Input) declare(name, arg, usage string) {
	in.help = append(in.help, optionHelp{name, arg, usage})
}

// String is an option taking one word.
func (in *Input) String(name, arg, usage string) *string {
	in.declare(name, arg, usage)
	return in.flags().String(name, "", usage)
}

// Text is a free-text option: it takes every word up to the next option,
// and `-` alone reads the text from standard input.
func (in *Input) Text(name, usage string) *string {
	in.declare(name, "TEXT", usage+` (the words up to the next option; - reads standard input)`)
	p := in.flags().String(name, "", usage)
	in.text[name] = true
	return p
}

// Bool is a switch.
func (in *Input) Bool(name, usage string) *bool {
	in.declare(name, "", usage)
	return in.flags().Bool(name, false, usage)
}

// Int is a whole number, def when not given.
func (in *Input) Int(name string, def int, usage string) *int {
	in.declare(name, "N", usage+fmt.Sprintf(" (default %d)", def))
	return in.flags().Int(name, def, usage)
}

// Enum is one of values, matched without regard to case and given back as
// spelt in values; "" when not given.
func (in *Input) Enum(name string, values []string, usage string) *string {
	in.declare(name, strings.ToUpper(name), usage+" ("+strings.Join(values, ", ")+")")
	v := &enumValue{values: values}
	in.flags().Var(v, name, usage)
	return &v.value
}

type enumValue struct {
	values []string
	value  string
}

func (e *enumValue) String() string { return e.value }

func (e *enumValue) Set(s string) error {
	for _, v := range e.values {
		if strings.EqualFold(strings.TrimSpace(s), v) {
			e.value = v
			return nil
		}
	}
	return fmt.Errorf("use one of %s", strings.Join(e.values, ", "))
}

// Format is how a command prints what it found.
type Format string

const (
	Text Format = "text"
	JSON Format = "json"
	CSV  Format = "csv"
	// Markdown is --md: a document for people (a problem's profile).
	Markdown Format = "md"
)

// Output declares --json (and --csv, when given) and is the format chosen
// once Parse has run.
func (in *Input) Output(formats ...Format) *Format {
	f := Text
	in.format = &f
	in.formats = formats
	for _, ff := range formats {
		in.Bool(string(ff), "print "+strings.ToUpper(string(ff))+" for scripts")
	}
	return in.format
}

// Parse reads the words: options anywhere, each argument in names in turn.
// A name ending in "..." takes all the remaining words, joined by spaces; a
// name in [brackets] may be left out. It returns the arguments, one per name.
func (in *Input) Parse(names ...string) ([]string, error) {
	fs := in.flags()
	var pos []string
	for i := 0; i < len(in.args); i++ {
		a := in.args[i]
		if a == "--" {
			pos = append(pos, in.args[i+1:]...)
			break
		}
		if IsHelp(a) {
			in.printHelp()
			return nil, errHelp
		}
		name, val, hasVal, isOpt := in.option(a)
		if !isOpt {
			pos = append(pos, a)
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			return nil, Usagef("unknown flag %q", model.CleanLine(a, 40))
		}
		switch {
		case isBool(f):
			if !hasVal {
				val = "true"
			}
		case in.text[name]:
			var words []string
			if hasVal {
				words = append(words, val)
			}
			for i+1 < len(in.args) && !in.looksOption(in.args[i+1]) {
				i++
				words = append(words, in.args[i])
			}
			if len(words) == 0 {
				return nil, Usagef("--%s needs a text (or - to read it from standard input)", name)
			}
			val = strings.Join(words, " ")
			if val == "-" {
				text, err := in.readStdin(name)
				if err != nil {
					return nil, err
				}
				val = text
			}
		case !hasVal:
			if i+1 >= len(in.args) || in.isOption(in.args[i+1]) {
				return nil, Usagef("--%s needs a value", name)
			}
			i++
			val = in.args[i]
		}
		if err := fs.Set(name, val); err != nil {
			if e, ok := f.Value.(*enumValue); ok {
				return nil, Usagef("unknown %s %q: use one of %s", name, val, strings.Join(e.values, ", "))
			}
			return nil, Usagef("--%s %q: %s", name, model.CleanLine(val, 40), unwrapFlagError(err))
		}
	}
	if in.format != nil {
		for _, ff := range in.formats {
			if fs.Lookup(string(ff)).Value.String() == "true" {
				if *in.format != Text {
					return nil, Usagef("choose one of --%s and --%s", *in.format, ff)
				}
				*in.format = ff
			}
		}
	}
	in.pos = pos
	return bind(names, pos)
}

// bind gives each argument its name, and says what is missing or extra.
func bind(names, pos []string) ([]string, error) {
	out := make([]string, len(names))
	for i, n := range names {
		switch {
		case strings.HasSuffix(strings.Trim(n, "[]"), "..."):
			out[i] = strings.Join(pos, " ")
			if out[i] == "" && !optional(n) {
				return nil, Usagef("missing %s", describe(n))
			}
			return out, nil
		case len(pos) == 0:
			if !optional(n) {
				return nil, Usagef("missing %s", describe(n))
			}
			continue
		}
		out[i], pos = pos[0], pos[1:]
	}
	if len(pos) > 0 {
		return nil, Usagef("unexpected argument %q", model.CleanLine(pos[0], 40))
	}
	return out, nil
}

func optional(name string) bool { return strings.HasPrefix(name, "[") }

// describe is an argument's name as words: "ID" → "the ID", "STAGE" → "the stage".
func describe(name string) string {
	n := strings.ReplaceAll(strings.Trim(name, "[]."), "_", " ")
	if n != "ID" {
		n = strings.ToLower(n)
	}
	return "the " + n
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// option splits a word that is an option: -x, --x, -x=v or --x=v, where x
// is declared. A word such as "-" or "-5" is not an option.
func (in *Input) option(w string) (name, val string, hasVal, ok bool) {
	if len(w) < 2 || w[0] != '-' {
		return "", "", false, false
	}
	body := strings.TrimPrefix(strings.TrimPrefix(w, "-"), "-")
	name, val, hasVal = strings.Cut(body, "=")
	if name == "" || !isLetter(name[0]) {
		return "", "", false, false
	}
	return name, val, hasVal, true
}

// looksOption says whether w ends a free text: any word shaped like an
// option, so that a mistyped one is refused rather than taken as text.
func (in *Input) looksOption(w string) bool {
	_, _, _, ok := in.option(w)
	return ok
}

// isOption says whether w is a declared option or help.
func (in *Input) isOption(w string) bool {
	name, _, _, ok := in.option(w)
	return ok && (in.flags().Lookup(name) != nil || IsHelp(w))
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

func (in *Input) readStdin(name string) (string, error) { return in.readStdinAs("--" + name + " -") }

// TextArg is a free-text argument as typed: the words as they are, or, for
// `-` alone, standard input, as a Text option reads it.
func (in *Input) TextArg(words string) (string, error) {
	if strings.TrimSpace(words) != "-" {
		return words, nil
	}
	return in.readStdinAs("-")
}

// readStdinAs reads the text standard input holds; what names the words
// that asked for it in a complaint.
func (in *Input) readStdinAs(what string) (string, error) {
	if in.Stdin == nil {
		return "", Usagef("%s: there is no standard input here; give the text", what)
	}
	b, err := io.ReadAll(io.LimitReader(in.Stdin, MaxStdinText+1))
	if err != nil {
		return "", fmt.Errorf("%s: reading standard input: %w", what, err)
	}
	if len(b) > MaxStdinText {
		return "", Usagef("%s: the text is longer than %d bytes", what, MaxStdinText)
	}
	text := strings.TrimRight(string(b), "\r\n")
	if strings.TrimSpace(text) == "" {
		return "", Usagef("%s: standard input was empty", what)
	}
	return text, nil
}

// unwrapFlagError is the flag package's complaint about a value, without
// its wrapping ("invalid value … for flag …: parse error").
func unwrapFlagError(err error) string {
	msg := err.Error()
	var ne *strconv.NumError
	if errors.As(err, &ne) || strings.HasSuffix(msg, "parse error") {
		return "not a whole number"
	}
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		return msg[i+2:]
	}
	return msg
}

// Given says whether the option was on the command line.
func (in *Input) Given(name string) bool {
	given := false
	in.flags().Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// Require is a usage error naming the first of names not given.
func (in *Input) Require(names ...string) error {
	for _, n := range names {
		if !in.Given(n) || strings.TrimSpace(in.flags().Lookup(n).Value.String()) == "" {
			return Usagef("--%s is required", n)
		}
	}
	return nil
}

func (in *Input) printHelp() {
	w := in.Stdout
	fmt.Fprintf(w, "usage: %s\n", in.cmd)
	if in.summary != "" {
		fmt.Fprintf(w, "\n%s\n", in.summary)
	}
	if len(in.help) > 0 {
		fmt.Fprintln(w, "\noptions (--x and -x alike; values are not case-sensitive where they are a choice):")
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		seen := map[string]bool{}
		for _, h := range in.help {
			if seen[h.name] {
				continue
			}
			seen[h.name] = true
			fmt.Fprintf(tw, "  --%s\t%s\n", strings.TrimSpace(h.name+" "+h.arg), h.usage)
		}
		_ = tw.Flush()
	}
	fmt.Fprintln(w, "\nexit status: 0 done, 1 refused or not found, 2 bad usage")
}

// Raw is the words as typed, for a command that reads its own options
// (serve, local); --help is still answered here.
func (in *Input) Raw() ([]string, error) {
	if WantsHelp(in.args) {
		in.printHelp()
		return nil, errHelp
	}
	return in.args, nil
}

// Positional is the arguments as typed, one per word, once Parse has run:
// for a list of files, whose names may hold spaces.
func (in *Input) Positional() []string { return in.pos }
