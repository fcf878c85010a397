package model

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanLineMakesTextInert(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Drug dealing in stairwell", "Drug dealing in stairwell"},
		{"trims", "  padded  ", "padded"},
		{"clipboard write (OSC 52, BEL)", "a\x1b]52;c;ZXZpbA==\x07b", "ab"},
		{"title set (OSC 0, ST)", "a\x1b]0;pwned\x1b\\b", "ab"},
		{"hyperlink (OSC 8)", "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"screen clear (CSI)", "a\x1b[2J\x1b[Hb", "ab"},
		{"colour (SGR)", "\x1b[31mred\x1b[0m", "red"},
		{"C1 CSI", "a\u009b2Jb", "ab"},
		{"C1 OSC to C1 ST", "a\u009d0;x\u009cb", "ab"},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"APC", "a\x1b_Gf=100;AAAA\x1b\\b", "ab"},
		{"two-byte escape", "a\x1bcb", "ab"},
		{"unterminated OSC eats the rest", "ok\x1b]52;c;AAAA", "ok"},
		{"bell and backspace", "a\x07\x08b", "ab"},
		{"newline becomes space", "one\ntwo\r\nthree", "one two  three"},
		{"tab expands", "a\tb", "a   b"},
		{"bidi override", "abc\u202edcba", "abcdcba"},
		{"bidi isolate", "x\u2067y\u2069z", "xyz"},
		{"zero-width", "a\u200bb\ufeffc\u200dd", "abcd"},
		{"invalid utf-8 repaired", "a\xffb", "a\ufffdb"},
		{"unicode kept", "Café — 東京 👍", "Café — 東京 👍"},
		{"DEL removed", "a\x7fb", "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanLine(tt.in, 0); got != tt.want {
				t.Errorf("CleanLine(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanTextKeepsLinesAndCaps(t *testing.T) {
	if got, want := CleanText("one\r\ntwo\rthree\n\x1b[2Jfour", 0), "one\ntwo\nthree\nfour"; got != want {
		t.Errorf("CleanText = %q, want %q", got, want)
	}
	if got := CleanLine(strings.Repeat("é", 50), 10); utf8.RuneCountInString(got) != 10 {
		t.Errorf("cap: got %d runes, want 10", utf8.RuneCountInString(got))
	}
	if got := CleanLine("ab\tcd", 3); got != "ab" {
		t.Errorf("a tab's padding counts against the cap: got %q", got)
	}
}

// FuzzCleanText checks what every screen relies on: no control characters
// survive (but newline in multi-line text), the result is valid UTF-8 within
// the cap, and cleaning is idempotent.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b]52;c;AAAA\x07", "\x1b[2J", "a\u202eb", "\xff\xfe", "\u009b31m", "tab\there"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, multi := range []bool{false, true} {
			var out string
			if multi {
				out = CleanText(s, 500)
			} else {
				out = CleanLine(s, 500)
			}
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 from %q: %q", s, out)
			}
			if n := utf8.RuneCountInString(out); n > 500 {
				t.Fatalf("%d runes over the cap", n)
			}
			for _, r := range out {
				if r == '\n' && multi {
					continue
				}
				if isUnsafeRune(r) || r == '\t' {
					t.Fatalf("unsafe rune %U survived cleaning %q: %q", r, s, out)
				}
			}
			again := out
			if multi {
				again = CleanText(out, 500)
			} else {
				again = CleanLine(out, 500)
			}
			if again != out {
				t.Fatalf("not idempotent: %q -> %q -> %q", s, out, again)
			}
		}
	})
}

// cleanLines cleans a copy: the caller's slice (the stored record's) is
// untouched, and nil and empty stay as they were.
func TestCleanLinesCleansACopy(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		max  int
		want []string
	}{
		{"nil stays nil", nil, 10, nil},
		{"empty stays empty", []string{}, 10, []string{}},
		{"escapes dropped and trimmed", []string{" bins\x1b[31m ", "parking"}, 10, []string{"bins", "parking"}},
		{"each line capped", []string{"abcdefghijkl", "ab\ncd"}, 5, []string{"abcde", "ab cd"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(tt.in)
			got := cleanLines(tt.in, tt.max)
			if !slices.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
				t.Errorf("cleanLines(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if !slices.Equal(tt.in, before) {
				t.Errorf("the input was changed to %q", tt.in)
			}
		})
	}
}
