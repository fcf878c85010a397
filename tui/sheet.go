package tui

import (
	"errors"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// sheet is the field machinery the tasking forms share (the action,
// outcome and evidence forms): one-line inputs, a text area and choices,
// tab order, errors under fields, a banner and a notice pinned on top, and
// a window of fields that keeps the focused one in view on small screens.
// The forms own what the fields mean and what saving does.
type sheet struct {
	c      *common
	fields []*sheetField
	focus  int
	banner string // an error about the whole form
	info   string // news that is not an error
	// heading is the form's own lines pinned on top (its title, and the
	// user's kept text after a reload); layout and view both ask for it.
	heading func() []string
	// mine is what the user had typed before loading someone else's
	// version (values, in field order), shown under the notices.
	mine []string
	// original is what the fields held before the user's first key; nil
	// until then.
	original []string

	width, height int
}

func (s *sheet) keepOriginal() {
	if s.original == nil {
		s.original = s.values()
	}
}

func (s *sheet) edited() bool {
	return s.original != nil && !slices.Equal(s.original, s.values())
}

type fieldKind int

const (
	lineField fieldKind = iota
	textField
	choiceField
	personField
)

type sheetField struct {
	label string
	kind  fieldKind
	// names are the model.ValidationError Fields blamed on this field.
	names  []string
	line   textinput.Model
	text   textarea.Model
	choice choice
	person *personPick
	err    string
	// hint, for a line field, is a note drawn after the input from its
	// value (what a typed date means) in at most room cells; inputW fixes
	// the input's width.
	hint   func(value string, room int) string
	inputW int
}

func (f *sheetField) value() string {
	switch f.kind {
	case lineField:
		return f.line.Value()
	case textField:
		return f.text.Value()
	case personField:
		return f.person.value
	}
	if len(f.choice.values) == 0 {
		return ""
	}
	return f.choice.value()
}

func (f *sheetField) setValue(v string) {
	switch f.kind {
	case lineField:
		f.line.SetValue(v)
	case textField:
		f.text.SetValue(v)
	case personField:
		f.person.set(v)
	default:
		if !f.choice.locked {
			f.choice.pick(v)
		}
	}
}

func newSheet(c *common) *sheet { return &sheet{c: c} }

func (s *sheet) addLine(label, placeholder string, limit int, names ...string) *sheetField {
	in := textinput.New()
	// Two spaces line text up with the choices, which need them for < >.
	in.Prompt = "  "
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.KeyMap.Paste.Unbind() // ctrl+v would read the server's clipboard; terminal paste still works
	f := &sheetField{label: label, kind: lineField, names: names, line: in}
	s.fields = append(s.fields, f)
	return f
}

func (s *sheet) addText(label, placeholder string, names ...string) *sheetField {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Placeholder = placeholder
	ta.CharLimit = model.MaxTextLen
	ta.MaxHeight = 0
	ta.KeyMap.Paste.Unbind()
	ta.KeyMap.CopySelection.Unbind()
	f := &sheetField{label: label, kind: textField, names: names, text: ta}
	s.fields = append(s.fields, f)
	return f
}

func (s *sheet) addChoice(label string, ch choice, names ...string) *sheetField {
	f := &sheetField{label: label, kind: choiceField, names: names, choice: ch}
	s.fields = append(s.fields, f)
	return f
}

// addPerson adds a people picker (peoplepick.go); the form gives it its
// people when they have loaded (gotPeople).
func (s *sheet) addPerson(label string, p *personPick, names ...string) *sheetField {
	f := &sheetField{label: label, kind: personField, names: names, person: p}
	s.fields = append(s.fields, f)
	return f
}

// gotPeople hands the ward's people to every picker, each narrowed by
// the form's own rule (pick), or says why they could not be had.
func (s *sheet) gotPeople(msg peopleMsg, pick func(f *sheetField, people []model.User) []model.User) {
	if msg.err != nil {
		s.info = "Could not load the ward's people: " + safeLine(msg.err.Error(), model.MaxLineLen)
		s.layout()
		return
	}
	for _, f := range s.fields {
		if f.kind == personField {
			people := msg.people
			if pick != nil {
				people = pick(f, people)
			}
			f.person.setPeople(people)
		}
	}
	s.layout()
}

func (s *sheet) restyle() {
	st := &s.c.styles
	for _, f := range s.fields {
		switch f.kind {
		case lineField:
			f.line.SetStyles(st.TextInput)
		case textField:
			f.text.SetStyles(st.TextArea)
		}
	}
}

func (s *sheet) SetSize(w, h int) {
	s.width, s.height = w, h
	s.layout()
}

// layout sizes the inputs; the text area takes what the other fields and
// messages leave, between 2 and 8 lines.
func (s *sheet) layout() {
	inputW := max(1, s.width-formLabelWidth-2-1)
	used := len(s.top())
	for _, f := range s.fields {
		used += 1 + len(s.errLines(f))
		switch f.kind {
		case personField:
			used++ // its note, while focused
		case lineField:
			w := inputW
			if f.inputW > 0 {
				w = min(f.inputW, inputW)
			}
			f.line.SetWidth(w)
		case textField:
			f.text.SetWidth(max(1, s.width))
		}
	}
	for _, f := range s.fields {
		if f.kind == textField {
			f.text.SetHeight(clamp(s.height-used, 2, 8))
		}
	}
}

func (s *sheet) focused() *sheetField { return s.fields[s.focus] }

func (s *sheet) onChoice() bool { return s.focused().kind == choiceField }

// next finds the next field in direction d that can take focus.
func (s *sheet) next(d int) int {
	n := len(s.fields)
	i := s.focus
	for range n {
		i = (i + d + n) % n
		if f := s.fields[i]; f.kind != choiceField || !f.choice.locked {
			return i
		}
	}
	return s.focus
}

func (s *sheet) focusField(i int) tea.Cmd {
	s.focus = i
	for _, f := range s.fields {
		f.line.Blur()
		f.text.Blur()
	}
	switch f := s.fields[i]; f.kind {
	case lineField:
		return f.line.Focus()
	case textField:
		return f.text.Focus()
	}
	return nil
}

func (s *sheet) focusFirst() tea.Cmd {
	s.focus = len(s.fields) - 1
	return s.focusField(s.next(1))
}

// key moves between fields and edits the focused one. Saving, cancelling
// and the rest are the form's, which asks first.
func (s *sheet) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys
	switch {
	case key.Matches(msg, k.NextField):
		return s.focusField(s.next(1))
	case key.Matches(msg, k.PrevField):
		return s.focusField(s.next(-1))
	}
	f := s.focused()
	switch f.kind {
	case textField:
		return s.updateFocused(msg)
	case personField:
		switch {
		case f.person.key(msg):
		case key.Matches(msg, k.FieldDown), key.Matches(msg, k.Open):
			return s.focusField(s.next(1))
		case key.Matches(msg, k.FieldUp):
			return s.focusField(s.next(-1))
		}
		return nil
	case choiceField:
		switch {
		case key.Matches(msg, k.ChoicePrev):
			f.choice.step(-1)
		case key.Matches(msg, k.ChoiceNext):
			f.choice.step(1)
		case key.Matches(msg, k.FieldDown), key.Matches(msg, k.Open):
			return s.focusField(s.next(1))
		case key.Matches(msg, k.FieldUp):
			return s.focusField(s.next(-1))
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.FieldDown), key.Matches(msg, k.Open):
		return s.focusField(s.next(1))
	case key.Matches(msg, k.FieldUp):
		return s.focusField(s.next(-1))
	}
	return s.updateFocused(msg)
}

func (s *sheet) updateFocused(msg tea.Msg) tea.Cmd {
	msg = cleanInput(msg)
	var cmd tea.Cmd
	switch f := s.focused(); f.kind {
	case personField:
		if p, ok := msg.(tea.PasteMsg); ok {
			f.person.paste(p.Content)
		}
	case lineField:
		f.line, cmd = f.line.Update(msg)
	case textField:
		f.text, cmd = f.text.Update(msg)
	}
	return cmd
}

// values is everything typed and chosen, in field order.
func (s *sheet) values() []string {
	out := make([]string, len(s.fields))
	for i, f := range s.fields {
		out[i] = f.value()
	}
	return out
}

func (s *sheet) restore(vals []string) {
	for i, f := range s.fields {
		if i < len(vals) {
			f.setValue(vals[i])
		}
	}
	s.layout()
}

func (s *sheet) clearErrors() {
	for _, f := range s.fields {
		f.err = ""
	}
	s.banner = ""
}

// fieldNamed is the field a validation error blames, or nil.
func (s *sheet) fieldNamed(name string) *sheetField {
	name = strings.ToLower(name)
	for _, f := range s.fields {
		if slices.Contains(f.names, name) {
			return f
		}
	}
	return nil
}

// fail shows a store error: a validation error under its field (focused),
// anything else in the banner. Typed text is never touched.
func (s *sheet) fail(err error) tea.Cmd {
	var (
		ve *model.ValidationError
		fe *model.ForbiddenError
	)
	var cmd tea.Cmd
	switch {
	case errors.As(err, &ve):
		if f := s.fieldNamed(ve.Field); f != nil {
			f.err = safeLine(ve.Message, model.MaxLineLen)
			cmd = s.focusField(slices.Index(s.fields, f))
		} else {
			s.banner = safeLine(ve.Error(), model.MaxLineLen)
		}
	case errors.As(err, &fe):
		s.banner = safeLine(fe.Error(), model.MaxLineLen)
	case errors.Is(err, model.ErrNotFound):
		// An unknown agency or a problem or action gone from view: the
		// store's words say which.
		s.banner = "Not saved: " + safeLine(err.Error(), model.MaxLineLen) + ". Your text is still here."
	default:
		s.banner = "Could not save: " + safeLine(err.Error(), model.MaxLineLen) + ". Your text is still here."
	}
	s.layout()
	return cmd
}

func (s *sheet) ShortHelp() []key.Binding {
	k := s.c.keys
	out := []key.Binding{k.Save, k.Cancel, k.NextField}
	switch {
	case s.onChoice():
		out = append(out, k.ChoiceNext)
	case s.focused().kind == personField:
		out = append(out, k.PersonNext)
	}
	return out
}

func (s *sheet) FullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{
		{k.Save, k.Cancel, k.ForceQuit},
		{k.NextField, k.PrevField, k.ChoicePrev, k.ChoiceNext},
	}
}

// topLines are the banner and notice, wrapped to the width.
func (s *sheet) topLines() []string {
	var out []string
	for _, l := range wrap(s.banner, s.width) {
		if l != "" {
			out = append(out, s.c.styles.Banner.Render(l))
		}
	}
	for _, l := range wrap(s.info, s.width) {
		if l != "" {
			out = append(out, s.c.styles.Notice.Render(l))
		}
	}
	return out
}

func (s *sheet) errLines(f *sheetField) []string {
	if f.err == "" {
		return nil
	}
	var out []string
	for _, l := range wrap("! "+f.err, max(1, s.width-formLabelWidth)) {
		out = append(out, strings.Repeat(" ", formLabelWidth)+s.c.styles.Error.Render(l))
	}
	return out
}

func (s *sheet) label(i int) string {
	st := &s.c.styles
	if i == s.focus {
		return st.FieldLabelFocused.Render(fit("> "+s.fields[i].label, formLabelWidth))
	}
	return st.FieldLabel.Render(fit("  "+s.fields[i].label, formLabelWidth))
}

func (s *sheet) choiceView(i int) string {
	st := &s.c.styles
	c := s.fields[i].choice
	if len(c.names) == 0 {
		return st.Muted.Render("  (none to choose from)")
	}
	name := c.names[c.idx]
	switch {
	case c.locked:
		return st.Value.Render("  "+name) + st.Muted.Render(" ("+c.note+")")
	case i == s.focus:
		return st.ChoiceFocused.Render("< " + name + " >")
	}
	return st.Choice.Render("  " + name)
}

// top is every line pinned above the fields.
func (s *sheet) top() []string {
	var out []string
	if s.heading != nil {
		out = s.heading()
	}
	out = append(out, s.topLines()...)
	return append(out, s.typedLines(s.mine)...)
}

// View draws the pinned lines above a window of the fields that always
// holds the focused one.
func (s *sheet) View() string {
	top := s.top()
	var lines []string
	var focusStart, focusEnd int
	for i, f := range s.fields {
		start := len(lines)
		switch f.kind {
		case lineField:
			l := s.label(i) + f.line.View()
			if f.hint != nil {
				room := s.width - textWidth(l) - 1
				if h := f.hint(f.line.Value(), room); h != "" && room > 0 {
					l += " " + s.c.styles.Muted.Render(trunc(h, room))
				}
			}
			lines = append(lines, l)
		case textField:
			lines = append(lines, s.label(i))
			lines = append(lines, strings.Split(f.text.View(), "\n")...)
		case personField:
			pv := f.person.view(&s.c.styles, i == s.focus, max(1, s.width-formLabelWidth))
			lines = append(lines, s.label(i)+pv[0])
			for _, l := range pv[1:] {
				lines = append(lines, strings.Repeat(" ", formLabelWidth)+l)
			}
		default:
			lines = append(lines, s.label(i)+s.choiceView(i))
		}
		lines = append(lines, s.errLines(f)...)
		if i == s.focus {
			focusStart, focusEnd = start, len(lines)
		}
	}
	avail := s.height - len(top)
	if avail > 0 && len(lines) > avail {
		off := clamp(focusEnd-avail, 0, focusStart)
		lines = lines[off:]
	}
	return block(append(top, lines...), s.width, s.height)
}

// typedLines show what the user had typed before loading another version,
// pinned above the fields, a third of the screen at most: ctrl+o restores
// all of it, however much is shown.
func (s *sheet) typedLines(mine []string) []string {
	if mine == nil {
		return nil
	}
	st := &s.c.styles
	w := max(1, s.width)
	var body []string
	for i, f := range s.fields {
		// Only what differs from the form: a field they left as you had
		// it would otherwise show twice (issue 17).
		if f.kind == choiceField || f.kind == personField || i >= len(mine) || mine[i] == "" || mine[i] == f.value() {
			continue
		}
		indent := formLabelWidth + 2
		for j, l := range wrap(safeText(mine[i]), max(1, w-indent)) {
			lead := strings.Repeat(" ", indent)
			if j == 0 {
				lead = st.Label.Render(fit("  "+f.label, indent))
			}
			body = append(body, lead+st.Value.Render(l))
		}
	}
	if len(body) == 0 {
		return nil
	}
	room := max(1, s.height/3-1)
	if len(body) > room {
		body = append(body[:max(0, room-1)], st.Muted.Render("  … more below what fits here"))
	}
	return append([]string{st.Notice.Render(trunc("Your text (ctrl+o puts it back):", w))}, body...)
}

// visibilityChoice offers what model.VisibilityChoices lets u grant from
// the ward's agencies (the whole panel, the panel officers, any set of
// agencies with or without the officers), and the extra candidates, that
// ok allows, once each, named for people.
func visibilityChoice(u model.User, agencies []model.Agency, extra []model.Visibility, ok func(model.Visibility) bool) choice {
	codes := []string{}
	for _, a := range agencies {
		codes = append(codes, a.Code)
	}
	if u.Agency != "" && !slices.Contains(codes, u.Agency) {
		codes = append(codes, u.Agency)
	}
	cands := append(model.VisibilityChoices(u, codes, nil), extra...)
	var ch choice
	for _, v := range cands {
		if v.Kind == "" || slices.Contains(ch.values, v.String()) || !ok(v) {
			continue
		}
		ch.values = append(ch.values, v.String())
		ch.names = append(ch.names, visibilityName(v))
	}
	return ch
}

// visibilityName is a visibility as a choice reads.
func visibilityName(v model.Visibility) string {
	switch {
	case v.Kind == model.VisAgencies && len(v.Agencies) == 1 && !v.Officers:
		return "only " + safeLine(v.Agencies[0], model.MaxLineLen)
	case v.Kind == model.VisAgencies:
		return safeLine(v.Label(), model.MaxLineLen)
	case v.Kind == model.VisOfficers:
		return "panel officers only"
	}
	return "the whole panel"
}

// agencyChoice offers the known agencies and any extra codes (a stored
// value, kept as it is).
func agencyChoice(agencies []model.Agency, extra ...string) choice {
	var ch choice
	add := func(code, name string) {
		if code == "" || slices.Contains(ch.values, code) {
			return
		}
		label := safeLine(code, model.MaxLineLen)
		if name != "" && name != code {
			label += " (" + safeName(name) + ")"
		}
		ch.values = append(ch.values, code)
		ch.names = append(ch.names, label)
	}
	for _, a := range agencies {
		add(a.Code, a.Name)
	}
	for _, code := range extra {
		add(code, "")
	}
	return ch
}
