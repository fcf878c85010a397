package records

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// record is what a screen of this package tells its pane: how to read the
// record, its lines at the pane's width, its heading, and the messages and
// keys of its own.
type record interface {
	// fetch reads the record afresh, answering with seq.
	fetch(seq int) tea.Cmd
	// lines lay the record out at the pane's width.
	lines() []string
	// heading is the record's reference, title and visibility.
	heading() (ref, title string, v model.Visibility)
	// update answers a message that is not the pane's; key a key press
	// that is not a scrolling one.
	update(msg tea.Msg) tea.Cmd
	key(msg tea.KeyPressMsg) tea.Cmd
	// forget lets go of the record, which may no longer be read.
	forget()
	// permissions work out what the user may do to the record now.
	permissions()
}

// pane is what the problem and action screens share: one record's lines
// in a viewport under a heading line, scrolled with the app's keys and
// drawn in Update (the viewport's View costs a thousand allocations, and
// every session on the screen redraws on every change to the store); and
// the record's loads, one at a time, with one more for whatever changed
// meanwhile.
type pane struct {
	s     ui.Session
	st    Store
	links Links
	k     keys
	rec   record

	has  bool // a record is on screen
	load ui.Loader

	vp            viewport.Model
	width, height int
	out           string // the screen as last drawn, for View
	// heads are the section headings' lines, for ] and [.
	heads heads
}

func newPane(s ui.Session, st Store, links Links, rec record) pane {
	vp := viewport.New()
	// Keys are ours (ui.Keys) so help and behaviour agree; the viewport's
	// own defaults include letters the screens use for other things.
	vp.KeyMap = viewport.KeyMap{}
	vp.MouseWheelEnabled = false
	return pane{s: s, st: st, links: links, k: keys{s.Keys(), NewKeyMap()}, rec: rec, vp: vp}
}

func (r *pane) Init() tea.Cmd   { return nil }
func (r *pane) Capturing() bool { return false }
func (r *pane) View() string    { return r.out }

// Gone says the record shown may no longer be read: going back passes the
// screen over.
func (r *pane) Gone() bool { return !r.has }

// Viewport is the pane's viewport, for tests that read what it holds.
func (r *pane) Viewport() *viewport.Model { return &r.vp }

// SetSize gives the viewport what the heading line leaves.
func (r *pane) SetSize(w, h int) {
	r.width, r.height = w, h
	r.vp.SetWidth(w)
	r.vp.SetHeight(max(0, h-1))
	r.render()
	r.draw()
}

// Restyle lays the record out again in the session's new styles.
func (r *pane) Restyle() {
	r.render()
	r.draw()
}

// Update handles msg, then draws the screen for the frames that follow.
func (r *pane) Update(msg tea.Msg) tea.Cmd {
	cmd := r.update(msg)
	r.draw()
	return cmd
}

func (r *pane) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ui.StoreChanged:
		return r.reload()
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, r.k.Back):
			return ui.Cmd(ui.Back{})
		case r.scroll(msg):
			return nil
		}
		return r.rec.key(msg)
	}
	return r.rec.update(msg)
}

// show puts a record on screen at once, top set when it is another
// record than the one shown, and reads it afresh, whatever load is under way.
func (r *pane) show(top bool) tea.Cmd {
	if top {
		r.vp.GotoTop()
	}
	r.has = true
	r.rec.permissions()
	r.render()
	r.draw()
	r.load.Forget()
	return r.reload()
}

// reload re-reads the record, or notes that it must once the current read lands.
func (r *pane) reload() tea.Cmd {
	if !r.has {
		return nil
	}
	seq, ok := r.load.Start(r.s.NextSeq)
	if !ok {
		return nil
	}
	return r.rec.fetch(seq)
}

// landed takes a load's answer: ok false when it is not the last load's,
// or the record may no longer be read (then cmd says so, through gone);
// else cmd reports err as op and reads again if something changed meanwhile.
func (r *pane) landed(seq int, err error, op string, gone func() tea.Msg) (cmd tea.Cmd, ok bool) {
	ours, again := r.load.Done(seq)
	if !ours {
		return nil, false
	}
	if errors.Is(err, model.ErrNotFound) {
		// Never leave on screen a record the user may no longer see.
		r.has = false
		r.rec.forget()
		r.rec.permissions()
		r.render()
		return ui.Cmd(gone()), false
	}
	if err != nil {
		cmd = ui.Cmd(ui.Err{Op: op, Err: err})
	}
	if again {
		cmd = tea.Batch(cmd, r.reload())
	}
	return cmd, err == nil
}

// render lays the record out for the current width. It runs in Update (on
// load, resize and selection), so View only slices the viewport.
func (r *pane) render() {
	if !r.has || r.width <= 0 {
		r.vp.SetContentLines(nil)
		return
	}
	r.heads = heads{lines: r.heads.lines[:0]}
	r.vp.SetContentLines(r.rec.lines())
}

// scroll moves the viewport for the app's scrolling keys and ] and [, and
// reports whether msg was one.
func (r *pane) scroll(msg tea.KeyPressMsg) bool {
	k := r.k
	switch {
	case key.Matches(msg, k.Up):
		r.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		r.vp.ScrollDown(1)
	case key.Matches(msg, k.PageUp):
		r.vp.PageUp()
	case key.Matches(msg, k.PageDown):
		r.vp.PageDown()
	case key.Matches(msg, k.Home):
		r.vp.GotoTop()
	case key.Matches(msg, k.End):
		r.vp.GotoBottom()
	case len(r.heads.lines) > 0 && key.Matches(msg, k.NextSection):
		r.jump(1)
	case len(r.heads.lines) > 0 && key.Matches(msg, k.PrevSection):
		r.jump(-1)
	default:
		return false
	}
	return true
}

// jump scrolls the next (or previous) section's heading to the top.
func (r *pane) jump(dir int) {
	y := r.vp.YOffset()
	hs := r.heads.lines
	if dir < 0 {
		for i := len(hs) - 1; i >= 0; i-- {
			if hs[i] < y {
				r.vp.SetYOffset(hs[i])
				return
			}
		}
		r.vp.GotoTop()
		return
	}
	for _, l := range hs {
		if l > y {
			r.vp.SetYOffset(l)
			return
		}
	}
}

// into scrolls content line into view.
func (r *pane) into(line int) {
	if h := r.vp.Height(); h > 0 {
		switch {
		case line < r.vp.YOffset():
			r.vp.SetYOffset(line)
		case line >= r.vp.YOffset()+h:
			r.vp.SetYOffset(line - h + 1)
		}
	}
}

// scrollHelp are the keys that move the pane, for the full help.
func (r *pane) scrollHelp() []key.Binding {
	k := r.k
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}
}

// draw draws the record's heading (its reference, a restricted record's
// tag, its title) over the viewport into out; nothing while there is no
// record.
func (r *pane) draw() {
	if !r.has {
		r.out = ui.Block(nil, r.width, r.height)
		return
	}
	st := r.s.Styles()
	ref, title, v := r.rec.heading()
	t := st.Title.Render(ui.SafeLine(title, model.MaxTitleLen))
	if tag := ui.VisibilityTag(v); tag != "" {
		t = st.Restricted.Render(tag) + " " + t
	}
	r.out = r.frame(st.Label.Render(ref+" ") + t)
}

// frame is top over the viewport, exactly the pane's size.
func (r *pane) frame(top string) string {
	top = ui.Trunc(top, r.width)
	if r.height <= 1 {
		return ui.Block([]string{top}, r.width, r.height)
	}
	body := r.vp.View()
	if lipgloss.Height(body) != r.height-1 || body == "" {
		return ui.Block(append([]string{top}, strings.Split(body, "\n")...), r.width, r.height)
	}
	return top + "\n" + body
}
