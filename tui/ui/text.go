package ui

import (
	"slices"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
)

// Text a screen draws. Every string a user typed goes through one of the
// Safe functions on its way to the screen, even though the store cleans on
// write: a record that reached the file some other way (an import, an older
// version, a restored backup) must still never drive anyone's terminal.
// Clean data takes model's fast path.

// Ellipsis marks a cut.
const Ellipsis = "…"

// Shared column widths, in cells.
const (
	// ColMarker is a list row's cursor marker ("> ").
	ColMarker = 2
	// LabelWidth is the label column of a record shown field by field.
	LabelWidth = 13
)

// SafeLine is user text for one line, at most maxRunes long.
func SafeLine(s string, maxRunes int) string { return model.CleanLine(s, maxRunes) }

// SafeText is user text that may run to several lines.
func SafeText(s string) string { return model.CleanText(s, model.MaxTextLen) }

// SafeName is a person's, ward's or agency's name.
func SafeName(s string) string { return model.CleanLine(s, model.MaxNameLen) }

// OrDash is s, or a dash for nothing.
func OrDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// CleanInput strips what the text fields' own sanitizer lets through (bidi
// overrides, zero-width characters, the rest of an escape sequence after
// its ESC) from typed or pasted text before a field sees it. The sentinel
// keeps CleanText from trimming a typed space.
func CleanInput(msg tea.Msg) tea.Msg {
	clean := func(s string) string {
		return strings.TrimSuffix(model.CleanText(s+"x", 0), "x")
	}
	switch m := msg.(type) {
	case tea.PasteMsg:
		m.Content = clean(m.Content)
		return m
	case tea.KeyPressMsg:
		if m.Text != "" {
			m.Text = clean(m.Text)
		}
		return m
	}
	return msg
}

// TextWidth is the width of one line in cells, as lipgloss.Width measures
// it. Every visible cell is measured on every frame of every session, so
// the common case (ASCII, the app's own one-cell symbols, SGR styling) is
// counted directly; anything else goes to the full grapheme measure.
func TextWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f:
			n++
			i++
		case c == 0x1b && i+1 < len(s) && s[i+1] == '[':
			j := i + 2
			for j < len(s) && s[j] >= 0x20 && s[j] <= 0x3f {
				j++
			}
			if j >= len(s) || s[j] < 0x40 || s[j] > 0x7e {
				return ansi.StringWidth(s)
			}
			i = j + 1
		case c >= 0x80:
			r, size := utf8.DecodeRuneInString(s[i:])
			// A combining mark or joiner after it is not OneCell either, so
			// it too sends the line to the full measure.
			if !OneCell(r) {
				return ansi.StringWidth(s)
			}
			n++
			i += size
		default:
			return ansi.StringWidth(s)
		}
	}
	return n
}

// OneCell covers Latin letters below the combining marks and the symbols
// the app draws; all are one cell wide and start their own grapheme.
func OneCell(r rune) bool {
	switch {
	case r >= 0xa0 && r < 0x300 && r != 0xad: // a soft hyphen takes no cell
		return true
	case r >= '▁' && r <= '█': // the crime picture's bars
		return true
	}
	switch r {
	case '…', '—', '–', '•', '←', '→', '↑', '↓', '┃', '│', '─', '‹', '›', '●', '★', '▶', '⏱', '✓', '✕', '“', '”':
		return true
	}
	return false
}

// Trunc shortens s (which may be styled) to at most w cells, marking the cut.
func Trunc(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if TextWidth(s) <= w {
		return s
	}
	return cut(s, w)
}

// cut truncates a line known to be wider than w, with an ellipsis.
func cut(s string, w int) string {
	if isPrintableASCII(s) {
		return s[:w-1] + Ellipsis
	}
	return ansi.Truncate(s, w, Ellipsis)
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// Fit makes s exactly w cells wide, so columns line up and a row never wraps.
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := TextWidth(s)
	if sw > w {
		// A wide character that would straddle the edge is dropped whole,
		// which can leave the cut one cell short.
		s = cut(s, w)
		sw = TextWidth(s)
	}
	if sw < w {
		return s + strings.Repeat(" ", w-sw)
	}
	return s
}

// Wrap breaks plain text into lines of at most w cells, breaking long words
// too, so nothing a user typed can push past the right edge.
func Wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	return strings.Split(ansi.Wrap(s, w, ""), "\n")
}

// Block lays lines out as exactly h lines no wider than w: screens hand
// the router a body that fits the space they were given, whatever their state.
func Block(lines []string, w, h int) string {
	if h <= 0 {
		return ""
	}
	out := make([]string, h)
	for i := range out {
		if i < len(lines) {
			out[i] = Trunc(lines[i], w)
		}
	}
	return strings.Join(out, "\n")
}

// Clamp keeps v within [lo, hi]; hi below lo yields lo.
func Clamp(v, lo, hi int) int {
	if v > hi {
		v = hi
	}
	if v < lo {
		v = lo
	}
	return v
}

// Cycle is the choice after cur in opts, round to the first.
func Cycle[T comparable](opts []T, cur T) T {
	return opts[(slices.Index(opts, cur)+1)%len(opts)]
}

// VisibilityTag is the marker a restricted record carries in lists, so
// nobody mistakes a police-only problem for one the whole panel can see.
func VisibilityTag(v model.Visibility) string {
	switch v.Kind {
	case model.VisAgencies:
		return "[" + SafeLine(strings.Join(v.Agencies, ","), model.MaxLineLen) + "]"
	case model.VisOfficers:
		return "[officers]"
	}
	return ""
}

// VisibilityLabel says in words who may see a record.
func VisibilityLabel(v model.Visibility) string {
	switch v.Kind {
	case model.VisAgencies:
		return "only " + SafeLine(strings.Join(v.Agencies, ", "), model.MaxLineLen) + " (restricted)"
	case model.VisOfficers:
		return "panel officers only (restricted)"
	}
	return "the whole panel"
}

// ListFrame is the window of a list drawn under two lines of chrome (its
// filter bar and column header), as the board, actions and audit lists
// are: where the cursor is and which rows show.
type ListFrame struct {
	Height, Cursor, Offset int
}

// ChromeHeight is the lines a list of height h gives its bar and column
// header: none when there is no room for a row under them.
func ChromeHeight(h int) int {
	if h >= 3 {
		return 2
	}
	return 0
}

// ListHeight is how many rows fit under the chrome.
func ListHeight(h int) int { return max(0, h-ChromeHeight(h)) }

// PageSize is a pgup/pgdown step: a screen less the row kept for context.
func PageSize(h int) int { return max(1, ListHeight(h)-1) }

func (f *ListFrame) ChromeHeight() int { return ChromeHeight(f.Height) }
func (f *ListFrame) ListHeight() int   { return ListHeight(f.Height) }
func (f *ListFrame) PageSize() int     { return PageSize(f.Height) }

// Scroll keeps the cursor's row of n in view.
func (f *ListFrame) Scroll(n int) { f.Offset = KeepInView(f.Cursor, f.Offset, f.ListHeight(), n) }

// KeepInView is the first row to show of a list of n rows, h at a time,
// so that the cursor's row is on screen, moving the window as little as it
// can from offset.
func KeepInView(cursor, offset, h, n int) int {
	if h <= 0 {
		return 0
	}
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+h {
		offset = cursor - h + 1
	}
	return Clamp(offset, 0, max(0, n-h))
}
