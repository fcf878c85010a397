// Package ui holds what every screen of the terminal interface shares and
// what a screen in a package of its own needs to know of the router: the
// Screen interface, the messages that move between screens, and the
// generic loader.
package ui

import (
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
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

// Greeter is a screen with something to do when a user arrives (the
// inbox's first look).
type Greeter interface{ Greet() tea.Cmd }

// Back asks the router to close the screen on top.
type Back struct{}

// Restyler is a screen that follows a change of the terminal's background
// (its text inputs keep styles of their own).
type Restyler interface{ Restyle() }

// NewsReader is a screen that redraws after the session's news of the
// ward (its live meeting, its priorities) changed (the board's ★).
type NewsReader interface{ News() }

// StoreChanged is sent when the store committed a change: each open screen
// reads again what it shows, keeping its cursor and filters (tui's
// StoreChangedMsg).
type StoreChanged struct{ Revision uint64 }

// Err reports a failed store call in the status line: "Op: what went wrong".
type Err struct {
	Op  string
	Err error
}

// Session is one session's bundle as a screen sees it: who is looking,
// where, when, the styles and keys. The router owns it; it changes only on
// the program's goroutine, so a screen's command copies what it needs
// before it runs.
type Session interface {
	// User is who is looking; HasUser is false until a demo visitor has
	// chosen who to be.
	User() model.User
	HasUser() bool
	// Actor is the user with the key they came in with, for writes.
	Actor() model.Actor
	// Ward is the ward on screen.
	Ward() model.Ward
	// Now is the session's clock; Today its date, as due dates are kept.
	Now() time.Time
	Today() time.Time
	// NextSeq numbers a load (one counter for all the session's screens).
	NextSeq() int
	Styles() *Styles
	Keys() *Keys
}
