package tui

import (
	"errors"

	"wardpanel/model"
)

// The fake store has no meetings: the meeting screens are tested on the
// real store (meeting_test.go), whose rules they would otherwise repeat.

var errNoMeetings = errors.New("the fake store keeps no meetings")

func (s *fakeStore) CreateMeeting(model.Actor, model.Meeting) (model.Meeting, error) {
	return model.Meeting{}, errNoMeetings
}

func (s *fakeStore) ChangeMeeting(model.Actor, model.ID, model.MeetingChange) (model.Meeting, error) {
	return model.Meeting{}, errNoMeetings
}

func (s *fakeStore) RaiseMeetingAction(model.Actor, model.ID, int, model.Action) (model.Action, error) {
	return model.Action{}, errNoMeetings
}

func (s *fakeStore) ReviewAction(model.Actor, model.ID, model.ID, string, model.ActionStatus) (model.Meeting, error) {
	return model.Meeting{}, errNoMeetings
}

func (s *fakeStore) Meeting(model.User, model.ID) (model.Meeting, error) {
	return model.Meeting{}, model.ErrNotFound
}

func (s *fakeStore) Meetings(model.User, string) ([]model.Meeting, error) { return nil, nil }

func (s *fakeStore) Priorities(_ model.User, ward string) (model.WardPriorities, error) {
	return model.WardPriorities{Ward: ward}, nil
}

func (s *fakeStore) PostUpdate(model.Actor, model.RecordKind, model.ID, string) (model.Update, model.Meeting, error) {
	return model.Update{}, model.Meeting{}, errNoMeetings
}

func (s *fakeStore) Updates(model.User, model.ID) ([]model.Update, error) {
	return nil, model.ErrNotFound
}
