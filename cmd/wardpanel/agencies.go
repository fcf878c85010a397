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
	dir := dataOption(in)
	format := in.Output(cli.JSON, cli.CSV)
	st, err := e.parseOpen(in, dir)
	if err != nil {
		return err
	}
	agencies, err := st.Agencies()
	if err != nil {
		return err
	}
	t := cli.Table{Header: []string{"CODE", "NAME"}}
	for _, a := range agencies {
		t.Add(a.Code, a.Name)
	}
	return cli.Emit(in.Stdout, *format, agencies, "", t)
}
