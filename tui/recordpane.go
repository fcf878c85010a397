package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"wardpanel/model"
)

// recordPane is what the problem and action screens share: one record's
// lines in a viewport under a heading line, scrolled with the app's keys
// and drawn in Update (the viewport's View costs a thousand allocations,
// and every session on the screen redraws on every change to the store);
// and the record's loads, one at a time, with one more for whatever changed
// meanwhile.
type recordPane struct {
	seq     int
	loading bool
	stale   bool

	vp            viewport.Model
	width, height int
	out           string // the screen as last drawn, for View
}

func newRecordPane() recordPane {
	vp := viewport.New()
	// Keys are ours (keyMap) so help and behaviour agree; the viewport's own
	// defaults include letters the screens use for other things.
	vp.KeyMap = viewport.KeyMap{}
	vp.MouseWheelEnabled = false
	return recordPane{vp: vp}
}

// setSize gives the viewport what the heading line leaves.
func (r *recordPane) setSize(w, h int) {
	r.width, r.height = w, h
	r.vp.SetWidth(w)
	r.vp.SetHeight(max(0, h-1))
}

// load numbers a new load of the record, whatever is under way: its
// answer is the one the screen takes.
func (r *recordPane) load(c *common) int {
	r.loading, r.stale = true, false
	r.seq = c.nextSeq()
	return r.seq
}

// reload numbers a load, or notes that one must follow the load under way
// (ok false).
func (r *recordPane) reload(c *common) (seq int, ok bool) {
	if r.loading {
		r.stale = true
		return 0, false
	}
	return r.load(c), true
}

// landed reports whether seq answers the load under way, which it ends.
func (r *recordPane) landed(seq int) bool {
	if seq != r.seq {
		return false
	}
	r.loading = false
	return true
}

// scroll moves the viewport for the app's scrolling keys, and reports
// whether msg was one.
func (r *recordPane) scroll(msg tea.KeyPressMsg, k keyMap) bool {
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
	default:
		return false
	}
	return true
}

func (r *recordPane) View() string { return r.out }

// drawRecord draws the record's heading (its reference, a restricted
// record's tag, its title) over the viewport into out; nothing while there
// is no record.
func (r *recordPane) drawRecord(st *styles, has bool, ref, title string, v model.Visibility) {
	if !has {
		r.out = block(nil, r.width, r.height)
		return
	}
	t := st.Title.Render(safeLine(title, model.MaxTitleLen))
	if tag := visibilityTag(v); tag != "" {
		t = st.Restricted.Render(tag) + " " + t
	}
	r.out = r.frame(st.Label.Render(ref+" ") + t)
}

// frame is top over the viewport, exactly the pane's size.
func (r *recordPane) frame(top string) string {
	top = trunc(top, r.width)
	if r.height <= 1 {
		return block([]string{top}, r.width, r.height)
	}
	body := r.vp.View()
	if lipgloss.Height(body) != r.height-1 || body == "" {
		return block(append([]string{top}, strings.Split(body, "\n")...), r.width, r.height)
	}
	return top + "\n" + body
}
