package richpicture

import (
	"strings"

	"wardpanel/model"
)

// This mirrors tui/minutes/escape.go. User text goes into the picture
// cleaned again (model.CleanLine and CleanText: nothing in it can drive a
// terminal) and escaped just enough that it stays the text it was: it can
// make no heading, list, quote, table cell, code block, link or HTML of
// its own. The rest of Markdown (a word in *stars*) is left alone so the
// picture reads as typed.

// inline is one line of user text for use inside a line we write.
func inline(s string) string {
	return escapeInline(model.CleanLine(s, model.MaxTextLen))
}

// heading is inline text for a heading, where a trailing # would be eaten.
func heading(s string) string {
	return strings.ReplaceAll(inline(s), "#", `\#`)
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

// escapeLineStart escapes what would open a block of its own at the
// start of a line: # heading, > quote, - or + list, 1. list, === or ---
// underline, ~~~ fence.
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

// item is inline text that starts a list item or a table cell's line: a
// concern written "#parking" or "> not this" must not become a heading or
// a quote inside the item.
func item(s string) string {
	s = inline(s)
	if s == "" {
		return s
	}
	return escapeLineStart(s)
}
