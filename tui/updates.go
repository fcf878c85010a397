package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/form"
)

// Partner updates before a meeting (issue 21): `u` on an action's or a
// priority's detail opens a one-field form that posts an update for the
// ward's next meeting, as `ssh host update A5 …` does. The key is offered
// exactly when model.CheckPostActionUpdate / CheckPostProblemUpdate allow
// it, against the ward's next meeting and priorities as last loaded.

type (
	// openUpdateMsg asks the root for the update form on one record.
	openUpdateMsg struct {
		kind  model.RecordKind
		id    model.ID
		title string
	}
	updatePostedMsg struct {
		seq int
		up  model.Update
		m   model.Meeting
		err error
	}
)

// nextMeeting is the meeting updates on ward's records go to, as the
// ward's news last read it (zero: none, or news of another ward).
func (c *common) nextMeeting(ward string) model.Meeting {
	if c.news.ward != ward {
		return model.Meeting{}
	}
	return c.news.next
}

// updateContext is what the session knows of ward's next meeting and
// priorities, which the model's rules for updates ask (package records
// asks them of model.CheckPostActionUpdate and CheckPostProblemUpdate).
func (c *common) updateContext(ward string) (model.Meeting, model.WardPriorities) {
	pr := model.WardPriorities{Ward: ward}
	if c.news.ward == ward {
		for _, q := range c.news.priorities {
			pr.Problems = append(pr.Problems, q.ID)
		}
	}
	return c.nextMeeting(ward), pr
}

// updateForm posts one update. Updates are appended, so there is no
// version to conflict with.
type updateForm struct {
	*form.Sheet
	c       *common
	target  openUpdateMsg
	meeting model.Meeting
	text    *form.Field
}

func newUpdateForm(c *common, target openUpdateMsg, m model.Meeting) *updateForm {
	f := &updateForm{Sheet: form.NewSheet(c), c: c, target: target, meeting: m}
	f.text = f.AddText("Update", "what has happened since the last meeting, in a few lines", "update", "text")
	f.text.Text.CharLimit = model.MaxUpdateLen
	f.Heading = f.headingLines
	f.Restyle()
	f.Layout()
	return f
}

func (f *updateForm) Init() tea.Cmd   { return f.FocusFirst() }
func (f *updateForm) capturing() bool { return true }

func (f *updateForm) headingLines() []string {
	st := &f.c.styles
	h := fmt.Sprintf("Update on %s for %s", model.RecordRef(f.target.kind, f.target.id), safeLine(f.meeting.Title, model.MaxTitleLen))
	if f.Saving {
		h = "Posting… " + h
	}
	return []string{
		st.Title.Render(trunc(h, f.Width())),
		st.Value.Render(trunc(safeLine(f.target.title, model.MaxTitleLen), f.Width())),
	}
}

func (f *updateForm) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(updatePostedMsg); ok {
		if !f.SaveAnswered(msg.seq) {
			return nil
		}
		if msg.err == nil {
			return msgCmd(taskSavedMsg{text: fmt.Sprintf("Posted your update on %s for %s", model.RecordRef(f.target.kind, f.target.id),
				safeLine(msg.m.Title, model.MaxTitleLen))})
		}
		return f.Fail(msg.err)
	}
	return f.Handle(msg, form.Flow{Save: f.save})
}

func (f *updateForm) save() tea.Cmd {
	f.ClearErrors()
	st, by, t, text := f.c.store, f.c.actor, f.target, f.text.Value()
	return f.StartSave(func(seq int) tea.Cmd {
		return func() tea.Msg {
			up, m, err := st.PostUpdate(by, t.kind, t.id, text)
			return updatePostedMsg{seq: seq, up: up, m: m, err: err}
		}
	})
}

// route opens the form for the ward's next meeting.
func (m openUpdateMsg) route(a *app) tea.Cmd {
	return a.place(screenUpdate, newUpdateForm(a.c, m, a.c.news.next))
}
