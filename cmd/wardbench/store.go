package main

import (
	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/sshd"
)

// Store is what the benchmark uses of the store it opens: what it serves
// over SSH, and the writes that seed and drive the ward. *store.Store is
// the one implementation.
type Store interface {
	sshd.Store

	// The seeding's and the runs' own writes, and the file.
	AddUser(by model.Actor, u model.User) (model.User, error)
	AddWard(by model.Actor, w model.Ward) (model.Ward, error)
	Close() error
	Path() string
	PutAgency(by model.Actor, a model.Agency) (model.Agency, error)
}

var _ Store = (*store.Store)(nil)
