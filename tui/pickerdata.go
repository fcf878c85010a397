package tui

import (
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// The demo visitor's persona picker is package picker; here is what the
// root does once it has enrolled their key: start the session as them.

// enrolledMsg: the picker enrolled the visitor's key as user.
type enrolledMsg struct{ user model.User }

// enrolledAs is the picker's way back to the root (its table line).
func enrolledAs(u model.User) tea.Msg { return enrolledMsg{user: u} }

// enrolled: the picker made the visitor a persona; the session starts on
// their board.
func (a *app) enrolled(msg enrolledMsg) tea.Cmd {
	if a.active != screenPicker {
		return nil
	}
	a.c.setUser(msg.user)
	a.active, a.stack = screenBoard, nil
	a.status = statusMsg{text: "You are " + safeName(msg.user.Name) + ". Your key is enrolled: next time you connect you come straight here."}
	a.layout()
	return tea.Batch(a.current().Init(), a.greet())
}
