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

// hostileTasking adds to hostileStore an action, outcome and evidence with
// terminal escapes in every text field, bypassing validation as an import
// or a restored backup might. u raised the action, so u may work on it.
func hostileTasking(u model.User) *fakeStore {
	st := hostileStore()
	vis := model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police", "police" + clear, "x" + osc52}}
	st.putAction(model.Action{ID: 9, Ward: wardA, ProblemID: 8, Title: title, Description: "Do " + clear + "\n" + hostil,
		OwnerAgency: "police" + clear, Assignee: "Mallory " + osc8, Due: day(-1), Status: model.ActionOpen, Visibility: vis,
		CreatedBy: u.Name, UpdatedBy: "Mallory " + clear, CreatedAt: t0, UpdatedAt: t0, Version: 1})
	st.putAction(model.Action{ID: 10, Ward: wardA, Title: "Odd status " + bidi, OwnerAgency: "council", Due: day(3),
		Status: model.ActionStatus("open" + osc52), Visibility: model.Panel, Version: 1})
	st.outcomes[9] = []model.Outcome{{ID: 50, ActionID: 9, Text: hostil + "\n" + osc52, Result: model.ResultKind("enforcement" + clear),
		By: "Mallory " + clear, Agency: "x" + osc8, At: t0}}
	st.evidence[50] = model.Evidence{ID: 50, ProblemID: 8, Ward: wardA, Occurred: day(-2), Kind: model.EvidenceKind("fact" + clear),
		Text: hostil + "\n" + osc52, Agency: "police" + osc8, LoggedBy: "Mallory " + c1CSI, Visibility: vis}
	return st
}

func TestHostileTaskingTextRendersInert(t *testing.T) {
	u := officer
	u.Name = "Asha " + osc52 + "Patel"
	hs := newHarness(t, userOpts(hostileTasking(u), u), 120, 40)

	hs.keys("t")
	assertInert(t, hs.view(), "actions")
	if !strings.Contains(ansi.Strip(hs.view()), "Stolen bikes at the station r") {
		t.Fatalf("the action title's words should survive cleaning:\n%s", ansi.Strip(hs.view()))
	}
	for _, k := range []string{"v", "v", "v", "a", "a", "a", "a"} {
		hs.keys(k)
		assertInert(t, hs.view(), "actions view "+k)
	}
	hs.keys("v")
	for i := 0; hs.cursorAction() != 9; i++ {
		if i > 20 {
			t.Fatal("the hostile action is not listed")
		}
		hs.keys("down")
	}
	hs.keys("enter")
	if hs.app.active != screenAction {
		t.Fatal("could not open the hostile action")
	}
	assertInert(t, hs.view(), "action detail")
	hs.keys("end")
	assertInert(t, hs.view(), "action detail scrolled")

	hs.keys("s")
	if hs.app.active != screenStatus {
		t.Fatal("could not open the status chooser")
	}
	assertInert(t, hs.view(), "status chooser")
	hs.keys("esc", "e")
	if hs.app.active != screenActionForm {
		t.Fatal("could not edit the hostile action")
	}
	assertInert(t, hs.view(), "action form")
	for range 8 {
		hs.keys("tab", "right")
		assertInert(t, hs.view(), "action form choices")
	}
	hs.keys("esc", "esc", "o")
	if hs.app.active != screenOutcome {
		t.Fatal("could not log an outcome")
	}
	hs.paste(hostil + "\n" + osc52)
	assertInert(t, hs.view(), "outcome form")
	hs.keys("ctrl+s")
	assertInert(t, hs.view(), "after logging a hostile outcome")

	hs.keys("p")
	if hs.app.active != screenDetail || hs.app.detail().p.ID != 8 {
		t.Fatalf("p opened %v #%d", hs.app.active, hs.app.detail().p.ID)
	}
	assertInert(t, hs.view(), "problem detail")
	hs.keys("tab", "end")
	assertInert(t, hs.view(), "problem detail with actions and evidence")
	content := ansi.Strip(hs.app.detail().vp.GetContent())
	if !strings.Contains(content, "FACT") || !strings.Contains(content, "Mallory") {
		t.Fatalf("the hostile evidence is not shown, cleaned:\n%s", content)
	}
	hs.keys("v")
	hs.paste(hostil)
	hs.keys("tab", "tab")
	hs.paste(hostil + "\n" + osc52)
	assertInert(t, hs.view(), "evidence form")
	hs.keys("esc", "a")
	hs.paste(title)
	assertInert(t, hs.view(), "new action form")
}
