package tui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
)

func TestCreateProblem(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.keys("n", "Graffiti on the underpass", "tab", "Station Road underpass", "tab",
		"Tags reappear within days.", "enter", "Second line.",
		"tab", "right", // category: other -> asb
		"tab", "l", // stage: scanning -> analysis
		"tab", "h", // priority: medium -> high
		"tab", "right", "right", // lead: none -> council -> housing
		"tab", "right", // visibility: panel -> only police
		"ctrl+s")
	if hs.app.active != screenDetail {
		t.Fatalf("after save the screen is %v; status %+v", hs.app.active, hs.app.status)
	}
	p := st.get(8)
	want := model.Problem{
		ID: 8, Ward: wardA, Title: "Graffiti on the underpass", Location: "Station Road underpass",
		Description: "Tags reappear within days.\nSecond line.", Category: "asb", Stage: model.StageAnalysis,
		Priority: model.PriorityHigh, LeadAgency: "housing",
		Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}},
	}
	if p.Title != want.Title || p.Location != want.Location || p.Description != want.Description ||
		p.Category != want.Category || p.Stage != want.Stage || p.Priority != want.Priority ||
		p.LeadAgency != want.LeadAgency || p.Visibility.String() != want.Visibility.String() || p.Ward != wardA {
		t.Fatalf("saved %+v\nwant  %+v", p, want)
	}
	if !strings.Contains(hs.app.status.text, "Added P8") {
		t.Fatalf("status = %+v", hs.app.status)
	}
	hs.keys("esc")
	if cur, _ := hs.app.board().Current(); cur.ID != 8 {
		t.Fatalf("board cursor on #%d, want the new #8", cur.ID)
	}
}

func TestValidationErrorKeepsTypedText(t *testing.T) {
	tests := []struct {
		name    string
		title   string
		field   int
		message string
	}{
		{"empty title", "", fTitle, "a title is required"},
		{"short title", "ab", fTitle, "say a little more"},
		{"long title", strings.Repeat("x", model.MaxTitleLen+5), fTitle, "at most 120 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newFakeStore()
			hs := newHarness(t, userOpts(st, member), 80, 24)
			hs.keys("n", tt.title, "tab", "By the shops", "tab", "It happens every night.", "ctrl+s")
			f := hs.app.form()
			if hs.app.active != screenForm || f == nil {
				t.Fatal("the form closed on a validation error")
			}
			if f.fields[tt.field].Err == "" || !strings.Contains(f.fields[tt.field].Err, tt.message) {
				t.Fatalf("field error = %q, want %q", f.fields[tt.field].Err, tt.message)
			}
			if f.Focus != tt.field {
				t.Fatalf("focus on %d, want the field at fault (%d)", f.Focus, tt.field)
			}
			if f.fields[fTitle].Value() != tt.title || f.fields[fLocation].Value() != "By the shops" || f.fields[fDesc].Value() != "It happens every night." {
				t.Fatalf("typed text lost: %q %q %q", f.fields[fTitle].Value(), f.fields[fLocation].Value(), f.fields[fDesc].Value())
			}
			if got := ansi.Strip(hs.view()); !strings.Contains(got, "! "+tt.message) {
				t.Fatalf("error not shown under the field:\n%s", got)
			}
			if len(st.problems) != 7 {
				t.Fatal("an invalid problem was stored")
			}
		})
	}
}

func TestForbiddenErrorShownInForm(t *testing.T) {
	st := newFakeStore()
	u := officer
	u.Wards = []string{wardA}
	hs := newHarness(t, userOpts(st, u), 80, 24)
	hs.keys("n", "Noise from the late bar")
	// Someone removed Asha from the ward after the board loaded.
	hs.app.c.user.Wards = []string{wardB}
	hs.app.c.actor.User.Wards = []string{wardB}
	hs.keys("ctrl+s")
	f := hs.app.form()
	if f == nil || !strings.Contains(f.Banner, "not a member of ward") {
		t.Fatalf("banner = %q", f.Banner)
	}
	if f.fields[fTitle].Value() != "Noise from the late bar" {
		t.Fatal("typed title lost")
	}
}

func TestConflictKeepsTypedTextAndSaysWho(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.keys("enter", "e") // edit #4 at version 1
	f := hs.app.form()
	if f == nil || f.Base().ID != 4 || f.Base().Version != 1 {
		t.Fatalf("form not editing #4 v1: %+v", f)
	}
	hs.keys("ctrl+u", "Burglaries on Elm Grove and the alley", "tab", "tab", "ctrl+e", " Gates fitted 3 March.")
	mineTitle, mineDesc := f.fields[fTitle].Value(), f.fields[fDesc].Value()

	// Carol saves the same problem first.
	theirs := st.get(4)
	theirs.Title = "Burglary hotspot: Elm Grove (reviewed)"
	theirs.Version = 2
	theirs.UpdatedBy = "Carol Hughes"
	theirs.UpdatedAt = time.Date(2026, 3, 4, 10, 30, 0, 0, time.UTC)
	st.put(theirs)

	hs.keys("ctrl+s")
	if hs.app.active != screenForm {
		t.Fatal("the form closed on a conflict")
	}
	if f.fields[fTitle].Value() != mineTitle || f.fields[fDesc].Value() != mineDesc {
		t.Fatal("typed text lost on conflict")
	}
	got := ansi.Strip(hs.view())
	if !strings.Contains(f.Banner, "Changed by Carol Hughes at 10:30") || !strings.Contains(got, "Changed by Carol Hughes") {
		t.Fatalf("conflict does not say who and when: %q\n%s", f.Banner, got)
	}
	if !strings.Contains(got, "ctrl+r") {
		t.Fatalf("no way forward offered:\n%s", got)
	}

	// ctrl+r loads Carol's version; what Asha typed stays on screen.
	hs.keys("ctrl+r")
	if f.fields[fTitle].Value() != theirs.Title || f.Base().Version != 2 {
		t.Fatalf("reload did not load their version: %q v%d", f.fields[fTitle].Value(), f.Base().Version)
	}
	if f.Mine == nil || f.Mine[fTitle] != mineTitle || f.Mine[fDesc] != mineDesc {
		t.Fatalf("typed text not kept after reload: %q", f.Mine)
	}
	got = ansi.Strip(hs.view())
	if !strings.Contains(got, "Your text") || !strings.Contains(got, mineTitle) {
		t.Fatalf("typed text not shown after reload:\n%s", got)
	}

	// ctrl+o puts it back, and the save now starts from version 2.
	hs.keys("ctrl+o", "ctrl+s")
	if hs.app.active != screenDetail {
		t.Fatalf("save after reload failed: banner %q", f.Banner)
	}
	saved := st.get(4)
	if saved.Version != 3 || saved.Title != mineTitle || saved.Description != mineDesc {
		t.Fatalf("saved %q v%d", saved.Title, saved.Version)
	}
}

func TestFormWarnsEarlyWhenSomeoneSaves(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.keys("enter", "e", " (draft)")
	p := st.get(4)
	p.Version, p.UpdatedBy = 2, "Sam Reid"
	st.put(p)
	hs.send(StoreChangedMsg{Revision: 9})
	f := hs.app.form()
	if !f.Newer || !strings.Contains(f.Info, "Sam Reid") {
		t.Fatalf("no early warning: %q", f.Info)
	}
	if !strings.HasSuffix(f.fields[fTitle].Value(), " (draft)") {
		t.Fatal("typed text lost on a store change")
	}
}

func TestCancelLeavesStoreUntouched(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.keys("enter", "e", "ctrl+u", "Changed my mind", "esc")
	if hs.app.active != screenForm || !strings.Contains(hs.text(), "press esc again to discard") {
		t.Fatalf("esc threw away a changed form without asking: screen %v", hs.app.active)
	}
	hs.keys("esc")
	if hs.app.active != screenDetail {
		t.Fatalf("esc went to %v, want the detail it came from", hs.app.active)
	}
	if st.get(4).Title != "Burglary hotspot on Elm Grove" || st.get(4).Version != 1 {
		t.Fatal("cancel saved")
	}
	hs.keys("esc", "n", "esc")
	if hs.app.active != screenBoard {
		t.Fatal("esc from a new problem should return to the board")
	}
}

func TestVisibilityChoicesFollowTheRules(t *testing.T) {
	tests := []struct {
		name   string
		user   model.User
		want   []string
		locked bool
	}{
		{"member proposes panel-wide only", member, []string{"panel"}, true},
		// Any set of the ward's agencies that takes in the user's own, with
		// or without the panel officers: "housing and police" among them.
		{"officer may restrict to own agency, alone or with others", officer, []string{"panel",
			"agencies:police", "agencies:police+officers", "agencies:council,police", "agencies:council,police+officers",
			"agencies:housing,police", "agencies:housing,police+officers",
			"agencies:council,housing,police", "agencies:council,housing,police+officers"}, false},
		// A panel officer may also leave their own agency out, as long as the officers are in.
		{"chair may restrict to officers", chair, []string{"panel", "officers",
			"agencies:council", "agencies:council+officers", "agencies:housing+officers", "agencies:police+officers",
			"agencies:council,housing", "agencies:council,housing+officers", "agencies:council,police", "agencies:council,police+officers",
			"agencies:housing,police+officers", "agencies:council,housing,police", "agencies:council,housing,police+officers"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newHarness(t, userOpts(newFakeStore(), tt.user), 80, 24)
			hs.keys("n")
			f := hs.app.form()
			vis := f.fields[fVisibility].Choice
			if !slices.Equal(vis.Values, tt.want) || vis.Locked != tt.locked {
				t.Fatalf("visibility offers %v (locked %v), want %v (locked %v)", vis.Values, vis.Locked, tt.want, tt.locked)
			}
		})
	}
}

func TestMemberCannotChooseRestrictedVisibilityOrStage(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, member), 80, 24)
	hs.keys("n", "Dog fouling in Victoria Park")
	f := hs.app.form()
	seen := map[int]bool{}
	for range 2 * fieldCount {
		hs.keys("tab")
		seen[f.Focus] = true
		hs.keys("right", "right")
	}
	if seen[fStage] || seen[fVisibility] {
		t.Fatalf("tab reached a locked field: %v", seen)
	}
	f.Focus = fVisibility // even if focus got there some other way
	hs.keys("right", "l")
	p := f.build()
	if p.Visibility.Restricted() || p.Stage != model.StageScanning {
		t.Fatalf("member's problem would be %s at %s", p.Visibility, p.Stage)
	}
	if got := ansi.Strip(hs.view()); !strings.Contains(got, "members propose at scanning") {
		t.Fatalf("locked stage not explained:\n%s", got)
	}
	hs.keys("ctrl+s")
	if hs.app.active != screenDetail {
		t.Fatalf("member's proposal not saved: %q", f.Banner)
	}
}

func TestEditOnlyOfferedToEditors(t *testing.T) {
	hs := newHarness(t, userOpts(newFakeStore(), member), 80, 24)
	hs.keys("enter", "e")
	if hs.app.active != screenDetail {
		t.Fatal("a member opened the edit form")
	}
	if strings.Contains(ansi.Strip(hs.view()), "e edit") {
		t.Fatal("help offers e to a member")
	}
}

func TestFormKeysAreTypedNotObeyed(t *testing.T) {
	hs := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
	hs.keys("n", "q? jk/snow")
	if hs.quit || hs.app.active != screenForm {
		t.Fatal("a letter typed in the form acted as a command")
	}
	if got := hs.app.form().fields[fTitle].Value(); got != "q? jk/snow" {
		t.Fatalf("title = %q", got)
	}
}

func TestEditKeepsAVisibilityTheUserCouldNotPick(t *testing.T) {
	st := newFakeStore()
	p := st.get(2)
	p.Visibility = model.Visibility{Kind: model.VisAgencies, Agencies: []string{"housing", "police"}}
	st.put(p)
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.keys("down", "enter", "e")
	if got := hs.app.form().fields[fVisibility].Choice.Value(); got != "agencies:housing,police" {
		t.Fatalf("visibility choice = %q", got)
	}
	hs.keys("end", " (checked)", "ctrl+s")
	saved := st.get(2)
	if saved.Version != 2 || saved.Visibility.String() != "agencies:housing,police" {
		t.Fatalf("saved v%d with visibility %s", saved.Version, saved.Visibility)
	}
}
