package main

import (
	"fmt"

	"wardpanel/model"
	"wardpanel/tui/cli"
)

var (
	agencyAddCmd = cli.Command[*env]{Name: "agency add", Args: "--code CODE [--name NAME]",
		Summary: "add or rename an agency", Run: agencyAdd}
	agencyListCmd = cli.Command[*env]{Name: "agency list", Summary: "the agencies", Run: agencyList}
)

func agencyAdd(e *env, in *cli.Input) error {
	dir := dataOption(in)
	code := in.String("code", "CODE", "a short code: police, housing")
	name := in.String("name", "NAME", "the agency's name")
	st, err := e.parseOpen(in, dir, "code")
	if err != nil {
		return err
	}
	a, err := st.PutAgency(model.Operator, model.Agency{Code: *code, Name: *name})
	if err != nil {
		return err
	}
	fmt.Fprintf(in.Stdout, "agency %s (%s) saved\n", a.Code, a.Name)
	return nil
}

func agencyList(e *env, in *cli.Input) error {
	return listCodes(e, in, Store.Agencies, func(a model.Agency) (string, string) { return a.Code, a.Name })
}
