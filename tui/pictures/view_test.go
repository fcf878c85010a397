package pictures

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
	"wardpanel/tui/ui/uitest"
)

// helpKeys are the keys a screen's help line offers.
func helpKeys(bs []key.Binding) string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Help().Key)
	}
	return strings.Join(out, " ")
}

// The session's lines as the room sees them on the screen: each kind
// named, a relationship with its arrow, what a line became, who captured
// it where there is room, and nothing a user typed reaching the terminal
// as a control sequence. The keys offered for the selected line are the
// model's answer for the user.
func TestTheSessionsLinesAsShown(t *testing.T) {
	st, s := workshop(t)
	for _, line := range []string{
		"c: Dealing in the \x1b[2Jstairwell after 9pm #drugs",
		"s: Mosque kitchen offers hot meals",
		"r: Police x young people: stop and search",
		"r: Council + food bank: funding",
		"Tea break at 7",
	} {
		if _, err := st.AddElement(model.Actor{User: chair}, s.ID, line); err != nil {
			t.Fatal(err)
		}
	}
	els, err := st.PictureElements(chair, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.PromoteConcern(model.Actor{User: chair}, s.ID, els[0].ID); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		u        model.User
		width    int
		want     []string
		wantNone []string
		keys     string // the help line offers, for the newest line
	}{
		{"the chair, wide", chair, 100,
			[]string{"concern", "Dealing in the", "→ P1", "strength", "conflict", "Police ✕ young people: stop and search",
				"support", "Council +→ food bank: funding", "note", "Tea break at 7", "Carol"},
			[]string{"\x1b[2J"}, "e d"},
		{"a member, narrow: no names", member, 60,
			[]string{"concern", "→ P1", "Tea break at 7"},
			[]string{"Carol", "\x1b[2J"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := NewView(uitest.NewSession(tt.u, now), st, links)
			hs := uitest.New(t, v, tt.width, 20)
			hs.Send(Show{ID: s.ID})
			if v.Capturing() {
				hs.Keys("esc")
			}
			hs.Keys("up") // the newest line
			view := v.View()
			for _, line := range strings.Split(view, "\n") {
				if w := ansi.StringWidth(line); w > tt.width {
					t.Errorf("a line %d wide on a %d-wide screen: %q", w, tt.width, ansi.Strip(line))
				}
			}
			plain := ansi.Strip(view)
			for _, w := range tt.want {
				if !strings.Contains(plain, w) {
					t.Errorf("the screen shows\n%s\nwithout %q", plain, w)
				}
			}
			for _, n := range tt.wantNone {
				if strings.Contains(view, n) {
					t.Errorf("the screen shows %q", n)
				}
			}
			help := helpKeys(v.ShortHelp())
			if tt.keys != "" && !strings.Contains(help, tt.keys) {
				t.Errorf("help offers %q, want %q in it", help, tt.keys)
			}
			if tt.keys == "" && strings.Contains(help, "e d") {
				t.Errorf("help offers %q to someone who may not change the line", help)
			}
			if len(v.FullHelp()) == 0 {
				t.Error("no full help")
			}
		})
	}
}
