package model

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on user text, in runes. They keep one record from filling a screen
// or the database, and bound the work every render does.
const (
	MaxNameLen  = 80
	MaxTitleLen = 120
	MaxLineLen  = 200
	MaxTextLen  = 8000
	tabWidth    = 4
)

// CleanLine makes one line of user text inert for any terminal: see
// CleanText. Newlines become spaces.
func CleanLine(s string, maxRunes int) string {
	return strings.TrimSpace(clean(s, false, maxRunes))
}

// cleanLines is a copy of ss with each line cleaned by CleanLine, for a
// record's Safe copy: the stored slice is shared, so it is never cleaned
// in place. nil stays nil.
func cleanLines(ss []string, maxRunes int) []string {
	out := slices.Clone(ss)
	for i := range out {
		out[i] = CleanLine(out[i], maxRunes)
	}
	return out
}

// CleanText makes multi-line user text inert for any terminal: invalid UTF-8
// is repaired, escape sequences (CSI, OSC, DCS, APC, PM, SOS) and other C0
// and C1 controls are removed, bidi overrides and isolates and zero-width
// characters are dropped, tabs are expanded, and the result is capped at
// maxRunes. Newlines are kept (CR LF and lone CR become LF).
func CleanText(s string, maxRunes int) string {
	return strings.TrimRight(clean(s, true, maxRunes), " \n")
}

// isPlain reports whether s is printable ASCII (plus newlines when multiline),
// which needs no cleaning: renders of clean data then skip the copy.
func isPlain(s string, multiline bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f || c >= 0x80 {
			if c == '\n' && multiline {
				continue
			}
			return false
		}
	}
	return true
}

func clean(s string, multiline bool, maxRunes int) string {
	if isPlain(s, multiline) {
		return capRunes(s, maxRunes)
	}
	var b strings.Builder
	b.Grow(len(s))
	n := 0
	for i := 0; i < len(s) && (maxRunes <= 0 || n < maxRunes); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			r = unicode.ReplacementChar
		case r == 0x1b: // ESC: drop the whole sequence it introduces
			i += escapeLen(s[i:])
			continue
		case r == 0x9b: // C1 CSI
			i += size + csiBodyLen(s[i+size:])
			continue
		case r == 0x90 || r == 0x9d || r == 0x98 || r == 0x9e || r == 0x9f: // C1 DCS, OSC, SOS, PM, APC
			i += size + stringBodyLen(s[i+size:])
			continue
		case r == '\r':
			if multiline {
				if i+1 < len(s) && s[i+1] == '\n' {
					i++
					continue
				}
				r = '\n'
			} else {
				r = ' '
			}
		case r == '\n':
			if !multiline {
				r = ' '
			}
		case r == '\t':
			pad := tabWidth - lineCol(b.String())%tabWidth
			for k := 0; k < pad && (maxRunes <= 0 || n < maxRunes); k++ {
				b.WriteByte(' ')
				n++
			}
			i += size
			continue
		case isUnsafeRune(r):
			i += size
			continue
		}
		b.WriteRune(r)
		n++
		i += size
	}
	return b.String()
}

func capRunes(s string, maxRunes int) string {
	if maxRunes <= 0 || len(s) <= maxRunes {
		return s
	}
	n := 0
	for i := range s {
		if n == maxRunes {
			return s[:i]
		}
		n++
	}
	return s
}

func lineCol(s string) int {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return utf8.RuneCountInString(s)
}

// isUnsafeRune covers controls that are not newline or tab, and the
// invisible characters that can make text read differently from what it is.
func isUnsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidi embeddings, overrides, isolates
		return true
	case r == 0x200e || r == 0x200f || r == 0x061c: // directional marks
		return true
	case r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff, r == 0x180e: // zero-width
		return true
	case r >= 0xfff9 && r <= 0xfffb: // interlinear annotation
		return true
	}
	return false
}

// escapeLen is the byte length of the escape sequence at the start of s
// (which begins with ESC), so the whole sequence can be skipped.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		return 2 + csiBodyLen(s[2:])
	case ']', 'P', 'X', '^', '_':
		return 2 + stringBodyLen(s[2:])
	}
	// Two- or three-byte sequences: ESC, any intermediates (0x20–0x2f), a final byte.
	i := 1
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) {
		i++
	}
	return i
}

// csiBodyLen skips parameters and intermediates up to and including the final byte.
func csiBodyLen(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x40 && s[i] <= 0x7e {
			return i + 1
		}
		if s[i] < 0x20 && s[i] != 0x1b {
			return i // a stray control ends a malformed sequence; let it be handled alone
		}
	}
	return len(s)
}

// stringBodyLen skips a control string (OSC, DCS, …) up to its terminator:
// BEL, ST (ESC \) or C1 ST.
func stringBodyLen(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0x07:
			return i + 1
		case 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		case 0xc2:
			if i+1 < len(s) && s[i+1] == 0x9c {
				return i + 2
			}
		}
	}
	return len(s)
}
