package tui

import (
	"time"

	"wardpanel/model"
)

// InboxReader is what the inbox reads: the store's permission-checked
// lists, nothing unfiltered. *store.Store and the TUI's Store satisfy it.
type InboxReader interface {
	Actions(viewer model.User, ward string) ([]model.Action, error)
	Problems(viewer model.User, ward string) ([]model.Problem, error)
	Meetings(viewer model.User, ward string) ([]model.Meeting, error)
}

// ReadInbox gathers u's inbox across u's wards as of now, over the last
// model.InboxWindow. The TUI's panel and `ssh host inbox` both use it.
func ReadInbox(st InboxReader, u model.User, now time.Time) (model.Inbox, error) {
	var actions []model.Action
	var problems []model.Problem
	var meetings []model.Meeting
	for _, ward := range u.Wards {
		as, err := st.Actions(u, ward)
		if err != nil {
			return model.Inbox{}, err
		}
		ps, err := st.Problems(u, ward)
		if err != nil {
			return model.Inbox{}, err
		}
		ms, err := st.Meetings(u, ward)
		if err != nil {
			return model.Inbox{}, err
		}
		actions, problems, meetings = append(actions, as...), append(problems, ps...), append(meetings, ms...)
	}
	return model.BuildInbox(u, actions, problems, meetings, now.Add(-model.InboxWindow), now), nil
}
