package tui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/form"
)

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

// fieldFor maps a model.ValidationError's Field to the form field it
// blames, so the message appears under what the user has to change.
func fieldFor(name string) int {
	switch strings.ToLower(name) {
	case "title":
		return fTitle
	case "location":
		return fLocation
	case "description":
		return fDesc
	case "category":
		return fCategory
	case "stage":
		return fStage
	case "priority":
		return fPriority
	case "lead agency", "lead_agency", "agency":
		return fLead
	case "visibility":
		return fVisibility
	}
	return -1
}

// typed is what the user had in the form, kept when they load someone
// else's version so nothing they wrote is lost.
type typed struct {
	title, location, desc string
	choices               [fieldCount]string
}

// problemForm creates or edits a problem. Store errors come back into it: a
// validation error sits under its field, a conflict keeps every word typed
// and offers the other person's version alongside.
type problemForm struct {
	c      *common
	create bool
	// base is the stored problem the edit started from; its Version goes
	// with the save so the store can refuse it if someone saved since.
	base model.Problem

	title    textinput.Model
	location textinput.Model
	desc     textarea.Model
	choices  [fieldCount]form.Choice

	focus    int
	errs     [fieldCount]string
	banner   string // an error about the whole form
	info     string // news that is not an error
	conflict *model.ConflictError
	newer    bool // someone saved since the form opened
	mine     *typed
	// original is what the form held before the user's first key.
	original *typed
	saving   bool
	// reloading: ctrl+r's read is on its way; a store change must not
	// start a check that would make its answer look stale.
	reloading bool
	saveSeq   int
	checkSeq  int
	// cite, when set, is logged as evidence on the problem the form
	// creates: the crime picture's figures behind it, with the focus its
	// plan counts (crimes.go).
	cite *crimeCite

	width, height int
}

func newForm(c *common, p model.Problem, create bool, agencies []model.Agency) *problemForm {
	f := &problemForm{c: c, create: create, base: p}

	f.title = textinput.New()
	// Two spaces line text up with the choices, which need them for < >.
	f.title.Prompt = "  "
	f.title.Placeholder = "what keeps happening, and where"
	f.location = textinput.New()
	f.location.Prompt = "  "
	f.location.Placeholder = "street, block, park…"
	// Longer locations would be cut by model.CleanLine on save; stopping
	// the typing is visible, a silent cut is not.
	f.location.CharLimit = model.MaxLineLen
	f.desc = textarea.New()
	f.desc.ShowLineNumbers = false
	f.desc.Placeholder = "what happens, when, who is affected"
	f.desc.CharLimit = model.MaxTextLen
	f.desc.MaxHeight = 0 // 0 lifts the textarea's default 99-line cap on content
	for _, km := range []*textinput.KeyMap{&f.title.KeyMap, &f.location.KeyMap} {
		km.Paste.Unbind() // ctrl+v would read the server's clipboard; terminal paste still works
	}
	f.desc.KeyMap.Paste.Unbind()
	f.desc.KeyMap.CopySelection.Unbind()
	f.restyle()

	u := c.user
	memberProposal := create && u.Role == model.RoleMember

	cat := form.Choice{}
	for _, k := range model.Categories {
		cat.Values = append(cat.Values, string(k))
		cat.Names = append(cat.Names, string(k))
	}
	f.choices[fCategory] = cat

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
	f.choices[fStage] = stage

	pri := form.Choice{}
	for _, p := range model.Priorities {
		pri.Values = append(pri.Values, p.String())
		pri.Names = append(pri.Names, p.String())
	}
	f.choices[fPriority] = pri

	known := form.AgencyChoice(agencies, u.Agency, p.LeadAgency)
	lead := form.Choice{Values: append([]string{""}, known.Values...), Names: append([]string{"none"}, known.Names...)}
	f.choices[fLead] = lead

	// Visibility offers only what this user may give a problem, as the
	// store's check decides it (model.CheckProblemVisibility).
	vis := form.VisibilityChoice(u, agencies, nil, func(v model.Visibility) bool { return model.CheckProblemVisibility(u, v) == nil })
	if memberProposal {
		vis.Locked, vis.Note = true, "members' proposals are seen by the whole panel"
	}
	f.choices[fVisibility] = vis

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
	f.title.SetValue(safeLine(p.Title, model.MaxTitleLen))
	f.location.SetValue(safeLine(p.Location, model.MaxLineLen))
	f.desc.SetValue(safeText(p.Description))
	cat := safeLine(string(p.Category), model.MaxLineLen)
	f.choices[fCategory].Set(cat, cat)
	stage := safeLine(string(p.Stage), model.MaxLineLen)
	f.choices[fStage].Set(stage, stage)
	f.choices[fPriority].Set(p.Priority.String(), p.Priority.String())
	lead := safeLine(p.LeadAgency, model.MaxLineLen)
	f.choices[fLead].Set(lead, lead)
	f.choices[fVisibility].Set(p.Visibility.String(), visibilityLabel(p.Visibility))
}

func (f *problemForm) snapshot() *typed {
	t := &typed{title: f.title.Value(), location: f.location.Value(), desc: f.desc.Value()}
	for i := fCategory; i < fieldCount; i++ {
		t.choices[i] = f.choices[i].Value()
	}
	return t
}

func (f *problemForm) KeepOriginal() {
	if f.original == nil {
		f.original = f.snapshot()
	}
}

func (f *problemForm) Edited() bool { return f.original != nil && *f.original != *f.snapshot() }

func (f *problemForm) applyMine() {
	t := f.mine
	f.title.SetValue(t.title)
	f.location.SetValue(t.location)
	f.desc.SetValue(t.desc)
	for i := fCategory; i < fieldCount; i++ {
		if !f.choices[i].Locked {
			f.choices[i].Pick(t.choices[i])
		}
	}
	f.mine = nil
	f.info = "Your text is back in the form, over their version. Save to keep it."
	f.layout()
}

// build is the problem the form would save.
func (f *problemForm) build() model.Problem {
	p := f.base
	p.Title = f.title.Value()
	p.Location = f.location.Value()
	p.Description = f.desc.Value()
	p.Category = model.Category(f.choices[fCategory].Value())
	p.Stage = model.Stage(f.choices[fStage].Value())
	if pr, err := model.ParsePriority(f.choices[fPriority].Value()); err == nil {
		p.Priority = pr
	}
	p.LeadAgency = f.choices[fLead].Value()
	if v, err := model.ParseVisibility(f.choices[fVisibility].Value()); err == nil {
		p.Visibility = v
	}
	return p
}

func (f *problemForm) restyle() {
	st := &f.c.styles
	f.title.SetStyles(st.TextInput)
	f.location.SetStyles(st.TextInput)
	f.desc.SetStyles(st.TextArea)
}

func (f *problemForm) Init() tea.Cmd { return f.focusField(fTitle) }

func (f *problemForm) capturing() bool { return true }

func (f *problemForm) SetSize(w, h int) {
	f.width, f.height = w, h
	f.layout()
}

func (f *problemForm) layout() {
	inputW := max(1, f.width-form.LabelWidth-2-1)
	f.title.SetWidth(inputW)
	f.location.SetWidth(inputW)
	f.desc.SetWidth(max(1, f.width))
	used := 1 + len(f.topLines()) + 8
	for i := range f.errs {
		used += len(f.errLines(i))
	}
	f.desc.SetHeight(clamp(f.height-used, 2, 10))
}

func (f *problemForm) ShortHelp() []key.Binding {
	k := f.c.keys
	out := []key.Binding{k.Save, k.Cancel, k.NextField}
	if f.isChoice(f.focus) {
		out = append(out, k.ChoiceNext)
	}
	if f.canReload() {
		out = append(out, k.Reload)
	}
	if f.mine != nil {
		out = append(out, k.UseMine)
	}
	return out
}

func (f *problemForm) FullHelp() [][]key.Binding {
	k := f.c.keys
	extra := []key.Binding{}
	if f.canReload() {
		extra = append(extra, k.Reload)
	}
	if f.mine != nil {
		extra = append(extra, k.UseMine)
	}
	return [][]key.Binding{
		{k.Save, k.Cancel, k.ForceQuit},
		{k.NextField, k.PrevField, k.ChoicePrev, k.ChoiceNext},
		extra,
	}
}

func (f *problemForm) isChoice(i int) bool { return i >= fCategory && i < fieldCount }

func (f *problemForm) canReload() bool {
	return !f.create && !f.saving && (f.conflict != nil || f.newer)
}

// next finds the next field in direction d that can take focus.
func (f *problemForm) next(d int) int {
	i := f.focus
	for range fieldCount {
		i = (i + d + fieldCount) % fieldCount
		if !f.isChoice(i) || !f.choices[i].Locked {
			return i
		}
	}
	return f.focus
}

func (f *problemForm) focusField(i int) tea.Cmd {
	f.focus = i
	f.title.Blur()
	f.location.Blur()
	f.desc.Blur()
	switch i {
	case fTitle:
		return f.title.Focus()
	case fLocation:
		return f.location.Focus()
	case fDesc:
		return f.desc.Focus()
	}
	return nil
}

func (f *problemForm) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case formSavedMsg:
		return f.saved(msg)
	case formLatestMsg:
		return f.latest(msg)
	case StoreChangedMsg:
		// Warn early that a save will conflict, rather than at ctrl+s.
		if f.create || f.saving || f.reloading {
			return nil
		}
		f.checkSeq = f.c.nextSeq()
		return latestCmd(f.c.store, f.c.user, f.base.ID, f.checkSeq, false)
	case tea.PasteMsg:
		return f.updateFocused(msg)
	case tea.KeyPressMsg:
		return f.key(msg)
	}
	return nil
}

func (f *problemForm) key(msg tea.KeyPressMsg) tea.Cmd {
	k := f.c.keys
	switch {
	case key.Matches(msg, k.Save):
		return f.save()
	case key.Matches(msg, k.Cancel):
		if f.saving {
			return nil // the save is already on its way; its answer decides
		}
		return msgCmd(backMsg{})
	case key.Matches(msg, k.Reload):
		if f.canReload() {
			f.reloading = true
			f.checkSeq = f.c.nextSeq()
			return latestCmd(f.c.store, f.c.user, f.base.ID, f.checkSeq, true)
		}
		return nil
	case key.Matches(msg, k.UseMine):
		if f.mine != nil {
			f.applyMine()
		}
		return nil
	case key.Matches(msg, k.NextField):
		return f.focusField(f.next(1))
	case key.Matches(msg, k.PrevField):
		return f.focusField(f.next(-1))
	}
	switch {
	case f.focus == fDesc:
		return f.updateFocused(msg)
	case f.isChoice(f.focus):
		switch {
		case key.Matches(msg, k.ChoicePrev):
			f.choices[f.focus].Step(-1)
		case key.Matches(msg, k.ChoiceNext):
			f.choices[f.focus].Step(1)
		case key.Matches(msg, k.FieldDown), key.Matches(msg, k.Open):
			return f.focusField(f.next(1))
		case key.Matches(msg, k.FieldUp):
			return f.focusField(f.next(-1))
		}
		return nil
	default:
		switch {
		case key.Matches(msg, k.FieldDown), key.Matches(msg, k.Open):
			return f.focusField(f.next(1))
		case key.Matches(msg, k.FieldUp):
			return f.focusField(f.next(-1))
		}
		return f.updateFocused(msg)
	}
}

func (f *problemForm) updateFocused(msg tea.Msg) tea.Cmd {
	msg = cleanInput(msg)
	var cmd tea.Cmd
	switch f.focus {
	case fTitle:
		f.title, cmd = f.title.Update(msg)
	case fLocation:
		f.location, cmd = f.location.Update(msg)
	case fDesc:
		f.desc, cmd = f.desc.Update(msg)
	}
	return cmd
}

func (f *problemForm) save() tea.Cmd {
	if f.saving {
		return nil
	}
	f.saving = true
	f.errs = [fieldCount]string{}
	f.banner = ""
	f.saveSeq = f.c.nextSeq()
	f.layout()
	if f.create && f.cite != nil {
		return saveCitedCmd(f.c.store, f.c.actor, f.build(), *f.cite, f.saveSeq)
	}
	return saveCmd(f.c.store, f.c.actor, f.build(), f.create, f.saveSeq)
}

func (f *problemForm) saved(msg formSavedMsg) tea.Cmd {
	if msg.seq != f.saveSeq || !f.saving {
		return nil
	}
	f.saving = false
	if msg.err == nil {
		return msgCmd(savedMsg{p: msg.p, created: f.create})
	}
	var (
		ve *model.ValidationError
		ce *model.ConflictError
		fe *model.ForbiddenError
	)
	switch {
	case errors.As(msg.err, &ce):
		f.conflict = ce
		f.banner = fmt.Sprintf("Changed by %s at %s since you started — press ctrl+r to load their version (your text stays below).",
			safeName(ce.By), ce.At.Format("15:04"))
	case errors.As(msg.err, &ve):
		if i := fieldFor(ve.Field); i >= 0 {
			f.errs[i] = safeLine(ve.Message, model.MaxLineLen)
			f.layout()
			return f.focusField(i)
		}
		f.banner = safeLine(ve.Error(), model.MaxLineLen)
	case errors.As(msg.err, &fe):
		f.banner = safeLine(fe.Error(), model.MaxLineLen)
	case !f.create && errors.Is(msg.err, model.ErrNotFound):
		f.banner = "This problem is no longer on your board (removed or restricted). Your text is still here."
	default:
		f.banner = "Could not save: " + safeLine(msg.err.Error(), model.MaxLineLen) + ". Your text is still here."
	}
	f.layout()
	return nil
}

func (f *problemForm) latest(msg formLatestMsg) tea.Cmd {
	if msg.seq != f.checkSeq {
		return nil
	}
	if msg.reload {
		f.reloading = false
	}
	if !msg.reload {
		if errors.Is(msg.err, model.ErrNotFound) {
			f.info = "This problem is no longer on your board (removed or restricted), so saving will fail. Your text is still here."
			f.layout()
			return nil
		}
		if msg.err == nil && msg.p.Version > f.base.Version && f.conflict == nil {
			f.newer = true
			f.info = fmt.Sprintf("%s changed this problem at %s. Saving will ask you to reload; ctrl+r loads theirs now (your text stays).",
				safeName(msg.p.UpdatedBy), msg.p.UpdatedAt.Format("15:04"))
			f.layout()
		}
		return nil
	}
	if msg.err != nil {
		f.banner = "Could not load their version: " + safeLine(describeErr("reload", msg.err), model.MaxLineLen)
		f.layout()
		return nil
	}
	f.mine = f.snapshot()
	f.load(msg.p)
	f.conflict = nil
	f.newer = false
	f.banner = ""
	f.info = fmt.Sprintf("Showing %s's version %d. Your text is below: ctrl+o puts it back in the form.",
		safeName(msg.p.UpdatedBy), msg.p.Version)
	f.layout()
	return nil
}

func (f *problemForm) heading() string {
	st := &f.c.styles
	var h string
	if f.create {
		h = "New problem in " + safeName(f.c.ward.Name)
	} else {
		h = fmt.Sprintf("Editing %s (version %d)", model.ProblemRef(f.base.ID), f.base.Version)
	}
	if f.saving {
		h += " — saving…"
	}
	return st.Title.Render(h)
}

// topLines are the messages pinned above the fields, wrapped to the width.
func (f *problemForm) topLines() []string {
	var out []string
	for _, l := range wrap(f.banner, f.width) {
		if l != "" {
			out = append(out, f.c.styles.Banner.Render(l))
		}
	}
	for _, l := range wrap(f.info, f.width) {
		if l != "" {
			out = append(out, f.c.styles.Notice.Render(l))
		}
	}
	return append(out, f.mineLines()...)
}

func (f *problemForm) errLines(i int) []string {
	if f.errs[i] == "" {
		return nil
	}
	var out []string
	for _, l := range wrap("! "+f.errs[i], max(1, f.width-form.LabelWidth)) {
		out = append(out, strings.Repeat(" ", form.LabelWidth)+f.c.styles.Error.Render(l))
	}
	return out
}

func (f *problemForm) label(i int) string {
	st := &f.c.styles
	if i == f.focus {
		return st.FieldLabelFocused.Render(fit("> "+fieldLabel(i), form.LabelWidth))
	}
	return st.FieldLabel.Render(fit("  "+fieldLabel(i), form.LabelWidth))
}

func (f *problemForm) choiceView(i int) string {
	st := &f.c.styles
	c := f.choices[i]
	name := c.Names[c.Idx]
	switch {
	case c.Locked:
		return st.Value.Render(name) + st.Muted.Render(" ("+c.Note+")")
	case i == f.focus:
		return st.ChoiceFocused.Render("< " + name + " >")
	}
	return st.Choice.Render("  " + name)
}

func (f *problemForm) View() string {
	top := append([]string{f.heading()}, f.topLines()...)

	var lines []string
	var ranges [fieldCount][2]int
	for i := range fieldCount {
		start := len(lines)
		switch i {
		case fTitle:
			lines = append(lines, f.label(i)+f.title.View())
		case fLocation:
			lines = append(lines, f.label(i)+f.location.View())
		case fDesc:
			lines = append(lines, f.label(i))
			lines = append(lines, strings.Split(f.desc.View(), "\n")...)
		default:
			lines = append(lines, f.label(i)+f.choiceView(i))
		}
		lines = append(lines, f.errLines(i)...)
		ranges[i] = [2]int{start, len(lines)}
	}

	// Small screens show a window of the fields that always includes the
	// focused one; the heading and messages stay pinned above it.
	avail := f.height - len(top)
	if avail > 0 && len(lines) > avail {
		r := ranges[f.focus]
		off := clamp(r[1]-avail, 0, r[0])
		lines = lines[off:]
	}
	return block(append(top, lines...), f.width, f.height)
}

// mineLines show what the user had typed before loading another version,
// pinned above the fields. A third of the screen at most: ctrl+o restores
// all of it, however much is shown.
func (f *problemForm) mineLines() []string {
	if f.mine == nil {
		return nil
	}
	st := &f.c.styles
	w := max(1, f.width)
	var body []string
	add := func(label, value, now string) {
		// Only what differs from the form: a field they left as you had
		// it would otherwise show twice (issue 17).
		if value == "" || value == now {
			return
		}
		// +2 lines values up with the fields' values, which sit after a prompt.
		indent := form.LabelWidth + 2
		for i, l := range wrap(value, max(1, w-indent)) {
			lead := strings.Repeat(" ", indent)
			if i == 0 {
				lead = st.Label.Render(fit("  "+label, indent))
			}
			body = append(body, lead+st.Value.Render(l))
		}
	}
	// No cap on runes here: this is the user's own text.
	add("Title", safeLine(f.mine.title, 0), safeLine(f.title.Value(), 0))
	add("Location", safeLine(f.mine.location, 0), safeLine(f.location.Value(), 0))
	add("Description", safeText(f.mine.desc), safeText(f.desc.Value()))
	if len(body) == 0 {
		return nil
	}
	room := max(1, f.height/3-1)
	if len(body) > room {
		body = append(body[:max(0, room-1)], st.Muted.Render("  … more below what fits here"))
	}
	return append([]string{st.Notice.Render(trunc("Your text (ctrl+o puts it back):", w))}, body...)
}
