package form

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// PersonPick is the sheet field that names a person (issue 17): an
// action's assignee, a meeting's attendee or an item's presenter. It
// offers the ward's enrolled people, narrowed as the user types; ←/→ step
// through what matches. Where the form allows, "anyone in <agency>" (the
// empty value) comes first, and where someone without an account may be
// named (a resident at a meeting), the typed text is itself a choice.
// (tui/picker is the demo's persona picker, a different thing.)
type PersonPick struct {
	People []model.User
	// Anyone names the empty value ("Anyone in police"); "" when the form
	// must name someone or leave the field blank.
	Anyone string
	// Free lets the typed text stand for someone not enrolled.
	Free bool
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

func (p *PersonPick) options() []personOption {
	var out []personOption
	if p.Anyone != "" {
		out = append(out, personOption{"", p.Anyone})
	}
	exact := false
	for _, u := range model.FilterPeople(p.People, p.filter) {
		out = append(out, personOption{u.Name, ui.SafeName(u.Name) + " · " + ui.SafeLine(u.Agency, model.MaxLineLen)})
		exact = exact || strings.EqualFold(u.Name, strings.TrimSpace(p.filter))
	}
	if p.kept != "" && (p.filter == "" || strings.Contains(strings.ToLower(p.kept), strings.ToLower(p.filter))) {
		out = append(out, personOption{p.kept, ui.SafeName(p.kept) + " (not enrolled)"})
	}
	if t := strings.TrimSpace(p.filter); p.Free && t != "" && !exact && t != p.kept {
		out = append(out, personOption{t, "“" + ui.SafeName(t) + "” (not enrolled)"})
	}
	return out
}

// Set chooses v: a stored value, kept as it is if nobody enrolled has it.
func (p *PersonPick) Set(v string) {
	p.value, p.filter = v, ""
	if v != "" && !slices.ContainsFunc(p.People, func(u model.User) bool { return u.Name == v }) {
		p.kept = v
	}
}

// SetPeople gives the picker its candidates; a chosen name not among them
// is kept, as set keeps a stored one.
func (p *PersonPick) SetPeople(people []model.User) {
	p.People, p.loaded = people, true
	p.kept = ""
	p.Set(p.value)
}

func (p *PersonPick) index() int {
	return slices.IndexFunc(p.options(), func(o personOption) bool { return o.value == p.value })
}

func (p *PersonPick) step(d int) {
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
func (p *PersonPick) typed(filter string) {
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
func (p *PersonPick) key(msg tea.KeyPressMsg) bool {
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

func (p *PersonPick) paste(text string) {
	if t := model.CleanLine(p.filter+text, model.MaxNameLen); t != p.filter {
		p.typed(t)
	}
}

// name is what the field shows for its value.
func (p *PersonPick) name() string {
	for _, o := range p.options() {
		if o.value == p.value {
			return o.name
		}
	}
	if p.value == "" {
		return p.Anyone
	}
	return ui.SafeName(p.value)
}

// view is the field after its label: the chosen person, and while it is
// focused, what is typed and how many match.
func (p *PersonPick) view(st *ui.Styles, focused bool, width int) []string {
	name := p.name()
	if !focused {
		if name == "" {
			return []string{st.Muted.Render("  —")}
		}
		return []string{st.Choice.Render(ui.Trunc("  "+name, width))}
	}
	if name == "" {
		name = "nobody chosen"
	}
	lines := []string{st.ChoiceFocused.Render(ui.Trunc("< "+name+" >", width))}
	opts := p.options()
	var note string
	switch {
	case !p.loaded:
		note = "loading the ward's people…"
	case p.filter == "":
		note = fmt.Sprintf("type to find · ←/→ %d to choose from", len(opts))
	case len(opts) == 0 || len(opts) == 1 && opts[0].value == "":
		note = fmt.Sprintf("“%s”: nobody matches", ui.SafeName(p.filter))
	default:
		note = fmt.Sprintf("“%s”: %d of %d · ←/→", ui.SafeName(p.filter), max(1, p.index()+1), len(opts))
	}
	return append(lines, st.Muted.Render(ui.Trunc("  "+note, width)))
}

// PeopleMsg carries the ward's people to the form that asked.
type PeopleMsg struct {
	People []model.User
	Err    error
}

// PeopleCmd loads the ward's people for a form's pickers.
// PeopleReader is the store as the pickers need it.
type PeopleReader interface {
	WardPeople(u model.User, ward string) ([]model.User, error)
}

// PeopleCmd loads the ward's people for a form's pickers.
func PeopleCmd(st PeopleReader, u model.User, ward string) tea.Cmd {
	return func() tea.Msg {
		people, err := st.WardPeople(u, ward)
		return PeopleMsg{people, err}
	}
}

// Loaded reports whether the picker has been given its people.
func (p *PersonPick) Loaded() bool { return p.loaded }

// Value is the chosen person's name ("" for nobody, or anyone).
func (p *PersonPick) Value() string { return p.value }
