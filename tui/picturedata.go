package tui

import (
	"wardpanel/model"
	"wardpanel/tui/pictures"
)

// Rich pictures (issue 5): the list, the session screen and the session
// form are package pictures; here are the router's messages for them.

// PictureStore is the rich-picture slice of the store (*store.Store has
// it): what the pictures screens and the session form read and write, and
// the links the problem screen shows.
type PictureStore interface {
	pictures.Store
	PictureLinks(viewer model.User, problemID model.ID) ([]model.PictureLink, error)
}

type (
	openPicturesMsg    struct{}
	openPictureFormMsg struct{ f component }
	// pictureDoneMsg: the session form saved; the root closes it and
	// opens the session.
	pictureDoneMsg struct {
		text string
		id   model.ID
	}
)

// pictureKeyMap is the rich-picture screens' keys; keyMap.Pictures holds them.
type pictureKeyMap = pictures.KeyMap

func newPictureKeyMap() pictureKeyMap { return pictures.NewKeyMap() }
