package plain

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/cli"
)

// The home place, the board and the actions: lists to choose from, and
// the record chosen.

func (s *session) goHome() {
	s.at, s.id = placeHome, 0
	cs := []choice{
		{"inbox", "Inbox: what is for you", s.goInbox},
		{"board", "Board: the ward's problems", s.goBoard},
		{"actions", "Actions: all of the ward's", func() { s.mine = false; s.goActions() }},
		{"mine", "My actions: mine and my agency's", func() { s.mine = true; s.goActions() }},
		{"meetings", "Meetings", s.goMeetings},
	}
	if m, ok := s.liveMeeting(); ok {
		s.t.say(fmt.Sprintf("Meeting %s, %s, is live now.", cli.MeetingRef.Name(m.ID), clean(m.Title)))
		cs = append([]choice{{"live", "Join the live meeting: " + clean(m.Title), func() { s.goMeeting(m.ID) }}}, cs...)
	}
	if model.CanReadAudit(s.u) {
		cs = append(cs, choice{"audit", "Audit: who changed what, newest first", s.audit})
	}
	cs = append(cs, choice{"help", "Help", s.help})
	s.t.say("Home.")
	s.listChoices(cs)
}

// liveMeeting is the ward's meeting under way, if there is one.
func (s *session) liveMeeting() (model.Meeting, bool) {
	for _, m := range s.meetings {
		if m.State == model.MeetingLive && m.Ward == s.ward {
			return m, true
		}
	}
	return model.Meeting{}, false
}

func (s *session) goBoard() {
	ps, err := s.o.Store.Problems(s.u, s.ward)
	if err != nil {
		s.refuse("reading the board", err)
		return
	}
	prio, err := s.o.Store.Priorities(s.u, s.ward)
	if err != nil {
		s.refuse("reading the priorities", err)
		return
	}
	shown := slices.Clone(ps)
	// The board's own order: most urgent first, then oldest.
	slices.SortStableFunc(shown, func(a, b model.Problem) int { return cmp.Compare(a.Priority, b.Priority) })
	s.at, s.id = placeBoard, 0
	s.t.say(fmt.Sprintf("Board: %s.", model.Counted(len(shown), "problem", "problems")))
	cs := make([]choice, 0, len(shown)+1)
	for _, p := range shown {
		cs = append(cs, choice{label: problemLine(p.Safe(), prio), run: func() { s.goProblem(p.ID) }})
	}
	cs = append(cs, s.boardChoices()...)
	cs = append(cs, choice{"back", "Back home", s.goHome})
	s.listChoices(cs)
}

// problemLine is a problem in a list: its number, title and the facts a
// sighted reader gets from the board's columns and colours.
func problemLine(p model.Problem, prio model.WardPriorities) string {
	facts := []string{capital(p.Priority.String()) + " priority"}
	if slices.Contains(prio.Problems, p.ID) {
		facts = append(facts, "a ward priority")
	}
	facts = append(facts, string(p.Stage)+" stage", string(p.Category))
	if p.LeadAgency != "" {
		facts = append(facts, "lead "+p.LeadAgency)
	}
	if p.Visibility.Restricted() {
		facts = append(facts, "seen by "+p.Visibility.Label())
	}
	return fmt.Sprintf("%s %s. %s.", cli.ProblemRef.Name(p.ID), p.Title, strings.Join(facts, ", "))
}

func (s *session) goProblem(id model.ID) {
	p, err := s.o.Store.Problem(s.u, id)
	if err != nil {
		s.refuse("opening problem "+cli.ProblemRef.Name(id), err)
		return
	}
	p = p.Safe()
	prio, err := s.o.Store.Priorities(s.u, s.ward)
	if err != nil {
		s.refuse("reading the priorities", err)
		return
	}
	actions, err := s.o.Store.ProblemActions(s.u, id)
	if err != nil {
		s.refuse("reading its actions", err)
		return
	}
	s.at, s.id = placeProblem, id
	lines := []string{"Problem " + problemLine(p, prio)}
	if p.Location != "" {
		lines = append(lines, "Where: "+p.Location+".")
	}
	lines = append(lines, "Seen by: "+p.Visibility.Label()+".")
	if p.Description != "" {
		lines = append(lines, "Description: "+p.Description)
	}
	lines = append(lines, fmt.Sprintf("Raised by %s; last changed by %s.", p.CreatedBy, p.UpdatedBy))
	lines = append(lines, s.evidenceLines(id)...)
	lines = append(lines, fmt.Sprintf("%s on it.", model.Counted(len(actions), "action", "actions")))
	s.t.say(lines...)
	cs := make([]choice, 0, len(actions)+4)
	slices.SortFunc(actions, model.CompareActions)
	for _, a := range actions {
		cs = append(cs, choice{label: "Action " + actionLine(a.Safe()), run: func() { s.goAction(a.ID) }})
	}
	cs = append(cs, s.problemChoices(p)...)
	cs = append(cs, choice{"back", "Back to the board", s.goBoard})
	s.listChoices(cs)
}

// actionLine is an action in a list.
func actionLine(a model.Action) string {
	who := a.OwnerAgency
	if a.Assignee != "" {
		who = a.Assignee + ", " + a.OwnerAgency
	}
	facts := []string{capital(string(a.Status)), "due " + a.Due.Format("2 January 2006"), who}
	if a.Visibility.Restricted() {
		facts = append(facts, "seen by "+a.Visibility.Label())
	}
	return fmt.Sprintf("%s %s. %s.", cli.ActionRef.Name(a.ID), a.Title, strings.Join(facts, ", "))
}

func (s *session) goActions() {
	all, err := s.o.Store.Actions(s.u, s.ward)
	if err != nil {
		s.refuse("reading the actions", err)
		return
	}
	shown := slices.Clone(all)
	if s.mine {
		shown = slices.DeleteFunc(shown, func(a model.Action) bool { return !a.IsFor(s.u) })
	}
	slices.SortFunc(shown, model.CompareActions)
	s.at, s.id = placeActions, 0
	if s.mine {
		s.t.say(fmt.Sprintf("My actions: %s.", model.Counted(len(shown), "action", "actions")))
	} else {
		s.t.say(fmt.Sprintf("Actions: %s.", model.Counted(len(shown), "action", "actions")))
	}
	cs := make([]choice, 0, len(shown)+1)
	for _, a := range shown {
		cs = append(cs, choice{label: actionLine(a.Safe()), run: func() { s.goAction(a.ID) }})
	}
	cs = append(cs, choice{"back", "Back home", s.goHome})
	s.listChoices(cs)
}

func (s *session) goAction(id model.ID) {
	a, err := s.o.Store.Action(s.u, id)
	if err != nil {
		s.refuse("opening action "+cli.ActionRef.Name(id), err)
		return
	}
	a = a.Safe()
	outcomes, err := s.o.Store.Outcomes(s.u, id)
	if err != nil {
		s.refuse("reading its outcomes", err)
		return
	}
	s.at, s.id = placeAction, id
	lines := []string{"Action " + actionLine(a), "Seen by: " + a.Visibility.Label() + "."}
	if a.ProblemID != 0 {
		lines = append(lines, "On problem "+cli.ProblemRef.Name(a.ProblemID)+".")
	}
	if a.MeetingID != 0 {
		lines = append(lines, "Raised in meeting "+cli.MeetingRef.Name(a.MeetingID)+".")
	}
	if a.Description != "" {
		lines = append(lines, "Description: "+a.Description)
	}
	lines = append(lines, fmt.Sprintf("%s.", model.Counted(len(outcomes), "outcome", "outcomes")))
	for _, o := range outcomes {
		lines = append(lines, fmt.Sprintf("Outcome by %s, %s, %s: %s", clean(o.By), o.Agency, o.Result, model.CleanText(o.Text, model.MaxTextLen)))
	}
	s.t.say(lines...)
	var cs []choice
	// Offered when the model lets this user change it; a status the
	// action cannot move to is refused with the model's reason.
	if model.CheckEditAction(s.u, a, a) == nil {
		cs = append(cs, choice{"status", "Change its status", func() { s.askStatus(a) }})
	}
	if model.CheckLogOutcome(s.u, a) == nil {
		cs = append(cs, choice{"outcome", "Log an outcome: what was done and what changed", func() { s.askOutcome(a) }})
	}
	if a.ProblemID != 0 {
		cs = append(cs, choice{"problem", "Its problem", func() { s.goProblem(a.ProblemID) }})
	}
	cs = append(cs, choice{"back", "Back to the actions", s.goActions})
	s.listChoices(cs)
}

// askStatus changes a's status, with an outcome when it is done.
func (s *session) askStatus(a model.Action) {
	st, ok := pickOther(s, fmt.Sprintf("New status for %s (it is %s).", cli.ActionRef.Name(a.ID), a.Status), model.ActionStatuses, a.Status)
	if !ok {
		return
	}
	ch := store.StatusChange{ID: a.ID, Status: st, Version: a.Version}
	if ch.Status == model.ActionDone {
		o, ok := s.outcomeFields()
		if !ok {
			return
		}
		ch.Outcome = &o
	}
	if _, err := s.o.Store.ChangeActionStatus(s.actor, ch); err != nil {
		s.refuse("changing the status", err)
		return
	}
	s.t.say(fmt.Sprintf("Saved: %s is %s.", cli.ActionRef.Name(a.ID), st))
	s.goAction(a.ID)
}

func (s *session) askOutcome(a model.Action) {
	o, ok := s.outcomeFields()
	if !ok {
		return
	}
	if _, err := s.o.Store.AddOutcome(s.actor, a.ID, o); err != nil {
		s.refuse("logging the outcome", err)
		return
	}
	s.t.say("Saved: the outcome is logged.")
	s.goAction(a.ID)
}

// outcomeFields asks what was done and what kind of result it was.
func (s *session) outcomeFields() (model.Outcome, bool) {
	text, ok := s.text("Outcome: what was done and what changed", "")
	if !ok {
		return model.Outcome{}, false
	}
	kinds := make([]string, len(model.ResultKinds))
	for i, k := range model.ResultKinds {
		kinds[i] = string(k)
	}
	kind, ok := s.pick("Kind of result.", kinds, "other")
	if !ok {
		return model.Outcome{}, false
	}
	return model.Outcome{Text: text, Result: model.ResultKind(kind)}, true
}

// capital starts s with a capital letter, as a sentence read aloud does.
func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// actionFields asks for a new action's fields one at a time: what, which
// agency owns it (the asker's by default), who, and when it is due.
func (s *session) actionFields(a *model.Action) bool {
	var ok bool
	if a.Title, ok = s.text("What is to be done", ""); !ok {
		return false
	}
	agencies, err := s.o.Store.Agencies()
	if err != nil {
		s.refuse("reading the agencies", err)
		return false
	}
	codes := make([]string, len(agencies))
	for i, ag := range agencies {
		codes[i] = ag.Code
	}
	if a.OwnerAgency, ok = s.pick("Which agency owns it?", codes, s.u.Agency); !ok {
		return false
	}
	if a.Assignee, ok = s.optional("Who in that agency"); !ok {
		return false
	}
	for {
		due, ok := s.text("Due date, as 2027-01-31 or +14 for a fortnight today", "+14")
		if !ok {
			return false
		}
		if a.Due, err = model.ParseDate(due, s.o.Now()); err == nil {
			return true
		}
		s.t.say(strings.TrimSuffix(clean(err.Error()), ".") + ".")
	}
}

// raiseOnProblem raises an action on problem p, with p's visibility.
func (s *session) raiseOnProblem(p model.Problem) {
	a := model.Action{Ward: p.Ward, ProblemID: p.ID, Visibility: p.Visibility}
	s.t.say(fmt.Sprintf("New action on %s %s.", cli.ProblemRef.Name(p.ID), p.Title))
	if !s.actionFields(&a) {
		return
	}
	got, err := s.o.Store.CreateAction(s.actor, a)
	if err != nil {
		s.refuse("raising the action", err)
		return
	}
	s.t.say(fmt.Sprintf("Saved: action %s raised, for %s, due %s.", cli.ActionRef.Name(got.ID), got.OwnerAgency, got.Due.Format("2 January 2006")))
	s.goProblem(p.ID)
}
