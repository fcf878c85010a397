package actionforms

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/form"
	"wardpanel/tui/ui"
)

// defaultDueDays is how far ahead a new action falls due.
const defaultDueDays = 14

// ActionForm raises or edits an action. As the problem form does, it keeps
// every word typed through errors and conflicts: a validation error sits
// under its field, and someone else's save is named, with their version a
// ctrl+r away and the user's text a ctrl+o back.
type ActionForm struct {
	*form.Sheet
	c       *env
	create  bool
	base    model.Action
	problem *model.Problem

	title, assignee, owner, due, desc, vis *form.Field
	// prob, on a new action, is the problem it is on: the agenda item's
	// problems first (linked), then none, then the ward's others.
	prob     *form.Field
	problems []model.Problem
	linked   []model.ID
	// people are the ward's enrolled people; the assignee is picked from
	// those of the owner agency.
	people []model.User

	// within is what the visibility may be no wider than, if anything.
	within *model.Visibility
	// item is the agenda item of base.MeetingID the action is raised under.
	item int

	// pastKept is a past due date the user was asked about: a second
	// enter, or save, keeps it.
	pastKept string
}

// actionGone is what a check says when the action has gone from view.
const actionGone = "This action is no longer visible to you (removed or restricted), so saving will fail. Your text is still here."

// PastDueAsk is the question under a due date that has passed.
const PastDueAsk = "that date has passed; enter again to keep it"

// Start is what an action form opens on.
type Start struct {
	// A is the action to edit, or a new one's template: its ward, and the
	// problem or meeting it is raised on.
	A      model.Action
	Create bool
	// Problem is the problem it is (or will be) on, if known.
	Problem *model.Problem
	// Item is the agenda item of A.MeetingID it is raised under; Linked
	// are the item's problems, offered first.
	Item   int
	Linked []model.ID
}

// Action is the form that raises (o.Create) or edits o.A.
func Action(s ui.Session, st Store, links Links, o Start) *ActionForm {
	c := newEnv(s, st, links)
	a, create, problem := o.A, o.Create, o.Problem
	f := &ActionForm{Sheet: form.NewSheet(s), c: c, create: create, base: a, problem: problem, item: o.Item, linked: o.Linked}
	u, agencies := c.User(), links.Agencies()
	if create {
		a.Status = model.ActionOpen
		if a.OwnerAgency == "" {
			a.OwnerAgency = model.DefaultActionOwner(u, problem)
		}
		if a.Due.IsZero() {
			a.Due = c.Today().AddDate(0, 0, defaultDueDays)
		}
		if a.Visibility.Kind == "" {
			a.Visibility = model.Panel
			if problem != nil {
				a.Visibility = problem.Visibility
			}
		}
	}

	f.title = f.AddLine("Title", "what is to be done", 0, "title")
	f.assignee = f.AddPerson("Assignee", &form.PersonPick{Anyone: "anyone in " + ui.SafeLine(a.OwnerAgency, model.MaxLineLen)}, "assignee")
	// The store takes only known agencies as owners; the user's own is
	// offered if known (or if the list could not be loaded).
	owners := []string{a.OwnerAgency}
	if len(agencies) == 0 || slices.ContainsFunc(agencies, func(ag model.Agency) bool { return ag.Code == u.Agency }) {
		owners = append(owners, u.Agency)
	}
	f.owner = f.AddChoice("Owner", form.AgencyChoice(agencies, owners...), "agency", "owner", "owner_agency")
	f.due = f.AddLine("Due", "2026-12-01, or +7 / +2w", 20, "due")
	f.due.InputW = 11
	f.due.Hint = func(s string, room int) string {
		if s == "" {
			return ""
		}
		d, err := model.ParseDate(s, c.Today())
		return form.DateHint(d, err, "2026-12-01 or +7", room)
	}
	f.desc = f.AddText("Description", "what exactly, by when, and how the panel will know")

	// Visibility: what this user may set, no wider than the problem. An
	// edit without the problem at hand stays within what the action has.
	switch {
	case problem != nil:
		f.within = &problem.Visibility
	case !create && a.ProblemID != 0:
		within := a.Visibility
		f.within = &within
	}
	if create {
		f.prob = f.AddChoice("Problem", problemChoice(problem, nil, nil), "problem", "problem_id")
	}
	f.vis = f.AddChoice("Visible to", form.Choice{}, "visibility")

	f.Heading = f.headingLines
	f.Restyle()
	f.load(a)
	return f
}

// load puts a stored (or template) action into the fields.
func (f *ActionForm) load(a model.Action) {
	f.base = a
	f.title.SetValue(ui.SafeLine(a.Title, model.MaxTitleLen))
	f.assignee.Person.Anyone = "anyone in " + ui.SafeLine(a.OwnerAgency, model.MaxLineLen)
	f.assignee.SetValue(a.Assignee)
	owner := ui.SafeLine(a.OwnerAgency, model.MaxLineLen)
	f.owner.Choice.Set(owner, owner)
	f.due.SetValue(ui.DateLabel(a.Due))
	if a.Due.IsZero() {
		f.due.SetValue("")
	}
	f.desc.SetValue(ui.SafeText(a.Description))
	f.vis.Choice = f.visChoices(a.OwnerAgency)
	f.vis.Choice.Set(a.Visibility.String(), form.VisibilityName(a.Visibility))
	f.Layout()
}

// visChoices are the visibilities this user may give an action owned by
// owner: the model wants a restricted action visible to its owner, so
// "only owner and my agency" is offered when they differ.
func (f *ActionForm) visChoices(owner string) form.Choice {
	u := f.c.User()
	var extra []model.Visibility
	if owner != "" && u.Agency != "" {
		ags := []string{owner, u.Agency}
		slices.Sort(ags)
		extra = append(extra, model.Visibility{Kind: model.VisAgencies, Agencies: slices.Compact(ags)})
	}
	if f.problem != nil {
		extra = append(extra, f.problem.Visibility)
	}
	return form.VisibilityChoice(u, f.c.links.Agencies(), extra, func(v model.Visibility) bool {
		if f.within != nil && !v.Within(*f.within) {
			return false
		}
		return model.CheckCreateAction(u, model.Action{Ward: f.base.Ward, OwnerAgency: owner, Visibility: v}, nil) == nil
	})
}

// ownerChanged offers the visibilities that suit the new owner. What was
// chosen stays chosen, even if it no longer suits: a save then says why
// under the field, where silently widening it would not.
func (f *ActionForm) ownerChanged() {
	owner := f.owner.Value()
	p := f.assignee.Person
	p.Anyone = "anyone in " + ui.SafeLine(owner, model.MaxLineLen)
	if p.Loaded() {
		chosen := p.Value()
		p.SetPeople(model.AssigneeChoices(f.people, f.base.Ward, owner))
		// Someone of the old owner is no one's to do it now.
		if !slices.ContainsFunc(p.People, func(u model.User) bool { return u.Name == chosen }) && chosen != f.base.Assignee {
			p.Set("")
		}
	}
	cur := f.vis.Value()
	ch := f.visChoices(f.owner.Value())
	if v, err := model.ParseVisibility(cur); err == nil {
		ch.Set(cur, form.VisibilityName(v))
	}
	f.vis.Choice = ch
}

// build is the action the form would save, or the error that stops it
// being sent (a due date that is not a date).
func (f *ActionForm) build() (model.Action, error) {
	a := f.base
	a.Title = f.title.Value()
	a.Assignee = f.assignee.Value()
	a.OwnerAgency = f.owner.Value()
	a.Description = f.desc.Value()
	if v, err := model.ParseVisibility(f.vis.Value()); err == nil {
		a.Visibility = v
	}
	due, err := model.ParseDate(f.due.Value(), f.c.Today())
	if err != nil {
		return a, err
	}
	a.Due = due
	return a, nil
}

// pastDue reports a typed due date that has passed, new to this action
// (an overdue action keeps its date without asking), not yet kept.
func (f *ActionForm) pastDue() bool {
	v := strings.TrimSpace(f.due.Value())
	d, err := model.ParseDate(v, f.c.Today())
	if err != nil || d.IsZero() || !d.Before(f.c.Today()) || !f.create && d.Equal(f.base.Due) {
		return false
	}
	return v != f.pastKept
}

// askPast puts the question under the due date and lets the next enter
// or save keep it.
func (f *ActionForm) askPast() tea.Cmd {
	f.pastKept = strings.TrimSpace(f.due.Value())
	f.due.Err = PastDueAsk
	cmd := f.FocusField(slices.Index(f.Fields, f.due))
	f.Layout()
	return cmd
}

func (f *ActionForm) Init() tea.Cmd {
	cmds := []tea.Cmd{f.FocusFirst(), form.PeopleCmd(f.c.st, f.c.User(), f.base.Ward)}
	if f.prob != nil {
		cmds = append(cmds, problemsCmd(f.c.st, f.c.User(), f.base.Ward))
	}
	return tea.Batch(cmds...)
}

// problemChoice offers the problems an action may be on: those linked
// (an agenda item's) first, then none, then the rest, open ones only
// beside the one already chosen.
func problemChoice(chosen *model.Problem, linked []model.ID, all []model.Problem) form.Choice {
	var ch form.Choice
	add := func(p model.Problem) {
		if v := strconv.FormatUint(uint64(p.ID), 10); !slices.Contains(ch.Values, v) {
			ch.Values = append(ch.Values, v)
			ch.Names = append(ch.Names, model.ProblemRef(p.ID)+" "+ui.SafeLine(p.Title, model.MaxTitleLen))
		}
	}
	if chosen != nil {
		add(*chosen)
	}
	for _, id := range linked {
		if i := slices.IndexFunc(all, func(p model.Problem) bool { return p.ID == id }); i >= 0 {
			add(all[i])
		}
	}
	ch.Values = append(ch.Values, "")
	ch.Names = append(ch.Names, "none")
	for _, p := range all {
		if p.Stage != model.StageClosed {
			add(p)
		}
	}
	return ch
}

// problemChanged puts the chosen problem under the form: its heading,
// and the visibilities, no wider than the problem's.
func (f *ActionForm) problemChanged() {
	id, _ := strconv.ParseUint(f.prob.Value(), 10, 64)
	f.problem, f.within, f.base.ProblemID = nil, nil, model.ID(id)
	if i := slices.IndexFunc(f.problems, func(p model.Problem) bool { return p.ID == model.ID(id) }); i >= 0 {
		p := f.problems[i]
		f.problem, f.within = &p, &p.Visibility
	}
	cur := f.vis.Value()
	f.vis.Choice = f.visChoices(f.owner.Value())
	f.vis.Choice.Pick(cur)
	if f.problem != nil {
		if v, err := model.ParseVisibility(cur); err != nil || !v.Within(f.problem.Visibility) {
			f.vis.Choice.Pick(f.problem.Visibility.String())
		}
	}
	f.Layout()
}

func (f *ActionForm) Capturing() bool { return true }
func (f *ActionForm) Title() string   { return "Action form" }

func (f *ActionForm) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case problemsMsg:
		if msg.err == nil && f.prob != nil {
			f.problems = msg.problems
			cur := f.prob.Value()
			f.prob.Choice = problemChoice(f.problem, f.linked, msg.problems)
			f.prob.Choice.Pick(cur)
			if cur == "" && len(f.linked) > 0 {
				f.prob.Choice.Idx = 0
				f.problemChanged()
			}
		}
		return nil
	case form.PeopleMsg:
		f.people = msg.People
		f.GotPeople(msg, func(_ *form.Field, people []model.User) []model.User {
			return model.AssigneeChoices(people, f.base.Ward, f.owner.Value())
		})
		return nil
	case savedMsg:
		return f.saved(msg)
	case latestMsg:
		return f.latest(msg)
	case ui.StoreChanged:
		if f.create {
			return nil
		}
		return f.Checking(func(seq int) tea.Cmd { return latestCmd(f.c.st, f.c.User(), f.base.ID, seq, false) })
	case tea.PasteMsg:
		return f.UpdateFocused(msg)
	case tea.KeyPressMsg:
		k := f.c.Keys()
		if cmd, ok := f.FlowKey(msg, form.Flow{Save: f.save, Reload: f.reload, UseMine: f.useMine}); ok {
			return cmd
		}
		if f.Focused() == f.due && key.Matches(msg, k.Open) {
			if f.pastDue() {
				return f.askPast()
			}
			if f.due.Err == PastDueAsk {
				f.due.Err = ""
			}
		}
		onOwner, onProblem := f.Focused() == f.owner, f.prob != nil && f.Focused() == f.prob
		cmd := f.Key(msg)
		if onOwner {
			f.ownerChanged()
		}
		if onProblem {
			f.problemChanged()
		}
		return cmd
	}
	return nil
}

func (f *ActionForm) reload(seq int) tea.Cmd {
	return latestCmd(f.c.st, f.c.User(), f.base.ID, seq, true)
}

func (f *ActionForm) useMine() {
	f.Restore(f.Mine)
	f.ownerChanged()
	f.Restore(f.Mine) // the visibility, now among the owner's choices
}

func (f *ActionForm) save() tea.Cmd {
	f.ClearErrors()
	a, err := f.build()
	if err != nil {
		return f.Fail(err)
	}
	if f.pastDue() {
		return f.askPast()
	}
	return f.StartSave(func(seq int) tea.Cmd { return saveCmd(f.c.st, f.c.Actor(), a, f.create, f.item, seq) })
}

func (f *ActionForm) saved(msg savedMsg) tea.Cmd {
	if !f.SaveAnswered(msg.seq) {
		return nil
	}
	if msg.err == nil {
		verb := "Saved"
		if f.create {
			verb = "Raised"
		}
		return f.c.done(fmt.Sprintf("%s action %s %s", verb, model.ActionRef(msg.a.ID), ui.SafeLine(msg.a.Title, model.MaxTitleLen)), msg.a.ID)
	}
	if f.Conflicted(msg.err) {
		return nil
	}
	return f.Fail(msg.err)
}

func (f *ActionForm) latest(msg latestMsg) tea.Cmd {
	r := msg.a
	st := form.Stored{Seq: msg.seq, Reload: msg.reload, Err: msg.err, By: r.UpdatedBy, At: r.UpdatedAt, Version: r.Version}
	f.TakeStored(st, form.Edited{What: "action", Gone: actionGone, Base: f.base.Version, Describe: reloadErr, Load: func() { f.load(r) }})
	return nil
}

func (f *ActionForm) headingLines() []string {
	st := f.c.Styles()
	var h string
	switch {
	case f.create && f.problem != nil:
		h = fmt.Sprintf("New action on %s %s", model.ProblemRef(f.problem.ID), ui.SafeLine(f.problem.Title, model.MaxTitleLen))
	case f.create:
		h = "New action in " + ui.SafeName(f.c.Ward().Name)
	default:
		h = fmt.Sprintf("Editing action %s (version %d)", model.ActionRef(f.base.ID), f.base.Version)
	}
	if f.Saving {
		h = "Saving… " + h
	}
	return []string{st.Title.Render(ui.Trunc(h, f.Width()))}
}

// reloadErr says why a read of the stored action failed.
func reloadErr(err error) string { return ui.DescribeErr("reload", err) }
