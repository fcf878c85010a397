package tui

import (
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// wardKeeper is the store's side of remembering the ward a user of several
// last worked in (store.SetLastWard); *store.Store is one.
type wardKeeper interface {
	SetLastWard(by model.Actor, ward string) (model.User, error)
}

// rememberWard saves the session's ward as the user's last when they move
// to another, so their next session starts there (model.User.StartWard).
// The ward a session starts on is the one already kept.
func (a *app) rememberWard() tea.Cmd {
	c := a.c
	code := c.ward.Code
	if !c.hasUser || code == "" || code == a.wardKept {
		return nil
	}
	first := a.wardKept == ""
	a.wardKept = code
	keeper, ok := c.store.(wardKeeper)
	if first && code == c.user.StartWard() || !ok || len(c.user.Wards) < 2 {
		return nil
	}
	by := c.actor
	return func() tea.Msg {
		if _, err := keeper.SetLastWard(by, code); err != nil {
			return errMsg{op: "remembering your ward", err: err}
		}
		return nil
	}
}
