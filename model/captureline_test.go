package model

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseCaptureLine(t *testing.T) {
	tests := []struct {
		name string
		line string
		want Capture
	}{
		// Every prefix.
		{"concern", "c: Dealing in the stairwell after 9pm", Capture{Kind: ElementConcern, Text: "Dealing in the stairwell after 9pm"}},
		{"strength", "s: Mosque kitchen offers hot meals", Capture{Kind: ElementStrength, Text: "Mosque kitchen offers hot meals"}},
		{"actor", "a: Shopkeepers on the Parade", Capture{Kind: ElementActor, Text: "Shopkeepers on the Parade"}},
		{"place", "p: The towpath under the bridge", Capture{Kind: ElementPlace, Text: "The towpath under the bridge"}},
		{"quote", `q: "I don't walk through the park after dark"`, Capture{Kind: ElementQuote, Text: `"I don't walk through the park after dark"`}},
		{"idea", "i: Friday football at the rec", Capture{Kind: ElementIdea, Text: "Friday football at the rec"}},
		{"explicit note", "n: Break for tea at 7", Capture{Kind: ElementNote, Text: "Break for tea at 7"}},
		{"no prefix is a note", "Break for tea at 7", Capture{Kind: ElementNote, Text: "Break for tea at 7"}},
		{"upper-case prefix", "C: Litter", Capture{Kind: ElementConcern, Text: "Litter"}},
		{"no space after the colon", "c:Litter", Capture{Kind: ElementConcern, Text: "Litter"}},
		{"spaces around", "   c:   Litter   ", Capture{Kind: ElementConcern, Text: "Litter"}},
		{"unknown letter is a note", "x: marks the spot", Capture{Kind: ElementNote, Text: "x: marks the spot"}},
		{"a word ending in a colon is a note", "Note: ask the council", Capture{Kind: ElementNote, Text: "Note: ask the council"}},

		// Relationships.
		{"influence", "r: Youth club -> young people: somewhere to go",
			Capture{Kind: ElementRelationship, From: "Youth club", To: "young people", Relation: RelInfluence, Text: "somewhere to go"}},
		{"a quoted first party", `r: "Youth club" -> "young people": somewhere to go`,
			Capture{Kind: ElementRelationship, From: "Youth club", To: "young people", Relation: RelInfluence, Text: "somewhere to go"}},
		{"a quoted first party holding an operator", `r: "Police x Council" -> youth: talks`,
			Capture{Kind: ElementRelationship, From: "Police x Council", To: "youth", Relation: RelInfluence, Text: "talks"}},
		{"unicode arrow", "r: Youth club → kids",
			Capture{Kind: ElementRelationship, From: "Youth club", To: "kids", Relation: RelInfluence}},
		{"conflict", "r: Police x young people stop and search",
			Capture{Kind: ElementRelationship, From: "Police", To: "young", Relation: RelConflict, Text: "people stop and search"}},
		{"conflict with a colon", "r: Police x young people: stop and search",
			Capture{Kind: ElementRelationship, From: "Police", To: "young people", Relation: RelConflict, Text: "stop and search"}},
		{"conflict in quotes", `r: Police X "young people" stop and search`,
			Capture{Kind: ElementRelationship, From: "Police", To: "young people", Relation: RelConflict, Text: "stop and search"}},
		{"conflict ×", "r: Landlord × tenants",
			Capture{Kind: ElementRelationship, From: "Landlord", To: "tenants", Relation: RelConflict}},
		{"support", "r: Council + food bank: funding",
			Capture{Kind: ElementRelationship, From: "Council", To: "food bank", Relation: RelSupport, Text: "funding"}},
		{"first operator wins", "r: Police x youth: stop -> search",
			Capture{Kind: ElementRelationship, From: "Police", To: "youth", Relation: RelConflict, Text: "stop -> search"}},
		{"x inside a word is not an operator", "r: Boxing club -> teenagers",
			Capture{Kind: ElementRelationship, From: "Boxing club", To: "teenagers", Relation: RelInfluence}},
		{"party with a colon in quotes", `r: a -> "Flat 3: top floor" noise`,
			Capture{Kind: ElementRelationship, From: "a", To: "Flat 3: top floor", Relation: RelInfluence, Text: "noise"}},
		{"unclosed quote", `r: a -> "b c`,
			Capture{Kind: ElementRelationship, From: "a", To: `"b`, Relation: RelInfluence, Text: "c"}},

		// Arrows inside text that is not a relationship.
		{"arrow in a concern", "c: traffic -> school run chaos", Capture{Kind: ElementConcern, Text: "traffic -> school run chaos"}},
		{"arrow in a note", "council -> police, then housing", Capture{Kind: ElementNote, Text: "council -> police, then housing"}},
		{"x in an idea", "i: 5 x 5 football", Capture{Kind: ElementIdea, Text: "5 x 5 football"}},

		// Themes.
		{"trailing tags come off the text", "c: No lighting on the towpath #safety #Lighting",
			Capture{Kind: ElementConcern, Text: "No lighting on the towpath", Themes: []string{"safety", "lighting"}}},
		{"a tag inside stays in the text", "c: Dealing on the #stairs after 9pm",
			Capture{Kind: ElementConcern, Text: "Dealing on the #stairs after 9pm", Themes: []string{"stairs"}}},
		{"tags anywhere, deduplicated", "#youth c: not a prefix #YOUTH #parks",
			Capture{Kind: ElementNote, Text: "#youth c: not a prefix", Themes: []string{"youth", "parks"}}},
		{"tag in punctuation", "q: it's (#safety) first",
			Capture{Kind: ElementQuote, Text: "it's (#safety) first", Themes: []string{"safety"}}},
		{"numbers are not tags", "c: Flat #12 and flat#3",
			Capture{Kind: ElementConcern, Text: "Flat #12 and flat#3"}},
		{"tags on a relationship", "r: Police x #youth: stop and search #trust",
			Capture{Kind: ElementRelationship, From: "Police", To: "#youth", Relation: RelConflict, Text: "stop and search", Themes: []string{"youth", "trust"}}},
		{"a relationship's label can be only tags", "r: Police x youth #trust",
			Capture{Kind: ElementRelationship, From: "Police", To: "youth", Relation: RelConflict, Themes: []string{"trust"}}},

		// Only a tag.
		{"only a tag", "#parking", Capture{Kind: ElementNote, Text: "#parking", Themes: []string{"parking"}}},
		{"a prefix and only tags", "c: #parking #safety", Capture{Kind: ElementConcern, Text: "#parking #safety", Themes: []string{"parking", "safety"}}},

		// Unicode.
		{"unicode text and tags", "c: Éclairage cassé près de l'école #sécurité",
			Capture{Kind: ElementConcern, Text: "Éclairage cassé près de l'école", Themes: []string{"sécurité"}}},
		{"non-Latin tags", "q: 晚上不安全 #安全", Capture{Kind: ElementQuote, Text: "晚上不安全", Themes: []string{"安全"}}},
		{"emoji", "s: Community garden 🌻", Capture{Kind: ElementStrength, Text: "Community garden 🌻"}},
		{"unusual spaces become plain", "c:\u00a0Litter\u3000bins", Capture{Kind: ElementConcern, Text: "Litter bins"}},
		{"controls and escapes are cleaned", "c: bad\x1b[31m red\x07 text\u202e", Capture{Kind: ElementConcern, Text: "bad red text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCaptureLine(tt.line)
			if err != nil {
				t.Fatalf("ParseCaptureLine(%q): %v", tt.line, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("ParseCaptureLine(%q)\n got %#v\nwant %#v", tt.line, got, tt.want)
			}
			back, err := ParseCaptureLine(got.Format())
			if err != nil || !reflect.DeepEqual(back, got) {
				t.Fatalf("Format %q read back as %#v, %v", got.Format(), back, err)
			}
		})
	}
}

func TestParseCaptureLineRefuses(t *testing.T) {
	tests := []struct{ name, line, says string }{
		{"empty", "", "type something"},
		{"only spaces", "   \t ", "type something"},
		{"only controls", "\x1b[2J\x07", "type something"},
		{"a prefix and nothing", "c:", "say what the concern is"},
		{"a prefix and spaces", "q:    ", "say what the quote is"},
		{"relationship without an operator", "r: police and youth", "write a relationship as"},
		{"relationship with nothing before", "r: -> youth", "before ->"},
		{"relationship with nothing after", "r: police x", "other side"},
		{"relationship with empty quotes", `r: police x "  " label`, "other side"},
		{"too long", "c: " + strings.Repeat("word ", 70), "at most 300"},
		{"a party too long", "r: " + strings.Repeat("a", 81) + " -> b", "at most 80"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCaptureLine(tt.line)
			var ve *ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.says) {
				t.Fatalf("ParseCaptureLine(%q) = %v, want a validation error saying %q", tt.line, err, tt.says)
			}
		})
	}
}

func TestFormatWritesCanonicalLines(t *testing.T) {
	tests := []struct{ line, want string }{
		{"C:Litter #Bins", "c: Litter #bins"},
		{"r: Youth club → kids", "r: Youth club -> kids"},
		{"r: Police X young people: stop and search", "r: Police x young people: stop and search"},
		{"r: a + b c", "r: a + b: c"},
		{"r: a -> \"young people\"", "r: a -> young people:"},
		{"r: a -> \"3: top\"", `r: a -> "3: top"`},
		{"n: c: not a concern", "n: c: not a concern"},
		{"a plain note", "a plain note"},
	}
	for _, tt := range tests {
		c, err := ParseCaptureLine(tt.line)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Format(); got != tt.want {
			t.Errorf("Format(Parse(%q)) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

func TestThemeLimits(t *testing.T) {
	long := "#" + strings.Repeat("a", MaxThemeLen+1)
	c, err := ParseCaptureLine("c: litter " + long)
	if err != nil || len(c.Themes) != 0 || c.Text != "litter "+long {
		t.Fatalf("a tag past %d runes: %#v, %v", MaxThemeLen, c, err)
	}
	var tags []string
	for i := range MaxThemes + 3 {
		tags = append(tags, "#t"+string(rune('a'+i)))
	}
	c, err = ParseCaptureLine("c: litter " + strings.Join(tags, " "))
	if err != nil || len(c.Themes) != MaxThemes || c.Text != "litter" {
		t.Fatalf("%d tags: %#v, %v", len(tags), c, err)
	}
}

// FuzzCaptureLine: no line makes the parser panic; what it accepts is
// clean, within its limits, and reads back the same from Format.
func FuzzCaptureLine(f *testing.F) {
	for _, s := range []string{
		"", "c: litter", "r: a -> b c", "r: a x \"b c\" d", "r: a + b: c #t", "#a #b", "c: #a", "n: c: x",
		"q: 晚上不安全 #安全", "r: \"a -> b\" x c", "r: a -> \"b: c", "c: x #İ", "r:  x  -> b", "\x1b[31mc: red",
		"r: a -> b\"c: d", "s: #a-b_c #12", "p:\u00a0place", "r: a → b ×", strings.Repeat("#a ", 200),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		c, err := ParseCaptureLine(line)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParseCaptureLine(%q): an error that is not ErrInvalid: %v", line, err)
			}
			return
		}
		for _, s := range append([]string{c.Text, c.From, c.To}, c.Themes...) {
			if s != CleanLine(s, 0) || !utf8.ValidString(s) {
				t.Fatalf("ParseCaptureLine(%q): unclean field %q", line, s)
			}
		}
		if c.Text == "" && c.Kind != ElementRelationship || c.Kind == ElementRelationship && (c.From == "" || c.To == "" || c.Relation == "") {
			t.Fatalf("ParseCaptureLine(%q) accepted an empty line: %#v", line, c)
		}
		if len(c.Themes) > MaxThemes {
			t.Fatalf("ParseCaptureLine(%q): %d themes", line, len(c.Themes))
		}
		back, err := ParseCaptureLine(c.Format())
		if err != nil {
			t.Fatalf("Format(ParseCaptureLine(%q)) = %q, which is refused: %v", line, c.Format(), err)
		}
		if !reflect.DeepEqual(back, c) {
			t.Fatalf("ParseCaptureLine(%q) = %#v\nFormat = %q reads back as %#v", line, c, c.Format(), back)
		}
	})
}
