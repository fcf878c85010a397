// Package admincmd holds the commands typed alike on the server
// (`wardpanel user edit …`) and over SSH by those allowed
// (`ssh host user edit …`): the user and community-asset registers. Each
// side gives them its store and who is acting; the store's rules decide.
package admincmd

import (
	"time"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/cli"
)

// Env is what a side gives these commands.
type Env interface {
	// Declare adds the options every data command takes on this side
	// (the server's --data).
	Declare(in *cli.Input)
	// Open is the store, once the options are parsed. On the server it
	// may send the command to the running server instead (cli.ExitError).
	Open(in *cli.Input) (Store, error)
	// Actor is who acts: the operator on the server, the user over SSH.
	Actor() model.Actor
}

// Store is what these commands ask of the store, declared here where it
// is used; *store.Store is the one implementation.
type Store interface {
	Ward(code string) (model.Ward, error)
	Wards() ([]model.Ward, error)
	Agencies() ([]model.Agency, error)
	Users() ([]model.User, error)
	UserByName(name string) (model.User, error)
	EditUser(by model.Actor, id model.ID, ch store.UserChange) (model.User, error)
	CreateInvite(by model.Actor, inv model.Invite, ttl time.Duration) (model.Invite, string, error)
	Invites(by model.Actor) ([]model.Invite, error)
	Assets(viewer model.User, ward, query string) ([]model.Asset, error)
	EditAsset(by model.Actor, id model.ID, name string, themes []string) (model.Asset, error)
	RemoveAsset(by model.Actor, id model.ID) (model.Asset, error)
}

var _ Store = (*store.Store)(nil)

// parseOpen parses a command that takes no arguments, then opens the store.
func parseOpen[E Env](e E, in *cli.Input) (Store, error) {
	if _, err := in.Parse(); err != nil {
		return nil, err
	}
	return e.Open(in)
}

// Users are the user register's shared commands, on both sides.
func Users[E Env]() []cli.Command[E] { return []cli.Command[E]{UserList[E](), UserEdit[E]()} }

// Assets are the community asset register's commands, over SSH: the
// register is the ward's, and the server's operator belongs to no ward.
func Assets[E Env]() []cli.Command[E] {
	return []cli.Command[E]{AssetList[E](), AssetEdit[E](), AssetRemove[E]()}
}
