package meetings

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// Review dates in a meeting (issue 19): matters arising lists the ward's
// problems past their review date, and the priorities review marks each
// priority that is. A closed meeting is a record of what was said, so it
// marks nothing as of today.

// pastReview are the ward's problems this user may see that are past
// their review date now, oldest review first; none for a closed meeting.
func (v *View) pastReview() []model.Problem {
	if v.m.State == model.MeetingClosed {
		return nil
	}
	now := v.c.Now()
	var out []model.Problem
	for _, p := range v.problems.list {
		if p.PastReview(now) && model.CanSeeProblem(v.c.User(), p) {
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
func (v *View) pastReviewLines(w int) []string {
	ps := v.pastReview()
	if len(ps) == 0 {
		return nil
	}
	st := v.c.Styles()
	out := []string{st.Label.Render(ui.Trunc(fmt.Sprintf("Problems past their review date: %d", len(ps)), w))}
	for _, p := range ps {
		line := fmt.Sprintf("  %s %s due %s: %s (%s)", st.Overdue.Render(ui.ReviewTag), model.ProblemRef(p.ID),
			ui.DateLabel(p.ReviewBy), ui.SafeLine(p.Title, model.MaxTitleLen), ui.SafeLine(string(p.Stage), model.MaxLineLen))
		out = append(out, ui.Trunc(line, w))
	}
	return out
}

// reviewMark is the line under a priority past its review date (none if
// it is not).
func (v *View) reviewMark(p model.Problem, w int) []string {
	if v.m.State == model.MeetingClosed || !p.PastReview(v.c.Now()) {
		return nil
	}
	st := v.c.Styles()
	return []string{ui.Trunc(strings.Repeat(" ", 4)+st.Overdue.Render(ui.ReviewTag)+
		st.Muted.Render(" review was due "+ui.DateLabel(p.ReviewBy)), w)}
}
