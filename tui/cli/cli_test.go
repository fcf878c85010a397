package cli

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"wardpanel/model"
)

// testEnv records what a command was given.
type testEnv struct{ got map[string]string }

// testSet is a small table shaped like the real ones.
func testSet() Set[*testEnv] {
	return Set[*testEnv]{Prog: "wp", Commands: []Command[*testEnv]{
		{Name: "action done", Args: "ID --outcome TEXT [--result KIND]", Run: func(e *testEnv, in *Input) error {
			outcome := in.Text("outcome", "what was done")
			result := in.Enum("result", []string{"engagement", "other"}, "kind")
			mine := in.Bool("mine", "switch")
			n := in.Int("limit", 10, "number")
			format := in.Output(JSON, CSV)
			id, err := in.ParseID(ActionRef)
			if err != nil {
				return err
			}
			if err := in.Require("outcome"); err != nil {
				return err
			}
			e.got = map[string]string{"id": fmt.Sprint(id), "outcome": *outcome, "result": *result,
				"mine": fmt.Sprint(*mine), "limit": fmt.Sprint(*n), "format": string(*format)}
			return nil
		}},
		{Name: "user edit", Args: "NAME... [--role R]", Run: func(e *testEnv, in *Input) error {
			role := in.String("role", "R", "role")
			args, err := in.Parse("NAME...")
			if err != nil {
				return err
			}
			e.got = map[string]string{"name": args[0], "role": *role}
			return nil
		}},
		{Name: "fail", Run: func(e *testEnv, in *Input) error {
			what := in.String("with", "KIND", "which failure")
			if _, err := in.Parse(); err != nil {
				return err
			}
			switch *what {
			case "notfound":
				return fmt.Errorf("no action 9: %w", model.ErrNotFound)
			case "forbidden":
				return &model.ForbiddenError{Reason: "officers only"}
			case "invalid":
				return Usagef("a value of the wrong form")
			case "answered":
				return ExitError{Code: 1}
			}
			return errors.New("disk on fire")
		}},
	}}
}

func run(t *testing.T, stdin string, words ...string) (map[string]string, string, string, int) {
	t.Helper()
	var out, errOut strings.Builder
	e := &testEnv{}
	io := IO{Stdout: &out, Stderr: &errOut}
	if stdin != "" {
		io.Stdin = strings.NewReader(stdin)
	}
	code := testSet().Run(e, words, io)
	return e.got, out.String(), errOut.String(), code
}

// The words as the server sees them: OpenSSH has joined the user's
// arguments with spaces, and the server has split them again, so quoted
// text arrives as separate words, and text quoted twice as one.
func TestOptionParsing(t *testing.T) {
	tests := []struct {
		name  string
		stdin string
		words string
		want  map[string]string
	}{
		{"free text unquoted, up to the next option", "", "action done 22 --outcome Letters sent to 14 businesses --result engagement",
			map[string]string{"id": "22", "outcome": "Letters sent to 14 businesses", "result": "engagement"}},
		{"free text as one word", "", "action done 22 --outcome|Letters sent|--result|engagement",
			map[string]string{"outcome": "Letters sent", "result": "engagement"}},
		{"free text last", "", "action done 22 --result other --outcome Sent them all",
			map[string]string{"outcome": "Sent them all", "result": "other"}},
		{"free text with = and more words", "", "action done 22 --outcome=Letters sent",
			map[string]string{"outcome": "Letters sent"}},
		{"a dash word inside free text is text", "", "action done 22 --outcome Fixed - mostly -5 degrees --mine",
			map[string]string{"outcome": "Fixed - mostly -5 degrees", "mine": "true"}},
		{"stdin with -", "Spoke to the landlord\n", "action done 22 --outcome -",
			map[string]string{"outcome": "Spoke to the landlord"}},
		{"stdin keeps lines", "line one\nline two\n", "action done 22 --outcome -",
			map[string]string{"outcome": "line one\nline two"}},
		{"-x and --x alike", "", "action done 22 -outcome done -result engagement -mine -limit 3",
			map[string]string{"outcome": "done", "result": "engagement", "mine": "true", "limit": "3"}},
		{"enum case-insensitive, spelt as declared", "", "action done 22 --outcome x --result ENGAGEMENT",
			map[string]string{"result": "engagement"}},
		{"options before the argument", "", "action done --outcome x --mine 22",
			map[string]string{"id": "22", "outcome": "x", "mine": "true"}},
		{"A5 reference", "", "action done A5 --outcome x", map[string]string{"id": "5"}},
		{"a5 and #5 alike", "", "action done #5 --outcome x", map[string]string{"id": "5"}},
		{"--json", "", "action done 1 --outcome x --json", map[string]string{"format": "json"}},
		{"--csv", "", "action done 1 --outcome x -csv", map[string]string{"format": "csv"}},
		{"text by default", "", "action done 1 --outcome x", map[string]string{"format": "text"}},
		{"command words case-insensitive", "", "Action DONE 1 --outcome x", map[string]string{"id": "1"}},
		{"a name of several words", "", "user edit Priya Shah --role chair", map[string]string{"name": "Priya Shah", "role": "chair"}},
		{"options among the name", "", "user edit --role chair Priya Shah", map[string]string{"name": "Priya Shah", "role": "chair"}},
		{"-- ends the options", "", "user edit -- --odd name", map[string]string{"name": "--odd name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sep := " "
			if strings.Contains(tt.words, "|") {
				sep = "|"
			}
			words := strings.Split(strings.Replace(tt.words, "action done 22 ", "action|done|22|", 1), sep)
			if sep == " " {
				words = strings.Fields(tt.words)
			}
			got, _, errOut, code := run(t, tt.stdin, words...)
			if code != 0 {
				t.Fatalf("%q: exit %d, %s", tt.words, code, errOut)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%q: %s = %q, want %q", tt.words, k, got[k], v)
				}
			}
		})
	}
}

// One exit status per kind of failure, and one line saying why.
func TestExitCodes(t *testing.T) {
	tests := []struct {
		words string
		code  int
		want  string
	}{
		{"action done 1 --outcome x", ExitOK, ""},
		{"action done 1 --outcome x --help", ExitOK, ""},
		{"help action done", ExitOK, ""},
		{"launch missiles", ExitUsage, `unknown command "launch"`},
		{"action explode 1", ExitUsage, "action needs one of: done"},
		{"action done 1 --outcome x --bogus", ExitUsage, `unknown flag "--bogus"`},
		{"action done 1 --outcome", ExitUsage, "--outcome needs a text"},
		{"action done 1 --outcome -", ExitUsage, "no standard input"},
		{"action done 1", ExitUsage, "--outcome is required"},
		{"action done --outcome x", ExitUsage, "missing the ID"},
		{"action done P1 --outcome x", ExitUsage, `"P1" is not an action number`},
		{"action done 1 2 --outcome x", ExitUsage, `unexpected argument "2"`},
		{"action done 1 --outcome sent --reslt engagement", ExitUsage, `unknown flag "--reslt"`},
		{"action done 1 --outcome x --result magic", ExitUsage, `unknown result "magic": use one of engagement, other`},
		{"action done 1 --outcome x --limit many", ExitUsage, `--limit "many": not a whole number`},
		{"action done 1 --outcome x --json --csv", ExitUsage, "choose one of --json and --csv"},
		{"action done 1 --outcome x --limit", ExitUsage, "--limit needs a value"},
		{"user edit", ExitUsage, "missing the name"},
		{"fail --with notfound", ExitRefused, "no action 9"},
		{"fail --with forbidden", ExitRefused, "not allowed: officers only"},
		{"fail --with invalid", ExitUsage, "a value of the wrong form"},
		{"fail --with io", ExitRefused, "disk on fire"},
		{"fail --with answered", ExitRefused, ""},
	}
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			_, out, errOut, code := run(t, "", strings.Fields(tt.words)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tt.code, errOut)
			}
			switch {
			case code == 0 && errOut != "":
				t.Errorf("stderr %q on success", errOut)
			case code != 0 && tt.want == "" && errOut != "":
				t.Errorf("an answered failure printed %q again", errOut)
			case code != 0 && tt.want != "" && (strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tt.want)):
				t.Errorf("stderr %q: want one line with %q", errOut, tt.want)
			}
			if strings.Contains(tt.words, "help") && !strings.Contains(out, "usage: action done ID --outcome TEXT") {
				t.Errorf("help:\n%s", out)
			}
		})
	}
}
