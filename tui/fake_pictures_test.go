package tui

import (
	"errors"

	"wardpanel/model"
)

// The fake store has no rich pictures: those screens are tested on the
// real store (picture_test.go), whose rules they would otherwise repeat.

var errNoPictures = errors.New("the fake store keeps no rich pictures")

func (s *fakeStore) CreatePicture(model.Actor, model.PictureSession) (model.PictureSession, error) {
	return model.PictureSession{}, errNoPictures
}

func (s *fakeStore) UpdatePicture(model.Actor, model.PictureSession) (model.PictureSession, error) {
	return model.PictureSession{}, errNoPictures
}

func (s *fakeStore) Picture(model.User, model.ID) (model.PictureSession, error) {
	return model.PictureSession{}, model.ErrNotFound
}

func (s *fakeStore) Pictures(model.User, string) ([]model.PictureSession, error) { return nil, nil }

func (s *fakeStore) PictureElements(model.User, model.ID) ([]model.Element, error) {
	return nil, model.ErrNotFound
}

func (s *fakeStore) AddElement(model.Actor, model.ID, string) (model.Element, error) {
	return model.Element{}, errNoPictures
}

func (s *fakeStore) EditElement(model.Actor, model.ID, model.ID, string, uint64) (model.Element, error) {
	return model.Element{}, errNoPictures
}

func (s *fakeStore) DeleteElement(model.Actor, model.ID, model.ID) error { return errNoPictures }

func (s *fakeStore) PromoteConcern(model.Actor, model.ID, model.ID) (model.Problem, error) {
	return model.Problem{}, errNoPictures
}

func (s *fakeStore) RecordAsset(model.Actor, model.ID, model.ID) (model.Asset, error) {
	return model.Asset{}, errNoPictures
}

func (s *fakeStore) Assets(model.User, string, string) ([]model.Asset, error) { return nil, nil }

func (s *fakeStore) PictureLinks(model.User, model.ID) ([]model.PictureLink, error) { return nil, nil }

func (s *fakeStore) PictureThemes(_ model.User, ward string) (model.ThemeTrend, error) {
	return model.ThemeTrend{Ward: ward}, nil
}
