package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"wardpanel/model"
)

// Review dates in a meeting (issue 19): matters arising lists the ward's
// problems past their review date, and the priorities review marks each
// priority that is. A closed meeting is a record of what was said, so it
// marks nothing as of today.

// pastReview are the ward's problems this user may see that are past
// their review date now, oldest review first; none for a closed meeting.
func (v *meetingView) pastReview() []model.Problem {
	if v.m.State == model.MeetingClosed {
		return nil
	}
	now := v.c.now()
	var out []model.Problem
	for _, p := range v.problems.list {
		if p.PastReview(now) && model.CanSeeProblem(v.c.user, p) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b model.Problem) int {
		return cmp.Or(a.ReviewBy.Compare(b.ReviewBy), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// pastReviewLines are matters arising's problems past review, each marked
// REVIEW with the date it was due.
func (v *meetingView) pastReviewLines(w int) []string {
	ps := v.pastReview()
	if len(ps) == 0 {
		return nil
	}
	st := &v.c.styles
	out := []string{st.Label.Render(trunc(fmt.Sprintf("Problems past their review date: %d", len(ps)), w))}
	for _, p := range ps {
		line := fmt.Sprintf("  %s %s due %s: %s (%s)", st.Overdue.Render(reviewTag), model.ProblemRef(p.ID),
			dateLabel(p.ReviewBy), safeLine(p.Title, model.MaxTitleLen), safeLine(string(p.Stage), model.MaxLineLen))
		out = append(out, trunc(line, w))
	}
	return out
}

// reviewMark is the line under a priority past its review date (none if
// it is not).
func (v *meetingView) reviewMark(p model.Problem, w int) []string {
	if v.m.State == model.MeetingClosed || !p.PastReview(v.c.now()) {
		return nil
	}
	st := &v.c.styles
	return []string{trunc(strings.Repeat(" ", 4)+st.Overdue.Render(reviewTag)+
		st.Muted.Render(" review was due "+dateLabel(p.ReviewBy)), w)}
}
