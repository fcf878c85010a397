package main

import (
	"fmt"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/admincmd"
	"wardpanel/tui/cli"
)

var (
	keyAddCmd = cli.Command[*env]{Name: "key add", Args: "--user NAME --key FILE_OR_KEY",
		Summary: "enrol another key for a user", Run: keyAdd}
	keyListCmd = cli.Command[*env]{Name: "key list", Args: "[--user NAME] [--json|--csv]",
		Summary: "enrolled keys' fingerprints, to revoke by", Run: keyList}
	keyRevokeCmd = cli.Command[*env]{Name: "key revoke", Args: "--user NAME --key SHA256:…|FILE_OR_KEY",
		Summary: "remove a key from a user, ending its sessions", Run: keyRevoke}
)

func keyAdd(e *env, in *cli.Input) error {
	dir := dataOption(in)
	name := in.String("user", "NAME", "the user's full name")
	keyArg := in.String("key", "FILE_OR_KEY", "a public key or its .pub file")
	if _, err := in.Parse(); err != nil {
		return err
	}
	if err := in.Require("user", "key"); err != nil {
		return err
	}
	k, err := model.ParseKey(*keyArg)
	if err != nil {
		return cli.UsageError{Msg: "--key: " + err.Error()}
	}
	st, u, err := e.openUser(in, *dir, *name)
	if err != nil {
		return err
	}
	if _, err := st.AddKey(model.Operator, u.ID, k); err != nil {
		return err
	}
	fmt.Fprintf(in.Stdout, "added key %s for %s\n", k.Fingerprint, u.Name)
	return nil
}

// keyList prints enrolled keys, everyone's or one user's: the fingerprints
// are what `key revoke` takes.
func keyList(e *env, in *cli.Input) error {
	dir := dataOption(in)
	name := in.String("user", "NAME", "only this user's")
	format := in.Output(cli.JSON, cli.CSV)
	st, err := e.parseOpen(in, dir)
	if err != nil {
		return err
	}
	var users []model.User
	if *name != "" {
		u, err := st.UserByName(*name)
		if err != nil {
			return admincmd.NotEnrolled(*name, err)
		}
		users = []model.User{u}
	} else if users, err = st.Users(); err != nil {
		return err
	}
	type keyJSON struct {
		User        string `json:"user"`
		Fingerprint string `json:"fingerprint"`
		Comment     string `json:"comment"`
		Added       string `json:"added"`
	}
	keys := []keyJSON{}
	t := cli.Table{Header: []string{"USER", "FINGERPRINT", "COMMENT", "ADDED"}}
	for _, u := range users {
		for _, k := range u.Keys {
			j := keyJSON{model.CleanLine(u.Name, model.MaxNameLen), k.Fingerprint, model.CleanLine(k.Comment, model.MaxLineLen),
				k.AddedAt.UTC().Format("2006-01-02 15:04")}
			keys = append(keys, j)
			t.Add(j.User, j.Fingerprint, j.Comment, j.Added)
		}
	}
	return cli.Emit(in.Stdout, *format, keys, "", t)
}

// keyRevoke removes one key from a user. --key takes the fingerprint
// (SHA256:…, as key list and ssh-keygen -l print it), the key itself or its
// .pub file.
func keyRevoke(e *env, in *cli.Input) error {
	dir := dataOption(in)
	name := in.String("user", "NAME", "the user's full name")
	keyArg := in.String("key", "SHA256:…", "the fingerprint, the key or its .pub file")
	if _, err := in.Parse(); err != nil {
		return err
	}
	if err := in.Require("user", "key"); err != nil {
		return err
	}
	fp := strings.TrimSpace(*keyArg)
	if !strings.HasPrefix(fp, "SHA256:") {
		k, err := model.ParseKey(fp)
		if err != nil {
			return cli.Usagef("--key takes a fingerprint (SHA256:…, see wardpanel key list), a public key or its file")
		}
		fp = k.Fingerprint
	}
	st, u, err := e.openUser(in, *dir, *name)
	if err != nil {
		return err
	}
	u, err = st.RevokeKey(model.Operator, u.ID, fp)
	if err != nil {
		return err
	}
	fmt.Fprintf(in.Stdout, "revoked key %s of %s (%s left); its sessions are ended\n", fp, u.Name, model.Counted(len(u.Keys), "key", "keys"))
	return nil
}
