package sshd

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestPasteCap(t *testing.T) {
	paste := func(body string) string { return "\x1b[200~" + body + "\x1b[201~" }
	tests := []struct {
		name, in, want string
	}{
		{"keys pass", "abc\x1b[A", "abc\x1b[A"},
		{"a short paste passes", "x" + paste("hello") + "y", "x" + paste("hello") + "y"},
		{"a long paste is cut, its end kept", paste("0123456789abc") + "after", paste("01234567") + "after"},
		{"two pastes each get the allowance", paste("0123456789") + paste("abcdefghij"), paste("01234567") + paste("abcdefgh")},
		{"an escape inside a cut paste is dropped", paste("01234567\x1b[2J\x1b]52;c;eA==\x07") + "k", paste("01234567") + "k"},
		{"a near-marker inside stays text", paste("\x1b[20x"), paste("\x1b[20x")},
		{"an unfinished paste is cut and waits", paste("0123456789")[:20], "\x1b[200~01234567"},
	}
	for _, tt := range tests {
		for _, chunk := range []bool{false, true} {
			var r io.Reader = strings.NewReader(tt.in)
			if chunk {
				r = iotest.OneByteReader(r) // markers split across reads
			}
			got, err := io.ReadAll(newPasteCap(r, 8))
			if err != nil || string(got) != tt.want {
				t.Errorf("%s (one byte at a time %t): got %q, %v; want %q", tt.name, chunk, got, err, tt.want)
			}
		}
	}
}

// BenchmarkPasteCap is the filter's cost per byte of a 10 MB paste.
func BenchmarkPasteCap(b *testing.B) {
	in := append(append([]byte("\x1b[200~"), bytes.Repeat([]byte("abc\x1b[2J\xff"), 10<<20/8)...), "\x1b[201~"...)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := io.Copy(io.Discard, newPasteCap(bytes.NewReader(in), MaxPasteBytes)); err != nil {
			b.Fatal(err)
		}
	}
}
