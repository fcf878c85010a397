package main

import (
	"fmt"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/cli"
)

// `wardpanel public-contact export CONTACT` and `… erase CONTACT --yes`:
// what `person` does for users, for someone without an account who left
// concerns with a way to contact them (issue 22): the contact as they
// gave it (an e-mail address, a phone number) finds them.
var (
	publicContactExportCmd = cli.Command[*env]{Name: "public-contact export", Args: "CONTACT",
		Summary: "all held about a member of the public's contact, as JSON", Run: publicContactExport}
	publicContactEraseCmd = cli.Command[*env]{Name: "public-contact erase", Args: "CONTACT --yes",
		Summary: "erase a contact and the text of the concerns left with it", Run: publicContactErase}
)

// contactStore reads the contact, as the person gave it, and opens the
// data for a command whose options are already declared.
func contactStore(e *env, in *cli.Input, dir *string) (string, Store, error) {
	args, err := in.Parse("CONTACT...")
	if err != nil {
		return "", nil, err
	}
	st, err := e.open(in, *dir)
	return strings.Join(args, " "), st, err
}

func publicContactExport(e *env, in *cli.Input) error {
	contact, st, err := contactStore(e, in, dataOption(in))
	if err != nil {
		return err
	}
	list, err := st.PublicContactExport(model.Operator, contact)
	if err != nil {
		return err
	}
	return cli.WriteJSON(in.Stdout, struct {
		Contact  string          `json:"contact"`
		Concerns []model.Concern `json:"concerns"`
	}{contact, list})
}

// publicContactErase erases with --yes; without it, it says what it would
// erase and changes nothing.
func publicContactErase(e *env, in *cli.Input) error {
	dir := dataOption(in)
	yes := in.Bool("yes", "erase: without it, nothing changes")
	contact, st, err := contactStore(e, in, dir)
	if err != nil {
		return err
	}
	if !*yes {
		list, err := st.PublicContactExport(model.Operator, contact)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(in.Stdout, "%d concerns were left with this contact; run again with --yes to erase it and their text\n", len(list))
		return err
	}
	n, err := st.ErasePublicContact(model.Operator, contact)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(in.Stdout, "erased the contact and the text of %d concerns\n", n)
	return err
}
