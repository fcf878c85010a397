package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// styles is built per session from the terminal's background, so each
// user's colours follow their own terminal, not the server's. Colours are
// written as full RGB; bubbletea downsamples them to the session's colour
// profile (and drops them under NO_COLOR), so nothing here checks the profile.
type styles struct {
	Header     lipgloss.Style // the bar across the top
	HeaderApp  lipgloss.Style
	HeaderWard lipgloss.Style
	HeaderWho  lipgloss.Style
	Demo       lipgloss.Style
	Live       lipgloss.Style

	// Label is for the app's own words; user text is drawn in Value, so
	// nobody can make their text pass for part of the interface.
	Label lipgloss.Style
	Value lipgloss.Style
	Muted lipgloss.Style
	Title lipgloss.Style

	ColHeader   lipgloss.Style
	RowSelected lipgloss.Style
	Restricted  lipgloss.Style
	PriHigh     lipgloss.Style
	PriMedium   lipgloss.Style
	PriLow      lipgloss.Style
	FilterOn    lipgloss.Style

	// Due dates: every marker is also a word ("overdue", "due soon"), so
	// the colour only repeats what NO_COLOR still shows.
	Overdue lipgloss.Style
	DueSoon lipgloss.Style
	Closed  lipgloss.Style
	// Evidence kinds, so a resident's report never reads as a recorded fact.
	KindFact    lipgloss.Style
	KindReport  lipgloss.Style
	KindOpinion lipgloss.Style
	Section     lipgloss.Style

	FieldLabel        lipgloss.Style
	FieldLabelFocused lipgloss.Style
	Choice            lipgloss.Style
	ChoiceFocused     lipgloss.Style
	Banner            lipgloss.Style
	Notice            lipgloss.Style

	Error   lipgloss.Style
	Success lipgloss.Style

	// plainValue: Value draws text unchanged (as it does today), so
	// value() can skip rendering: a long evidence log's reload notices.
	plainValue bool

	Help      help.Styles
	TextInput textinput.Styles
	TextArea  textarea.Styles
}

func newStyles(isDark bool) styles {
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

	s := styles{
		Header:     lipgloss.NewStyle().Background(headerBg).Foreground(headerFg).Padding(0, 1),
		HeaderApp:  lipgloss.NewStyle().Bold(true),
		HeaderWard: lipgloss.NewStyle(),
		HeaderWho:  lipgloss.NewStyle(),
		// Reverse and bold survive NO_COLOR (the ASCII profile keeps
		// attributes), so the warning stays loud without colour.
		Demo: lipgloss.NewStyle().Bold(true).Reverse(true).Background(demoFg).Foreground(demoBg).Padding(0, 1),
		Live: lipgloss.NewStyle().Foreground(good).Bold(true),

		Label: lipgloss.NewStyle().Foreground(muted),
		Value: lipgloss.NewStyle(),
		Muted: lipgloss.NewStyle().Foreground(muted),
		Title: lipgloss.NewStyle().Bold(true),

		ColHeader:   lipgloss.NewStyle().Foreground(muted).Bold(true),
		RowSelected: lipgloss.NewStyle().Background(selBg).Bold(true),
		Restricted:  lipgloss.NewStyle().Foreground(warn).Bold(true),
		PriHigh:     lipgloss.NewStyle().Foreground(bad).Bold(true),
		PriMedium:   lipgloss.NewStyle().Foreground(warn),
		PriLow:      lipgloss.NewStyle().Foreground(muted),
		FilterOn:    lipgloss.NewStyle().Foreground(accent).Bold(true),

		Overdue:     lipgloss.NewStyle().Foreground(bad).Bold(true),
		DueSoon:     lipgloss.NewStyle().Foreground(warn).Bold(true),
		Closed:      lipgloss.NewStyle().Foreground(muted),
		KindFact:    lipgloss.NewStyle().Foreground(accent).Bold(true),
		KindReport:  lipgloss.NewStyle().Foreground(good).Bold(true),
		KindOpinion: lipgloss.NewStyle().Foreground(warn).Bold(true),
		Section:     lipgloss.NewStyle().Bold(true).Underline(true),

		FieldLabel:        lipgloss.NewStyle().Foreground(muted),
		FieldLabelFocused: lipgloss.NewStyle().Foreground(accent).Bold(true),
		Choice:            lipgloss.NewStyle(),
		ChoiceFocused:     lipgloss.NewStyle().Foreground(accent).Bold(true),
		Banner:            lipgloss.NewStyle().Foreground(bad).Bold(true),
		Notice:            lipgloss.NewStyle().Foreground(warn),

		Error:   lipgloss.NewStyle().Foreground(bad),
		Success: lipgloss.NewStyle().Foreground(good),
	}

	s.plainValue = s.Value.Render("x") == "x"
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

// value draws user text in the Value style.
func (st *styles) value(s string) string {
	if st.plainValue {
		return s
	}
	return st.Value.Render(s)
}
