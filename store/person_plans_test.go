package store

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"wardpanel/model"
)

// The parts of a plan a person wrote and the stage moves they made are
// personal data: the export lists them as the reader may see them (a
// police-only note only to police), leaves out what others wrote, and the
// erasure puts the placeholder where their name was.
func TestPlansInPersonExportAndErase(t *testing.T) {
	e := newEnv(t)
	pat, hana := e.actor("Pat Police"), e.actor("Hana Housing")
	p := e.create(t, "Pat Police", model.Problem{Title: "Dealing in Elm Court"})
	police := model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}
	steps := []func() error{
		func() error {
			_, err := e.s.SetPlanText(hana, p.ID, model.FieldStatement, "Dealing most evenings by the bins", nil, 0)
			return err
		},
		func() error {
			_, err := e.s.SetPlanText(pat, p.ID, model.FieldOffender, "Two known runners", nil, 0)
			return err
		},
		func() error { _, err := e.s.AddPlanNote(hana, p.ID, "Residents afraid to report", nil); return err },
		func() error { _, err := e.s.AddPlanNote(pat, p.ID, "ZQPOLICE county line link", &police); return err },
		func() error {
			_, err := e.s.MoveStage(hana, p.ID, model.StageAnalysis, "Statement written", 0)
			return err
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i+1, err)
		}
	}

	// Hana's own: the statement, her note and her stage move; none of Pat's.
	rec, err := e.s.PersonExport(model.Operator, "Hana Housing", nil)
	if err != nil || len(rec.Plans) != 1 {
		t.Fatalf("Hana's export: %+v, %v", rec.Plans, err)
	}
	h := rec.Plans[0]
	if !slices.Equal(h.As, []string{"wrote", "moved the stage", "updated"}) || h.Record.Ref != "P1" ||
		h.Record.Texts[model.FieldStatement].Text != "Dealing most evenings by the bins" || len(h.Record.Texts) != 1 ||
		len(h.Record.Notes) != 1 || h.Record.Notes[0].Text != "Residents afraid to report" ||
		len(h.Record.Moves) != 1 || h.Record.Moves[0].To != model.StageAnalysis || h.Record.Moves[0].Reason != "Statement written" {
		t.Errorf("Hana's part of the plan: %+v as %v", h.Record, h.As)
	}

	// Pat's, read as the whole panel: the offender text and the raising of
	// the problem, not the police-only note, which is counted.
	rec, err = e.s.PersonExport(model.Operator, "Pat Police", nil)
	if err != nil || len(rec.Plans) != 1 || rec.Withheld["plan parts"] != 1 {
		t.Fatalf("Pat's export as the panel: %+v, withheld %v, %v", rec.Plans, rec.Withheld, err)
	}
	blob, _ := json.Marshal(rec.Plans)
	if strings.Contains(string(blob), "ZQPOLICE") || !strings.Contains(string(blob), "Two known runners") ||
		len(rec.Plans[0].Record.Moves) != 1 || rec.Plans[0].Record.Moves[0].Reason != "raised" {
		t.Errorf("Pat's export as the panel: %s", blob)
	}
	asPolice := e.u["Pat Police"]
	if rec, err = e.s.PersonExport(model.Operator, "Pat Police", &asPolice); err != nil || len(rec.Plans) != 1 || len(rec.Plans[0].Record.Notes) != 1 {
		t.Fatalf("Pat's export as police: %+v, %v", rec.Plans, err)
	}

	out, err := e.s.PersonErase(model.Operator, "Hana Housing")
	if err != nil || out.Plans != 1 {
		t.Fatalf("erase: %+v, %v", out, err)
	}
	plan, err := e.s.Plan(e.u["Pat Police"], p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Texts[model.FieldStatement].By != out.Placeholder || plan.Notes[0].By != out.Placeholder ||
		plan.History[1].By != out.Placeholder || plan.Texts[model.FieldOffender].By != "Pat Police" {
		t.Errorf("after erasing Hana: %+v", plan)
	}
	if blob, _ := json.Marshal(plan); strings.Contains(string(blob), "Hana Housing") {
		t.Errorf("the plan still names her: %s", blob)
	}
}
