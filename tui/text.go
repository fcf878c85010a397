package tui

import (
	"wardpanel/model"
	"wardpanel/tui/ui"
)

// The text helpers live in package ui, shared with the screens in packages
// of their own; these are their names in tui.

func safeLine(s string, maxRunes int) string { return ui.SafeLine(s, maxRunes) }
func safeText(s string) string               { return ui.SafeText(s) }
func safeName(s string) string               { return ui.SafeName(s) }
func textWidth(s string) int                 { return ui.TextWidth(s) }
func trunc(s string, w int) string           { return ui.Trunc(s, w) }
func fit(s string, w int) string             { return ui.Fit(s, w) }
func wrap(s string, w int) []string          { return ui.Wrap(s, w) }
func block(lines []string, w, h int) string  { return ui.Block(lines, w, h) }
func clamp(v, lo, hi int) int                { return ui.Clamp(v, lo, hi) }

func visibilityLabel(v model.Visibility) string { return ui.VisibilityLabel(v) }
