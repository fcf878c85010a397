package board

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
	"wardpanel/tui/ui/uitest"
)

// What the package's tests share: a store of two wards, and sessions on
// it with the board and the actions list, driven as the router would.

const wardA, wardB = "E05009367", "E05009400"

var now = time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)

var (
	officer  = model.User{ID: 1, Name: "Asha Patel", Agency: "police", Role: model.RoleOfficer, Wards: []string{wardA, wardB}}
	observer = model.User{ID: 5, Name: "Obi Observer", Agency: "residents", Role: model.RoleObserver, Wards: []string{wardA}}
)

// day is a date n days from the tests' today.
func day(n int) time.Time { return model.DateOnly(now).AddDate(0, 0, n) }

// fakeStore hands every viewer of a ward the same slices until a change,
// as the store does, filtered by the model's rules.
type fakeStore struct {
	problems []model.Problem
	actions  []model.Action
	// lists are the slices handed out, per ward and viewer class.
	lists   map[listKey][]model.Problem
	loadErr error
}

type listKey struct {
	ward  string
	class model.ViewerClass
}

func newStore() *fakeStore {
	st := &fakeStore{}
	for i, p := range []model.Problem{
		{Title: "Fly-tipping behind the Parade shops", Category: "environmental", Stage: model.StageScanning, Priority: model.PriorityMedium, LeadAgency: "council"},
		{Title: "Drug dealing in Tower B stairwell", Category: "drugs", Stage: model.StageResponse, Priority: model.PriorityHigh, LeadAgency: "police",
			Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}, Description: "Residents report needles on the stairs."},
		{Title: "Youth nuisance at the rec", Category: "youth", Stage: model.StageAnalysis, Priority: model.PriorityMedium, LeadAgency: "council",
			Location: "Mill Road recreation ground"},
		{Title: "Burglary hotspot on Elm Grove", Category: "burglary", Stage: model.StageAssessment, Priority: model.PriorityHigh, LeadAgency: "police"},
		{Title: "Speeding on Mill Lane", Category: "traffic", Stage: model.StageClosed, Priority: model.PriorityLow, LeadAgency: "council", Location: "Mill Lane"},
		{Title: "漢字のタイトル 🚲 stolen bikes " + strings.Repeat("very long title ", 6), Category: "vehicle-crime", Stage: model.StageAnalysis},
		{Title: "Abandoned cars on Southmere Close", Category: "vehicle-crime", Stage: model.StageScanning, Ward: wardB},
	} {
		p.ID = model.ID(i + 1)
		if p.Ward == "" {
			p.Ward = wardA
		}
		if p.Visibility.Kind == "" {
			p.Visibility = model.Panel
		}
		st.problems = append(st.problems, p)
	}
	for i, a := range []model.Action{
		{Title: "Fit gates to the alley", OwnerAgency: "council", Due: day(-2), Status: model.ActionOpen, ProblemID: 4},
		{Title: "Door-knock the row", OwnerAgency: "police", Assignee: "Asha Patel", Due: day(3), Status: model.ActionInProgress, ProblemID: 4},
		{Title: "Youth outreach evening", OwnerAgency: "council", Due: day(-9), Status: model.ActionDone, ProblemID: 3},
	} {
		a.ID, a.Ward, a.Visibility, a.Version = model.ID(i+1), wardA, model.Panel, 1
		st.actions = append(st.actions, a)
	}
	return st
}

// put adds or replaces p, as another session's write would.
func (s *fakeStore) put(p model.Problem) {
	s.lists = nil
	for i := range s.problems {
		if s.problems[i].ID == p.ID {
			s.problems[i] = p
			return
		}
	}
	s.problems = append(s.problems, p)
}

func (s *fakeStore) Ward(code string) (model.Ward, error) {
	names := map[string]string{wardA: "Northfield", wardB: "Southmere"}
	return model.Ward{Code: code, Name: names[code]}, nil
}

func (s *fakeStore) Agencies() ([]model.Agency, error) {
	return []model.Agency{{Code: "council", Name: "Borough Council"}, {Code: "police", Name: "Safer Neighbourhood Team"}}, nil
}

func (s *fakeStore) Problems(u model.User, ward string) ([]model.Problem, error) {
	if s.loadErr != nil {
		return nil, s.loadErr
	}
	k := listKey{ward, model.ClassOf(u, ward)}
	if l, ok := s.lists[k]; ok {
		return l, nil
	}
	var out []model.Problem
	for _, p := range s.problems {
		if p.Ward == ward && model.CanSeeProblem(u, p) {
			out = append(out, p)
		}
	}
	if s.lists == nil {
		s.lists = map[listKey][]model.Problem{}
	}
	s.lists[k] = out
	return out, nil
}

func (s *fakeStore) Actions(u model.User, ward string) ([]model.Action, error) {
	var out []model.Action
	for _, a := range s.actions {
		if a.Ward == ward && model.CanSeeAction(u, a) {
			out = append(out, a)
		}
	}
	return out, nil
}

// link is a message a link made: where the screen asked to go.
type link string

// session is one user's board and actions list, sized, with the screen on
// top, and what they asked of the router and told the session.
type session struct {
	t        testing.TB
	s        *uitest.Session
	b        *Board
	l        *Actions
	top      ui.Screen
	out      []tea.Msg
	agencies []model.Agency
	starred  []model.Problem
}

func testLinks(x *session) Links {
	to := func(where string) func() tea.Msg { return func() tea.Msg { return link(where) } }
	return Links{
		OpenProblem:  func(p model.Problem) tea.Msg { return link("open " + model.ProblemRef(p.ID)) },
		NewProblem:   func(ward string) tea.Msg { return link("new problem in " + ward) },
		Meetings:     to("meetings"),
		Audit:        to("audit"),
		Pictures:     to("pictures"),
		Crimes:       to("crimes"),
		Inbox:        to("inbox"),
		OpenAction:   func(a model.Action) tea.Msg { return link("open " + model.ActionRef(a.ID)) },
		ActionStatus: func(a model.Action) tea.Msg { return link("status of " + model.ActionRef(a.ID)) },
		EditAction:   func(a model.Action) tea.Msg { return link("edit " + model.ActionRef(a.ID)) },
		Outcome:      func(a model.Action) tea.Msg { return link("outcome of " + model.ActionRef(a.ID)) },
		NewAction:    func(ward string) tea.Msg { return link("new action in " + ward) },
		SetWard:      func(w model.Ward) { x.s.W = w },
		SetAgencies:  func(as []model.Agency) { x.agencies = as },
		Priorities:   func() []model.Problem { return x.starred },
	}
}

func testKeys() KeyMap {
	return NewKeyMap(Borrowed{Pictures: ui.Bind("rich pictures", "r"), Crimes: ui.Bind("crime picture", "x"),
		Inbox: ui.Bind("inbox", "i"), ForReview: ui.Bind("for review", "d")})
}

// open is u's session on st at w×h, the board loaded.
func open(t testing.TB, st Store, u model.User, w, h int) *session {
	t.Helper()
	x := &session{t: t, s: uitest.NewSession(u, now)}
	k := testKeys()
	x.b, x.l = New(x.s, st, &k, testLinks(x)), NewActions(x.s, st, &k, testLinks(x))
	x.top = x.b
	x.b.SetSize(w, h)
	x.l.SetSize(w, h)
	x.run(x.b.Init())
	return x
}

// run settles cmd as the router would: the actions list opens on
// ui.Open, ui.Back returns to the board, links and the status line are
// kept in out, and every other message goes to both screens.
func (x *session) run(cmd tea.Cmd) {
	x.t.Helper()
	uitest.Settle(x.t, cmd, func(msg tea.Msg) tea.Cmd {
		switch m := msg.(type) {
		case ui.Open:
			if m.ID == ActionsID {
				x.top = x.l
				return x.l.Show()
			}
			x.out = append(x.out, msg)
		case ui.Back:
			x.top = x.b
			x.out = append(x.out, msg)
		case link, ui.Err, ui.Status:
			x.out = append(x.out, msg)
		default:
			return tea.Batch(x.b.Update(msg), x.l.Update(msg))
		}
		return nil
	})
}

// keys presses keys on the screen on top.
func (x *session) keys(names ...string) {
	x.t.Helper()
	for _, k := range uitest.Presses(names...) {
		x.run(x.top.Update(k))
	}
}

// sent is what the screens asked of the router since the last look.
func (x *session) sent() []tea.Msg {
	out := x.out
	x.out = nil
	return out
}

func (x *session) shown() []model.ID { return x.b.State().Shown }
