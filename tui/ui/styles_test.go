package ui

import (
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/x/vt"
)

// Every style draws exactly the cells lipgloss's rendering draws, whichever
// path it takes.
func TestInlineStylesDrawAsLipglossDoes(t *testing.T) {
	texts := []string{"", "x", "Phone snatches near the station", "  padded  ", "会議の議題 ✅",
		"e\u0301", "\x1b[1mbold\x1b[m then plain", "two\nlines", "a\ttab", "trailing "}
	draw := func(in Inline, s string) string {
		emu := vt.NewEmulator(60, 3)
		_, _ = emu.WriteString(s)
		if in.GetUnderline() {
			// lipgloss leaves the spaces between underlined words not
			// bold, which shows the same, and splits graphemes, which
			// does not: the text must match.
			return emu.String()
		}
		return emu.Render()
	}
	for _, dark := range []bool{true, false} {
		st := NewStyles(dark)
		v := reflect.ValueOf(st)
		for i := range v.NumField() {
			in, ok := v.Field(i).Interface().(Inline)
			if !ok {
				continue
			}
			name := v.Type().Field(i).Name
			if !in.fast {
				t.Errorf("%s takes lipgloss's slow path", name)
			}
			for _, text := range texts {
				if in.GetUnderline() && strings.ContainsAny(text, "\x1b\u0301") {
					continue // lipgloss splits what it underlines, escapes and graphemes too
				}
				if got, want := draw(in, in.Render(text)), draw(in, in.Style.Render(text)); got != want {
					t.Errorf("dark=%t %s.Render(%q) draws %q, lipgloss's %q", dark, name, text, got, want)
				}
			}
		}
	}
}
