package model

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The capture line is how a facilitator writes down what the room says as
// fast as it is said: one line, a one-letter prefix for its kind, Enter.
//
//	c: Dealing in the Kingfisher stairwell after 9pm #drugs
//	s: Mosque kitchen offers hot meals on Fridays
//	a: Shopkeepers on the Parade
//	p: The towpath under the bridge
//	q: I don't walk through the park after dark #safety
//	i: A Friday football session at the rec
//	r: Youth club -> young people: somewhere to go    (influence)
//	r: Police x young people stop and search          (conflict)
//	r: Council + food bank: funding                    (support)
//	Anything without a prefix is a note.
//
// A relationship's first party is everything before the operator, quotes
// around it taken off; its second party is one word, or words in "quotes",
// or everything up to a colon; what follows is the label. #tags anywhere in a
// line are its themes; tags at the very end are taken off the text.

// ElementKind is what a line of a rich picture records.
type ElementKind string

const (
	ElementConcern      ElementKind = "concern"
	ElementStrength     ElementKind = "strength" // a strength or community asset
	ElementActor        ElementKind = "actor"
	ElementPlace        ElementKind = "place"
	ElementQuote        ElementKind = "quote"
	ElementIdea         ElementKind = "idea"
	ElementRelationship ElementKind = "relationship"
	ElementNote         ElementKind = "note"
)

// ElementKinds lists the kinds in the order a summary shows them.
var ElementKinds = []ElementKind{ElementConcern, ElementStrength, ElementQuote, ElementIdea,
	ElementActor, ElementPlace, ElementRelationship, ElementNote}

// Prefix is the letter a capture line starts with for the kind.
func (k ElementKind) Prefix() string {
	switch k {
	case ElementConcern:
		return "c"
	case ElementStrength:
		return "s"
	case ElementActor:
		return "a"
	case ElementPlace:
		return "p"
	case ElementQuote:
		return "q"
	case ElementIdea:
		return "i"
	case ElementRelationship:
		return "r"
	}
	return "n"
}

func kindOfPrefix(c byte) (ElementKind, bool) {
	switch c | 0x20 { // lower case
	case 'c':
		return ElementConcern, true
	case 's':
		return ElementStrength, true
	case 'a':
		return ElementActor, true
	case 'p':
		return ElementPlace, true
	case 'q':
		return ElementQuote, true
	case 'i':
		return ElementIdea, true
	case 'r':
		return ElementRelationship, true
	case 'n':
		return ElementNote, true
	}
	return "", false
}

// Relation is how the two parties of a relationship stand to each other.
type Relation string

const (
	// RelInfluence: the first party shapes what the second does (A -> B).
	RelInfluence Relation = "influence"
	// RelConflict: the two are at odds (A x B).
	RelConflict Relation = "conflict"
	// RelSupport: the first party helps the second (A + B).
	RelSupport Relation = "support"
)

// Operator is how a capture line writes the relation.
func (r Relation) Operator() string {
	switch r {
	case RelConflict:
		return "x"
	case RelSupport:
		return "+"
	}
	return "->"
}

// relationOps are the operators a line may use, each between spaces.
var relationOps = []struct {
	op  string
	rel Relation
}{
	{"->", RelInfluence}, {"→", RelInfluence},
	{"x", RelConflict}, {"X", RelConflict}, {"×", RelConflict},
	{"+", RelSupport},
}

// Limits on capture lines.
const (
	// MaxCaptureLen bounds a line as typed, in runes.
	MaxCaptureLen = 300
	// MaxThemeLen bounds a #tag; a longer run after # is not a tag.
	MaxThemeLen = 40
	// MaxThemes bounds the themes one line carries.
	MaxThemes = 12
)

// Capture is what one line says: its kind, its text (a relationship's
// label), a relationship's parties, and its themes, lower case, in the
// order they first appear.
type Capture struct {
	Kind     ElementKind `json:"kind"`
	Text     string      `json:"text,omitempty"`
	From     string      `json:"from,omitempty"`
	To       string      `json:"to,omitempty"`
	Relation Relation    `json:"relation,omitempty"`
	Themes   []string    `json:"themes,omitempty"`
}

// ParseCaptureLine reads one typed line. The text is cleaned
// (model.CleanLine, unusual spaces made plain) first; what is refused is
// a *ValidationError saying how to write it.
func ParseCaptureLine(line string) (Capture, error) {
	s := CleanLine(line, maxLineRunes+1)
	if utf8.RuneCountInString(s) > maxLineRunes {
		return Capture{}, tooLong()
	}
	s = strings.TrimSpace(strings.Map(plainSpace, s))
	if s == "" {
		return Capture{}, invalid("line", "type something: c: concern, s: strength, a: actor, p: place, q: quote, i: idea, r: A -> B relationship")
	}
	c := Capture{Kind: ElementNote}
	if len(s) >= 2 && s[1] == ':' {
		if k, ok := kindOfPrefix(s[0]); ok {
			c.Kind, s = k, strings.TrimSpace(s[2:])
		}
	}
	var err error
	if c.Kind == ElementRelationship {
		c, err = parseRelationship(c, s)
	} else {
		c.Text = stripTrailingTags(s)
		if c.Text == "" {
			c.Text = s // a line of nothing but tags keeps them as its text
		}
		if c.Text == "" {
			err = invalid("line", "say what the %s is after %s:", c.Kind, c.Kind.Prefix())
		}
		c.Themes = themesOf(s)
	}
	if err != nil {
		return Capture{}, err
	}
	if utf8.RuneCountInString(c.Text)+utf8.RuneCountInString(c.From)+utf8.RuneCountInString(c.To) > MaxCaptureLen {
		return Capture{}, tooLong()
	}
	return c, nil
}

// maxLineRunes bounds a line before it is read: the words of a capture
// are at most MaxCaptureLen, and its #tags and punctuation add to that.
const maxLineRunes = 4 * MaxCaptureLen

func tooLong() error {
	return invalid("line", "at most %d characters to a line", MaxCaptureLen)
}

func plainSpace(r rune) rune {
	if unicode.IsSpace(r) {
		return ' '
	}
	return r
}

func parseRelationship(c Capture, s string) (Capture, error) {
	at, op := -1, ""
	padded := " " + s + " "
	// A first party in quotes may hold an operator: look after it.
	from := 0
	if strings.HasPrefix(s, `"`) {
		if end := strings.IndexByte(s[1:], '"'); end >= 0 {
			from = end + 2
		}
	}
	for _, o := range relationOps {
		if i := strings.Index(padded[from:], " "+o.op+" "); i >= 0 && (at < 0 || from+i < at) {
			at, op, c.Relation = from+i, o.op, o.rel
		}
	}
	if at < 0 {
		return Capture{}, invalid("line", "write a relationship as r: A -> B label (influence), r: A x B label (conflict) or r: A + B label (support)")
	}
	c.From = unquote(strings.TrimSpace(padded[:at]))
	rest := strings.TrimSpace(padded[at+len(op)+2:])
	if c.From == "" {
		return Capture{}, invalid("line", "say who or what the relationship is from, before %s", op)
	}
	c.To, c.Text = splitParty(rest)
	if c.To == "" {
		return Capture{}, invalid("line", "say who or what is on the other side of %s", op)
	}
	if utf8.RuneCountInString(c.From) > MaxNameLen || utf8.RuneCountInString(c.To) > MaxNameLen {
		return Capture{}, invalid("line", "name each side of a relationship in at most %d characters", MaxNameLen)
	}
	c.Text = stripTrailingTags(c.Text)
	c.Themes = themesOf(s)
	return c, nil
}

// hasRelationOp says whether party holds an operator between spaces, as
// the parser would find it.
func hasRelationOp(party string) bool {
	padded := " " + party + " "
	for _, o := range relationOps {
		if strings.Contains(padded, " "+o.op+" ") {
			return true
		}
	}
	return false
}

// unquote takes the quotes off a party written whole in them, as the
// second party may be: r: "Youth club" -> kids names the Youth club.
func unquote(party string) string {
	if len(party) >= 2 && strings.HasPrefix(party, `"`) && strings.HasSuffix(party, `"`) &&
		!strings.Contains(party[1:len(party)-1], `"`) {
		return strings.TrimSpace(party[1 : len(party)-1])
	}
	return party
}

// splitParty takes the second party off the front of rest: words in
// quotes, or everything up to a colon, or one word.
func splitParty(rest string) (party, label string) {
	if strings.HasPrefix(rest, `"`) {
		if end := strings.IndexByte(rest[1:], '"'); end >= 0 {
			label = strings.TrimSpace(rest[end+2:])
			if l, ok := strings.CutPrefix(label, ":"); ok {
				label = strings.TrimSpace(l)
			}
			return strings.TrimSpace(rest[1 : end+1]), label
		}
	}
	if i := strings.IndexByte(rest, ':'); i >= 0 {
		return strings.TrimSpace(rest[:i]), strings.TrimSpace(rest[i+1:])
	}
	if i := strings.IndexByte(rest, ' '); i >= 0 {
		return rest[:i], strings.TrimSpace(rest[i+1:])
	}
	return rest, ""
}

// Format writes c as a capture line that reads back as c: the line to put
// in the input when a line is edited.
func (c Capture) Format() string {
	var b strings.Builder
	switch c.Kind {
	case ElementRelationship:
		b.WriteString("r: ")
		if hasRelationOp(c.From) {
			// Only a quoted first party can hold an operator: quoted again,
			// it reads back whole.
			b.WriteString(`"` + c.From + `"`)
		} else {
			b.WriteString(c.From)
		}
		b.WriteString(" " + c.Relation.Operator() + " ")
		to := c.To
		switch {
		case strings.ContainsRune(to, ':'):
			to = `"` + to + `"`
			if c.Text != "" {
				to += " " + c.Text
			}
		case strings.ContainsRune(to, ' ') || c.Text != "":
			to += ":"
			if c.Text != "" {
				to += " " + c.Text
			}
		}
		b.WriteString(to)
	case ElementNote:
		if len(c.Text) >= 2 && c.Text[1] == ':' {
			if _, ok := kindOfPrefix(c.Text[0]); ok {
				b.WriteString("n: ")
			}
		}
		b.WriteString(c.Text)
	default:
		b.WriteString(c.Kind.Prefix() + ": " + c.Text)
	}
	for _, t := range c.ExtraThemes() {
		b.WriteString(" #" + t)
	}
	return b.String()
}

// ExtraThemes are the line's themes that its words do not show as #tags
// (they were typed at the end of the line): Format writes them after the
// words, and screens show them there.
func (c Capture) ExtraThemes() []string {
	inline := themesOf(c.From + " " + c.To + " " + c.Text)
	var out []string
	for _, t := range c.Themes {
		if !slices.Contains(inline, t) {
			out = append(out, t)
		}
	}
	return out
}

// stripTrailingTags takes the run of #tags off the end of s.
func stripTrailingTags(s string) string {
	s = strings.TrimRight(s, " ")
	for s != "" {
		i := strings.LastIndexByte(s, ' ')
		if !isTagToken(s[i+1:]) {
			break
		}
		s = strings.TrimRight(s[:i+1], " ")
	}
	return s
}

// isTagToken reports whether tok is one #tag and nothing else.
func isTagToken(tok string) bool {
	body, ok := strings.CutPrefix(tok, "#")
	return ok && tagLen(body) == len(body) && len(body) > 0
}

// tagLen is the byte length of the tag body at the start of s: a letter,
// then letters, marks, digits, - and _; 0 if there is none, or if it
// runs past MaxThemeLen.
func tagLen(s string) int {
	n, runes := 0, 0
	for i, r := range s {
		if i == 0 && !unicode.IsLetter(r) {
			return 0
		}
		if !isTagRune(r) {
			break
		}
		n += utf8.RuneLen(r)
		runes++
	}
	if runes > MaxThemeLen {
		return 0
	}
	return n
}

func isTagRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || r == '-' || r == '_'
}

// themesOf finds the #tags in s: a # at the start or after anything but a
// tag character, then a tag body. Lower case, first appearance first, at
// most MaxThemes.
func themesOf(s string) []string {
	var out []string
	prev := ' '
	for i, r := range s {
		if r == '#' && !isTagRune(prev) && prev != '#' {
			if n := tagLen(s[i+1:]); n > 0 {
				t := strings.ToLower(s[i+1 : i+1+n])
				if utf8.RuneCountInString(t) <= MaxThemeLen && tagLen(t) == len(t) && !slices.Contains(out, t) {
					out = append(out, t)
					if len(out) == MaxThemes {
						break
					}
				}
			}
		}
		prev = r
	}
	return out
}

// ParseTheme reads a theme as typed to search for it ("#Safety" or "safety").
func ParseTheme(s string) (string, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	t := strings.ToLower(s)
	return t, t != "" && tagLen(t) == len(t)
}
