package tui

import (
	"fmt"
	"strings"
	"time"

	"wardpanel/model"
)

// The plan on the problem screen, by SARA stage: scanning (the statement,
// how it came in, the crime focus), analysis (the triangle with each side's
// controller, and the notes), response (each against a side, carried out
// by actions named A5), assessment (the summary, the decision and the
// figures from the crime picture), then the stage timeline. Every text is
// a user's and goes through the sanitising helpers; a part narrower than
// the problem carries its tag, as restricted records do in lists.

// labelLines draws a label and a value wrapped beside it, in the detail's
// two columns; label is cut to the column.
func labelLines(st *styles, label, value string, w int) []string {
	valueW := max(1, w-detailLabelWidth)
	var out []string
	for i, v := range wrap(value, valueW) {
		l := strings.Repeat(" ", detailLabelWidth)
		if i == 0 {
			l = st.Label.Render(fit(label, detailLabelWidth))
		}
		out = append(out, l+st.value(v))
	}
	return out
}

// indented draws text wrapped under a heading, indent cells in.
func indented(st *styles, text string, indent, w int) []string {
	var out []string
	for _, l := range wrap(text, max(1, w-indent)) {
		out = append(out, strings.Repeat(" ", indent)+st.value(l))
	}
	return out
}

// sectionLine is a section's heading, cut to the width.
func sectionLine(st *styles, title string, w int) string {
	return st.Section.Render(trunc(title, w))
}

// heads are the content lines of a screen's section headings, for the keys
// that jump between them; at is where the lines being drawn start.
type heads struct {
	at    int
	lines []int
}

// section starts a section: a blank line and its heading.
func (h *heads) section(lines []string, st *styles, title string, w int) []string {
	if h != nil {
		h.lines = append(h.lines, h.at+len(lines)+1)
	}
	return append(lines, "", sectionLine(st, title, w))
}

// planLabel is a part's label on screen: the triangle's controllers sit
// indented under their side.
func planLabel(f model.PlanField) string {
	switch f {
	case model.FieldStatement:
		return "Statement"
	case model.FieldAssessment:
		return "Summary"
	case model.FieldGuardian, model.FieldHandler:
		return "  " + f.Title()
	case model.FieldPlaceManager:
		return "  Place mgr"
	}
	return f.Title()
}

// planPartLines draws one text of the plan, or a dash; a part narrower
// than the problem is tagged before its text.
func planPartLines(st *styles, p model.Problem, plan model.Plan, f model.PlanField, w int) []string {
	t, ok := plan.Texts[f]
	text := safeText(t.Text)
	if !ok || text == "" {
		return labelLines(st, planLabel(f), "—", w)
	}
	if tag := partTag(p, t.Visibility); tag != "" {
		text = tag + " " + text
	}
	return labelLines(st, planLabel(f), text, w)
}

// partTag is a part's visibility tag when it is narrower than the problem
// ("" when it is the problem's own).
func partTag(p model.Problem, v model.Visibility) string {
	if v.String() == p.Visibility.String() {
		return ""
	}
	return visibilityTag(v)
}

// sourceLabel is how the problem came in, in words.
func sourceLabel(s model.ProblemSource) string {
	if s == "" {
		return "—"
	}
	return strings.ReplaceAll(safeLine(string(s), model.MaxLineLen), "-", " ")
}

// planLines draws the plan, its figures and its timeline at width w.
func planLines(st *styles, p model.Problem, plan model.Plan, figures *model.BeforeAfter, w int, h *heads, hint string) []string {
	plan = plan.Safe()
	if planEmpty(plan) && figures == nil {
		// Most problems raised before plans began have none: one line
		// says so, and the actions stay near the top.
		lines := h.section(nil, st, "Plan", w)
		for _, l := range wrap("Nothing written yet."+hint, w) {
			lines = append(lines, st.Muted.Render(l))
		}
		return timelineLines(lines, st, plan.History, w, h)
	}
	lines := h.section(nil, st, "Scanning", w)
	lines = append(lines, planPartLines(st, p, plan, model.FieldStatement, w)...)
	lines = append(lines, labelLines(st, "Came in", sourceLabel(plan.Source), w)...)
	focus := "—"
	if plan.Focus.Set() {
		focus = plan.Focus.Type + " at " + plan.Focus.Where()
	}
	lines = append(lines, labelLines(st, "Crime focus", focus, w)...)

	lines = h.section(lines, st, "Analysis: the problem triangle", w)
	for _, s := range model.Sides {
		lines = append(lines, planPartLines(st, p, plan, model.PlanField(s), w)...)
		lines = append(lines, planPartLines(st, p, plan, s.Controller(), w)...)
	}
	lines = append(lines, st.Label.Render(trunc(fmt.Sprintf("Analysis notes (%d)", len(plan.Notes)), w)))
	if len(plan.Notes) == 0 {
		lines = append(lines, st.Muted.Render(trunc("  None yet.", w)))
	}
	for _, n := range plan.Notes {
		head := st.Label.Render("  " + dateLabel(n.At) + " " + n.By)
		if tag := partTag(p, n.Visibility); tag != "" {
			head += " " + st.Restricted.Render(tag)
		}
		lines = append(lines, trunc(head, w))
		lines = append(lines, indented(st, n.Text, 4, w)...)
	}

	lines = h.section(lines, st, fmt.Sprintf("Response (%d)", len(plan.Responses)), w)
	if len(plan.Responses) == 0 {
		lines = append(lines, st.Muted.Render(trunc("No responses chosen yet.", w)))
	}
	for _, r := range plan.Responses {
		head := st.Label.Render("Against the " + safeLine(string(r.Side), model.MaxLineLen))
		if tag := partTag(p, r.Visibility); tag != "" {
			head += " " + st.Restricted.Render(tag)
		}
		lines = append(lines, trunc(head, w))
		lines = append(lines, indented(st, r.Text, 2, w)...)
		by := "no actions yet"
		if len(r.Actions) > 0 {
			refs := make([]string, len(r.Actions))
			for i, a := range r.Actions {
				refs[i] = model.ActionRef(a)
			}
			by = "by " + strings.Join(refs, ", ")
		}
		lines = append(lines, st.Muted.Render(trunc("  began "+dateLabel(r.Began)+"; "+by, w)))
	}

	lines = h.section(lines, st, "Assessment", w)
	lines = append(lines, planPartLines(st, p, plan, model.FieldAssessment, w)...)
	decision := "—"
	if plan.Decision != "" {
		decision = string(plan.Decision)
	}
	lines = append(lines, labelLines(st, "Decision", decision, w)...)
	lines = append(lines, figureLines(st, plan, figures, w)...)

	return timelineLines(lines, st, plan.History, w, h)
}

// planEmpty reports whether nothing of the plan is written (as the reader
// may see it): no text, note, response, source, focus or decision.
func planEmpty(plan model.Plan) bool {
	return len(plan.Texts) == 0 && len(plan.Notes) == 0 && len(plan.Responses) == 0 &&
		plan.Source == "" && !plan.Focus.Set() && plan.Decision == ""
}

// figureLines are the assessment's before and after, counted from the
// crime picture, with the caveat when the counts are small.
func figureLines(st *styles, plan model.Plan, f *model.BeforeAfter, w int) []string {
	switch {
	case f != nil:
	case plan.Focus.Set():
		return labelLines(st, "Figures", "none yet: no response has begun, or no crimes imported on one side of it", w)
	default:
		return labelLines(st, "Figures", "none: the plan names no place and crime type", w)
	}
	b := *f
	b.Focus.Type, b.Focus.Place = safeLine(b.Focus.Type, model.MaxLineLen), safeLine(b.Focus.Place, model.MaxLineLen)
	b.Focus.LSOA = safeLine(b.Focus.LSOA, 20)
	caveat := b.Caveat
	b.Caveat = ""
	out := labelLines(st, "Figures", b.Summary(), w)
	if caveat != "" {
		out = append(out, labelLines(st, "Caveat", caveat, w)...)
	}
	out = append(out, labelLines(st, "Before", monthCounts(b.Before), w)...)
	return append(out, labelLines(st, "Since", monthCounts(b.Since), w)...)
}

// monthCounts lists months and their counts: "Mar 25 3 · Apr 25 1".
func monthCounts(ms []model.MonthCount) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = fmt.Sprintf("%s %d", m.Month.Start().Format("Jan 06"), m.Count)
	}
	return strings.Join(parts, " · ")
}

// timelineLines draw the stage history, oldest first: when, the move, who,
// and why.
func timelineLines(out []string, st *styles, history []model.StageMove, w int, h *heads) []string {
	out = h.section(out, st, fmt.Sprintf("Stage timeline (%d)", len(history)), w)
	for _, m := range history {
		move := "raised at " + string(m.To)
		if m.From != "" {
			move = string(m.From) + " → " + string(m.To)
		}
		head := st.Label.Render(stamp(m.At)) + "  " + st.Value.Render(safeLine(move, model.MaxLineLen))
		out = append(out, trunc(head, w))
		who := safeName(m.By)
		if who == "" {
			who = "—"
		}
		if r := safeLine(m.Reason, model.MaxLineLen); r != "" {
			who += ": " + r
		}
		out = append(out, indented(st, who, 2, w)...)
	}
	return out
}

// reviewLabel is a problem's next review date in words, marked PAST once
// it has gone by: the word carries it without colour.
func reviewLabel(p model.Problem, now time.Time) string {
	switch {
	case p.Stage == model.StageClosed:
		return "— (closed)"
	case p.ReviewBy.IsZero():
		return "—"
	case p.PastReview(now):
		return dateLabel(p.ReviewBy) + " PAST REVIEW"
	}
	return dateLabel(p.ReviewBy)
}
