package sshd

import (
	"fmt"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/cli"
)

var whoamiCmd = cli.Command[*cmdEnv]{Name: "whoami", Args: "[--json]", Summary: "who you are connected as", Run: runWhoami}

func runWhoami(c *cmdEnv, in *cli.Input) error {
	format := in.Output(cli.JSON)
	if _, err := in.Parse(); err != nil {
		return err
	}
	u := c.user
	if *format == cli.JSON {
		return cli.WriteJSON(c.stdout, struct {
			Name        string   `json:"name"`
			Agency      string   `json:"agency"`
			Role        string   `json:"role"`
			Wards       []string `json:"wards"`
			Fingerprint string   `json:"key"`
		}{model.CleanLine(u.Name, model.MaxNameLen), u.Agency, string(u.Role), u.Wards, c.fingerprint})
	}
	_, err := fmt.Fprintf(c.stdout, "%s — %s, %s; wards %s; key %s\n",
		model.CleanLine(u.Name, model.MaxNameLen), u.Role, u.Agency, strings.Join(u.Wards, ", "), c.fingerprint)
	return err
}
