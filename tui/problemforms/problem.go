package problemforms

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/form"
	"wardpanel/tui/ui"
)

// problemGone is what a check says when the problem has gone from view.
const problemGone = "This problem is no longer on your board (removed or restricted), so saving will fail. Your text is still here."

// Fields of the problem form, in tab order: the sheet's Fields by index.
const (
	FieldTitle = iota
	FieldLocation
	FieldDesc
	FieldCategory
	FieldStage
	FieldPriority
	FieldLead
	FieldVisibility
	FieldCount
)

// fieldLabel is a function, not a table, so the package holds no variables.
func fieldLabel(i int) string {
	return [FieldCount]string{
		"Title", "Location", "Description", "Category", "Stage", "Priority", "Lead agency", "Visible to",
	}[i]
}

// ProblemForm creates or edits a problem on the shared sheet (tui/form).
// Store errors come back into it: a validation error sits under its field,
// a conflict keeps every word typed and offers the other person's version
// alongside.
type ProblemForm struct {
	*form.Sheet
	c      *env
	create bool
	// base is the stored problem the edit started from; its Version goes
	// with the save so the store can refuse it if someone saved since.
	base model.Problem
	// fields are the sheet's, by the constants above.
	fields [FieldCount]*form.Field
	// cite, when set, is logged as evidence on the problem the form
	// creates: the crime picture's figures behind it, with the focus its
	// plan counts (CitedProblem).
	cite *Cite
}

// Problem is the form for a new problem on p.Ward's board (create), or for
// editing the stored p.
func Problem(s ui.Session, st Store, links Links, p model.Problem, create bool) *ProblemForm {
	c := &env{Session: s, st: st, links: links}
	f := &ProblemForm{Sheet: form.NewSheet(s), c: c, create: create, base: p}
	f.Heading = f.heading
	f.TextLines = 10
	f.fields[FieldTitle] = f.AddLine(fieldLabel(FieldTitle), "what keeps happening, and where", 0, "title")
	// Longer locations would be cut by model.CleanLine on save; stopping
	// the typing is visible, a silent cut is not.
	f.fields[FieldLocation] = f.AddLine(fieldLabel(FieldLocation), "street, block, park…", model.MaxLineLen, "location")
	f.fields[FieldDesc] = f.AddText(fieldLabel(FieldDesc), "what happens, when, who is affected", "description")

	u := s.User()
	agencies := links.Agencies()
	// A resident's new problem is a proposal: the model fixes its stage
	// and visibility (CheckCreateProblem).
	proposal := create && model.Contributes(u)

	cat := form.Choice{}
	for _, k := range model.Categories {
		cat.Values = append(cat.Values, string(k))
		cat.Names = append(cat.Names, string(k))
	}
	f.fields[FieldCategory] = f.AddChoice(fieldLabel(FieldCategory), cat, "category")

	stage := form.Choice{}
	for _, s := range model.Stages {
		stage.Values = append(stage.Values, string(s))
		stage.Names = append(stage.Names, string(s))
	}
	switch {
	case proposal:
		stage.Locked, stage.Note = true, "members propose at scanning"
	case !create:
		// A stage move needs its reason in the problem's history (SARA):
		// saving the details never moves it.
		stage.Locked, stage.Note = true, "ssh: problem stage, with why"
	}
	f.fields[FieldStage] = f.AddChoice(fieldLabel(FieldStage), stage, "stage")

	pri := form.Choice{}
	for _, p := range model.Priorities {
		pri.Values = append(pri.Values, p.String())
		pri.Names = append(pri.Names, p.String())
	}
	f.fields[FieldPriority] = f.AddChoice(fieldLabel(FieldPriority), pri, "priority")

	known := form.AgencyChoice(agencies, u.Agency, p.LeadAgency)
	lead := form.Choice{Values: append([]string{""}, known.Values...), Names: append([]string{"none"}, known.Names...)}
	f.fields[FieldLead] = f.AddChoice(fieldLabel(FieldLead), lead, "lead agency", "lead_agency", "agency")

	// Visibility offers only what this user may give a problem, as the
	// store's check decides it (model.CheckProblemVisibility).
	vis := form.VisibilityChoice(u, agencies, nil, func(v model.Visibility) bool { return model.CheckProblemVisibility(u, v) == nil })
	if proposal {
		vis.Locked, vis.Note = true, "members' proposals are seen by the whole panel"
	}
	f.fields[FieldVisibility] = f.AddChoice(fieldLabel(FieldVisibility), vis, "visibility")

	for _, fl := range f.fields[FieldCategory:] {
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

// Cite is what a problem made from the crime picture carries into its
// form: the figures to log as evidence, and the focus its plan's
// before/after figures count.
type Cite struct {
	model.Evidence
	Focus model.CrimeFocus
}

// CitedProblem is the form for a new problem p made from the crime
// picture, which logs cite on it once it is created.
func CitedProblem(s ui.Session, st Store, links Links, p model.Problem, cite Cite) *ProblemForm {
	f := Problem(s, st, links, p, true)
	// A new problem starts as "other"; the place's crimes say better.
	f.fields[FieldCategory].Choice.Pick(string(p.Category))
	f.cite = &cite
	return f
}

// Base is the stored problem the form started from, or last loaded.
func (f *ProblemForm) Base() model.Problem { return f.base }

// Cited is what the form will log on the problem it creates (nil: nothing).
func (f *ProblemForm) Cited() *Cite { return f.cite }

// load puts a stored (or template) problem into the fields.
func (f *ProblemForm) load(p model.Problem) {
	f.base = p
	f.fields[FieldTitle].SetValue(ui.SafeLine(p.Title, model.MaxTitleLen))
	f.fields[FieldLocation].SetValue(ui.SafeLine(p.Location, model.MaxLineLen))
	f.fields[FieldDesc].SetValue(ui.SafeText(p.Description))
	cat := ui.SafeLine(string(p.Category), model.MaxLineLen)
	f.fields[FieldCategory].Choice.Set(cat, cat)
	stage := ui.SafeLine(string(p.Stage), model.MaxLineLen)
	f.fields[FieldStage].Choice.Set(stage, stage)
	f.fields[FieldPriority].Choice.Set(p.Priority.String(), p.Priority.String())
	lead := ui.SafeLine(p.LeadAgency, model.MaxLineLen)
	f.fields[FieldLead].Choice.Set(lead, lead)
	f.fields[FieldVisibility].Choice.Set(p.Visibility.String(), ui.VisibilityLabel(p.Visibility))
}

// Draft is the problem the form would save, as typed.
func (f *ProblemForm) Draft() model.Problem {
	p := f.base
	p.Title = f.fields[FieldTitle].Value()
	p.Location = f.fields[FieldLocation].Value()
	p.Description = f.fields[FieldDesc].Value()
	p.Category = model.Category(f.fields[FieldCategory].Value())
	p.Stage = model.Stage(f.fields[FieldStage].Value())
	if pr, err := model.ParsePriority(f.fields[FieldPriority].Value()); err == nil {
		p.Priority = pr
	}
	p.LeadAgency = f.fields[FieldLead].Value()
	if v, err := model.ParseVisibility(f.fields[FieldVisibility].Value()); err == nil {
		p.Visibility = v
	}
	return p
}

func (f *ProblemForm) Init() tea.Cmd   { return f.FocusFirst() }
func (f *ProblemForm) Capturing() bool { return true }
func (f *ProblemForm) Title() string   { return "Problem form" }

func (f *ProblemForm) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case problemSavedMsg:
		return f.saved(msg)
	case latestMsg:
		return f.latest(msg)
	case ui.StoreChanged:
		if f.create {
			return nil
		}
		return f.Checking(func(seq int) tea.Cmd { return latestCmd(f.c.st, f.c.User(), f.base.ID, seq, false) })
	}
	return f.Handle(msg, form.Flow{Save: f.save, Reload: f.reload, UseMine: func() { f.Restore(f.Mine) }})
}

func (f *ProblemForm) reload(seq int) tea.Cmd {
	return latestCmd(f.c.st, f.c.User(), f.base.ID, seq, true)
}

func (f *ProblemForm) save() tea.Cmd {
	f.ClearErrors()
	st, by, p := f.c.st, f.c.Actor(), f.Draft()
	if f.create && f.cite != nil {
		cite := *f.cite
		return f.StartSave(func(seq int) tea.Cmd { return saveCitedCmd(st, by, p, cite, seq) })
	}
	create := f.create
	return f.StartSave(func(seq int) tea.Cmd {
		return func() tea.Msg {
			var saved model.Problem
			var err error
			if create {
				saved, err = st.CreateProblem(by, p)
			} else {
				saved, err = st.UpdateProblem(by, p)
			}
			return problemSavedMsg{seq: seq, p: saved, err: err}
		}
	})
}

func (f *ProblemForm) latest(msg latestMsg) tea.Cmd {
	r := msg.p
	st := form.Stored{Seq: msg.seq, Reload: msg.reload, Err: msg.err, By: r.UpdatedBy, At: r.UpdatedAt, Version: r.Version}
	f.TakeStored(st, form.Edited{What: "problem", Gone: problemGone, Base: f.base.Version, Describe: reloadErr, Load: func() { f.load(r) }})
	return nil
}

// reloadErr is a failed read of someone else's version, in words.
func reloadErr(err error) string { return ui.DescribeErr("reload", err) }

func (f *ProblemForm) saved(msg problemSavedMsg) tea.Cmd {
	if !f.SaveAnswered(msg.seq) {
		return nil
	}
	switch {
	case msg.err == nil:
		return ui.Cmd(f.c.links.Saved(msg.p, f.create))
	case f.Conflicted(msg.err):
		return nil
	case !f.create && errors.Is(msg.err, model.ErrNotFound):
		f.Banner = "This problem is no longer on your board (removed or restricted). Your text is still here."
		f.Layout()
		return nil
	}
	return f.Fail(msg.err)
}

func (f *ProblemForm) heading() []string {
	st := f.c.Styles()
	var h string
	if f.create {
		h = "New problem in " + ui.SafeName(f.c.Ward().Name)
	} else {
		h = fmt.Sprintf("Editing %s (version %d)", model.ProblemRef(f.base.ID), f.base.Version)
	}
	if f.Saving {
		h += " — saving…"
	}
	return []string{st.Title.Render(h)}
}

// sourceCrimePicture is how a problem made from the crime picture came in.
const sourceCrimePicture model.ProblemSource = "crime-picture"

// saveCitedCmd creates the problem, records in its plan that it came from
// the crime picture and the focus its figures count (for those who may
// write the plan: a resident's proposal leaves that to the officers), then
// logs the cited figures on it: a fact, or for a resident (who adds
// reports) a report. Writes as a person would make them, one after the
// other; if a later one fails the problem stands, the rest are not tried,
// and the status line says which failed.
func saveCitedCmd(st Store, by model.Actor, p model.Problem, cite Cite, seq int) tea.Cmd {
	return func() tea.Msg {
		saved, err := st.CreateProblem(by, p)
		if err != nil {
			return problemSavedMsg{seq: seq, err: err}
		}
		done := problemSavedMsg{seq: seq, p: saved}
		failed := func(op string, err error) tea.Msg {
			return tea.Sequence(ui.Cmd(done), ui.Cmd(ui.Err{Op: op, Err: err}))()
		}
		if model.CheckEditPlan(by.User, saved, nil, saved.Visibility) == nil {
			if _, err := st.SetPlanScan(by, saved.ID, sourceCrimePicture, cite.Focus); err != nil {
				return failed("recording that it came from the crime picture", err)
			}
		}
		ev := cite.Evidence
		ev.ProblemID, ev.Ward = saved.ID, saved.Ward
		ev.Kind = model.EvidenceFact
		if model.CheckAddEvidence(by.User, model.Evidence{ProblemID: saved.ID, Ward: saved.Ward, Kind: model.EvidenceFact,
			Visibility: saved.Visibility}, saved) != nil {
			ev.Kind = model.EvidenceReport
		}
		if _, err := st.AddEvidence(by, ev); err != nil {
			return failed("logging the crime figures as evidence", err)
		}
		return done
	}
}
