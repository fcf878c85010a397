package records

import (
	"cmp"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// The plan on the problem screen, by SARA stage: scanning (the statement,
// how it came in, the crime focus), analysis (the triangle with each side's
// controller, and the notes), response (each against a side, carried out
// by actions named A5), assessment (the summary, the decision and the
// figures from the crime picture), then the stage timeline. Every text is
// a user's and goes through the sanitising helpers; a part narrower than
// the problem carries its tag, as restricted records do in lists.

// LabelWidth fits the longest label ("Lead agency") and a gap.
const LabelWidth = 13

// labelLines draws a label and a value wrapped beside it, in the detail's
// two columns; label is cut to the column.
func labelLines(st *ui.Styles, label, value string, w int) []string {
	return styledLines(st, label, st.Value, value, w)
}

// styledLines are labelLines with the value in style.
func styledLines(st *ui.Styles, label string, style ui.Inline, value string, w int) []string {
	valueW := max(1, w-LabelWidth)
	var out []string
	for i, v := range ui.Wrap(value, valueW) {
		l := strings.Repeat(" ", LabelWidth)
		if i == 0 {
			l = st.Label.Render(ui.Fit(label, LabelWidth))
		}
		out = append(out, l+style.Render(v))
	}
	return out
}

// indented draws text wrapped under a heading, indent cells in.
func indented(st *ui.Styles, text string, indent, w int) []string {
	var out []string
	for _, l := range ui.Wrap(text, max(1, w-indent)) {
		out = append(out, strings.Repeat(" ", indent)+st.Value.Render(l))
	}
	return out
}

// sectionLine is a section's heading, cut to the width.
func sectionLine(st *ui.Styles, title string, w int) string {
	return st.Section.Render(ui.Trunc(title, w))
}

// heads are the content lines of a screen's section headings, for the keys
// that jump between them; at is where the lines being drawn start.
type heads struct {
	at    int
	lines []int
}

// section starts a section: a blank line and its heading.
func (h *heads) section(lines []string, st *ui.Styles, title string, w int) []string {
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
func planPartLines(st *ui.Styles, p model.Problem, plan model.Plan, f model.PlanField, w int) []string {
	t, ok := plan.Texts[f]
	text := ui.SafeText(t.Text)
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
	return ui.VisibilityTag(v)
}

// sourceLabel is how the problem came in, in words.
func sourceLabel(s model.ProblemSource) string {
	if s == "" {
		return "—"
	}
	return strings.ReplaceAll(ui.SafeLine(string(s), model.MaxLineLen), "-", " ")
}

// planLines draws the plan, its figures and its timeline at width w.
func planLines(st *ui.Styles, p model.Problem, plan model.Plan, figures *model.BeforeAfter, w int, h *heads, hint string) []string {
	plan = plan.Safe()
	if planEmpty(plan) && figures == nil {
		// Most problems raised before plans began have none: one line
		// says so, and the actions stay near the top.
		lines := h.section(nil, st, "Plan", w)
		for _, l := range ui.Wrap("Nothing written yet."+hint, w) {
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
	lines = append(lines, st.Label.Render(ui.Trunc(fmt.Sprintf("Analysis notes (%d)", len(plan.Notes)), w)))
	if len(plan.Notes) == 0 {
		lines = append(lines, st.Muted.Render(ui.Trunc("  None yet.", w)))
	}
	for _, n := range plan.Notes {
		head := st.Label.Render("  " + ui.DateLabel(n.At) + " " + n.By)
		if tag := partTag(p, n.Visibility); tag != "" {
			head += " " + st.Restricted.Render(tag)
		}
		lines = append(lines, ui.Trunc(head, w))
		lines = append(lines, indented(st, n.Text, 4, w)...)
	}

	lines = h.section(lines, st, fmt.Sprintf("Response (%d)", len(plan.Responses)), w)
	if len(plan.Responses) == 0 {
		lines = append(lines, st.Muted.Render(ui.Trunc("No responses chosen yet.", w)))
	}
	for _, r := range plan.Responses {
		head := st.Label.Render("Against the " + ui.SafeLine(string(r.Side), model.MaxLineLen))
		if tag := partTag(p, r.Visibility); tag != "" {
			head += " " + st.Restricted.Render(tag)
		}
		lines = append(lines, ui.Trunc(head, w))
		lines = append(lines, indented(st, r.Text, 2, w)...)
		by := "no actions yet"
		if len(r.Actions) > 0 {
			refs := make([]string, len(r.Actions))
			for i, a := range r.Actions {
				refs[i] = model.ActionRef(a)
			}
			by = "by " + strings.Join(refs, ", ")
		}
		lines = append(lines, st.Muted.Render(ui.Trunc("  began "+ui.DateLabel(r.Began)+"; "+by, w)))
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
func figureLines(st *ui.Styles, plan model.Plan, f *model.BeforeAfter, w int) []string {
	switch {
	case f != nil:
	case plan.Focus.Set():
		return labelLines(st, "Figures", "none yet: no response has begun, or no crimes imported on one side of it", w)
	default:
		return labelLines(st, "Figures", "none: the plan names no place and crime type", w)
	}
	b := *f
	b.Focus.Type, b.Focus.Place = ui.SafeLine(b.Focus.Type, model.MaxLineLen), ui.SafeLine(b.Focus.Place, model.MaxLineLen)
	b.Focus.LSOA = ui.SafeLine(b.Focus.LSOA, 20)
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
func timelineLines(out []string, st *ui.Styles, history []model.StageMove, w int, h *heads) []string {
	out = h.section(out, st, fmt.Sprintf("Stage timeline (%d)", len(history)), w)
	for _, m := range history {
		move := "raised at " + string(m.To)
		if m.From != "" {
			move = string(m.From) + " → " + string(m.To)
		}
		head := st.Label.Render(ui.Stamp(m.At)) + "  " + st.Value.Render(ui.SafeLine(move, model.MaxLineLen))
		out = append(out, ui.Trunc(head, w))
		who := ui.SafeName(m.By)
		if who == "" {
			who = "—"
		}
		if r := ui.SafeLine(m.Reason, model.MaxLineLen); r != "" {
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
		return ui.DateLabel(p.ReviewBy) + " PAST REVIEW"
	}
	return ui.DateLabel(p.ReviewBy)
}

// planRights is what this user may do to the plan on screen, worked out on
// load from the model, with the model's reason for each refusal.
type planRights struct {
	has                          bool // the plan has loaded
	moveErr, writeErr, reviewErr error
	targets                      []model.Stage // where the stage may move
	canMove, canWrite, canReview bool
}

func newPlanRights(u model.User, p model.Problem, plan model.Plan, has bool, now time.Time) planRights {
	if !has {
		return planRights{}
	}
	r := planRights{has: true}
	r.writeErr = model.CheckEditPlan(u, p, nil, p.Visibility)
	r.targets, r.moveErr = stageTargets(u, p, plan)
	r.reviewErr = model.CheckSetReview(u, p, model.Day(now), now)
	r.canMove, r.canWrite, r.canReview = r.moveErr == nil, r.writeErr == nil, r.reviewErr == nil
	return r
}

// stageTargets are the stages model.CheckMoveStage lets u move p to, given
// a reason (and, for assessment or closing, the summary the sheet asks
// for); err is the model's reason when there are none, a refusal of the
// user before a stage out of reach.
func stageTargets(u model.User, p model.Problem, plan model.Plan) ([]model.Stage, error) {
	var out []model.Stage
	var refusal, other error
	for _, s := range model.Stages {
		if s == p.Stage {
			continue
		}
		err := model.CheckMoveStage(u, p, plan, s, "a reason")
		switch {
		case err == nil || IsFieldError(err, "assessment"):
			out = append(out, s)
		case errors.Is(err, model.ErrForbidden) || errors.Is(err, model.ErrNotFound):
			refusal = cmp.Or(refusal, err)
		default:
			other = cmp.Or(other, err)
		}
	}
	if len(out) == 0 {
		return nil, cmp.Or(refusal, other)
	}
	return out, nil
}

// IsFieldError reports whether err is the model's validation of field.
func IsFieldError(err error, field string) bool {
	var ve *model.ValidationError
	return errors.As(err, &ve) && ve.Field == field
}

// keys are the plan's keys this user is offered, in the order help shows them.
func (r planRights) keys(k KeyMap) []key.Binding {
	var out []key.Binding
	if r.canMove {
		out = append(out, k.Move)
	}
	if r.canWrite {
		out = append(out, k.Text, k.Scan, k.Note, k.Response)
	}
	if r.canReview {
		out = append(out, k.Review)
	}
	return out
}

// matches reports whether msg is one of the plan's keys, offered or not:
// a key not offered is refused with the model's reason.
func (r planRights) matches(msg tea.KeyPressMsg, k KeyMap) bool {
	return key.Matches(msg, k.Move, k.Text, k.Scan, k.Note, k.Response, k.Review)
}

// planKey opens the sheet the key asks for, or says why not.
func (d *Problem) planKey(msg tea.KeyPressMsg) tea.Cmd {
	k := d.k
	r := d.plans
	if !r.has {
		if d.planErr != nil {
			return ui.Cmd(ui.Status{Text: "The plan could not be loaded, so it cannot be changed here.", Err: true})
		}
		return ui.Cmd(ui.Status{Text: "The plan is still loading.", Err: true})
	}
	var kind Sheet
	var err error
	switch {
	case key.Matches(msg, k.Move):
		kind, err = SheetMove, r.moveErr
	case key.Matches(msg, k.Text):
		kind, err = SheetText, r.writeErr
	case key.Matches(msg, k.Scan):
		kind, err = SheetScan, r.writeErr
	case key.Matches(msg, k.Note):
		kind, err = SheetNote, r.writeErr
	case key.Matches(msg, k.Response):
		kind, err = SheetResponse, r.writeErr
	default:
		kind, err = SheetReview, r.reviewErr
	}
	if err != nil {
		return ui.Refused(err)
	}
	return ui.Cmd(d.links.PlanSheet(kind, d.p, d.plan, d.actions, r.targets))
}

// planSection adds the plan's sections to the problem screen.
func (d *Problem) planSection(lines []string) []string {
	st := d.s.Styles()
	switch {
	case d.hasPlan:
		d.heads.at = len(lines)
		hint := ""
		if d.plans.canWrite {
			hint = " Press p to write the problem statement, the triangle or the assessment, n for a note, r for a response."
		}
		return append(lines, planLines(st, d.p, d.plan, d.figures, d.width, &d.heads, hint)...)
	case d.planErr != nil:
		return append(lines, "", st.Error.Render(ui.Trunc("Could not load the plan: "+ui.SafeLine(d.planErr.Error(), model.MaxLineLen), d.width)))
	}
	return append(lines, "", st.Muted.Render(ui.Trunc("Loading the plan…", d.width)))
}
