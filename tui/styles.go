package tui

import "wardpanel/tui/ui"

// styles are the session's styles (ui.Styles, shared with the screens in
// packages of their own).
type styles struct{ ui.Styles }

func newStyles(isDark bool) styles { return styles{ui.NewStyles(isDark)} }
