package store

import (
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// editPlan1 rewrites the plan of tasked's problem 1 in place.
func editPlan1(change func(*model.Plan)) func(tx *bolt.Tx) error {
	return func(tx *bolt.Tx) error { return editRaw(tx, bucketPlans, u64(1), change) }
}

// TestCheckFindsPlanDamage: `wardpanel check` reads every plan against its
// problem, the problem's actions and the order of its stage history.
func TestCheckFindsPlanDamage(t *testing.T) {
	// moves appends stage moves to a plan's history, each its given time
	// after the history's first entry.
	type move struct {
		from, to model.Stage
		after    time.Duration
	}
	moves := func(p *model.Plan, ms ...move) {
		first := p.History[0].At
		for _, m := range ms {
			p.History = append(p.History, model.StageMove{From: m.from, To: m.to, At: first.Add(m.after), Reason: "moved"})
		}
	}
	tests := []damageCase{{
		name: "plan whose problem is missing",
		damage: func(tx *bolt.Tx) error {
			return putRaw(tx, bucketPlans, u64(9), model.NewPlan(model.Problem{ID: 9, Ward: north, Stage: model.StageScanning}, "Pat Police", day(1), "raised"))
		},
		want: []string{"plan of problem 9: its problem 9 does not exist"},
	}, {
		name:   "plan in another ward than its problem",
		damage: editPlan1(func(p *model.Plan) { p.Ward = south }),
		want:   []string{"plan of problem 1: it says ward E05000002 but its problem is in ward E05000001"},
	}, {
		name:   "plan filed under another problem",
		damage: editPlan1(func(p *model.Plan) { p.ProblemID = 2 }),
		want:   []string{"plan of problem 1: the record says it is the plan of problem 2"},
	}, {
		name:   "undecodable plan",
		damage: func(tx *bolt.Tx) error { return tx.Bucket(bucketPlans).Put(u64(2), []byte{formatJSON, '['}) },
		want:   []string{"plan of problem 2: the record does not decode"},
	}, {
		name: "response naming a missing action",
		damage: editPlan1(func(p *model.Plan) {
			p.Responses = []model.Response{{ID: 1, Side: model.SideLocation, Text: "Gates", Actions: []model.ID{1, 77}}}
		}),
		want: []string{"plan of problem 1: response 1 is carried out by action 77, which does not exist"},
	}, {
		name: "response naming another problem's action",
		damage: editPlan1(func(p *model.Plan) {
			p.Responses = []model.Response{{ID: 1, Side: model.SideVictim, Text: "Visits", Actions: []model.ID{3}}}
		}),
		want: []string{"plan of problem 1: response 1 is carried out by action 3, which is not on problem 1"},
	}, {
		name: "notes numbered twice, one with a visibility no rule knows",
		damage: editPlan1(func(p *model.Plan) {
			p.Notes = []model.PlanNote{{ID: 1, Text: "a"}, {ID: 1, Text: "b", Visibility: model.Visibility{Kind: "friends"}}}
		}),
		want: []string{"plan of problem 1: analysis note 1 appears twice", "plan of problem 1: analysis note 1 has no valid visibility"},
	}, {
		name: "history out of order",
		damage: editPlan1(func(p *model.Plan) {
			moves(p, move{model.StageScanning, model.StageAnalysis, time.Hour}, move{model.StageAnalysis, model.StageScanning, 30 * time.Minute})
		}),
		want: []string{"plan of problem 1: stage move 3 (analysis→scanning, "},
	}, {
		name: "history whose moves do not join",
		damage: editPlan1(func(p *model.Plan) {
			moves(p, move{model.StageAnalysis, model.StageScanning, time.Hour})
		}),
		want: []string{"plan of problem 1: stage move 2 starts from analysis, but the move before it went to scanning"},
	}, {
		name: "history ending at another stage than the problem's",
		damage: editPlan1(func(p *model.Plan) {
			moves(p, move{model.StageScanning, model.StageAnalysis, time.Hour})
		}),
		want: []string{"plan of problem 1: its stage history ends at analysis, but the problem is at scanning"},
	}, {
		name:   "empty history",
		damage: editPlan1(func(p *model.Plan) { p.History = nil }),
		want:   []string{"plan of problem 1: its stage history is empty"},
	}}
	runDamage(t, tasked, 23, tests)
}

// A clean file's plans are counted, and moving a problem on keeps its
// history whole.
func TestCheckCountsPlans(t *testing.T) {
	e := tasked(t)
	pat := e.actor("Pat Police")
	if _, err := e.s.MoveStage(pat, 1, model.StageAnalysis, "Repeat calls", 0); err != nil {
		t.Fatal(err)
	}
	if r := mustCheck(t, e.s); !r.OK() || r.Plans != 2 {
		t.Errorf("plans %d, faults %v", r.Plans, r.Faults)
	}
}
