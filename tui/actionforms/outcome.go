package actionforms

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/form"
	"wardpanel/tui/ui"
)

// OutcomeForm logs what was done on an action. Outcomes are appended,
// never edited, so there is no version to conflict with; a change to the
// action meanwhile is only news, and what is typed stays.
type OutcomeForm struct {
	*form.Sheet
	c      *env
	action model.Action

	text, result *form.Field
	publish      *form.Field // nil unless the user's agency owns the action (issue 22)
}

// Outcome is the form that logs an outcome on a.
func Outcome(s ui.Session, st Store, links Links, a model.Action) *OutcomeForm {
	c := newEnv(s, st, links)
	f := &OutcomeForm{Sheet: form.NewSheet(s), c: c, action: a}
	f.text = f.AddText("Outcome", "what was done, and what changed", "outcome", "text")
	var kinds form.Choice
	for _, k := range model.ResultKinds {
		kinds.Values = append(kinds.Values, string(k))
		kinds.Names = append(kinds.Names, string(k))
	}
	kinds.Pick("other")
	f.result = f.AddChoice("Result", kinds, "result")
	if model.CheckMarkPublishable(c.User(), a) == nil {
		f.publish = f.AddChoice("Publish", form.Choice{Values: []string{"no", "yes"}, Names: []string{"no: for the panel", "yes: residents read it in you said, we did"}}, "publishable")
	}
	f.Heading = f.headingLines
	f.Restyle()
	f.Layout()
	return f
}

func (f *OutcomeForm) Init() tea.Cmd   { return f.FocusFirst() }
func (f *OutcomeForm) Capturing() bool { return true }
func (f *OutcomeForm) Title() string   { return "Outcome" }

func (f *OutcomeForm) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case outcomeSavedMsg:
		if !f.SaveAnswered(msg.seq) {
			return nil
		}
		if msg.err == nil {
			return f.c.done(fmt.Sprintf("Logged an outcome (%s) on action %s",
				ui.SafeLine(string(msg.o.Result), model.MaxLineLen), model.ActionRef(f.action.ID)), f.action.ID)
		}
		return f.Fail(msg.err)
	case latestMsg:
		if !f.LatestAnswered(msg.seq, false) {
			return nil
		}
		switch {
		case errors.Is(msg.err, model.ErrNotFound):
			f.Info = "This action is no longer visible to you, so logging will fail. Your text is still here."
		case msg.err == nil && msg.a.Version > f.action.Version:
			f.Info = fmt.Sprintf("%s changed this action at %s (now %s). Your text is still here.",
				ui.SafeName(msg.a.UpdatedBy), msg.a.UpdatedAt.Format("15:04"), ui.SafeLine(string(msg.a.Status), model.MaxLineLen))
			f.action = msg.a
		}
		f.Layout()
		return nil
	case ui.StoreChanged:
		return f.Checking(func(seq int) tea.Cmd { return latestCmd(f.c.st, f.c.User(), f.action.ID, seq, false) })
	}
	return f.Handle(msg, form.Flow{Save: f.save})
}

func (f *OutcomeForm) save() tea.Cmd {
	f.ClearErrors()
	o := model.Outcome{Text: f.text.Value(), Result: model.ResultKind(f.result.Value()),
		Publishable: f.publish != nil && f.publish.Value() == "yes"}
	return f.StartSave(func(seq int) tea.Cmd { return outcomeCmd(f.c.st, f.c.Actor(), f.action.ID, o, seq) })
}

func (f *OutcomeForm) headingLines() []string {
	st := f.c.Styles()
	h := "Log an outcome on action " + model.ActionRef(f.action.ID)
	if f.Saving {
		h = "Saving… " + h
	}
	return []string{
		st.Title.Render(ui.Trunc(h, f.Width())),
		st.Value.Render(ui.Trunc(ui.SafeLine(f.action.Title, model.MaxTitleLen), f.Width())),
	}
}
