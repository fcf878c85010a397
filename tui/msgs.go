package tui

import (
	"errors"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// Messages carry the results of store I/O back to Update. Loads carry the
// seq they were started with, so a slow answer to an old question (a ward
// switched away from, a form since closed) is recognised and dropped.

// errMsg reports a failed store call that has no screen of its own to show it.
type errMsg struct {
	op  string
	err error
}

// statusMsg puts one line in the status bar.
type statusMsg struct {
	text string
	err  bool
}

type boardLoadedMsg struct {
	seq      int
	ward     model.Ward
	problems []model.Problem
	agencies []model.Agency
	err      error
}

type detailLoadedMsg struct {
	seq int
	p   model.Problem
	err error
}

type formSavedMsg struct {
	seq int
	p   model.Problem
	err error
}

// formLatestMsg answers "what is the stored version now?" for a form,
// either because the user asked (reload) or because the store changed.
type formLatestMsg struct {
	seq    int
	p      model.Problem
	err    error
	reload bool
}

type enrolledMsg struct {
	user model.User
	err  error
}

// Navigation between screens: components ask, the root decides.
type (
	openDetailMsg struct{ p model.Problem }
	openFormMsg   struct {
		p   model.Problem
		new bool
	}
	backMsg struct{}
	// problemGoneMsg: the problem on screen can no longer be read by this user.
	problemGoneMsg struct{ id model.ID }
	savedMsg       struct {
		p       model.Problem
		created bool
	}
)

func msgCmd(m tea.Msg) tea.Cmd { return func() tea.Msg { return m } }

func loadBoardCmd(st Store, viewer model.User, ward string, seq int) tea.Cmd {
	return func() tea.Msg {
		msg := boardLoadedMsg{seq: seq, ward: model.Ward{Code: ward, Name: ward}}
		if w, err := st.Ward(ward); err == nil {
			msg.ward = w
		}
		ps, err := st.Problems(viewer, ward)
		if err != nil {
			msg.err = err
			return msg
		}
		// The store filters by visibility; filtering again here means a bug
		// there still cannot put a restricted row on someone's screen.
		ps = model.VisibleProblems(viewer, ps)
		kept := ps[:0]
		for _, p := range ps {
			if p.Ward == ward {
				kept = append(kept, p)
			}
		}
		msg.problems = kept
		// Agencies only label the filter and the form's choices: a failure
		// here should not blank the board.
		msg.agencies, _ = st.Agencies()
		return msg
	}
}

// getProblem reads one problem and applies the visibility rule again.
func getProblem(st Store, viewer model.User, id model.ID) (model.Problem, error) {
	p, err := st.Problem(viewer, id)
	if err != nil {
		return model.Problem{}, err
	}
	if !model.CanSeeProblem(viewer, p) {
		return model.Problem{}, model.ErrNotFound
	}
	return p, nil
}

func loadDetailCmd(st Store, viewer model.User, id model.ID, seq int) tea.Cmd {
	return func() tea.Msg {
		p, err := getProblem(st, viewer, id)
		return detailLoadedMsg{seq: seq, p: p, err: err}
	}
}

func latestCmd(st Store, viewer model.User, id model.ID, seq int, reload bool) tea.Cmd {
	return func() tea.Msg {
		p, err := getProblem(st, viewer, id)
		return formLatestMsg{seq: seq, p: p, err: err, reload: reload}
	}
}

func saveCmd(st Store, by model.Actor, p model.Problem, create bool, seq int) tea.Cmd {
	return func() tea.Msg {
		var saved model.Problem
		var err error
		if create {
			saved, err = st.CreateProblem(by, p)
		} else {
			saved, err = st.UpdateProblem(by, p)
		}
		return formSavedMsg{seq: seq, p: saved, err: err}
	}
}

func enrolCmd(enrol func(model.User) (model.User, error), persona model.User) tea.Cmd {
	return func() tea.Msg {
		if enrol == nil {
			return enrolledMsg{err: errors.New("this server cannot enrol keys")}
		}
		u, err := enrol(persona)
		return enrolledMsg{user: u, err: err}
	}
}

// describeErr turns a store error into words for the status line.
func describeErr(op string, err error) string {
	switch {
	case errors.Is(err, model.ErrNotFound):
		return op + ": not found (it may have been removed or restricted)"
	case errors.Is(err, model.ErrForbidden), errors.Is(err, model.ErrInvalid), errors.Is(err, model.ErrConflict):
		return op + ": " + err.Error()
	}
	return op + " failed: " + err.Error()
}
