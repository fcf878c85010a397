package tui

import (
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/briefing"
	"wardpanel/tui/updates"
)

// Partner updates before a meeting (issue 21): the form is package
// updates; here are what the session knows of the meeting an update goes
// to, and the router's messages that open and close the form.

// UpdateStore is what partner updates before a meeting need (issue 21):
// *store.Store satisfies it.
type UpdateStore interface {
	updates.Store
	Updates(viewer model.User, meetingID model.ID) ([]model.Update, error)
}

// The TUI's Store is a briefing source: the meeting screen shows the same
// pack `ssh host briefing` prints.
var _ briefing.Source = Store(nil)

// openUpdateMsg asks the root for the update form on one record, for the
// ward's next meeting.
type openUpdateMsg struct{ target updates.Target }

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

// route opens the form for the ward's next meeting.
func (m openUpdateMsg) route(a *app) tea.Cmd { return a.openUpdate(m.target, a.c.news.next) }

// openUpdate places the form for an update on t for meeting m; once it
// posts, the root closes it as it does a saved action.
func (a *app) openUpdate(t updates.Target, m model.Meeting) tea.Cmd {
	done := func(text string) tea.Msg { return taskSavedMsg{text: text} }
	return a.place(screenUpdate, fromUI(updates.NewForm(a.c, a.c.store, t, m, done)))
}
