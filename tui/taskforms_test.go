package tui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
	"wardpanel/tui/form"
)

// openProblem opens problem id's detail from the board.
func (hs *harness) openProblem(id model.ID) {
	hs.t.Helper()
	for i := 0; i < 20; i++ {
		if p, ok := hs.app.board().Current(); ok && p.ID == id {
			hs.keys("enter")
			return
		}
		hs.keys("down")
	}
	hs.t.Fatalf("problem #%d is not on the board", id)
}

// openAction opens action id from the actions screen.
func (hs *harness) openAction(id model.ID) {
	hs.t.Helper()
	hs.keys("t")
	for i := 0; i < 20; i++ {
		if hs.cursorAction() == id {
			hs.keys("enter")
			return
		}
		hs.keys("down")
	}
	hs.t.Fatalf("action #%d is not listed", id)
}

func TestRaiseActionFromAProblem(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.openProblem(4)
	hs.keys("a")
	f := hs.app.actionForm()
	if hs.app.active != screenActionForm || f == nil {
		t.Fatalf("a opened screen %v", hs.app.active)
	}
	// Prefilled from the problem: its ward and ID, its lead agency as
	// owner, its visibility, due a fortnight today.
	if f.base.Ward != wardA || f.base.ProblemID != 4 {
		t.Fatalf("form is for %s #%d", f.base.Ward, f.base.ProblemID)
	}
	if got := f.owner.Value(); got != "police" {
		t.Fatalf("owner = %q, want the problem's lead agency", got)
	}
	if got := f.due.Value(); got != "2026-03-18" {
		t.Fatalf("due = %q, want today+14", got)
	}
	if got := f.vis.Value(); got != "panel" {
		t.Fatalf("visibility = %q", got)
	}
	v := ansi.Strip(hs.view())
	for _, want := range []string{"New action on P4 Burglary hotspot", "→ Wed 18 Mar 2026", "ctrl+s save"} {
		if !strings.Contains(v, want) {
			t.Errorf("form lacks %q:\n%s", want, v)
		}
	}

	hs.keys("Check the alley gates are locked at night", "tab", "dan", "tab", "tab", "ctrl+u", "+1w", "tab",
		"Every night for a week.", "ctrl+s")
	if hs.app.active != screenDetail {
		t.Fatalf("after saving: screen %v; banner %q", hs.app.active, f.Banner)
	}
	a := st.getAction(9)
	want := model.Action{ID: 9, Ward: wardA, ProblemID: 4, Title: "Check the alley gates are locked at night", Assignee: "PC Dan Jones",
		OwnerAgency: "police", Due: day(7), Status: model.ActionOpen, Description: "Every night for a week.", Visibility: model.Panel}
	if a.Ward != want.Ward || a.ProblemID != want.ProblemID || a.Title != want.Title || a.Assignee != want.Assignee ||
		a.OwnerAgency != want.OwnerAgency || !a.Due.Equal(want.Due) || a.Status != want.Status ||
		a.Description != want.Description || a.Visibility.String() != "panel" || a.CreatedBy != officer.Name {
		t.Fatalf("stored %+v\nwant   %+v", a, want)
	}
	if !strings.Contains(hs.app.status.text, "Raised action A9") {
		t.Fatalf("status = %+v", hs.app.status)
	}
	// Back on the problem, which lists it, selected.
	if d := hs.app.detail(); d.sel != 9 || !slices.ContainsFunc(d.actions, func(a model.Action) bool { return a.ID == 9 }) {
		t.Fatalf("detail selection #%d, actions %d", d.sel, len(d.actions))
	}
}

func TestRaiseActionPrefillFollowsTheProblem(t *testing.T) {
	tests := []struct {
		name    string
		user    model.User
		problem model.ID
		owner   string
		vis     []string
		chosen  string
	}{
		{"police-only problem: police-only action", officer, 2, "police", []string{"agencies:police"}, "agencies:police"},
		{"officers-only problem, no lead: the chair's agency owns it", chair, 6, "council", []string{"officers"}, "officers"},
		{"panel problem: any visibility the user may set that the owner sees", chair, 3, "council", []string{"panel", "officers",
			"agencies:council", "agencies:council+officers", "agencies:council,housing", "agencies:council,housing+officers",
			"agencies:council,police", "agencies:council,police+officers", "agencies:council,housing,police",
			"agencies:council,housing,police+officers"}, "panel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newHarness(t, userOpts(newFakeStore(), tt.user), 80, 24)
			hs.openProblem(tt.problem)
			hs.keys("a")
			f := hs.app.actionForm()
			if f == nil {
				t.Fatal("no form")
			}
			if got := f.owner.Value(); got != tt.owner {
				t.Errorf("owner = %q, want %q", got, tt.owner)
			}
			if got := f.vis.Choice.Values; !slices.Equal(got, tt.vis) {
				t.Errorf("visibility offers %v, want %v", got, tt.vis)
			}
			if got := f.vis.Value(); got != tt.chosen {
				t.Errorf("visibility = %q, want %q", got, tt.chosen)
			}
			hs.keys("A job to do", "ctrl+s")
			if hs.app.active != screenDetail {
				t.Fatalf("not saved: %q", f.Banner)
			}
		})
	}
}

func TestActionValidationErrorKeepsTypedText(t *testing.T) {
	tests := []struct {
		name, title, due string
		field            func(*actionForm) *form.Field
		message          string
	}{
		{"short title", "ab", "+7", func(f *actionForm) *form.Field { return f.title }, "say what is to be done"},
		{"due not a date", "Leaflet every door on Elm Grove", "next tuesday", func(f *actionForm) *form.Field { return f.due }, "use a date like 2026-12-01"},
		{"due not a number", "Leaflet every door on Elm Grove", "+x", func(f *actionForm) *form.Field { return f.due }, "use a date like"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newFakeStore()
			hs := newHarness(t, userOpts(st, officer), 80, 24)
			hs.openProblem(4)
			hs.keys("a", tt.title, "tab", "Jones", "tab", "tab", "ctrl+u", tt.due, "tab", "Both ends of the alley.", "ctrl+s")
			f := hs.app.actionForm()
			if hs.app.active != screenActionForm || f == nil {
				t.Fatal("the form closed on a validation error")
			}
			fld := tt.field(f)
			if !strings.Contains(fld.Err, tt.message) {
				t.Fatalf("field error = %q, want %q", fld.Err, tt.message)
			}
			if f.Focused() != fld {
				t.Fatalf("focus on %q, want %q", f.Focused().Label, fld.Label)
			}
			if f.title.Value() != tt.title || f.assignee.Value() != "PC Dan Jones" || f.due.Value() != tt.due || f.desc.Value() != "Both ends of the alley." {
				t.Fatalf("typed text lost: %q", f.Values())
			}
			if got := ansi.Strip(hs.view()); !strings.Contains(got, "! "+tt.message) {
				t.Fatalf("error not shown under the field:\n%s", got)
			}
			if len(st.actions) != 8 {
				t.Fatal("an invalid action was stored")
			}
		})
	}
}

func TestActionEditConflictKeepsTypedTextAndNamesWho(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.openAction(1)
	hs.keys("e")
	f := hs.app.actionForm()
	if f == nil || f.base.ID != 1 || f.base.Version != 1 || f.create {
		t.Fatalf("not editing #1 v1: %+v", f)
	}
	hs.keys("ctrl+u", "Fit gates at both ends, with locks", "tab", "tab", "tab", "ctrl+u", "2026-03-09", "tab", "ctrl+e", " South lock ordered.")
	mine := f.Values()

	theirs := st.getAction(1)
	theirs.Title, theirs.Version = "Fit gates (south end outstanding)", 2
	theirs.UpdatedBy, theirs.UpdatedAt = "Sam Reid", time.Date(2026, 3, 4, 10, 30, 0, 0, time.UTC)
	st.putAction(theirs)

	hs.keys("ctrl+s")
	if hs.app.active != screenActionForm {
		t.Fatal("the form closed on a conflict")
	}
	if !slices.Equal(f.Values(), mine) {
		t.Fatalf("typed text lost on conflict: %q", f.Values())
	}
	got := ansi.Strip(hs.view())
	if !strings.Contains(got, "Changed by Sam Reid at 10:30") || !strings.Contains(got, "ctrl+r") {
		t.Fatalf("conflict does not say who, when and what next:\n%s", got)
	}

	hs.keys("ctrl+r")
	if v := hs.app.actionForm().base.Version; f.title.Value() != theirs.Title || v != 2 {
		t.Fatalf("reload did not load theirs: %q v%d", f.title.Value(), v)
	}
	if !slices.Equal(f.Mine, mine) || !strings.Contains(ansi.Strip(hs.view()), "Fit gates at both ends, with locks") {
		t.Fatalf("typed text not kept after reload: %q", f.Mine)
	}
	hs.keys("ctrl+o", "ctrl+s")
	if hs.app.active != screenAction {
		t.Fatalf("save after reload failed: %q", f.Banner)
	}
	saved := st.getAction(1)
	if saved.Version != 3 || saved.Title != "Fit gates at both ends, with locks" || !saved.Due.Equal(day(5)) ||
		!strings.HasSuffix(saved.Description, "South lock ordered.") || saved.Status != model.ActionInProgress {
		t.Fatalf("saved %q due %s v%d %s: %q", saved.Title, dateLabel(saved.Due), saved.Version, saved.Status, saved.Description)
	}
}

func TestActionFormWarnsEarlyAndKeepsText(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.openAction(2)
	hs.keys("e", " (draft)")
	a := st.getAction(2)
	a.Version, a.UpdatedBy = 2, "Carol Hughes"
	st.putAction(a)
	hs.send(StoreChangedMsg{Revision: 9})
	f := hs.app.actionForm()
	if !f.Newer || !strings.Contains(f.Info, "Carol Hughes changed this action") {
		t.Fatalf("no early warning: %q", f.Info)
	}
	if !strings.HasSuffix(f.title.Value(), " (draft)") {
		t.Fatal("typed text lost on a store change")
	}
}

func TestOutcomeTextSurvivesAStoreChange(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, council), 80, 24)
	hs.openAction(1)
	hs.keys("o", "South-end gate fitted and locked.", "enter", "Keys with residents at 1 and 41.")
	typed := "South-end gate fitted and locked.\nKeys with residents at 1 and 41."
	if f := hs.app.outcome(); f == nil || f.text.Value() != typed {
		t.Fatalf("outcome form: %+v", f)
	}
	// Someone moves the action on while the outcome is being typed.
	a := st.getAction(1)
	a.Status, a.Version, a.UpdatedBy = model.ActionBlocked, 2, "Asha Patel"
	st.putAction(a)
	hs.send(StoreChangedMsg{Revision: 11})
	f := hs.app.outcome()
	if hs.app.active != screenOutcome || f.text.Value() != typed {
		t.Fatalf("the outcome text did not survive: %q", f.text.Value())
	}
	if !strings.Contains(f.Info, "Asha Patel changed this action") || !strings.Contains(f.Info, "blocked") {
		t.Fatalf("no notice of the change: %q", f.Info)
	}
	hs.keys("tab", "left") // result: other → no-further-action
	hs.keys("ctrl+s")
	if hs.app.active != screenAction {
		t.Fatalf("outcome not saved: %q", f.Banner)
	}
	os := st.outcomes[1]
	if len(os) != 3 || os[2].Text != typed || os[2].Result != "no-further-action" || os[2].By != council.Name {
		t.Fatalf("outcomes = %+v", os)
	}
	if !strings.Contains(ansi.Strip(hs.view()), "Outcomes (3)") {
		t.Fatalf("the detail does not show the new outcome:\n%s", ansi.Strip(hs.view()))
	}
}

func TestOutcomeValidationKeepsText(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, council), 80, 24)
	hs.openAction(1)
	hs.keys("o", "ok", "ctrl+s")
	f := hs.app.outcome()
	if f == nil || !strings.Contains(f.text.Err, "say what was done") || f.text.Value() != "ok" {
		t.Fatalf("outcome error %q, text %q", f.text.Err, f.text.Value())
	}
}

func TestResidentAddsAReport(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, member), 80, 24)
	hs.openProblem(1)
	if strings.Contains(ansi.Strip(hs.view()), "raise action") {
		t.Fatal("a resident is offered raising an action")
	}
	hs.keys("a")
	if hs.app.active != screenDetail {
		t.Fatal("a resident opened the action form")
	}
	hs.keys("v")
	f := hs.app.evidence()
	if f == nil {
		t.Fatal("v did not open the evidence form")
	}
	if !f.kind.Choice.Locked || f.kind.Value() != "report" || !f.vis.Choice.Locked || f.vis.Value() != "panel" {
		t.Fatalf("a resident may choose kind %v (locked %v) and visibility %v (locked %v)",
			f.kind.Choice.Values, f.kind.Choice.Locked, f.vis.Choice.Values, f.vis.Choice.Locked)
	}
	if f.occurred.Value() != "2026-03-04" {
		t.Fatalf("occurred defaults to %q, want today", f.occurred.Value())
	}
	if got := ansi.Strip(hs.view()); !strings.Contains(got, "residents add reports") {
		t.Fatalf("the locked kind is not explained:\n%s", got)
	}
	// Focus skips the locked kind: it starts on the date.
	hs.keys("ctrl+u", "2026-03-01", "tab", "Bags dumped again behind the bakery on Sunday night.", "ctrl+s")
	if hs.app.active != screenDetail {
		t.Fatalf("not saved: %q", f.Banner)
	}
	var got model.Evidence
	for _, e := range st.evidence {
		if e.ProblemID == 1 {
			got = e
		}
	}
	if got.Kind != model.EvidenceReport || got.Text != "Bags dumped again behind the bakery on Sunday night." ||
		!got.Occurred.Equal(day(-3)) || got.Agency != "residents" || got.LoggedBy != member.Name || got.Visibility.String() != "panel" {
		t.Fatalf("stored %+v", got)
	}
	if l := rowText(t, detailContent(hs), "2026-03-01"); !strings.Contains(l, "REPORT") || !strings.Contains(l, "Dee Okafor") {
		t.Fatalf("the new entry is not labelled a report: %q", l)
	}
}

// detailContent is the detail's whole content, not only what is in view.
func detailContent(hs *harness) string { return hs.app.detail().vp.GetContent() }

func TestOfficerChoosesTheEvidenceKind(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.openProblem(2) // police-only
	hs.keys("v")
	f := hs.app.evidence()
	if got := f.kind.Choice.Values; !slices.Equal(got, []string{"fact", "report", "opinion"}) || f.kind.Choice.Locked {
		t.Fatalf("kinds = %v (locked %v)", got, f.kind.Choice.Locked)
	}
	if got := f.vis.Choice.Values; !slices.Equal(got, []string{"agencies:police"}) {
		t.Fatalf("visibility on a police-only problem offers %v", got)
	}
	hs.keys("left", "tab", "tab", "Two arrests for possession with intent on 3 March.", "ctrl+s")
	if hs.app.active != screenDetail {
		t.Fatalf("not saved: %q", f.Banner)
	}
	if !strings.Contains(hs.app.status.text, "Added a fact to problem P2") {
		t.Fatalf("status = %+v", hs.app.status)
	}
	if !strings.Contains(detailContent(hs), "Two arrests") {
		t.Fatal("the new fact is not in the log")
	}
}

func TestEvidenceDateErrorKeepsText(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.openProblem(4)
	hs.keys("v", "tab", "ctrl+u", "last week", "tab", "Patrols saw the gate open at 11pm.", "ctrl+s")
	f := hs.app.evidence()
	if f == nil || !strings.Contains(f.occurred.Err, "use a date like") || f.text.Value() != "Patrols saw the gate open at 11pm." ||
		f.occurred.Value() != "last week" {
		t.Fatalf("occurred err %q; text %q", f.occurred.Err, f.Values())
	}
}

func TestCancelTaskFormsLeavesStoreUntouched(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.openProblem(4)
	hs.keys("a", "Something", "esc", "esc")
	if hs.app.active != screenDetail || hs.app.actionForm() != nil {
		t.Fatalf("esc from the action form: screen %v", hs.app.active)
	}
	hs.keys("v", "Something", "esc", "esc")
	if hs.app.active != screenDetail || hs.app.evidence() != nil {
		t.Fatalf("esc from the evidence form: screen %v", hs.app.active)
	}
	if len(st.actions) != 8 || len(st.evidence) != 4 {
		t.Fatal("cancel saved")
	}
}

func TestTaskFormKeysAreTypedNotObeyed(t *testing.T) {
	hs := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
	hs.openProblem(4)
	hs.keys("a", "q? jk/snow tvaeos")
	if hs.quit || hs.app.active != screenActionForm {
		t.Fatal("a letter typed in the form acted as a command")
	}
	if got := hs.app.actionForm().title.Value(); got != "q? jk/snow tvaeos" {
		t.Fatalf("title = %q", got)
	}
}

func TestVisibilityFollowsTheOwner(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.openProblem(1) // panel-wide, council leads
	hs.keys("a")
	f := hs.app.actionForm()
	if got := f.owner.Value(); got != "council" {
		t.Fatalf("owner = %q", got)
	}
	// Owned by council, raised by police: restricting it must keep council in.
	if got := f.vis.Choice.Values; !slices.Equal(got, []string{"panel", "agencies:council,police", "agencies:council,police+officers",
		"agencies:council,housing,police", "agencies:council,housing,police+officers"}) {
		t.Fatalf("visibility for a council action offers %v", got)
	}
	hs.keys("Clear the service road", "tab", "tab", "right", "right") // owner council → housing → police
	if got := f.owner.Value(); got != "police" {
		t.Fatalf("owner = %q", got)
	}
	if got := f.vis.Choice.Values; !slices.Equal(got[:2], []string{"panel", "agencies:police"}) || !slices.Contains(got, "agencies:housing,police") {
		t.Fatalf("visibility for a police action offers %v", got)
	}
	// Restrict to police, then hand it to housing: the choice stays (never
	// silently widened) and saving says why it cannot be.
	hs.keys("tab", "tab", "tab", "tab", "right") // due, description, problem, visible to
	if got := f.vis.Value(); got != "agencies:police" {
		t.Fatalf("visibility = %q", got)
	}
	hs.keys("shift+tab", "shift+tab", "shift+tab", "shift+tab", "left")
	if got := f.owner.Value(); got != "housing" || f.vis.Value() != "agencies:police" {
		t.Fatalf("owner %q, visibility %q", got, f.vis.Value())
	}
	hs.keys("ctrl+s")
	if hs.app.active != screenActionForm || !strings.Contains(f.vis.Err, "owner agency (housing) must be able to see") {
		t.Fatalf("screen %v, visibility error %q, banner %q", hs.app.active, f.vis.Err, f.Banner)
	}
	if f.title.Value() != "Clear the service road" {
		t.Fatal("typed text lost")
	}
}

func TestReloadKeepsDetailScrollAndSelection(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.openProblem(4)
	hs.keys("tab", "tab", "down", "down", "down")
	d := hs.app.detail()
	off, sel := d.vp.YOffset(), d.sel
	// Another session raises an action on the same problem, due first.
	st.putAction(model.Action{Ward: wardA, ProblemID: 4, Title: "Tell residents about the gates", OwnerAgency: "council",
		Due: day(-5), Status: model.ActionOpen, Visibility: model.Panel, Version: 1})
	hs.send(StoreChangedMsg{Revision: 12})
	d = hs.app.detail()
	if len(d.actions) != 3 || d.sel != sel || d.actions[d.selIdx].ID != sel {
		t.Fatalf("selection #%d (idx %d) of %d actions, want #%d", d.sel, d.selIdx, len(d.actions), sel)
	}
	if d.vp.YOffset() != off {
		t.Fatalf("scroll went from %d to %d", off, d.vp.YOffset())
	}

	hs.keys("enter", "down", "down")
	ad := hs.app.action()
	off = ad.vp.YOffset()
	a := st.getAction(sel)
	a.Assignee, a.Version = "Someone Else", 2
	st.putAction(a)
	hs.send(StoreChangedMsg{Revision: 13})
	ad = hs.app.action()
	if ad.a.Assignee != "Someone Else" || ad.vp.YOffset() != off {
		t.Fatalf("action detail: assignee %q, scroll %d→%d", ad.a.Assignee, off, ad.vp.YOffset())
	}
}

// An action raised from the Actions screen may name its problem (issue
// 17): the form's Problem choice starts at none and offers the ward's
// open problems by their P reference.
func TestNewActionFromTheActionsScreenNamesItsProblem(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.keys("t", "n")
	f := hs.app.actionForm()
	if f == nil || f.prob == nil || f.prob.Value() != "" {
		t.Fatal("the new-action form has no Problem choice starting at none")
	}
	if !slices.ContainsFunc(f.prob.Choice.Names, func(n string) bool { return strings.HasPrefix(n, "P4 ") }) {
		t.Fatalf("problems offered: %q", f.prob.Choice.Names)
	}
	hs.keys("Leaflet Elm Grove", "tab", "tab", "tab", "tab", "tab")
	for f.prob.Value() != "4" {
		hs.keys("right")
	}
	hs.keys("ctrl+s")
	if hs.app.active == screenActionForm {
		t.Fatalf("not saved: banner %q, errors %q", f.Banner, f.Values())
	}
	a := st.getAction(9)
	if a.ProblemID != 4 || a.Title != "Leaflet Elm Grove" {
		t.Fatalf("stored %+v; want on problem 4", a)
	}
}
