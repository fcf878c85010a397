package actionforms

import (
	"errors"
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// StatusChooser moves an action to another status. It offers only the
// moves model.ActionStatus.Moves allows from where the action is, and
// saves with the version it started from: if someone changed the action
// meanwhile, the save is refused, they are named, and the choices follow
// the action as it now is.
type StatusChooser struct {
	c       *env
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

// Status is the chooser that moves a to another status.
func Status(s ui.Session, st Store, links Links, a model.Action) *StatusChooser {
	c := &StatusChooser{c: newEnv(s, st, links)}
	c.setBase(a)
	return c
}

// setBase takes a as the action to change, keeping the cursor on the same
// status if it is still a choice.
func (s *StatusChooser) setBase(a model.Action) {
	var was model.ActionStatus
	if s.cursor < len(s.options) {
		was = s.options[s.cursor]
	}
	s.base = a
	s.options = a.Status.Moves()
	s.cursor = max(0, slices.Index(s.options, was))
}

// Init has nothing to load: the chooser starts from the action it was given.
func (s *StatusChooser) Init() tea.Cmd { return nil }

// Capturing is false: nothing is typed here, so q and ? are the router's.
func (s *StatusChooser) Capturing() bool { return false }
func (s *StatusChooser) Title() string   { return "Action status" }

func (s *StatusChooser) SetSize(w, h int) { s.width, s.height = w, h }

func (s *StatusChooser) ShortHelp() []key.Binding {
	k, set := s.c.Keys(), s.c.own.SetStatus
	return []key.Binding{set, k.Cancel, k.Up, k.Down, k.Help}
}

func (s *StatusChooser) FullHelp() [][]key.Binding {
	k, set := s.c.Keys(), s.c.own.SetStatus
	return [][]key.Binding{{k.Up, k.Down}, {set, k.Cancel, k.Help, k.Quit}}
}

func (s *StatusChooser) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case savedMsg:
		return s.saved(msg)
	case latestMsg:
		if msg.seq != s.checkSeq {
			return nil
		}
		switch {
		case errors.Is(msg.err, model.ErrNotFound):
			s.banner = "This action is no longer visible to you."
		case msg.err != nil:
			s.banner = ui.DescribeErr("reload", msg.err)
		case msg.a.Version != s.base.Version:
			if msg.a.Status != s.base.Status {
				s.info = fmt.Sprintf("%s made it %s at %s; the choices below follow.",
					ui.SafeName(msg.a.UpdatedBy), ui.SafeLine(string(msg.a.Status), model.MaxLineLen), msg.a.UpdatedAt.Format("15:04"))
			}
			s.setBase(msg.a)
		}
		return nil
	case ui.StoreChanged:
		if s.saving {
			return nil
		}
		return s.check()
	case tea.KeyPressMsg:
		if s.saving {
			return nil
		}
		k := s.c.Keys()
		switch {
		case key.Matches(msg, k.Cancel):
			return ui.Cmd(ui.Back{})
		case key.Matches(msg, k.Up):
			s.cursor = max(0, s.cursor-1)
		case key.Matches(msg, k.Down):
			s.cursor = ui.Clamp(s.cursor+1, 0, max(0, len(s.options)-1))
		case key.Matches(msg, s.c.own.SetStatus):
			if s.cursor < len(s.options) {
				a := s.base
				a.Status = s.options[s.cursor]
				s.saving, s.banner = true, ""
				s.saveSeq = s.c.NextSeq()
				return statusCmd(s.c.st, s.c.Actor(), a, s.saveSeq)
			}
		}
	}
	return nil
}

func (s *StatusChooser) check() tea.Cmd {
	s.checkSeq = s.c.NextSeq()
	return latestCmd(s.c.st, s.c.User(), s.base.ID, s.checkSeq, false)
}

func (s *StatusChooser) saved(msg savedMsg) tea.Cmd {
	if msg.seq != s.saveSeq || !s.saving {
		return nil
	}
	s.saving = false
	if msg.err == nil {
		return s.c.done(fmt.Sprintf("Action %s is now %s", model.ActionRef(msg.a.ID), ui.SafeLine(string(msg.a.Status), model.MaxLineLen)), msg.a.ID)
	}
	var (
		ce *model.ConflictError
		ve *model.ValidationError
		fe *model.ForbiddenError
	)
	switch {
	case errors.As(msg.err, &ce):
		s.banner = fmt.Sprintf("Not saved: %s changed this action at %s. Check the choices and press enter again.",
			ui.SafeName(ce.By), ce.At.Format("15:04"))
		return s.check()
	case errors.As(msg.err, &ve):
		s.banner = ui.SafeLine(ve.Message, model.MaxLineLen)
	case errors.As(msg.err, &fe):
		s.banner = ui.SafeLine(fe.Error(), model.MaxLineLen)
	case errors.Is(msg.err, model.ErrNotFound):
		s.banner = "This action is no longer visible to you."
	default:
		s.banner = "Could not save: " + ui.SafeLine(msg.err.Error(), model.MaxLineLen)
	}
	return nil
}

func (s *StatusChooser) View() string {
	st := s.c.Styles()
	h := "Status of action " + model.ActionRef(s.base.ID)
	if s.saving {
		h = "Saving… " + h
	}
	lines := []string{
		st.Title.Render(ui.Trunc(h, s.width)),
		st.Value.Render(ui.Trunc(ui.SafeLine(s.base.Title, model.MaxTitleLen), s.width)),
		st.Label.Render("Now ") + st.FilterOn.Render(ui.SafeLine(string(s.base.Status), model.MaxLineLen)) + st.Label.Render(" · it can become:"),
	}
	for i, o := range s.options {
		if i == s.cursor {
			lines = append(lines, st.RowSelected.Render(ui.Fit("> "+string(o), min(s.width, 24))))
		} else {
			lines = append(lines, "  "+string(o))
		}
	}
	if len(s.options) == 0 {
		lines = append(lines, st.Muted.Render("No other status is possible from here."))
	}
	// Messages go under the choices, so a short screen keeps the choices.
	for _, l := range ui.Wrap(s.banner, s.width) {
		if l != "" {
			lines = append(lines, st.Banner.Render(l))
		}
	}
	for _, l := range ui.Wrap(s.info, s.width) {
		if l != "" {
			lines = append(lines, st.Notice.Render(l))
		}
	}
	return ui.Block(lines, s.width, s.height)
}
