package store

import (
	"fmt"

	"wardpanel/model"
)

// checkPlans runs once problems and actions are known: a plan belongs to a
// problem that exists, in the problem's ward; its responses are carried
// out by actions on that problem; its notes and responses are numbered
// once each; and its stage history runs in order of time, each move from
// the stage the one before went to, ending at the problem's stage.
func (c *checker) checkPlans() {
	c.eachID(bucketPlans, func(id uint64, v []byte) {
		where := fmt.Sprintf("plan of problem %d", id)
		var plan model.Plan
		if c.undecodable(where, v, &plan) {
			return
		}
		c.r.Plans++
		if uint64(plan.ProblemID) != id {
			c.fault("%s: the record says it is the plan of problem %d", where, plan.ProblemID)
		}
		ward, exists := c.problems[id]
		switch {
		case !exists:
			c.fault("%s: its problem %d does not exist", where, id)
		case ward != "" && ward != plan.Ward:
			c.fault("%s: it says ward %s but its problem is in ward %s", where, plan.Ward, ward)
		}
		c.planParts(where, id, plan)
		var p model.Problem
		if found, err := get(c.tx.Bucket(bucketProblems), u64(id), &p); err != nil || !found {
			p.Stage = "" // missing or undecodable: reported as such
		}
		c.planHistory(where, plan.History, p.Stage)
	})
}

// planParts checks the parts' visibilities, that each note and response
// is numbered once, and the actions each response names.
func (c *checker) planParts(where string, id uint64, plan model.Plan) {
	seen := map[string]bool{}
	part := func(name string, v model.Visibility) {
		if seen[name] {
			c.fault("%s: %s appears twice", where, name)
		}
		seen[name] = true
		c.partVisibility(where, name, v)
	}
	for _, f := range model.PlanFields {
		if t, ok := plan.Texts[f]; ok {
			part(string(f), t.Visibility)
		}
	}
	for _, n := range plan.Notes {
		part(fmt.Sprintf("analysis note %d", n.ID), n.Visibility)
	}
	for _, r := range plan.Responses {
		part(fmt.Sprintf("response %d", r.ID), r.Visibility)
		for _, aid := range r.Actions {
			a, decoded := c.actions[uint64(aid)]
			switch {
			case !c.actionIDs[uint64(aid)]:
				c.fault("%s: response %d is carried out by action %d, which does not exist", where, r.ID, aid)
			case decoded && uint64(a.problem) != id:
				c.fault("%s: response %d is carried out by action %d, which is not on problem %d", where, r.ID, aid, id)
			}
		}
	}
}

func (c *checker) partVisibility(where, part string, v model.Visibility) {
	if err := v.Validate(); err != nil {
		c.fault("%s: %s has no valid visibility: %v", where, part, err)
	}
}

// planHistory checks the stage history against the problem's stage ("":
// unknown).
func (c *checker) planHistory(where string, history []model.StageMove, stage model.Stage) {
	if len(history) == 0 {
		c.fault("%s: its stage history is empty; it starts with the stage the problem was raised at", where)
		return
	}
	for i := 1; i < len(history); i++ {
		prev, m := history[i-1], history[i]
		if m.At.Before(prev.At) {
			c.fault("%s: stage move %d (%s→%s, %s) is dated before the move before it (%s)", where, i+1, m.From, m.To,
				m.At.UTC().Format("2006-01-02 15:04"), prev.At.UTC().Format("2006-01-02 15:04"))
		}
		if m.From != prev.To {
			c.fault("%s: stage move %d starts from %s, but the move before it went to %s", where, i+1, m.From, prev.To)
		}
	}
	if last := history[len(history)-1].To; stage != "" && last != stage {
		c.fault("%s: its stage history ends at %s, but the problem is at %s", where, last, stage)
	}
}
