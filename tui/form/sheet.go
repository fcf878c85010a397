// Package form is the field machinery every form shares, whatever package
// its screen lives in: the Sheet of one-line inputs, text areas, choices and
// people pickers, with tab order, errors under fields and a window that
// keeps the focused field in view. It knows only tui/ui: the session for
// styles, keys, user and clock.
package form

import (
	"cmp"
	"errors"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// Sheet is the field machinery the tasking forms share (the action,
// outcome and evidence forms): one-line inputs, a text area and choices,
// tab order, errors under fields, a banner and a notice pinned on top, and
// a window of fields that keeps the focused one in view on small screens.
// The forms own what the fields mean and what saving does.
type Sheet struct {
	sess   ui.Session
	Fields []*Field
	Focus  int
	Banner string // an error about the whole form
	Info   string // news that is not an error
	// Heading is the form's own lines pinned on top (its title, and the
	// user's kept text after a reload); layout and view both ask for it.
	Heading func() []string
	// Mine is what the user had typed before loading someone else's
	// version (values, in field order), shown under the notices.
	Mine []string
	// Original is what the fields held before the user's first key; nil
	// until then.
	Original []string
	// TextLines is the most lines a text area takes; 8 if 0.
	TextLines int

	// Saving: a save is on its way (StartSave, SaveAnswered in flow.go).
	Saving  bool
	saveSeq int
	// Conflict is someone else's save the last save met; Newer, one a
	// check saw first; Reloading, ctrl+r's read is on its way (flow.go).
	Conflict  *model.ConflictError
	Newer     bool
	Reloading bool
	checkSeq  int

	width, height int
}

func (s *Sheet) KeepOriginal() {
	if s.Original == nil {
		s.Original = s.Values()
	}
}

func (s *Sheet) Edited() bool {
	return s.Original != nil && !slices.Equal(s.Original, s.Values())
}

type FieldKind int

const (
	LineField FieldKind = iota
	TextField
	ChoiceField
	PersonField
)

type Field struct {
	Label string
	Kind  FieldKind
	// Names are the model.ValidationError Fields blamed on this field.
	Names  []string
	Line   textinput.Model
	Text   textarea.Model
	Choice Choice
	Person *PersonPick
	Err    string
	// Hint, for a line field, is a note drawn after the input from its
	// value (what a typed date means) in at most room cells; inputW fixes
	// the input's width.
	Hint   func(value string, room int) string
	InputW int
	// Flush draws a locked choice without the indent the others have (the
	// problem form's, as it has always been drawn).
	Flush bool
}

func (f *Field) Value() string {
	switch f.Kind {
	case LineField:
		return f.Line.Value()
	case TextField:
		return f.Text.Value()
	case PersonField:
		return f.Person.value
	}
	if len(f.Choice.Values) == 0 {
		return ""
	}
	return f.Choice.Value()
}

func (f *Field) SetValue(v string) {
	switch f.Kind {
	case LineField:
		f.Line.SetValue(v)
	case TextField:
		f.Text.SetValue(v)
	case PersonField:
		f.Person.Set(v)
	default:
		if !f.Choice.Locked {
			f.Choice.Pick(v)
		}
	}
}

// NewSheet starts an empty sheet drawn with the session's styles and keys.
func NewSheet(sess ui.Session) *Sheet { return &Sheet{sess: sess} }

func (s *Sheet) AddLine(label, placeholder string, limit int, names ...string) *Field {
	in := textinput.New()
	// Two spaces line text up with the choices, which need them for < >.
	in.Prompt = "  "
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.KeyMap.Paste.Unbind() // ctrl+v would read the server's clipboard; terminal paste still works
	f := &Field{Label: label, Kind: LineField, Names: names, Line: in}
	s.Fields = append(s.Fields, f)
	return f
}

func (s *Sheet) AddText(label, placeholder string, names ...string) *Field {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Placeholder = placeholder
	ta.CharLimit = model.MaxTextLen
	ta.MaxHeight = 0
	ta.KeyMap.Paste.Unbind()
	ta.KeyMap.CopySelection.Unbind()
	f := &Field{Label: label, Kind: TextField, Names: names, Text: ta}
	s.Fields = append(s.Fields, f)
	return f
}

func (s *Sheet) AddChoice(label string, ch Choice, names ...string) *Field {
	f := &Field{Label: label, Kind: ChoiceField, Names: names, Choice: ch}
	s.Fields = append(s.Fields, f)
	return f
}

// AddPerson adds a people picker (peoplepick.go); the form gives it its
// people when they have loaded (gotPeople).
func (s *Sheet) AddPerson(label string, p *PersonPick, names ...string) *Field {
	f := &Field{Label: label, Kind: PersonField, Names: names, Person: p}
	s.Fields = append(s.Fields, f)
	return f
}

// GotPeople hands the ward's people to every picker, each narrowed by
// the form's own rule (pick), or says why they could not be had.
func (s *Sheet) GotPeople(msg PeopleMsg, pick func(f *Field, people []model.User) []model.User) {
	if msg.Err != nil {
		s.Info = "Could not load the ward's people: " + ui.SafeLine(msg.Err.Error(), model.MaxLineLen)
		s.Layout()
		return
	}
	for _, f := range s.Fields {
		if f.Kind == PersonField {
			people := msg.People
			if pick != nil {
				people = pick(f, people)
			}
			f.Person.SetPeople(people)
		}
	}
	s.Layout()
}

// Restyle follows a change of the terminal's background: text inputs keep
// styles of their own.
func (s *Sheet) Restyle() {
	st := s.sess.Styles()
	for _, f := range s.Fields {
		switch f.Kind {
		case LineField:
			f.Line.SetStyles(st.TextInput)
		case TextField:
			f.Text.SetStyles(st.TextArea)
		}
	}
}

func (s *Sheet) SetSize(w, h int) {
	s.width, s.height = w, h
	s.Layout()
}

// Layout sizes the inputs; the text area takes what the other fields and
// messages leave, between 2 and 8 lines.
func (s *Sheet) Layout() {
	inputW := max(1, s.width-LabelWidth-2-1)
	used := len(s.top())
	for _, f := range s.Fields {
		used += 1 + len(s.errLines(f))
		switch f.Kind {
		case PersonField:
			used++ // its note, while focused
		case LineField:
			w := inputW
			if f.InputW > 0 {
				w = min(f.InputW, inputW)
			}
			f.Line.SetWidth(w)
		case TextField:
			f.Text.SetWidth(max(1, s.width))
		}
	}
	for _, f := range s.Fields {
		if f.Kind == TextField {
			f.Text.SetHeight(ui.Clamp(s.height-used, 2, cmp.Or(s.TextLines, 8)))
		}
	}
}

func (s *Sheet) Focused() *Field { return s.Fields[s.Focus] }

func (s *Sheet) OnChoice() bool { return s.Focused().Kind == ChoiceField }

// Next finds the Next field in direction d that can take focus.
func (s *Sheet) Next(d int) int {
	n := len(s.Fields)
	i := s.Focus
	for range n {
		i = (i + d + n) % n
		if f := s.Fields[i]; f.Kind != ChoiceField || !f.Choice.Locked {
			return i
		}
	}
	return s.Focus
}

func (s *Sheet) FocusField(i int) tea.Cmd {
	s.Focus = i
	for _, f := range s.Fields {
		f.Line.Blur()
		f.Text.Blur()
	}
	switch f := s.Fields[i]; f.Kind {
	case LineField:
		return f.Line.Focus()
	case TextField:
		return f.Text.Focus()
	}
	return nil
}

func (s *Sheet) FocusFirst() tea.Cmd {
	s.Focus = len(s.Fields) - 1
	return s.FocusField(s.Next(1))
}

// Key moves between fields and edits the focused one. Saving, cancelling
// and the rest are the form's, which asks first.
func (s *Sheet) Key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.sess.Keys()
	switch {
	case key.Matches(msg, k.NextField):
		return s.FocusField(s.Next(1))
	case key.Matches(msg, k.PrevField):
		return s.FocusField(s.Next(-1))
	}
	f := s.Focused()
	switch f.Kind {
	case TextField:
		return s.UpdateFocused(msg)
	case PersonField:
		switch {
		case f.Person.key(msg):
		case key.Matches(msg, k.FieldDown), key.Matches(msg, k.Open):
			return s.FocusField(s.Next(1))
		case key.Matches(msg, k.FieldUp):
			return s.FocusField(s.Next(-1))
		}
		return nil
	case ChoiceField:
		switch {
		case key.Matches(msg, k.ChoicePrev):
			f.Choice.Step(-1)
		case key.Matches(msg, k.ChoiceNext):
			f.Choice.Step(1)
		case key.Matches(msg, k.FieldDown), key.Matches(msg, k.Open):
			return s.FocusField(s.Next(1))
		case key.Matches(msg, k.FieldUp):
			return s.FocusField(s.Next(-1))
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.FieldDown), key.Matches(msg, k.Open):
		return s.FocusField(s.Next(1))
	case key.Matches(msg, k.FieldUp):
		return s.FocusField(s.Next(-1))
	}
	return s.UpdateFocused(msg)
}

func (s *Sheet) UpdateFocused(msg tea.Msg) tea.Cmd {
	msg = ui.CleanInput(msg)
	var cmd tea.Cmd
	switch f := s.Focused(); f.Kind {
	case PersonField:
		if p, ok := msg.(tea.PasteMsg); ok {
			f.Person.paste(p.Content)
		}
	case LineField:
		f.Line, cmd = f.Line.Update(msg)
	case TextField:
		f.Text, cmd = f.Text.Update(msg)
	}
	return cmd
}

// Values is everything typed and chosen, in field order.
func (s *Sheet) Values() []string {
	out := make([]string, len(s.Fields))
	for i, f := range s.Fields {
		out[i] = f.Value()
	}
	return out
}

func (s *Sheet) Restore(vals []string) {
	for i, f := range s.Fields {
		if i < len(vals) {
			f.SetValue(vals[i])
		}
	}
	s.Layout()
}

func (s *Sheet) ClearErrors() {
	for _, f := range s.Fields {
		f.Err = ""
	}
	s.Banner = ""
}

// FieldNamed is the field a validation error blames, or nil.
func (s *Sheet) FieldNamed(name string) *Field {
	name = strings.ToLower(name)
	for _, f := range s.Fields {
		if slices.Contains(f.Names, name) {
			return f
		}
	}
	return nil
}

// Fail shows a store error: a validation error under its field (focused),
// anything else in the banner. Typed text is never touched.
func (s *Sheet) Fail(err error) tea.Cmd {
	var (
		ve *model.ValidationError
		fe *model.ForbiddenError
	)
	var cmd tea.Cmd
	switch {
	case errors.As(err, &ve):
		if f := s.FieldNamed(ve.Field); f != nil {
			f.Err = ui.SafeLine(ve.Message, model.MaxLineLen)
			cmd = s.FocusField(slices.Index(s.Fields, f))
		} else {
			s.Banner = ui.SafeLine(ve.Error(), model.MaxLineLen)
		}
	case errors.As(err, &fe):
		s.Banner = ui.SafeLine(fe.Error(), model.MaxLineLen)
	case errors.Is(err, model.ErrNotFound):
		// An unknown agency or a problem or action gone from view: the
		// store's words say which.
		s.Banner = "Not saved: " + ui.SafeLine(err.Error(), model.MaxLineLen) + ". Your text is still here."
	default:
		s.Banner = "Could not save: " + ui.SafeLine(err.Error(), model.MaxLineLen) + ". Your text is still here."
	}
	s.Layout()
	return cmd
}

func (s *Sheet) ShortHelp() []key.Binding {
	k := s.sess.Keys()
	out := []key.Binding{k.Save, k.Cancel, k.NextField}
	switch {
	case s.OnChoice():
		out = append(out, k.ChoiceNext)
	case s.Focused().Kind == PersonField:
		out = append(out, k.PersonNext)
	}
	return append(out, s.flowHelp()...)
}

func (s *Sheet) FullHelp() [][]key.Binding {
	k := s.sess.Keys()
	out := [][]key.Binding{
		{k.Save, k.Cancel, k.ForceQuit},
		{k.NextField, k.PrevField, k.ChoicePrev, k.ChoiceNext},
	}
	if extra := s.flowHelp(); len(extra) > 0 {
		out = append(out, extra)
	}
	return out
}

// TopLines are the banner and notice, wrapped to the width.
func (s *Sheet) TopLines() []string {
	var out []string
	for _, l := range ui.Wrap(s.Banner, s.width) {
		if l != "" {
			out = append(out, s.sess.Styles().Banner.Render(l))
		}
	}
	for _, l := range ui.Wrap(s.Info, s.width) {
		if l != "" {
			out = append(out, s.sess.Styles().Notice.Render(l))
		}
	}
	return out
}

func (s *Sheet) errLines(f *Field) []string {
	if f.Err == "" {
		return nil
	}
	var out []string
	for _, l := range ui.Wrap("! "+f.Err, max(1, s.width-LabelWidth)) {
		out = append(out, strings.Repeat(" ", LabelWidth)+s.sess.Styles().Error.Render(l))
	}
	return out
}

func (s *Sheet) label(i int) string {
	st := s.sess.Styles()
	if i == s.Focus {
		return st.FieldLabelFocused.Render(ui.Fit("> "+s.Fields[i].Label, LabelWidth))
	}
	return st.FieldLabel.Render(ui.Fit("  "+s.Fields[i].Label, LabelWidth))
}

func (s *Sheet) choiceView(i int) string {
	st := s.sess.Styles()
	c := s.Fields[i].Choice
	if len(c.Names) == 0 {
		return st.Muted.Render("  (none to choose from)")
	}
	name := c.Names[c.Idx]
	switch {
	case c.Locked && s.Fields[i].Flush:
		return st.Value.Render(name) + st.Muted.Render(" ("+c.Note+")")
	case c.Locked:
		return st.Value.Render("  "+name) + st.Muted.Render(" ("+c.Note+")")
	case i == s.Focus:
		return st.ChoiceFocused.Render("< " + name + " >")
	}
	return st.Choice.Render("  " + name)
}

// top is every line pinned above the fields.
func (s *Sheet) top() []string {
	var out []string
	if s.Heading != nil {
		out = s.Heading()
	}
	out = append(out, s.TopLines()...)
	return append(out, s.TypedLines(s.Mine)...)
}

// View draws the pinned lines above a window of the fields that always
// holds the focused one.
func (s *Sheet) View() string {
	top := s.top()
	var lines []string
	var focusStart, focusEnd int
	for i, f := range s.Fields {
		start := len(lines)
		switch f.Kind {
		case LineField:
			l := s.label(i) + f.Line.View()
			if f.Hint != nil {
				room := s.width - ui.TextWidth(l) - 1
				if h := f.Hint(f.Line.Value(), room); h != "" && room > 0 {
					l += " " + s.sess.Styles().Muted.Render(ui.Trunc(h, room))
				}
			}
			lines = append(lines, l)
		case TextField:
			lines = append(lines, s.label(i))
			lines = append(lines, strings.Split(f.Text.View(), "\n")...)
		case PersonField:
			pv := f.Person.view(s.sess.Styles(), i == s.Focus, max(1, s.width-LabelWidth))
			lines = append(lines, s.label(i)+pv[0])
			for _, l := range pv[1:] {
				lines = append(lines, strings.Repeat(" ", LabelWidth)+l)
			}
		default:
			lines = append(lines, s.label(i)+s.choiceView(i))
		}
		lines = append(lines, s.errLines(f)...)
		if i == s.Focus {
			focusStart, focusEnd = start, len(lines)
		}
	}
	avail := s.height - len(top)
	if avail > 0 && len(lines) > avail {
		off := ui.Clamp(focusEnd-avail, 0, focusStart)
		lines = lines[off:]
	}
	return ui.Block(append(top, lines...), s.width, s.height)
}

// TypedLines show what the user had typed before loading another version,
// pinned above the fields, a third of the screen at most: ctrl+o restores
// all of it, however much is shown.
func (s *Sheet) TypedLines(mine []string) []string {
	if mine == nil {
		return nil
	}
	st := s.sess.Styles()
	w := max(1, s.width)
	var body []string
	for i, f := range s.Fields {
		// Only what differs from the form: a field they left as you had
		// it would otherwise show twice (issue 17).
		if f.Kind == ChoiceField || f.Kind == PersonField || i >= len(mine) || mine[i] == "" || mine[i] == f.Value() {
			continue
		}
		indent := LabelWidth + 2
		for j, l := range ui.Wrap(ui.SafeText(mine[i]), max(1, w-indent)) {
			lead := strings.Repeat(" ", indent)
			if j == 0 {
				lead = st.Label.Render(ui.Fit("  "+f.Label, indent))
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
	return append([]string{st.Notice.Render(ui.Trunc("Your text (ctrl+o puts it back):", w))}, body...)
}

// VisibilityChoice offers what model.VisibilityChoices lets u grant from
// the ward's agencies (the whole panel, the panel officers, any set of
// agencies with or without the officers), and the extra candidates, that
// ok allows, once each, named for people.
func VisibilityChoice(u model.User, agencies []model.Agency, extra []model.Visibility, ok func(model.Visibility) bool) Choice {
	codes := []string{}
	for _, a := range agencies {
		codes = append(codes, a.Code)
	}
	if u.Agency != "" && !slices.Contains(codes, u.Agency) {
		codes = append(codes, u.Agency)
	}
	cands := append(model.VisibilityChoices(u, codes, nil), extra...)
	var ch Choice
	for _, v := range cands {
		if v.Kind == "" || slices.Contains(ch.Values, v.String()) || !ok(v) {
			continue
		}
		ch.Values = append(ch.Values, v.String())
		ch.Names = append(ch.Names, VisibilityName(v))
	}
	return ch
}

// VisibilityName is a visibility as a choice reads.
func VisibilityName(v model.Visibility) string {
	switch {
	case v.Kind == model.VisAgencies && len(v.Agencies) == 1 && !v.Officers:
		return "only " + ui.SafeLine(v.Agencies[0], model.MaxLineLen)
	case v.Kind == model.VisAgencies:
		return ui.SafeLine(v.Label(), model.MaxLineLen)
	case v.Kind == model.VisOfficers:
		return "panel officers only"
	}
	return "the whole panel"
}

// AgencyChoice offers the known agencies and any extra codes (a stored
// value, kept as it is).
func AgencyChoice(agencies []model.Agency, extra ...string) Choice {
	var ch Choice
	add := func(code, name string) {
		if code == "" || slices.Contains(ch.Values, code) {
			return
		}
		label := ui.SafeLine(code, model.MaxLineLen)
		if name != "" && name != code {
			label += " (" + ui.SafeName(name) + ")"
		}
		ch.Values = append(ch.Values, code)
		ch.Names = append(ch.Names, label)
	}
	for _, a := range agencies {
		add(a.Code, a.Name)
	}
	for _, code := range extra {
		add(code, "")
	}
	return ch
}

// Width and Height are the size last given to SetSize.
func (s *Sheet) Width() int  { return s.width }
func (s *Sheet) Height() int { return s.height }
