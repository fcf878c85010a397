package records

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
	"wardpanel/tui/ui"
	"wardpanel/tui/ui/uitest"
)

var now = time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)

// fakeStore holds one problem and one action on it, each as stored.
type fakeStore struct {
	p        model.Problem
	a        model.Action
	outcomes []model.Outcome
	evidence []model.Evidence
}

func (f *fakeStore) Problem(_ model.User, id model.ID) (model.Problem, error) {
	if id != f.p.ID {
		return model.Problem{}, model.ErrNotFound
	}
	return f.p, nil
}

func (f *fakeStore) Action(_ model.User, id model.ID) (model.Action, error) {
	if id != f.a.ID {
		return model.Action{}, model.ErrNotFound
	}
	return f.a, nil
}

func (f *fakeStore) ProblemActions(model.User, model.ID) ([]model.Action, error) {
	return []model.Action{f.a}, nil
}

func (f *fakeStore) Outcomes(model.User, model.ID) ([]model.Outcome, error)  { return f.outcomes, nil }
func (f *fakeStore) Evidence(model.User, model.ID) ([]model.Evidence, error) { return f.evidence, nil }
func (f *fakeStore) PictureLinks(model.User, model.ID) ([]model.PictureLink, error) {
	return nil, nil
}
func (f *fakeStore) Plan(_ model.User, id model.ID) (model.Plan, error) {
	return model.Plan{ProblemID: id}, nil
}
func (f *fakeStore) BeforeAfter(model.User, model.ID) (model.BeforeAfter, bool, error) {
	return model.BeforeAfter{}, false, nil
}

func newFake() *fakeStore {
	p := model.Problem{ID: 4, Ward: "E05000001", Title: "Bikes in the alley", Stage: model.StageScanning,
		Category: "other", Visibility: model.Panel, LeadAgency: "police", Version: 1}
	a := model.Action{ID: 5, Ward: p.Ward, ProblemID: p.ID, Title: "Fit gates", OwnerAgency: "police",
		Status: model.ActionOpen, Due: model.DateOnly(now).AddDate(0, 0, 3), Visibility: model.Panel, Version: 1}
	return &fakeStore{p: p, a: a}
}

// sent are the messages the links made, by what asked for them.
type sent []string

func testLinks(out *sent) Links {
	say := func(s string) tea.Msg { *out = append(*out, s); return nil }
	return Links{
		OpenProblem: func(model.Problem) tea.Msg { return say("open problem") },
		OpenAction:  func(model.Action) tea.Msg { return say("open action") },
		ProblemGone: func(model.ID) tea.Msg { return say("problem gone") },
		ActionGone:  func(model.ID) tea.Msg { return say("action gone") },
		EditProblem: func(model.Problem) tea.Msg { return say("edit problem") },
		RaiseAction: func(model.Problem) tea.Msg { return say("raise action") },
		AddEvidence: func(model.Problem) tea.Msg { return say("evidence") },
		PlanSheet: func(Sheet, model.Problem, model.Plan, []model.Action, []model.Stage) tea.Msg {
			return say("plan sheet")
		},
		SetStatus:  func(model.Action) tea.Msg { return say("status") },
		LogOutcome: func(model.Action) tea.Msg { return say("outcome") },
		EditAction: func(model.Action, *model.Problem) tea.Msg { return say("edit action") },
		PostUpdate: func(model.RecordKind, model.ID, string) tea.Msg { return say("update") },
		UpdateContext: func(ward string) (model.Meeting, model.WardPriorities) {
			return model.Meeting{}, model.WardPriorities{Ward: ward}
		},
	}
}

var (
	officer = model.User{ID: 1, Name: "Asha Patel", Agency: "police", Role: model.RoleOfficer, Wards: []string{"E05000001"}}
	watcher = model.User{ID: 2, Name: "Owen Observer", Agency: "council", Role: model.RoleObserver, Wards: []string{"E05000001"}}
)

// Each key of the action screen does what the model allows, and only
// that: an officer of the owning agency is sent on to the form, a
// resident is told the model's reason and nothing is opened.
func TestActionKeysAskTheModel(t *testing.T) {
	tests := []struct {
		u    model.User
		key  string
		want string // the link asked for, "" for none
	}{
		{officer, "s", "status"},
		{officer, "o", "outcome"},
		{officer, "e", "edit action"},
		{officer, "p", "open problem"},
		{watcher, "s", ""},
		{watcher, "e", ""},
		{watcher, "p", "open problem"},
	}
	for _, tt := range tests {
		t.Run(string(tt.u.Role)+" "+tt.key, func(t *testing.T) {
			st := newFake()
			var out sent
			s := NewAction(uitest.NewSession(tt.u, now), st, testLinks(&out))
			hs := uitest.New(t, s, 80, 20)
			hs.Send(ShowAction{A: st.a})
			if v := ansi.Strip(s.View()); !strings.Contains(v, "Action A5 Fit gates") || !strings.Contains(v, "P4 Bikes in the alley") {
				t.Fatalf("the action is not shown:\n%s", v)
			}
			hs.Keys(tt.key)
			if got := strings.Join(out, ","); got != tt.want {
				t.Errorf("%s pressed %q: asked for %q, want %q", tt.u.Name, tt.key, got, tt.want)
			}
		})
	}
}

// A record that can no longer be read leaves the screen blank and says so
// through the link; going back passes it over.
func TestGoneRecordIsNotLeftOnScreen(t *testing.T) {
	st := newFake()
	var out sent
	s := NewProblem(uitest.NewSession(officer, now), st, testLinks(&out))
	hs := uitest.New(t, s, 80, 60)
	hs.Send(ShowProblem{P: st.p})
	if v := ansi.Strip(s.View()); !strings.Contains(v, "P4 Bikes in the alley") || !strings.Contains(v, "police    —              Fit gates") {
		t.Fatalf("the problem is not shown:\n%s", v)
	}
	st.p.ID = 99 // restricted, or removed
	hs.Send(ui.StoreChanged{})
	if strings.TrimSpace(ansi.Strip(s.View())) != "" || !s.Gone() {
		t.Fatalf("a problem no longer readable is still shown:\n%s", s.View())
	}
	if strings.Join(out, ",") != "problem gone" {
		t.Fatalf("links asked: %q", out)
	}
}

// tab selects the problem's actions in turn, and enter opens the one
// selected; the selection is drawn.
func TestProblemSelectsAndOpensActions(t *testing.T) {
	st := newFake()
	var out sent
	s := NewProblem(uitest.NewSession(officer, now), st, testLinks(&out))
	hs := uitest.New(t, s, 80, 60)
	hs.Send(ShowProblem{P: st.p})
	hs.Keys("enter")
	if len(out) != 0 {
		t.Fatalf("enter with nothing selected asked for %q", out)
	}
	hs.Keys("tab")
	if id, row := s.Selected(); id != 5 || row != 0 || !strings.Contains(ansi.Strip(s.View()), "> open") {
		t.Fatalf("tab selected #%d row %d:\n%s", id, row, s.View())
	}
	hs.Keys("enter")
	if strings.Join(out, ",") != "open action" {
		t.Fatalf("enter asked for %q", out)
	}
}

// The logs under a record: an action's outcomes and a problem's evidence,
// each headed by when, what kind and who, its kind in capitals before
// anything typed (a resident's report never reads as a recorded fact),
// and what was typed drawn inert.
func TestRecordsShowTheirLogs(t *testing.T) {
	st := newFake()
	st.outcomes = []model.Outcome{{ID: 1, ActionID: 5, Text: "Gates fitted \x1b[2Jat both ends", Result: "environmental-change",
		By: "Asha Patel", Agency: "police", At: now.Add(-time.Hour)}}
	st.evidence = []model.Evidence{
		{ID: 1, ProblemID: 4, Ward: st.p.Ward, Occurred: model.DateOnly(now).AddDate(0, 0, -2), Kind: model.EvidenceReport,
			Text: "Bikes dumped again on Friday", Agency: "residents", LoggedBy: "Rita Resident", Visibility: model.Panel},
		{ID: 2, ProblemID: 4, Ward: st.p.Ward, Occurred: model.DateOnly(now).AddDate(0, 0, -1), Kind: model.EvidenceFact,
			Text: "Three bikes counted", Agency: "police", LoggedBy: "Asha Patel", Visibility: model.Panel},
	}
	tests := []struct {
		name string
		open func(s ui.Session, out *sent) (ui.Screen, tea.Msg)
		want []string
	}{
		{"an action's outcomes", func(s ui.Session, out *sent) (ui.Screen, tea.Msg) {
			return NewAction(s, st, testLinks(out)), ShowAction{A: st.a}
		}, []string{"ENVIRONMENTAL-CHANGE Asha Patel (police)", "Gates fitted"}},
		{"a problem's evidence", func(s ui.Session, out *sent) (ui.Screen, tea.Msg) {
			return NewProblem(s, st, testLinks(out)), ShowProblem{P: st.p}
		}, []string{"REPORT  residents · Rita Resident", "Bikes dumped again on Friday", "FACT    police · Asha Patel", "Three bikes counted"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out sent
			s, show := tt.open(uitest.NewSession(officer, now), &out)
			hs := uitest.New(t, s, 100, 80)
			hs.Send(show)
			raw := s.View()
			v := ansi.Strip(raw)
			for _, w := range tt.want {
				if !strings.Contains(v, w) {
					t.Errorf("%q is not shown:\n%s", w, v)
				}
			}
			if strings.Contains(raw, "\x1b[2J") {
				t.Error("typed escape sequence reached the screen")
			}
		})
	}
}
