package actionforms

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/ui"
	"wardpanel/tui/ui/uitest"
)

const ward = "E05000001"

var (
	now = time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)

	officer = model.User{ID: 1, Name: "Asha Patel", Agency: "police", Role: model.RoleOfficer, Wards: []string{ward}}
	council = model.User{ID: 2, Name: "Carol Hughes", Agency: "council", Role: model.RoleOfficer, Wards: []string{ward}}
	dan     = model.User{ID: 3, Name: "PC Dan Jones", Agency: "police", Role: model.RoleOfficer, Wards: []string{ward}}

	agencies = []model.Agency{{Code: "police", Name: "Police"}, {Code: "council", Name: "Council"}}
)

// fakeStore keeps actions and a ward's problems as stored, and what each
// write was asked, checking versions as the store does.
type fakeStore struct {
	actions  map[model.ID]model.Action
	problems []model.Problem
	people   []model.User
	// refuse, if set, is the next write's answer.
	refuse error

	created, updated []model.Action
	raised           []struct {
		meeting model.ID
		item    int
		a       model.Action
	}
	moves    []store.StatusChange
	outcomes []model.Outcome
}

func newFake() *fakeStore {
	p := model.Problem{ID: 4, Ward: ward, Title: "Bikes in the alley", Stage: model.StageScanning,
		Category: "other", Visibility: model.Panel, LeadAgency: "police", Version: 1}
	closed := model.Problem{ID: 6, Ward: ward, Title: "Old graffiti", Stage: model.StageClosed, Visibility: model.Panel, Version: 3}
	a := model.Action{ID: 5, Ward: ward, ProblemID: p.ID, Title: "Fit gates", OwnerAgency: "police",
		Status: model.ActionInProgress, Due: model.DateOnly(now).AddDate(0, 0, 3), Visibility: model.Panel, Version: 1}
	return &fakeStore{actions: map[model.ID]model.Action{a.ID: a}, problems: []model.Problem{p, closed}, people: []model.User{officer, council, dan}}
}

func (f *fakeStore) Action(_ model.User, id model.ID) (model.Action, error) {
	a, ok := f.actions[id]
	if !ok {
		return model.Action{}, model.ErrNotFound
	}
	return a, nil
}

func (f *fakeStore) WardPeople(model.User, string) ([]model.User, error) { return f.people, nil }
func (f *fakeStore) Problems(model.User, string) ([]model.Problem, error) {
	return f.problems, nil
}

// write answers a write: refuse, if set, once.
func (f *fakeStore) write() error {
	err := f.refuse
	f.refuse = nil
	return err
}

func (f *fakeStore) CreateAction(_ model.Actor, a model.Action) (model.Action, error) {
	if err := f.write(); err != nil {
		return model.Action{}, err
	}
	a.ID, a.Version = 9, 1
	f.created = append(f.created, a)
	return a, nil
}

func (f *fakeStore) UpdateAction(by model.Actor, a model.Action) (model.Action, error) {
	if err := f.write(); err != nil {
		return model.Action{}, err
	}
	if old := f.actions[a.ID]; old.Version != a.Version {
		return model.Action{}, &model.ConflictError{By: old.UpdatedBy, At: old.UpdatedAt}
	}
	a.Version++
	f.actions[a.ID] = a
	f.updated = append(f.updated, a)
	return a, nil
}

func (f *fakeStore) RaiseMeetingAction(_ model.Actor, meetingID model.ID, item int, a model.Action) (model.Action, error) {
	f.raised = append(f.raised, struct {
		meeting model.ID
		item    int
		a       model.Action
	}{meetingID, item, a})
	a.ID = 10
	return a, nil
}

func (f *fakeStore) ChangeActionStatus(_ model.Actor, ch store.StatusChange) (model.Action, error) {
	if err := f.write(); err != nil {
		return model.Action{}, err
	}
	a := f.actions[ch.ID]
	if a.Version != ch.Version {
		return model.Action{}, &model.ConflictError{By: a.UpdatedBy, At: a.UpdatedAt}
	}
	if err := a.Status.CheckMove(ch.Status); err != nil {
		return model.Action{}, err
	}
	a.Status, a.Version = ch.Status, a.Version+1
	f.actions[a.ID] = a
	f.moves = append(f.moves, ch)
	return a, nil
}

func (f *fakeStore) AddOutcome(_ model.Actor, _ model.ID, o model.Outcome) (model.Outcome, error) {
	if err := f.write(); err != nil {
		return model.Outcome{}, err
	}
	f.outcomes = append(f.outcomes, o)
	return o, nil
}

// someoneSaves is another partner's save of action id.
func (f *fakeStore) someoneSaves(id model.ID, change func(*model.Action)) {
	a := f.actions[id]
	change(&a)
	a.Version++
	a.UpdatedBy, a.UpdatedAt = "Sam Reid", time.Date(2026, 5, 4, 9, 45, 0, 0, time.UTC)
	f.actions[id] = a
}

// done is what the forms told the router when they saved.
type done struct {
	text string
	id   model.ID
}

func testLinks(out *[]done) Links {
	return Links{
		Done: func(text string, id model.ID) tea.Msg {
			*out = append(*out, done{text, id})
			return nil
		},
		Agencies: func() []model.Agency { return agencies },
	}
}

func view(s ui.Screen) string { return ansi.Strip(s.View()) }

// told checks that the form told the router, once, that it saved: text
// for the status line, and the action to select.
func told(t *testing.T, out []done, text string, id model.ID) {
	t.Helper()
	if want := []done{{text, id}}; !slices.Equal(out, want) {
		t.Fatalf("told the router %+v, want %+v", out, want)
	}
}

// The chooser offers exactly the moves the model allows from where the
// action is, and nothing when the model allows none.
func TestStatusOffersTheModelsMoves(t *testing.T) {
	for _, from := range model.ActionStatuses {
		t.Run(string(from), func(t *testing.T) {
			st := newFake()
			a := st.actions[5]
			a.Status = from
			s := Status(uitest.NewSession(officer, now), st, testLinks(new([]done)), a)
			uitest.New(t, s, 80, 20)
			v := view(s)
			if !strings.Contains(v, "Now "+string(from)+" · it can become:") {
				t.Fatalf("the status now is not said:\n%s", v)
			}
			for _, to := range model.ActionStatuses {
				offered := strings.Contains(v, "  "+string(to)+"\n") || strings.Contains(v, "> "+string(to))
				if want := from.CheckMove(to) == nil; offered != want {
					t.Errorf("%s offered = %v, the model says %v:\n%s", to, offered, want, v)
				}
			}
		})
	}
}

func TestStatusSavesOrSaysWhyNot(t *testing.T) {
	tests := []struct {
		name   string
		keys   []string
		refuse error
		want   model.ActionStatus // "" for nothing saved
		says   string             // in the chooser, or the router's status line
	}{
		{"first choice", []string{"enter"}, nil, model.ActionOpen, "Action A5 is now open"},
		{"moved down", []string{"down", "down", "enter"}, nil, model.ActionDone, "Action A5 is now done"},
		{"past the end stays on the last", []string{"end", "down", "down", "down", "down", "down", "enter"}, nil, model.ActionCancelled, "Action A5 is now cancelled"},
		{"forbidden", []string{"enter"}, &model.ForbiddenError{Reason: "only the owner agency can"}, "", "not allowed: only the owner agency can"},
		{"gone", []string{"enter"}, model.ErrNotFound, "", "This action is no longer visible to you."},
		{"invalid", []string{"enter"}, &model.ValidationError{Field: "status", Message: "not now"}, "", "not now"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newFake()
			var out []done
			s := Status(uitest.NewSession(officer, now), st, testLinks(&out), st.actions[5])
			hs := uitest.New(t, s, 80, 20)
			st.refuse = tt.refuse
			hs.Keys(tt.keys...)
			if tt.want == "" {
				if len(st.moves) != 0 || len(out) != 0 {
					t.Fatalf("saved %v, told the router %v", st.moves, out)
				}
				if v := view(s); !strings.Contains(v, tt.says) {
					t.Fatalf("the chooser does not say %q:\n%s", tt.says, v)
				}
				return
			}
			if want := (store.StatusChange{ID: 5, Status: tt.want, Version: 1}); !slices.Equal(st.moves, []store.StatusChange{want}) {
				t.Fatalf("moves %+v, want %+v", st.moves, want)
			}
			told(t, out, tt.says, 5)
		})
	}
}

// Someone else's change meanwhile: the save is refused and named, the
// choices follow the action as it now is, the cursor stays on the status
// chosen, and enter again saves on the new version.
func TestStatusFollowsSomeoneElsesChange(t *testing.T) {
	st := newFake()
	var out []done
	s := Status(uitest.NewSession(officer, now), st, testLinks(&out), st.actions[5])
	hs := uitest.New(t, s, 80, 20)
	hs.Keys("down", "down") // in progress: open, blocked, done
	st.someoneSaves(5, func(a *model.Action) { a.Status = model.ActionBlocked })
	hs.Keys("enter")
	if v := view(s); !strings.Contains(v, "Not saved: Sam Reid changed this action at 09:45") {
		t.Fatalf("the conflict is not named:\n%s", v)
	}
	opts, cur := s.Choices()
	if !slices.Equal(opts, model.ActionBlocked.Moves()) || opts[cur] != model.ActionDone {
		t.Fatalf("choices %v, cursor on %s", opts, opts[cur])
	}
	hs.Keys("enter")
	if got := st.actions[5]; got.Status != model.ActionDone || got.Version != 3 || len(out) != 1 {
		t.Fatalf("second try stored %s v%d, told %v", got.Status, got.Version, out)
	}

	// A change seen before any save: the chooser says who, and follows.
	s = Status(uitest.NewSession(officer, now), st, testLinks(&out), st.actions[5])
	hs = uitest.New(t, s, 80, 20)
	st.someoneSaves(5, func(a *model.Action) { a.Status = model.ActionOpen })
	hs.Send(ui.StoreChanged{})
	if v := view(s); !strings.Contains(v, "Sam Reid made it open at 09:45; the choices below follow.") {
		t.Fatalf("the change is not said:\n%s", v)
	}
	if opts, _ := s.Choices(); !slices.Equal(opts, model.ActionOpen.Moves()) {
		t.Fatalf("choices %v", opts)
	}
	hs.Keys("esc")
	if !slices.Equal(hs.Out, []tea.Msg{ui.Back{}}) {
		t.Fatalf("esc sent %v", hs.Out)
	}
}

// A new action on a problem starts from the model's default owner, the
// problem's visibility and a due date a fortnight on; saved, it tells the
// router what was raised.
func TestActionRaisedOnAProblem(t *testing.T) {
	tests := []struct {
		name       string
		u          model.User
		problem    model.Problem
		owner, vis string // what the form starts from
	}{
		{"the lead agency owns it", council, model.Problem{ID: 4, Ward: ward, Title: "Bikes", Visibility: model.Panel, LeadAgency: "police"}, "police", "panel"},
		{"no lead: the user's agency", council, model.Problem{ID: 4, Ward: ward, Title: "Bikes", Visibility: model.Panel}, "council", "panel"},
		{"restricted: no wider than the problem", officer, model.Problem{ID: 4, Ward: ward, Title: "Bikes",
			Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}, LeadAgency: "police"}, "police", "agencies:police"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newFake()
			var out []done
			p := tt.problem
			f := Action(uitest.NewSession(tt.u, now), st, testLinks(&out), Start{A: model.Action{Ward: ward, ProblemID: p.ID}, Create: true, Problem: &p})
			hs := uitest.New(t, f, 80, 30)
			v := view(f)
			if !strings.Contains(v, "New action on P4 Bikes") || !strings.Contains(v, "2026-05-18") {
				t.Fatalf("the form does not say what it raises, or when it is due:\n%s", v)
			}
			hs.Keys("Check the alley gates", "ctrl+s")
			if len(st.created) != 1 {
				t.Fatalf("nothing created; banner %q, fields %q", f.Banner, f.Values())
			}
			a := st.created[0]
			if a.OwnerAgency != tt.owner || a.Visibility.String() != tt.vis || !a.Due.Equal(model.DateOnly(now).AddDate(0, 0, 14)) ||
				a.Title != "Check the alley gates" || a.Status != model.ActionOpen || a.ProblemID != 4 {
				t.Fatalf("created %+v", a)
			}
			told(t, out, "Raised action A9 Check the alley gates", 9)
		})
	}
}

// An action raised in a meeting's item goes through the meeting, on the
// item's first problem; the ward's closed problems are not offered.
func TestActionRaisedInAMeeting(t *testing.T) {
	st := newFake()
	var out []done
	f := Action(uitest.NewSession(officer, now), st, testLinks(&out),
		Start{A: model.Action{Ward: ward, MeetingID: 3}, Create: true, Item: 2, Linked: []model.ID{4}})
	hs := uitest.New(t, f, 80, 30)
	if !strings.Contains(view(f), "New action on P4 Bikes in the alley") {
		t.Fatalf("the item's problem is not chosen:\n%s", view(f))
	}
	for _, name := range []string{"P4 Bikes in the alley", "none"} {
		if !slices.Contains(f.prob.Choice.Names, name) {
			t.Errorf("%q not offered: %q", name, f.prob.Choice.Names)
		}
	}
	if slices.ContainsFunc(f.prob.Choice.Names, func(n string) bool { return strings.HasPrefix(n, "P6") }) {
		t.Errorf("a closed problem is offered: %q", f.prob.Choice.Names)
	}
	hs.Keys("Letter drop", "ctrl+s")
	if len(st.raised) != 1 || len(st.created) != 0 {
		t.Fatalf("raised %+v, created %+v", st.raised, st.created)
	}
	if r := st.raised[0]; r.meeting != 3 || r.item != 2 || r.a.ProblemID != 4 || r.a.Title != "Letter drop" {
		t.Fatalf("raised %+v", r)
	}
	told(t, out, "Raised action A10 Letter drop", 10)
}

// A due date that has passed is asked about once; enter again keeps it.
func TestActionPastDueAsksOnce(t *testing.T) {
	st := newFake()
	p := st.problems[0]
	f := Action(uitest.NewSession(officer, now), st, testLinks(new([]done)), Start{A: model.Action{Ward: ward, ProblemID: p.ID}, Create: true, Problem: &p})
	hs := uitest.New(t, f, 80, 30)
	hs.Keys("Check the gates", "tab", "tab", "tab", "ctrl+u", "2026-05-01", "ctrl+s")
	if f.due.Err != PastDueAsk || f.Focused() != f.due || len(st.created) != 0 {
		t.Fatalf("a past date did not ask: err %q, created %d", f.due.Err, len(st.created))
	}
	if !strings.Contains(view(f), PastDueAsk) {
		t.Fatalf("the question is not on screen:\n%s", view(f))
	}
	hs.Keys("enter", "ctrl+s")
	if len(st.created) != 1 || !st.created[0].Due.Equal(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("the kept date was not saved: %+v", st.created)
	}
}

// An edit that meets someone else's save keeps what was typed, names
// them, loads theirs on ctrl+r and puts the user's text back on ctrl+o.
func TestActionEditConflict(t *testing.T) {
	st := newFake()
	var out []done
	a := st.actions[5]
	f := Action(uitest.NewSession(officer, now), st, testLinks(&out), Start{A: a})
	hs := uitest.New(t, f, 80, 30)
	if !strings.Contains(view(f), "Editing action A5 (version 1)") || f.prob != nil {
		t.Fatalf("not an edit of A5:\n%s", view(f))
	}
	hs.Keys("ctrl+u", "Fit both gates")
	st.someoneSaves(5, func(a *model.Action) { a.Title = "Fit the south gate" })
	hs.Send(ui.StoreChanged{})
	if !strings.Contains(f.Info, "Sam Reid changed this action at 09:45") {
		t.Fatalf("no early warning: %q", f.Info)
	}
	hs.Keys("ctrl+s")
	if !strings.Contains(view(f), "Changed by Sam Reid at 09:45") || f.title.Value() != "Fit both gates" {
		t.Fatalf("the conflict lost the text or is not said:\n%s", view(f))
	}
	hs.Keys("ctrl+r")
	if f.title.Value() != "Fit the south gate" || f.Base().Version != 2 {
		t.Fatalf("theirs not loaded: %q v%d", f.title.Value(), f.Base().Version)
	}
	hs.Keys("ctrl+o", "ctrl+s")
	if len(st.updated) != 1 || st.updated[0].Title != "Fit both gates" || st.updated[0].Version != 3 {
		t.Fatalf("updated %+v", st.updated)
	}
	told(t, out, "Saved action A5 Fit both gates", 5)

	// Gone from view: the form says so, and keeps the text.
	delete(st.actions, 5)
	f = Action(uitest.NewSession(officer, now), st, testLinks(&out), Start{A: a})
	hs = uitest.New(t, f, 80, 30)
	hs.Send(ui.StoreChanged{})
	if f.Info != actionGone {
		t.Fatalf("info %q", f.Info)
	}
}

// The owner's change offers the visibilities that suit it and narrows the
// assignees to its people.
func TestActionOwnerChangeFollowsTheModel(t *testing.T) {
	st := newFake()
	a := st.actions[5]
	a.Assignee = "PC Dan Jones"
	f := Action(uitest.NewSession(council, now), st, testLinks(new([]done)), Start{A: a})
	hs := uitest.New(t, f, 80, 30)
	if !slices.Contains(f.vis.Choice.Values, "agencies:council,police") {
		t.Fatalf("owner and user's agencies not offered: %v", f.vis.Choice.Values)
	}
	hs.Keys("tab", "tab", "right") // owner: police → council
	if f.owner.Value() != "council" {
		t.Fatalf("owner %q", f.owner.Value())
	}
	for _, v := range f.vis.Choice.Values {
		vis, err := model.ParseVisibility(v)
		if err != nil || model.CheckCreateAction(council, model.Action{Ward: ward, OwnerAgency: "council", Visibility: vis}, nil) != nil {
			t.Errorf("%s offered, which the model refuses for council", v)
		}
	}
	if slices.ContainsFunc(f.assignee.Person.People, func(u model.User) bool { return u.Agency != "council" }) {
		t.Errorf("assignees of another agency: %v", f.assignee.Person.People)
	}
}

func TestOutcomeLogsAndFollowsTheAction(t *testing.T) {
	tests := []struct {
		name    string
		u       model.User
		publish bool // the model lets u publish it
	}{
		{"the owner's officer may publish", officer, true},
		{"another agency's may not", council, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newFake()
			var out []done
			a := st.actions[5]
			f := Outcome(uitest.NewSession(tt.u, now), st, testLinks(&out), a)
			hs := uitest.New(t, f, 80, 30)
			if got := model.CheckMarkPublishable(tt.u, a) == nil; got != tt.publish || (f.publish != nil) != tt.publish {
				t.Fatalf("publish offered %v, model %v", f.publish != nil, got)
			}
			hs.Keys("Gates fitted.")
			st.someoneSaves(5, func(a *model.Action) { a.Status = model.ActionBlocked })
			hs.Send(ui.StoreChanged{})
			if !strings.Contains(f.Info, "Sam Reid changed this action at 09:45 (now blocked)") || f.text.Value() != "Gates fitted." {
				t.Fatalf("info %q, text %q", f.Info, f.text.Value())
			}
			hs.Keys("tab", "left", "ctrl+s")
			if len(st.outcomes) != 1 || st.outcomes[0].Text != "Gates fitted." || st.outcomes[0].Result != "no-further-action" {
				t.Fatalf("outcomes %+v", st.outcomes)
			}
			told(t, out, "Logged an outcome (no-further-action) on action A5", 5)
		})
	}
}

func TestOutcomeRefusedKeepsText(t *testing.T) {
	st := newFake()
	var out []done
	f := Outcome(uitest.NewSession(officer, now), st, testLinks(&out), st.actions[5])
	hs := uitest.New(t, f, 80, 30)
	st.refuse = &model.ValidationError{Field: "text", Message: "say what was done"}
	hs.Keys("ok", "ctrl+s")
	if !strings.Contains(f.text.Err, "say what was done") || f.text.Value() != "ok" || len(out) != 0 {
		t.Fatalf("error %q, text %q, told %v", f.text.Err, f.text.Value(), out)
	}
	delete(st.actions, 5)
	hs.Send(ui.StoreChanged{})
	if !strings.Contains(f.Info, "no longer visible to you, so logging will fail") {
		t.Fatalf("info %q", f.Info)
	}
}
