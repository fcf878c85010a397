package tui

import "wardpanel/tui/ui"

// styles are the session's styles (ui.Styles, shared with the screens in
// packages of their own).
type styles struct{ ui.Styles }

type inline = ui.Inline

func newStyles(isDark bool) styles { return styles{ui.NewStyles(isDark)} }

// value draws user text in the Value style.
func (st *styles) value(s string) string { return st.Value.Render(s) }
