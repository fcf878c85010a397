// Package updates is the "you said, we did" form (issue 21): `u` on an
// action's or a priority's detail, or on an ask in the inbox, opens a
// one-field form that posts an update for the ward's next meeting, as
// `ssh host update A5 …` does. Whether the key is offered is the model's
// rule (model.CheckPostActionUpdate, CheckPostProblemUpdate), asked by
// the screen that offers it; the store checks it again on the write.
package updates

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/form"
	"wardpanel/tui/ui"
)

// FormID is the form's line in the table.
const FormID = "update"

// Store is the form's one write.
type Store interface {
	PostUpdate(by model.Actor, kind model.RecordKind, id model.ID, text string) (model.Update, model.Meeting, error)
}

// Target is the record an update is about, and its title as shown.
type Target struct {
	Kind  model.RecordKind
	ID    model.ID
	Title string
}

// Form posts one update. Updates are appended, so there is no version to
// conflict with.
type Form struct {
	*form.Sheet
	s       ui.Session
	st      Store
	target  Target
	meeting model.Meeting
	text    *form.Field
	// done closes the form, which posted: text for the status line.
	done func(text string) tea.Msg
}

var _ ui.Screen = (*Form)(nil)

// NewForm makes the form for an update on t for meeting m, afresh each
// time it opens; done is the router's message that closes it once posted.
func NewForm(s ui.Session, st Store, t Target, m model.Meeting, done func(text string) tea.Msg) *Form {
	f := &Form{Sheet: form.NewSheet(s), s: s, st: st, target: t, meeting: m, done: done}
	f.text = f.AddText("Update", "what has happened since the last meeting, in a few lines", "update", "text")
	f.text.Text.CharLimit = model.MaxUpdateLen
	f.Heading = f.headingLines
	f.Restyle()
	f.Layout()
	return f
}

func (f *Form) Init() tea.Cmd   { return f.FocusFirst() }
func (f *Form) Capturing() bool { return true }
func (f *Form) Title() string   { return "Update" }

func (f *Form) headingLines() []string {
	st := f.s.Styles()
	h := fmt.Sprintf("Update on %s for %s", model.RecordRef(f.target.Kind, f.target.ID), ui.SafeLine(f.meeting.Title, model.MaxTitleLen))
	if f.Saving {
		h = "Posting… " + h
	}
	return []string{
		st.Title.Render(ui.Trunc(h, f.Width())),
		st.Value.Render(ui.Trunc(ui.SafeLine(f.target.Title, model.MaxTitleLen), f.Width())),
	}
}

// postedMsg answers the form's post: m is the meeting it went to.
type postedMsg struct {
	seq int
	m   model.Meeting
	err error
}

func (f *Form) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(postedMsg); ok {
		if !f.SaveAnswered(msg.seq) {
			return nil
		}
		if msg.err == nil {
			return ui.Cmd(f.done(fmt.Sprintf("Posted your update on %s for %s", model.RecordRef(f.target.Kind, f.target.ID),
				ui.SafeLine(msg.m.Title, model.MaxTitleLen))))
		}
		return f.Fail(msg.err)
	}
	return f.Handle(msg, form.Flow{Save: f.save})
}

func (f *Form) save() tea.Cmd {
	f.ClearErrors()
	st, by, t, text := f.st, f.s.Actor(), f.target, f.text.Value()
	return f.StartSave(func(seq int) tea.Cmd {
		return func() tea.Msg {
			_, m, err := st.PostUpdate(by, t.Kind, t.ID, text)
			return postedMsg{seq: seq, m: m, err: err}
		}
	})
}
