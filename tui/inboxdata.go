package tui

import (
	"slices"
	"time"

	"wardpanel/model"
)

// InboxReader is what the inbox reads: the store's permission-checked
// lists, nothing unfiltered. *store.Store and the TUI's Store satisfy it.
type InboxReader interface {
	Actions(viewer model.User, ward string) ([]model.Action, error)
	Problems(viewer model.User, ward string) ([]model.Problem, error)
	Meetings(viewer model.User, ward string) ([]model.Meeting, error)
	Priorities(viewer model.User, ward string) (model.WardPriorities, error)
	Updates(viewer model.User, meetingID model.ID) ([]model.Update, error)
}

// ReadInbox gathers u's inbox across u's wards as of now, over the last
// model.InboxWindow. The TUI's panel and `ssh host inbox` both use it.
func ReadInbox(st InboxReader, u model.User, now time.Time) (model.Inbox, error) {
	var actions []model.Action
	var problems []model.Problem
	var meetings []model.Meeting
	var asked []model.AskedUpdate
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
		a, err := askedUpdates(st, u, ward, as, ps, ms, now)
		if err != nil {
			return model.Inbox{}, err
		}
		asked = append(asked, a...)
	}
	b := model.BuildInbox(u, actions, problems, meetings, now.Add(-model.InboxWindow), now)
	b.Asked = append(b.Asked, asked...)
	return b, nil
}

// askedUpdates are the updates asked of u for ward's next meeting.
func askedUpdates(st InboxReader, u model.User, ward string, as []model.Action, ps []model.Problem, ms []model.Meeting, now time.Time) ([]model.AskedUpdate, error) {
	m, ok := model.NextMeeting(ms, ward, now)
	if !ok {
		return nil, nil
	}
	pr, err := st.Priorities(u, ward)
	if err != nil {
		return nil, err
	}
	priorities := slices.DeleteFunc(slices.Clone(ps), func(p model.Problem) bool { return !slices.Contains(pr.Problems, p.ID) })
	ups, err := st.Updates(u, m.ID)
	if err != nil {
		return nil, err
	}
	return model.UpdatesAsked(u, m, priorities, as, ups), nil
}
