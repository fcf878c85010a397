package tui

import (
	"strings"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
)

const ellipsis = "…"

// Every string a user typed goes through one of these on its way to the
// screen, even though the store cleans on write: a record that reached the
// file some other way (an import, an older version, a restored backup) must
// still never drive anyone's terminal. Clean data takes model's fast path.

func safeLine(s string, maxRunes int) string { return model.CleanLine(s, maxRunes) }
func safeText(s string) string               { return model.CleanText(s, model.MaxTextLen) }
func safeName(s string) string               { return model.CleanLine(s, model.MaxNameLen) }

// cleanInput strips what the text fields' own sanitizer lets through (bidi
// overrides, zero-width characters, the rest of an escape sequence after
// its ESC) from typed or pasted text before a field sees it. The sentinel
// keeps CleanText from trimming a typed space.
func cleanInput(msg tea.Msg) tea.Msg {
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

// textWidth is the width of one line in cells, as lipgloss.Width measures
// it. Every visible cell is measured on every frame of every session, so
// the common case (ASCII, the app's own one-cell symbols, SGR styling) is
// counted directly; anything else goes to the full grapheme measure.
func textWidth(s string) int {
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
			// A combining mark or joiner after it is not oneCell either, so
			// it too sends the line to the full measure.
			if !oneCell(r) {
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

// oneCell covers Latin letters below the combining marks and the symbols
// the app draws; all are one cell wide and start their own grapheme.
func oneCell(r rune) bool {
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

// trunc shortens s (which may be styled) to at most w cells, marking the cut.
func trunc(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if textWidth(s) <= w {
		return s
	}
	return cut(s, w)
}

// cut truncates a line known to be wider than w, with an ellipsis.
func cut(s string, w int) string {
	if isPrintableASCII(s) {
		return s[:w-1] + ellipsis
	}
	return ansi.Truncate(s, w, ellipsis)
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// fit makes s exactly w cells wide, so columns line up and a row never wraps.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := textWidth(s)
	if sw > w {
		// A wide character that would straddle the edge is dropped whole,
		// which can leave the cut one cell short.
		s = cut(s, w)
		sw = textWidth(s)
	}
	if sw < w {
		return s + strings.Repeat(" ", w-sw)
	}
	return s
}

// wrap breaks plain text into lines of at most w cells, breaking long words
// too, so nothing a user typed can push past the right edge.
func wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	return strings.Split(ansi.Wrap(s, w, ""), "\n")
}

// block lays lines out as exactly h lines no wider than w: components hand
// the root a body that fits the space they were given, whatever their state.
func block(lines []string, w, h int) string {
	if h <= 0 {
		return ""
	}
	out := make([]string, h)
	for i := range out {
		if i < len(lines) {
			out[i] = trunc(lines[i], w)
		}
	}
	return strings.Join(out, "\n")
}

// clamp keeps v within [lo, hi]; hi below lo yields lo.
func clamp(v, lo, hi int) int {
	if v > hi {
		v = hi
	}
	if v < lo {
		v = lo
	}
	return v
}

// stamp formats a record's time in the zone it was recorded in, so the
// screen does not depend on the server's zone (and golden files are stable).
func stamp(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format("2 Jan 2006 15:04")
}

func priorityLabel(p model.Priority) string {
	switch p {
	case model.PriorityHigh:
		return "high"
	case model.PriorityMedium:
		return "med"
	case model.PriorityLow:
		return "low"
	}
	return "—"
}

// visibilityTag is the marker a restricted record carries in lists, so
// nobody mistakes a police-only problem for one the whole panel can see.
func visibilityTag(v model.Visibility) string {
	switch v.Kind {
	case model.VisAgencies:
		return "[" + safeLine(strings.Join(v.Agencies, ","), model.MaxLineLen) + "]"
	case model.VisOfficers:
		return "[officers]"
	}
	return ""
}

func visibilityLabel(v model.Visibility) string {
	switch v.Kind {
	case model.VisAgencies:
		return "only " + safeLine(strings.Join(v.Agencies, ", "), model.MaxLineLen) + " (restricted)"
	case model.VisOfficers:
		return "panel officers only (restricted)"
	}
	return "the whole panel"
}

// listFrame is the window of a list drawn under two lines of chrome (its
// filter bar and column header), as the board, actions and audit lists
// are: where the cursor is and which rows show.
type listFrame struct {
	height, cursor, offset int
}

func (f *listFrame) chromeHeight() int {
	if f.height >= 3 {
		return 2
	}
	return 0
}

// listHeight is how many rows fit under the chrome.
func (f *listFrame) listHeight() int { return max(0, f.height-f.chromeHeight()) }

// pageSize is a pgup/pgdown step: a screen less the row kept for context.
func (f *listFrame) pageSize() int { return max(1, f.listHeight()-1) }

// keepInView is the first row to show of a list of n rows, h at a time,
// so that the cursor's row is on screen, moving the window as little as it
// can from offset.
func keepInView(cursor, offset, h, n int) int {
	if h <= 0 {
		return 0
	}
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+h {
		offset = cursor - h + 1
	}
	return clamp(offset, 0, max(0, n-h))
}
