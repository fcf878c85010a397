package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
)

// screenStates puts a fresh session into each state worth drawing.
var screenStates = []struct {
	name  string
	setup func(t *testing.T, w, h int) *harness
}{
	{"picker", func(t *testing.T, w, h int) *harness {
		return newHarness(t, Options{Store: newFakeStore(), Demo: true, Personas: []model.User{officer, member, chair, council, watcher}}, w, h)
	}},
	{"board", func(t *testing.T, w, h int) *harness {
		o := userOpts(longStore(), officer)
		o.Demo = true
		return newHarness(t, o, w, h)
	}},
	{"board full help", func(t *testing.T, w, h int) *harness {
		hs := newHarness(t, userOpts(longStore(), officer), w, h)
		hs.keys("?")
		return hs
	}},
	{"board typing filter", func(t *testing.T, w, h int) *harness {
		hs := newHarness(t, userOpts(longStore(), officer), w, h)
		hs.keys("/")
		hs.paste(strings.Repeat("search ", 30))
		return hs
	}},
	{"board no match", func(t *testing.T, w, h int) *harness {
		hs := newHarness(t, userOpts(longStore(), officer), w, h)
		hs.keys("/", "zzzz", "enter", "s", "a")
		return hs
	}},
	{"detail", func(t *testing.T, w, h int) *harness {
		o := userOpts(longStore(), officer)
		o.Demo = true
		hs := newHarness(t, o, w, h)
		hs.keys("enter", "end")
		return hs
	}},
	{"form new", func(t *testing.T, w, h int) *harness {
		hs := newHarness(t, userOpts(longStore(), member), w, h)
		hs.keys("n")
		hs.paste(strings.Repeat("long title ", 20))
		hs.keys("tab", "tab")
		hs.paste(strings.Repeat("word ", 400))
		return hs
	}},
	{"form errors", func(t *testing.T, w, h int) *harness {
		o := userOpts(longStore(), member)
		o.Demo = true
		hs := newHarness(t, o, w, h)
		hs.keys("n", "ab", "ctrl+s")
		return hs
	}},
	{"form conflict and reload", func(t *testing.T, w, h int) *harness {
		st := longStore()
		hs := newHarness(t, userOpts(st, officer), w, h)
		hs.keys("enter", "e", "tab", "tab")
		hs.paste(strings.Repeat("mine ", 300))
		p := st.get(hs.app.form().Base().ID)
		p.Version++
		p.UpdatedBy = strings.Repeat("Someone With A Long Name ", 4)
		st.put(p)
		hs.keys("ctrl+s")
		if hs.app.form().Conflict == nil {
			t.Fatal("no conflict")
		}
		hs.keys("ctrl+r", "tab", "tab", "tab")
		return hs
	}},
	{"actions", func(t *testing.T, w, h int) *harness {
		o := userOpts(longStore(), officer)
		o.Demo, o.Live = true, true
		hs := newHarness(t, o, w, h)
		hs.keys("t", "end")
		return hs
	}},
	{"actions full help", func(t *testing.T, w, h int) *harness {
		hs := newHarness(t, userOpts(longStore(), officer), w, h)
		hs.keys("t", "?")
		return hs
	}},
	{"actions empty view", func(t *testing.T, w, h int) *harness {
		hs := newHarness(t, userOpts(longStore(), watcher), w, h)
		hs.keys("t", "v")
		return hs
	}},
	{"action detail", func(t *testing.T, w, h int) *harness {
		o := userOpts(longStore(), officer)
		o.Live = true
		hs := newHarness(t, o, w, h)
		hs.keys("t", "a", "a", "a", "a", "enter", "end") // the long action
		return hs
	}},
	{"status chooser", func(t *testing.T, w, h int) *harness {
		hs := newHarness(t, userOpts(longStore(), officer), w, h)
		hs.keys("t", "a", "s") // council's first: #1, which Asha raised
		if hs.app.chooser() == nil {
			t.Fatal("no chooser")
		}
		return hs
	}},
	{"status chooser after a conflict", func(t *testing.T, w, h int) *harness {
		st := longStore()
		hs := newHarness(t, userOpts(st, officer), w, h)
		hs.keys("t", "a", "s")
		a := st.getAction(1)
		a.Version, a.UpdatedBy = 2, strings.Repeat("Someone With A Long Name ", 4)
		st.putAction(a)
		hs.keys("enter")
		return hs
	}},
	{"move stage sheet", func(t *testing.T, w, h int) *harness {
		hs := newHarness(t, userOpts(longStore(), officer), w, h)
		hs.keys("/", "Elm", "enter", "enter", "s") // at assessment: closing asks for the summary
		return hs
	}},
	{"response sheet", func(t *testing.T, w, h int) *harness {
		hs := newHarness(t, userOpts(longStore(), officer), w, h)
		hs.keys("/", "Elm", "enter", "enter", "r", "tab", "tab")
		return hs
	}},
	{"problem detail with tasking", func(t *testing.T, w, h int) *harness {
		o := userOpts(longStore(), officer)
		o.Demo = true
		hs := newHarness(t, o, w, h)
		hs.keys("/", "Elm", "enter", "enter", "tab", "tab", "end")
		return hs
	}},
	{"action form raised from a problem", func(t *testing.T, w, h int) *harness {
		hs := newHarness(t, userOpts(longStore(), officer), w, h)
		hs.keys("/", "Elm", "enter", "enter", "a")
		hs.paste(strings.Repeat("long title ", 20))
		hs.keys("tab", "tab", "tab", "ctrl+u", "+2w", "tab")
		hs.paste(strings.Repeat("word ", 400))
		return hs
	}},
	{"action form errors", func(t *testing.T, w, h int) *harness {
		o := userOpts(longStore(), officer)
		o.Demo = true
		hs := newHarness(t, o, w, h)
		hs.keys("t", "n", "ab", "tab", "tab", "tab", "ctrl+u", "soon", "ctrl+s")
		hs.keys("ctrl+u", "+3", "tab", "tab", "tab", "ctrl+s")
		return hs
	}},
	{"action form conflict and reload", func(t *testing.T, w, h int) *harness {
		st := longStore()
		hs := newHarness(t, userOpts(st, officer), w, h)
		hs.keys("t", "a", "enter", "e", "tab", "tab", "tab", "tab")
		hs.paste(strings.Repeat("mine ", 300))
		a := st.getAction(1)
		a.Version, a.UpdatedBy = 2, strings.Repeat("Someone With A Long Name ", 4)
		st.putAction(a)
		hs.keys("ctrl+s")
		if hs.app.actionForm().Conflict == nil {
			t.Fatal("no conflict")
		}
		hs.keys("ctrl+r", "tab")
		return hs
	}},
	{"outcome form", func(t *testing.T, w, h int) *harness {
		hs := newHarness(t, userOpts(longStore(), council), w, h)
		hs.keys("t", "a", "o")
		if hs.app.outcome() == nil {
			t.Fatal("no outcome form")
		}
		hs.paste(strings.Repeat("what was done ", 100))
		hs.send(StoreChangedMsg{})
		return hs
	}},
	{"evidence form", func(t *testing.T, w, h int) *harness {
		o := userOpts(longStore(), member)
		o.Demo = true
		hs := newHarness(t, o, w, h)
		hs.keys("/", "Fly", "enter", "enter", "v", "ctrl+u", "someday", "tab")
		hs.paste(strings.Repeat("seen ", 200))
		hs.keys("ctrl+s")
		return hs
	}},
}

// longStore adds problems with long fields and wide characters to the fixture.
func longStore() *fakeStore {
	st := newFakeStore()
	st.put(model.Problem{Ward: wardA, Title: "漢字のタイトル 🚲 stolen bikes " + strings.Repeat("very long title ", 6),
		Category: "vehicle-crime", Stage: model.StageAnalysis, Priority: model.PriorityHigh, LeadAgency: "a-very-long-agency-code",
		Location: strings.Repeat("Somewhere Street ", 10), Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police", "housing", "council"}},
		Description: strings.Repeat("A long description that goes on. ", 80) + "\n" + strings.Repeat("x", 300),
		CreatedBy:   strings.Repeat("Name ", 16), UpdatedBy: "Someone", CreatedAt: t0, UpdatedAt: t0, Version: 1})
	for i := range 30 {
		st.put(model.Problem{Ward: wardA, Title: fmt.Sprintf("Filler %d", i), Category: "other", Stage: model.StageScanning,
			Priority: model.PriorityLow, Visibility: model.Panel, Version: 1, CreatedAt: t0, UpdatedAt: t0})
	}
	// Actions: one with every field long and wide, owned by an agency
	// last in order (so "a" four times finds it), and enough to scroll.
	st.agencies = append(st.agencies, model.Agency{Code: "zz-a-very-long-agency-code", Name: strings.Repeat("Long Agency ", 8)})
	st.putAction(model.Action{Ward: wardA, ProblemID: 4, Title: "漢字のタイトル 🚲 " + strings.Repeat("a very long action title ", 5),
		OwnerAgency: "zz-a-very-long-agency-code", Assignee: strings.Repeat("Assignee Name ", 6), Due: day(1),
		Status: model.ActionInProgress, Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police", "zz-a-very-long-agency-code"}},
		Description: strings.Repeat("A long description of the action. ", 60), CreatedBy: strings.Repeat("Name ", 16),
		UpdatedBy: "Someone", CreatedAt: t0, UpdatedAt: t0, Version: 1})
	for i := range 30 {
		st.putAction(model.Action{Ward: wardA, Title: fmt.Sprintf("Filler action %d", i), OwnerAgency: "housing",
			Due: day(i - 10), Status: model.ActionOpen, Visibility: model.Panel, Version: 1, CreatedBy: "Sam Reid", CreatedAt: t0})
	}
	st.outcomes[9] = []model.Outcome{{ID: 99, ActionID: 9, Text: strings.Repeat("Outcome text that goes on. ", 30),
		Result: "diversion-support", By: strings.Repeat("Outcome Author ", 6), Agency: "zz-a-very-long-agency-code", At: t0}}
	return st
}

func TestViewFitsTheTerminal(t *testing.T) {
	var sizes [][2]int
	for _, w := range []int{40, 41, 50, 60, 72, 80, 100, 120} {
		for _, h := range []int{12, 13, 16, 24, 40} {
			sizes = append(sizes, [2]int{w, h})
		}
	}
	for _, s := range screenStates {
		t.Run(s.name, func(t *testing.T) {
			for _, sz := range sizes {
				w, h := sz[0], sz[1]
				hs := s.setup(t, w, h)
				checkFits(t, hs.view(), w, h, fmt.Sprintf("%s at %dx%d", s.name, w, h))
				// And after a live resize to a different size.
				hs.send(tea.WindowSizeMsg{Width: 120 + 40 - w, Height: 40 + 12 - h})
				checkFits(t, hs.view(), 160-w, 52-h, fmt.Sprintf("%s resized from %dx%d", s.name, w, h))
			}
		})
	}
}

func checkFits(t *testing.T, view string, w, h int, what string) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("%s: %d lines, want %d", what, len(lines), h)
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("%s: line %d is %d wide:\n%s", what, i, lw, ansi.Strip(view))
			return
		}
	}
}

// The frame's own parts must fit before the last guard (fitScreen) cuts:
// otherwise the guard hides a layout bug by chopping the help or status.
func TestPartsFitWithoutTheGuard(t *testing.T) {
	for _, s := range screenStates {
		for _, sz := range [][2]int{{40, 12}, {80, 24}, {120, 40}} {
			hs := s.setup(t, sz[0], sz[1])
			a := hs.app
			raw := a.c.headerView() + "\n" + a.current().View() + "\n" + "\n" + a.footerView()
			if n := lipgloss.Height(raw); n != sz[1] {
				t.Errorf("%s at %v: parts add up to %d lines", s.name, sz, n)
			}
			if lw := lipgloss.Width(raw); lw > sz[0] {
				t.Errorf("%s at %v: a part is %d wide:\n%s", s.name, sz, lw, ansi.Strip(raw))
			}
		}
	}
}

func TestHeaderAt40Columns(t *testing.T) {
	u := officer
	u.Name = "Bartholomew Fitzwilliam-Montgomery"
	st := newFakeStore()
	st.wards[wardA] = model.Ward{Code: wardA, Name: "Kensington and Chelsea Royal Hospital"}
	o := userOpts(st, u)
	o.Demo = true
	hs := newHarness(t, o, 40, 12)
	header := strings.Split(hs.app.c.headerView(), "\n")
	if len(header) != 2 {
		t.Fatalf("header has %d lines", len(header))
	}
	for _, l := range header {
		if lipgloss.Width(l) != 40 {
			t.Errorf("header line is %d wide: %q", lipgloss.Width(l), ansi.Strip(l))
		}
	}
	if !strings.Contains(header[1], "DEMO") {
		t.Errorf("demo marker missing at 40 columns: %q", ansi.Strip(header[1]))
	}
	wide := newHarness(t, o, 120, 24)
	top := ansi.Strip(wide.app.c.headerView())
	for _, want := range []string{"Kensington and Chelsea Royal Hospital", wardA, u.Name, "police", "officer", demoWarning} {
		if !strings.Contains(top, want) {
			t.Errorf("header at 120 lacks %q: %s", want, top)
		}
	}
}

func TestBackgroundAnswerRestyles(t *testing.T) {
	hs := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
	dark := hs.view()
	hs.send(tea.BackgroundColorMsg{Color: lipgloss.Color("#ffffff")})
	if hs.app.c.isDark {
		t.Fatal("a white background left the session in dark mode")
	}
	light := hs.view()
	if dark == light {
		t.Fatal("styles did not change with the background")
	}
	if ansi.Strip(dark) != ansi.Strip(light) {
		t.Fatal("restyling changed the text")
	}
}

func TestSessionsShareNothing(t *testing.T) {
	a := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
	b := newHarness(t, userOpts(newFakeStore(), member), 40, 12)
	a.send(tea.BackgroundColorMsg{Color: lipgloss.Color("#ffffff")})
	a.keys("s", "?")
	if !b.app.c.isDark || b.app.board().State().Stage != "" || b.app.help.ShowAll {
		t.Fatal("one session's state leaked into another")
	}
}
