package admincmd

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/cli"
)

// AssetList is `assets`: the ward's community asset register, as the user
// may see it.
func AssetList[E Env]() cli.Command[E] {
	return cli.Command[E]{Name: "assets", Args: "[--ward CODE] [--search WORDS] [--json|--csv]",
		Summary: "the ward's community asset register",
		Run: func(e E, in *cli.Input) error {
			e.Declare(in)
			ward := in.String("ward", "CODE", "one of your wards (default: your first)")
			search := in.Text("search", "words or #theme")
			format := in.Output(cli.JSON, cli.CSV)
			st, err := parseOpen(e, in)
			if err != nil {
				return err
			}
			by := e.Actor().User
			code := *ward
			if code == "" && len(by.Wards) > 0 {
				code = by.Wards[0]
			}
			assets, err := st.Assets(by, code, *search)
			if err != nil {
				return err
			}
			t := cli.Table{Header: []string{"ID", "NAME", "THEMES", "SESSION", "VISIBILITY"}}
			out := make([]model.Asset, len(assets))
			for i, a := range assets {
				out[i] = a.Safe()
				t.Add(strconv.FormatUint(uint64(a.ID), 10), out[i].Name, strings.Join(out[i].Themes, ","),
					out[i].Session, cli.Visibility(a.Visibility))
			}
			heading := fmt.Sprintf("%d community assets", len(out))
			if len(out) == 1 {
				heading = "1 community asset"
			}
			return cli.Emit(in.Stdout, *format, out, heading, t)
		}}
}

// AssetEdit is `asset edit ID --name TEXT [--themes a,b]`.
func AssetEdit[E Env]() cli.Command[E] {
	return cli.Command[E]{Name: "asset edit", Args: "ID [--name TEXT] [--themes THEME,THEME]",
		Summary: "rename a community asset or set its themes",
		Run: func(e E, in *cli.Input) error {
			e.Declare(in)
			name := in.Text("name", "what the asset is")
			themes := in.String("themes", "THEME,THEME", "its themes (replacing those it has)")
			id, err := in.ParseID(cli.AssetRef)
			if err != nil {
				return err
			}
			if !in.Given("name") && !in.Given("themes") {
				return cli.Usagef("say what to change: --name or --themes")
			}
			st, err := e.Open(in)
			if err != nil {
				return err
			}
			old, err := findAsset(st, e.Actor().User, id)
			if err != nil {
				return err
			}
			newName, newThemes := old.Name, old.Themes
			if in.Given("name") {
				newName = *name
			}
			if in.Given("themes") {
				newThemes = strings.Split(*themes, ",")
			}
			a, err := st.EditAsset(e.Actor(), id, newName, newThemes)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(in.Stdout, "asset %d is now %q%s\n", a.ID, a.Safe().Name, cli.Marker(a.Visibility))
			return err
		}}
}

// AssetRemove is `asset remove ID`.
func AssetRemove[E Env]() cli.Command[E] {
	return cli.Command[E]{Name: "asset remove", Args: "ID", Summary: "take a community asset off the register",
		Run: func(e E, in *cli.Input) error {
			e.Declare(in)
			id, err := in.ParseID(cli.AssetRef)
			if err != nil {
				return err
			}
			st, err := e.Open(in)
			if err != nil {
				return err
			}
			a, err := st.RemoveAsset(e.Actor(), id)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(in.Stdout, "asset %d %q is off the register; its session line stays\n", a.ID, a.Safe().Name)
			return err
		}}
}

// assetStore is what findAsset reads.
type assetStore interface {
	Wards() ([]model.Ward, error)
	Assets(viewer model.User, ward, query string) ([]model.Asset, error)
}

// findAsset is asset id as u may see it, from the wards u belongs to.
func findAsset(st assetStore, u model.User, id model.ID) (model.Asset, error) {
	for _, w := range u.Wards {
		assets, err := st.Assets(u, w, "")
		if err != nil {
			return model.Asset{}, err
		}
		for _, a := range assets {
			if a.ID == id {
				return a, nil
			}
		}
	}
	return model.Asset{}, errors.New("community asset " + strconv.FormatUint(uint64(id), 10) + " not found")
}
