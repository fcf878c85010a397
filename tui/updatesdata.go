package tui

import (
	"wardpanel/model"
	"wardpanel/tui/briefing"
)

// UpdateStore is what partner updates before a meeting need (issue 21):
// *store.Store satisfies it.
type UpdateStore interface {
	PostUpdate(by model.Actor, kind model.RecordKind, id model.ID, text string) (model.Update, model.Meeting, error)
	Updates(viewer model.User, meetingID model.ID) ([]model.Update, error)
}

// The TUI's Store is a briefing source: the meeting screen shows the same
// pack `ssh host briefing` prints.
var _ briefing.Source = Store(nil)
