package sshd

import (
	"bytes"
	"errors"
	"strings"

	"charm.land/ssh"
)

// MaxCommandBytes bounds a command sent without a terminal. The longest
// thing a command carries is an outcome's text (model.MaxTextLen runes, up
// to four bytes each), quoted.
const MaxCommandBytes = 40 << 10

var errCommandTooLong = errors.New("the command is too long")

// commandArgs is the session's command split into words. It is used
// instead of ssh.Session.Command, whose splitter takes time quadratic in the
// command's length, and any key may send one before it is known to be
// enrolled. (Not cached in the context: that is the connection's, shared by
// its sessions.)
func commandArgs(sess ssh.Session) ([]string, error) {
	raw := sess.RawCommand()
	if len(raw) > MaxCommandBytes {
		return nil, errCommandTooLong
	}
	return splitWords(raw)
}

// splitWords splits a command line as a POSIX shell would split plain
// words: blanks separate words; single quotes keep everything up to the
// next; double quotes keep everything but let a backslash escape ", \, $
// and `; elsewhere a backslash keeps the next character. A quote that is
// never closed is a character like any other: OpenSSH sends what the user
// typed unquoted, and `--outcome "Spoke to the shop's owner"` arrives as
// `--outcome Spoke to the shop's owner`. One pass, give or take a quote.
func splitWords(s string) ([]string, error) {
	var out []string
	var w bytes.Buffer
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				out = append(out, w.String())
				w.Reset()
				inWord = false
			}
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				w.WriteByte(c)
				inWord = true
				continue
			}
			w.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			start, kept := i, w.Len()
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0 {
					i++
				}
				w.WriteByte(s[i])
			}
			if i >= len(s) { // never closed: a character, and the rest read again
				w.Truncate(kept)
				w.WriteByte(c)
				i = start
			}
			inWord = true
		case c == '\\' && i+1 < len(s):
			i++
			w.WriteByte(s[i])
			inWord = true
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		out = append(out, w.String())
	}
	return out, nil
}
