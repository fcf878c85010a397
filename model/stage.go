package model

import (
	"slices"
	"time"
)

// The stage machine. SARA goes forward one stage at a time (a problem is
// analysed before partners choose responses, and responses are assessed
// before the problem closes) and back to any earlier stage: an assessment
// may send a problem back to analysis, or continue the response; a closed
// problem may be reopened. Every move is recorded with who, when and why.

// CheckStageMove decides whether a problem may move from one stage to
// another with reason, given its plan: forward one stage, or back to any
// earlier one; a reason is required; moving to assessment or closing needs
// the assessment summary written.
func CheckStageMove(from, to Stage, plan Plan, reason string) error {
	fi, ti := slices.Index(Stages, from), slices.Index(Stages, to)
	switch {
	case ti < 0:
		return invalid("stage", "unknown SARA stage %q", CleanLine(string(to), 30))
	case fi == ti:
		return invalid("stage", "the problem is already at %s", from)
	case fi >= 0 && ti > fi+1:
		return invalid("stage", "SARA goes one stage at a time: from %s the next stage is %s", from, NextStage(from))
	}
	if CleanLine(reason, MaxLineLen) == "" {
		return invalid("reason", "say why the problem moves to %s", to)
	}
	if MoveNeedsSummary(to) && plan.Text(FieldAssessment) == "" {
		return invalid("assessment", "write the assessment summary (what changed) before moving to %s", to)
	}
	return nil
}

// MoveNeedsSummary says whether moving to stage to needs the assessment
// summary written first (CheckStageMove): assessing the response, or
// closing the problem, says what changed.
func MoveNeedsSummary(to Stage) bool { return to == StageAssessment || to == StageClosed }

// NextStage is the stage after s, the usual move forward ("" after closed,
// or for an unknown stage).
func NextStage(s Stage) Stage {
	if i := slices.Index(Stages, s); i >= 0 && i+1 < len(Stages) {
		return Stages[i+1]
	}
	return ""
}

// DecisionFor is what moving out of assessment to `to` decides: closed,
// back to analysis, or continue the response ("" for any other move).
func DecisionFor(from, to Stage) Decision {
	if from != StageAssessment {
		return ""
	}
	switch to {
	case StageClosed:
		return DecisionClosed
	case StageAnalysis, StageScanning:
		return DecisionAnalysis
	case StageResponse:
		return DecisionContinue
	}
	return ""
}

// ApplyStageMove records the move on plan and p: the history entry, the
// assessment's decision, and a review date from the new stage.
func ApplyStageMove(p *Problem, plan *Plan, to Stage, by string, at time.Time, reason string) {
	from := p.Stage
	plan.History = append(plan.History, StageMove{From: from, To: to, By: by, At: at, Reason: CleanLine(reason, MaxLineLen)})
	if d := DecisionFor(from, to); d != "" {
		plan.Decision = d
	}
	p.Stage = to
	p.ReviewBy = DefaultReview(to, at)
}

// Review dates. Each open problem has a next review date; a stage move
// sets it from the stage (ReviewDays), and the lead agency may set another.

// ReviewDays is how long after entering a stage its review falls due:
// a month to scan or analyse, two months for responses to take effect, a
// month to assess. A closed problem has no review.
func ReviewDays(s Stage) int {
	switch s {
	case StageScanning, StageAnalysis, StageAssessment:
		return 28
	case StageResponse:
		return 56
	}
	return 0
}

// DefaultReview is the review date for a problem entering stage s at at:
// a date (midnight UTC), or zero for a closed problem.
func DefaultReview(s Stage, at time.Time) time.Time {
	days := ReviewDays(s)
	if days == 0 {
		return time.Time{}
	}
	return Day(at).AddDate(0, 0, days)
}

// Day is t's calendar date, as midnight UTC.
func Day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// PastReview reports whether p is open and its review date has gone by:
// the review is due on its date and past from the day after.
func (p Problem) PastReview(now time.Time) bool {
	return p.Stage != StageClosed && !p.ReviewBy.IsZero() && Day(now).After(Day(p.ReviewBy))
}

// MaxReviewDays bounds how far ahead a review may be set: a problem left a
// year without review is not being worked.
const MaxReviewDays = 366

// CheckSetReview decides whether u may set p's next review date to date
// (today is now): the lead agency's officers, or the chair or vice-chair
// when no agency leads it; an open problem; within a year.
func CheckSetReview(u User, p Problem, date, now time.Time) error {
	if !CanSeeProblem(u, p) {
		return ErrNotFound
	}
	switch {
	case p.LeadAgency != "" && u.Agency == p.LeadAgency && raisesActions(u.Role):
	case p.LeadAgency == "" && (u.Role == RoleChair || u.Role == RoleViceChair):
	case p.LeadAgency == "":
		return forbidden("no agency leads this problem: the chair or vice-chair sets its review date")
	default:
		return forbidden("the lead agency (%s) sets this problem's review date", p.LeadAgency)
	}
	if p.Stage == StageClosed {
		return invalid("review", "a closed problem has no review date")
	}
	if date.IsZero() {
		return invalid("review", "give a date such as 2026-03-01")
	}
	if Day(date).After(Day(now).AddDate(0, 0, MaxReviewDays)) {
		return invalid("review", "at most a year ahead")
	}
	return nil
}

// CheckMoveStage decides whether u may move problem p to stage `to`: whoever
// may edit the problem, and the stage machine (CheckStageMove).
func CheckMoveStage(u User, p Problem, plan Plan, to Stage, reason string) error {
	if err := CheckEditProblem(u, p, p); err != nil {
		return err
	}
	return CheckStageMove(p.Stage, to, plan, reason)
}
