// Package ui holds what every screen of the terminal interface shares and
// what a screen in a package of its own needs to know of the router: the
// Screen interface, the messages that move between screens, and the
// generic loader.
package ui

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
)

// Screen is what the router asks of a screen in a package of its own: it
// sizes it, hands it messages, draws it and shows its key help (help.KeyMap)
// in the footer. Update mutates in place: screens hold text inputs and
// lists that would be costly to copy on every key.
type Screen interface {
	help.KeyMap
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	// View draws exactly the size last given to SetSize.
	View() string
	SetSize(width, height int)
	// Capturing reports whether keys are going into a text field, so the
	// router leaves q and ? to be typed.
	Capturing() bool
	// Title names the screen in words.
	Title() string
}

// Open asks the router to bring the screen of the table named ID to the
// top; the router then calls its Show, if it has one.
type Open struct{ ID string }

// Shower is a screen that reads afresh each time it is opened.
type Shower interface{ Show() tea.Cmd }

// Back asks the router to close the screen on top.
type Back struct{}
