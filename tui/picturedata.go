package tui

import (
	"wardpanel/model"
	"wardpanel/tui/pictures"
)

// Rich pictures (issue 5): the list and the session screens are package
// pictures; the session form, built on the shared form code (sheet.go),
// is here (pictureforms.go).

// PictureStore is the rich-picture slice of the store (*store.Store has
// it): what the pictures screens read and write, the session form's writes,
// and the links the problem screen shows.
type PictureStore interface {
	pictures.Store
	CreatePicture(by model.Actor, p model.PictureSession) (model.PictureSession, error)
	UpdatePicture(by model.Actor, p model.PictureSession) (model.PictureSession, error)
	PictureLinks(viewer model.User, problemID model.ID) ([]model.PictureLink, error)
}

// pictureFormSavedMsg answers the session form.
type pictureFormSavedMsg struct {
	seq int
	s   model.PictureSession
	err error
}

type (
	openPicturesMsg    struct{}
	openPictureFormMsg struct{ f *pictureForm }
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
