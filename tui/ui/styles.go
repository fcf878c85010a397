package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Styles are built per session from the terminal's background, so each
// user's colours follow their own terminal, not the server's. Colours are
// written as full RGB; the session's painter (tui/paint) downsamples them
// to its colour profile (and drops them under NO_COLOR), so nothing here
// checks the profile.
type Styles struct {
	Header     lipgloss.Style // the bar across the top
	HeaderApp  Inline
	HeaderWard Inline
	HeaderWho  Inline
	Demo       Inline
	Live       Inline

	// Label is for the app's own words; user text is drawn in Value, so
	// nobody can make their text pass for part of the interface.
	Label Inline
	Value Inline
	Muted Inline
	Title Inline

	ColHeader   Inline
	RowSelected Inline
	Restricted  Inline
	PriHigh     Inline
	PriMedium   Inline
	PriLow      Inline
	FilterOn    Inline

	// Due dates: every marker is also a word ("overdue", "due soon"), so
	// the colour only repeats what NO_COLOR still shows.
	Overdue Inline
	DueSoon Inline
	Closed  Inline
	// Evidence kinds, so a resident's report never reads as a recorded fact.
	KindFact    Inline
	KindReport  Inline
	KindOpinion Inline
	Section     Inline

	FieldLabel        Inline
	FieldLabelFocused Inline
	Choice            Inline
	ChoiceFocused     Inline
	Banner            Inline
	Notice            Inline

	Error   Inline
	Success Inline

	Help      help.Styles
	TextInput textinput.Styles
	TextArea  textarea.Styles
}

// NewStyles builds the styles for a dark or light background.
func NewStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	var (
		muted    = ld(lipgloss.Color("#66666E"), lipgloss.Color("#8C8C96"))
		accent   = ld(lipgloss.Color("#1D4ED8"), lipgloss.Color("#7DA7FF"))
		warn     = ld(lipgloss.Color("#9A5B00"), lipgloss.Color("#F2B84B"))
		bad      = ld(lipgloss.Color("#B00020"), lipgloss.Color("#FF7070"))
		good     = ld(lipgloss.Color("#17703A"), lipgloss.Color("#6FD08C"))
		headerBg = ld(lipgloss.Color("#E3E8F2"), lipgloss.Color("#22304A"))
		headerFg = ld(lipgloss.Color("#1B2333"), lipgloss.Color("#E8EDF7"))
		selBg    = ld(lipgloss.Color("#D5E3FF"), lipgloss.Color("#33415C"))
		demoBg   = ld(lipgloss.Color("#FFD60A"), lipgloss.Color("#FFD60A"))
		demoFg   = lipgloss.Color("#000000")
	)

	s := Styles{
		Header:     lipgloss.NewStyle().Background(headerBg).Foreground(headerFg).Padding(0, 1),
		HeaderApp:  MakeInline(lipgloss.NewStyle().Bold(true)),
		HeaderWard: MakeInline(lipgloss.NewStyle()),
		HeaderWho:  MakeInline(lipgloss.NewStyle()),
		// Reverse and bold survive NO_COLOR (the ASCII profile keeps
		// attributes), so the warning stays loud without colour.
		Demo: MakeInline(lipgloss.NewStyle().Bold(true).Reverse(true).Background(demoFg).Foreground(demoBg).Padding(0, 1)),
		Live: MakeInline(lipgloss.NewStyle().Foreground(good).Bold(true)),

		Label: MakeInline(lipgloss.NewStyle().Foreground(muted)),
		Value: MakeInline(lipgloss.NewStyle()),
		Muted: MakeInline(lipgloss.NewStyle().Foreground(muted)),
		Title: MakeInline(lipgloss.NewStyle().Bold(true)),

		ColHeader:   MakeInline(lipgloss.NewStyle().Foreground(muted).Bold(true)),
		RowSelected: MakeInline(lipgloss.NewStyle().Background(selBg).Bold(true)),
		Restricted:  MakeInline(lipgloss.NewStyle().Foreground(warn).Bold(true)),
		PriHigh:     MakeInline(lipgloss.NewStyle().Foreground(bad).Bold(true)),
		PriMedium:   MakeInline(lipgloss.NewStyle().Foreground(warn)),
		PriLow:      MakeInline(lipgloss.NewStyle().Foreground(muted)),
		FilterOn:    MakeInline(lipgloss.NewStyle().Foreground(accent).Bold(true)),

		Overdue:     MakeInline(lipgloss.NewStyle().Foreground(bad).Bold(true)),
		DueSoon:     MakeInline(lipgloss.NewStyle().Foreground(warn).Bold(true)),
		Closed:      MakeInline(lipgloss.NewStyle().Foreground(muted)),
		KindFact:    MakeInline(lipgloss.NewStyle().Foreground(accent).Bold(true)),
		KindReport:  MakeInline(lipgloss.NewStyle().Foreground(good).Bold(true)),
		KindOpinion: MakeInline(lipgloss.NewStyle().Foreground(warn).Bold(true)),
		Section:     MakeInline(lipgloss.NewStyle().Bold(true).Underline(true)),

		FieldLabel:        MakeInline(lipgloss.NewStyle().Foreground(muted)),
		FieldLabelFocused: MakeInline(lipgloss.NewStyle().Foreground(accent).Bold(true)),
		Choice:            MakeInline(lipgloss.NewStyle()),
		ChoiceFocused:     MakeInline(lipgloss.NewStyle().Foreground(accent).Bold(true)),
		Banner:            MakeInline(lipgloss.NewStyle().Foreground(bad).Bold(true)),
		Notice:            MakeInline(lipgloss.NewStyle().Foreground(warn)),

		Error:   MakeInline(lipgloss.NewStyle().Foreground(bad)),
		Success: MakeInline(lipgloss.NewStyle().Foreground(good)),
	}

	s.Help = help.DefaultStyles(isDark)

	s.TextInput = textinput.DefaultStyles(isDark)
	// A blinking cursor is a timer per focused field per session: hundreds
	// of sessions would re-render twice a second for nothing.
	s.TextInput.Cursor.Blink = false
	s.TextInput.Focused.Prompt = lipgloss.NewStyle().Foreground(accent)

	s.TextArea = textarea.DefaultStyles(isDark)
	s.TextArea.Cursor.Blink = false
	s.TextArea.Focused.CursorLine = lipgloss.NewStyle()
	s.TextArea.Focused.Prompt = lipgloss.NewStyle().Foreground(accent)
	s.TextArea.Blurred.Prompt = lipgloss.NewStyle().Foreground(muted)
	return s
}

// Inline is a style for text within a line: colours and attributes, no
// layout that depends on the text. lipgloss measures, splits and pads all
// it renders, which for the many short pieces of a frame was most of a
// live update's cost; inline renders a piece as the style's opening
// sequence, the text, and its closing one — the bytes lipgloss gives for
// it, checked when the style is made. Text with a newline or tab, and
// styles that size or transform their text, still go through lipgloss.
type Inline struct {
	lipgloss.Style
	open, close string
	fast        bool
}

// MakeInline makes s an Inline, checking its fast path against lipgloss.
func MakeInline(s lipgloss.Style) Inline {
	in := Inline{Style: s}
	if s.GetWidth() != 0 || s.GetHeight() != 0 || s.GetMaxWidth() != 0 || s.GetMaxHeight() != 0 || s.GetTransform() != nil {
		return in
	}
	probe, checks := "wardpanel", []string{"x", "", " a  b ", "会議 ✅", "\x1b[1mnested\x1b[m end"}
	if s.GetUnderline() {
		// lipgloss underlines character by character (and splits escape
		// sequences in what it underlines); one run underlined whole
		// looks the same.
		probe, checks = "x", nil
	}
	r := s.Render(probe)
	i := strings.Index(r, probe)
	if i < 0 {
		return in
	}
	in.open, in.close = r[:i], r[i+len(probe):]
	in.fast = true
	for _, t := range checks {
		in.fast = in.fast && s.Render(t) == in.Render(t)
	}
	return in
}

// Render is lipgloss's Render, quicker for one line.
func (s Inline) Render(strs ...string) string {
	if !s.fast || len(strs) != 1 || strings.ContainsAny(strs[0], "\n\t") {
		return s.Style.Render(strs...)
	}
	return s.open + strs[0] + s.close
}

// FilterPart is one filter of a list's bar: its label, and its value
// marked when the filter is on (not "all").
func (st *Styles) FilterPart(label, value string, on bool) string {
	v := st.Value.Render(value)
	if on {
		v = st.FilterOn.Render(value)
	}
	return st.Label.Render(label+" ") + v
}
