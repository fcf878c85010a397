package admincmd

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/cli"
)

// userJSON is a user as `user list --json` shows them: no key material,
// only fingerprints.
type userJSON struct {
	ID       model.ID `json:"id"`
	Name     string   `json:"name"`
	Role     string   `json:"role"`
	Agency   string   `json:"agency"`
	Wards    []string `json:"wards"`
	Keys     []string `json:"keys"`
	Disabled bool     `json:"disabled"`
	Email    string   `json:"email,omitempty"`
}

// UserList is `user list`: admins only.
func UserList[E Env]() cli.Command[E] {
	return cli.Command[E]{Name: "user list", Args: "[--json|--csv]", Summary: "the users, with their status (admins)",
		Run: func(e E, in *cli.Input) error {
			e.Declare(in)
			format := in.Output(cli.JSON, cli.CSV)
			st, err := parseOpen(e, in)
			if err != nil {
				return err
			}
			if err := model.CheckManageUsers(e.Actor().User); err != nil {
				return err
			}
			users, err := st.Users()
			if err != nil {
				return err
			}
			out := make([]userJSON, 0, len(users))
			t := cli.Table{Header: []string{"NAME", "ROLE", "AGENCY", "WARDS", "KEYS", "STATUS", "E-MAIL"}}
			for _, u := range users {
				j := userJSON{ID: u.ID, Name: model.CleanLine(u.Name, model.MaxNameLen), Role: string(u.Role),
					Agency: u.Agency, Wards: u.Wards, Keys: []string{}, Disabled: u.Disabled, Email: model.CleanLine(u.Email, model.MaxEmailLen)}
				for _, k := range u.Keys {
					j.Keys = append(j.Keys, k.Fingerprint)
				}
				out = append(out, j)
				status := "enabled"
				if u.Disabled {
					status = "disabled"
				}
				t.Add(j.Name, j.Role, j.Agency, strings.Join(j.Wards, ","), strconv.Itoa(len(j.Keys)), status, j.Email)
			}
			return cli.Emit(in.Stdout, *format, out, "", t)
		}}
}

// UserEdit is `user edit NAME …`: admins only. The name may be several
// words, with the options before, after or among them.
func UserEdit[E Env]() cli.Command[E] {
	return cli.Command[E]{Name: "user edit", Args: "NAME [--role R] [--agency A] [--add-ward W] [--remove-ward W] [--email E]",
		Summary: "change a user's role, agency or wards (admins; their sessions are told to reconnect)",
		Run: func(e E, in *cli.Input) error {
			e.Declare(in)
			role := in.Enum("role", cli.Names(model.Roles), "their new role")
			agency := in.String("agency", "A", "their new agency's code")
			add := in.String("add-ward", "CODE[,CODE]", "wards to add them to")
			remove := in.String("remove-ward", "CODE[,CODE]", "wards to take them out of")
			email := in.String("email", "E", "their e-mail address (none removes it)")
			args, err := in.Parse("NAME...")
			if err != nil {
				return err
			}
			if !in.Given("role") && !in.Given("agency") && !in.Given("add-ward") && !in.Given("remove-ward") && !in.Given("email") {
				return cli.Usagef("say what to change: --role, --agency, --add-ward, --remove-ward or --email")
			}
			ch := store.UserChange{Role: model.Role(*role), Agency: strings.ToLower(strings.TrimSpace(*agency))}
			if in.Given("email") {
				addr := ""
				if !strings.EqualFold(*email, "none") {
					if addr, err = model.ParseEmail(*email); err != nil {
						return cli.UsageError{Msg: err.Error()}
					}
				}
				ch.Email = &addr
			}
			if ch.AddWards, err = WardCodes(*add); err != nil {
				return err
			}
			if ch.RemoveWards, err = WardCodes(*remove); err != nil {
				return err
			}
			st, err := e.Open(in)
			if err != nil {
				return err
			}
			if err := model.CheckManageUsers(e.Actor().User); err != nil {
				return err
			}
			if err := KnownAgencyAndWards(st, ch.Agency, ch.AddWards); err != nil {
				return err
			}
			u, err := st.UserByName(args[0])
			if err != nil {
				return NotEnrolled(args[0], err)
			}
			if u, err = st.EditUser(e.Actor(), u.ID, ch); err != nil {
				return err
			}
			_, err = fmt.Fprintf(in.Stdout, "%s is now %s, %s, in %s; their open sessions are told to connect again\n",
				model.CleanLine(u.Name, model.MaxNameLen), u.Role, u.Agency, strings.Join(u.Wards, ", "))
			return err
		}}
}

// WardCodes reads a list of ward codes as typed: E05000001,E05000002.
func WardCodes(list string) ([]string, error) {
	var out []string
	for _, w := range strings.Split(list, ",") {
		if strings.TrimSpace(w) == "" {
			continue
		}
		code, err := model.ParseWardCode(w)
		if err != nil {
			return nil, cli.UsageError{Msg: err.Error()}
		}
		out = append(out, code)
	}
	return out, nil
}

// KnownAgencyAndWards makes an agency or ward typed that names nothing a
// usage error (exit 2), like a role that is not one.
func KnownAgencyAndWards(st Store, agency string, wards []string) error {
	if agency != "" {
		agencies, err := st.Agencies()
		if err != nil {
			return err
		}
		known := false
		for _, a := range agencies {
			known = known || strings.EqualFold(a.Code, strings.TrimSpace(agency))
		}
		if !known {
			return cli.Usagef("--agency %q: no such agency (wardpanel agency list)", agency)
		}
	}
	for _, w := range wards {
		code, err := model.ParseWardCode(w)
		if err != nil {
			return cli.UsageError{Msg: err.Error()}
		}
		if _, err := st.Ward(code); errors.Is(err, model.ErrNotFound) {
			return cli.Usagef("--ward %s: no such ward (wardpanel ward list)", code)
		}
	}
	return nil
}

// NotEnrolled words an unknown name as one line.
func NotEnrolled(name string, err error) error {
	if errors.Is(err, model.ErrNotFound) {
		return fmt.Errorf("no user named %q", model.CleanLine(name, model.MaxNameLen))
	}
	return err
}
