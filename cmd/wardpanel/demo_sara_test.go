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
	st, _ := demoSeeded(t)
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

// The server's `problem show`: the profile as the panel reads it, or as a
// user; Markdown, JSON or text; a police-only note only in a police copy.
func TestProblemShowCommand(t *testing.T) {
	dir := demoFolder(t)
	const policeNote = "stolen-vehicle marker"
	for _, c := range []struct {
		name     string
		args     []string
		wantCode int
		want     []string
		notWant  []string
	}{
		{"the panel's Markdown", []string{"problem", "show", "P13", "--md"}, 0,
			[]string{"# P13 Phone snatches near the station", "## Analysis: the problem triangle", "- **Place manager:** The rail operator", "## Stage history"},
			[]string{policeNote}},
		{"as the police officer", []string{"problem", "show", "13", "--md", "--as", "PC Dana Reid"}, 0, []string{policeNote}, nil},
		{"as the resident, text", []string{"problem", "show", "P13", "--as", "Ruth Adeyemi"}, 0,
			[]string{"P13 Phone snatches near the station", "ANALYSIS: THE PROBLEM TRIANGLE"}, []string{policeNote}},
		{"JSON", []string{"problem", "show", "P13", "--json"}, 0, []string{`"ref": "P13"`, `"history"`}, []string{policeNote}},
		{"closed with its figures", []string{"problem", "show", "P11", "--md"}, 0, []string{"- **Decision:** closed", "↓"}, nil},
		{"hidden from the panel", []string{"problem", "show", "P2"}, 1, []string{"use --as NAME"}, nil},
		{"unknown", []string{"problem", "show", "P99", "--as", "Ruth Adeyemi"}, 1, []string{"no problem P99"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := wp(append(c.args, "--data", dir)...)
			if code != c.wantCode {
				t.Fatalf("exit %d, want %d (stderr %q)", code, c.wantCode, errOut)
			}
			text := out
			if c.wantCode != 0 {
				text = errOut
			}
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("lacks %q:\n%s", w, text)
				}
			}
			for _, w := range c.notWant {
				if strings.Contains(text, w) {
					t.Errorf("has %q:\n%s", w, text)
				}
			}
		})
	}
}
