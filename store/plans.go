package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// Problems' SARA plans (since schema 12): one record per problem, under the
// problem's ID, written with the problem when it is raised and moved. A
// plan edit's audit entry carries the part's visibility (or the narrower of
// the old and new), so a police-only note leaves a police-only trail; the
// summary names the part, never its text.

// readPlan is p's plan. A problem without one (a record that reached the
// file by an import that skipped plans) reads as a new, empty plan.
func readPlan(tx *bolt.Tx, p model.Problem) (model.Plan, error) {
	var plan model.Plan
	found, err := get(tx.Bucket(bucketPlans), u64(uint64(p.ID)), &plan)
	if err != nil {
		return model.Plan{}, err
	}
	if !found {
		return model.NewPlan(p, "", p.UpdatedAt, ""), nil
	}
	if plan.ProblemID != p.ID || plan.Ward != p.Ward {
		return model.Plan{}, fmt.Errorf("plan under problem %d names problem %d of %s: %w", p.ID, plan.ProblemID, plan.Ward, ErrCorrupt)
	}
	return plan, nil
}

func putPlan(tx *bolt.Tx, plan model.Plan) error {
	return put(tx.Bucket(bucketPlans), u64(uint64(plan.ProblemID)), plan)
}

func (s *Store) plan(viewer model.User, id model.ID) (model.Plan, error) {
	var out model.Plan
	err := s.view("read plan", func(tx *bolt.Tx) error {
		p, err := visibleProblem(tx, viewer, id)
		if err != nil {
			return err
		}
		plan, err := readPlan(tx, p)
		if err != nil {
			return err
		}
		out, err = model.VisiblePlan(viewer, p, plan)
		return err
	})
	return out, err
}

// planEdit changes one part of plan for problem p; it returns the audit
// summary's words and the entry's visibility.
type planEdit func(tx *bolt.Tx, p model.Problem, plan *model.Plan, now time.Time) (what string, vis model.Visibility, err error)

// editPlan is every plan write: the problem as by may see it, the version
// check, the edit, and the audit entry, in one transaction. version 0
// skips the check (a command that read nothing first).
func (s *Store) editPlan(by model.Actor, id model.ID, version uint64, doing string, edit planEdit) (model.Plan, error) {
	var out model.Plan
	err := s.change(doing, by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		p, err := visibleProblem(tx, by.User, id)
		if err != nil {
			return model.AuditEntry{}, err
		}
		plan, err := readPlan(tx, p)
		if err != nil {
			return model.AuditEntry{}, err
		}
		if version != 0 && version != plan.Version {
			return model.AuditEntry{}, &model.ConflictError{By: plan.UpdatedBy, At: plan.UpdatedAt}
		}
		what, vis, err := edit(tx, p, &plan, now)
		if err != nil {
			return model.AuditEntry{}, hidden(err, noProblem(id))
		}
		plan.Version++
		plan.UpdatedBy, plan.UpdatedAt = by.User.Name, now
		if err := putPlan(tx, plan); err != nil {
			return model.AuditEntry{}, err
		}
		if out, err = model.VisiblePlan(by.User, p, plan); err != nil {
			return model.AuditEntry{}, err
		}
		return model.AuditEntry{
			Action:     model.AuditProblemPlan,
			Target:     fmt.Sprintf("problem/%d", p.ID),
			Summary:    fmt.Sprintf("plan of problem %s %q: %s", model.ProblemRef(p.ID), p.Title, what),
			Ward:       p.Ward,
			Visibility: vis,
		}, nil
	})
	if errors.Is(err, model.ErrUnchanged) {
		return s.plan(by.User, id)
	}
	if err != nil {
		return model.Plan{}, err
	}
	return out, nil
}

// narrower is the narrower of two visibilities where one is within the
// other, else b: an audit entry about a part that changed who sees it
// tells nobody what the part no longer shows them.
func narrower(a, b model.Visibility) model.Visibility {
	if a.Within(b) {
		return a
	}
	return b
}

// partVisibility is a new part's visibility: the problem's unless given.
func partVisibility(v *model.Visibility, p model.Problem) (model.Visibility, error) {
	if v == nil || v.Kind == "" {
		return parentVisibility(p.Visibility), nil
	}
	out := model.Visibility{Kind: v.Kind, Agencies: slices.Clone(v.Agencies), Officers: v.Officers}
	return out, out.Validate()
}

func (s *Store) setPlanText(by model.Actor, id model.ID, field model.PlanField, text string, vis *model.Visibility, version uint64) (model.Plan, error) {
	text, err := model.ValidatePlanText(text)
	if err != nil {
		return model.Plan{}, err
	}
	if _, err := model.ParsePlanField(string(field)); err != nil {
		return model.Plan{}, err
	}
	return s.editPlan(by, id, version, "edit plan", func(_ *bolt.Tx, p model.Problem, plan *model.Plan, now time.Time) (string, model.Visibility, error) {
		old, had := plan.Texts[field]
		var oldVis *model.Visibility
		if had {
			oldVis = &old.Visibility
		}
		v := old.Visibility
		if vis != nil || !had {
			if v, err = partVisibility(vis, p); err != nil {
				return "", v, err
			}
		}
		if err := model.CheckEditPlan(by.User, p, oldVis, v); err != nil {
			return "", v, err
		}
		if had && old.Text == text && old.Visibility.String() == v.String() {
			return "", v, model.ErrUnchanged
		}
		if plan.Texts == nil {
			plan.Texts = map[model.PlanField]model.PlanText{}
		}
		what := fmt.Sprintf("%s written, visible to %s", field, v)
		if text == "" {
			delete(plan.Texts, field)
			what = fmt.Sprintf("%s cleared", field)
		} else {
			plan.Texts[field] = model.PlanText{Text: text, Visibility: v, By: by.User.Name, At: now}
		}
		if had {
			v = narrower(old.Visibility, v)
		}
		return what, v, nil
	})
}

func (s *Store) addPlanNote(by model.Actor, id model.ID, text string, vis *model.Visibility) (model.Plan, error) {
	text, err := model.ValidatePlanText(text)
	if err != nil {
		return model.Plan{}, err
	}
	if text == "" {
		return model.Plan{}, &model.ValidationError{Field: "note", Message: "write the note"}
	}
	return s.editPlan(by, id, 0, "add analysis note", func(_ *bolt.Tx, p model.Problem, plan *model.Plan, now time.Time) (string, model.Visibility, error) {
		v, err := partVisibility(vis, p)
		if err != nil {
			return "", v, err
		}
		if err := model.CheckEditPlan(by.User, p, nil, v); err != nil {
			return "", v, err
		}
		n := 1
		for _, old := range plan.Notes {
			n = max(n, old.ID+1)
		}
		plan.Notes = append(plan.Notes, model.PlanNote{ID: n, Text: text, Visibility: v, By: by.User.Name, At: now})
		return fmt.Sprintf("analysis note %d added, visible to %s", n, v), v, nil
	})
}

// addResponse adds r to the plan. Its actions must be actions on the
// problem that by may see; its visibility is no wider than the problem.
func (s *Store) addResponse(by model.Actor, id model.ID, r model.Response) (model.Plan, error) {
	var err error
	if r.Side, err = model.ParseSide(string(r.Side)); err != nil {
		return model.Plan{}, err
	}
	if r.Text, err = model.ValidatePlanText(r.Text); err != nil {
		return model.Plan{}, err
	}
	if r.Text == "" {
		return model.Plan{}, &model.ValidationError{Field: "response", Message: "say what the response is"}
	}
	return s.editPlan(by, id, 0, "add response", func(tx *bolt.Tx, p model.Problem, plan *model.Plan, now time.Time) (string, model.Visibility, error) {
		v, err := partVisibility(&r.Visibility, p)
		if err != nil {
			return "", v, err
		}
		if err := model.CheckEditPlan(by.User, p, nil, v); err != nil {
			return "", v, err
		}
		r.Actions = slices.Clone(r.Actions)
		slices.Sort(r.Actions)
		r.Actions = slices.Compact(r.Actions)
		for _, aid := range r.Actions {
			a, err := visibleAction(tx, by.User, aid)
			if err != nil || a.ProblemID != p.ID {
				return "", v, &model.ValidationError{Field: "actions", Message: model.ActionRef(aid) + " is not an action on this problem"}
			}
		}
		r.ID = 1
		for _, old := range plan.Responses {
			r.ID = max(r.ID, old.ID+1)
		}
		if r.Began.IsZero() {
			r.Began = now
		}
		r.Began = r.Began.UTC().Round(0)
		r.Visibility, r.By, r.At = v, by.User.Name, now
		plan.Responses = append(plan.Responses, r)
		return fmt.Sprintf("response %d against the %s side added, carried out by %d actions, visible to %s",
			r.ID, r.Side, len(r.Actions), v), v, nil
	})
}

func (s *Store) setPlanScan(by model.Actor, id model.ID, src model.ProblemSource, focus model.CrimeFocus) (model.Plan, error) {
	src, err := model.ParseProblemSource(string(src))
	if err != nil {
		return model.Plan{}, err
	}
	focus.Type, focus.Place = model.CleanLine(focus.Type, model.MaxLineLen), model.CleanLine(focus.Place, model.MaxLineLen)
	if focus.LSOA != "" {
		if focus.LSOA, err = model.ParseLSOACode(focus.LSOA); err != nil {
			return model.Plan{}, err
		}
	}
	return s.editPlan(by, id, 0, "edit plan", func(_ *bolt.Tx, p model.Problem, plan *model.Plan, _ time.Time) (string, model.Visibility, error) {
		v := parentVisibility(p.Visibility)
		if err := model.CheckEditPlan(by.User, p, nil, v); err != nil {
			return "", v, err
		}
		if plan.Source == src && plan.Focus == focus {
			return "", v, model.ErrUnchanged
		}
		plan.Source, plan.Focus = src, focus
		return fmt.Sprintf("source %s; crime figures for %s", orNone(string(src)), focusWords(focus)), v, nil
	})
}

func focusWords(f model.CrimeFocus) string {
	if !f.Set() {
		return "none"
	}
	return strings.ToLower(f.Type) + " at " + f.Where()
}

// setReview sets problem id's next review date (model.CheckSetReview).
func (s *Store) setReview(by model.Actor, id model.ID, date time.Time) (model.Problem, error) {
	var p model.Problem
	err := s.change("set review date", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		var err error
		if p, err = visibleProblem(tx, by.User, id); err != nil {
			return model.AuditEntry{}, err
		}
		if err := model.CheckSetReview(by.User, p, date, now); err != nil {
			return model.AuditEntry{}, hidden(err, noProblem(id))
		}
		was := p.ReviewBy
		p.ReviewBy = model.Day(date)
		if was.Equal(p.ReviewBy) {
			return model.AuditEntry{}, model.ErrUnchanged
		}
		p.UpdatedBy, p.UpdatedAt = by.User.Name, now
		p.Version++
		if err := putProblem(tx, p); err != nil {
			return model.AuditEntry{}, err
		}
		return model.AuditEntry{
			Action:     model.AuditProblemReview,
			Target:     fmt.Sprintf("problem/%d", p.ID),
			Summary:    fmt.Sprintf("title %q review %s→%s", p.Title, date0(was), date0(p.ReviewBy)),
			Ward:       p.Ward,
			Visibility: p.Visibility,
		}, nil
	})
	if errors.Is(err, model.ErrUnchanged) {
		return p, nil
	}
	if err != nil {
		return model.Problem{}, err
	}
	return p, nil
}

func date0(t time.Time) string {
	if t.IsZero() {
		return "none"
	}
	return t.Format("2006-01-02")
}

// moveStageIn is the stage machine inside a problem's save: old is the
// stored problem, p the one being saved with its new stage. It checks the
// move against the stored plan and records it, with p's review date from
// the new stage.
func moveStageIn(tx *bolt.Tx, by model.Actor, old model.Problem, p *model.Problem, reason string, now time.Time) error {
	plan, err := readPlan(tx, old)
	if err != nil {
		return err
	}
	if err := model.CheckStageMove(old.Stage, p.Stage, plan, reason); err != nil {
		return err
	}
	to := p.Stage
	p.Stage = old.Stage
	model.ApplyStageMove(p, &plan, to, by.User.Name, now, reason)
	plan.Version++
	plan.UpdatedBy, plan.UpdatedAt = by.User.Name, now
	return putPlan(tx, plan)
}

// renamePlan calls each on every name the plan records (who wrote each
// part, who moved each stage, who saved last) and reports whether any call
// said true: a person's export finds their plans with it, and an erasure
// rewrites them.
func renamePlan(plan *model.Plan, each func(*string) bool) bool {
	named := each(&plan.UpdatedBy)
	for f, t := range plan.Texts {
		if each(&t.By) {
			named = true
		}
		plan.Texts[f] = t
	}
	for i := range plan.Notes {
		named = each(&plan.Notes[i].By) || named
	}
	for i := range plan.Responses {
		named = each(&plan.Responses[i].By) || named
	}
	for i := range plan.History {
		named = each(&plan.History[i].By) || named
	}
	return named
}
