package tui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// actionDetail shows one action: its fields, description and outcome log.
// From here its status changes, outcomes are logged and it is edited.
type actionDetail struct {
	c *common

	a          model.Action
	has        bool
	outcomes   []model.Outcome
	logs       bool
	logErr     error
	problem    model.Problem
	hasProblem bool
	// Worked out on load, for help drawn every frame.
	canEdit, canLog, canUpdate bool
	// Why not, from the model, for the status line when the key is pressed.
	editErr, outcomeErr, updateErr error

	recordPane
}

func newActionDetail(c *common) *actionDetail {
	return &actionDetail{c: c, recordPane: newRecordPane()}
}

func (d *actionDetail) Init() tea.Cmd   { return nil }
func (d *actionDetail) capturing() bool { return false }

// show puts a on screen from the caller's copy and loads it afresh with
// its outcomes and problem.
func (d *actionDetail) show(a model.Action) tea.Cmd {
	if !d.has || d.a.ID != a.ID {
		d.outcomes, d.logs, d.logErr = nil, false, nil
		d.problem, d.hasProblem = model.Problem{}, false
		d.vp.GotoTop()
	}
	d.a, d.has = a, true
	d.permissions()
	d.render()
	d.draw()
	return loadActionCmd(d.c.store, d.c.user, a.ID, d.load(d.c))
}

func (d *actionDetail) reload() tea.Cmd {
	if !d.has {
		return nil
	}
	if seq, ok := d.recordPane.reload(d.c); ok {
		return loadActionCmd(d.c.store, d.c.user, d.a.ID, seq)
	}
	return nil
}

func (d *actionDetail) permissions() {
	d.editErr, d.outcomeErr, d.updateErr = nil, nil, nil
	if d.has {
		d.editErr = model.CheckEditAction(d.c.user, d.a, d.a)
		d.outcomeErr = model.CheckLogOutcome(d.c.user, d.a)
		d.updateErr = d.c.checkActionUpdate(d.a)
	}
	d.canUpdate = d.has && d.updateErr == nil
	d.canEdit = d.has && d.editErr == nil
	d.canLog = d.has && d.outcomeErr == nil
}

func (d *actionDetail) SetSize(w, h int) {
	d.setSize(w, h)
	d.render()
	d.draw()
}

func (d *actionDetail) ShortHelp() []key.Binding {
	k := d.c.keys
	out := []key.Binding{k.Help, k.Back}
	if d.canEdit {
		out = append(out, k.Status)
	}
	if d.canLog {
		out = append(out, k.Outcome)
	}
	if d.canUpdate {
		out = append(out, k.Updates.Post)
	}
	if d.canEdit {
		out = append(out, k.Edit)
	}
	if d.hasProblem {
		out = append(out, k.OpenProblem)
	}
	return append(out, k.Down, k.Up, k.Quit)
}

func (d *actionDetail) FullHelp() [][]key.Binding {
	k := d.c.keys
	act := []key.Binding{k.Back}
	if d.canEdit {
		act = append(act, k.Status, k.Edit)
	}
	if d.canLog {
		act = append(act, k.Outcome)
	}
	if d.canUpdate {
		act = append(act, k.Updates.Post)
	}
	if d.hasProblem {
		act = append(act, k.OpenProblem)
	}
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		append(act, k.Help, k.Quit),
	}
}

// Update handles msg, then draws the screen for the frames that follow:
// the viewport's View costs a thousand allocations, and every session on
// this screen redraws on every change to the store.
func (d *actionDetail) Update(msg tea.Msg) tea.Cmd {
	cmd := d.update(msg)
	d.draw()
	return cmd
}

func (d *actionDetail) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case StoreChangedMsg:
		return d.reload()
	case actionLoadedMsg:
		return d.loaded(msg)
	case tea.KeyPressMsg:
		return d.key(msg)
	}
	return nil
}

func (d *actionDetail) loaded(msg actionLoadedMsg) tea.Cmd {
	if !d.landed(msg.seq) {
		return nil
	}
	if errors.Is(msg.err, model.ErrNotFound) {
		id := d.a.ID
		d.a, d.has = model.Action{}, false
		d.outcomes, d.logs, d.hasProblem = nil, false, false
		d.permissions()
		d.render()
		return msgCmd(actionGoneMsg{id: id})
	}
	var cmds []tea.Cmd
	if msg.err != nil {
		cmds = append(cmds, msgCmd(errMsg{op: "reloading the action", err: msg.err}))
	} else {
		d.a = msg.a
		d.logErr = msg.logErr
		if msg.logErr == nil {
			d.outcomes, d.logs = msg.outcomes, true
		}
		d.problem, d.hasProblem = msg.problem, msg.hasProblem
		d.permissions()
		d.render()
	}
	if d.stale {
		cmds = append(cmds, d.reload())
	}
	return tea.Batch(cmds...)
}

func (d *actionDetail) key(msg tea.KeyPressMsg) tea.Cmd {
	k := d.c.keys
	switch {
	case key.Matches(msg, k.Back):
		return msgCmd(backMsg{})
	case key.Matches(msg, k.Status):
		if d.canEdit {
			return msgCmd(openStatusMsg{a: d.a})
		}
		return refused(d.editErr)
	case key.Matches(msg, k.Outcome):
		if d.canLog {
			return msgCmd(openOutcomeMsg{a: d.a})
		}
		return refused(d.outcomeErr)
	case key.Matches(msg, k.Updates.Post):
		if d.canUpdate {
			return msgCmd(openUpdateMsg{kind: model.RecordAction, id: d.a.ID, title: d.a.Title})
		}
		return refused(d.updateErr)
	case key.Matches(msg, k.Edit):
		if d.canEdit {
			m := openActionFormMsg{a: d.a}
			if d.hasProblem {
				p := d.problem
				m.problem = &p
			}
			return msgCmd(m)
		}
		return refused(d.editErr)
	case key.Matches(msg, k.OpenProblem):
		if d.hasProblem {
			return msgCmd(openDetailMsg{p: d.problem})
		}
	default:
		d.scroll(msg, k)
	}
	return nil
}

func (d *actionDetail) restyle() {
	d.render()
	d.draw()
}

// render lays the action out for the width; it runs in Update.
func (d *actionDetail) render() {
	if !d.has || d.width <= 0 {
		d.vp.SetContentLines(nil)
		return
	}
	st := &d.c.styles
	a := d.a.Safe()
	w := d.width
	valueW := max(1, w-detailLabelWidth)

	var lines []string
	field := func(label string, style inline, value string) {
		for i, v := range wrap(value, valueW) {
			l := strings.Repeat(" ", detailLabelWidth)
			if i == 0 {
				l = st.Label.Render(fit(label, detailLabelWidth))
			}
			lines = append(lines, l+style.Render(v))
		}
	}

	prob := "— (not tied to a problem)"
	switch {
	case d.hasProblem:
		prob = fmt.Sprintf("%s %s", model.ProblemRef(d.problem.ID), safeLine(d.problem.Title, model.MaxTitleLen))
	case a.ProblemID != 0:
		prob = model.ProblemRef(a.ProblemID)
	}
	field("Problem", st.Value, prob)
	field("Status", st.Value, safeLine(string(a.Status), model.MaxLineLen))
	now := d.c.now()
	state := dueOf(a, now)
	field("Due", state.Style(&st.Styles), dueSentence(a, state, now))
	field("Owner", st.Value, orDash(safeLine(a.OwnerAgency, model.MaxLineLen)))
	field("Assignee", st.Value, orDash(a.Assignee))
	field("Visible to", st.Value, visibilityLabel(a.Visibility))
	field("Raised", st.Value, orDash(a.CreatedBy)+", "+stamp(a.CreatedAt))
	field("Updated", st.Value, orDash(a.UpdatedBy)+", "+stamp(a.UpdatedAt))
	field("Version", st.Value, fmt.Sprint(a.Version))

	lines = append(lines, "", st.Label.Render("Description"))
	if a.Description == "" {
		lines = append(lines, st.Muted.Render("No description."))
	} else {
		for _, l := range wrap(a.Description, w) {
			lines = append(lines, st.value(l))
		}
	}

	lines = append(lines, "", st.Section.Render(trunc(fmt.Sprintf("Outcomes (%d)", len(d.outcomes)), w)))
	switch {
	case d.logErr != nil && !d.logs:
		lines = append(lines, st.Error.Render(trunc("Could not load the outcomes: "+safeLine(d.logErr.Error(), model.MaxLineLen), w)))
	case !d.logs:
		lines = append(lines, st.Muted.Render("Loading…"))
	case len(d.outcomes) == 0:
		msg := "Nothing logged yet."
		if d.canLog {
			msg += " Press o to log what was done."
		}
		for _, l := range wrap(msg, w) {
			lines = append(lines, st.Muted.Render(l))
		}
	default:
		for i, o := range d.outcomes {
			if i > 0 {
				lines = append(lines, "")
			}
			lines = append(lines, outcomeLines(st, o, w)...)
		}
	}
	d.vp.SetContentLines(lines)
}

// dueSentence is the due date with where it stands today, in words.
func dueSentence(a model.Action, state dueState, now time.Time) string {
	if a.Due.IsZero() {
		return "—"
	}
	date := dateLabel(a.Due)
	days := int(a.Due.Sub(model.DateOnly(now)).Hours() / 24)
	switch {
	case state == dueClosed:
		return date
	case state == dueOverdue:
		return date + " · overdue by " + model.Counted(-days, "day", "days")
	case days == 0:
		return date + " · due soon: today"
	case state == dueSoon:
		return date + " · due soon, in " + model.Counted(days, "day", "days")
	}
	return date + " · in " + model.Counted(days, "day", "days")
}

// outcomeLines draws one outcome: when, result, who, then its text.
func outcomeLines(st *styles, o model.Outcome, w int) []string {
	o = o.Safe()
	who := o.By
	if ag := safeLine(o.Agency, model.MaxLineLen); ag != "" {
		who += " (" + ag + ")"
	}
	head := st.Label.Render(stamp(o.At)) + " " + st.Title.Render(strings.ToUpper(safeLine(string(o.Result), model.MaxLineLen))) +
		" " + st.value(who)
	out := []string{trunc(head, w)}
	for _, l := range wrap(o.Text, max(1, w-2)) {
		out = append(out, "  "+st.value(l))
	}
	return out
}

// draw renders the screen into out.
func (d *actionDetail) draw() {
	d.drawRecord(&d.c.styles, d.has, "Action "+model.ActionRef(d.a.ID), d.a.Title, d.a.Visibility)
}
