package problemforms

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
	rec "wardpanel/tui/records"
	"wardpanel/tui/ui"
	"wardpanel/tui/ui/uitest"
)

const ward = "E05000001"

var (
	now     = time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	officer = model.User{ID: 1, Name: "Asha Patel", Agency: "police", Role: model.RoleOfficer, Wards: []string{ward}}
	member  = model.User{ID: 2, Name: "Rita Resident", Agency: "residents", Role: model.RoleMember, Wards: []string{ward}}
	chair   = model.User{ID: 3, Name: "Carol Chair", Agency: "council", Role: model.RoleChair, Wards: []string{ward}}
)

// fakeStore holds the ward's problems, checks writes with the model's
// rules as the real store does, and notes each write by name.
type fakeStore struct {
	problems map[model.ID]model.Problem
	plans    map[model.ID]model.Plan
	evidence []model.Evidence
	writes   []string
	// fail, when set, is what the named write answers instead.
	fail map[string]error
}

func newFake() *fakeStore {
	p := model.Problem{ID: 4, Ward: ward, Title: "Bikes in the alley", Stage: model.StageResponse, Category: "other",
		Priority: model.PriorityMedium, Visibility: model.Panel, LeadAgency: "police", Version: 1}
	return &fakeStore{problems: map[model.ID]model.Problem{4: p}, plans: map[model.ID]model.Plan{}, fail: map[string]error{}}
}

func (f *fakeStore) wrote(name string) error {
	f.writes = append(f.writes, name)
	return f.fail[name]
}

func (f *fakeStore) Problem(u model.User, id model.ID) (model.Problem, error) {
	p, ok := f.problems[id]
	if !ok || !model.CanSeeProblem(u, p) {
		return model.Problem{}, model.ErrNotFound
	}
	return p, nil
}

func (f *fakeStore) CreateProblem(by model.Actor, p model.Problem) (model.Problem, error) {
	if err := f.wrote("create"); err != nil {
		return model.Problem{}, err
	}
	if err := p.Validate(); err != nil {
		return model.Problem{}, err
	}
	if err := model.CheckCreateProblem(by.User, p); err != nil {
		return model.Problem{}, err
	}
	p.ID, p.Version = model.ID(len(f.problems)+10), 1
	f.problems[p.ID] = p
	return p, nil
}

func (f *fakeStore) UpdateProblem(by model.Actor, p model.Problem) (model.Problem, error) {
	if err := f.wrote("update"); err != nil {
		return model.Problem{}, err
	}
	old, ok := f.problems[p.ID]
	if !ok {
		return model.Problem{}, model.ErrNotFound
	}
	if old.Version != p.Version {
		return model.Problem{}, &model.ConflictError{By: old.UpdatedBy, At: old.UpdatedAt}
	}
	p.Version++
	f.problems[p.ID] = p
	return p, nil
}

func (f *fakeStore) AddEvidence(by model.Actor, e model.Evidence) (model.Evidence, error) {
	if err := f.wrote("evidence"); err != nil {
		return model.Evidence{}, err
	}
	if err := model.CheckAddEvidence(by.User, e, f.problems[e.ProblemID]); err != nil {
		return model.Evidence{}, err
	}
	f.evidence = append(f.evidence, e)
	return e, nil
}

func (f *fakeStore) SetPlanText(_ model.Actor, id model.ID, field model.PlanField, text string, _ *model.Visibility, _ uint64) (model.Plan, error) {
	plan := f.plans[id]
	if plan.Texts == nil {
		plan.Texts = map[model.PlanField]model.PlanText{}
	}
	plan.Texts[field] = model.PlanText{Text: text}
	f.plans[id] = plan
	return plan, f.wrote("plan text " + string(field))
}

func (f *fakeStore) AddPlanNote(model.Actor, model.ID, string, *model.Visibility) (model.Plan, error) {
	return model.Plan{}, f.wrote("note")
}

func (f *fakeStore) AddResponse(_ model.Actor, _ model.ID, r model.Response) (model.Plan, error) {
	return model.Plan{}, f.wrote(fmt.Sprintf("response %s %v", r.Side, r.Actions))
}

func (f *fakeStore) SetPlanScan(model.Actor, model.ID, model.ProblemSource, model.CrimeFocus) (model.Plan, error) {
	return model.Plan{}, f.wrote("scan")
}

func (f *fakeStore) SetReview(_ model.Actor, _ model.ID, date time.Time) (model.Problem, error) {
	return model.Problem{}, f.wrote("review " + ui.DateLabel(date))
}

func (f *fakeStore) MoveStage(by model.Actor, id model.ID, to model.Stage, reason string, _ uint64) (model.Problem, error) {
	if err := f.wrote("move " + string(to)); err != nil {
		return model.Problem{}, err
	}
	p := f.problems[id]
	if err := model.CheckMoveStage(by.User, p, f.plans[id], to, reason); err != nil {
		return model.Problem{}, err
	}
	p.Stage = to
	f.problems[id] = p
	return p, nil
}

// sent are the messages the links made, in words.
type sent []string

func testLinks(out *sent) Links {
	return Links{
		Saved: func(p model.Problem, created bool) tea.Msg {
			*out = append(*out, fmt.Sprintf("saved %s %q created=%v", model.ProblemRef(p.ID), p.Title, created))
			return nil
		},
		Done:     func(text string) tea.Msg { *out = append(*out, "done: "+text); return nil },
		Agencies: func() []model.Agency { return []model.Agency{{Code: "police"}, {Code: "council"}, {Code: "housing"}} },
	}
}

func view(s ui.Screen) string { return ansi.Strip(s.View()) }

// A new problem saves what was typed; the store's refusal lands under its
// field with the typing kept; a resident's proposal has its stage and
// visibility fixed by the model, and says why.
func TestNewProblem(t *testing.T) {
	tests := []struct {
		name   string
		u      model.User
		title  string
		want   string // what the links were asked, "" for nothing
		err    string // under the title
		locked bool   // stage and visibility
	}{
		{"officer", officer, "Bikes stolen from the station racks", `saved P11 "Bikes stolen from the station racks" created=true`, "", false},
		{"member's proposal", member, "Dog fouling in Victoria Park", `saved P11 "Dog fouling in Victoria Park" created=true`, "", true},
		{"too short", officer, "ab", "", "say a little more", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newFake()
			var out sent
			f := Problem(uitest.NewSession(tt.u, now), st, testLinks(&out), model.Problem{Ward: ward}, true)
			hs := uitest.New(t, f, 80, 30)
			hs.Keys(tt.title, "ctrl+s")
			if got := strings.Join(out, ","); got != tt.want {
				t.Errorf("links asked %q, want %q", got, tt.want)
			}
			if got := f.fields[FieldTitle].Err; !strings.Contains(got, tt.err) || (tt.err == "") != (got == "") {
				t.Errorf("title error %q, want %q", got, tt.err)
			}
			if f.fields[FieldTitle].Value() != tt.title {
				t.Errorf("typing lost: %q", f.fields[FieldTitle].Value())
			}
			stage, vis := f.fields[FieldStage].Choice, f.fields[FieldVisibility].Choice
			if stage.Locked != tt.locked || vis.Locked != tt.locked {
				t.Errorf("stage locked %v, visibility locked %v; want %v", stage.Locked, vis.Locked, tt.locked)
			}
			if tt.locked && !strings.Contains(view(f), "members propose at scanning") {
				t.Errorf("the locked stage is not explained:\n%s", view(f))
			}
			if !strings.Contains(view(f), "New problem in "+ward) {
				t.Errorf("heading:\n%s", view(f))
			}
		})
	}
}

// Someone else's save meets an edit: the form says so, keeps every word,
// ctrl+r loads theirs with the user's text below, ctrl+o puts it back.
func TestEditConflictKeepsTheTyping(t *testing.T) {
	st := newFake()
	var out sent
	f := Problem(uitest.NewSession(officer, now), st, testLinks(&out), st.problems[4], false)
	hs := uitest.New(t, f, 100, 40)
	if f.fields[FieldStage].Choice.Locked != true || !strings.Contains(view(f), "Editing P4 (version 1)") {
		t.Fatalf("an edit offers the stage, or heading wrong:\n%s", view(f))
	}
	theirs := st.problems[4]
	theirs.Title, theirs.Version, theirs.UpdatedBy, theirs.UpdatedAt = "Bikes in the back alley", 2, "Carol Chair", now
	st.problems[4] = theirs
	hs.Send(ui.StoreChanged{})
	if !strings.Contains(view(f), "Carol Chair changed this problem at 10:00") {
		t.Fatalf("someone else's save is not mentioned:\n%s", view(f))
	}
	hs.Keys(" at night", "ctrl+s")
	mine := f.fields[FieldTitle].Value()
	if f.Conflict == nil || mine != "Bikes in the alley at night" || len(out) != 0 {
		t.Fatalf("conflict %v, title %q, links %q", f.Conflict, mine, out)
	}
	hs.Keys("ctrl+r")
	if f.fields[FieldTitle].Value() != theirs.Title || f.Base().Version != 2 || f.Mine[FieldTitle] != mine {
		t.Fatalf("reload: title %q v%d, mine %v", f.fields[FieldTitle].Value(), f.Base().Version, f.Mine)
	}
	hs.Keys("ctrl+o", "ctrl+s")
	if got := strings.Join(out, ","); got != `saved P4 "Bikes in the alley at night" created=false` {
		t.Fatalf("after ctrl+o and save: %q", got)
	}
}

// A problem that has gone from view while it was edited: the save is
// refused, and the banner says so without losing the text.
func TestEditOfAGoneProblem(t *testing.T) {
	st := newFake()
	var out sent
	f := Problem(uitest.NewSession(officer, now), st, testLinks(&out), st.problems[4], false)
	hs := uitest.New(t, f, 100, 40)
	delete(st.problems, 4)
	hs.Send(ui.StoreChanged{})
	if !strings.Contains(view(f), "no longer on your board") {
		t.Fatalf("a check does not say the problem has gone:\n%s", view(f))
	}
	hs.Keys("!", "ctrl+s")
	if len(out) != 0 || !strings.Contains(f.Banner, "no longer on your board") || f.fields[FieldTitle].Value() != "Bikes in the alley!" {
		t.Fatalf("links %q, banner %q, title %q", out, f.Banner, f.fields[FieldTitle].Value())
	}
}

// A problem made from the crime picture takes the place's category, and
// logs the figures on the problem it creates: a fact for an officer, a
// report for a resident (who adds reports), whose plan is the officers'.
func TestCitedProblemLogsItsFigures(t *testing.T) {
	tests := []struct {
		u      model.User
		kind   model.EvidenceKind
		writes []string
	}{
		{officer, model.EvidenceFact, []string{"create", "scan", "evidence"}},
		{member, model.EvidenceReport, []string{"create", "evidence"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.u.Role), func(t *testing.T) {
			st := newFake()
			var out sent
			p := model.Problem{Ward: ward, Title: "Burglary on or near Elm Grove", Category: "burglary"}
			cite := Cite{Evidence: model.Evidence{Ward: ward, Text: "police.uk figures"}, Focus: model.CrimeFocus{Type: "Burglary"}}
			f := CitedProblem(uitest.NewSession(tt.u, now), st, testLinks(&out), p, cite)
			hs := uitest.New(t, f, 80, 30)
			if f.fields[FieldCategory].Value() != "burglary" || f.Cited().Text != "police.uk figures" {
				t.Fatalf("category %q, cite %+v", f.fields[FieldCategory].Value(), f.Cited())
			}
			hs.Keys("ctrl+s")
			if !slices.Equal(st.writes, tt.writes) || len(st.evidence) != 1 || st.evidence[0].Kind != tt.kind || st.evidence[0].ProblemID != 11 {
				t.Fatalf("writes %v, evidence %+v", st.writes, st.evidence)
			}
			if len(out) != 1 || !strings.HasPrefix(out[0], "saved P11") {
				t.Fatalf("links %q", out)
			}
		})
	}
}

// A hotspot's problem whose plan cannot be written still stands, and the
// status line is told what was not recorded, after the form has saved.
func TestCrimeProblemSaysWhenItsSourceIsNotRecorded(t *testing.T) {
	st := newFake()
	st.fail["scan"] = errors.New("disk full")
	by := model.Actor{User: officer, Fingerprint: "SHA256:test"}
	p := model.Problem{Ward: ward, Title: "Burglary on or near Elm Grove", Category: "burglary"}
	cite := Cite{Evidence: model.Evidence{Ward: ward, Text: "police.uk figures"},
		Focus: model.CrimeFocus{Type: "Burglary", Place: "On or near Elm Grove"}}
	msg := saveCitedCmd(st, by, p, cite, 7)()
	// tea.Sequence's message is its commands, in order.
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Len() != 2 {
		t.Fatalf("want the saved form then the error, in sequence; got %T %+v", msg, msg)
	}
	saved, ok := v.Index(0).Interface().(tea.Cmd)().(problemSavedMsg)
	if !ok || saved.err != nil || saved.seq != 7 || saved.p.ID == 0 {
		t.Fatalf("first: %+v", saved)
	}
	failed, ok := v.Index(1).Interface().(tea.Cmd)().(ui.Err)
	if !ok || failed.Op != "recording that it came from the crime picture" {
		t.Fatalf("second: %+v", failed)
	}
	if len(st.evidence) != 0 || !slices.Equal(st.writes, []string{"create", "scan"}) {
		t.Errorf("after the failed plan write: writes %v, evidence %+v", st.writes, st.evidence)
	}
}

// The evidence form offers the kinds and visibilities the model allows:
// a resident's are fixed (reports, to the whole panel) and say so.
func TestEvidenceChoicesAreTheModels(t *testing.T) {
	tests := []struct {
		u      model.User
		kinds  []string
		locked bool
		note   string
		saved  string
	}{
		{officer, []string{"fact", "report", "opinion"}, false, "", "done: Added a report to problem P4"},
		{member, []string{"report"}, true, "residents add reports", "done: Added a report to problem P4"},
	}
	for _, tt := range tests {
		t.Run(string(tt.u.Role), func(t *testing.T) {
			st := newFake()
			var out sent
			f := Evidence(uitest.NewSession(tt.u, now), st, testLinks(&out), st.problems[4])
			hs := uitest.New(t, f, 100, 30)
			kind, vis := f.FieldNamed("kind").Choice, f.FieldNamed("visibility").Choice
			if !slices.Equal(kind.Values, tt.kinds) || kind.Locked != tt.locked || vis.Locked != tt.locked {
				t.Fatalf("kinds %v (locked %v), visibility locked %v", kind.Values, kind.Locked, vis.Locked)
			}
			if tt.note != "" && !strings.Contains(view(f), tt.note) {
				t.Errorf("the lock is not explained:\n%s", view(f))
			}
			if f.FieldNamed("occurred").Value() != "2026-03-04" || !strings.Contains(view(f), "Evidence for P4 Bikes in the alley") {
				t.Errorf("occurred %q; view:\n%s", f.FieldNamed("occurred").Value(), view(f))
			}
			f.Focus = 2 // the text
			hs.Keys("Gates seen open at 11pm", "ctrl+s")
			if got := strings.Join(out, ","); got != tt.saved {
				t.Fatalf("links %q, want %q", got, tt.saved)
			}
		})
	}
}

// A date the form cannot read stays under its field; a problem gone from
// view is said at once, not at ctrl+s.
func TestEvidenceKeepsTypingThroughErrors(t *testing.T) {
	st := newFake()
	var out sent
	f := Evidence(uitest.NewSession(officer, now), st, testLinks(&out), st.problems[4])
	hs := uitest.New(t, f, 100, 30)
	hs.Keys("tab", "ctrl+u", "last week", "tab", "Patrols saw it", "ctrl+s")
	if occ := f.FieldNamed("occurred"); !strings.Contains(occ.Err, "use a date like") || occ.Value() != "last week" || len(out) != 0 {
		t.Fatalf("occurred %q (err %q), links %q", occ.Value(), occ.Err, out)
	}
	delete(st.problems, 4)
	hs.Send(ui.StoreChanged{})
	if !strings.Contains(view(f), "no longer visible to you") || f.FieldNamed("text").Value() != "Patrols saw it" {
		t.Fatalf("gone problem not said, or text lost:\n%s", view(f))
	}
}

// A move to assessment asks for the summary (model.MoveNeedsSummary),
// offers the next stage first (model.NextStage), and writes the summary
// before the move; without a reason the model refuses before any write.
func TestPlanMoveWritesTheSummaryFirst(t *testing.T) {
	st := newFake()
	var out sent
	p := st.problems[4]
	targets := []model.Stage{model.StageAssessment, model.StageAnalysis, model.StageScanning}
	f := Plan(uitest.NewSession(officer, now), st, testLinks(&out), rec.SheetMove, p, model.Plan{ProblemID: 4}, nil, targets)
	hs := uitest.New(t, f, 100, 30)
	if f.to.Value() != string(model.StageAssessment) || f.summary == nil || !strings.Contains(view(f), "Move P4 Bikes in the alley from response") {
		t.Fatalf("move to %q, summary %v:\n%s", f.to.Value(), f.summary != nil, view(f))
	}
	hs.Keys("ctrl+s")
	if len(st.writes) != 0 || !strings.Contains(f.reason.Err, "say why") {
		t.Fatalf("no reason: writes %v, reason error %q", st.writes, f.reason.Err)
	}
	if f.Focused() != f.reason {
		t.Fatalf("the refused field is not focused: %q", f.Focused().Label)
	}
	hs.Keys("Thefts down by half", "tab", "Fewer thefts since the gates", "ctrl+s")
	if !slices.Equal(st.writes, []string{"plan text assessment", "move assessment"}) {
		t.Fatalf("writes %v (reason err %q, summary err %q)", st.writes, f.reason.Err, f.summary.Err)
	}
	if got := strings.Join(out, ","); got != "done: P4 moved to assessment" {
		t.Fatalf("links %q", got)
	}
}

// Each sheet of the plan writes its one call, and its heading names it.
func TestPlanSheetsWriteTheirCall(t *testing.T) {
	tests := []struct {
		kind    rec.Sheet
		keys    []string
		heading string
		write   string
		done    string
	}{
		{rec.SheetNote, []string{"Thefts cluster at night"}, "Analysis note on P4", "note", "done: Added an analysis note to P4"},
		{rec.SheetResponse, []string{"tab", "Fit gates", "tab", "A5"}, "Response on P4", "response victim [5]",
			"done: Added a response against the victim to P4"},
		{rec.SheetReview, []string{"+7"}, "Review date of P4", "review 2026-03-11", "done: P4 is now due for review on 2026-03-11"},
		{rec.SheetScan, nil, "Scanning: P4", "scan", "done: Saved how P4 came in and its crime focus"},
	}
	for _, tt := range tests {
		t.Run(tt.heading, func(t *testing.T) {
			st := newFake()
			var out sent
			f := Plan(uitest.NewSession(officer, now), st, testLinks(&out), tt.kind, st.problems[4], model.Plan{ProblemID: 4},
				[]model.Action{{ID: 5}}, nil)
			hs := uitest.New(t, f, 100, 30)
			if !strings.Contains(view(f), tt.heading) {
				t.Fatalf("heading:\n%s", view(f))
			}
			hs.Keys(append(tt.keys, "ctrl+s")...)
			if !slices.Equal(st.writes, []string{tt.write}) || strings.Join(out, ",") != tt.done {
				t.Fatalf("writes %v, links %q; want %q, %q (banner %q)", st.writes, out, tt.write, tt.done, f.Banner)
			}
		})
	}
}

// The plan's text sheet brings in the stored text of the part chosen, and
// a part's visibility is no wider than the problem's.
func TestPlanTextFollowsThePart(t *testing.T) {
	st := newFake()
	var out sent
	plan := model.Plan{ProblemID: 4, Texts: map[model.PlanField]model.PlanText{
		model.PlanFields[1]: {Text: "stored words", Visibility: model.Panel}}}
	f := Plan(uitest.NewSession(chair, now), st, testLinks(&out), rec.SheetText, st.problems[4], plan, nil, nil)
	hs := uitest.New(t, f, 100, 30)
	if f.text.Value() != "" {
		t.Fatalf("the first part shows %q", f.text.Value())
	}
	hs.Keys("right")
	if f.text.Value() != "stored words" {
		t.Fatalf("choosing the part brought in %q", f.text.Value())
	}
	for _, v := range f.vis.Choice.Values {
		vis, _ := model.ParseVisibility(v)
		if !vis.Within(st.problems[4].Visibility) {
			t.Errorf("offers %s, wider than the problem", v)
		}
	}
}
