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
	"wardpanel/tui/actionforms"
	"wardpanel/tui/audit"
	"wardpanel/tui/problemforms"
	rec "wardpanel/tui/records"
	"wardpanel/tui/ui"
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

	// Tasking (issue 3): actions, their outcomes, and problems' evidence.
	Action(viewer model.User, id model.ID) (model.Action, error)
	Actions(viewer model.User, ward string) ([]model.Action, error)
	ProblemActions(viewer model.User, problemID model.ID) ([]model.Action, error)
	Outcomes(viewer model.User, actionID model.ID) ([]model.Outcome, error)
	Evidence(viewer model.User, problemID model.ID) ([]model.Evidence, error)

	MeetingStore // meetings (issue 4), in meetingdata.go and package meetings

	audit.Store // the audit trail (issue 6), in package audit

	PictureStore // rich pictures (issue 5), in picturedata.go
	CrimeStore   // the crime picture (issue 7), in crimedata.go and package crimes
	UpdateStore  // partner updates before a meeting (issue 21), in updatesdata.go

	rec.Store // the problem and action screens, in package records

	problemforms.Store // a problem's forms, its evidence and its SARA plan's sheets (issue 19)
	actionforms.Store  // the action forms and status chooser, in package actionforms
}

// The bbolt store is the one implementation of Store.
var _ Store = (*store.Store)(nil)

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
	// something in it (package inbox).
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
type StoreChangedMsg = ui.StoreChanged

// app is the root model, the router: it owns the session bundle, sizes
// and routes to the screens of the table (screens.go), and draws the frame
// around them (header, status, help). It knows no screen by name beyond
// the one a session starts on.
//
// Screens form a stack: active is on top, stack holds what esc returns to.
// Each screen of the table has one instance, so opening one already in the
// stack goes back to it (with the new record) rather than stacking a second.
type app struct {
	c      *common
	active screen
	stack  []screen
	// live are the screens that exist: those the table makes once, and the
	// forms open now.
	live map[screen]component

	newsLoad ui.Loader
	newsFor  string // the ward the last load of news was for
	// wardKept is the ward the store has as the user's last (lastward.go).
	wardKept string

	// confirm guards esc and ctrl+c in forms.
	confirm ui.Twice

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
		width:          80,
		height:         24,
		keys:           newKeyMap(),
		store:          opts.Store,
		fingerprint:    opts.Fingerprint,
		demo:           opts.Demo,
		enrol:          opts.Enrol,
		live:           opts.Live,
		now:            now,
		tick:           tickUntil(opts.Done),
		personas:       opts.Personas,
		inboxOnConnect: opts.Inbox,
	}
	c.setDark(true)
	a := &app{c: c, help: help.New(), live: map[screen]component{}}
	a.help.Styles = c.styles.Help
	for _, d := range screenTable {
		if d.make != nil {
			a.live[d.id] = d.make(c)
		}
	}
	a.active = screenPicker
	if opts.User != nil {
		c.setUser(*opts.User)
		a.active = screenBoard
	}
	a.layout()
	return a
}

func (a *app) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	if a.c.hasUser {
		cmds = append(cmds, a.current().Init(), a.loadNews(), a.greet())
	}
	return tea.Batch(cmds...)
}

// greet gives every screen its say when a user arrives.
func (a *app) greet() tea.Cmd {
	var cmds []tea.Cmd
	for _, c := range a.screens() {
		if g, ok := c.(greeter); ok {
			cmds = append(cmds, g.greet())
		}
	}
	return tea.Batch(cmds...)
}

// screen returns the live instance of s, or nil.
func (a *app) screen(s screen) component { return a.live[s] }

// screens are the live screens in the table's order.
func (a *app) screens() []component {
	out := make([]component, 0, len(a.live))
	for _, d := range screenTable {
		if c := a.live[d.id]; c != nil {
			out = append(out, c)
		}
	}
	return out
}

// place opens a screen made afresh (a form) on top.
func (a *app) place(s screen, c component) tea.Cmd {
	a.drop(s)
	a.live[s] = c
	a.open(s)
	return c.Init()
}

func (a *app) current() component {
	if c := a.screen(a.active); c != nil {
		return c
	}
	return a.screen(screenBoard)
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

// show opens a screen of a package of its own, which reads afresh if it
// is a ui.Shower.
func (a *app) show(s screen) tea.Cmd {
	a.open(s)
	if s, ok := a.current().(pkgScreen); ok {
		if sh, ok := s.Screen.(ui.Shower); ok {
			return sh.Show()
		}
	}
	return nil
}

// drop lets go of a screen that has left the stack: forms are made anew
// each time they open.
func (a *app) drop(s screen) {
	for _, d := range screenTable {
		if d.id == s && d.make == nil {
			delete(a.live, s)
		}
	}
}

// back closes the top screen. A detail whose record has gone (removed or
// restricted) is passed over rather than shown empty.
func (a *app) back() tea.Cmd {
	for len(a.stack) > 0 {
		a.drop(a.active)
		a.active = a.stack[len(a.stack)-1]
		a.stack = a.stack[:len(a.stack)-1]
		if g, ok := a.current().(goner); !ok || !g.gone() {
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
	for _, c := range a.screens() {
		c.SetSize(w, a.bodyH)
	}
}

func (a *app) restyle() {
	a.help.Styles = a.c.styles.Help
	for _, c := range a.screens() {
		if r, ok := c.(restyler); ok {
			r.restyle()
		}
		// The forms built on form.Sheet restyle as a ui screen does.
		if r, ok := c.(ui.Restyler); ok {
			r.Restyle()
		}
	}
}

func (a *app) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, a.sameFrame = msg.(StoreChangedMsg)
	cmd := a.update(msg)
	if save := a.rememberWard(); save != nil {
		cmd = tea.Batch(cmd, save)
	}
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
	case ui.Status:
		a.status = statusMsg{text: msg.Text, err: msg.Err}
		return nil
	case ui.Err:
		a.status = statusMsg{text: describeErr(msg.Op, msg.Err), err: true}
		return nil
	case StoreChangedMsg:
		return a.storeChanged(msg)
	case tea.KeyPressMsg:
		return a.key(msg)
	case tea.PasteMsg:
		if ed, ok := a.current().(editor); ok {
			ed.KeepOriginal()
		}
		return a.current().Update(msg)
	}
	switch msg := msg.(type) {
	case navigator:
		return msg.route(a)
	case ui.Back:
		return a.back()
	case ui.Open:
		return a.show(screen(msg.ID))
	case wardNewsMsg:
		return a.newsLoaded(msg)
	case ui.TopOnly:
		for _, c := range a.screens() {
			if l, ok := c.(lapser); ok && c != a.current() {
				l.lapse()
			}
		}
		return a.current().Update(msg)
	}

	// Answers to loads go to every screen, visible or not; each checks the
	// seq and ignores what is not its own.
	var cmds []tea.Cmd
	for _, c := range a.screens() {
		cmds = append(cmds, c.Update(msg))
	}
	if a.c.hasUser && a.c.ward.Code != "" && a.c.news.ward != a.c.ward.Code && a.newsFor != a.c.ward.Code {
		// The board moved to another ward: its meetings and priorities.
		cmds = append(cmds, a.loadNews())
	}
	return tea.Batch(cmds...)
}

func (a *app) newsLoaded(msg wardNewsMsg) tea.Cmd {
	ours, again := a.newsLoad.Done(msg.seq)
	if !ours {
		return nil
	}
	if msg.err == nil {
		a.c.news = msg.news
		for _, c := range a.screens() {
			if r, ok := c.(newsReader); ok {
				r.news()
			}
		}
	}
	if again {
		return a.loadNews()
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
	seq, ok := a.newsLoad.Start(a.c.nextSeq)
	if !ok {
		return nil
	}
	a.newsFor = a.c.ward.Code
	return wardNewsCmd(a.c.store, a.c.user, a.c.ward.Code, seq, a.c.now())
}

// storeChanged has every open screen re-read what it shows: the board and
// lists keep their cursor and filters, details their scroll, forms what is
// typed. Screens not open hold nothing to refresh.
func (a *app) storeChanged(msg StoreChangedMsg) tea.Cmd {
	if !a.c.hasUser {
		return nil
	}
	cmds := []tea.Cmd{a.loadNews()}
	for _, c := range a.openScreens() {
		cmds = append(cmds, c.Update(msg))
	}
	return tea.Batch(cmds...)
}

func (a *app) key(msg tea.KeyPressMsg) tea.Cmd {
	k := a.c.keys
	a.status = statusMsg{}
	cur := a.current()
	armed := a.confirm.Take()
	ed, inForm := cur.(editor)
	if inForm {
		ed.KeepOriginal()
	}
	switch {
	case key.Matches(msg, k.ForceQuit) && inForm && armed != "quit":
		// ctrl+c in a form is as likely a copy as a goodbye.
		return a.confirm.Ask("quit", quitFormPrompt)
	case key.Matches(msg, k.ForceQuit):
		return tea.Quit
	case key.Matches(msg, k.Cancel) && inForm && ed.Edited() && armed != "discard":
		return a.confirm.Ask("discard", discardPrompt)
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
	view := shortHelpLine(a.help, cur.ShortHelp(), a.c.keys.Help, a.c.width) // footer.go
	if a.help.ShowAll {
		view = a.help.View(cur)
	}
	lines := strings.Split(view, "\n")
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
