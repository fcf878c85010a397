package records

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// Problem shows one problem with its plan, actions and evidence log. Its
// body is a list of sections in a viewport, so a small screen scrolls
// instead of cutting fields off. tab walks the problem's actions; enter
// opens one.
type Problem struct {
	pane

	p        model.Problem
	actions  []model.Action
	evidence []model.Evidence
	from     []model.PictureLink
	logs     bool  // actions and evidence have loaded for p
	logErr   error // they failed to
	// The SARA plan: as the store lets this user read it, and the
	// assessment's figures, if any.
	plan    model.Plan
	hasPlan bool
	planErr error
	figures *model.BeforeAfter
	// What this user may do here, worked out on load (help is drawn
	// every frame and need not ask the model each time): the model's
	// answer, nil when the key is offered, else its reason for the
	// status line when the key is pressed.
	editErr, raiseErr, evidenceErr, updateErr error
	plans                                     planRights

	// sel is the selected action's ID (0: none); selIdx its index in
	// actions, and actionLine the content line of each action's row.
	sel        model.ID
	selIdx     int
	actionLine []int
}

// NewProblem makes the problem screen, once per session.
func NewProblem(s ui.Session, st Store, links Links) *Problem {
	d := &Problem{selIdx: -1}
	d.pane = newPane(s, st, links, d)
	return d
}

func (d *Problem) Title() string { return "Problem" }

// Record is the problem on screen, and whether there is one.
func (d *Problem) Record() (model.Problem, bool) { return d.p, d.has }

// Actions are the problem's actions as shown.
func (d *Problem) Actions() []model.Action { return d.actions }

// Selected is the selected action's ID (0: none) and its row (-1: none).
func (d *Problem) Selected() (id model.ID, row int) { return d.sel, d.selIdx }

// problemLoadedMsg is the problem screen's load: the problem with its
// actions and evidence, and its plan and figures.
type problemLoadedMsg struct {
	seq      int
	p        model.Problem
	actions  []model.Action
	evidence []model.Evidence
	// links are the rich-picture lines the problem was promoted from.
	links []model.PictureLink
	err   error
	// logErr: the problem loaded but its actions or evidence did not.
	logErr error

	plan    model.Plan
	hasPlan bool
	planErr error
	// figures are the assessment's before and after, when there are any
	// this reader may see.
	figures *model.BeforeAfter
}

func (d *Problem) fetch(seq int) tea.Cmd {
	st, viewer, id := d.st, d.s.User(), d.p.ID
	return func() tea.Msg {
		msg := readProblem(st, viewer, id)
		msg.seq = seq
		if msg.err == nil {
			readPlan(st, viewer, id, &msg)
		}
		return msg
	}
}

// readProblem reads a problem with its actions and evidence log. Each
// list is filtered again by the model's rule and by problem, as the board is.
func readProblem(st Store, viewer model.User, id model.ID) problemLoadedMsg {
	p, err := ui.ReadProblem(st, viewer, id)
	msg := problemLoadedMsg{p: p, err: err}
	if err != nil {
		return msg
	}
	as, aerr := st.ProblemActions(viewer, id)
	for _, a := range as {
		if a.ProblemID == id && model.CanSeeAction(viewer, a) {
			msg.actions = append(msg.actions, a)
		}
	}
	slices.SortFunc(msg.actions, model.CompareActions)
	es, eerr := st.Evidence(viewer, id)
	for _, e := range es {
		if e.ProblemID == id && model.CanSeeEvidence(viewer, e) {
			msg.evidence = append(msg.evidence, e)
		}
	}
	msg.logErr = cmp.Or(aerr, eerr)
	// Where the problem came from is a nicety: a failure to read it
	// is not worth an error on screen.
	msg.links, _ = st.PictureLinks(viewer, id)
	return msg
}

// readPlan adds the plan, filtered by the store (model.VisiblePlan) and
// checked again here to be the plan of the problem loaded.
func readPlan(st Store, viewer model.User, id model.ID, msg *problemLoadedMsg) {
	plan, err := st.Plan(viewer, id)
	switch {
	case err != nil:
		msg.planErr = err
		return
	case plan.ProblemID != id:
		msg.planErr = model.ErrNotFound
		return
	}
	msg.plan, msg.hasPlan = plan, true
	// Figures need the crime picture, which not every reader may see:
	// without it the assessment shows none, and says nothing of why.
	if ba, ok, err := st.BeforeAfter(viewer, id); err == nil && ok {
		msg.figures = &ba
	} else if err != nil && !errors.Is(err, model.ErrForbidden) && !errors.Is(err, model.ErrNotFound) {
		msg.planErr = err
	}
}

// show puts p on screen at once, from the copy the caller has, and loads
// it afresh with its actions and evidence.
func (d *Problem) show(p model.Problem) tea.Cmd {
	other := !d.has || d.p.ID != p.ID
	if other {
		d.actions, d.evidence, d.from, d.logs, d.logErr = nil, nil, nil, false, nil
		d.plan, d.hasPlan, d.planErr, d.figures = model.Plan{}, false, nil, nil
		d.sel, d.selIdx = 0, -1
	}
	d.p = p
	return d.pane.show(other)
}

func (d *Problem) forget() {
	d.p = model.Problem{}
	d.actions, d.evidence, d.logs = nil, nil, false
	d.plan, d.hasPlan, d.planErr, d.figures = model.Plan{}, false, nil, nil
	d.sel, d.selIdx = 0, -1
}

func (d *Problem) permissions() {
	u, p := d.s.User(), d.p
	d.editErr, d.raiseErr, d.evidenceErr, d.updateErr = errNoRecord, errNoRecord, errNoRecord, errNoRecord
	if d.has {
		d.editErr = model.CheckEditProblem(u, p, p)
		d.raiseErr = model.CheckCreateAction(u, model.Action{Ward: p.Ward, ProblemID: p.ID,
			OwnerAgency: model.DefaultActionOwner(u, &p), Visibility: p.Visibility}, &p)
		d.evidenceErr = model.CheckAddEvidence(u, model.Evidence{Ward: p.Ward, ProblemID: p.ID,
			Kind: model.EvidenceReport, Visibility: p.Visibility}, p)
		m, pr := d.links.UpdateContext(p.Ward)
		d.updateErr = model.CheckPostProblemUpdate(u, p, pr, m)
	}
	d.plans = newPlanRights(u, p, d.plan, d.has && d.hasPlan, d.s.Now())
}

func (d *Problem) ShortHelp() []key.Binding {
	k := d.k
	out := []key.Binding{k.Help, k.Back}
	if d.selIdx >= 0 {
		out = append(out, k.OpenAction)
	}
	// Raising an action is what this screen is most often for, so it
	// comes before edit and survives a narrow footer.
	out = offered(out, d.raiseErr, k.Raise)
	out = offered(out, d.updateErr, k.Update)
	out = offered(out, d.evidenceErr, k.Evidence)
	out = offered(out, d.editErr, k.Edit)
	if len(d.actions) > 0 {
		out = append(out, k.NextAction)
	}
	// The plan's keys are in the full help; moving the stage, the one
	// most asked for, is here too.
	if d.plans.canMove {
		out = append(out, k.Move)
	}
	return append(out, k.Down, k.Up, k.Quit)
}

func (d *Problem) FullHelp() [][]key.Binding {
	k := d.k
	act := []key.Binding{k.Back}
	act = offered(act, d.editErr, k.Edit)
	act = offered(act, d.raiseErr, k.Raise)
	act = offered(act, d.evidenceErr, k.Evidence)
	act = offered(act, d.updateErr, k.Update)
	out := [][]key.Binding{append(d.scrollHelp(), k.NextSection, k.PrevSection)}
	if len(d.actions) > 0 {
		out = append(out, []key.Binding{k.NextAction, k.PrevAction, k.OpenAction})
	}
	if pk := d.plans.keys(k.KeyMap); len(pk) > 0 {
		out = append(out, pk)
	}
	return append(out, append(act, k.Help, k.Quit))
}

func (d *Problem) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ShowProblem:
		return d.show(msg.P)
	case SelectAction:
		d.sel = msg.ID
	case problemLoadedMsg:
		return d.loaded(msg)
	}
	return nil
}

func (d *Problem) loaded(msg problemLoadedMsg) tea.Cmd {
	id := d.p.ID
	cmd, ok := d.landed(msg.seq, msg.err, "reloading the problem", func() tea.Msg { return d.links.ProblemGone(id) })
	if !ok {
		return cmd
	}
	d.p = msg.p
	d.from = msg.links
	d.logErr = msg.logErr
	if msg.logErr == nil {
		d.actions, d.evidence, d.logs = msg.actions, msg.evidence, true
	}
	switch {
	case msg.hasPlan:
		d.plan, d.hasPlan, d.planErr, d.figures = msg.plan, true, nil, msg.figures
	case msg.planErr != nil:
		d.planErr = msg.planErr
	}
	d.permissions()
	d.findSelected()
	d.render()
	return cmd
}

// findSelected keeps the selection on the same action, wherever it now is.
func (d *Problem) findSelected() {
	d.selIdx = -1
	for i, a := range d.actions {
		if a.ID == d.sel {
			d.selIdx = i
			return
		}
	}
	d.sel = 0
}

func (d *Problem) key(msg tea.KeyPressMsg) tea.Cmd {
	k := d.k
	switch {
	case key.Matches(msg, k.Edit):
		return ask(d.editErr, func() tea.Msg { return d.links.EditProblem(d.p) })
	case key.Matches(msg, k.Raise):
		return ask(d.raiseErr, func() tea.Msg { return d.links.RaiseAction(d.p) })
	case key.Matches(msg, k.Update):
		return ask(d.updateErr, func() tea.Msg { return d.links.PostUpdate(model.RecordProblem, d.p.ID, d.p.Title) })
	case key.Matches(msg, k.Evidence):
		return ask(d.evidenceErr, func() tea.Msg { return d.links.AddEvidence(d.p) })
	case d.plans.matches(msg, k.KeyMap):
		return d.planKey(msg)
	case key.Matches(msg, k.NextAction):
		d.step(1)
	case key.Matches(msg, k.PrevAction):
		d.step(-1)
	case key.Matches(msg, k.OpenAction):
		if d.selIdx >= 0 {
			return ui.Cmd(d.links.OpenAction(d.actions[d.selIdx]))
		}
	}
	return nil
}

// step moves the action selection, wrapping, and scrolls it into view.
func (d *Problem) step(delta int) {
	n := len(d.actions)
	if n == 0 {
		return
	}
	switch {
	case d.selIdx < 0 && delta > 0:
		d.selIdx = 0
	case d.selIdx < 0:
		d.selIdx = n - 1
	default:
		d.selIdx = (d.selIdx + delta + n) % n
	}
	d.sel = d.actions[d.selIdx].ID
	d.render()
	if d.selIdx < len(d.actionLine) {
		d.into(d.actionLine[d.selIdx])
	}
}

func (d *Problem) heading() (ref, title string, v model.Visibility) {
	return model.ProblemRef(d.p.ID), d.p.Title, d.p.Visibility
}

// lines lay the problem out for the current width.
func (d *Problem) lines() []string {
	st := d.s.Styles()
	p := d.p
	w := d.width

	var lines []string
	field := func(label, value string) {
		lines = append(lines, labelLines(st, label, value, w)...)
	}

	ward := ui.SafeName(p.Ward)
	if cur := d.s.Ward(); cur.Code == p.Ward && cur.Name != "" && cur.Name != p.Ward {
		ward = ui.SafeName(cur.Name) + " (" + ward + ")"
	}
	field("Ward", ward)
	field("Stage", ui.SafeLine(p.Stage.Title(), model.MaxLineLen))
	field("Review", reviewLabel(p, d.s.Now()))
	field("Priority", p.Priority.String())
	field("Category", ui.OrDash(ui.SafeLine(string(p.Category), model.MaxLineLen)))
	field("Lead agency", ui.OrDash(ui.SafeLine(p.LeadAgency, model.MaxLineLen)))
	field("Visible to", ui.VisibilityLabel(p.Visibility))
	field("Location", ui.OrDash(ui.SafeLine(p.Location, model.MaxLineLen)))
	for _, l := range d.from {
		field("From", fmt.Sprintf("rich picture %d %s, line %d", l.Session.ID, ui.SafeLine(l.Session.Title, model.MaxTitleLen), l.Element.ID))
	}
	field("Created", ui.SafeName(p.CreatedBy)+", "+ui.Stamp(p.CreatedAt))
	field("Updated", ui.SafeName(p.UpdatedBy)+", "+ui.Stamp(p.UpdatedAt))
	field("Version", fmt.Sprint(p.Version))

	lines = append(lines, "", st.Label.Render("Description"))
	desc := ui.SafeText(p.Description)
	if desc == "" {
		lines = append(lines, st.Muted.Render("No description yet."))
	} else {
		for _, l := range ui.Wrap(desc, w) {
			lines = append(lines, st.Value.Render(l))
		}
	}

	lines = d.planSection(lines)
	lines = d.actionSection(lines)
	return d.evidenceSection(lines)
}

func (d *Problem) actionSection(lines []string) []string {
	st := d.s.Styles()
	w := d.width
	d.heads.at = 0
	lines = d.heads.section(lines, st, fmt.Sprintf("Actions (%d)", len(d.actions)), w)
	d.actionLine = d.actionLine[:0]
	log := logState{err: d.logErr, loaded: d.logs, n: len(d.actions), what: "the actions", withErr: true,
		none: "No actions yet.", hint: " Press a to raise one.", offered: d.raiseErr == nil}
	if l, ok := log.lines(st, w); ok {
		return append(lines, l...)
	}
	cols := ui.LayoutActionColumns(w, false)
	lines = append(lines, st.ColHeader.Render(ui.ActionColumnHeader(cols)))
	clock := ui.NewDueClock(d.s.Now())
	for i, a := range d.actions {
		d.actionLine = append(d.actionLine, len(lines))
		lines = append(lines, ui.DrawActionRow(st, cols, a, clock, i == d.selIdx, w))
	}
	return lines
}

func (d *Problem) evidenceSection(lines []string) []string {
	st := d.s.Styles()
	w := d.width
	d.heads.at = 0
	lines = d.heads.section(lines, st, fmt.Sprintf("Evidence (%d)", len(d.evidence)), w)
	return logLines(lines, st, w, logState{err: d.logErr, loaded: d.logs, what: "the evidence log",
		none: "No evidence logged yet.", hint: " Press v to add some.", offered: d.evidenceErr == nil}, d.evidence, evidenceLines)
}
