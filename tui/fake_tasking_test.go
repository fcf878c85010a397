package tui

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"wardpanel/model"
	"wardpanel/store"
)

// tNow is the tests' today: Wednesday 4 March 2026, mid-morning.
var tNow = time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)

func fixedNow() time.Time { return tNow }

// day is a due date n days from tNow.
func day(n int) time.Time { return model.DateOnly(tNow).AddDate(0, 0, n) }

// fixtureActions are the fixture's actions, in ID order, with who raises
// each (the real-store fixture creates them as these users).
//
// Against tNow: #1 is overdue, #2 due soon, #4 due soon on the boundary
// (today+7), #6 just past it (today+8), #5 is done (its past due date is
// not overdue), #3 is police-only, #7 officers-only, #8 in Southmere.
func fixtureActions() []struct {
	a  model.Action
	by model.User
} {
	type ab = struct {
		a  model.Action
		by model.User
	}
	police := model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}
	return []ab{
		{model.Action{ProblemID: 4, Title: "Fit gates at both ends of the Elm Grove alley", OwnerAgency: "council",
			Assignee: "Sam Reid", Due: day(-2), Status: model.ActionInProgress,
			Description: "Council to fund from the ward budget; residents at 1 and 41 hold keys."}, officer},
		{model.Action{ProblemID: 4, Title: "Door-knock odd numbers 1-41 with crime prevention advice", OwnerAgency: "police",
			Assignee: "Asha Patel", Due: day(2)}, officer},
		{model.Action{ProblemID: 2, Title: "Test purchase operation at Tower B", OwnerAgency: "police",
			Assignee: "PC Dan Jones", Due: day(16), Visibility: police}, officer},
		{model.Action{ProblemID: 1, Title: "Clear the fly-tip and put up CCTV signs", OwnerAgency: "council",
			Due: day(7)}, council},
		{model.Action{ProblemID: 3, Title: "Youth outreach evenings at the rec", OwnerAgency: "housing",
			Assignee: "Priya Shah", Due: day(-12), Status: model.ActionDone}, chair},
		{model.Action{Title: "Leaflet the Parade about the next panel meeting", OwnerAgency: "council",
			Assignee: "Carol Hughes", Due: day(8), Status: model.ActionBlocked}, chair},
		{model.Action{ProblemID: 6, Title: "Price the summer event marquee", OwnerAgency: "council",
			Due: day(21), Visibility: model.Visibility{Kind: model.VisOfficers}}, chair},
		{model.Action{Ward: wardB, ProblemID: 7, Title: "Tow the abandoned cars", OwnerAgency: "council", Due: day(6)}, council},
	}
}

func fixtureOutcomes() []struct {
	action model.ID
	o      model.Outcome
	by     model.User
} {
	type ob = struct {
		action model.ID
		o      model.Outcome
		by     model.User
	}
	return []ob{
		{1, model.Outcome{Text: "Quote received for two gates; funding agreed from the ward budget.", Result: "engagement"}, council},
		{1, model.Outcome{Text: "North-end gate fitted on 3 March. The south end waits on a lock.", Result: "environmental-change"}, council},
	}
}

func fixtureEvidence() []struct {
	e  model.Evidence
	by model.User
} {
	type eb = struct {
		e  model.Evidence
		by model.User
	}
	return []eb{
		{model.Evidence{ProblemID: 4, Kind: model.EvidenceFact, Occurred: day(-5),
			Text: "Seven dwelling burglaries recorded since 5 January, all entering from the alley."}, officer},
		{model.Evidence{ProblemID: 4, Kind: model.EvidenceReport, Occurred: day(-3),
			Text: "Resident at no. 17 saw two men climbing the alley wall at about 2am."}, member},
		{model.Evidence{ProblemID: 4, Kind: model.EvidenceOpinion, Occurred: day(-2),
			Text: "The unlit alley is the main way in; lighting would do as much as the gates."}, council},
		{model.Evidence{ProblemID: 2, Kind: model.EvidenceFact, Occurred: day(-1),
			Text:       "Three stop-searches on the landings found cannabis and wraps.",
			Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}}, officer},
	}
}

// addTasking stores the fixture's actions, outcomes and evidence as they
// are, bypassing the rules (as newFakeStore does for problems).
func (s *fakeStore) addTasking() {
	for i, fa := range fixtureActions() {
		a := fa.a
		a.ID = model.ID(i + 1)
		a.Ward = cmp.Or(a.Ward, wardA)
		a.Status = cmp.Or(a.Status, model.ActionOpen)
		if a.Visibility.Kind == "" {
			a.Visibility = model.Panel
		}
		a.CreatedBy, a.UpdatedBy = fa.by.Name, fa.by.Name
		a.CreatedAt, a.UpdatedAt = t0.Add(time.Duration(i)*time.Minute), t0.Add(time.Duration(i)*time.Minute)
		a.Version = 1
		s.actions[a.ID] = a
		s.nextAct = a.ID
	}
	for i, fo := range fixtureOutcomes() {
		o := fo.o
		s.nextOut++
		o.ID, o.ActionID = s.nextOut, fo.action
		o.By, o.Agency = fo.by.Name, fo.by.Agency
		o.At = t0.Add(time.Duration(24+i) * time.Hour)
		s.outcomes[fo.action] = append(s.outcomes[fo.action], o)
	}
	for i, fe := range fixtureEvidence() {
		e := fe.e
		s.nextEv++
		e.ID = s.nextEv
		e.Ward = s.problems[e.ProblemID].Ward
		if e.Visibility.Kind == "" {
			e.Visibility = model.Panel
		}
		e.LoggedBy, e.Agency = fe.by.Name, fe.by.Agency
		e.LoggedAt = t0.Add(time.Duration(30+i) * time.Hour)
		s.evidence[e.ID] = e
	}
}

func (s *fakeStore) CreateAction(by model.Actor, a model.Action) (model.Action, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var prob *model.Problem
	if a.ProblemID != 0 {
		p, ok := s.problems[a.ProblemID]
		if !ok || !model.CanSeeProblem(by.User, p) {
			return model.Action{}, model.ErrNotFound
		}
		prob = &p
		if a.Visibility.Kind == "" {
			a.Visibility = p.Visibility
		}
	}
	if err := a.Validate(); err != nil {
		return model.Action{}, err
	}
	if err := model.CheckCreateAction(by.User, a, prob); err != nil {
		return model.Action{}, err
	}
	if err := s.knownAgency(a.OwnerAgency); err != nil {
		return model.Action{}, err
	}
	s.nextAct++
	a.ID, a.Version = s.nextAct, 1
	a.CreatedBy, a.UpdatedBy = by.User.Name, by.User.Name
	a.CreatedAt, a.UpdatedAt = s.now, s.now
	s.actions[a.ID] = a
	return a, nil
}

// knownAgency: as the real store, an owner must be an agency it knows.
func (s *fakeStore) knownAgency(code string) error {
	if !slices.ContainsFunc(s.agencies, func(a model.Agency) bool { return a.Code == code }) {
		return fmt.Errorf("unknown agency %s: %w", code, model.ErrNotFound)
	}
	return nil
}

// ChangeActionStatus is UpdateAction of the status alone, from the version
// the change names (0: the current one).
func (s *fakeStore) ChangeActionStatus(by model.Actor, ch store.StatusChange) (model.Action, error) {
	s.mu.Lock()
	a, ok := s.actions[ch.ID]
	s.mu.Unlock()
	if !ok {
		return model.Action{}, model.ErrNotFound
	}
	if a.Status == ch.Status {
		return model.Action{}, a.Status.CheckMove(ch.Status)
	}
	if ch.Version != 0 {
		a.Version = ch.Version
	}
	a.Status = ch.Status
	return s.UpdateAction(by, a)
}

func (s *fakeStore) UpdateAction(by model.Actor, a model.Action) (model.Action, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.actions[a.ID]
	if !ok || !model.CanSeeAction(by.User, old) {
		return model.Action{}, model.ErrNotFound
	}
	if err := a.Validate(); err != nil {
		return model.Action{}, err
	}
	if err := model.CheckEditAction(by.User, old, a); err != nil {
		return model.Action{}, err
	}
	if a.ProblemID != 0 && old.Visibility.String() != a.Visibility.String() && !a.Visibility.Within(s.problems[a.ProblemID].Visibility) {
		return model.Action{}, &model.ValidationError{Field: "visibility", Message: "no wider than its problem"}
	}
	if a.OwnerAgency != old.OwnerAgency {
		if err := s.knownAgency(a.OwnerAgency); err != nil {
			return model.Action{}, err
		}
	}
	if a.Version != old.Version {
		return model.Action{}, &model.ConflictError{By: old.UpdatedBy, At: old.UpdatedAt}
	}
	a.CreatedBy, a.CreatedAt = old.CreatedBy, old.CreatedAt
	a.UpdatedBy, a.UpdatedAt = by.User.Name, s.now
	a.Version = old.Version + 1
	s.actions[a.ID] = a
	return a, nil
}

func (s *fakeStore) Action(viewer model.User, id model.ID) (model.Action, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.actions[id]
	if !ok || !model.CanSeeAction(viewer, a) {
		return model.Action{}, model.ErrNotFound
	}
	return a, nil
}

func (s *fakeStore) listActions(keep func(model.Action) bool, viewer model.User) []model.Action {
	var out []model.Action
	for _, a := range s.actions {
		if keep(a) && model.CanSeeAction(viewer, a) {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b model.Action) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

func (s *fakeStore) Actions(viewer model.User, ward string) ([]model.Action, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.listActions(func(a model.Action) bool { return a.Ward == ward }, viewer), nil
}

func (s *fakeStore) ProblemActions(viewer model.User, problemID model.ID) ([]model.Action, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.listActions(func(a model.Action) bool { return a.ProblemID == problemID }, viewer), nil
}

func (s *fakeStore) AddOutcome(by model.Actor, actionID model.ID, o model.Outcome) (model.Outcome, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.actions[actionID]
	if !ok || !model.CanSeeAction(by.User, a) {
		return model.Outcome{}, model.ErrNotFound
	}
	if err := model.CheckLogOutcome(by.User, a); err != nil {
		return model.Outcome{}, err
	}
	if err := o.Validate(); err != nil {
		return model.Outcome{}, err
	}
	s.nextOut++
	o.ID, o.ActionID = s.nextOut, actionID
	o.By, o.Agency, o.At = by.User.Name, by.User.Agency, s.now
	s.outcomes[actionID] = append(s.outcomes[actionID], o)
	return o, nil
}

func (s *fakeStore) Outcomes(viewer model.User, actionID model.ID) ([]model.Outcome, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.actions[actionID]
	if !ok || !model.CanSeeAction(viewer, a) {
		return nil, model.ErrNotFound
	}
	return slices.Clone(s.outcomes[actionID]), nil
}

func (s *fakeStore) AddEvidence(by model.Actor, e model.Evidence) (model.Evidence, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.problems[e.ProblemID]
	if !ok || !model.CanSeeProblem(by.User, p) {
		return model.Evidence{}, model.ErrNotFound
	}
	e.Ward = p.Ward
	if e.Visibility.Kind == "" {
		e.Visibility = p.Visibility
	}
	if err := e.Validate(); err != nil {
		return model.Evidence{}, err
	}
	if err := model.CheckAddEvidence(by.User, e, p); err != nil {
		return model.Evidence{}, err
	}
	s.nextEv++
	e.ID = s.nextEv
	e.LoggedBy, e.Agency, e.LoggedAt = by.User.Name, by.User.Agency, s.now
	s.evidence[e.ID] = e
	return e, nil
}

func (s *fakeStore) Evidence(viewer model.User, problemID model.ID) ([]model.Evidence, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.problems[problemID]
	if !ok || !model.CanSeeProblem(viewer, p) {
		return nil, model.ErrNotFound
	}
	var out []model.Evidence
	for _, e := range s.evidence {
		if e.ProblemID == problemID && model.CanSeeEvidence(viewer, e) {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b model.Evidence) int {
		return cmp.Or(a.Occurred.Compare(b.Occurred), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// putAction changes an action behind the UI's back, as another session would.
func (s *fakeStore) putAction(a model.Action) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a.ID == 0 {
		s.nextAct++
		a.ID = s.nextAct
	}
	s.actions[a.ID] = a
}

func (s *fakeStore) getAction(id model.ID) model.Action {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.actions[id]
}
