package tui

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/form"
)

// problemGone is what a check says when the problem has gone from view.
const problemGone = "This problem is no longer on your board (removed or restricted), so saving will fail. Your text is still here."

// Fields of the problem form, in tab order.
const (
	fTitle = iota
	fLocation
	fDesc
	fCategory
	fStage
	fPriority
	fLead
	fVisibility
	fieldCount
)

// fieldLabel is a function, not a table, so the package holds no variables.
func fieldLabel(i int) string {
	return [fieldCount]string{
		"Title", "Location", "Description", "Category", "Stage", "Priority", "Lead agency", "Visible to",
	}[i]
}

// problemForm creates or edits a problem on the shared sheet (tui/form).
// Store errors come back into it: a validation error sits under its field,
// a conflict keeps every word typed and offers the other person's version
// alongside.
type problemForm struct {
	*form.Sheet
	c      *common
	create bool
	// base is the stored problem the edit started from; its Version goes
	// with the save so the store can refuse it if someone saved since.
	base model.Problem
	// fields are the sheet's, by the constants above.
	fields [fieldCount]*form.Field
	// cite, when set, is logged as evidence on the problem the form
	// creates: the crime picture's figures behind it, with the focus its
	// plan counts (crimedata.go).
	cite *crimeCite
}

func newForm(c *common, p model.Problem, create bool, agencies []model.Agency) *problemForm {
	f := &problemForm{Sheet: form.NewSheet(c), c: c, create: create, base: p}
	f.Heading = f.heading
	f.TextLines = 10
	f.fields[fTitle] = f.AddLine(fieldLabel(fTitle), "what keeps happening, and where", 0, "title")
	// Longer locations would be cut by model.CleanLine on save; stopping
	// the typing is visible, a silent cut is not.
	f.fields[fLocation] = f.AddLine(fieldLabel(fLocation), "street, block, park…", model.MaxLineLen, "location")
	f.fields[fDesc] = f.AddText(fieldLabel(fDesc), "what happens, when, who is affected", "description")

	u := c.user
	memberProposal := create && u.Role == model.RoleMember

	cat := form.Choice{}
	for _, k := range model.Categories {
		cat.Values = append(cat.Values, string(k))
		cat.Names = append(cat.Names, string(k))
	}
	f.fields[fCategory] = f.AddChoice(fieldLabel(fCategory), cat, "category")

	stage := form.Choice{}
	for _, s := range model.Stages {
		stage.Values = append(stage.Values, string(s))
		stage.Names = append(stage.Names, string(s))
	}
	switch {
	case memberProposal:
		stage.Locked, stage.Note = true, "members propose at scanning"
	case !create:
		// A stage move needs its reason in the problem's history (SARA):
		// saving the details never moves it.
		stage.Locked, stage.Note = true, "ssh: problem stage, with why"
	}
	f.fields[fStage] = f.AddChoice(fieldLabel(fStage), stage, "stage")

	pri := form.Choice{}
	for _, p := range model.Priorities {
		pri.Values = append(pri.Values, p.String())
		pri.Names = append(pri.Names, p.String())
	}
	f.fields[fPriority] = f.AddChoice(fieldLabel(fPriority), pri, "priority")

	known := form.AgencyChoice(agencies, u.Agency, p.LeadAgency)
	lead := form.Choice{Values: append([]string{""}, known.Values...), Names: append([]string{"none"}, known.Names...)}
	f.fields[fLead] = f.AddChoice(fieldLabel(fLead), lead, "lead agency", "lead_agency", "agency")

	// Visibility offers only what this user may give a problem, as the
	// store's check decides it (model.CheckProblemVisibility).
	vis := form.VisibilityChoice(u, agencies, nil, func(v model.Visibility) bool { return model.CheckProblemVisibility(u, v) == nil })
	if memberProposal {
		vis.Locked, vis.Note = true, "members' proposals are seen by the whole panel"
	}
	f.fields[fVisibility] = f.AddChoice(fieldLabel(fVisibility), vis, "visibility")

	for _, fl := range f.fields[fCategory:] {
		fl.Flush = true
	}
	f.Restyle()

	if create {
		p.Stage = model.StageScanning
		p.Priority = model.PriorityMedium
		p.Category = "other"
		p.Visibility = model.Panel
	}
	f.load(p)
	return f
}

// load puts a stored (or template) problem into the fields.
func (f *problemForm) load(p model.Problem) {
	f.base = p
	f.fields[fTitle].SetValue(safeLine(p.Title, model.MaxTitleLen))
	f.fields[fLocation].SetValue(safeLine(p.Location, model.MaxLineLen))
	f.fields[fDesc].SetValue(safeText(p.Description))
	cat := safeLine(string(p.Category), model.MaxLineLen)
	f.fields[fCategory].Choice.Set(cat, cat)
	stage := safeLine(string(p.Stage), model.MaxLineLen)
	f.fields[fStage].Choice.Set(stage, stage)
	f.fields[fPriority].Choice.Set(p.Priority.String(), p.Priority.String())
	lead := safeLine(p.LeadAgency, model.MaxLineLen)
	f.fields[fLead].Choice.Set(lead, lead)
	f.fields[fVisibility].Choice.Set(p.Visibility.String(), visibilityLabel(p.Visibility))
}

// build is the problem the form would save.
func (f *problemForm) build() model.Problem {
	p := f.base
	p.Title = f.fields[fTitle].Value()
	p.Location = f.fields[fLocation].Value()
	p.Description = f.fields[fDesc].Value()
	p.Category = model.Category(f.fields[fCategory].Value())
	p.Stage = model.Stage(f.fields[fStage].Value())
	if pr, err := model.ParsePriority(f.fields[fPriority].Value()); err == nil {
		p.Priority = pr
	}
	p.LeadAgency = f.fields[fLead].Value()
	if v, err := model.ParseVisibility(f.fields[fVisibility].Value()); err == nil {
		p.Visibility = v
	}
	return p
}

func (f *problemForm) Init() tea.Cmd { return f.FocusFirst() }

func (f *problemForm) capturing() bool { return true }

func (f *problemForm) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case formSavedMsg:
		return f.saved(msg)
	case formLatestMsg:
		return f.latest(msg)
	case StoreChangedMsg:
		if f.create {
			return nil
		}
		return f.Checking(func(seq int) tea.Cmd { return latestCmd(f.c.store, f.c.user, f.base.ID, seq, false) })
	}
	return f.Handle(msg, form.Flow{Save: f.save, Reload: f.reload, UseMine: func() { f.Restore(f.Mine) }})
}

func (f *problemForm) reload(seq int) tea.Cmd {
	return latestCmd(f.c.store, f.c.user, f.base.ID, seq, true)
}

func (f *problemForm) save() tea.Cmd {
	f.ClearErrors()
	if f.create && f.cite != nil {
		return f.StartSave(func(seq int) tea.Cmd { return saveCitedCmd(f.c.store, f.c.actor, f.build(), *f.cite, seq) })
	}
	return f.StartSave(func(seq int) tea.Cmd { return saveCmd(f.c.store, f.c.actor, f.build(), f.create, seq) })
}

func (f *problemForm) latest(msg formLatestMsg) tea.Cmd {
	r := msg.p
	st := form.Stored{Seq: msg.seq, Reload: msg.reload, Err: msg.err, By: r.UpdatedBy, At: r.UpdatedAt, Version: r.Version}
	f.TakeStored(st, form.Edited{What: "problem", Gone: problemGone, Base: f.base.Version, Describe: reloadErr, Load: func() { f.load(r) }})
	return nil
}

func (f *problemForm) saved(msg formSavedMsg) tea.Cmd {
	if !f.SaveAnswered(msg.seq) {
		return nil
	}
	switch {
	case msg.err == nil:
		return msgCmd(savedMsg{p: msg.p, created: f.create})
	case f.Conflicted(msg.err):
		return nil
	case !f.create && errors.Is(msg.err, model.ErrNotFound):
		f.Banner = "This problem is no longer on your board (removed or restricted). Your text is still here."
		f.Layout()
		return nil
	}
	return f.Fail(msg.err)
}

func (f *problemForm) heading() []string {
	st := &f.c.styles
	var h string
	if f.create {
		h = "New problem in " + safeName(f.c.ward.Name)
	} else {
		h = fmt.Sprintf("Editing %s (version %d)", model.ProblemRef(f.base.ID), f.base.Version)
	}
	if f.Saving {
		h += " — saving…"
	}
	return []string{st.Title.Render(h)}
}

// reloadErr is a failed read of someone else's version, in words.
func reloadErr(err error) string { return describeErr("reload", err) }
