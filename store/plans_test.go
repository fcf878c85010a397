package store

import (
	"encoding/binary"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// The plans migration, from the file the schema-11 release wrote with
// serve --demo: every problem is kept as it was (same version, stage and
// text), and has an empty plan whose history starts with its stage, and a
// review date from the day of the upgrade.
func TestMigratePlansFromV11(t *testing.T) {
	dir := copyFixture(t, "testdata/schema-v11.db")
	path := filepath.Join(dir, FileName)
	before := map[model.ID]model.Problem{}
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(func(tx *bolt.Tx) error {
		if v, _ := readSchema(tx.Bucket(bucketMeta)); v != 11 {
			t.Fatalf("fixture at schema %d, want 11", v)
		}
		return tx.Bucket(bucketProblems).ForEach(func(k, v []byte) error {
			var p model.Problem
			if err := decode(v, &p); err != nil {
				return err
			}
			before[model.ID(binary.BigEndian.Uint64(k))] = p
			return nil
		})
	})
	db.Close()
	if err != nil || len(before) < 10 {
		t.Fatalf("read fixture: %d problems, %v", len(before), err)
	}

	upgraded := time.Date(2026, 6, 10, 15, 0, 0, 0, time.UTC)
	migratePlansNow = func() time.Time { return upgraded }
	t.Cleanup(func() { migratePlansNow = time.Now })
	s := openAt(t, dir, newClock())
	if v, _ := s.SchemaVersion(); v != currentSchema {
		t.Fatalf("schema %d after open, want %d", v, currentSchema)
	}
	err = s.view("test", func(tx *bolt.Tx) error {
		n := 0
		err := tx.Bucket(bucketProblems).ForEach(func(k, v []byte) error {
			n++
			var p model.Problem
			if err := decode(v, &p); err != nil {
				return err
			}
			old := before[p.ID]
			want := model.DefaultReview(old.Stage, upgraded)
			if p.Stage == model.StageClosed && !p.ReviewBy.IsZero() || p.Stage != model.StageClosed && !p.ReviewBy.Equal(want) {
				t.Errorf("P%d (%s) review %v, want %v", p.ID, p.Stage, p.ReviewBy, want)
			}
			p.ReviewBy = time.Time{}
			if a, b := mustEncode(t, old), mustEncode(t, p); a != b {
				t.Errorf("P%d changed beyond its review date:\n was %s\n now %s", p.ID, a, b)
			}
			plan, err := readPlan(tx, p)
			if err != nil {
				return err
			}
			if tx.Bucket(bucketPlans).Get(k) == nil {
				t.Errorf("P%d has no plan record", p.ID)
			}
			if len(plan.History) != 1 || plan.History[0].To != old.Stage || plan.History[0].From != "" ||
				!plan.History[0].At.Equal(old.UpdatedAt) || plan.Version != 1 {
				t.Errorf("P%d history %+v (version %d), want one entry at %s", p.ID, plan.History, plan.Version, old.Stage)
			}
			if len(plan.Texts)+len(plan.Notes)+len(plan.Responses) != 0 || plan.Source != "" || plan.Focus.Set() {
				t.Errorf("P%d plan not empty: %+v", p.ID, plan)
			}
			return nil
		})
		if n != len(before) {
			t.Errorf("%d problems after, %d before", n, len(before))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	r := mustCheck(t, s)
	if !r.OK() {
		t.Errorf("Check after the migration: %s", strings.Join(r.Faults, "\n"))
	}
}

func mustEncode(t *testing.T, v any) string {
	t.Helper()
	b, err := encode(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The stage machine through the store: forward one stage at a time with a
// reason, back to any earlier stage, assessment and closing only with the
// assessment summary; each move in the history with who, when and why,
// and a review date from the stage.
func TestStageMachine(t *testing.T) {
	e := newEnv(t)
	pat := e.actor("Pat Police")
	p := e.create(t, "Pat Police", model.Problem{Title: "Bikes stolen from the station", LeadAgency: "police"})
	plan, err := e.s.Plan(e.u["Pat Police"], p.ID)
	if err != nil || len(plan.History) != 1 || plan.History[0].To != model.StageScanning || plan.History[0].By != "Pat Police" {
		t.Fatalf("new plan %+v, %v", plan, err)
	}
	if !p.ReviewBy.Equal(model.Day(p.CreatedAt).AddDate(0, 0, 28)) {
		t.Errorf("new problem's review %v, want 28 days after %v", p.ReviewBy, p.CreatedAt)
	}
	steps := []struct {
		to      model.Stage
		reason  string
		summary string // written before the move, if any
		wantErr string
	}{
		{model.StageResponse, "skip", "", "one stage at a time"},
		{model.StageAnalysis, "", "", "say why"},
		{model.StageScanning, "stay", "", "already at scanning"},
		{model.StageAnalysis, "three reports in a week", "", ""},
		{model.StageResponse, "causes understood", "", ""},
		{model.StageAssessment, "patrols done", "", "assessment summary"},
		{model.StageAssessment, "patrols done", "Thefts fell from 9 to 2 a month", ""},
		{model.StageAnalysis, "displacement to the bus station", "", ""},
		{model.StageResponse, "new lighting agreed", "", ""},
		{model.StageAssessment, "lighting in", "", ""},
		{model.StageClosed, "fall held for three months", "", ""},
		{model.StageAnalysis, "reopened: thefts back", "", ""},
	}
	moves := 0
	for i, st := range steps {
		if st.summary != "" {
			if _, err := e.s.SetPlanText(pat, p.ID, model.FieldAssessment, st.summary, nil, 0); err != nil {
				t.Fatal(err)
			}
		}
		got, err := e.s.MoveStage(pat, p.ID, st.to, st.reason, 0)
		if st.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), st.wantErr) {
				t.Errorf("step %d to %s: %v, want %q", i, st.to, err, st.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("step %d to %s: %v", i, st.to, err)
		}
		moves++
		if got.Stage != st.to || !got.ReviewBy.Equal(model.DefaultReview(st.to, got.UpdatedAt)) {
			t.Errorf("step %d: stage %s review %v", i, got.Stage, got.ReviewBy)
		}
	}
	plan, err = e.s.Plan(e.u["Pat Police"], p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.History) != moves+1 {
		t.Fatalf("history has %d entries, want %d", len(plan.History), moves+1)
	}
	last := plan.History[len(plan.History)-1]
	if last.From != model.StageClosed || last.To != model.StageAnalysis || last.Reason != "reopened: thefts back" || last.By != "Pat Police" {
		t.Errorf("last move %+v", last)
	}
	for i := 1; i < len(plan.History); i++ {
		if plan.History[i].From != plan.History[i-1].To || !plan.History[i].At.After(plan.History[i-1].At) {
			t.Errorf("history %d does not follow %d: %+v", i, i-1, plan.History)
		}
	}
	// The decision is what the last move out of assessment said.
	if plan.Decision != model.DecisionClosed {
		t.Errorf("decision %q, want closed", plan.Decision)
	}
	entries, _ := e.s.Audit(e.u["Pat Police"], 1)
	if len(entries) != 1 || entries[0].Action != model.AuditProblemStage || !strings.Contains(entries[0].Summary, "why: reopened") {
		t.Errorf("last audit entry %+v", entries)
	}
	// A member may not move a stage; nor may anyone who cannot see it.
	if _, err := e.s.MoveStage(e.actor("Mo Member"), p.ID, model.StageResponse, "go", 0); err == nil {
		t.Error("a member moved the stage")
	}
}

func TestReviewDates(t *testing.T) {
	e := newEnv(t)
	p := e.create(t, "Pat Police", model.Problem{Title: "Bikes stolen from the station", LeadAgency: "police"})
	none := e.create(t, "Pat Police", model.Problem{Title: "Litter at the parade"})
	today := model.Day(p.CreatedAt)
	cases := []struct {
		who  string
		id   model.ID
		date time.Time
		ok   bool
	}{
		{"Pat Police", p.ID, today.AddDate(0, 0, 10), true},
		{"Cass Police Chair", p.ID, today.AddDate(0, 0, 12), true}, // police too
		{"Hana Housing", p.ID, today.AddDate(0, 0, 10), false},     // not the lead agency
		{"Chris Chair", p.ID, today.AddDate(0, 0, 10), false},      // the lead agency sets it
		{"Pat Police", p.ID, today.AddDate(2, 0, 0), false},        // more than a year
		{"Pat Police", none.ID, today.AddDate(0, 0, 10), false},    // no lead: the chair
		{"Chris Chair", none.ID, today.AddDate(0, 0, 3), true},
		{"Sol South", p.ID, today.AddDate(0, 0, 3), false}, // another ward: not found
	}
	for _, c := range cases {
		got, err := e.s.SetReview(e.actor(c.who), c.id, c.date)
		if (err == nil) != c.ok {
			t.Errorf("%s sets P%d review to %s: %v, want ok=%v", c.who, c.id, c.date.Format("2006-01-02"), err, c.ok)
		}
		if c.ok && !got.ReviewBy.Equal(c.date) {
			t.Errorf("%s: review %v", c.who, got.ReviewBy)
		}
	}
	got, _ := e.s.Problem(e.u["Pat Police"], p.ID)
	if got.PastReview(today.AddDate(0, 0, 12)) || !got.PastReview(today.AddDate(0, 0, 13)) {
		t.Errorf("review %v: past on the day itself, or not the day after", got.ReviewBy)
	}
	// Saving the details keeps the review date; a stage move sets it anew.
	got.Priority = model.PriorityHigh
	got.ReviewBy = time.Time{}
	saved, err := e.s.UpdateProblem(e.actor("Pat Police"), got)
	if err != nil || !saved.ReviewBy.Equal(today.AddDate(0, 0, 12)) {
		t.Errorf("a save changed the review date: %v, %v", saved.ReviewBy, err)
	}
	moved, err := e.s.MoveStage(e.actor("Pat Police"), p.ID, model.StageAnalysis, "reports", 0)
	if err != nil || !moved.ReviewBy.Equal(model.DefaultReview(model.StageAnalysis, moved.UpdatedAt)) {
		t.Errorf("after a move review %v, %v", moved.ReviewBy, err)
	}
	entries, _ := e.s.Audit(e.u["Chris Chair"], 3)
	found := false
	for _, en := range entries {
		found = found || en.Action == model.AuditProblemReview && strings.Contains(en.Summary, "review")
	}
	if !found {
		t.Errorf("no review audit entry in %+v", entries)
	}
}

// Each part of a plan keeps its own visibility, no wider than the problem:
// a police-only note on a panel problem is read by police only, and
// narrowing the problem hides the wider parts while it lasts.
func TestPlanPartVisibility(t *testing.T) {
	e := newEnv(t)
	pat, hana := e.actor("Pat Police"), e.actor("Hana Housing")
	p := e.create(t, "Pat Police", model.Problem{Title: "Dealing in the stairwell", LeadAgency: "police"})
	police := onlyAgencies("police")
	must := func(_ model.Plan, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(e.s.SetPlanText(pat, p.ID, model.FieldStatement, "Dealing 6-10pm most evenings", nil, 0))
	must(e.s.SetPlanText(pat, p.ID, model.FieldOffender, "Two named nominals", &police, 0))
	must(e.s.AddPlanNote(pat, p.ID, "Intelligence log 4412", &police))
	must(e.s.AddPlanNote(hana, p.ID, "Door entry broken since January", nil))
	must(e.s.AddResponse(pat, p.ID, model.Response{Side: model.SideLocation, Text: "Fix the door entry"}))

	read := func(who string) model.Plan {
		t.Helper()
		plan, err := e.s.Plan(e.u[who], p.ID)
		if err != nil {
			t.Fatalf("%s: %v", who, err)
		}
		return plan
	}
	if pl := read("Pat Police"); pl.Text(model.FieldOffender) == "" || len(pl.Notes) != 2 || pl.Withheld != 0 {
		t.Errorf("police read %+v", pl)
	}
	if pl := read("Mo Member"); pl.Text(model.FieldOffender) != "" || len(pl.Notes) != 1 || pl.Withheld != 2 ||
		pl.Text(model.FieldStatement) == "" || len(pl.Responses) != 1 {
		t.Errorf("member read %+v", pl)
	}
	// Housing may not overwrite a part it cannot see, nor write one wider
	// than a restricted problem.
	if _, err := e.s.SetPlanText(hana, p.ID, model.FieldOffender, "guess", nil, 0); err == nil {
		t.Error("housing overwrote a police-only part")
	}
	q := e.create(t, "Pat Police", model.Problem{Title: "Cuckooing on Heron Walk", Visibility: onlyAgencies("housing", "police")})
	if _, err := e.s.SetPlanText(pat, q.ID, model.FieldStatement, "x", &model.Panel, 0); err == nil {
		t.Error("a part wider than its problem was written")
	}
	if _, err := e.s.Plan(e.u["Mo Member"], q.ID); err == nil {
		t.Error("a member read the plan of a problem they cannot see")
	}
	// Narrow the problem to police: housing's note is hidden, and widening
	// gives it back.
	p, _ = e.s.Problem(e.u["Pat Police"], p.ID)
	p.Visibility = police
	p, err := e.s.UpdateProblem(pat, p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.Plan(e.u["Hana Housing"], p.ID); err == nil {
		t.Error("housing reads the plan of a police-only problem")
	}
	p.Visibility = model.Panel
	if _, err := e.s.UpdateProblem(pat, p); err != nil {
		t.Fatal(err)
	}
	if pl := read("Hana Housing"); len(pl.Notes) != 1 || pl.Withheld != 2 {
		t.Errorf("after widening, housing reads %+v", pl)
	}
	// A response is carried out by actions on the problem only.
	if _, err := e.s.AddResponse(pat, p.ID, model.Response{Side: model.SideVictim, Text: "x", Actions: []model.ID{999}}); err == nil {
		t.Error("a response names an action that does not exist")
	}
	// The audit trail of a police-only note is police-only.
	for _, en := range mustAudit(t, e.s, e.u["Mo Member"]) {
		if en.Action == model.AuditProblemPlan && strings.Contains(en.Summary, "visible to agencies:police") {
			t.Errorf("a member reads %q", en.Summary)
		}
	}
}

func mustAudit(t *testing.T, s *Store, u model.User) []model.AuditEntry {
	t.Helper()
	out, err := s.Audit(u, 0)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
