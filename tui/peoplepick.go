package tui

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// personPick is the sheet field that names a person (issue 17): an
// action's assignee, a meeting's attendee or an item's presenter. It
// offers the ward's enrolled people, narrowed as the user types; ←/→ step
// through what matches. Where the form allows, "anyone in <agency>" (the
// empty value) comes first, and where someone without an account may be
// named (a resident at a meeting), the typed text is itself a choice.
// (picker.go is the demo's persona picker, a different thing.)
type personPick struct {
	people []model.User
	// anyone names the empty value ("anyone in police"); "" when the form
	// must name someone or leave the field blank.
	anyone string
	// free lets the typed text stand for someone not enrolled.
	free bool
	// kept is a stored name that is not among people (typed before
	// schema 12, or someone since disabled): offered as it is, so saving
	// leaves it alone.
	kept   string
	filter string
	value  string
	loaded bool
}

// personOption is one line the picker can settle on.
type personOption struct{ value, name string }

func (p *personPick) options() []personOption {
	var out []personOption
	if p.anyone != "" {
		out = append(out, personOption{"", p.anyone})
	}
	exact := false
	for _, u := range model.FilterPeople(p.people, p.filter) {
		out = append(out, personOption{u.Name, safeName(u.Name) + " · " + safeLine(u.Agency, model.MaxLineLen)})
		exact = exact || strings.EqualFold(u.Name, strings.TrimSpace(p.filter))
	}
	if p.kept != "" && (p.filter == "" || strings.Contains(strings.ToLower(p.kept), strings.ToLower(p.filter))) {
		out = append(out, personOption{p.kept, safeName(p.kept) + " (not enrolled)"})
	}
	if t := strings.TrimSpace(p.filter); p.free && t != "" && !exact && t != p.kept {
		out = append(out, personOption{t, "“" + safeName(t) + "” (not enrolled)"})
	}
	return out
}

// set chooses v: a stored value, kept as it is if nobody enrolled has it.
func (p *personPick) set(v string) {
	p.value, p.filter = v, ""
	if v != "" && !slices.ContainsFunc(p.people, func(u model.User) bool { return u.Name == v }) {
		p.kept = v
	}
}

// setPeople gives the picker its candidates; a chosen name not among them
// is kept, as set keeps a stored one.
func (p *personPick) setPeople(people []model.User) {
	p.people, p.loaded = people, true
	p.kept = ""
	p.set(p.value)
}

func (p *personPick) index() int {
	return slices.IndexFunc(p.options(), func(o personOption) bool { return o.value == p.value })
}

func (p *personPick) step(d int) {
	opts := p.options()
	if len(opts) == 0 {
		return
	}
	i := p.index()
	if i < 0 {
		i = 0
		if d < 0 {
			i = 1
		}
	}
	p.value = opts[(i+d+len(opts))%len(opts)].value
}

// typed narrows the list and settles on its first person (not "anyone":
// whoever types a name means someone); if nobody matches, on nobody, so
// the field never shows someone the typing has ruled out.
func (p *personPick) typed(filter string) {
	p.filter = filter
	for _, o := range p.options() {
		if o.value != "" {
			p.value = o.value
			return
		}
	}
	if p.filter != "" {
		p.value = ""
	}
}

// key edits the filter or steps through the matches; false: not the
// picker's key.
func (p *personPick) key(msg tea.KeyPressMsg) bool {
	switch msg.String() {
	case "left":
		p.step(-1)
	case "right":
		p.step(1)
	case "backspace":
		if p.filter != "" {
			_, n := utf8.DecodeLastRuneInString(p.filter)
			p.typed(p.filter[:len(p.filter)-n])
		}
	case "ctrl+u":
		p.typed("")
	default:
		if msg.Text == "" || msg.Mod&(tea.ModCtrl|tea.ModAlt) != 0 {
			return false
		}
		p.paste(msg.Text)
	}
	return true
}

func (p *personPick) paste(text string) {
	if t := model.CleanLine(p.filter+text, model.MaxNameLen); t != p.filter {
		p.typed(t)
	}
}

// name is what the field shows for its value.
func (p *personPick) name() string {
	for _, o := range p.options() {
		if o.value == p.value {
			return o.name
		}
	}
	if p.value == "" {
		return p.anyone
	}
	return safeName(p.value)
}

// view is the field after its label: the chosen person, and while it is
// focused, what is typed and how many match.
func (p *personPick) view(st *styles, focused bool, width int) []string {
	name := p.name()
	if !focused {
		if name == "" {
			return []string{st.Muted.Render("  —")}
		}
		return []string{st.Choice.Render(trunc("  "+name, width))}
	}
	if name == "" {
		name = "nobody chosen"
	}
	lines := []string{st.ChoiceFocused.Render(trunc("< "+name+" >", width))}
	opts := p.options()
	var note string
	switch {
	case !p.loaded:
		note = "loading the ward's people…"
	case p.filter == "":
		note = fmt.Sprintf("type to find · ←/→ %d to choose from", len(opts))
	case len(opts) == 0 || len(opts) == 1 && opts[0].value == "":
		note = fmt.Sprintf("“%s”: nobody matches", safeName(p.filter))
	default:
		note = fmt.Sprintf("“%s”: %d of %d · ←/→", safeName(p.filter), max(1, p.index()+1), len(opts))
	}
	return append(lines, st.Muted.Render(trunc("  "+note, width)))
}

// peopleMsg carries the ward's people to the form that asked.
type peopleMsg struct {
	people []model.User
	err    error
}

// peopleCmd loads the ward's people for a form's pickers.
func peopleCmd(st Store, u model.User, ward string) tea.Cmd {
	return func() tea.Msg {
		people, err := st.WardPeople(u, ward)
		return peopleMsg{people, err}
	}
}
