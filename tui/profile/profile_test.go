package profile

import (
	"bytes"
	"encoding/json"
	"flag"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
	"wardpanel/tui/cli"
	"wardpanel/tui/termtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const ward = "E05009999"

// fake holds one problem, its plan and its actions, and answers as the
// store does: through the model's read rules.
type fake struct {
	p       model.Problem
	plan    model.Plan
	actions []model.Action
	figures model.BeforeAfter
}

func (f fake) Problem(u model.User, id model.ID) (model.Problem, error) {
	if id != f.p.ID || !model.CanSeeProblem(u, f.p) {
		return model.Problem{}, model.ErrNotFound
	}
	return f.p, nil
}

func (f fake) Plan(u model.User, id model.ID) (model.Plan, error) {
	if _, err := f.Problem(u, id); err != nil {
		return model.Plan{}, err
	}
	return model.VisiblePlan(u, f.p, f.plan)
}

func (f fake) ProblemActions(u model.User, id model.ID) ([]model.Action, error) {
	var out []model.Action
	for _, a := range f.actions {
		if model.CanSeeAction(u, a) {
			out = append(out, a)
		}
	}
	return out, nil
}

func (f fake) BeforeAfter(u model.User, id model.ID) (model.BeforeAfter, bool, error) {
	return f.figures, true, nil
}

func (f fake) Priorities(model.User, string) (model.WardPriorities, error) {
	return model.WardPriorities{Problems: []model.ID{13}}, nil
}

func at(d int) time.Time { return time.Date(2026, 3, d, 10, 30, 0, 0, time.UTC) }

func phoneSnatches() fake {
	police := model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}
	text := func(s string, v model.Visibility) model.PlanText {
		return model.PlanText{Text: s, Visibility: v, By: "PC Dana Reid", At: at(2)}
	}
	p := model.Problem{ID: 13, Ward: ward, Title: "Phone snatches near the station", Location: "Station Road",
		Category: "robbery", Stage: model.StageResponse, Priority: model.PriorityHigh, LeadAgency: "police",
		Visibility: model.Panel, CreatedBy: "PC Dana Reid", CreatedAt: at(1), UpdatedBy: "PC Dana Reid", UpdatedAt: at(9),
		ReviewBy: time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC), Version: 4,
		Description: "Moped-enabled snatches, mostly 4–7pm on weekdays."}
	monthly := map[model.Month]int{}
	first := model.MonthOf(2025, 1)
	for m := first; m <= model.MonthOf(2026, 2); m++ {
		monthly[m] = 6
		if m >= model.MonthOf(2025, 9) {
			monthly[m] = 2
		}
	}
	fig, _ := model.ComputeBeforeAfter(model.CrimeFocus{Type: "Robbery", Place: "On or near Station Road"}, monthly, first,
		model.MonthOf(2026, 2), time.Date(2025, 9, 4, 0, 0, 0, 0, time.UTC))
	return fake{p: p,
		plan: model.Plan{ProblemID: 13, Ward: ward, Source: "crime-picture",
			Focus: model.CrimeFocus{Type: "Robbery", Place: "On or near Station Road"},
			Texts: map[model.PlanField]model.PlanText{
				model.FieldStatement:    text("Snatches from commuters on Station Road.\n# not a heading\n| not | a table |", model.Panel),
				model.FieldVictim:       text("Commuters on their phones", model.Panel),
				model.FieldGuardian:     text("Station staff", model.Panel),
				model.FieldOffender:     text("Two named nominals on stolen mopeds", police),
				model.FieldLocation:     text("Wide pavements, fast getaways \x1b]52;c;aGk=\x07[click](http://x)", model.Panel),
				model.FieldPlaceManager: text("The rail operator", model.Panel),
			},
			Notes: []model.PlanNote{
				{ID: 1, Text: "Worst on Thursdays", Visibility: model.Panel, By: "Lee Grant", At: at(3)},
				{ID: 2, Text: "Intelligence log 4412 links the mopeds", Visibility: police, By: "PC Dana Reid", At: at(4)},
			},
			Responses: []model.Response{
				{ID: 1, Side: model.SideLocation, Text: "Signs and better lighting", Actions: []model.ID{5}, Began: time.Date(2025, 9, 4, 0, 0, 0, 0, time.UTC), Visibility: model.Panel},
				{ID: 2, Side: model.SideOffender, Text: "Plain-clothes patrols", Actions: []model.ID{6}, Began: at(5), Visibility: police},
			},
			History: []model.StageMove{
				{To: model.StageScanning, By: "PC Dana Reid", At: at(1), Reason: "raised"},
				{From: model.StageScanning, To: model.StageAnalysis, By: "PC Dana Reid", At: at(2), Reason: "rising in the crime picture"},
				{From: model.StageAnalysis, To: model.StageResponse, By: "Chris Chair", At: at(9), Reason: "patrols agreed"},
			}},
		actions: []model.Action{
			{ID: 5, Ward: ward, ProblemID: 13, Title: "Better lighting on Station Road", OwnerAgency: "council", Status: model.ActionInProgress, Due: at(30), Visibility: model.Panel},
			{ID: 6, Ward: ward, ProblemID: 13, Title: "Plain-clothes patrols 4–7pm", OwnerAgency: "police", Status: model.ActionOpen, Due: at(25), Visibility: police},
		},
		figures: fig,
	}
}

// The Markdown profile per role: police read every part; housing and a
// resident read no police-only part, and nothing says there was one.
func TestMarkdownProfileGoldens(t *testing.T) {
	f := phoneSnatches()
	now := time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC) // past the review date
	for _, c := range []struct {
		golden string
		u      model.User
	}{
		{"police.md", model.User{Name: "PC Dana Reid", Agency: "police", Role: model.RoleOfficer, Wards: []string{ward}}},
		{"housing.md", model.User{Name: "Priya Shah", Agency: "housing", Role: model.RoleOfficer, Wards: []string{ward}}},
		{"resident.md", model.User{Name: "Ruth Adeyemi", Agency: "residents", Role: model.RoleMember, Wards: []string{ward}}},
	} {
		t.Run(c.golden, func(t *testing.T) {
			pr, err := Load(f, c.u, 13, now)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := Markdown(&b, pr); err != nil {
				t.Fatal(err)
			}
			got := b.String()
			if strings.ContainsAny(got, "\x1b\x07") || strings.Contains(got, "\n# not") || strings.Contains(got, " [click](") {
				t.Errorf("user text is live in the Markdown:\n%s", got)
			}
			if c.u.Agency != "police" {
				for _, secret := range []string{"nominals", "4412", "Plain-clothes", "[police]", "A6"} {
					if strings.Contains(got, secret) {
						t.Errorf("%s's copy has police-only %q", c.u.Name, secret)
					}
				}
			}
			golden(t, c.golden, got)
		})
	}
}

func TestTextAndJSONKeepTheRules(t *testing.T) {
	f := phoneSnatches()
	ruth := model.User{Name: "Ruth Adeyemi", Agency: "residents", Role: model.RoleMember, Wards: []string{ward}}
	pr, err := Load(f, ruth, 13, at(10))
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []cli.Format{cli.Text, cli.JSON} {
		var b bytes.Buffer
		if err := Write(&b, format, pr); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), "nominals") || strings.Contains(b.String(), "\x1b") || strings.Contains(b.String(), "withheld") {
			t.Errorf("%s:\n%s", format, b.String())
		}
		if format == cli.JSON {
			var out struct {
				Ref  string     `json:"ref"`
				Plan model.Plan `json:"plan"`
			}
			if err := json.Unmarshal(b.Bytes(), &out); err != nil || out.Ref != "P13" || len(out.Plan.History) != 3 {
				t.Errorf("JSON %+v %v", out, err)
			}
		}
	}
	outsider := model.User{Name: "Sol South", Agency: "police", Role: model.RoleOfficer, Wards: []string{"E05000001"}}
	if _, err := Load(f, outsider, 13, at(10)); err == nil {
		t.Error("a user of another ward read the profile")
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	termtest.Golden(t, filepath.Join("testdata", name), got, *update)
}
