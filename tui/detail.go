package tui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// detailLabelWidth fits the longest label ("Lead agency") and a gap.
const detailLabelWidth = 13

// detail shows one problem with its actions and evidence log. Its body is
// a list of sections in a viewport, so a small screen scrolls instead of
// cutting fields off. tab walks the problem's actions; enter opens one.
type detail struct {
	c *common

	p        model.Problem
	has      bool
	actions  []model.Action
	evidence []model.Evidence
	links    []model.PictureLink
	logs     bool  // actions and evidence have loaded for p
	logErr   error // they failed to
	// The SARA plan (plan.go): as the store lets this user read it, and
	// the assessment's figures, if any.
	plan    model.Plan
	hasPlan bool
	planErr error
	figures *model.BeforeAfter
	// What this user may do here, worked out on load: help is drawn
	// every frame and need not ask the model each time.
	canEdit, canRaise, canEvidence bool
	canUpdate                      bool // a partner's update before the meeting (updates.go)
	plans                          planRights
	// Why not, from the model, for the status line when the key is pressed.
	editErr, raiseErr, evidenceErr error
	updateErr                      error

	// sel is the selected action's ID (0: none); selIdx its index in
	// actions, and actionLine the content line of each action's row.
	sel        model.ID
	selIdx     int
	actionLine []int
	// heads are the section headings' lines, for ] and [.
	heads heads

	recordPane
}

func newDetail(c *common) *detail {
	return &detail{c: c, recordPane: newRecordPane(), selIdx: -1}
}

func (d *detail) Init() tea.Cmd { return nil }

// show puts p on screen at once, from the copy the caller has, and loads
// it afresh with its actions and evidence.
func (d *detail) show(p model.Problem) tea.Cmd {
	if !d.has || d.p.ID != p.ID {
		d.actions, d.evidence, d.links, d.logs, d.logErr = nil, nil, nil, false, nil
		d.plan, d.hasPlan, d.planErr, d.figures = model.Plan{}, false, nil, nil
		d.sel, d.selIdx = 0, -1
		d.vp.GotoTop()
	}
	d.p, d.has = p, true
	d.permissions()
	d.render()
	d.draw()
	return loadProblemCmd(d.c.store, d.c.user, d.p.ID, d.load(d.c))
}

// selectAction puts the selection on action id once a load brings it.
func (d *detail) selectAction(id model.ID) { d.sel = id }

func (d *detail) SetSize(w, h int) {
	d.setSize(w, h)
	d.render()
	d.draw()
}

func (d *detail) capturing() bool { return false }

func (d *detail) permissions() {
	u, p := d.c.user, d.p
	d.editErr, d.raiseErr, d.evidenceErr = nil, nil, nil
	if d.has {
		d.editErr = model.CheckEditProblem(u, p, p)
		d.raiseErr = model.CheckCreateAction(u, model.Action{Ward: p.Ward, ProblemID: p.ID,
			OwnerAgency: defaultOwner(u, &p), Visibility: p.Visibility}, &p)
		d.evidenceErr = model.CheckAddEvidence(u, model.Evidence{Ward: p.Ward, ProblemID: p.ID,
			Kind: model.EvidenceReport, Visibility: p.Visibility}, p)
	}
	d.canEdit = d.has && d.editErr == nil
	d.updateErr = d.c.checkProblemUpdate(p) // updates.go
	d.canUpdate = d.has && d.updateErr == nil
	d.canRaise = d.has && d.raiseErr == nil
	d.canEvidence = d.has && d.evidenceErr == nil
	d.plans = newPlanRights(u, p, d.plan, d.has && d.hasPlan, d.c.now())
}

func (d *detail) ShortHelp() []key.Binding {
	k := d.c.keys
	out := []key.Binding{k.Help, k.Back}
	if d.selIdx >= 0 {
		out = append(out, k.OpenAction)
	}
	// Raising an action is what this screen is most often for, so it
	// comes before edit and survives a narrow footer.
	if d.canRaise {
		out = append(out, k.Raise)
	}
	if d.canUpdate {
		out = append(out, k.Updates.Post)
	}
	if d.canEvidence {
		out = append(out, k.Evidence)
	}
	if d.canEdit {
		out = append(out, k.Edit)
	}
	if len(d.actions) > 0 {
		out = append(out, k.NextAction)
	}
	// The plan's keys are in the full help; moving the stage, the one
	// most asked for, is here too.
	if d.plans.canMove {
		out = append(out, k.Plan.Move)
	}
	return append(out, k.Down, k.Up, k.Quit)
}

func (d *detail) FullHelp() [][]key.Binding {
	k := d.c.keys
	act := []key.Binding{k.Back}
	if d.canEdit {
		act = append(act, k.Edit)
	}
	if d.canRaise {
		act = append(act, k.Raise)
	}
	if d.canEvidence {
		act = append(act, k.Evidence)
	}
	if d.canUpdate {
		act = append(act, k.Updates.Post)
	}
	out := [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End, k.Plan.NextSection, k.Plan.PrevSection}}
	if len(d.actions) > 0 {
		out = append(out, []key.Binding{k.NextAction, k.PrevAction, k.OpenAction})
	}
	if pk := d.plans.keys(k); len(pk) > 0 {
		out = append(out, pk)
	}
	return append(out, append(act, k.Help, k.Quit))
}

// reload re-reads the problem, or notes that it must once the current read lands.
func (d *detail) reload() tea.Cmd {
	if !d.has {
		return nil
	}
	if seq, ok := d.recordPane.reload(d.c); ok {
		return loadProblemCmd(d.c.store, d.c.user, d.p.ID, seq)
	}
	return nil
}

// Update handles msg, then draws the screen for the frames that follow:
// the viewport's View costs a thousand allocations, and every session on
// this screen redraws on every change to the store.
func (d *detail) Update(msg tea.Msg) tea.Cmd {
	cmd := d.update(msg)
	d.draw()
	return cmd
}

func (d *detail) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case StoreChangedMsg:
		return d.reload()
	case problemLoadedMsg:
		return d.loaded(msg)
	case detailLoadedMsg:
		// Without its plan: the plan shown stays until one comes.
		return d.loaded(problemLoadedMsg{detailLoadedMsg: msg})
	case tea.KeyPressMsg:
		return d.key(msg)
	}
	return nil
}

func (d *detail) loaded(msg problemLoadedMsg) tea.Cmd {
	if !d.landed(msg.seq) {
		return nil
	}
	if errors.Is(msg.err, model.ErrNotFound) {
		// Never leave on screen a record the user may no longer see.
		id := d.p.ID
		d.p, d.has = model.Problem{}, false
		d.actions, d.evidence, d.logs = nil, nil, false
		d.plan, d.hasPlan, d.planErr, d.figures = model.Plan{}, false, nil, nil
		d.sel, d.selIdx = 0, -1
		d.permissions()
		d.render()
		return msgCmd(problemGoneMsg{id: id})
	}
	var cmds []tea.Cmd
	if msg.err != nil {
		cmds = append(cmds, msgCmd(errMsg{op: "reloading the problem", err: msg.err}))
	} else {
		d.p = msg.p
		d.links = msg.links
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
	}
	if d.stale {
		cmds = append(cmds, d.reload())
	}
	return tea.Batch(cmds...)
}

// findSelected keeps the selection on the same action, wherever it now is.
func (d *detail) findSelected() {
	d.selIdx = -1
	for i, a := range d.actions {
		if a.ID == d.sel {
			d.selIdx = i
			return
		}
	}
	d.sel = 0
}

func (d *detail) key(msg tea.KeyPressMsg) tea.Cmd {
	k := d.c.keys
	switch {
	case key.Matches(msg, k.Back):
		return msgCmd(backMsg{})
	case key.Matches(msg, k.Edit):
		if d.canEdit {
			return msgCmd(openFormMsg{p: d.p})
		}
		return refused(d.editErr)
	case key.Matches(msg, k.Raise):
		if d.canRaise {
			p := d.p
			return msgCmd(openActionFormMsg{create: true, problem: &p, a: model.Action{Ward: p.Ward, ProblemID: p.ID}})
		}
		return refused(d.raiseErr)
	case key.Matches(msg, k.Updates.Post):
		if d.canUpdate {
			return msgCmd(openUpdateMsg{kind: model.RecordProblem, id: d.p.ID, title: d.p.Title})
		}
		return refused(d.updateErr)
	case key.Matches(msg, k.Evidence):
		if d.canEvidence {
			return msgCmd(openEvidenceMsg{p: d.p})
		}
		return refused(d.evidenceErr)
	case d.plans.matches(msg, k):
		return d.planKey(msg)
	case key.Matches(msg, k.Plan.NextSection):
		d.jump(1)
	case key.Matches(msg, k.Plan.PrevSection):
		d.jump(-1)
	case key.Matches(msg, k.NextAction):
		d.step(1)
	case key.Matches(msg, k.PrevAction):
		d.step(-1)
	case key.Matches(msg, k.OpenAction):
		if d.selIdx >= 0 {
			return msgCmd(openActionMsg{a: d.actions[d.selIdx]})
		}
	default:
		d.scroll(msg, k)
	}
	return nil
}

// jump scrolls the next (or previous) section's heading to the top.
func (d *detail) jump(dir int) {
	y := d.vp.YOffset()
	hs := d.heads.lines
	if dir < 0 {
		for i := len(hs) - 1; i >= 0; i-- {
			if hs[i] < y {
				d.vp.SetYOffset(hs[i])
				return
			}
		}
		d.vp.GotoTop()
		return
	}
	for _, l := range hs {
		if l > y {
			d.vp.SetYOffset(l)
			return
		}
	}
}

// step moves the action selection, wrapping, and scrolls it into view.
func (d *detail) step(delta int) {
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
		line := d.actionLine[d.selIdx]
		if h := d.vp.Height(); h > 0 {
			switch {
			case line < d.vp.YOffset():
				d.vp.SetYOffset(line)
			case line >= d.vp.YOffset()+h:
				d.vp.SetYOffset(line - h + 1)
			}
		}
	}
}

func (d *detail) restyle() {
	d.render()
	d.draw()
}

// render lays the problem out for the current width. It runs in Update
// (on load, resize and selection), so View only slices the viewport.
func (d *detail) render() {
	if !d.has || d.width <= 0 {
		d.vp.SetContentLines(nil)
		return
	}
	st := &d.c.styles
	p := d.p
	w := d.width

	var lines []string
	field := func(label, value string) {
		lines = append(lines, labelLines(st, label, value, w)...)
	}
	orDash := func(s string) string {
		if s == "" {
			return "—"
		}
		return s
	}

	ward := safeName(p.Ward)
	if d.c.ward.Code == p.Ward && d.c.ward.Name != "" && d.c.ward.Name != p.Ward {
		ward = safeName(d.c.ward.Name) + " (" + ward + ")"
	}
	field("Ward", ward)
	field("Stage", safeLine(p.Stage.Title(), model.MaxLineLen))
	field("Review", reviewLabel(p, d.c.now()))
	field("Priority", p.Priority.String())
	field("Category", orDash(safeLine(string(p.Category), model.MaxLineLen)))
	field("Lead agency", orDash(safeLine(p.LeadAgency, model.MaxLineLen)))
	field("Visible to", visibilityLabel(p.Visibility))
	field("Location", orDash(safeLine(p.Location, model.MaxLineLen)))
	for _, l := range d.links {
		field("From", fmt.Sprintf("rich picture %d %s, line %d", l.Session.ID, safeLine(l.Session.Title, model.MaxTitleLen), l.Element.ID))
	}
	field("Created", safeName(p.CreatedBy)+", "+stamp(p.CreatedAt))
	field("Updated", safeName(p.UpdatedBy)+", "+stamp(p.UpdatedAt))
	field("Version", fmt.Sprint(p.Version))

	lines = append(lines, "", st.Label.Render("Description"))
	desc := safeText(p.Description)
	if desc == "" {
		lines = append(lines, st.Muted.Render("No description yet."))
	} else {
		for _, l := range wrap(desc, w) {
			lines = append(lines, st.value(l))
		}
	}

	d.heads = heads{lines: d.heads.lines[:0]}
	lines = d.renderPlan(lines)
	lines = d.renderActions(lines)
	lines = d.renderEvidence(lines)
	d.vp.SetContentLines(lines)
}

func (d *detail) renderActions(lines []string) []string {
	st := &d.c.styles
	w := d.width
	d.heads.at = 0
	lines = d.heads.section(lines, st, fmt.Sprintf("Actions (%d)", len(d.actions)), w)
	d.actionLine = d.actionLine[:0]
	switch {
	case d.logErr != nil && !d.logs:
		return append(lines, st.Error.Render(trunc("Could not load the actions: "+safeLine(d.logErr.Error(), model.MaxLineLen), w)))
	case !d.logs:
		return append(lines, st.Muted.Render("Loading…"))
	case len(d.actions) == 0:
		msg := "No actions yet."
		if d.canRaise {
			msg += " Press a to raise one."
		}
		for _, l := range wrap(msg, w) {
			lines = append(lines, st.Muted.Render(l))
		}
		return lines
	}
	cols := layoutActionColumns(w, false)
	lines = append(lines, st.ColHeader.Render(actionColumnHeader(cols)))
	clock := newDueClock(d.c.now())
	for i, a := range d.actions {
		d.actionLine = append(d.actionLine, len(lines))
		lines = append(lines, drawActionRow(st, cols, a, clock, i == d.selIdx, w))
	}
	return lines
}

func (d *detail) renderEvidence(lines []string) []string {
	st := &d.c.styles
	w := d.width
	d.heads.at = 0
	lines = d.heads.section(lines, st, fmt.Sprintf("Evidence (%d)", len(d.evidence)), w)
	switch {
	case d.logErr != nil && !d.logs:
		return append(lines, st.Error.Render(trunc("Could not load the evidence log.", w)))
	case !d.logs:
		return append(lines, st.Muted.Render("Loading…"))
	case len(d.evidence) == 0:
		msg := "No evidence logged yet."
		if d.canEvidence {
			msg += " Press v to add some."
		}
		for _, l := range wrap(msg, w) {
			lines = append(lines, st.Muted.Render(l))
		}
		return lines
	}
	for i, e := range d.evidence {
		if i > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, evidenceLines(st, e, w)...)
	}
	return lines
}

// evidenceLines draws one evidence entry: a heading line (when, kind,
// agency, who) and its text, indented. The kind is a word in capitals and
// comes before anything the user wrote, so a resident's report is never
// read as a recorded fact, with or without colour.
func evidenceLines(st *styles, e model.Evidence, w int) []string {
	e = e.Safe()
	kind := fit(evidenceKindLabel(e.Kind), 7)
	switch e.Kind {
	case model.EvidenceFact:
		kind = st.KindFact.Render(kind)
	case model.EvidenceReport:
		kind = st.KindReport.Render(kind)
	case model.EvidenceOpinion:
		kind = st.KindOpinion.Render(kind)
	}
	who := safeLine(e.Agency, model.MaxLineLen)
	if e.LoggedBy != "" {
		who += " · " + e.LoggedBy
	}
	head := st.Label.Render(dateLabel(e.Occurred)) + " " + kind + " " + st.value(who)
	if tag := visibilityTag(e.Visibility); tag != "" {
		head += " " + st.Restricted.Render(tag)
	}
	out := []string{trunc(head, w)}
	for _, l := range wrap(e.Text, max(1, w-2)) {
		out = append(out, "  "+st.value(l))
	}
	return out
}

func evidenceKindLabel(k model.EvidenceKind) string {
	switch k {
	case model.EvidenceFact:
		return "FACT"
	case model.EvidenceReport:
		return "REPORT"
	case model.EvidenceOpinion:
		return "OPINION"
	}
	return strings.ToUpper(safeLine(string(k), 10))
}

// draw renders the screen into out.
func (d *detail) draw() {
	d.drawRecord(&d.c.styles, d.has, model.ProblemRef(d.p.ID), d.p.Title, d.p.Visibility)
}
