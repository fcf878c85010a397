// Package tui is wardpanel's terminal interface: the screens a ward panel
// partner sees over SSH (or in a local terminal), built with Bubble Tea.
//
// New builds one session's root model. Everything a session needs lives in
// values it owns: many sessions share one process, so the package keeps no
// mutable state of its own. All store calls run in tea.Cmds.
package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
	"wardpanel/store"
)

// Store is the narrow slice of *store.Store the TUI needs (so tests can fake it).
type Store interface {
	Ward(code string) (model.Ward, error)
	Agencies() ([]model.Agency, error)
	// WardPeople are the ward's enrolled people, for the people pickers
	// (issue 17).
	WardPeople(viewer model.User, ward string) ([]model.User, error)
	Problems(viewer model.User, ward string) ([]model.Problem, error)
	Problem(viewer model.User, id model.ID) (model.Problem, error)
	CreateProblem(by model.Actor, p model.Problem) (model.Problem, error)
	UpdateProblem(by model.Actor, p model.Problem) (model.Problem, error)

	// Tasking (issue 3): actions, their outcomes, and problems' evidence.
	CreateAction(by model.Actor, a model.Action) (model.Action, error)
	UpdateAction(by model.Actor, a model.Action) (model.Action, error)
	// ChangeActionStatus is the one write path for a status change,
	// shared with the SSH `action` command.
	ChangeActionStatus(by model.Actor, ch store.StatusChange) (model.Action, error)
	Action(viewer model.User, id model.ID) (model.Action, error)
	Actions(viewer model.User, ward string) ([]model.Action, error)
	ProblemActions(viewer model.User, problemID model.ID) ([]model.Action, error)
	AddOutcome(by model.Actor, actionID model.ID, o model.Outcome) (model.Outcome, error)
	Outcomes(viewer model.User, actionID model.ID) ([]model.Outcome, error)
	AddEvidence(by model.Actor, e model.Evidence) (model.Evidence, error)
	Evidence(viewer model.User, problemID model.ID) ([]model.Evidence, error)

	// Meetings (issue 4).
	CreateMeeting(by model.Actor, m model.Meeting) (model.Meeting, error)
	ChangeMeeting(by model.Actor, id model.ID, ch model.MeetingChange) (model.Meeting, error)
	RaiseMeetingAction(by model.Actor, meetingID model.ID, item int, a model.Action) (model.Action, error)
	ReviewAction(by model.Actor, meetingID, actionID model.ID, update string, status model.ActionStatus) (model.Meeting, error)
	Meeting(viewer model.User, id model.ID) (model.Meeting, error)
	Meetings(viewer model.User, ward string) ([]model.Meeting, error)
	Priorities(viewer model.User, ward string) (model.WardPriorities, error)

	// Audit (issue 6): the entries viewer may see that match, newest first.
	AuditFind(viewer model.User, q store.AuditQuery) ([]model.AuditEntry, error)

	PictureStore // rich pictures (issue 5), in picturedata.go
	CrimeStore   // the crime picture (issue 7), in crimes.go
}

// Options configure one session's UI.
type Options struct {
	Store       Store
	User        *model.User  // nil: demo visitor who must pick a persona first
	Fingerprint string       // the key the session authenticated with (for model.Actor)
	Demo        bool         // show the loud demo warning in the header
	Personas    []model.User // demo personas to pick from when User is nil
	// Enrol enrols this session's key as the persona; the UI runs it in a tea.Cmd.
	Enrol func(persona model.User) (model.User, error)
	// Live says the session follows the store's change feed (FollowStore,
	// or StoreChangedMsg sent some other way): the header shows "● live".
	Live bool
	// Done, if set, is closed when the session ends: a timer waiting to
	// redraw then stops, rather than keep the session's screens in memory
	// until it fires.
	Done <-chan struct{}
	// Inbox shows the inbox before the board on connecting, when it has
	// something in it (inbox.go).
	Inbox bool
	// Now is the clock for overdue and due-soon marks and default dates
	// (nil: time.Now). Tests fix it.
	Now func() time.Time
}

// tickUntil is tea.Tick that gives up, sending nothing, once done closes.
func tickUntil(done <-chan struct{}) func(time.Duration, func(time.Time) tea.Msg) tea.Cmd {
	return func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		return func() tea.Msg {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case now := <-t.C:
				return fn(now)
			case <-done:
				return nil
			}
		}
	}
}

// StoreChangedMsg is sent by the SSH layer when the store committed a
// change; the TUI re-reads (in a tea.Cmd) what it shows, keeping the cursor
// on the same record ID, the filters and any form being typed.
type StoreChangedMsg struct{ Revision uint64 }

type screen int

const (
	screenPicker screen = iota
	screenBoard
	screenDetail
	screenForm
	screenActions
	screenAction
	screenActionForm
	screenStatus
	screenOutcome
	screenEvidence
	screenMeetings
	screenMeeting
	screenMeetingForm
	screenPick
	screenAudit
)

// app is the root model: it owns the session bundle, sizes and routes to
// the screens, and draws the frame around them (header, status, help).
// Screen logic lives in the screens.
//
// Screens form a stack: active is on top, stack holds what esc returns to.
// Each kind of screen has one instance, so opening one already in the stack
// goes back to it (with the new record) rather than stacking a second.
type app struct {
	c      *common
	active screen
	stack  []screen

	picker *picker
	board  *board
	detail *detail
	form   *form

	actions    *actionList
	action     *actionDetail
	actionForm *actionForm
	chooser    *statusChooser
	outcome    *outcomeForm
	evidence   *evidenceForm

	meetings    *meetingList
	meeting     *meetingView
	meetingForm *meetingForm
	pick        *problemPick
	audit       *auditList
	pics        pictureScreens
	crimes      *crimeView
	newsSeq     int
	newsLoading bool
	newsStale   bool

	// inbox is the "since you were last here" panel; inboxOnConnect: Options.Inbox.
	inbox          *inboxView
	inboxOnConnect bool

	// confirm guards esc and ctrl+c in forms.
	confirm twice

	help   help.Model
	footer struct{ key, out string }
	status statusMsg
	// frame is the last frame drawn; sameFrame says nothing since could
	// have changed it. A store change only starts reloads (nothing on
	// screen shows that one is under way), so the frame drawn after it,
	// in every session, would be the one already shown.
	frame     tea.View
	sameFrame bool
	bodyH     int
	footerH   int
}

// New returns the root model for one session.
func New(opts Options) tea.Model {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	c := &common{
		// Until the terminal says otherwise: the first frame is drawn at
		// once with dark defaults and a usual size, never waiting on a
		// terminal that may not answer.
		width:       80,
		height:      24,
		keys:        newKeyMap(),
		store:       opts.Store,
		fingerprint: opts.Fingerprint,
		demo:        opts.Demo,
		enrol:       opts.Enrol,
		live:        opts.Live,
		now:         now,
		tick:        tickUntil(opts.Done),
	}
	c.setDark(true)
	a := &app{c: c, help: help.New()}
	a.help.Styles = c.styles.Help
	a.detail = newDetail(c)
	a.actions = newActionList(c)
	a.action = newActionDetail(c)
	a.board = newBoard(c)
	a.meetings = newMeetingList(c)
	a.meeting = newMeetingView(c)
	a.audit = newAuditList(c)
	a.pics = newPictureScreens(c)
	a.crimes = newCrimeView(c)
	a.inbox, a.inboxOnConnect = newInboxView(c), opts.Inbox
	if opts.User != nil {
		c.setUser(*opts.User)
		a.active = screenBoard
	} else {
		a.picker = newPicker(c, opts.Personas)
		a.active = screenPicker
	}
	a.layout()
	return a
}

func (a *app) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	if a.c.hasUser {
		cmds = append(cmds, a.board.Init(), a.loadNews(), a.connectInbox())
	}
	return tea.Batch(cmds...)
}

// screen returns the component for s; a form not open is nil.
func (a *app) screen(s screen) component {
	switch s {
	case screenPicker:
		return nilOr(a.picker)
	case screenDetail:
		return a.detail
	case screenForm:
		return nilOr(a.form)
	case screenActions:
		return a.actions
	case screenAction:
		return a.action
	case screenActionForm:
		return nilOr(a.actionForm)
	case screenStatus:
		return nilOr(a.chooser)
	case screenOutcome:
		return nilOr(a.outcome)
	case screenEvidence:
		return nilOr(a.evidence)
	case screenMeetings:
		return a.meetings
	case screenMeeting:
		return a.meeting
	case screenMeetingForm:
		return nilOr(a.meetingForm)
	case screenPick:
		return nilOr(a.pick)
	case screenAudit:
		return a.audit
	case screenPictures, screenPicture, screenPictureForm:
		return a.pics.screen(s)
	case screenCrimes:
		return a.crimes
	case screenInbox:
		return a.inbox
	}
	return a.board
}

// nilOr keeps a nil *T from becoming a non-nil interface.
func nilOr[T any, P interface {
	*T
	component
}](p P) component {
	if p == nil {
		return nil
	}
	return p
}

func (a *app) current() component {
	if c := a.screen(a.active); c != nil {
		return c
	}
	return a.board
}

// open puts s on top. If s is already in the stack, everything above it
// closes, as if esc had been pressed until it showed.
func (a *app) open(s screen) {
	if a.active == s {
		return
	}
	if i := slices.Index(a.stack, s); i >= 0 {
		for _, d := range a.stack[i+1:] {
			a.drop(d)
		}
		a.drop(a.active)
		a.stack = a.stack[:i]
	} else {
		a.stack = append(a.stack, a.active)
	}
	a.active = s
	a.layout()
}

// drop lets go of a screen that has left the stack: forms are made anew
// each time they open.
func (a *app) drop(s screen) {
	switch s {
	case screenForm:
		a.form = nil
	case screenActionForm:
		a.actionForm = nil
	case screenStatus:
		a.chooser = nil
	case screenOutcome:
		a.outcome = nil
	case screenEvidence:
		a.evidence = nil
	case screenMeetingForm:
		a.meetingForm = nil
	case screenPick:
		a.pick = nil
	case screenPictureForm:
		a.pics.form = nil
	}
}

// back closes the top screen. A detail whose record has gone (removed or
// restricted) is passed over rather than shown empty.
func (a *app) back() tea.Cmd {
	for len(a.stack) > 0 {
		a.drop(a.active)
		a.active = a.stack[len(a.stack)-1]
		a.stack = a.stack[:len(a.stack)-1]
		if !(a.active == screenDetail && !a.detail.has || a.active == screenAction && !a.action.has) {
			break
		}
	}
	a.layout()
	return nil
}

// open screens, bottom first, for messages every one of them must see.
func (a *app) openScreens() []component {
	out := make([]component, 0, len(a.stack)+1)
	for _, s := range a.stack {
		if c := a.screen(s); c != nil {
			out = append(out, c)
		}
	}
	if c := a.screen(a.active); c != nil {
		out = append(out, c)
	}
	return out
}

// layout shares the screen out: header and demo line, the body, one status
// line and the help footer. It runs whenever any of those can change size.
func (a *app) layout() {
	w, h := a.c.width, a.c.height
	a.help.SetWidth(w)
	headerH := a.c.headerHeight()
	footerH := lipgloss.Height(a.footerView())
	if a.help.ShowAll && headerH+1+footerH+3 > h {
		// Too little room for the full help and a usable body.
		a.help.ShowAll = false
		footerH = 1
	}
	if !a.help.ShowAll {
		footerH = 1
	}
	a.footerH = footerH
	a.bodyH = max(0, h-headerH-1-footerH)
	for _, s := range []screen{screenPicker, screenBoard, screenDetail, screenForm, screenActions, screenAction,
		screenActionForm, screenStatus, screenOutcome, screenEvidence, screenMeetings, screenMeeting,
		screenMeetingForm, screenPick, screenAudit, screenPictures, screenPicture, screenPictureForm, screenCrimes, screenInbox} {
		if c := a.screen(s); c != nil {
			c.SetSize(w, a.bodyH)
		}
	}
}

func (a *app) restyle() {
	a.help.Styles = a.c.styles.Help
	a.board.restyle()
	a.detail.restyle()
	a.actions.restyle()
	a.action.restyle()
	a.audit.restyle()
	a.pics.restyle()
	for _, c := range []component{nilOr(a.form), nilOr(a.actionForm), nilOr(a.outcome), nilOr(a.evidence), nilOr(a.chooser), nilOr(a.meetingForm)} {
		if r, ok := c.(interface{ restyle() }); ok {
			r.restyle()
		}
	}
}

func (a *app) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, a.sameFrame = msg.(StoreChangedMsg)
	cmd := a.update(msg)
	if a.help.ShowAll {
		// Full help's height follows the screen's state (a form gains
		// ctrl+r after a conflict); keep the body in step with it.
		if lipgloss.Height(a.footerView()) != a.footerH {
			a.layout()
		}
	}
	return a, cmd
}

func (a *app) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.c.width, a.c.height = msg.Width, msg.Height
		a.layout()
		return nil
	case tea.BackgroundColorMsg:
		a.c.setDark(msg.IsDark())
		a.restyle()
		return nil
	case statusMsg:
		a.status = msg
		return nil
	case errMsg:
		a.status = statusMsg{text: describeErr(msg.op, msg.err), err: true}
		return nil
	case StoreChangedMsg:
		return a.storeChanged(msg)
	case enrolledMsg:
		if a.picker == nil {
			return nil
		}
		cmd := a.picker.Update(msg)
		if msg.err != nil {
			return cmd
		}
		a.c.setUser(msg.user)
		a.active, a.stack = screenBoard, nil
		a.status = statusMsg{text: "You are " + safeName(msg.user.Name) + ". Your key is enrolled: next time you connect you come straight here."}
		a.layout()
		return tea.Batch(a.board.Init(), a.connectInbox())
	case tea.KeyPressMsg:
		return a.key(msg)
	case tea.PasteMsg:
		if ed, ok := a.current().(editor); ok {
			ed.keepOriginal()
		}
		return a.current().Update(msg)
	}
	if cmd, ok := a.navigate(msg); ok {
		return cmd
	}

	// Answers to loads go to whichever screen asked, visible or not; each
	// checks the seq and ignores what is not its own.
	switch msg := msg.(type) {
	case boardLoadedMsg:
		cmd := a.board.Update(msg)
		if a.c.news.ward != a.c.ward.Code {
			// The board moved to another ward: its meetings and priorities.
			cmd = tea.Batch(cmd, a.loadNews())
		}
		return cmd
	case detailLoadedMsg:
		return a.detail.Update(msg)
	case actionsLoadedMsg:
		return a.actions.Update(msg)
	case actionLoadedMsg:
		return a.action.Update(msg)
	case formSavedMsg:
		if a.form != nil {
			return a.form.Update(msg)
		}
	case formLatestMsg:
		// The problem form and the evidence form both check on a problem.
		var cmds []tea.Cmd
		for _, c := range []component{nilOr(a.form), nilOr(a.evidence)} {
			if c != nil {
				cmds = append(cmds, c.Update(msg))
			}
		}
		return tea.Batch(cmds...)
	case actionSavedMsg, actionLatestMsg:
		// The action form, the status chooser and the outcome form all ask
		// after an action; the seq says whose answer it is.
		var cmds []tea.Cmd
		for _, c := range []component{nilOr(a.actionForm), nilOr(a.chooser), nilOr(a.outcome)} {
			if c != nil {
				cmds = append(cmds, c.Update(msg))
			}
		}
		return tea.Batch(cmds...)
	case outcomeSavedMsg:
		if a.outcome != nil {
			return a.outcome.Update(msg)
		}
	case evidenceSavedMsg:
		if a.evidence != nil {
			return a.evidence.Update(msg)
		}
	case meetingsLoadedMsg:
		return a.meetings.Update(msg)
	case auditLoadedMsg:
		return a.audit.Update(msg)
	case meetingLoadedMsg, meetingSavedMsg:
		// The meeting screen, and the minutes form or the problem picker
		// over it, each ask; the seq says whose answer it is.
		cmds := []tea.Cmd{a.meeting.Update(msg)}
		for _, c := range []component{nilOr(a.meetingForm), nilOr(a.pick)} {
			if c != nil {
				cmds = append(cmds, c.Update(msg))
			}
		}
		return tea.Batch(cmds...)
	case meetingTickMsg:
		if a.active == screenMeeting {
			return a.meeting.Update(msg)
		}
		// Off screen the timer stops; opening the meeting starts it again.
		a.meeting.ticking = false
	case peopleMsg, formProblemsMsg:
		// For the people pickers and problem choice of the form on screen.
		return a.current().Update(msg)
	case pictureMsg:
		return a.pictureUpdate(msg)
	case crimeMsg:
		return a.crimes.Update(msg)
	case inboxLoadedMsg:
		return a.inboxLoaded(msg)
	case wardNewsMsg:
		if msg.seq != a.newsSeq {
			return nil
		}
		a.newsLoading = false
		if msg.err == nil {
			a.c.news = msg.news
			a.board.news()
		}
		if a.newsStale {
			return a.loadNews()
		}
	}
	return nil
}

// loadNews asks for the ward's live meeting and priorities, for the header
// and board; like the board, one load at a time and one more for whatever
// changed meanwhile.
func (a *app) loadNews() tea.Cmd {
	if !a.c.hasUser || a.c.ward.Code == "" {
		return nil
	}
	if a.newsLoading {
		a.newsStale = true
		return nil
	}
	a.newsLoading, a.newsStale = true, false
	a.newsSeq = a.c.nextSeq()
	return wardNewsCmd(a.c.store, a.c.user, a.c.ward.Code, a.newsSeq)
}

// storeChanged has every open screen re-read what it shows: the board and
// lists keep their cursor and filters, details their scroll, forms what is
// typed. Screens not open hold nothing to refresh.
func (a *app) storeChanged(msg StoreChangedMsg) tea.Cmd {
	if !a.c.hasUser {
		return nil
	}
	cmds := []tea.Cmd{a.board.Update(msg), a.loadNews()}
	for _, c := range a.openScreens() {
		if c != component(a.board) {
			cmds = append(cmds, c.Update(msg))
		}
	}
	return tea.Batch(cmds...)
}

// navigate handles the screens' requests to move between screens.
func (a *app) navigate(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case openDetailMsg:
		a.open(screenDetail)
		return a.detail.show(msg.p), true
	case openFormMsg:
		a.form = newForm(a.c, msg.p, msg.new, a.board.agencies)
		a.open(screenForm)
		return a.form.Init(), true
	case openActionsMsg:
		a.open(screenActions)
		return a.actions.show(), true
	case openActionMsg:
		a.open(screenAction)
		return a.action.show(msg.a), true
	case openActionFormMsg:
		a.actionForm = newActionForm(a.c, msg.a, msg.create, msg.problem, a.agencies())
		a.actionForm.item = msg.item
		a.actionForm.linked = msg.linked
		a.open(screenActionForm)
		return a.actionForm.Init(), true
	case openStatusMsg:
		a.chooser = newStatusChooser(a.c, msg.a)
		a.open(screenStatus)
		return nil, true
	case openOutcomeMsg:
		a.outcome = newOutcomeForm(a.c, msg.a)
		a.open(screenOutcome)
		return a.outcome.Init(), true
	case openEvidenceMsg:
		a.evidence = newEvidenceForm(a.c, msg.p)
		a.open(screenEvidence)
		return a.evidence.Init(), true
	case openMeetingsMsg:
		a.open(screenMeetings)
		cmd := a.meetings.reload()
		if live := a.c.news.live; live.ID != 0 {
			// A meeting under way is where people are going.
			a.open(screenMeeting)
			cmd = tea.Batch(cmd, a.meeting.show(live.ID))
		}
		return cmd, true
	case openMeetingMsg:
		a.open(screenMeeting)
		return a.meeting.show(msg.id), true
	case openMeetingFormMsg:
		a.meetingForm = msg.f
		a.open(screenMeetingForm)
		return a.meetingForm.Init(), true
	case openAuditMsg:
		a.open(screenAudit)
		return a.audit.show(), true
	case pictureNav:
		return a.pictureNavigate(msg), true
	case crimeNav:
		return a.crimeNavigate(msg), true
	case openInboxMsg:
		return a.openInbox(msg), true
	case openPickMsg:
		a.pick = msg.p
		a.open(screenPick)
		return nil, true
	case meetingDoneMsg:
		a.status = statusMsg{text: msg.text}
		a.back()
		if msg.id != 0 {
			a.open(screenMeeting)
			return tea.Batch(a.meeting.show(msg.id), a.meetings.reload()), true
		}
		return a.storeChanged(StoreChangedMsg{}), true
	case backMsg:
		return a.back(), true
	case problemGoneMsg:
		// The detail has already let go of the record; leave its screen, but
		// never close a form over someone's typing.
		a.status = statusMsg{text: fmt.Sprintf("Problem #%d is no longer on your board", msg.id), err: true}
		if a.active == screenDetail {
			return a.back(), true
		}
		return nil, true
	case actionGoneMsg:
		a.status = statusMsg{text: fmt.Sprintf("Action #%d is no longer visible to you", msg.id), err: true}
		if a.active == screenAction {
			return a.back(), true
		}
		return nil, true
	case savedMsg:
		verb := "Saved"
		if msg.created {
			verb = "Added"
		}
		a.status = statusMsg{text: fmt.Sprintf("%s #%d %s", verb, msg.p.ID, safeLine(msg.p.Title, model.MaxTitleLen))}
		a.back()
		a.open(screenDetail)
		cmd := a.detail.show(msg.p)
		a.board.selectID(msg.p.ID)
		// The change feed will say the same, but the board should not have
		// to wait for it (or depend on it, in a local session).
		return tea.Batch(cmd, a.board.reload()), true
	case taskSavedMsg:
		a.status = statusMsg{text: msg.text}
		a.back()
		if msg.actionID != 0 {
			a.detail.selectAction(msg.actionID)
			a.actions.selectID(msg.actionID)
		}
		// As for problems: refresh now rather than wait for the feed.
		return a.storeChanged(StoreChangedMsg{}), true
	}
	return nil, false
}

// agencies are the ones the board or actions list loaded last, for forms.
func (a *app) agencies() []model.Agency {
	if len(a.actions.agencies) > 0 {
		return a.actions.agencies
	}
	return a.board.agencies
}

func (a *app) key(msg tea.KeyPressMsg) tea.Cmd {
	k := a.c.keys
	a.status = statusMsg{}
	cur := a.current()
	armed := a.confirm.take()
	ed, inForm := cur.(editor)
	if inForm {
		ed.keepOriginal()
	}
	switch {
	case key.Matches(msg, k.ForceQuit) && inForm && armed != "quit":
		// ctrl+c in a form is as likely a copy as a goodbye.
		return a.confirm.ask("quit", quitFormPrompt)
	case key.Matches(msg, k.ForceQuit):
		return tea.Quit
	case key.Matches(msg, k.Cancel) && inForm && ed.edited() && armed != "discard":
		return a.confirm.ask("discard", discardPrompt)
	}
	if !cur.capturing() {
		switch {
		case key.Matches(msg, k.Quit):
			return tea.Quit
		case key.Matches(msg, k.Help):
			a.help.ShowAll = !a.help.ShowAll
			a.layout()
			return nil
		}
	}
	return cur.Update(msg)
}

func (a *app) View() tea.View {
	if a.sameFrame && a.frame.Content != "" {
		return a.frame
	}
	a.frame = a.view()
	return a.frame
}

func (a *app) view() tea.View {
	c := a.c
	st := &c.styles
	var b strings.Builder
	b.WriteString(c.headerView())
	b.WriteByte('\n')
	b.WriteString(a.current().View())
	b.WriteByte('\n')
	// A message longer than the line takes the key-help line too while it
	// shows (it lasts one key): a reason cut short explains nothing.
	lines := statusLines(safeLine(a.status.text, model.MaxLineLen), c.width, !a.help.ShowAll)
	for i, l := range lines {
		if a.status.err {
			lines[i] = st.Error.Render(l)
		} else if l != "" {
			lines[i] = st.Success.Render(l)
		}
	}
	b.WriteString(strings.Join(lines, "\n"))
	if len(lines) == 1 {
		b.WriteByte('\n')
		b.WriteString(a.footerView())
	}

	v := tea.NewView(fitScreen(b.String(), c.width, c.height))
	v.AltScreen = true
	return v
}

// footerView is the active screen's key help. Lines are cut to the width
// here because help.Model only shortens when its ellipsis fits, and lets an
// item overflow when it does not.
func (a *app) footerView() string {
	cur := a.current()
	// Key help changes with the screen's state, not with the data, so a
	// frame redrawn for a store change reuses the last one.
	var sig strings.Builder
	fmt.Fprintf(&sig, "%d %t %t|", a.c.width, a.help.ShowAll, a.c.isDark)
	addKeys := func(bs []key.Binding) {
		for _, b := range bs {
			if b.Enabled() {
				sig.WriteString(b.Help().Key)
				sig.WriteByte(0)
				sig.WriteString(b.Help().Desc)
				sig.WriteByte(0)
			}
		}
		sig.WriteByte('|')
	}
	if a.help.ShowAll {
		for _, g := range cur.FullHelp() {
			addKeys(g)
		}
	} else {
		addKeys(cur.ShortHelp())
	}
	if sig.String() == a.footer.key {
		return a.footer.out
	}
	lines := strings.Split(a.help.View(cur), "\n")
	for i, l := range lines {
		lines[i] = trunc(l, a.c.width)
	}
	a.footer.key, a.footer.out = sig.String(), strings.Join(lines, "\n")
	return a.footer.out
}

// fitScreen is the last guard on the frame: exactly h lines, none wider
// than w. The parts are sized to fit already; this keeps a mistake in one
// of them from scrolling or wrapping the whole terminal.
// statusLines is the status text in one line of width w, or, when it is
// longer and two may be used, in two.
func statusLines(text string, w int, two bool) []string {
	if !two || textWidth(text) <= w {
		return []string{trunc(text, w)}
	}
	first, rest, _ := strings.Cut(ansi.Wordwrap(text, w, ""), "\n")
	return []string{trunc(first, w), trunc(strings.ReplaceAll(rest, "\n", " "), w)}
}

func fitScreen(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = trunc(l, w)
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
