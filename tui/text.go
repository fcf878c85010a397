package tui

import (
	"wardpanel/tui/ui"
)

// The text helpers live in package ui, shared with the screens in packages
// of their own; these are their names in tui.

func safeLine(s string, maxRunes int) string { return ui.SafeLine(s, maxRunes) }
func safeName(s string) string               { return ui.SafeName(s) }
func textWidth(s string) int                 { return ui.TextWidth(s) }
func trunc(s string, w int) string           { return ui.Trunc(s, w) }
func fit(s string, w int) string             { return ui.Fit(s, w) }
