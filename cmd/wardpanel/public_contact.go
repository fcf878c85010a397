package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"wardpanel/model"
	"wardpanel/store"
)

// `wardpanel public-contact export CONTACT` and `… erase CONTACT --yes`:
// what `person` does for users, for someone without an account who left
// concerns with a way to contact them (issue 22): the contact as they
// gave it (an e-mail address, a phone number) finds them.
func init() {
	adminCommands["public-contact export"] = publicContactExport
	adminCommands["public-contact erase"] = publicContactErase
}

func publicContactWords(args []string) (contact string, yes bool, err error) {
	var words []string
	for _, a := range args {
		if a == "--yes" {
			yes = true
			continue
		}
		words = append(words, a)
	}
	contact = strings.Join(words, " ")
	if strings.TrimSpace(contact) == "" {
		return "", false, usageError{"say the contact, as the person gave it: public-contact export|erase CONTACT [--yes]"}
	}
	return contact, yes, nil
}

func publicContactExport(st *store.Store, args []string, stdout io.Writer) error {
	contact, _, err := publicContactWords(args)
	if err != nil {
		return err
	}
	list, err := st.PublicContactExport(model.Operator, contact)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Contact  string          `json:"contact"`
		Concerns []model.Concern `json:"concerns"`
	}{contact, list})
}

func publicContactErase(st *store.Store, args []string, stdout io.Writer) error {
	contact, yes, err := publicContactWords(args)
	if err != nil {
		return err
	}
	if !yes {
		list, err := st.PublicContactExport(model.Operator, contact)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "%d concerns were left with this contact; run again with --yes to erase it and their text\n", len(list))
		return err
	}
	n, err := st.ErasePublicContact(model.Operator, contact)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "erased the contact and the text of %d concerns\n", n)
	return err
}
