package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/tui/sshd/opensshtest"
)

// readmeSSHLines are the README's command lines run over SSH, as written
// in its sh blocks: `ssh -p 23234 localhost COMMAND …`.
func readmeSSHLines(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	inBlock := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "```"):
			inBlock = strings.HasPrefix(line, "```sh")
		case inBlock && strings.HasPrefix(line, "ssh -p 23234 localhost "):
			if i := strings.Index(line, "  #"); i >= 0 {
				line = line[:i]
			}
			lines = append(lines, strings.TrimSpace(line))
		}
	}
	return lines
}

// shellWords splits a README line as sh would: double quotes group words;
// `< FILE` and `> FILE` are redirections, returned apart.
func shellWords(line string) (words []string, in, out string) {
	var w strings.Builder
	quoted, inWord := false, false
	flush := func() {
		if inWord {
			words = append(words, w.String())
			w.Reset()
			inWord = false
		}
	}
	for _, r := range line {
		switch {
		case r == '"':
			quoted, inWord = !quoted, true
		case r == ' ' && !quoted:
			flush()
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	flush()
	for i := 0; i+1 < len(words); i++ {
		switch words[i] {
		case "<", ">":
			if words[i] == "<" {
				in = words[i+1]
			} else {
				out = words[i+1]
			}
			words = append(words[:i], words[i+2:]...)
			i--
		}
	}
	return words, in, out
}

// TestREADMESSHLinesAgainstTheDemo runs every `ssh -p 23234 localhost …`
// line of the README through the real OpenSSH client, as a user types it,
// against `serve --demo`: as PC Dana Reid, and the user lines as Demo
// Admin. Each must exit 0 and print what its command prints.
func TestREADMESSHLinesAgainstTheDemo(t *testing.T) {
	sshBin := opensshtest.Binary(t)
	dir := t.TempDir()
	addr := startServe(t, dir, true)
	keyFor := map[string]string{}
	for _, name := range []string{"PC Dana Reid", "Demo Admin"} {
		file, key := opensshtest.Key(t)
		pub := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(key.PublicKey())))
		if _, errOut, code := wp("key", "add", "--user", name, "--key", pub, "--data", dir); code != 0 {
			t.Fatalf("key add for %s: %s", name, errOut)
		}
		keyFor[name] = file
	}
	outcome := filepath.Join(t.TempDir(), "outcome.txt")
	if err := os.WriteFile(outcome, []byte("Closure order papers served on the tenant\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// What each command's output must show, by its first words.
	shapes := map[string]string{
		"whoami": "PC Dana Reid — officer, police", "board": " PAST", "board --json": `"past_review": true`,
		"board --csv": "id,priority,ward_priority,stage", "help": "Exit status:", "actions": "VISIBILITY",
		"actions --agency": "[", "actions --mine": " actions", "action show": "[police]", "action done": "is done", "action status": "is now blocked",
		"problem show": "P13 Phone snatches near the station", "problem new": "[housing,police]", "problem edit": "high priority",
		"problem stage": "moved to response", "minutes": "# ", "richpicture": `"session"`, "assets": "community asset",
		"audit": "audit entries", "audit --action": "[", "user list": `"role": "admin"`, "user edit": "Priya Shah is now vice-chair",
		// Between meetings (issue 21): Dana has an action the chair raised for her this week.
		"inbox": "Report back to Kingfisher House residents", "inbox --json": `"next_meetings"`, "meetings": "meetings in",
		"meetings --ics": "BEGIN:VCALENDAR", "meeting ics": "UID:meeting-2-",
		// Screen readers (issue 18): the plain-mode setting, on then off.
		"settings plain on": "plain mode is on", "settings plain off": "plain mode is off",
		// Updates before a meeting (issue 21): Dana owns A15 and A13 and leads P1.
		"update": "update posted on", "briefing": "# Briefing pack",
		// Problem plans between meetings (issue 19): Dana's P13 is led by the police; A13 is on it.
		"problem plan": "handler written, visible to police", "problem note": "analysis note 3 added, visible to panel",
		"problem respond": "response 1 against the offender side added, carried out by A13",
		"problem source":  "its figures count robbery at Station Road", "problem review": "problem P13 to be reviewed by",
		"board --review": "past review",
	}
	lines := readmeSSHLines(t)
	if len(lines) < 20 {
		t.Fatalf("found %d README lines", len(lines))
	}
	for _, line := range lines {
		t.Run(line, func(t *testing.T) {
			words, in, out := shellWords(strings.TrimPrefix(line, "ssh -p 23234 localhost "))
			who := "PC Dana Reid"
			if words[0] == "user" {
				who = "Demo Admin"
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := opensshtest.Command(ctx, sshBin, addr, keyFor[who], words...)
			if in != "" {
				f, err := os.Open(outcome)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				cmd.Stdin = f
			}
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			if errors.As(err, &exit) || err != nil {
				t.Fatalf("%s: %v\n%s%s", line, err, stdout.String(), stderr.String())
			}
			_ = out // the redirection's file is the user's; the text is checked here
			got := stdout.String()
			shape := ""
			for prefix := range shapes {
				if strings.HasPrefix(strings.Join(words, " "), prefix) && len(prefix) > len(shape) {
					shape = prefix
				}
			}
			if shape == "" {
				t.Fatalf("no expected shape for %q", line)
			}
			if !strings.Contains(got, shapes[shape]) {
				t.Errorf("%s: output lacks %q:\n%s", line, shapes[shape], got)
			}
			if strings.Contains(line, "--json") && !json.Valid([]byte(got)) {
				t.Errorf("%s: not JSON:\n%s", line, got)
			}
		})
	}
}
