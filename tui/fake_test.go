package tui

import (
	"slices"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui/uitest"
)

// fakeStore is an in-memory Store with the real store's rules (validation,
// permissions, visibility, versions), so the UI can be tested without bbolt.
type fakeStore struct {
	mu       sync.Mutex
	wards    map[string]model.Ward
	agencies []model.Agency
	problems map[model.ID]model.Problem
	nextID   model.ID
	now      time.Time
	// problemsErr, when set, makes Problems fail.
	problemsErr error

	actions  map[model.ID]model.Action
	outcomes map[model.ID][]model.Outcome // by action
	evidence map[model.ID]model.Evidence
	nextAct  model.ID
	nextOut  model.ID
	nextEv   model.ID
}

const (
	wardA = "E05009367"
	wardB = "E05009368"
)

var t0 = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

var (
	officer = model.User{ID: 1, Name: "Asha Patel", Agency: "police", Role: model.RoleOfficer, Wards: []string{wardA, wardB}}
	member  = model.User{ID: 2, Name: "Dee Okafor", Agency: "residents", Role: model.RoleMember, Wards: []string{wardA}}
	chair   = model.User{ID: 3, Name: "Carol Hughes", Agency: "council", Role: model.RoleChair, Wards: []string{wardA}}
	council = model.User{ID: 4, Name: "Sam Reid", Agency: "council", Role: model.RoleOfficer, Wards: []string{wardA}}
	watcher = model.User{ID: 5, Name: "Obi Observer", Agency: "residents", Role: model.RoleObserver, Wards: []string{wardA}}
	// fakePeople are everyone the fixture enrols, with the partners its
	// actions are assigned to.
	fakePeople = []model.User{officer, member, chair, council, watcher,
		{ID: 6, Name: "PC Dan Jones", Agency: "police", Role: model.RoleOfficer, Wards: []string{wardA}},
		{ID: 7, Name: "Priya Shah", Agency: "housing", Role: model.RoleOfficer, Wards: []string{wardA}}}
)

func newFakeStore() *fakeStore {
	s := &fakeStore{
		wards: map[string]model.Ward{
			wardA: {Code: wardA, Name: "Northfield"},
			wardB: {Code: wardB, Name: "Southmere"},
		},
		agencies: []model.Agency{
			{Code: "council", Name: "Borough Council"},
			{Code: "housing", Name: "Riverside Housing"},
			{Code: "police", Name: "Safer Neighbourhood Team"},
		},
		problems: map[model.ID]model.Problem{},
		actions:  map[model.ID]model.Action{},
		outcomes: map[model.ID][]model.Outcome{},
		evidence: map[model.ID]model.Evidence{},
		now:      t0.Add(48 * time.Hour),
	}
	add := func(p model.Problem, by string, at time.Time) {
		s.nextID++
		p.ID = s.nextID
		if p.Ward == "" {
			p.Ward = wardA
		}
		if p.Visibility.Kind == "" {
			p.Visibility = model.Panel
		}
		p.CreatedBy, p.UpdatedBy = by, by
		p.CreatedAt, p.UpdatedAt = at, at
		p.Version = 1
		s.problems[p.ID] = p
	}
	add(model.Problem{Title: "Fly-tipping behind the Parade shops", Category: "environmental", Stage: model.StageScanning,
		Priority: model.PriorityMedium, LeadAgency: "council", Location: "Parade service road"}, "Sam Reid", t0)
	add(model.Problem{Title: "Drug dealing in Tower B stairwell", Category: "drugs", Stage: model.StageResponse,
		Priority: model.PriorityHigh, LeadAgency: "police", Location: "Tower B, stairs 3-5",
		Visibility:  model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}},
		Description: "Regular dealing on the landings between floors 3 and 5, mostly after 9pm.\n\nResidents report needles on the stairs."},
		"Asha Patel", t0.Add(time.Hour))
	add(model.Problem{Title: "Youth nuisance at the rec", Category: "youth", Stage: model.StageAnalysis,
		Priority: model.PriorityMedium, LeadAgency: "council", Location: "Mill Road recreation ground"}, "Carol Hughes", t0.Add(2*time.Hour))
	add(model.Problem{Title: "Burglary hotspot on Elm Grove", Category: "burglary", Stage: model.StageAssessment,
		Priority: model.PriorityHigh, LeadAgency: "police", Location: "Elm Grove, odd numbers 1-41",
		Description: "Seven dwelling burglaries in eight weeks, entry through rear gardens backing onto the alley. " +
			"Target hardening offered to every house on the row; alley gating agreed with the council in January.\n\n" +
			"Assessment: two burglaries since the gates went in, both on the unprotected end of the alley."},
		"Asha Patel", t0.Add(3*time.Hour))
	add(model.Problem{Title: "Speeding on Mill Lane", Category: "traffic", Stage: model.StageClosed,
		Priority: model.PriorityLow, LeadAgency: "council", Location: "Mill Lane"}, "Sam Reid", t0.Add(4*time.Hour))
	add(model.Problem{Title: "Panel budget for the summer event", Category: "other", Stage: model.StageScanning,
		Priority: model.PriorityLow, Visibility: model.Visibility{Kind: model.VisOfficers}}, "Carol Hughes", t0.Add(5*time.Hour))
	add(model.Problem{Title: "Abandoned cars on Southmere Close", Category: "vehicle-crime", Stage: model.StageScanning,
		Priority: model.PriorityMedium, LeadAgency: "council", Ward: wardB, Location: "Southmere Close"}, "Sam Reid", t0.Add(6*time.Hour))
	s.addTasking()
	return s
}

func (s *fakeStore) Ward(code string) (model.Ward, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, ok := s.wards[code]
	if !ok {
		return model.Ward{}, model.ErrNotFound
	}
	return w, nil
}

// WardPeople are the fixture's people of the ward, as the real store lists them.
func (s *fakeStore) WardPeople(viewer model.User, ward string) ([]model.User, error) {
	if !viewer.InWard(ward) {
		return nil, model.ErrNotFound
	}
	return model.PeopleChoices(fakePeople, ward), nil
}

func (s *fakeStore) Agencies() ([]model.Agency, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.agencies), nil
}

func (s *fakeStore) Problems(viewer model.User, ward string) ([]model.Problem, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.problemsErr != nil {
		return nil, s.problemsErr
	}
	var out []model.Problem
	for _, p := range s.problems {
		if p.Ward == ward && model.CanSeeProblem(viewer, p) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b model.Problem) int { return int(a.ID) - int(b.ID) })
	return out, nil
}

func (s *fakeStore) Problem(viewer model.User, id model.ID) (model.Problem, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.problems[id]
	if !ok || !model.CanSeeProblem(viewer, p) {
		return model.Problem{}, model.ErrNotFound
	}
	return p, nil
}

func (s *fakeStore) CreateProblem(by model.Actor, p model.Problem) (model.Problem, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := p.Validate(); err != nil {
		return model.Problem{}, err
	}
	if err := model.CheckCreateProblem(by.User, p); err != nil {
		return model.Problem{}, err
	}
	s.nextID++
	p.ID = s.nextID
	p.Version = 1
	p.CreatedBy, p.UpdatedBy = by.User.Name, by.User.Name
	p.CreatedAt, p.UpdatedAt = s.now, s.now
	s.problems[p.ID] = p
	return p, nil
}

func (s *fakeStore) UpdateProblem(by model.Actor, p model.Problem) (model.Problem, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.problems[p.ID]
	if !ok || !model.CanSeeProblem(by.User, old) {
		return model.Problem{}, model.ErrNotFound
	}
	if err := p.Validate(); err != nil {
		return model.Problem{}, err
	}
	// Permission before version, as the real store does: a conflict would
	// confirm that a hidden record exists.
	if err := model.CheckEditProblem(by.User, old, p); err != nil {
		return model.Problem{}, err
	}
	if p.Version != old.Version {
		return model.Problem{}, &model.ConflictError{By: old.UpdatedBy, At: old.UpdatedAt}
	}
	p.CreatedBy, p.CreatedAt = old.CreatedBy, old.CreatedAt
	p.UpdatedBy, p.UpdatedAt = by.User.Name, s.now
	p.Version = old.Version + 1
	s.problems[p.ID] = p
	return p, nil
}

// put changes a problem behind the UI's back, as another session would.
func (s *fakeStore) put(p model.Problem) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.ID == 0 {
		s.nextID++
		p.ID = s.nextID
	}
	s.problems[p.ID] = p
}

func (s *fakeStore) get(id model.ID) model.Problem {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.problems[id]
}

// --- driving the model without a program ---

// harness runs an app synchronously: every command a message produces is
// executed and its messages fed back, as the program would, until quiet.
type harness struct {
	t    *testing.T
	app  *app
	quit bool
}

func newHarness(t *testing.T, opts Options, w, h int) *harness {
	t.Helper()
	if opts.Store == nil {
		opts.Store = newFakeStore()
	}
	hs := &harness{t: t, app: New(opts).(*app)}
	// Commands run to completion here, so a timer would never let go.
	hs.app.c.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(hs.app.Init())
	return hs
}

func userOpts(st *fakeStore, u model.User) Options {
	return Options{Store: st, User: &u, Fingerprint: "SHA256:test", Now: fixedNow}
}

func (hs *harness) send(msg tea.Msg) {
	hs.t.Helper()
	_, cmd := hs.app.Update(msg)
	hs.run(cmd)
}

func (hs *harness) run(cmd tea.Cmd) {
	hs.t.Helper()
	if uitest.Settle(hs.t, cmd, func(msg tea.Msg) tea.Cmd {
		_, next := hs.app.Update(msg)
		return next
	}) {
		hs.quit = true
	}
}

// keys sends key presses: names like "enter", "ctrl+s", "shift+tab", or
// any other string typed one rune at a time.
func (hs *harness) keys(names ...string) {
	hs.t.Helper()
	for _, k := range uitest.Presses(names...) {
		hs.send(k)
	}
}

// paste sends text as a terminal's bracketed paste does: one message.
func (hs *harness) paste(s string) {
	hs.t.Helper()
	hs.send(tea.PasteMsg{Content: s})
}

func namedKey(n string) (tea.KeyPressMsg, bool) { return uitest.NamedKey(n) }

func (hs *harness) view() string { return hs.app.View().Content }

// visibleIDs lists the board's rows in order.
func (hs *harness) visibleIDs() []model.ID { return hs.app.board().State().Shown }
