package tui

import (
	"errors"
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// statusChooser moves an action to another status. It offers only the
// moves model.ActionStatus.CheckMove allows from where the action is, and
// saves with the version it started from: if someone changed the action
// meanwhile, the save is refused, they are named, and the choices follow
// the action as it now is.
type statusChooser struct {
	c       *common
	base    model.Action
	options []model.ActionStatus
	cursor  int

	banner string
	info   string

	saving   bool
	saveSeq  int
	checkSeq int

	width, height int
}

func newStatusChooser(c *common, a model.Action) *statusChooser {
	s := &statusChooser{c: c}
	s.setBase(a)
	return s
}

// allowedMoves are the statuses a may move to, in the model's order.
func allowedMoves(a model.Action) []model.ActionStatus {
	var out []model.ActionStatus
	for _, st := range model.ActionStatuses {
		if a.Status.CheckMove(st) == nil {
			out = append(out, st)
		}
	}
	return out
}

// setBase takes a as the action to change, keeping the cursor on the same
// status if it is still a choice.
func (s *statusChooser) setBase(a model.Action) {
	var was model.ActionStatus
	if s.cursor < len(s.options) {
		was = s.options[s.cursor]
	}
	s.base = a
	s.options = allowedMoves(a)
	s.cursor = max(0, slices.Index(s.options, was))
}

func (s *statusChooser) Init() tea.Cmd    { return nil }
func (s *statusChooser) capturing() bool  { return false }
func (s *statusChooser) SetSize(w, h int) { s.width, s.height = w, h }

func (s *statusChooser) ShortHelp() []key.Binding {
	k := s.c.keys
	return []key.Binding{k.SetStatus, k.Cancel, k.Up, k.Down, k.Help}
}

func (s *statusChooser) FullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{{k.Up, k.Down}, {k.SetStatus, k.Cancel, k.Help, k.Quit}}
}

func (s *statusChooser) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case actionSavedMsg:
		return s.saved(msg)
	case actionLatestMsg:
		if msg.seq != s.checkSeq {
			return nil
		}
		switch {
		case errors.Is(msg.err, model.ErrNotFound):
			s.banner = "This action is no longer visible to you."
		case msg.err != nil:
			s.banner = describeErr("reload", msg.err)
		case msg.a.Version != s.base.Version:
			if msg.a.Status != s.base.Status {
				s.info = fmt.Sprintf("%s made it %s at %s; the choices below follow.",
					safeName(msg.a.UpdatedBy), safeLine(string(msg.a.Status), model.MaxLineLen), msg.a.UpdatedAt.Format("15:04"))
			}
			s.setBase(msg.a)
		}
		return nil
	case StoreChangedMsg:
		if s.saving {
			return nil
		}
		return s.check()
	case tea.KeyPressMsg:
		if s.saving {
			return nil
		}
		k := s.c.keys
		switch {
		case key.Matches(msg, k.Cancel):
			return msgCmd(backMsg{})
		case key.Matches(msg, k.Up):
			s.cursor = max(0, s.cursor-1)
		case key.Matches(msg, k.Down):
			s.cursor = clamp(s.cursor+1, 0, max(0, len(s.options)-1))
		case key.Matches(msg, k.SetStatus):
			if s.cursor < len(s.options) {
				a := s.base
				a.Status = s.options[s.cursor]
				s.saving, s.banner = true, ""
				s.saveSeq = s.c.nextSeq()
				return setStatusCmd(s.c.store, s.c.actor, a, s.saveSeq)
			}
		}
	}
	return nil
}

func (s *statusChooser) check() tea.Cmd {
	s.checkSeq = s.c.nextSeq()
	return actionLatestCmd(s.c.store, s.c.user, s.base.ID, s.checkSeq, false)
}

func (s *statusChooser) saved(msg actionSavedMsg) tea.Cmd {
	if msg.seq != s.saveSeq || !s.saving {
		return nil
	}
	s.saving = false
	if msg.err == nil {
		return msgCmd(taskSavedMsg{
			text:     fmt.Sprintf("Action %s is now %s", model.ActionRef(msg.a.ID), safeLine(string(msg.a.Status), model.MaxLineLen)),
			actionID: msg.a.ID,
		})
	}
	var (
		ce *model.ConflictError
		ve *model.ValidationError
		fe *model.ForbiddenError
	)
	switch {
	case errors.As(msg.err, &ce):
		s.banner = fmt.Sprintf("Not saved: %s changed this action at %s. Check the choices and press enter again.",
			safeName(ce.By), ce.At.Format("15:04"))
		return s.check()
	case errors.As(msg.err, &ve):
		s.banner = safeLine(ve.Message, model.MaxLineLen)
	case errors.As(msg.err, &fe):
		s.banner = safeLine(fe.Error(), model.MaxLineLen)
	case errors.Is(msg.err, model.ErrNotFound):
		s.banner = "This action is no longer visible to you."
	default:
		s.banner = "Could not save: " + safeLine(msg.err.Error(), model.MaxLineLen)
	}
	return nil
}

func (s *statusChooser) View() string {
	st := &s.c.styles
	h := "Status of action " + model.ActionRef(s.base.ID)
	if s.saving {
		h = "Saving… " + h
	}
	lines := []string{
		st.Title.Render(trunc(h, s.width)),
		st.Value.Render(trunc(safeLine(s.base.Title, model.MaxTitleLen), s.width)),
		st.Label.Render("Now ") + st.FilterOn.Render(safeLine(string(s.base.Status), model.MaxLineLen)) + st.Label.Render(" · it can become:"),
	}
	for i, o := range s.options {
		if i == s.cursor {
			lines = append(lines, st.RowSelected.Render(fit("> "+string(o), min(s.width, 24))))
		} else {
			lines = append(lines, "  "+string(o))
		}
	}
	if len(s.options) == 0 {
		lines = append(lines, st.Muted.Render("No other status is possible from here."))
	}
	// Messages go under the choices, so a short screen keeps the choices.
	for _, l := range wrap(s.banner, s.width) {
		if l != "" {
			lines = append(lines, st.Banner.Render(l))
		}
	}
	for _, l := range wrap(s.info, s.width) {
		if l != "" {
			lines = append(lines, st.Notice.Render(l))
		}
	}
	return block(lines, s.width, s.height)
}
