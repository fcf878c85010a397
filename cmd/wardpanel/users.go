package main

import (
	"fmt"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/admincmd"
	"wardpanel/tui/cli"
)

var (
	userAddCmd = cli.Command[*env]{Name: "user add", Args: "--name N --agency A --role R --ward CODE[,CODE] [--key FILE_OR_KEY]",
		Summary: "enrol a user", Run: userAdd}
	userListCmd    = admincmd.UserList[*env]()
	userEditCmd    = admincmd.UserEdit[*env]()
	userDisableCmd = cli.Command[*env]{Name: "user disable", Args: "--name N",
		Summary: "stop a user connecting, ending their sessions", Run: userDisable}
	userEnableCmd = cli.Command[*env]{Name: "user enable", Args: "--name N", Summary: "let a disabled user back in", Run: userEnable}
)

// roleOption declares --role; its value is checked by model.ParseRole.
func roleOption(in *cli.Input) *string {
	return in.Enum("role", cli.Names(model.Roles), "the user's role")
}

func userAdd(e *env, in *cli.Input) error {
	dir := dataOption(in)
	name := in.String("name", "N", "the user's full name")
	agency := in.String("agency", "A", "their agency's code")
	role := roleOption(in)
	wards := in.String("ward", "CODE[,CODE]", "their wards")
	keyArg := in.String("key", "FILE_OR_KEY", "a public key or its .pub file")
	if _, err := in.Parse(); err != nil {
		return err
	}
	if err := in.Require("name", "agency", "role", "ward"); err != nil {
		return err
	}
	u := model.User{Name: *name, Agency: *agency, Role: model.Role(*role), Wards: strings.Split(*wards, ",")}
	if *keyArg != "" {
		k, err := model.ParseKey(*keyArg)
		if err != nil {
			return cli.UsageError{Msg: "--key: " + err.Error()}
		}
		u.Keys = []model.Key{k}
	}
	st, err := e.open(in, *dir)
	if err != nil {
		return err
	}
	if err := admincmd.KnownAgencyAndWards(st, u.Agency, u.Wards); err != nil {
		return err
	}
	u, err = st.AddUser(model.Operator, u)
	if err != nil {
		return err
	}
	fmt.Fprintf(in.Stdout, "added %s (%s, %s) in %s", u.Name, u.Role, u.Agency, strings.Join(u.Wards, ", "))
	if len(u.Keys) > 0 {
		fmt.Fprintf(in.Stdout, " with key %s", u.Keys[0].Fingerprint)
	}
	fmt.Fprintln(in.Stdout)
	return nil
}

// userDisable stops a user connecting, and ends their sessions, keeping
// everything else about them.
func userDisable(e *env, in *cli.Input) error { return setUserDisabled(e, in, true) }

// userEnable undoes userDisable.
func userEnable(e *env, in *cli.Input) error { return setUserDisabled(e, in, false) }

func setUserDisabled(e *env, in *cli.Input, disable bool) error {
	dir := dataOption(in)
	name := in.String("name", "N", "the user's full name")
	st, err := e.parseOpen(in, dir, "name")
	if err != nil {
		return err
	}
	u, err := st.UserByName(*name)
	if err != nil {
		return admincmd.NotEnrolled(*name, err)
	}
	if disable {
		if u, err = st.DisableUser(model.Operator, u.ID); err == nil {
			fmt.Fprintf(in.Stdout, "disabled %s; their sessions are ended and their keys refused until wardpanel user enable\n", u.Name)
		}
		return err
	}
	if u, err = st.EnableUser(model.Operator, u.ID); err == nil {
		fmt.Fprintf(in.Stdout, "enabled %s (%s)\n", u.Name, model.Counted(len(u.Keys), "key", "keys"))
	}
	return err
}
