package model

import (
	"strings"
	"testing"
	"time"
)

func TestCheckStageMove(t *testing.T) {
	assessed := Plan{Texts: map[PlanField]PlanText{FieldAssessment: {Text: "Thefts fell"}}}
	cases := []struct {
		from, to Stage
		plan     Plan
		reason   string
		wantErr  string
	}{
		{StageScanning, StageAnalysis, Plan{}, "reports", ""},
		{StageScanning, StageResponse, Plan{}, "reports", "one stage at a time"},
		{StageAnalysis, StageResponse, Plan{}, "  ", "say why"},
		{StageResponse, StageAssessment, Plan{}, "done", "assessment summary"},
		{StageResponse, StageAssessment, assessed, "done", ""},
		{StageAssessment, StageClosed, Plan{}, "done", "assessment summary"},
		{StageAssessment, StageClosed, assessed, "done", ""},
		{StageAssessment, StageAnalysis, Plan{}, "back", ""},
		{StageAssessment, StageResponse, Plan{}, "continue", ""},
		{StageClosed, StageScanning, Plan{}, "reopened", ""},
		{StageClosed, StageClosed, assessed, "again", "already at"},
		{StageScanning, "sideways", Plan{}, "x", "unknown"},
	}
	for _, c := range cases {
		err := CheckStageMove(c.from, c.to, c.plan, c.reason)
		if c.wantErr == "" && err != nil || c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)) {
			t.Errorf("%s→%s (%q): %v, want %q", c.from, c.to, c.reason, err, c.wantErr)
		}
	}
}

func TestApplyStageMoveDecisionAndReview(t *testing.T) {
	at := time.Date(2026, 3, 5, 17, 30, 0, 0, time.UTC)
	for _, c := range []struct {
		from, to Stage
		decision Decision
		review   time.Time
	}{
		{StageAssessment, StageClosed, DecisionClosed, time.Time{}},
		{StageAssessment, StageAnalysis, DecisionAnalysis, time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC)},
		{StageAssessment, StageResponse, DecisionContinue, time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC)},
		{StageScanning, StageAnalysis, "", time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC)},
	} {
		p, plan := Problem{Stage: c.from}, Plan{}
		ApplyStageMove(&p, &plan, c.to, "Pat", at, " why ")
		if p.Stage != c.to || plan.Decision != c.decision || !p.ReviewBy.Equal(c.review) ||
			len(plan.History) != 1 || plan.History[0] != (StageMove{From: c.from, To: c.to, By: "Pat", At: at, Reason: "why"}) {
			t.Errorf("%s→%s: %+v %+v", c.from, c.to, p, plan)
		}
	}
}

func TestPastReview(t *testing.T) {
	due := time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		stage Stage
		now   time.Time
		past  bool
	}{
		{StageResponse, due.Add(23 * time.Hour), false},
		{StageResponse, due.AddDate(0, 0, 1), true},
		{StageClosed, due.AddDate(0, 1, 0), false},
	} {
		if got := (Problem{Stage: c.stage, ReviewBy: due}).PastReview(c.now); got != c.past {
			t.Errorf("%s at %v: past %v", c.stage, c.now, got)
		}
	}
	if (Problem{Stage: StageResponse}).PastReview(due) {
		t.Error("a problem without a review date is past review")
	}
}

// The plan form asks MoveNeedsSummary which moves want the assessment
// summary, and NextStage for the move it offers first: both agree with
// the stage machine the store checks.
func TestStageMoveQuestionsAgreeWithTheMachine(t *testing.T) {
	for _, from := range Stages {
		next := NextStage(from)
		if from == StageClosed && next != "" {
			t.Errorf("after closed: %q", next)
		}
		if next != "" && CheckStageMove(from, next, Plan{Texts: map[PlanField]PlanText{FieldAssessment: {Text: "x"}}}, "why") != nil {
			t.Errorf("%s→%s is refused", from, next)
		}
		for _, to := range Stages {
			err := CheckStageMove(from, to, Plan{}, "why")
			asks := err != nil && strings.Contains(err.Error(), "assessment summary")
			if asks && !MoveNeedsSummary(to) {
				t.Errorf("%s→%s asks for the summary, MoveNeedsSummary says not", from, to)
			}
		}
	}
	for _, c := range []struct {
		to   Stage
		want bool
	}{{StageScanning, false}, {StageAnalysis, false}, {StageResponse, false}, {StageAssessment, true}, {StageClosed, true}} {
		if got := MoveNeedsSummary(c.to); got != c.want {
			t.Errorf("MoveNeedsSummary(%s) = %v", c.to, got)
		}
	}
	if NextStage("sideways") != "" || NextStage(StageScanning) != StageAnalysis {
		t.Error("NextStage")
	}
}
