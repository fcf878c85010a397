package tui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"wardpanel/model"
)

// detailLabelWidth fits the longest label ("Lead agency") and a gap.
const detailLabelWidth = 13

// detail shows one problem. Its body is a list of sections in a viewport,
// so later sections (actions, evidence) join the list without another
// layout, and a small screen scrolls instead of cutting fields off.
type detail struct {
	c *common

	p   model.Problem
	has bool
	seq int

	vp            viewport.Model
	width, height int
}

func newDetail(c *common) *detail {
	vp := viewport.New()
	// Keys are ours (keyMap) so help and behaviour agree; the viewport's own
	// defaults include letters the screen uses for other things.
	vp.KeyMap = viewport.KeyMap{}
	vp.MouseWheelEnabled = false
	return &detail{c: c, vp: vp}
}

func (d *detail) Init() tea.Cmd { return nil }

func (d *detail) show(p model.Problem) {
	d.p, d.has = p, true
	d.seq = d.c.nextSeq()
	d.vp.GotoTop()
	d.render()
}

func (d *detail) SetSize(w, h int) {
	d.width, d.height = w, h
	d.vp.SetWidth(w)
	d.vp.SetHeight(max(0, h-1))
	d.render()
}

func (d *detail) capturing() bool { return false }

func (d *detail) canEdit() bool {
	return d.has && model.CheckEditProblem(d.c.user, d.p, d.p) == nil
}

func (d *detail) ShortHelp() []key.Binding {
	k := d.c.keys
	out := []key.Binding{k.Help, k.Back}
	if d.canEdit() {
		out = append(out, k.Edit)
	}
	return append(out, k.Down, k.Up, k.Quit)
}

func (d *detail) FullHelp() [][]key.Binding {
	k := d.c.keys
	act := []key.Binding{k.Back}
	if d.canEdit() {
		act = append(act, k.Edit)
	}
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		append(act, k.Help, k.Quit),
	}
}

func (d *detail) reload() tea.Cmd {
	if !d.has {
		return nil
	}
	d.seq = d.c.nextSeq()
	return loadDetailCmd(d.c.store, d.c.user, d.p.ID, d.seq)
}

func (d *detail) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case StoreChangedMsg:
		return d.reload()
	case detailLoadedMsg:
		if msg.seq != d.seq {
			return nil
		}
		if errors.Is(msg.err, model.ErrNotFound) {
			// Never leave on screen a record the user may no longer see.
			id := d.p.ID
			d.p, d.has = model.Problem{}, false
			d.render()
			return msgCmd(problemGoneMsg{id: id})
		}
		if msg.err != nil {
			return msgCmd(errMsg{op: "reloading the problem", err: msg.err})
		}
		d.p = msg.p
		d.render()
	case tea.KeyPressMsg:
		k := d.c.keys
		switch {
		case key.Matches(msg, k.Back):
			return msgCmd(backMsg{})
		case key.Matches(msg, k.Edit):
			if d.canEdit() {
				return msgCmd(openFormMsg{p: d.p})
			}
		case key.Matches(msg, k.Up):
			d.vp.ScrollUp(1)
		case key.Matches(msg, k.Down):
			d.vp.ScrollDown(1)
		case key.Matches(msg, k.PageUp):
			d.vp.PageUp()
		case key.Matches(msg, k.PageDown):
			d.vp.PageDown()
		case key.Matches(msg, k.Home):
			d.vp.GotoTop()
		case key.Matches(msg, k.End):
			d.vp.GotoBottom()
		}
	}
	return nil
}

// render lays the problem out for the current width. It runs in Update
// (on load and resize), so View only slices the viewport.
func (d *detail) render() {
	if !d.has || d.width <= 0 {
		d.vp.SetContentLines(nil)
		return
	}
	st := &d.c.styles
	p := d.p
	w := d.width
	valueW := max(1, w-detailLabelWidth)

	var lines []string
	field := func(label, value string) {
		vs := wrap(value, valueW)
		for i, v := range vs {
			l := strings.Repeat(" ", detailLabelWidth)
			if i == 0 {
				l = st.Label.Render(fit(label, detailLabelWidth))
			}
			lines = append(lines, l+st.Value.Render(v))
		}
	}
	orDash := func(s string) string {
		if s == "" {
			return "—"
		}
		return s
	}

	ward := safeName(p.Ward)
	if d.c.ward.Code == p.Ward && d.c.ward.Name != "" && d.c.ward.Name != p.Ward {
		ward = safeName(d.c.ward.Name) + " (" + ward + ")"
	}
	field("Ward", ward)
	field("Stage", safeLine(p.Stage.Title(), model.MaxLineLen))
	field("Priority", p.Priority.String())
	field("Category", orDash(safeLine(string(p.Category), model.MaxLineLen)))
	field("Lead agency", orDash(safeLine(p.LeadAgency, model.MaxLineLen)))
	field("Visible to", visibilityLabel(p.Visibility))
	field("Location", orDash(safeLine(p.Location, model.MaxLineLen)))
	field("Created", safeName(p.CreatedBy)+", "+stamp(p.CreatedAt))
	field("Updated", safeName(p.UpdatedBy)+", "+stamp(p.UpdatedAt))
	field("Version", fmt.Sprint(p.Version))

	lines = append(lines, "", st.Label.Render("Description"))
	desc := safeText(p.Description)
	if desc == "" {
		lines = append(lines, st.Muted.Render("No description yet."))
	} else {
		for _, l := range wrap(desc, w) {
			lines = append(lines, st.Value.Render(l))
		}
	}
	d.vp.SetContentLines(lines)
}

func (d *detail) View() string {
	if !d.has {
		return block(nil, d.width, d.height)
	}
	st := &d.c.styles
	head := st.Label.Render(fmt.Sprintf("#%d ", d.p.ID))
	title := st.Title.Render(safeLine(d.p.Title, model.MaxTitleLen))
	if tag := visibilityTag(d.p.Visibility); tag != "" {
		title = st.Restricted.Render(tag) + " " + title
	}
	top := trunc(head+title, d.width)
	if d.height <= 1 {
		return block([]string{top}, d.width, d.height)
	}
	body := d.vp.View()
	if lipgloss.Height(body) != d.height-1 || body == "" {
		return block(append([]string{top}, strings.Split(body, "\n")...), d.width, d.height)
	}
	return top + "\n" + body
}
