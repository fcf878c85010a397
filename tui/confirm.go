package tui

import "wardpanel/tui/ui"

// editor is a form that knows whether the user has changed it, so esc
// and ctrl+c can ask before throwing their typing away.
type editor interface {
	// KeepOriginal notes what the form shows, the first time it is called:
	// the app calls it before the form's first key or paste.
	KeepOriginal()
	// Edited reports whether the form differs from what KeepOriginal saw.
	Edited() bool
}

// The prompts of the app-wide guards, here so tests can name them.
const (
	discardPrompt  = "You have changes: press esc again to discard them, or ctrl+s to save."
	quitFormPrompt = "Press ctrl+c again to end the session; this form is not saved."
)

// refusal is err in words for the status line (ui.Refusal).
func refusal(err error) string { return ui.Refusal(err) }
