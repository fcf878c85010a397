package inbox

import (
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// Reader is what the inbox reads: the store's permission-checked lists,
// nothing unfiltered. *store.Store and the TUI's Store satisfy it.
type Reader interface {
	Actions(viewer model.User, ward string) ([]model.Action, error)
	Problems(viewer model.User, ward string) ([]model.Problem, error)
	Meetings(viewer model.User, ward string) ([]model.Meeting, error)
	Priorities(viewer model.User, ward string) (model.WardPriorities, error)
	Updates(viewer model.User, meetingID model.ID) ([]model.Update, error)
}

// Read gathers u's inbox across u's wards as of now, over the last
// model.InboxWindow. The panel, plain mode and `ssh host inbox` all use it.
func Read(st Reader, u model.User, now time.Time) (model.Inbox, error) {
	r, err := gather(st, u, now)
	return r.b, err
}

// read is the inbox with, for each update asked of the user, the record
// it is asked on and whether the model lets them post it now.
type read struct {
	b     model.Inbox
	asked map[askKey]asked
}

type askKey struct {
	kind model.RecordKind
	id   model.ID
}

// asked is what the panel needs of an update asked: the record to open,
// the meeting it goes to, and the model's answer to posting it.
type asked struct {
	action  *model.Action
	problem *model.Problem
	meeting model.Meeting
	err     error
}

func gather(st Reader, u model.User, now time.Time) (read, error) {
	r := read{asked: map[askKey]asked{}}
	var actions []model.Action
	var problems []model.Problem
	var meetings []model.Meeting
	var ups []model.AskedUpdate
	for _, ward := range u.Wards {
		as, err := st.Actions(u, ward)
		if err != nil {
			return read{}, err
		}
		ps, err := st.Problems(u, ward)
		if err != nil {
			return read{}, err
		}
		ms, err := st.Meetings(u, ward)
		if err != nil {
			return read{}, err
		}
		actions, problems, meetings = append(actions, as...), append(problems, ps...), append(meetings, ms...)
		a, err := askedUpdates(st, u, ward, as, ps, ms, now, r.asked)
		if err != nil {
			return read{}, err
		}
		ups = append(ups, a...)
	}
	r.b = model.BuildInbox(u, actions, problems, meetings, now.Add(-model.InboxWindow), now)
	r.b.Asked = append(r.b.Asked, ups...)
	return r, nil
}

// askedUpdates are the updates asked of u for ward's next meeting; each
// one's record and the model's answer to posting it go into into.
func askedUpdates(st Reader, u model.User, ward string, as []model.Action, ps []model.Problem, ms []model.Meeting, now time.Time, into map[askKey]asked) ([]model.AskedUpdate, error) {
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
	out := model.UpdatesAsked(u, m, priorities, as, ups)
	for _, a := range out {
		k, ask := askKey{a.Kind, a.ID}, asked{meeting: m, err: model.ErrNotFound}
		if a.Kind == model.RecordProblem {
			if i := slices.IndexFunc(priorities, func(p model.Problem) bool { return p.ID == a.ID }); i >= 0 {
				ask.problem = &priorities[i]
				ask.err = model.CheckPostProblemUpdate(u, *ask.problem, pr, m)
			}
		} else if i := slices.IndexFunc(as, func(x model.Action) bool { return x.ID == a.ID }); i >= 0 {
			ask.action = &as[i]
			ask.err = model.CheckPostActionUpdate(u, *ask.action, m)
		}
		into[k] = ask
	}
	return out, nil
}

// loadedMsg answers a load.
type loadedMsg struct {
	seq int
	r   read
	err error
}

func loadCmd(st Reader, u model.User, now time.Time, seq int) tea.Cmd {
	return func() tea.Msg {
		r, err := gather(st, u, now)
		return loadedMsg{seq: seq, r: r, err: err}
	}
}
