package main

import (
	"strings"
	"testing"
	"time"

	"wardpanel/model"
	"wardpanel/store"
)

// demoStore is a store seeded with the demo.
func demoStore(t *testing.T) (*store.Store, map[string]model.Problem) {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := seedDemo(st); err != nil {
		t.Fatal(err)
	}
	dana, _ := st.UserByName("PC Dana Reid")
	ps, err := st.Problems(dana, demoWard)
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]model.Problem{}
	for _, p := range ps {
		byTitle[p.Title] = p
	}
	return st, byTitle
}

// The demo's three plans: one closed with an assessment whose figures
// show a fall, one past its review date, one in analysis with its triangle.
func TestDemoPlans(t *testing.T) {
	st, ps := demoStore(t)
	dana, _ := st.UserByName("PC Dana Reid")
	now := time.Now()

	closed := ps["Graffiti on the underpass"]
	plan, err := st.Plan(dana, closed.ID)
	if err != nil || closed.Stage != model.StageClosed || plan.Text(model.FieldAssessment) == "" || plan.Decision != model.DecisionClosed {
		t.Errorf("closed problem %s, plan %+v, %v", closed.Stage, plan, err)
	}
	ba, ok, err := st.BeforeAfter(dana, closed.ID)
	if err != nil || !ok || !ba.Change.Falling() {
		t.Errorf("the closed problem's figures show no fall: %+v ok=%v %v", ba, ok, err)
	}

	past := ps["Drug dealing in Kingfisher House stairwell"]
	if !past.PastReview(now) {
		t.Errorf("%q review %v is not past", past.Title, past.ReviewBy)
	}
	plan, _ = st.Plan(dana, past.ID)
	if len(plan.Responses) != 2 || len(plan.Responses[0].Actions) != 2 {
		t.Errorf("responses %+v", plan.Responses)
	}

	analysis := ps["Phone snatches near the station"]
	plan, _ = st.Plan(dana, analysis.ID)
	if analysis.Stage != model.StageAnalysis {
		t.Errorf("%q at %s", analysis.Title, analysis.Stage)
	}
	for _, f := range []model.PlanField{model.FieldVictim, model.FieldGuardian, model.FieldOffender, model.FieldHandler, model.FieldLocation, model.FieldPlaceManager} {
		if plan.Text(f) == "" {
			t.Errorf("the triangle has no %s", f)
		}
	}
	// A resident reads the plan without its police-only note.
	ruth, _ := st.UserByName("Ruth Adeyemi")
	rp, err := st.Plan(ruth, analysis.ID)
	if err != nil || len(rp.Notes) != 1 || rp.Withheld != 1 || len(plan.Notes) != 2 {
		t.Errorf("resident's plan %+v (%v); police see %d notes", rp, err, len(plan.Notes))
	}
	if r, err := st.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %v", err, r.Faults)
	}
}

// The before/after figures for the demo's hotspot problem are the crimes
// counted straight from the demo's file: criminal damage at the underpass,
// one crime per Crime ID, month by month.
func TestDemoBeforeAfterFromTheFile(t *testing.T) {
	st, ps := demoStore(t)
	lee, _ := st.UserByName("Lee Grant")
	p := ps["Graffiti on the underpass"]
	ba, ok, err := st.BeforeAfter(lee, p.ID)
	if err != nil || !ok {
		t.Fatalf("BeforeAfter: ok=%v %v", ok, err)
	}
	want := map[string]map[string]bool{} // month -> crime IDs
	for _, l := range strings.Split(strings.TrimSpace(demoCrimesCSV(time.Now())), "\n")[1:] {
		f := strings.Split(l, ",")
		if f[6] == "On or near Mill Lane Underpass" && f[9] == "Criminal damage and arson" {
			if want[f[1]] == nil {
				want[f[1]] = map[string]bool{}
			}
			want[f[1]][f[0]] = true
		}
	}
	began := model.MonthOfTime(model.DateOnly(time.Now()).AddDate(0, -12, 0))
	if ba.Began != began || len(ba.Before) != model.BeforeMonths || len(ba.Since) != 12 {
		t.Errorf("began %s with %d months before and %d since; want %s, 12 and 12", ba.Began, len(ba.Before), len(ba.Since), began)
	}
	sum := func(ms []model.MonthCount) (n int) {
		for _, m := range ms {
			if got := len(want[m.Month.String()]); m.Count != got {
				t.Errorf("%s: %d crimes, the file has %d", m.Month, m.Count, got)
			}
			n += m.Count
		}
		return n
	}
	before, since := sum(ba.Before), sum(ba.Since)
	if ba.Change.Before != before || ba.Change.Now != since || !ba.Change.Falling() {
		t.Errorf("change %+v from %d before and %d since", ba.Change, before, since)
	}
	t.Logf("%s", ba.Summary())
}
