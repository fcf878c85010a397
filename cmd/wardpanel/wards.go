package main

import (
	"fmt"

	"wardpanel/model"
	"wardpanel/tui/cli"
)

var (
	wardAddCmd = cli.Command[*env]{Name: "ward add", Args: "--code E05… --name NAME [--lsoa E01…,E01…]",
		Summary: "add a ward (and the LSOAs it is made of)", Run: wardAdd}
	wardListCmd = cli.Command[*env]{Name: "ward list", Summary: "the wards", Run: wardList}
)

func wardAdd(e *env, in *cli.Input) error {
	dir := dataOption(in)
	code := in.String("code", "E05…", "the ward's ONS code")
	name := in.String("name", "NAME", "the ward's name")
	lsoa := in.String("lsoa", "E01…,E01…", "the LSOAs it is made of")
	if _, err := in.Parse(); err != nil {
		return err
	}
	if err := in.Require("code", "name"); err != nil {
		return err
	}
	if _, err := model.ParseWardCode(*code); err != nil {
		return cli.UsageError{Msg: err.Error()}
	}
	lsoas, err := parseLSOAFlag(*lsoa) // crimes.go
	if err != nil {
		return err
	}
	st, err := e.open(in, *dir)
	if err != nil {
		return err
	}
	w, err := st.AddWard(model.Operator, model.Ward{Code: *code, Name: *name})
	if err != nil {
		return err
	}
	fmt.Fprintf(in.Stdout, "added ward %s (%s)\n", w.Code, w.Name)
	return setWardAreas(st, w, lsoas, in.Stdout)
}

func wardList(e *env, in *cli.Input) error {
	return listCodes(e, in, Store.Wards, func(w model.Ward) (string, string) { return w.Code, w.Name })
}

// listCodes is `ward list` and `agency list`: records known by a code,
// with a name, as a table or JSON or CSV.
func listCodes[T any](e *env, in *cli.Input, list func(Store) ([]T, error), row func(T) (code, name string)) error {
	dir := dataOption(in)
	format := in.Output(cli.JSON, cli.CSV)
	st, err := e.parseOpen(in, dir)
	if err != nil {
		return err
	}
	records, err := list(st)
	if err != nil {
		return err
	}
	t := cli.Table{Header: []string{"CODE", "NAME"}}
	for _, r := range records {
		t.Add(row(r))
	}
	return cli.Emit(in.Stdout, *format, records, "", t)
}
