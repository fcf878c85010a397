package tui

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// The fixture's actions as Asha (police officer) sees them in Northfield,
// by due date with closed ones last: #1 (overdue), #2 and #4 (due soon),
// #6, #3 (police-only), then #5 (done). #7 is officers-only, #8 elsewhere.

// actionIDs lists the actions screen's rows in order.
func (hs *harness) actionIDs() []model.ID { return hs.app.actions().State().Shown }

func (hs *harness) cursorAction() model.ID {
	a, _ := hs.app.actions().Current()
	return a.ID
}

func TestActionsScreenFromTheBoardAndBack(t *testing.T) {
	hs := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
	if !strings.Contains(ansi.Strip(hs.view()), "t actions") {
		t.Fatal("the board's help does not offer t")
	}
	hs.keys("t")
	if hs.app.active != screenActions {
		t.Fatalf("t opened screen %v", hs.app.active)
	}
	v := ansi.Strip(hs.view())
	for _, want := range []string{"Actions · 6/6 · view all", "1 overdue", "2 due soon", "esc board", "Fit gates at both ends"} {
		if !strings.Contains(v, want) {
			t.Errorf("actions screen lacks %q:\n%s", want, v)
		}
	}
	hs.keys("esc")
	if hs.app.active != screenBoard {
		t.Fatal("esc did not return to the board")
	}
	hs.keys("t", "t")
	if hs.app.active != screenBoard {
		t.Fatal("t did not toggle back to the board")
	}
}

func TestActionViews(t *testing.T) {
	tests := []struct {
		name string
		user model.User
		keys []string
		want []model.ID
		bar  string
	}{
		{"all, by due date, closed last", officer, nil, []model.ID{1, 2, 4, 6, 3, 5}, "view all"},
		{"mine: assigned to me, or my agency's with nobody named", officer, []string{"v"}, []model.ID{2}, "view mine"},
		{"overdue", officer, []string{"v", "v"}, []model.ID{1}, "view overdue"},
		{"by agency starts at the first owner", officer, []string{"v", "v", "v"}, []model.ID{1, 4, 6}, "view agency council"},
		{"a cycles the agency", officer, []string{"v", "v", "v", "a"}, []model.ID{5}, "view agency housing"},
		{"a enters the agency view", officer, []string{"a"}, []model.ID{1, 4, 6}, "view agency council"},
		{"a cycles back round", officer, []string{"a", "a", "a", "a"}, []model.ID{1, 4, 6}, "view agency council"},
		{"police actions", officer, []string{"a", "a", "a"}, []model.ID{2, 3}, "view agency police"},
		{"v after agency is all again", officer, []string{"a", "v"}, []model.ID{1, 2, 4, 6, 3, 5}, "view all"},
		{"the chair sees officers-only, not police-only", chair, nil, []model.ID{1, 2, 4, 6, 7, 5}, "view all"},
		{"the chair's own", chair, []string{"v"}, []model.ID{4, 6, 7}, "view mine"},
		{"a resident sees panel-wide actions", member, nil, []model.ID{1, 2, 4, 6, 5}, "view all"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newHarness(t, userOpts(newFakeStore(), tt.user), 80, 24)
			hs.keys("t")
			hs.keys(tt.keys...)
			if got := hs.actionIDs(); !slices.Equal(got, tt.want) {
				t.Fatalf("rows = %v, want %v", got, tt.want)
			}
			if got := ansi.Strip(hs.view()); !strings.Contains(got, tt.bar) {
				t.Fatalf("bar does not say %q:\n%s", tt.bar, got)
			}
			// Whatever the view, nothing the user may not see.
			for _, id := range hs.actionIDs() {
				all := hs.app.actions().State().All
				if !model.CanSeeAction(tt.user, all[slices.IndexFunc(all, func(a model.Action) bool { return a.ID == id })]) {
					t.Fatalf("#%d is listed but not visible to %s", id, tt.user.Name)
				}
			}
		})
	}
}

// leakyActions ignores visibility, as a buggy store might.
type leakyActions struct{ *fakeStore }

func (s leakyActions) Actions(_ model.User, ward string) ([]model.Action, error) {
	return s.fakeStore.Actions(chair, ward) // the chair sees #7, officers-only
}

func (s leakyActions) ProblemActions(_ model.User, id model.ID) ([]model.Action, error) {
	return s.fakeStore.ProblemActions(chair, id)
}

func TestActionsFilteredEvenIfTheStoreDoesNot(t *testing.T) {
	hs := newHarness(t, Options{Store: leakyActions{newFakeStore()}, User: &officer, Now: fixedNow}, 80, 24)
	hs.keys("t")
	if slices.Contains(hs.actionIDs(), 7) {
		t.Fatal("an officers-only action reached a police officer's list")
	}
}

func TestDueMarkersAtTheBoundaries(t *testing.T) {
	tests := []struct {
		name   string
		due    time.Time
		status model.ActionStatus
		now    time.Time
		want   ui.Due
		word   string
	}{
		{"due yesterday", day(-1), model.ActionOpen, tNow, ui.DueOverdue, "overdue"},
		{"due today is not overdue", day(0), model.ActionOpen, tNow, ui.DueSoon, "due soon"},
		{"due today, last minute of the day", day(0), model.ActionOpen, model.DateOnly(tNow).Add(24*time.Hour - time.Minute), ui.DueSoon, "due soon"},
		{"due today, first minute of tomorrow", day(0), model.ActionOpen, model.DateOnly(tNow).Add(24 * time.Hour), ui.DueOverdue, "overdue"},
		{"due in 7 days is soon", day(model.DueSoonDays), model.ActionOpen, tNow, ui.DueSoon, "due soon"},
		{"due in 8 days is not", day(model.DueSoonDays + 1), model.ActionOpen, tNow, ui.DueLater, ""},
		{"blocked and late is overdue", day(-3), model.ActionBlocked, tNow, ui.DueOverdue, "overdue"},
		{"done is never overdue", day(-3), model.ActionDone, tNow, ui.DueClosed, ""},
		{"cancelled is never due soon", day(1), model.ActionCancelled, tNow, ui.DueClosed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newFakeStore()
			st.actions = map[model.ID]model.Action{}
			st.putAction(model.Action{ID: 1, Ward: wardA, Title: "The only action", OwnerAgency: "council",
				Due: tt.due, Status: tt.status, Visibility: model.Panel, Version: 1})
			o := userOpts(st, officer)
			now := tt.now
			o.Now = func() time.Time { return now }
			hs := newHarness(t, o, 80, 24)
			hs.keys("t")
			a := st.getAction(1)
			if got := ui.NewDueClock(now).Of(&a); got != tt.want {
				t.Fatalf("due state = %v, want %v", got, tt.want)
			}
			row := rowText(t, hs.view(), "The only action")
			for _, w := range []string{"overdue", "due soon"} {
				if has := strings.Contains(row, w); has != (w == tt.word) {
					t.Fatalf("row %q: marker %q present = %v", row, w, has)
				}
			}
			// The overdue view agrees with the marker.
			hs.keys("v", "v")
			if got := len(hs.actionIDs()) == 1; got != (tt.want == ui.DueOverdue) {
				t.Fatalf("overdue view lists it = %v, marker %v", got, tt.want)
			}
		})
	}
}

// rowText finds the screen line holding text, without styling.
func rowText(t *testing.T, view, text string) string {
	t.Helper()
	for _, l := range strings.Split(ansi.Strip(view), "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	t.Fatalf("no line holds %q:\n%s", text, ansi.Strip(view))
	return ""
}

func TestMarkersSurviveNoColourAndNarrowScreens(t *testing.T) {
	for _, w := range []int{40, 60, 80, 120} {
		hs := newHarness(t, userOpts(newFakeStore(), officer), w, 24)
		hs.keys("t")
		v := hs.view()
		if !strings.Contains(rowText(t, v, "Fit gates"), "overdue") {
			t.Errorf("at %d columns the overdue row has no marker", w)
		}
		if !strings.Contains(rowText(t, v, "Door-knock"), "due soon") {
			t.Errorf("at %d columns the due-soon row has no marker", w)
		}
		if strings.Contains(rowText(t, v, "Youth outreach"), "overdue") {
			t.Errorf("at %d columns a done action is marked overdue", w)
		}
	}
}

func TestStatusChooserOffersOnlyAllowedMoves(t *testing.T) {
	for _, from := range model.ActionStatuses {
		t.Run(string(from), func(t *testing.T) {
			st := newFakeStore()
			a := st.getAction(2) // Asha's own: she may change it
			a.Status = from
			st.putAction(a)
			hs := newHarness(t, userOpts(st, officer), 80, 24)
			hs.keys("t")
			for hs.cursorAction() != 2 {
				hs.keys("down")
			}
			hs.keys("s")
			if hs.app.active != screenStatus {
				t.Fatalf("s opened screen %v", hs.app.active)
			}
			var want []model.ActionStatus
			for _, to := range model.ActionStatuses {
				if from.CheckMove(to) == nil {
					want = append(want, to)
				}
			}
			if got := hs.app.chooser().options; !slices.Equal(got, want) {
				t.Fatalf("from %s offers %v, want %v", from, got, want)
			}
			v := ansi.Strip(hs.view())
			for _, to := range model.ActionStatuses {
				offered := strings.Contains(v, "  "+string(to)+"\n") || strings.Contains(v, "> "+string(to))
				if offered != slices.Contains(want, to) {
					t.Errorf("%s drawn as a choice = %v:\n%s", to, offered, v)
				}
			}
		})
	}
}

func TestStatusChangeSavesAndFollowsTheAction(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.keys("t", "s") // #1, in progress: open, blocked, done, cancelled
	hs.keys("down", "down", "enter")
	if got := st.getAction(1); got.Status != model.ActionDone || got.Version != 2 || got.UpdatedBy != officer.Name {
		t.Fatalf("stored %s v%d by %s", got.Status, got.Version, got.UpdatedBy)
	}
	if hs.app.active != screenActions || !strings.Contains(hs.app.status.text, "Action A1 is now done") {
		t.Fatalf("screen %v, status %+v", hs.app.active, hs.app.status)
	}
	// Done actions sort last; the cursor went with it.
	if got := hs.actionIDs(); got[len(got)-1] != 1 || hs.cursorAction() != 1 {
		t.Fatalf("rows %v, cursor on #%d", got, hs.cursorAction())
	}
}

func TestStatusConflictNamesWhoAndOffersTheNewMoves(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.keys("t", "s", "down", "down") // #1 in progress, cursor on done
	theirs := st.getAction(1)
	theirs.Status, theirs.Version = model.ActionBlocked, 2
	theirs.UpdatedBy, theirs.UpdatedAt = "Sam Reid", time.Date(2026, 3, 4, 9, 45, 0, 0, time.UTC)
	st.putAction(theirs)
	hs.keys("enter")
	c := hs.app.chooser()
	if hs.app.active != screenStatus || c == nil {
		t.Fatal("the chooser closed on a conflict")
	}
	if !strings.Contains(ansi.Strip(hs.view()), "Sam Reid changed this action at 09:45") {
		t.Fatalf("conflict does not say who and when:\n%s", ansi.Strip(hs.view()))
	}
	if want := []model.ActionStatus{model.ActionOpen, model.ActionInProgress, model.ActionDone, model.ActionCancelled}; !slices.Equal(c.options, want) {
		t.Fatalf("after the conflict the choices are %v, want %v", c.options, want)
	}
	if c.options[c.cursor] != model.ActionDone {
		t.Fatalf("the choice moved to %s", c.options[c.cursor])
	}
	hs.keys("enter")
	if got := st.getAction(1); got.Status != model.ActionDone || got.Version != 3 {
		t.Fatalf("second try stored %s v%d", got.Status, got.Version)
	}
}

func TestStatusAndOutcomeOnlyForThoseWhoWorkOnIt(t *testing.T) {
	// Dee, a resident, sees panel actions but works on none of them.
	hs := newHarness(t, userOpts(newFakeStore(), member), 80, 24)
	hs.keys("t", "s")
	if hs.app.active != screenActions {
		t.Fatal("a resident opened the status chooser")
	}
	hs.keys("o", "e", "n")
	if hs.app.active != screenActions {
		t.Fatalf("a resident opened screen %v", hs.app.active)
	}
	for _, no := range []string{"s status", "o outcome", "n new"} {
		if strings.Contains(ansi.Strip(hs.view()), no) {
			t.Errorf("help offers %q to a resident", no)
		}
	}
}

func TestListCursorKeptByIDWhenAnActionIsAddedAbove(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.keys("t", "down", "down") // #1, #2, [#4]
	if hs.cursorAction() != 4 {
		t.Fatalf("cursor on #%d", hs.cursorAction())
	}
	hs.keys("a") // council's: #1, [#4], #6 — a view that must survive the reload too
	if hs.cursorAction() != 4 {
		t.Fatalf("the agency view moved the cursor to #%d", hs.cursorAction())
	}
	st.putAction(model.Action{Ward: wardA, Title: "Urgent: board up the empty flat", OwnerAgency: "council",
		Due: day(0), Status: model.ActionOpen, Visibility: model.Panel, Version: 1})
	hs.send(StoreChangedMsg{Revision: 5})
	if got := hs.actionIDs(); !slices.Equal(got, []model.ID{1, 9, 4, 6}) {
		t.Fatalf("rows = %v", got)
	}
	if hs.cursorAction() != 4 {
		t.Fatalf("after the reload the cursor is on #%d, want #4", hs.cursorAction())
	}
	if strings.Count(hs.view(), "> ") != 1 || !strings.Contains(rowText(t, hs.view(), "Clear the fly-tip"), "> ") {
		t.Fatalf("the highlighted row is not #4:\n%s", ansi.Strip(hs.view()))
	}
}

func TestListKeepsTheViewAndPlaceWhenTheSelectedActionGoes(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.keys("t", "a", "a", "a", "down") // police: #2, [#3]
	// Handed to the council and restricted to the panel officers: the
	// police no longer own it, so it leaves their screen.
	a := st.getAction(3)
	a.OwnerAgency, a.Assignee, a.Visibility = "council", "", model.Visibility{Kind: model.VisOfficers}
	st.putAction(a)
	hs.send(StoreChangedMsg{Revision: 6})
	if got, l := hs.actionIDs(), hs.app.actions().State(); !slices.Equal(got, []model.ID{2}) || l.Agency != "police" {
		t.Fatalf("rows %v in view %s %s", got, l.View, l.Agency)
	}
	if hs.cursorAction() != 2 {
		t.Fatalf("cursor on #%d", hs.cursorAction())
	}
}

func TestActionDetailShowsOutcomesAndLeavesWhenRestricted(t *testing.T) {
	st := newFakeStore()
	hs := newHarness(t, userOpts(st, council), 100, 40)
	hs.keys("t", "enter")
	if hs.app.active != screenAction || hs.app.action().a.ID != 1 {
		t.Fatalf("enter opened %v #%d", hs.app.active, hs.app.action().a.ID)
	}
	v := ansi.Strip(hs.view())
	for _, want := range []string{"Action A1 Fit gates", "P4 Burglary hotspot on Elm Grove", "overdue by 2 days", "Sam Reid",
		"Outcomes (2)", "ENGAGEMENT", "ENVIRONMENTAL-CHANGE", "waits on a lock", "s status", "o outcome", "p its problem"} {
		if !strings.Contains(v, want) {
			t.Errorf("action detail lacks %q", want)
		}
	}
	if t.Failed() {
		t.Fatal(v)
	}
	// Handed to the police and restricted to them: the council, no longer
	// its owner, loses sight of it.
	a := st.getAction(1)
	a.OwnerAgency, a.Assignee, a.Visibility = "police", "", model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}
	st.putAction(a)
	hs.send(StoreChangedMsg{Revision: 7})
	if hs.app.active != screenActions {
		t.Fatalf("a restricted action stayed on screen (%v)", hs.app.active)
	}
	if strings.Contains(ansi.Strip(hs.view()), "Fit gates") || !strings.Contains(hs.app.status.text, "A1") {
		t.Fatalf("status %+v; screen:\n%s", hs.app.status, ansi.Strip(hs.view()))
	}
}

func TestProblemDetailListsActionsAndEvidence(t *testing.T) {
	hs := newHarness(t, userOpts(newFakeStore(), officer), 100, 60)
	hs.keys("enter") // #4
	v := ansi.Strip(hs.view())
	for _, want := range []string{
		"Actions (2)", "Fit gates at both ends", "overdue", "Door-knock", "due soon",
		"Evidence (3)", "FACT", "police · Asha Patel", "REPORT", "residents · Dee Okafor", "OPINION", "council · Sam Reid",
		"a raise action", "v evidence", "tab select action",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("problem detail lacks %q", want)
		}
	}
	if t.Failed() {
		t.Fatal(v)
	}
	// Kinds are labelled before the text, on the line that names who.
	if l := rowText(t, v, "Dee Okafor"); !strings.Contains(l, "REPORT") || strings.Contains(l, "FACT") {
		t.Fatalf("the resident's entry is not labelled a report: %q", l)
	}
}

func TestProblemDetailOpensItsActions(t *testing.T) {
	hs := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
	hs.keys("enter", "enter")
	if hs.app.active != screenDetail {
		t.Fatal("enter with no action selected left the detail")
	}
	hs.keys("tab", "tab")
	if d := hs.app.detail(); d.sel != 2 {
		t.Fatalf("tab tab selected #%d, want #2", d.sel)
	}
	if !strings.Contains(rowText(t, hs.view(), "Door-knock"), "> ") {
		t.Fatalf("the selected action is not in view and marked:\n%s", ansi.Strip(hs.view()))
	}
	hs.keys("enter")
	if hs.app.active != screenAction || hs.app.action().a.ID != 2 {
		t.Fatalf("enter opened %v #%d", hs.app.active, hs.app.action().a.ID)
	}
	// p goes back to the problem already under it, not a second copy.
	hs.keys("p")
	if hs.app.active != screenDetail || len(hs.app.stack) != 1 {
		t.Fatalf("p: screen %v, stack %v", hs.app.active, hs.app.stack)
	}
	hs.keys("esc")
	if hs.app.active != screenBoard {
		t.Fatal("esc did not return to the board")
	}
}

func TestLiveIndicator(t *testing.T) {
	for _, live := range []bool{false, true} {
		for _, w := range []int{40, 80, 120} {
			o := userOpts(newFakeStore(), officer)
			o.Live = live
			hs := newHarness(t, o, w, 24)
			head := ansi.Strip(hs.app.c.headerView())
			if got := strings.Contains(head, "●"); got != live {
				t.Errorf("live %v at %d: header %q", live, w, head)
			}
			if live && w >= 80 && !strings.Contains(head, "● live") {
				t.Errorf("at %d the indicator does not say live: %q", w, head)
			}
			if !strings.Contains(head, officer.Name) {
				t.Errorf("the live marker pushed out the name at %d: %q", w, head)
			}
		}
	}
}

func TestObserverCannotRaiseOrAddEvidence(t *testing.T) {
	hs := newHarness(t, userOpts(newFakeStore(), watcher), 80, 24)
	hs.keys("enter", "a", "v")
	if hs.app.active != screenDetail {
		t.Fatalf("an observer opened screen %v", hs.app.active)
	}
	if v := ansi.Strip(hs.view()); strings.Contains(v, "raise action") || strings.Contains(v, "v evidence") {
		t.Fatalf("help offers an observer what they cannot do:\n%s", v)
	}
}

func TestBackgroundAnswerRestylesTaskingScreens(t *testing.T) {
	for _, keys := range [][]string{{"t"}, {"t", "enter"}, {"enter"}, {"t", "s"}, {"enter", "a"}} {
		hs := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
		hs.keys(keys...)
		dark := hs.view()
		hs.send(tea.BackgroundColorMsg{Color: lightBackground})
		if light := hs.view(); ansi.Strip(dark) != ansi.Strip(light) {
			t.Errorf("%v: restyling changed the text", keys)
		}
	}
}

var lightBackground = lipgloss.Color("#ffffff")

// ui.DueClock reimplements model.Action.Overdue and DueSoon for speed; it
// must agree with them everywhere.
func TestDueClockAgreesWithTheModel(t *testing.T) {
	zones := []*time.Location{time.UTC, time.FixedZone("east", 13*3600), time.FixedZone("west", -11*3600)}
	for _, loc := range zones {
		for _, hour := range []int{0, 1, 12, 23} {
			now := time.Date(2026, 3, 4, hour, 59, 0, 0, loc)
			clock := ui.NewDueClock(now)
			for d := -10; d <= 12; d++ {
				for _, s := range model.ActionStatuses {
					for _, due := range []time.Time{day(d), {}} {
						a := model.Action{Due: due, Status: s}
						want := ui.DueLater
						switch {
						case s.Closed():
							want = ui.DueClosed
						case a.Overdue(now):
							want = ui.DueOverdue
						case a.DueSoon(now):
							want = ui.DueSoon
						}
						if got := clock.Of(&a); got != want {
							t.Fatalf("now %s, due %s, %s: got %v, model says %v", now, dateLabel(due), s, got, want)
						}
					}
				}
			}
		}
	}
}

func TestActionSortIsByDueThenID(t *testing.T) {
	st := newFakeStore()
	st.actions = map[model.ID]model.Action{}
	for i, due := range []time.Time{day(3), day(-2), {}, day(3), day(-400), day(5000)} {
		status := model.ActionOpen
		if i == 1 {
			status = model.ActionDone
		}
		st.putAction(model.Action{ID: model.ID(i + 1), Ward: wardA, Title: "A task", OwnerAgency: "council", Due: due,
			Status: status, Visibility: model.Panel, Version: 1})
	}
	hs := newHarness(t, userOpts(st, officer), 80, 24)
	hs.keys("t")
	if got, want := hs.actionIDs(), []model.ID{3, 5, 1, 4, 6, 2}; !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v (no date, long overdue, ties by ID, far future, then closed)", got, want)
	}
}
