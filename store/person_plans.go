package store

import (
	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// PersonPlan is what one problem's plan holds about a person: the texts,
// analysis notes and responses they wrote and the stage moves they made,
// each as the export's reader may see it, and whether they saved the plan
// last. The plan's other parts are others' and are left out.
type PersonPlan struct {
	ProblemID model.ID                           `json:"problem_id"`
	Ref       string                             `json:"ref"`
	Ward      string                             `json:"ward"`
	Texts     map[model.PlanField]model.PlanText `json:"texts,omitempty"`
	Notes     []model.PlanNote                   `json:"notes,omitempty"`
	Responses []model.Response                   `json:"responses,omitempty"`
	Moves     []model.StageMove                  `json:"stage_moves,omitempty"`
	SavedLast bool                               `json:"saved_last,omitempty"`
}

// as is how they figure in the plan.
func (pp PersonPlan) as() []string {
	var out []string
	if len(pp.Texts)+len(pp.Notes)+len(pp.Responses) > 0 {
		out = append(out, "wrote")
	}
	if len(pp.Moves) > 0 {
		out = append(out, "moved the stage")
	}
	if pp.SavedLast {
		out = append(out, "updated")
	}
	return out
}

// personPlan picks u's parts of plan as reader may see them: the plan's
// problem must be visible to the reader (else the whole plan is withheld,
// counted once under "plans"), and each part too (else it is counted under
// "plan parts"). ok is false when nothing of theirs is left to show.
func personPlan(tx *bolt.Tx, u model.User, reader *model.User, plan model.Plan, withhold func(string)) (PersonPlan, bool) {
	m := personMatch{u}
	var p model.Problem
	found, err := get(tx.Bucket(bucketProblems), u64(uint64(plan.ProblemID)), &p)
	if err != nil || !found || !readerSees(reader, p.Ward, p.Visibility) {
		withhold("plans")
		return PersonPlan{}, false
	}
	sees := func(v model.Visibility) bool {
		if readerSees(reader, p.Ward, v) {
			return true
		}
		withhold("plan parts")
		return false
	}
	pp := PersonPlan{ProblemID: plan.ProblemID, Ref: model.ProblemRef(plan.ProblemID), Ward: plan.Ward, SavedLast: m.named(plan.UpdatedBy)}
	for _, f := range model.PlanFields {
		if t, ok := plan.Texts[f]; ok && m.named(t.By) && sees(t.Visibility) {
			if pp.Texts == nil {
				pp.Texts = map[model.PlanField]model.PlanText{}
			}
			pp.Texts[f] = t
		}
	}
	for _, n := range plan.Notes {
		if m.named(n.By) && sees(n.Visibility) {
			pp.Notes = append(pp.Notes, n)
		}
	}
	for _, r := range plan.Responses {
		if m.named(r.By) && sees(r.Visibility) {
			pp.Responses = append(pp.Responses, r)
		}
	}
	for _, mv := range plan.History {
		if m.named(mv.By) {
			pp.Moves = append(pp.Moves, mv)
		}
	}
	return pp, len(pp.as()) > 0
}
