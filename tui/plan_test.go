package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"wardpanel/model"
	"wardpanel/store"
)

var police = model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}

// planStore is the fixture with the crime picture imported and a full plan
// on P4 (the Elm Grove burglaries, at assessment): every text, a note for
// the panel and a police-only one, a response carried out by A1 that began
// in March 2024, and a move back to response with its reason.
func planStore(t *testing.T) *store.Store {
	t.Helper()
	st := crimeStore(t)
	by := model.Actor{User: officer, Fingerprint: "SHA256:fixture"}
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.SetPlanScan(by, 4, "crime-picture", model.CrimeFocus{Type: "Burglary", Place: "On or near Elm Grove"}))
	for _, pt := range []struct {
		f    model.PlanField
		text string
	}{
		{model.FieldStatement, "Dwelling burglaries on Elm Grove, odd numbers, at night, entering from the rear alley."},
		{model.FieldVictim, "Households on the odd side backing onto the alley."},
		{model.FieldGuardian, "Neighbours; the residents at 1 and 41."},
		{model.FieldOffender, "Two men seen on the alley wall at night."},
		{model.FieldHandler, "None known."},
		{model.FieldLocation, "The unlit alley behind odd numbers 1-41."},
		{model.FieldPlaceManager, "Borough Council highways (the alley)."},
		{model.FieldAssessment, "Two burglaries since the gates went in, both at the unprotected end."},
	} {
		must(st.SetPlanText(by, 4, pt.f, pt.text, nil, 0))
	}
	must(st.AddPlanNote(by, 4, "Entry in every case through a rear gate left unlocked.", nil))
	must(st.AddPlanNote(by, 4, "Intelligence names a known handler of stolen goods on the estate.", &police))
	must(st.AddResponse(by, 4, model.Response{Side: model.SideLocation, Text: "Gate both ends of the alley.",
		Actions: []model.ID{1}, Began: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}))
	must(st.MoveStage(by, 4, model.StageResponse, "Two more burglaries at the unprotected end: gate it too", 0))
	return st
}

// The plan by stage and the stage timeline, on the problem screen (] jumps
// to the next section), and the move-stage sheet from response: forward to
// assessment, which asks for the assessment summary, or back.
func TestGoldenProblemPlan(t *testing.T) {
	for _, view := range []struct{ name, keys, wait string }{
		{"plan", "]", ""}, {"response", "]]]", ""}, {"assessment", "]]]]", ""}, {"timeline", "]]]]]", ""},
		{"move-stage", "s", "Move P4"},
	} {
		for _, sz := range goldenSizes {
			t.Run(fmt.Sprintf("%s/%dx%d", view.name, sz[0], sz[1]), func(t *testing.T) {
				opts := Options{Store: planStore(t), User: &officer, Fingerprint: "SHA256:golden", Now: fixedNow}
				tm := startLoaded(t, opts, []string{"Speeding"}, press(tea.KeyEnter))
				waitFor(t, tm, "Dwelling burglaries on Elm Grove") // the plan, loaded with the actions
				resize(tm, sz)
				for _, r := range view.keys {
					tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
				}
				if view.wait != "" {
					waitFor(t, tm, view.wait)
				}
				teatest.RequireEqualOutput(t, finalScreen(t, tm))
			})
		}
	}
}

// The board marks a problem past its review date with a word, seen
// without colour.
func TestGoldenBoardPastReview(t *testing.T) {
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			st := realStore(t)
			if _, err := st.SetReview(model.Actor{User: officer}, 4, day(-3)); err != nil {
				t.Fatal(err)
			}
			opts := Options{Store: st, User: &officer, Fingerprint: "SHA256:golden", Now: fixedNow}
			tm := startProgram(t, opts, sz[0], sz[1], colorprofile.NoTTY)
			waitFor(t, tm, "REVIEW")
			teatest.RequireEqualOutput(t, finalScreen(t, tm))
		})
	}
}

// reviewStore is the fake board with review dates: P1 and P4 past, P2
// (police-only) past, P3 due today (not yet past), P5 closed with an old
// date (a closed problem has no review).
func reviewStore() *fakeStore {
	st := newFakeStore()
	for id, due := range map[model.ID]time.Time{1: day(-1), 2: day(-2), 3: day(0), 4: day(-10), 5: day(-5), 6: day(9)} {
		p := st.get(id)
		p.ReviewBy = due
		st.put(p)
	}
	return st
}

// d keeps exactly the problems past their review date that the viewer may
// see, marked REVIEW; pressed again, it shows every problem.
func TestBoardForReviewFilter(t *testing.T) {
	for _, tc := range []struct {
		u    model.User
		want []model.ID
	}{
		{officer, []model.ID{1, 2, 4}},
		{member, []model.ID{1, 4}},
		{chair, []model.ID{1, 4}},
	} {
		t.Run(tc.u.Name, func(t *testing.T) {
			hs := newHarness(t, userOpts(reviewStore(), tc.u), 100, 30)
			all := hs.visibleIDs()
			hs.keys("d")
			got := hs.visibleIDs()
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("for review shows %v, want %v", got, tc.want)
			}
			text := hs.text()
			if !strings.Contains(text, "for review") {
				t.Errorf("the filter bar does not say the filter is on:\n%s", text)
			}
			for _, l := range strings.Split(text, "\n") {
				if strings.Contains(l, "Fly-tipping") && !strings.Contains(l, "REVIEW") {
					t.Errorf("P1 is past review but its row is not marked: %q", l)
				}
			}
			hs.keys("d")
			if got := hs.visibleIDs(); !slices.Equal(got, all) {
				t.Fatalf("d again shows %v, want every problem %v", got, all)
			}
			for _, l := range strings.Split(hs.text(), "\n") {
				if strings.Contains(l, "Youth nuisance") && strings.Contains(l, "REVIEW") {
					t.Errorf("P3 is due today, not past, but is marked: %q", l)
				}
			}
		})
	}
}

// A stage move without a reason is refused with the model's own words, and
// nothing moves; with one, the move is made and the timeline shows it.
func TestMoveStageNeedsAReason(t *testing.T) {
	st := realStore(t)
	hs := newHarness(t, Options{Store: st, User: &council, Fingerprint: "SHA256:t", Now: fixedNow}, 80, 40)
	hs.openProblem(1)
	hs.keys("s")
	if hs.app.active != screenPlanForm {
		t.Fatalf("s opened %v, status %q", hs.app.active, hs.app.status.text)
	}
	hs.keys("ctrl+s")
	want := refusal(model.CheckStageMove(model.StageScanning, model.StageAnalysis, model.Plan{}, ""))
	if text := hs.text(); !strings.Contains(flat(text), strings.TrimSuffix(want[1:], ".")) {
		t.Fatalf("saving without a reason should say %q:\n%s", want, text)
	}
	if p, _ := st.Problem(council, 1); p.Stage != model.StageScanning {
		t.Fatalf("the problem moved to %s without a reason", p.Stage)
	}
	// The refusal put the focus on the reason.
	hs.keys("Three reports in a fortnight", "ctrl+s")
	if hs.app.active != screenDetail || !strings.Contains(hs.app.status.text, "P1 moved to analysis") {
		t.Fatalf("screen %v, status %q", hs.app.active, hs.app.status.text)
	}
	if p, _ := st.Problem(council, 1); p.Stage != model.StageAnalysis {
		t.Fatalf("the problem is at %s, want analysis", p.Stage)
	}
	hs.keys("end")
	for hs.app.detail().vp.YOffset() > 0 && !strings.Contains(hs.text(), "scanning → analysis") {
		hs.keys("up")
	}
	if text := hs.text(); !strings.Contains(text, "Three reports in a fortnight") {
		t.Fatalf("the timeline does not show the move's reason:\n%s", text)
	}
}

// Moving to assessment asks for the summary: without it the model's
// refusal shows under the summary; with it, both are written.
func TestMoveToAssessmentAsksForTheSummary(t *testing.T) {
	st := realStore(t)
	hs := newHarness(t, Options{Store: st, User: &officer, Fingerprint: "SHA256:t", Now: fixedNow}, 80, 40)
	hs.openProblem(2)
	hs.keys("s", "tab", "Dealing stopped after the closure order", "ctrl+s")
	want := refusal(model.CheckStageMove(model.StageResponse, model.StageAssessment, model.Plan{}, "why"))
	if text := hs.text(); !strings.Contains(flat(text), strings.TrimSuffix(want[1:], ".")) {
		t.Fatalf("saving without the summary should say %q:\n%s", want, text)
	}
	hs.keys("No dealing seen since 1 March", "ctrl+s")
	if hs.app.active != screenDetail {
		t.Fatalf("still on %v: %s", hs.app.active, hs.text())
	}
	plan, err := st.Plan(officer, 2)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := st.Problem(officer, 2); p.Stage != model.StageAssessment || plan.Text(model.FieldAssessment) != "No dealing seen since 1 March" {
		t.Fatalf("stage %s, summary %q", p.Stage, plan.Text(model.FieldAssessment))
	}
}

// A resident reads the plan without the police-only note; a police officer
// reads it, tagged.
func TestResidentSeesNoPoliceOnlyNote(t *testing.T) {
	st := planStore(t)
	const secret = "known handler of stolen goods"
	for _, tc := range []struct {
		u    model.User
		sees bool
	}{{member, false}, {watcher, false}, {council, false}, {chair, false}, {officer, true}} {
		t.Run(tc.u.Name, func(t *testing.T) {
			hs := newHarness(t, Options{Store: st, User: &tc.u, Fingerprint: "SHA256:t", Now: fixedNow}, 120, 200)
			hs.openProblem(4)
			text := hs.text()
			if !strings.Contains(text, "rear gate left unlocked") {
				t.Fatalf("the panel's note is not shown:\n%s", text)
			}
			if strings.Contains(text, secret) != tc.sees {
				t.Fatalf("police-only note shown: %v, want %v", !tc.sees, tc.sees)
			}
			if tc.sees && !strings.Contains(text, "Asha Patel [police]") {
				t.Errorf("the police-only note is not tagged:\n%s", text)
			}
		})
	}
}

// The plan's keys are offered exactly when the model allows them, and the
// store accepts the write exactly when the key is offered; a key not
// offered says the model's reason.
func TestPlanKeysFollowTheModel(t *testing.T) {
	for _, u := range []model.User{officer, member, chair, council, watcher} {
		t.Run(u.Name, func(t *testing.T) {
			st := planStore(t)
			hs := newHarness(t, Options{Store: st, User: &u, Fingerprint: "SHA256:t", Now: fixedNow}, 120, 40)
			hs.openProblem(4)
			d := hs.app.screen(screenDetail)
			p := hs.app.detail().p
			plan, err := st.Plan(u, 4)
			if err != nil {
				t.Fatal(err)
			}
			k := hs.app.c.keys.Records
			by := model.Actor{User: u, Fingerprint: "SHA256:t"}
			checks := []struct {
				key   string
				b     key.Binding
				err   error
				store func() error
			}{
				{"n", k.Note, model.CheckEditPlan(u, p, nil, p.Visibility), func() error {
					_, err := st.AddPlanNote(by, 4, "A note", nil)
					return err
				}},
				{"d", k.Review, model.CheckSetReview(u, p, day(7), fixedNow()), func() error {
					_, err := st.SetReview(by, 4, day(7))
					return err
				}},
				{"s", k.Move, model.CheckMoveStage(u, p, plan, model.StageAssessment, "why"), func() error {
					_, err := st.MoveStage(by, 4, model.StageAssessment, "Gates in at both ends", 0)
					return err
				}},
			}
			for _, c := range checks {
				if offers(d, c.b) != (c.err == nil) {
					t.Errorf("%s: offered %v, the model says %v", c.key, offers(d, c.b), c.err)
				}
				hs.keys(c.key)
				if c.err == nil {
					if hs.app.active != screenPlanForm {
						t.Errorf("%s: allowed, but opened %v", c.key, hs.app.active)
					}
					hs.keys("esc")
				} else if hs.app.active != screenDetail || hs.app.status.text != refusal(c.err) {
					t.Errorf("%s: screen %v, status %q, want %q", c.key, hs.app.active, hs.app.status.text, refusal(c.err))
				}
				if err := c.store(); (err == nil) != offers(d, c.b) {
					t.Errorf("%s: offered %v, the store says %v", c.key, offers(d, c.b), err)
				}
			}
		})
	}
}

// The note, response, plan text, review and scanning sheets write through
// the store.
func TestPlanSheetsWrite(t *testing.T) {
	st := realStore(t)
	hs := newHarness(t, Options{Store: st, User: &officer, Fingerprint: "SHA256:t", Now: fixedNow}, 80, 30)
	hs.openProblem(4)
	hs.keys("n", "Rear gates found unlocked at 3, 9 and 17", "ctrl+s")
	hs.keys("r", "right", "right", "tab", "Gate the alley", "tab", "A1, A2", "ctrl+s")
	hs.keys("p", "tab", "Burglaries at night on Elm Grove", "ctrl+s")
	hs.keys("d", "ctrl+u", "2026-03-20", "ctrl+s")
	hs.keys("f", "right", "right", "right", "tab", "right", "right", "right", "tab", "On or near Elm Grove", "ctrl+s")
	if hs.app.active != screenDetail {
		t.Fatalf("still on %v: %s", hs.app.active, hs.text())
	}
	plan, err := st.Plan(officer, 4)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case len(plan.Notes) != 1 || plan.Notes[0].Text != "Rear gates found unlocked at 3, 9 and 17":
		t.Errorf("notes %+v", plan.Notes)
	case len(plan.Responses) != 1 || plan.Responses[0].Side != model.SideLocation || !slices.Equal(plan.Responses[0].Actions, []model.ID{1, 2}):
		t.Errorf("responses %+v", plan.Responses)
	case plan.Text(model.FieldStatement) != "Burglaries at night on Elm Grove":
		t.Errorf("statement %q", plan.Text(model.FieldStatement))
	case plan.Source != "crime-picture" || plan.Focus != (model.CrimeFocus{Type: "Burglary", Place: "On or near Elm Grove"}):
		t.Errorf("source %q, focus %+v", plan.Source, plan.Focus)
	}
	if p, _ := st.Problem(officer, 4); !p.ReviewBy.Equal(time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("review %v", p.ReviewBy)
	}
}

// flat is a screen's words in one line, as wrapped text reads.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// Matters arising lists the problems past their review date, marked.
func TestMattersArisingMarksPastReview(t *testing.T) {
	r, _ := liveMeetingOn(t, 2)
	if _, err := r.st.SetReview(model.Actor{User: officer}, 4, day(-3)); err != nil {
		t.Fatal(err)
	}
	r.feed()
	got := flat(r.screen("chair"))
	if !strings.Contains(got, "Problems past their review date: 1") ||
		!strings.Contains(got, "REVIEW P4 due "+dateLabel(day(-3))+": Burglary hotspot on Elm") {
		t.Fatalf("matters arising does not mark P4 past review:\n%s", r.screen("chair"))
	}
	if strings.Contains(got, "Fly-tipping") {
		t.Fatalf("a problem not past review is listed:\n%s", r.screen("chair"))
	}
}

// The priorities review marks a priority past its review date.
func TestPriorityReviewMarksPastReview(t *testing.T) {
	r := newRoom(t, map[string]model.User{"chair": chair})
	last := seedLiveMeeting(t, r.st) // P4 and P1 get the votes
	as := model.Actor{User: chair, Fingerprint: "SHA256:fixture"}
	for _, ch := range []model.MeetingChange{model.CloseVote{}, model.CloseMeeting{}} {
		if _, err := r.st.ChangeMeeting(as, last.ID, ch); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.st.SetReview(model.Actor{User: officer}, 4, day(-3)); err != nil {
		t.Fatal(err)
	}
	r.as("chair", "m", "n", "ctrl+s", "s", "s", "n", "n") // the next meeting (four weeks on: s asks, s starts), at the priorities review
	got := flat(r.screen("chair"))
	if !strings.Contains(got, "REVIEW review was due "+dateLabel(day(-3))) {
		t.Fatalf("the priorities review does not mark P4:\n%s", r.screen("chair"))
	}
	if strings.Count(got, "review was due") != 1 {
		t.Fatalf("a priority not past review is marked:\n%s", r.screen("chair"))
	}
}
