package ui

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestTextWidthAgreesWithLipgloss(t *testing.T) {
	st := NewStyles(true)
	cases := []string{
		"", "plain ascii", "tab\there", "café", "naïve façade", "e\u0301", "…—•←→↑↓┃│─‹›",
		"漢字", "🚲 bike", "👩‍👩‍👧", "a\u200db", "flag 🇬🇧", "\u00a0nbsp", "x\u0300y", "ǅ", "Ω", "ﬁ", "\x07bell",
		"\x1b[1mbold\x1b[m", "● live", st.Live.Render("● live") + "  Asha", "\x1b[38;2;1;2;3mrgb\x1b[m…", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "\x1bc", "\x1b[",
		st.Header.Render("header"), st.RowSelected.Render("> selected row"), st.Restricted.Render("[police]") + " title",
		strings.Repeat("long ", 50),
	}
	for _, s := range cases {
		if got, want := TextWidth(s), lipgloss.Width(s); got != want {
			t.Errorf("TextWidth(%q) = %d, lipgloss.Width = %d", s, got, want)
		}
	}
}

func TestFitAndTrunc(t *testing.T) {
	for _, s := range []string{"short", "exactly ten", "a much longer line of text", "漢字漢字漢字", "\x1b[1mbold words here\x1b[m"} {
		for w := 1; w < 15; w++ {
			if got := ansi.StringWidth(Fit(s, w)); got != w {
				t.Errorf("Fit(%q, %d) is %d wide", s, w, got)
			}
			if got := ansi.StringWidth(Trunc(s, w)); got > w {
				t.Errorf("Trunc(%q, %d) is %d wide", s, w, got)
			}
		}
	}
}

// TextWidth's shortcut counts a cell for each rune OneCell accepts: each
// must be one cell to the full measure too, or lines would be cut wrong.
func TestOneCellRunesAreOneCellWide(t *testing.T) {
	for r := rune(0); r < 0x10000; r++ {
		if OneCell(r) {
			if w := ansi.StringWidth(string(r)); w != 1 {
				t.Errorf("%U %c is %d cells wide", r, r, w)
			}
		}
	}
}

func TestKeepInView(t *testing.T) {
	tests := []struct{ cursor, offset, h, n, want int }{
		{0, 0, 5, 20, 0},   // at the top
		{4, 0, 5, 20, 0},   // last visible row: no move
		{5, 0, 5, 20, 1},   // one past: the window moves by one
		{2, 8, 5, 20, 2},   // above the window: it moves up to the cursor
		{19, 0, 5, 20, 15}, // the end
		{3, 17, 5, 20, 3},  // a stale offset past the end is pulled back
		{0, 9, 5, 3, 0},    // fewer rows than the window
		{7, 4, 0, 20, 0},   // no room at all
	}
	for _, tt := range tests {
		if got := KeepInView(tt.cursor, tt.offset, tt.h, tt.n); got != tt.want {
			t.Errorf("KeepInView(%d, %d, %d, %d) = %d, want %d", tt.cursor, tt.offset, tt.h, tt.n, got, tt.want)
		}
	}
}
