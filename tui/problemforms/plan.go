package problemforms

import (
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/cli"
	"wardpanel/tui/form"
	rec "wardpanel/tui/records"
	"wardpanel/tui/ui"
)

// The plan's sheets, opened from the problem screen: edit a text of the
// plan, add an analysis note, add a response, set the review date, and move
// the stage with a reason. Each is the tasking forms' sheet (sheet.go), so
// esc with changes asks, errors land under their field, and small screens
// scroll to the focused field. What may be written is the model's to say;
// the store checks it again. Which sheet is the problem screen's to ask
// (package records, by its key).

// PlanForm is every plan sheet; kind says which fields it has and what
// saving writes.
type PlanForm struct {
	*form.Sheet
	c       *env
	kind    rec.Sheet
	problem model.Problem
	plan    model.Plan
	actions []model.Action // the problem's, for a response

	part, text, vis, side, acts, date, to, reason, summary *form.Field
	source, crime, place, lsoa                             *form.Field
	// shownPart is the part whose stored text the text field was given;
	// choosing another part brings its text in, unless the user has typed.
	shownPart, shownText string
}

// partVisChoice offers the visibilities u may give a part of p's plan
// (no wider than the problem), keeping a stored one.
func partVisChoice(c *env, p model.Problem, old *model.Visibility) form.Choice {
	u := c.User()
	extra := []model.Visibility{p.Visibility}
	if old != nil {
		extra = append(extra, *old)
	}
	ch := form.VisibilityChoice(u, c.links.Agencies(), extra, func(v model.Visibility) bool {
		return model.CheckEditPlan(u, p, old, v) == nil
	})
	ch.Pick(p.Visibility.String())
	if old != nil {
		ch.Pick(old.String())
	}
	if len(ch.Values) == 1 {
		ch.Locked, ch.Note = true, "as the problem"
	}
	return ch
}

// Plan is the plan sheet kind on p, whose plan is plan and actions
// actions; a stage move offers targets.
func Plan(s ui.Session, st Store, links Links, kind rec.Sheet, p model.Problem, plan model.Plan, actions []model.Action, targets []model.Stage) *PlanForm {
	c := &env{Session: s, st: st, links: links}
	f := &PlanForm{Sheet: form.NewSheet(s), c: c, kind: kind, problem: p, plan: plan, actions: actions}
	switch kind {
	case rec.SheetText:
		var parts form.Choice
		for _, pf := range model.PlanFields {
			parts.Values = append(parts.Values, string(pf))
			parts.Names = append(parts.Names, pf.Title())
		}
		f.part = f.AddChoice("Part", parts, "part")
		f.text = f.AddText("Text", "what the plan says here; empty clears it", "text")
		f.vis = f.AddChoice("Visible to", form.Choice{}, "visibility")
		f.showPart()
	case rec.SheetNote:
		f.text = f.AddText("Note", "what the analysis found, and from what", "note", "text")
		f.vis = f.AddChoice("Visible to", partVisChoice(c, p, nil), "visibility")
	case rec.SheetResponse:
		var sides form.Choice
		for _, s := range model.Sides {
			sides.Values = append(sides.Values, string(s))
			sides.Names = append(sides.Names, fmt.Sprintf("%s (with the %s)", s, strings.ToLower(s.Controller().Title())))
		}
		f.side = f.AddChoice("Against", sides, "side")
		f.text = f.AddText("Response", "what partners will do against this side", "response", "text")
		f.acts = f.AddLine("Actions", "A1 A4", model.MaxLineLen, "actions")
		f.acts.Hint = func(string, int) string { return f.actionHint() }
		f.vis = f.AddChoice("Visible to", partVisChoice(c, p, nil), "visibility")
	case rec.SheetReview:
		f.date = addDate(f.Sheet, "Review on", "2026-04-01 or +28", model.ParseDate, s.Today, "review", "due", "date")
		if !p.ReviewBy.IsZero() {
			f.date.SetValue(ui.DateLabel(p.ReviewBy))
		}
	case rec.SheetScan:
		src := form.Choice{Values: []string{""}, Names: []string{"not recorded"}}
		for _, s := range model.ProblemSources {
			src.Values = append(src.Values, string(s))
			src.Names = append(src.Names, strings.ReplaceAll(string(s), "-", " "))
		}
		src.Pick(string(plan.Source))
		f.source = f.AddChoice("Came in", src, "source")
		types := form.Choice{Values: []string{""}, Names: []string{"none: no figures"}}
		for _, ct := range model.CrimeTypes {
			types.Values = append(types.Values, ct)
			types.Names = append(types.Names, ct)
		}
		types.Set(plan.Focus.Type, ui.SafeLine(plan.Focus.Type, model.MaxLineLen))
		f.crime = f.AddChoice("Crime type", types, "type", "focus")
		f.place = f.AddLine("Place", "On or near Elm Grove (as police.uk names it)", model.MaxLineLen, "place")
		f.place.SetValue(plan.Focus.Place)
		f.lsoa = f.AddLine("or LSOA", "E01000001", 20, "lsoa")
		f.lsoa.SetValue(plan.Focus.LSOA)
	case rec.SheetMove:
		var to form.Choice
		needs := false
		for _, s := range targets {
			to.Values = append(to.Values, string(s))
			to.Names = append(to.Names, moveName(p.Stage, s))
			needs = needs || model.MoveNeedsSummary(s)
		}
		// Forward one stage is the usual move.
		if next := model.NextStage(p.Stage); next != "" {
			to.Pick(string(next))
		}
		f.to = f.AddChoice("Move to", to, "stage")
		f.reason = f.AddLine("Reason", "why it moves now", model.MaxLineLen, "reason")
		if needs {
			f.summary = f.AddText("Assessment", "what changed: needed to move to assessment or close", "assessment")
			f.summary.SetValue(plan.Text(model.FieldAssessment))
		}
	}
	f.Heading = f.headingLines
	f.Restyle()
	f.Layout()
	return f
}

// moveName says what a move is: forward, back, closing or reopening.
func moveName(from, to model.Stage) string {
	switch {
	case to == model.StageClosed:
		return "closed"
	case from == model.StageClosed:
		return to.Title() + " (reopen)"
	case slices.Index(model.Stages, to) < slices.Index(model.Stages, from):
		return to.Title() + " (back)"
	}
	return to.Title()
}

// showPart puts the chosen part's stored text and visibility in the sheet.
func (f *PlanForm) showPart() {
	pf := model.PlanField(f.part.Value())
	t, had := f.plan.Texts[pf]
	var old *model.Visibility
	if had {
		old = &t.Visibility
	}
	f.vis.Choice = partVisChoice(f.c, f.problem, old)
	f.text.SetValue(t.Text)
	f.shownPart, f.shownText = string(pf), t.Text
}

// actionHint lists the problem's actions a response may name.
func (f *PlanForm) actionHint() string {
	if len(f.actions) == 0 {
		return "none on this problem yet"
	}
	refs := make([]string, len(f.actions))
	for i, a := range f.actions {
		refs[i] = model.ActionRef(a.ID)
	}
	return "of " + strings.Join(refs, " ")
}

func (f *PlanForm) Init() tea.Cmd   { return f.FocusFirst() }
func (f *PlanForm) Capturing() bool { return true }
func (f *PlanForm) Title() string   { return "Plan" }

func (f *PlanForm) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case planSavedMsg:
		return f.saved(msg)
	case latestMsg:
		// The store changed while the sheet is open.
		noteGone(f.Sheet, msg)
	case ui.StoreChanged:
		return f.recheck()
	case tea.KeyPressMsg:
		return f.press(msg)
	}
	return f.Handle(msg, form.Flow{Save: f.save})
}

// recheck asks whether the problem is still there, unless a save is
// under way (its answer will say).
func (f *PlanForm) recheck() tea.Cmd {
	return f.Checking(func(seq int) tea.Cmd { return latestCmd(f.c.st, f.c.User(), f.problem.ID, seq, false) })
}

// saved takes the answer to the save under way: done, or the store's
// refusal under its field, the typing kept.
func (f *PlanForm) saved(msg planSavedMsg) tea.Cmd {
	if !f.SaveAnswered(msg.seq) {
		return nil
	}
	if msg.err != nil {
		f.Layout()
		return f.Fail(msg.err)
	}
	return ui.Cmd(f.c.links.Done(msg.text))
}

// press saves, cancels (the root asks first if anything was typed), or
// edits the fields; choosing another part of the plan brings in its text.
func (f *PlanForm) press(msg tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := f.FlowKey(msg, form.Flow{Save: f.save}); ok {
		return cmd
	}
	cmd := f.Key(msg)
	if f.part != nil && f.part.Value() != f.shownPart && f.text.Value() == f.shownText {
		f.showPart()
	}
	return cmd
}

// visibility is the chosen visibility, or nil for the problem's.
func (f *PlanForm) visibility() *model.Visibility {
	if f.vis == nil {
		return nil
	}
	v, err := model.ParseVisibility(f.vis.Value())
	if err != nil {
		return nil
	}
	return &v
}

// parseActions reads the action references typed for a response.
func parseActions(s string) ([]model.ID, error) {
	var out []model.ID
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		id, err := cli.ActionRef.ID(w)
		if err != nil {
			return nil, &model.ValidationError{Field: "actions", Message: fmt.Sprintf("%q is not an action: name them as A5", ui.SafeLine(w, 20))}
		}
		out = append(out, id)
	}
	return out, nil
}

func (f *PlanForm) save() tea.Cmd {
	f.ClearErrors()
	st, by, p, u := f.c.st, f.c.Actor(), f.problem, f.c.User()
	var write func() (string, error)
	switch f.kind {
	case rec.SheetText:
		pf, text, vis, version := model.PlanField(f.part.Value()), f.text.Value(), f.visibility(), f.plan.Version
		write = func() (string, error) {
			_, err := st.SetPlanText(by, p.ID, pf, text, vis, version)
			return fmt.Sprintf("Saved the %s of %s", strings.ToLower(pf.Title()), model.ProblemRef(p.ID)), err
		}
	case rec.SheetNote:
		text, vis := f.text.Value(), f.visibility()
		write = func() (string, error) {
			_, err := st.AddPlanNote(by, p.ID, text, vis)
			return "Added an analysis note to " + model.ProblemRef(p.ID), err
		}
	case rec.SheetResponse:
		ids, err := parseActions(f.acts.Value())
		if err != nil {
			return f.Fail(err)
		}
		r := model.Response{Side: model.Side(f.side.Value()), Text: f.text.Value(), Actions: ids}
		if v := f.visibility(); v != nil {
			r.Visibility = *v
		}
		write = func() (string, error) {
			_, err := st.AddResponse(by, p.ID, r)
			return fmt.Sprintf("Added a response against the %s to %s", r.Side, model.ProblemRef(p.ID)), err
		}
	case rec.SheetReview:
		date, err := model.ParseDate(f.date.Value(), f.c.Today())
		if err == nil {
			err = model.CheckSetReview(u, p, date, f.c.Now())
		}
		if err != nil {
			return f.Fail(err)
		}
		write = func() (string, error) {
			_, err := st.SetReview(by, p.ID, date)
			return fmt.Sprintf("%s is now due for review on %s", model.ProblemRef(p.ID), ui.DateLabel(date)), err
		}
	case rec.SheetScan:
		src := model.ProblemSource(f.source.Value())
		focus := model.CrimeFocus{Type: f.crime.Value(), Place: strings.TrimSpace(f.place.Value()), LSOA: strings.TrimSpace(f.lsoa.Value())}
		write = func() (string, error) {
			_, err := st.SetPlanScan(by, p.ID, src, focus)
			return "Saved how " + model.ProblemRef(p.ID) + " came in and its crime focus", err
		}
	case rec.SheetMove:
		write = f.move()
		if write == nil {
			return nil
		}
	}
	return f.StartSave(func(seq int) tea.Cmd {
		return func() tea.Msg {
			text, err := write()
			return planSavedMsg{seq: seq, text: text, err: err}
		}
	})
}

// move checks the move with the model, as typed, and returns the writes:
// the assessment summary when it is needed and changed, then the move.
// nil: the model refused, and the sheet says why.
func (f *PlanForm) move() func() (string, error) {
	st, by, p, u := f.c.st, f.c.Actor(), f.problem, f.c.User()
	if len(f.to.Choice.Values) == 0 {
		f.Fail(&model.ValidationError{Field: "stage", Message: "there is no stage this problem can move to"})
		return nil
	}
	to, reason := model.Stage(f.to.Value()), f.reason.Value()
	plan := f.plan
	summary, writeSummary := "", false
	if f.summary != nil && model.MoveNeedsSummary(to) {
		summary = f.summary.Value()
		writeSummary = strings.TrimSpace(summary) != strings.TrimSpace(plan.Text(model.FieldAssessment))
		plan.Texts = map[model.PlanField]model.PlanText{}
		for k, v := range f.plan.Texts {
			plan.Texts[k] = v
		}
		plan.Texts[model.FieldAssessment] = model.PlanText{Text: model.CleanText(summary, model.MaxTextLen)}
	}
	if err := model.CheckMoveStage(u, p, plan, to, reason); err != nil {
		f.Fail(err)
		return nil
	}
	version, planVersion := p.Version, f.plan.Version
	return func() (string, error) {
		if writeSummary {
			if _, err := st.SetPlanText(by, p.ID, model.FieldAssessment, summary, nil, planVersion); err != nil {
				return "", err
			}
		}
		moved, err := st.MoveStage(by, p.ID, to, reason, version)
		return fmt.Sprintf("%s moved to %s", model.ProblemRef(p.ID), moved.Stage), err
	}
}

func (f *PlanForm) headingLines() []string {
	ref := model.ProblemRef(f.problem.ID) + " " + ui.SafeLine(f.problem.Title, model.MaxTitleLen)
	var h string
	switch f.kind {
	case rec.SheetText:
		h = "Edit the plan of " + ref
	case rec.SheetNote:
		h = "Analysis note on " + ref
	case rec.SheetResponse:
		h = "Response on " + ref
	case rec.SheetReview:
		h = "Review date of " + ref
	case rec.SheetScan:
		h = "Scanning: " + ref
	case rec.SheetMove:
		h = fmt.Sprintf("Move %s from %s", ref, f.problem.Stage)
	}
	return savingHeading(f.Sheet, f.c.Styles(), h)
}
