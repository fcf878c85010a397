package problemforms

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/cli"
	"wardpanel/tui/form"
	"wardpanel/tui/ui"
)

// EvidenceForm adds an entry to a problem's evidence log: a fact, a report
// or an opinion, kept apart. Residents add reports, to the whole panel.
type EvidenceForm struct {
	*form.Sheet
	c       *env
	problem model.Problem

	kind, occurred, text, vis *form.Field
}

// Evidence is the form adding an entry to p's evidence log.
func Evidence(s ui.Session, st Store, links Links, p model.Problem) *EvidenceForm {
	c := &env{Session: s, st: st, links: links}
	f := &EvidenceForm{Sheet: form.NewSheet(s), c: c, problem: p}
	u := s.User()
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
	f.occurred = addDate(f.Sheet, "Happened on", "2026-03-01 or -3", form.ParseOccurred, s.Today, "occurred", "date")
	f.occurred.SetValue(ui.DateLabel(s.Today()))
	f.text = f.AddText("What", "what happened, was seen, or is thought — and by whom", "text")
	vis := form.VisibilityChoice(u, links.Agencies(), []model.Visibility{p.Visibility}, func(v model.Visibility) bool {
		return allowed(model.EvidenceReport, v) || allowed(model.EvidenceFact, v)
	})
	vis.Pick(p.Visibility.String())
	if len(vis.Values) == 1 {
		vis.Locked, vis.Note = true, "as the problem"
		if model.Contributes(u) {
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

// Problem is the problem the entry is for.
func (f *EvidenceForm) Problem() model.Problem { return f.problem }

func (f *EvidenceForm) Init() tea.Cmd   { return f.FocusFirst() }
func (f *EvidenceForm) Capturing() bool { return true }
func (f *EvidenceForm) Title() string   { return "Evidence" }

func (f *EvidenceForm) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case evidenceSavedMsg:
		if !f.SaveAnswered(msg.seq) {
			return nil
		}
		if msg.err == nil {
			return ui.Cmd(f.c.links.Done(fmt.Sprintf("Added %s to problem %s",
				cli.Article(ui.SafeLine(string(msg.e.Kind), model.MaxLineLen)), model.ProblemRef(f.problem.ID))))
		}
		return f.Fail(msg.err)
	case latestMsg:
		noteGone(f.Sheet, msg)
		return nil
	case ui.StoreChanged:
		return f.Checking(func(seq int) tea.Cmd { return latestCmd(f.c.st, f.c.User(), f.problem.ID, seq, false) })
	}
	return f.Handle(msg, form.Flow{Save: f.save})
}

func (f *EvidenceForm) save() tea.Cmd {
	f.ClearErrors()
	e := model.Evidence{
		ProblemID: f.problem.ID, Ward: f.problem.Ward,
		Kind: model.EvidenceKind(f.kind.Value()), Text: f.text.Value(),
	}
	if v, err := model.ParseVisibility(f.vis.Value()); err == nil {
		e.Visibility = v
	}
	occurred, err := form.ParseOccurred(f.occurred.Value(), f.c.Today())
	if err != nil {
		return f.Fail(err)
	}
	e.Occurred = occurred
	st, by := f.c.st, f.c.Actor()
	return f.StartSave(func(seq int) tea.Cmd {
		return func() tea.Msg {
			saved, err := st.AddEvidence(by, e)
			return evidenceSavedMsg{seq: seq, e: saved, err: err}
		}
	})
}

func (f *EvidenceForm) headingLines() []string {
	return savingHeading(f.Sheet, f.c.Styles(), fmt.Sprintf("Evidence for %s %s", model.ProblemRef(f.problem.ID), ui.SafeLine(f.problem.Title, model.MaxTitleLen)))
}

// savingHeading is a sheet's one heading line, which says when a save is
// on its way.
func savingHeading(s *form.Sheet, st *ui.Styles, h string) []string {
	if s.Saving {
		h = "Saving… " + h
	}
	return []string{st.Title.Render(ui.Trunc(h, s.Width()))}
}
