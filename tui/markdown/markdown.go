// Package markdown makes user text safe to put into Markdown that wardpanel
// writes (meeting minutes, rich pictures).
package markdown

import (
	"strings"

	"wardpanel/model"
)

// User text goes into Markdown cleaned again (model.CleanLine and
// CleanText: nothing in it can drive a terminal) and escaped just enough
// that it stays the text it was: it can make no heading, list, quote,
// table cell, code block, link or HTML of its own. The rest of Markdown
// (a word in *stars*) is left alone so the text reads as typed.

// Inline is one line of user text for use inside a line we write.
func Inline(s string) string {
	return escapeInline(model.CleanLine(s, model.MaxTextLen))
}

// Heading is inline text for a heading, where a trailing # would be eaten.
func Heading(s string) string {
	return strings.ReplaceAll(Inline(s), "#", `\#`)
}

func escapeInline(s string) string {
	if !strings.ContainsAny(s, "\\`*_[<|&") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i, c := range s {
		switch c {
		case '\\', '`', '*', '_', '[', '<', '|':
			b.WriteByte('\\')
		case '&':
			// Only what could start an entity (&amp; &#27;): "police & council" stays as it is.
			if next := s[i+1:]; next != "" && (next[0] == '#' || isAlnum(next[0])) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(c)
	}
	return b.String()
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// Block is multi-line user text as Markdown lines, each prefixed with
// indent (continuation lines of a list item): leading spaces are dropped
// so no line becomes code, runs of blank lines become one, and a line that
// would open a block of its own (# heading, > quote, - list, 1. list,
// === or --- underline, ~~~ fence) has that character escaped.
func Block(s, indent string) []string {
	var out []string
	for _, l := range strings.Split(model.CleanText(s, model.MaxTextLen), "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			if len(out) > 0 && out[len(out)-1] != "" {
				out = append(out, "")
			}
			continue
		}
		out = append(out, indent+escapeLineStart(escapeInline(l)))
	}
	if len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

func escapeLineStart(l string) string {
	switch l[0] {
	case '#', '>', '-', '+', '=', '~':
		return `\` + l
	}
	// An ordered list: digits then "." or ")".
	i := 0
	for i < len(l) && i < 10 && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	if i > 0 && i < len(l) && (l[i] == '.' || l[i] == ')') {
		return l[:i] + `\` + l[i:]
	}
	return l
}

// Item is inline text that starts a list item or a table cell's line: a
// concern written "#parking" or "> not this" must not become a heading or
// a quote inside the item.
func Item(s string) string {
	s = Inline(s)
	if s == "" {
		return s
	}
	return escapeLineStart(s)
}
