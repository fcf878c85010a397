// Package admincmd holds the commands typed alike on the server
// (`wardpanel user edit …`) and over SSH by those allowed
// (`ssh host user edit …`): the user and community-asset registers. Each
// side gives them its store and who is acting; the store's rules decide.
package admincmd

import (
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
	Open(in *cli.Input) (*store.Store, error)
	// Actor is who acts: the operator on the server, the user over SSH.
	Actor() model.Actor
}

// Users are the user register's shared commands, on both sides.
func Users[E Env]() []cli.Command[E] { return []cli.Command[E]{UserList[E](), UserEdit[E]()} }

// Assets are the community asset register's commands, over SSH: the
// register is the ward's, and the server's operator belongs to no ward.
func Assets[E Env]() []cli.Command[E] {
	return []cli.Command[E]{AssetList[E](), AssetEdit[E](), AssetRemove[E]()}
}
