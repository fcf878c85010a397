package records

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// Action shows one action: its fields, description and outcome log.
// From here its status changes, outcomes are logged and it is edited.
type Action struct {
	pane

	a          model.Action
	outcomes   []model.Outcome
	logs       bool
	logErr     error
	problem    model.Problem
	hasProblem bool
	// Worked out on load, for help drawn every frame: the model's answer,
	// nil when the key is offered, else its reason for the status line.
	editErr, outcomeErr, updateErr error
}

// NewAction makes the action screen, once per session.
func NewAction(s ui.Session, st Store, links Links) *Action {
	d := &Action{}
	d.pane = newPane(s, st, links, d)
	return d
}

func (d *Action) Title() string { return "Action" }

// Record is the action on screen, and whether there is one.
func (d *Action) Record() (model.Action, bool) { return d.a, d.has }

type actionLoadedMsg struct {
	seq        int
	a          model.Action
	outcomes   []model.Outcome
	problem    model.Problem
	hasProblem bool
	err        error
	logErr     error
}

func (d *Action) fetch(seq int) tea.Cmd {
	st, viewer, id := d.st, d.s.User(), d.a.ID
	return func() tea.Msg {
		a, err := ui.ReadAction(st, viewer, id)
		msg := actionLoadedMsg{seq: seq, a: a, err: err}
		if err != nil {
			return msg
		}
		msg.outcomes, msg.logErr = st.Outcomes(viewer, id)
		if a.ProblemID != 0 {
			if p, err := ui.ReadProblem(st, viewer, a.ProblemID); err == nil {
				msg.problem, msg.hasProblem = p, true
			}
		}
		return msg
	}
}

// show puts a on screen from the caller's copy and loads it afresh with
// its outcomes and problem.
func (d *Action) show(a model.Action) tea.Cmd {
	other := !d.has || d.a.ID != a.ID
	if other {
		d.outcomes, d.logs, d.logErr = nil, false, nil
		d.problem, d.hasProblem = model.Problem{}, false
	}
	d.a = a
	return d.pane.show(other)
}

func (d *Action) forget() {
	d.a = model.Action{}
	d.outcomes, d.logs, d.hasProblem = nil, false, false
}

func (d *Action) permissions() {
	d.editErr, d.outcomeErr, d.updateErr = errNoRecord, errNoRecord, errNoRecord
	if d.has {
		u := d.s.User()
		m, _ := d.links.UpdateContext(d.a.Ward)
		d.editErr = model.CheckEditAction(u, d.a, d.a)
		d.outcomeErr = model.CheckLogOutcome(u, d.a)
		d.updateErr = model.CheckPostActionUpdate(u, d.a, m)
	}
}

func (d *Action) ShortHelp() []key.Binding {
	k := d.k
	out := []key.Binding{k.Help, k.Back}
	out = offered(out, d.editErr, k.Status)
	out = offered(out, d.outcomeErr, k.Outcome)
	out = offered(out, d.updateErr, k.Update)
	out = offered(out, d.editErr, k.Edit)
	if d.hasProblem {
		out = append(out, k.OpenProblem)
	}
	return append(out, k.Down, k.Up, k.Quit)
}

func (d *Action) FullHelp() [][]key.Binding {
	k := d.k
	act := []key.Binding{k.Back}
	act = offered(act, d.editErr, k.Status, k.Edit)
	act = offered(act, d.outcomeErr, k.Outcome)
	act = offered(act, d.updateErr, k.Update)
	if d.hasProblem {
		act = append(act, k.OpenProblem)
	}
	return [][]key.Binding{d.scrollHelp(), append(act, k.Help, k.Quit)}
}

func (d *Action) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ShowAction:
		return d.show(msg.A)
	case actionLoadedMsg:
		return d.loaded(msg)
	}
	return nil
}

func (d *Action) loaded(msg actionLoadedMsg) tea.Cmd {
	id := d.a.ID
	cmd, ok := d.landed(msg.seq, msg.err, "reloading the action", func() tea.Msg { return d.links.ActionGone(id) })
	if ok {
		d.a = msg.a
		d.logErr = msg.logErr
		if msg.logErr == nil {
			d.outcomes, d.logs = msg.outcomes, true
		}
		d.problem, d.hasProblem = msg.problem, msg.hasProblem
		d.permissions()
		d.render()
	}
	return cmd
}

func (d *Action) key(msg tea.KeyPressMsg) tea.Cmd {
	k := d.k
	switch {
	case key.Matches(msg, k.Status):
		return ask(d.editErr, func() tea.Msg { return d.links.SetStatus(d.a) })
	case key.Matches(msg, k.Outcome):
		return ask(d.outcomeErr, func() tea.Msg { return d.links.LogOutcome(d.a) })
	case key.Matches(msg, k.Update):
		return ask(d.updateErr, func() tea.Msg { return d.links.PostUpdate(model.RecordAction, d.a.ID, d.a.Title) })
	case key.Matches(msg, k.Edit):
		return ask(d.editErr, func() tea.Msg {
			if d.hasProblem {
				p := d.problem
				return d.links.EditAction(d.a, &p)
			}
			return d.links.EditAction(d.a, nil)
		})
	case key.Matches(msg, k.OpenProblem):
		if d.hasProblem {
			return ui.Cmd(d.links.OpenProblem(d.problem))
		}
	}
	return nil
}

func (d *Action) heading() (ref, title string, v model.Visibility) {
	return "Action " + model.ActionRef(d.a.ID), d.a.Title, d.a.Visibility
}

// lines lay the action out for the width.
func (d *Action) lines() []string {
	st := d.s.Styles()
	a := d.a.Safe()
	w := d.width

	var lines []string
	field := func(label string, style ui.Inline, value string) {
		lines = append(lines, styledLines(st, label, style, value, w)...)
	}

	prob := "— (not tied to a problem)"
	switch {
	case d.hasProblem:
		prob = fmt.Sprintf("%s %s", model.ProblemRef(d.problem.ID), ui.SafeLine(d.problem.Title, model.MaxTitleLen))
	case a.ProblemID != 0:
		prob = model.ProblemRef(a.ProblemID)
	}
	field("Problem", st.Value, prob)
	field("Status", st.Value, ui.SafeLine(string(a.Status), model.MaxLineLen))
	now := d.s.Now()
	state := ui.NewDueClock(now).Of(&a)
	field("Due", state.Style(st), dueSentence(a, state, now))
	field("Owner", st.Value, ui.OrDash(ui.SafeLine(a.OwnerAgency, model.MaxLineLen)))
	field("Assignee", st.Value, ui.OrDash(a.Assignee))
	field("Visible to", st.Value, ui.VisibilityLabel(a.Visibility))
	field("Raised", st.Value, ui.OrDash(a.CreatedBy)+", "+ui.Stamp(a.CreatedAt))
	field("Updated", st.Value, ui.OrDash(a.UpdatedBy)+", "+ui.Stamp(a.UpdatedAt))
	field("Version", st.Value, fmt.Sprint(a.Version))

	lines = append(lines, "", st.Label.Render("Description"))
	if a.Description == "" {
		lines = append(lines, st.Muted.Render("No description."))
	} else {
		for _, l := range ui.Wrap(a.Description, w) {
			lines = append(lines, st.Value.Render(l))
		}
	}

	lines = append(lines, "", st.Section.Render(ui.Trunc(fmt.Sprintf("Outcomes (%d)", len(d.outcomes)), w)))
	return logLines(lines, st, w, logState{err: d.logErr, loaded: d.logs, what: "the outcomes", withErr: true,
		none: "Nothing logged yet.", hint: " Press o to log what was done.", offered: d.outcomeErr == nil}, d.outcomes, outcomeLines)
}

// dueSentence is the due date with where it stands today, in words.
func dueSentence(a model.Action, state ui.Due, now time.Time) string {
	if a.Due.IsZero() {
		return "—"
	}
	date := ui.DateLabel(a.Due)
	days := int(a.Due.Sub(model.DateOnly(now)).Hours() / 24)
	switch {
	case state == ui.DueClosed:
		return date
	case state == ui.DueOverdue:
		return date + " · overdue by " + model.Counted(-days, "day", "days")
	case days == 0:
		return date + " · due soon: today"
	case state == ui.DueSoon:
		return date + " · due soon, in " + model.Counted(days, "day", "days")
	}
	return date + " · in " + model.Counted(days, "day", "days")
}

// outcomeLines draws one outcome: when, result, who, then its text.
func outcomeLines(st *ui.Styles, o model.Outcome, w int) []string {
	o = o.Safe()
	who := o.By
	if ag := ui.SafeLine(o.Agency, model.MaxLineLen); ag != "" {
		who += " (" + ag + ")"
	}
	head := st.Label.Render(ui.Stamp(o.At)) + " " + st.Title.Render(strings.ToUpper(ui.SafeLine(string(o.Result), model.MaxLineLen))) +
		" " + st.Value.Render(who)
	return entryLines(st, head, o.Text, w)
}
