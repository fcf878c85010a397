package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/actionforms"
	"wardpanel/tui/audit"
	"wardpanel/tui/board"
	"wardpanel/tui/crimes"
	"wardpanel/tui/inbox"
	"wardpanel/tui/meetings"
	"wardpanel/tui/picker"
	"wardpanel/tui/pictures"
	"wardpanel/tui/problemforms"
	rec "wardpanel/tui/records"
	"wardpanel/tui/ui"
	"wardpanel/tui/updates"
)

// The screen table: every screen the router can show, one line each. The
// router (tui.go) reads only this table and the small interfaces below; it
// holds no code of any one screen. Adding a screen is a package under tui/
// that implements ui.Screen (tui/audit, tui/pictures; tui/ui/hello is the
// smallest) and one line here made with fromUI; it opens with ui.Open.
// Screens still in this package implement component, and a navigation
// message that implements navigator opens them.

// screen names a line of the table.
type screen string

const (
	screenPicker      screen = picker.ID
	screenBoard       screen = board.ID
	screenDetail      screen = rec.ProblemID
	screenForm        screen = problemforms.ProblemID
	screenActions     screen = board.ActionsID
	screenAction      screen = rec.ActionID
	screenActionForm  screen = actionforms.FormID
	screenStatus      screen = actionforms.StatusID
	screenOutcome     screen = actionforms.OutcomeID
	screenEvidence    screen = problemforms.EvidenceID
	screenMeetings    screen = meetings.ListID
	screenMeeting     screen = meetings.ViewID
	screenMeetingForm screen = meetings.FormID
	screenPick        screen = meetings.PickID
	screenAudit       screen = audit.ID
	screenPictures    screen = pictures.ListID
	screenPicture     screen = pictures.ViewID
	screenPictureForm screen = pictures.FormID
	screenCrimes      screen = crimes.ID
	screenInbox       screen = inbox.ID
	screenUpdate      screen = updates.FormID
	screenPlanForm    screen = problemforms.PlanID
)

// screenDef is one line of the table.
type screenDef struct {
	id screen
	// make builds the screen once per session, when the session starts.
	// nil: the screen is made afresh each time it opens (a form, a
	// chooser), by the navigation message that opens it, and let go when
	// it closes.
	make func(c *common) component
}

// screenTable lists the screens in the order messages reach them.
var screenTable = []screenDef{
	{screenPicker, func(c *common) component { return fromUI(picker.New(c, c.personas, c.enrol, enrolledAs)) }},
	{screenBoard, func(c *common) component { return fromUI(board.New(c, c.store, &c.keys.Board, boardLinks(c))) }},
	{screenDetail, func(c *common) component { return fromUI(rec.NewProblem(c, c.store, recordLinks(c))) }},
	{screenForm, nil},
	{screenActions, func(c *common) component {
		return fromUI(board.NewActions(c, c.store, &c.keys.Board, boardLinks(c)))
	}},
	{screenAction, func(c *common) component { return fromUI(rec.NewAction(c, c.store, recordLinks(c))) }},
	{screenActionForm, nil},
	{screenStatus, nil},
	{screenOutcome, nil},
	{screenEvidence, nil},
	{screenMeetings, func(c *common) component { return fromUI(meetings.NewList(c, c.store, meetingLinks(c))) }},
	{screenMeeting, func(c *common) component { return fromUI(meetings.NewView(c, c.store, meetingLinks(c))) }},
	{screenMeetingForm, nil},
	{screenPick, nil},
	{screenAudit, func(c *common) component { return fromUI(audit.New(c, c.store)) }},
	{screenPictures, func(c *common) component { return fromUI(pictures.NewList(c, c.store, pictureLinks())) }},
	{screenPicture, func(c *common) component { return fromUI(pictures.NewView(c, c.store, pictureLinks())) }},
	{screenPictureForm, nil},
	{screenCrimes, func(c *common) component { return fromUI(crimes.New(c, c.store, crimeLinks())) }},
	{screenInbox, func(c *common) component { return fromUI(inbox.New(c, c.store, inboxLinks(), c.inboxOnConnect)) }},
	{screenUpdate, nil},
	{screenPlanForm, nil},
}

// Optional parts of a screen, which the router looks for.
type (
	// navigator is a message asking the router to move: it does so
	// through the router's open, place, back and status.
	navigator interface{ route(a *app) tea.Cmd }
	// restyler follows a change of the terminal's background.
	restyler interface{ restyle() }
	// newsReader redraws after the ward's news (live meeting, priorities) changed.
	newsReader interface{ news() }
	// goner says the record it shows has gone: back passes it over.
	goner interface{ gone() bool }
	// lapser is told that a message only the screen on top may have
	// (ui.TopOnly: a timer's tick) lapsed; it starts it again when shown.
	lapser interface{ lapse() }
	// greeter has something to do when a user arrives (the inbox's first look).
	greeter interface{ greet() tea.Cmd }
)

// pkgScreen is a screen from a package of its own, which knows only ui.
type pkgScreen struct{ ui.Screen }

func (s pkgScreen) capturing() bool { return s.Capturing() }
func (s pkgScreen) name() string    { return s.Title() }
func (s pkgScreen) restyle() {
	if r, ok := s.Screen.(ui.Restyler); ok {
		r.Restyle()
	}
}

func (s pkgScreen) news() {
	if r, ok := s.Screen.(ui.NewsReader); ok {
		r.News()
	}
}

func (s pkgScreen) lapse() {
	if l, ok := s.Screen.(ui.Lapser); ok {
		l.Lapse()
	}
}

// gone says a record's screen shows a record that has gone (rec.Problem).
func (s pkgScreen) gone() bool {
	g, ok := s.Screen.(interface{ Gone() bool })
	return ok && g.Gone()
}

func (s pkgScreen) greet() tea.Cmd {
	if g, ok := s.Screen.(ui.Greeter); ok {
		return g.Greet()
	}
	return nil
}

// pkgForm is a form from a package of its own: esc and ctrl+c ask before
// they throw its typing away.
type pkgForm struct {
	pkgScreen
	editor
}

// fromUI makes a table line's constructor of a package's screen.
func fromUI(s ui.Screen) component {
	if ed, ok := s.(editor); ok {
		return pkgForm{pkgScreen{s}, ed}
	}
	return pkgScreen{s}
}

// slot is the screen id as its own type; the one that opened it placed it.
func slot[T component](a *app, id screen) T {
	s, _ := a.screen(id).(T)
	return s
}

// Names, in words.
func (m enrolledMsg) route(a *app) tea.Cmd { return a.enrolled(m) }

// Navigation: each message says where it goes.

func (m openDetailMsg) route(a *app) tea.Cmd {
	a.open(screenDetail)
	return a.screen(screenDetail).Update(rec.ShowProblem{P: m.p})
}

func (m openFormMsg) route(a *app) tea.Cmd {
	return a.place(screenForm, fromUI(problemforms.Problem(a.c, a.c.store, problemLinks(a.c), m.p, m.new)))
}

func (m openActionMsg) route(a *app) tea.Cmd {
	a.open(screenAction)
	return a.screen(screenAction).Update(rec.ShowAction{A: m.a})
}

func (m openActionFormMsg) route(a *app) tea.Cmd { return a.place(screenActionForm, m.form(a.c)) }
func (m openStatusMsg) route(a *app) tea.Cmd     { return a.place(screenStatus, m.form(a.c)) }
func (m openOutcomeMsg) route(a *app) tea.Cmd    { return a.place(screenOutcome, m.form(a.c)) }

func (m openEvidenceMsg) route(a *app) tea.Cmd {
	return a.place(screenEvidence, fromUI(problemforms.Evidence(a.c, a.c.store, problemLinks(a.c), m.p)))
}

func (openMeetingsMsg) route(a *app) tea.Cmd {
	cmd := a.show(screenMeetings)
	if live := a.c.news.live; live.ID != 0 {
		// A meeting under way is where people are going.
		cmd = tea.Batch(cmd, openMeetingMsg{id: live.ID}.route(a))
	}
	return cmd
}

func (m openMeetingMsg) route(a *app) tea.Cmd {
	a.open(screenMeeting)
	return a.screen(screenMeeting).Update(meetings.Show{ID: m.id})
}

func (m openMeetingFormMsg) route(a *app) tea.Cmd { return a.place(screenMeetingForm, m.f) }

func (m openPickMsg) route(a *app) tea.Cmd {
	a.place(screenPick, m.p)
	return nil
}

func (m meetingDoneMsg) route(a *app) tea.Cmd {
	a.status = statusMsg{text: m.text}
	a.back()
	if m.id != 0 {
		return tea.Batch(openMeetingMsg{id: m.id}.route(a), a.screen(screenMeetings).Update(StoreChangedMsg{}))
	}
	return a.storeChanged(StoreChangedMsg{})
}

// openAuditMsg asks for the audit screen (package audit).
type openAuditMsg struct{}

func (openAuditMsg) route(a *app) tea.Cmd { return a.show(screenAudit) }

func (openPicturesMsg) route(a *app) tea.Cmd { return a.show(screenPictures) }

// pictureLinks are the ways out of the rich pictures (package pictures):
// the session form, placed and closed by the router, and a problem.
func pictureLinks() pictures.Links {
	return pictures.Links{
		OpenForm:    func(f ui.Screen) tea.Msg { return openPictureFormMsg{f: fromUI(f)} },
		Done:        func(text string, id model.ID) tea.Msg { return pictureDoneMsg{text: text, id: id} },
		OpenProblem: func(p model.Problem) tea.Msg { return openDetailMsg{p: p} },
	}
}

func (m openPictureFormMsg) route(a *app) tea.Cmd { return a.place(screenPictureForm, m.f) }

// route closes the session form and shows the session it saved.
func (m pictureDoneMsg) route(a *app) tea.Cmd {
	a.status = statusMsg{text: m.text}
	a.back()
	cmds := []tea.Cmd{a.screen(screenPictures).Update(StoreChangedMsg{})}
	if m.id != 0 {
		a.open(screenPicture)
		cmds = append(cmds, a.screen(screenPicture).Update(pictures.Show{ID: m.id}))
	}
	return tea.Batch(cmds...)
}

func (openCrimesMsg) route(a *app) tea.Cmd { return a.show(screenCrimes) }

// route opens the problem form from a place, with the place's figures to
// log as evidence once the problem is created.
func (m openCrimeProblemMsg) route(a *app) tea.Cmd {
	cite := problemforms.Cite{Evidence: m.cite, Focus: m.focus}
	return a.place(screenForm, fromUI(problemforms.CitedProblem(a.c, a.c.store, problemLinks(a.c), m.p, cite)))
}

// route leaves the detail, whose record has gone; but never closes a form
// over someone's typing.
func (m problemGoneMsg) route(a *app) tea.Cmd {
	a.status = statusMsg{text: fmt.Sprintf("Problem %s is no longer on your board", model.ProblemRef(m.id)), err: true}
	if a.active == screenDetail {
		return a.back()
	}
	return nil
}

func (m actionGoneMsg) route(a *app) tea.Cmd {
	a.status = statusMsg{text: fmt.Sprintf("Action %s is no longer visible to you", model.ActionRef(m.id)), err: true}
	if a.active == screenAction {
		return a.back()
	}
	return nil
}

func (m savedMsg) route(a *app) tea.Cmd {
	verb := "Saved"
	if m.created {
		verb = "Added"
	}
	a.status = statusMsg{text: fmt.Sprintf("%s %s %s", verb, model.ProblemRef(m.p.ID), safeLine(m.p.Title, model.MaxTitleLen))}
	a.back()
	a.open(screenDetail)
	cmd := a.screen(screenDetail).Update(rec.ShowProblem{P: m.p})
	return tea.Batch(cmd, a.screen(screenBoard).Update(board.Select{ID: m.p.ID}))
}

func (m taskSavedMsg) route(a *app) tea.Cmd {
	a.status = statusMsg{text: m.text}
	a.back()
	if m.actionID != 0 {
		a.screen(screenDetail).Update(rec.SelectAction{ID: m.actionID})
		a.screen(screenActions).Update(board.SelectAction{ID: m.actionID})
	}
	// As for problems: refresh now rather than wait for the feed.
	return a.storeChanged(StoreChangedMsg{})
}

func (m openPlanFormMsg) route(a *app) tea.Cmd { return a.place(screenPlanForm, m.f) }

// route closes an evidence or plan form that saved, and has the problem
// screen read the problem afresh.
func (m problemFormDoneMsg) route(a *app) tea.Cmd {
	a.status = statusMsg{text: m.text}
	a.back()
	return a.storeChanged(StoreChangedMsg{})
}
