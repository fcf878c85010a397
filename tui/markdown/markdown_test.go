package markdown

import (
	"strings"
	"testing"
)

func TestEscaping(t *testing.T) {
	tests := []struct {
		name, in string
		block    bool
		want     string
	}{
		{"plain text is left alone", "Fly-tipping on Mill Lane (6–10pm)", false, "Fly-tipping on Mill Lane (6–10pm)"},
		{"a table cell", "a | b", false, `a \| b`},
		{"html", "<script>x</script>", false, `\<script>x\</script>`},
		{"a link", "[click](http://x)", false, `\[click](http://x)`},
		{"emphasis and code", "*a* _b_ `c`", false, "\\*a\\* \\_b\\_ \\`c\\`"},
		{"an entity", "&#27; &amp; police & council", false, `\&#27; \&amp; police & council`},
		{"a backslash", `a\b`, false, `a\\b`},
		{"a heading line", "# Big", true, `\# Big`},
		{"a quote", "> said", true, `\> said`},
		{"a list", "- one\n+ two\n12. three\n4) four", true, "\\- one\n\\+ two\n12\\. three\n4\\) four"},
		{"an underline", "Title\n===\n---", true, "Title\n\\===\n\\---"},
		{"a fence", "~~~\n```", true, "\\~~~\n\\`\\`\\`"},
		{"indented code", "    code", true, "code"},
		{"blank lines collapse", "a\n\n\n\nb\n\n", true, "a\n\nb"},
		{"a number mid-line", "up 4. Then", true, "up 4. Then"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Inline(tt.in)
			if tt.block {
				got = strings.Join(Block(tt.in, ""), "\n")
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestItemEscapesWhatWouldOpenABlock(t *testing.T) {
	for in, want := range map[string]string{
		"#parking": `\#parking`, "> said": `\> said`, "- one": `\- one`, "+ two": `\+ two`, "3. three": `3\. three`,
		"=== x": `\=== x`, "~~~": `\~~~`, "plain words": "plain words", "a | b": `a \| b`, "": "",
	} {
		if got := Item(in); got != want {
			t.Errorf("Item(%q) = %q, want %q", in, got, want)
		}
	}
}
