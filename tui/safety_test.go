package tui

import (
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
)

const (
	osc52  = "\x1b]52;c;cm0gLXJmIH4K\x07" // write to the viewer's clipboard
	clear  = "\x1b[2J"                    // wipe their screen
	osc8   = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"
	c1CSI  = "\u009b2J"
	bidi   = "\u202eevil\u202c"
	title  = "Stolen bikes " + osc52 + "at the station " + clear + "racks"
	hostil = "Evil " + osc8 + c1CSI + bidi + "\x07\x1b[31mred\x1b[0m"
)

// assertInert fails if s holds anything a terminal would act on other than
// the SGR styling the app itself emits: every ESC must open a CSI … m.
func assertInert(t *testing.T, s, what string) {
	t.Helper()
	for _, bad := range []string{"\x07", "\u009b", "\u009d", "\u202e", "\u202c", "\x1b]", "\x1bP", "\x1b_"} {
		if strings.Contains(s, bad) {
			t.Fatalf("%s: output contains %q:\n%q", what, bad, s)
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] != 0x1b {
			continue
		}
		j := i + 1
		if j >= len(s) || s[j] != '[' {
			t.Fatalf("%s: a bare ESC at %d: %q", what, i, s[i:min(len(s), i+12)])
		}
		j++
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
			j++
		}
		if j >= len(s) || s[j] != 'm' {
			t.Fatalf("%s: a non-SGR escape at %d: %q", what, i, s[i:min(len(s), j+1)])
		}
		i = j
	}
}

func hostileStore() *fakeStore {
	st := newFakeStore()
	st.wards[wardA] = model.Ward{Code: wardA, Name: "North" + clear + "field" + osc52}
	st.agencies = append(st.agencies, model.Agency{Code: "housing2", Name: "Evil " + osc52 + "Homes"})
	// put bypasses validation, as a record imported or restored might.
	st.put(model.Problem{Ward: wardA, Title: title, Location: hostil, Description: "Line one " + clear + "\n" + hostil + "\n" + osc52,
		Category: model.Category("drugs" + clear), Stage: model.Stage("scanning" + osc52), Priority: model.PriorityHigh,
		LeadAgency: "police" + clear, Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police", "x" + osc52}},
		CreatedBy: "Mallory " + clear, UpdatedBy: "Mallory " + osc8, CreatedAt: t0, UpdatedAt: t0, Version: 1})
	return st
}

func TestHostileTextRendersInert(t *testing.T) {
	u := officer
	u.Name = "Asha " + osc52 + "Patel"
	hs := newHarness(t, userOpts(hostileStore(), u), 120, 40)
	v := hs.view()
	assertInert(t, v, "board")
	if !strings.Contains(ansi.Strip(v), "Stolen bikes at the station racks") {
		t.Fatalf("the title's words should survive cleaning:\n%s", ansi.Strip(v))
	}

	hs.keys("/", "stolen", "enter", "enter")
	if hs.app.active != screenDetail {
		t.Fatal("could not open the hostile problem")
	}
	assertInert(t, hs.view(), "detail")
	hs.keys("end")
	assertInert(t, hs.view(), "detail scrolled")

	hs.keys("e")
	if hs.app.active != screenForm {
		t.Fatal("could not edit the hostile problem")
	}
	assertInert(t, hs.view(), "form")
	hs.keys("tab", "tab", "tab", "tab", "tab", "tab", "right")
	assertInert(t, hs.view(), "form lead agency choices")
}

func TestHostilePastedTextRendersInert(t *testing.T) {
	hs := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
	hs.keys("/")
	hs.paste(osc52 + clear)
	assertInert(t, hs.view(), "search")
	hs.keys("esc", "n")
	hs.paste(title)
	hs.keys("tab")
	hs.paste(hostil)
	hs.keys("tab")
	hs.paste(hostil + "\n" + osc52)
	assertInert(t, hs.view(), "form")
}

func TestHostileErrorsAndPersonasRenderInert(t *testing.T) {
	evil := member
	evil.Name = "Eve " + osc52 + clear
	evil.Agency = "res" + osc8
	hs := newHarness(t, Options{
		Store:    newFakeStore(),
		Demo:     true,
		Personas: []model.User{evil},
		Enrol:    func(model.User) (model.User, error) { return model.User{}, errors.New("no " + osc52 + clear) },
	}, 80, 24)
	assertInert(t, hs.view(), "picker")
	hs.keys("enter")
	assertInert(t, hs.view(), "picker error")
	if !strings.Contains(ansi.Strip(hs.view()), "Could not enrol your key") {
		t.Fatalf("enrol error not shown:\n%s", ansi.Strip(hs.view()))
	}
}
