package tui

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/cli"
	"wardpanel/tui/form"
)

// evidenceForm adds an entry to a problem's evidence log: a fact, a report
// or an opinion, kept apart. Residents add reports, to the whole panel.
type evidenceForm struct {
	*form.Sheet
	c       *common
	problem model.Problem

	kind, occurred, text, vis *form.Field
}

func newEvidenceForm(c *common, p model.Problem) *evidenceForm {
	f := &evidenceForm{Sheet: form.NewSheet(c), c: c, problem: p}
	u := c.user
	allowed := func(k model.EvidenceKind, v model.Visibility) bool {
		return model.CheckAddEvidence(u, model.Evidence{Ward: p.Ward, ProblemID: p.ID, Kind: k, Visibility: v}, p) == nil
	}
	var kinds form.Choice
	for _, k := range model.EvidenceKinds {
		if allowed(k, p.Visibility) || allowed(k, model.Panel) {
			kinds.Values = append(kinds.Values, string(k))
			kinds.Names = append(kinds.Names, evidenceKindName(k))
		}
	}
	kinds.Pick(string(model.EvidenceReport))
	if len(kinds.Values) == 1 {
		kinds.Locked, kinds.Note = true, "residents add reports"
	}
	f.kind = f.AddChoice("Kind", kinds, "kind")
	f.occurred = f.AddLine("Happened on", "2026-03-01 or -3", 20, "occurred", "date")
	f.occurred.InputW = 11
	f.occurred.Hint = func(s string, room int) string {
		if s == "" {
			return ""
		}
		d, err := form.ParseOccurred(s, c.today())
		return form.DateHint(d, err, "2026-03-01 or -3", room)
	}
	f.occurred.SetValue(dateLabel(c.today()))
	f.text = f.AddText("What", "what happened, was seen, or is thought — and by whom", "text")
	vis := form.VisibilityChoice(u, c.agencies, []model.Visibility{p.Visibility}, func(v model.Visibility) bool {
		return allowed(model.EvidenceReport, v) || allowed(model.EvidenceFact, v)
	})
	vis.Pick(p.Visibility.String())
	if len(vis.Values) == 1 {
		vis.Locked, vis.Note = true, "as the problem"
		if u.Role == model.RoleMember {
			vis.Note = "residents' reports are seen by the whole panel"
		}
	}
	f.vis = f.AddChoice("Visible to", vis, "visibility")
	f.Heading = f.headingLines
	f.Restyle()
	f.Layout()
	return f
}

// evidenceKindName says what each kind is for, as it is chosen.
func evidenceKindName(k model.EvidenceKind) string {
	switch k {
	case model.EvidenceFact:
		return "fact — observed or recorded"
	case model.EvidenceReport:
		return "report — what someone says happened"
	case model.EvidenceOpinion:
		return "opinion — what someone thinks"
	}
	return string(k)
}

func (f *evidenceForm) Init() tea.Cmd   { return f.FocusFirst() }
func (f *evidenceForm) capturing() bool { return true }

func (f *evidenceForm) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case evidenceSavedMsg:
		if !f.SaveAnswered(msg.seq) {
			return nil
		}
		if msg.err == nil {
			return msgCmd(taskSavedMsg{text: fmt.Sprintf("Added %s to problem %s",
				cli.Article(safeLine(string(msg.e.Kind), model.MaxLineLen)), model.ProblemRef(f.problem.ID))})
		}
		return f.Fail(msg.err)
	case formLatestMsg:
		if f.LatestAnswered(msg.seq, false) && errors.Is(msg.err, model.ErrNotFound) {
			f.Info = "This problem is no longer visible to you, so saving will fail. Your text is still here."
			f.Layout()
		}
		return nil
	case StoreChangedMsg:
		return f.Checking(func(seq int) tea.Cmd { return latestCmd(f.c.store, f.c.user, f.problem.ID, seq, false) })
	}
	return f.Handle(msg, form.Flow{Save: f.save})
}

func (f *evidenceForm) save() tea.Cmd {
	f.ClearErrors()
	e := model.Evidence{
		ProblemID: f.problem.ID, Ward: f.problem.Ward,
		Kind: model.EvidenceKind(f.kind.Value()), Text: f.text.Value(),
	}
	if v, err := model.ParseVisibility(f.vis.Value()); err == nil {
		e.Visibility = v
	}
	occurred, err := form.ParseOccurred(f.occurred.Value(), f.c.today())
	if err != nil {
		return f.Fail(err)
	}
	e.Occurred = occurred
	return f.StartSave(func(seq int) tea.Cmd { return addEvidenceCmd(f.c.store, f.c.actor, e, seq) })
}

func (f *evidenceForm) headingLines() []string {
	st := &f.c.styles
	h := fmt.Sprintf("Evidence for %s %s", model.ProblemRef(f.problem.ID), safeLine(f.problem.Title, model.MaxTitleLen))
	if f.Saving {
		h = "Saving… " + h
	}
	return []string{st.Title.Render(trunc(h, f.Width()))}
}
