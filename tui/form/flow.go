package form

import (
	"errors"
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// The flow every form shares around its fields: a save runs in a tea.Cmd
// numbered by the session, so an answer that comes late for an earlier
// save is passed over; esc goes back unless a save is on its way; ctrl+s
// saves once. A form editing a stored record also follows other people's
// saves: Conflicted, Checking and Reload below.

// Flow is what a form tells the sheet's keys: Save starts the save (the
// sheet has already refused a second one), Reload reads the stored record
// (seq numbers the read, LatestAnswered takes its answer), UseMine puts
// the user's kept text back. Reload and UseMine are nil for a form with
// nothing to conflict with.
type Flow struct {
	Save    func() tea.Cmd
	Reload  func(seq int) tea.Cmd
	UseMine func()
}

// FlowKey handles the keys of the flow: save, cancel, ctrl+r and ctrl+o.
// handled is false for any other key, which the form then gives to Key
// (after any rule of its own).
func (s *Sheet) FlowKey(msg tea.KeyPressMsg, f Flow) (cmd tea.Cmd, handled bool) {
	k := s.sess.Keys()
	switch {
	case key.Matches(msg, k.Save):
		if s.Saving {
			return nil, true
		}
		return f.Save(), true
	case key.Matches(msg, k.Cancel):
		if s.Saving {
			return nil, true // the save is on its way; its answer decides
		}
		return func() tea.Msg { return ui.Back{} }, true
	case f.Reload != nil && key.Matches(msg, k.Reload):
		if s.CanReload() {
			s.Reloading = true
			s.checkSeq = s.sess.NextSeq()
			return f.Reload(s.checkSeq), true
		}
		return nil, true
	case f.UseMine != nil && key.Matches(msg, k.UseMine):
		if s.Mine != nil {
			f.UseMine()
			s.Mine = nil
			s.Info = "Your text is back in the form, over their version. Save to keep it."
			s.Layout()
		}
		return nil, true
	}
	return nil, false
}

// Handle is a form's Update for what the flow alone decides: a paste into
// the focused field, and the keys (FlowKey, then Key).
func (s *Sheet) Handle(msg tea.Msg, f Flow) tea.Cmd {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		return s.UpdateFocused(msg)
	case tea.KeyPressMsg:
		if cmd, ok := s.FlowKey(msg, f); ok {
			return cmd
		}
		return s.Key(msg)
	}
	return nil
}

// StartSave marks the sheet saving and returns run's command, given the
// number its answer must carry (SaveAnswered).
func (s *Sheet) StartSave(run func(seq int) tea.Cmd) tea.Cmd {
	if s.Saving {
		return nil
	}
	s.Saving = true
	s.saveSeq = s.sess.NextSeq()
	s.Layout()
	return run(s.saveSeq)
}

// SaveAnswered reports whether seq answers the save on its way, which it
// then ends; false for a late answer to an earlier one.
func (s *Sheet) SaveAnswered(seq int) bool {
	if seq != s.saveSeq || !s.Saving {
		return false
	}
	s.Saving = false
	return true
}

// Conflicted shows someone else's save since the form opened in the
// banner, and offers their version (ctrl+r); false if err is no conflict.
func (s *Sheet) Conflicted(err error) bool {
	var ce *model.ConflictError
	if !errors.As(err, &ce) {
		return false
	}
	s.Conflict = ce
	s.Banner = fmt.Sprintf("Changed by %s at %s since you started — press ctrl+r to load their version (your text stays below).",
		ui.SafeName(ce.By), ce.At.Format("15:04"))
	s.Layout()
	return true
}

// CanReload: ctrl+r would load someone else's newer version.
func (s *Sheet) CanReload() bool {
	return !s.Saving && (s.Conflict != nil || s.Newer)
}

// Checking starts a read of the stored record after the store changed, to
// warn early that a save will conflict, rather than at ctrl+s; nil while a
// save or a reload is on its way.
func (s *Sheet) Checking(read func(seq int) tea.Cmd) tea.Cmd {
	if s.Saving || s.Reloading {
		return nil
	}
	s.checkSeq = s.sess.NextSeq()
	return read(s.checkSeq)
}

// LatestAnswered reports whether seq answers the sheet's last read (a
// check, or ctrl+r's reload, which it then ends).
func (s *Sheet) LatestAnswered(seq int, reload bool) bool {
	if seq != s.checkSeq {
		return false
	}
	if reload {
		s.Reloading = false
	}
	return true
}

// Stored is the answer to a read of the record a form edits: Checking's,
// or ctrl+r's (Reload); who saved it last, when, and its version.
type Stored struct {
	Seq     int
	Reload  bool
	Err     error
	By      string
	At      time.Time
	Version uint64
}

// Edited is what a form editing a stored record tells TakeStored.
type Edited struct {
	What     string             // names the record: "problem"
	Gone     string             // said when a check finds it out of view
	Base     uint64             // the version the form started from
	Describe func(error) string // a failed reload in words
	Load     func()             // puts their version in the fields
}

// TakeStored takes the answer to the sheet's last read. A check warns,
// once, that someone saved since the form opened, or that the record has
// gone from view; a reload keeps the user's text (Mine, for ctrl+o) and
// loads theirs.
func (s *Sheet) TakeStored(st Stored, e Edited) {
	if !s.LatestAnswered(st.Seq, st.Reload) {
		return
	}
	switch {
	case !st.Reload && errors.Is(st.Err, model.ErrNotFound):
		s.Info = e.Gone
	case !st.Reload && (st.Err != nil || st.Version <= e.Base || s.Conflict != nil):
		return
	case !st.Reload:
		s.Newer = true
		s.Info = fmt.Sprintf("%s changed this %s at %s. Saving will ask you to reload; ctrl+r loads theirs now (your text stays).",
			ui.SafeName(st.By), e.What, st.At.Format("15:04"))
	case st.Err != nil:
		s.Banner = "Could not load their version: " + ui.SafeLine(e.Describe(st.Err), model.MaxLineLen)
	default:
		s.Mine = s.Values()
		e.Load()
		s.Conflict, s.Newer = nil, false
		s.Banner = ""
		s.Info = fmt.Sprintf("Showing %s's version %d. Your text is below: ctrl+o puts it back in the form.",
			ui.SafeName(st.By), st.Version)
	}
	s.Layout()
}

// flowHelp are the flow's keys the help offers now.
func (s *Sheet) flowHelp() []key.Binding {
	k := s.sess.Keys()
	var out []key.Binding
	if s.CanReload() {
		out = append(out, k.Reload)
	}
	if s.Mine != nil {
		out = append(out, k.UseMine)
	}
	return out
}

// LastSave is the number of the last save started (StartSave).
func (s *Sheet) LastSave() int { return s.saveSeq }
