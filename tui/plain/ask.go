package plain

import (
	"fmt"
	"strconv"
	"strings"
)

// Forms ask one field at a time, as huh's accessible mode does: the
// question on its own line, then a prompt. An empty answer takes the
// default shown in brackets; "cancel" stops the form with nothing saved.
// (huh itself is not used: its accessible mode reads a cooked terminal,
// and over `ssh -t` the client's terminal is raw, so the line editing and
// echo are term's, and announcements must be able to arrive between the
// questions without a second reader on the channel.)

// cancelled is said when a form stops.
const cancelled = "Cancelled: nothing was saved."

// text asks for a line of text; required unless def is given.
func (s *session) text(label, def string) (string, bool) {
	prompt := label + ": "
	if def != "" {
		prompt = fmt.Sprintf("%s [%s]: ", label, def)
	}
	for {
		answer, err := s.read(prompt)
		switch {
		case err != nil:
			return "", false
		case strings.EqualFold(answer, "cancel"):
			s.t.say(cancelled)
			return "", false
		case answer != "":
			return answer, true
		case def != "":
			return def, true
		}
		s.t.say("This one is needed; type cancel to stop.")
	}
}

// optional asks for a line that may be left empty.
func (s *session) optional(label string) (string, bool) {
	answer, err := s.read(label + " (optional, enter to skip): ")
	if err != nil {
		return "", false
	}
	if strings.EqualFold(answer, "cancel") {
		s.t.say(cancelled)
		return "", false
	}
	return answer, true
}

// pick asks for one of opts, by number or by name; def, if not empty, is
// taken on an empty answer.
func (s *session) pick(question string, opts []string, def string) (string, bool) {
	lines := []string{question}
	for i, o := range opts {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, o))
	}
	s.t.say(lines...)
	prompt := "Choose a number: "
	if def != "" {
		prompt = fmt.Sprintf("Choose a number [%s]: ", def)
	}
	for {
		answer, err := s.read(prompt)
		if err != nil {
			return "", false
		}
		if strings.EqualFold(answer, "cancel") {
			s.t.say(cancelled)
			return "", false
		}
		if answer == "" && def != "" {
			return def, true
		}
		if n, err := strconv.Atoi(answer); err == nil && n >= 1 && n <= len(opts) {
			return opts[n-1], true
		}
		for _, o := range opts {
			if strings.EqualFold(o, answer) {
				return o, true
			}
		}
		s.t.say(fmt.Sprintf("Choose a number from 1 to %d, or type cancel.", len(opts)))
	}
}

// numbers asks for some of n numbered things, at most max, in the order
// typed ("3 1 2" or "3,1,2").
func (s *session) numbers(prompt string, n, most int) ([]int, bool) {
	for {
		answer, err := s.read(prompt)
		if err != nil {
			return nil, false
		}
		if strings.EqualFold(answer, "cancel") {
			s.t.say(cancelled)
			return nil, false
		}
		var out []int
		ok := answer != ""
		for _, f := range strings.FieldsFunc(answer, func(r rune) bool { return r == ',' || r == ' ' }) {
			k, err := strconv.Atoi(f)
			if err != nil || k < 1 || k > n {
				ok = false
				break
			}
			out = append(out, k)
		}
		if ok && len(out) <= most {
			return out, true
		}
		s.t.say(fmt.Sprintf("Type up to %d numbers from 1 to %d, with spaces between, or cancel.", most, n))
	}
}

// confirm asks a yes or no question; only yes goes ahead.
func (s *session) confirm(question string) bool {
	answer, err := s.read(question + " Type yes to go ahead: ")
	if err != nil {
		return false
	}
	if !strings.EqualFold(answer, "yes") && !strings.EqualFold(answer, "y") {
		s.t.say(cancelled)
		return false
	}
	return true
}

// pickOther asks for one of all but current (a new stage, a new status):
// the answer, or false when the user gave up.
func pickOther[T ~string](s *session, question string, all []T, current T) (T, bool) {
	opts := make([]string, 0, len(all))
	for _, v := range all {
		if v != current {
			opts = append(opts, string(v))
		}
	}
	v, ok := s.pick(question, opts, "")
	return T(v), ok
}
