// Package tui is wardpanel's terminal interface: the screens a ward panel
// partner sees over SSH (or in a local terminal), built with Bubble Tea.
//
// New builds one session's root model. Everything a session needs lives in
// values it owns: many sessions share one process, so the package keeps no
// mutable state of its own. All store calls run in tea.Cmds.
package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"wardpanel/model"
)

// Store is the narrow slice of *store.Store the TUI needs (so tests can fake it).
type Store interface {
	Ward(code string) (model.Ward, error)
	Agencies() ([]model.Agency, error)
	Problems(viewer model.User, ward string) ([]model.Problem, error)
	Problem(viewer model.User, id model.ID) (model.Problem, error)
	CreateProblem(by model.Actor, p model.Problem) (model.Problem, error)
	UpdateProblem(by model.Actor, p model.Problem) (model.Problem, error)
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
}

// StoreChangedMsg is sent by the SSH layer when the store committed a
// change; the TUI re-reads (in a tea.Cmd) what it shows, keeping the cursor
// on the same problem ID, the filter text and any form being typed.
type StoreChangedMsg struct{ Revision uint64 }

type screen int

const (
	screenPicker screen = iota
	screenBoard
	screenDetail
	screenForm
)

// app is the root model: it owns the session bundle, sizes and routes to
// the screens, and draws the frame around them (header, status, help).
// Screen logic lives in the screens.
type app struct {
	c      *common
	active screen
	// formBack is where the form returns to: the detail it was opened
	// from, or the board.
	formBack screen

	picker *picker
	board  *board
	detail *detail
	form   *form

	help    help.Model
	footer  struct{ key, out string }
	status  statusMsg
	bodyH   int
	footerH int
}

// New returns the root model for one session.
func New(opts Options) tea.Model {
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
	}
	c.setDark(true)
	a := &app{c: c, help: help.New()}
	a.help.Styles = c.styles.Help
	a.detail = newDetail(c)
	if opts.User != nil {
		c.setUser(*opts.User)
		a.board = newBoard(c)
		a.active = screenBoard
	} else {
		a.picker = newPicker(c, opts.Personas)
		a.board = newBoard(c)
		a.active = screenPicker
	}
	a.layout()
	return a
}

func (a *app) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	if a.c.hasUser {
		cmds = append(cmds, a.board.Init())
	}
	return tea.Batch(cmds...)
}

func (a *app) current() component {
	switch a.active {
	case screenPicker:
		return a.picker
	case screenDetail:
		return a.detail
	case screenForm:
		return a.form
	}
	return a.board
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
	if a.picker != nil {
		a.picker.SetSize(w, a.bodyH)
	}
	a.board.SetSize(w, a.bodyH)
	a.detail.SetSize(w, a.bodyH)
	if a.form != nil {
		a.form.SetSize(w, a.bodyH)
	}
}

func (a *app) restyle() {
	a.help.Styles = a.c.styles.Help
	a.board.restyle()
	if a.form != nil {
		a.form.restyle()
	}
	a.detail.render()
}

func (a *app) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
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
		// Everything that shows stored data re-reads it; the board keeps
		// its cursor and filters, the form keeps what is typed.
		if !a.c.hasUser {
			return nil
		}
		cmds := []tea.Cmd{a.board.Update(msg)}
		if a.active == screenDetail || a.formBack == screenDetail && a.active == screenForm {
			cmds = append(cmds, a.detail.Update(msg))
		}
		if a.active == screenForm {
			cmds = append(cmds, a.form.Update(msg))
		}
		return tea.Batch(cmds...)
	case enrolledMsg:
		if a.picker == nil {
			return nil
		}
		cmd := a.picker.Update(msg)
		if msg.err != nil {
			return cmd
		}
		a.c.setUser(msg.user)
		a.active = screenBoard
		a.status = statusMsg{text: "You are " + safeName(msg.user.Name) + ". Your key is enrolled: next time you connect you come straight here."}
		a.layout()
		return a.board.Init()
	case openDetailMsg:
		a.detail.show(msg.p)
		a.active = screenDetail
		a.layout()
		return nil
	case openFormMsg:
		a.formBack = a.active
		a.form = newForm(a.c, msg.p, msg.new, a.board.agencies)
		a.active = screenForm
		a.layout()
		return a.form.Init()
	case backMsg:
		return a.back()
	case problemGoneMsg:
		// The detail has already let go of the record; leave its screen, but
		// never close a form over someone's typing.
		a.status = statusMsg{text: fmt.Sprintf("Problem #%d is no longer on your board", msg.id), err: true}
		if a.active == screenDetail {
			return a.back()
		}
		return nil
	case savedMsg:
		verb := "Saved"
		if msg.created {
			verb = "Added"
		}
		a.status = statusMsg{text: fmt.Sprintf("%s #%d %s", verb, msg.p.ID, safeLine(msg.p.Title, model.MaxTitleLen))}
		a.form = nil
		a.detail.show(msg.p)
		a.active = screenDetail
		a.board.selectID(msg.p.ID)
		a.layout()
		// The change feed will say the same, but the board should not have
		// to wait for it (or depend on it, in a local session).
		return a.board.reload()
	case tea.KeyPressMsg:
		return a.key(msg)
	case tea.PasteMsg:
		return a.current().Update(msg)
	}

	// Answers to loads go to whichever screen asked, visible or not; each
	// checks the seq and ignores what is not its own.
	switch msg.(type) {
	case boardLoadedMsg:
		return a.board.Update(msg)
	case detailLoadedMsg:
		return a.detail.Update(msg)
	case formSavedMsg, formLatestMsg:
		if a.form != nil {
			return a.form.Update(msg)
		}
		return nil
	}
	return nil
}

func (a *app) key(msg tea.KeyPressMsg) tea.Cmd {
	k := a.c.keys
	a.status = statusMsg{}
	if key.Matches(msg, k.ForceQuit) {
		return tea.Quit
	}
	cur := a.current()
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

func (a *app) back() tea.Cmd {
	switch a.active {
	case screenForm:
		a.form = nil
		a.active = a.formBack
		if a.active == screenDetail && !a.detail.has {
			a.active = screenBoard
		}
	case screenDetail:
		a.active = screenBoard
	}
	a.layout()
	return nil
}

func (a *app) View() tea.View {
	c := a.c
	st := &c.styles
	var b strings.Builder
	b.WriteString(c.headerView())
	b.WriteByte('\n')
	b.WriteString(a.current().View())
	b.WriteByte('\n')
	status := trunc(safeLine(a.status.text, model.MaxLineLen), c.width)
	if a.status.err {
		status = st.Error.Render(status)
	} else if status != "" {
		status = st.Success.Render(status)
	}
	b.WriteString(status)
	b.WriteByte('\n')
	b.WriteString(a.footerView())

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
