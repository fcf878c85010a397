package sshd

import (
	"slices"
	"strings"
	"testing"
)

func TestSplitWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		bad  bool
	}{
		{in: "", want: nil},
		{in: "  board  --json ", want: []string{"board", "--json"}},
		{in: `action done 42 --outcome 'Letters sent, "all" of them'`, want: []string{"action", "done", "42", "--outcome", `Letters sent, "all" of them`}},
		{in: `action done 42 --outcome "it's \"done\" \\ now"`, want: []string{"action", "done", "42", "--outcome", `it's "done" \ now`}},
		{in: `a\ b c`, want: []string{"a b", "c"}},
		{in: `x''y "" z`, want: []string{"xy", "", "z"}},
		{in: "tab\tand\nnewline", want: []string{"tab", "and", "newline"}},
		{in: "'open", want: []string{"'open"}},
		{in: `"open`, want: []string{`"open`}},
		{in: `action done 1 --outcome Spoke to the shop's owner`, want: []string{"action", "done", "1", "--outcome", "Spoke", "to", "the", "shop's", "owner"}},
		{in: `6" pipe 'a b'`, want: []string{`6"`, "pipe", "a b"}},
		{in: "ünïcode 'wörds ✓'", want: []string{"ünïcode", "wörds ✓"}},
	}
	for _, tt := range tests {
		got, err := splitWords(tt.in)
		if (err != nil) != tt.bad || !tt.bad && !slices.Equal(got, tt.want) {
			t.Errorf("splitWords(%q) = %q, %v; want %q (bad %t)", tt.in, got, err, tt.want, tt.bad)
		}
	}
}

// BenchmarkSplitWordsLong shows the split is linear: a command at the cap
// costs about what a tenth of it does, ten times over.
func BenchmarkSplitWordsLong(b *testing.B) {
	cmd := "action done 1 --outcome '" + strings.Repeat("x", MaxCommandBytes-40) + "'"
	b.SetBytes(int64(len(cmd)))
	for b.Loop() {
		if _, err := splitWords(cmd); err != nil {
			b.Fatal(err)
		}
	}
}
