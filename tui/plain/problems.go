package plain

import (
	"fmt"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/cli"
)

// Problems: proposing one, editing it, moving it through SARA, and its
// evidence log. Each form asks one field at a time; the store decides,
// with the model's rules, and its reason is said on a refusal.

// problemChoices are what the board offers besides its problems.
func (s *session) boardChoices() []choice {
	// Members propose at scanning; the model says so if they try more.
	if model.CheckCreateProblem(s.u, model.Problem{Ward: s.ward, Stage: model.StageScanning, Visibility: model.Panel}) != nil {
		return nil
	}
	return []choice{{"new", "A new problem", s.newProblem}}
}

func (s *session) newProblem() {
	p := model.Problem{Ward: s.ward, Stage: model.StageScanning, Visibility: model.Panel}
	if !s.problemFields(&p, true) {
		return
	}
	got, err := s.o.Store.CreateProblem(s.actor, p)
	if err != nil {
		s.refuse("adding the problem", err)
		return
	}
	s.problems[got.ID] = true // heard: one's own
	s.t.say(fmt.Sprintf("Saved: problem %s added.", cli.ProblemRef.Name(got.ID)))
	s.goProblem(got.ID)
}

// problemFields asks for a problem's fields, offering what it has.
func (s *session) problemFields(p *model.Problem, isNew bool) bool {
	var ok bool
	if p.Title, ok = s.text("Title", p.Title); !ok {
		return false
	}
	if p.Location, ok = s.keep("Where", p.Location); !ok {
		return false
	}
	if p.Description, ok = s.keep("Description", p.Description); !ok {
		return false
	}
	cats := make([]string, len(model.Categories))
	for i, c := range model.Categories {
		cats[i] = string(c)
	}
	cat, ok := s.pick("Category.", cats, string(or(p.Category, "other")))
	if !ok {
		return false
	}
	p.Category = model.Category(cat)
	prios := make([]string, len(model.Priorities))
	for i, pr := range model.Priorities {
		prios[i] = pr.String()
	}
	def := model.PriorityMedium.String()
	if p.Priority != 0 {
		def = p.Priority.String()
	}
	prio, ok := s.pick("Priority.", prios, def)
	if !ok {
		return false
	}
	if p.Priority, ok = parsePriority(prio); !ok {
		return false
	}
	lead, ok := s.keep("Lead agency, as police or council", p.LeadAgency)
	if !ok {
		return false
	}
	p.LeadAgency = strings.ToLower(lead)
	if !isNew {
		return true
	}
	for {
		vis, ok := s.text("Who may see it: panel, officers, or agencies as police,housing", "panel")
		if !ok {
			return false
		}
		v, err := cli.ParseVisibility(vis)
		if err == nil {
			p.Visibility = v
			return true
		}
		s.t.say(strings.TrimSuffix(clean(err.Error()), ".") + ".")
	}
}

func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

func parsePriority(s string) (model.Priority, bool) {
	p, err := model.ParsePriority(s)
	return p, err == nil
}

// keep asks for an optional field that has a value already: enter keeps
// it, a single dash empties it.
func (s *session) keep(label, now string) (string, bool) {
	if now == "" {
		return s.optional(label)
	}
	answer, ok := s.text(label+" (a dash empties it)", clean(now))
	if answer == "-" {
		answer = ""
	}
	if answer == clean(now) {
		answer = now
	}
	return answer, ok
}

func (s *session) editProblem(p model.Problem) {
	if !s.problemFields(&p, false) {
		return
	}
	if _, err := s.o.Store.UpdateProblemBecause(s.actor, p, ""); err != nil {
		s.refuse("saving the problem", err)
		return
	}
	s.t.say("Saved: the problem is changed.")
	s.goProblem(p.ID)
}

func (s *session) moveStage(p model.Problem) {
	st, ok := pickOther(s, fmt.Sprintf("Move %s from %s to which stage?", cli.ProblemRef.Name(p.ID), p.Stage), model.Stages, p.Stage)
	if !ok {
		return
	}
	reason, ok := s.text("Why it moves", "")
	if !ok {
		return
	}
	p.Stage = st
	if _, err := s.o.Store.UpdateProblemBecause(s.actor, p, reason); err != nil {
		s.refuse("moving the problem", err)
		return
	}
	s.t.say(fmt.Sprintf("Saved: %s moved to %s.", cli.ProblemRef.Name(p.ID), st))
	s.goProblem(p.ID)
}

// evidenceLines are a problem's evidence log, oldest first.
func (s *session) evidenceLines(id model.ID) []string {
	ev, err := s.o.Store.Evidence(s.u, id)
	if err != nil {
		return []string{"The evidence log could not be read: " + clean(err.Error())}
	}
	lines := []string{fmt.Sprintf("Evidence: %s.", model.Counted(len(ev), "entry", "entries"))}
	for _, e := range ev {
		line := fmt.Sprintf("%s, %s, from %s: %s", e.Occurred.Format("2 January 2006"), e.Kind, e.Agency,
			model.CleanText(e.Text, model.MaxTextLen))
		if e.Visibility.Restricted() {
			line += " Seen by " + e.Visibility.Label() + "."
		}
		lines = append(lines, line)
	}
	return lines
}

func (s *session) addEvidence(p model.Problem) {
	kinds := make([]string, len(model.EvidenceKinds))
	for i, k := range model.EvidenceKinds {
		kinds[i] = string(k)
	}
	kind, ok := s.pick("What kind of evidence: a fact (observed or recorded), a report (what someone says happened) or an opinion?", kinds, "")
	if !ok {
		return
	}
	text, ok := s.text("The evidence", "")
	if !ok {
		return
	}
	when := model.DateOnly(s.o.Now())
	for {
		var err error
		answer, ok := s.text("When it happened, as 2027-01-31", when.Format("2006-01-02"))
		if !ok {
			return
		}
		if when, err = model.ParseDate(answer, s.o.Now()); err == nil {
			break
		}
		s.t.say(strings.TrimSuffix(clean(err.Error()), ".") + ".")
	}
	e := model.Evidence{ProblemID: p.ID, Ward: p.Ward, Kind: model.EvidenceKind(kind), Text: text, Occurred: when, Visibility: p.Visibility}
	if _, err := s.o.Store.AddEvidence(s.actor, e); err != nil {
		s.refuse("adding the evidence", err)
		return
	}
	s.t.say("Saved: the evidence is logged.")
	s.goProblem(p.ID)
}

// problemChoices are what may be done to problem p, as the model allows.
func (s *session) problemChoices(p model.Problem) []choice {
	var cs []choice
	if model.CheckEditProblem(s.u, p, p) == nil {
		cs = append(cs, choice{"edit", "Edit it", func() { s.editProblem(p) }},
			choice{"stage", "Move it to another SARA stage", func() { s.moveStage(p) }})
	}
	if model.CheckCreateAction(s.u, model.Action{Ward: p.Ward, ProblemID: p.ID, OwnerAgency: s.u.Agency, Visibility: p.Visibility}, &p) == nil {
		cs = append(cs, choice{"raise", "Raise an action on it", func() { s.raiseOnProblem(p) }})
	}
	if model.CheckAddEvidence(s.u, model.Evidence{ProblemID: p.ID, Ward: p.Ward, Visibility: p.Visibility}, p) == nil {
		cs = append(cs, choice{"evidence", "Add evidence", func() { s.addEvidence(p) }})
	}
	return cs
}
