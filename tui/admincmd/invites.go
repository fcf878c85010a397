package admincmd

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"wardpanel/model"
	"wardpanel/tui/cli"
)

// Invite is `invite --name N --agency A --role R --ward CODE[,CODE]
// [--expires 72h]`: a one-time code for a newcomer, who connects with
// their own key as join@host and types it. On the server the operator
// makes it; over SSH an admin does, from their own laptop, and the store
// audits it under their name and key.
func Invite[E Env]() cli.Command[E] {
	return cli.Command[E]{Name: "invite", Args: "--name N --agency A --role R --ward CODE[,CODE] [--expires 72h]",
		Summary: "a one-time code for ssh join@host (admins)",
		Run: func(e E, in *cli.Input) error {
			e.Declare(in)
			name := in.String("name", "N", "the newcomer's full name")
			agency := in.String("agency", "A", "their agency's code")
			role := in.Enum("role", cli.Names(model.Roles), "their role")
			wards := in.String("ward", "CODE[,CODE]", "their wards")
			expires := in.String("expires", "72h", "how long the code works (72h, 7d)")
			if _, err := in.Parse(); err != nil {
				return err
			}
			if err := in.Require("name", "agency", "role", "ward"); err != nil {
				return err
			}
			ttl := model.DefaultInviteTTL
			if *expires != "" {
				d, err := model.ParseInviteTTL(*expires)
				if err != nil {
					return cli.Usagef("--expires %s", strings.TrimPrefix(err.Error(), "expires: "))
				}
				ttl = d
			}
			st, err := e.Open(in)
			if err != nil {
				return err
			}
			inv, code, err := st.CreateInvite(e.Actor(),
				model.Invite{Name: *name, Agency: *agency, Role: model.Role(*role), Wards: strings.Split(*wards, ",")}, ttl)
			if err != nil {
				return err
			}
			fmt.Fprintf(in.Stdout, "Invite %d for %s (%s, %s) in %s, good until %s:\n\n    %s\n\n",
				inv.ID, model.CleanLine(inv.Name, model.MaxNameLen), inv.Role, inv.Agency, strings.Join(inv.Wards, ", "),
				inv.ExpiresAt.UTC().Format("2006-01-02 15:04 UTC"), code)
			_, err = fmt.Fprint(in.Stdout, `Pass the code on privately. With their own SSH key, they run
    ssh -p PORT join@HOST
(the address and port people use for wardpanel) and type the code. It works
once; wardpanel keeps only a hash of it and cannot show it again. Inviting
the same name again replaces this code.
`)
			return err
		}}
}

// InviteList is `invite list`: the invites and where each stands.
func InviteList[E Env]() cli.Command[E] {
	return cli.Command[E]{Name: "invite list", Summary: "invites and their state (admins)",
		Run: func(e E, in *cli.Input) error {
			e.Declare(in)
			st, err := parseOpen(e, in)
			if err != nil {
				return err
			}
			invites, err := st.Invites(e.Actor())
			if err != nil {
				return err
			}
			const when = "2006-01-02 15:04"
			now := time.Now()
			t := cli.Table{Header: []string{"ID", "NAME", "ROLE", "AGENCY", "WARDS", "STATE", "SINCE/UNTIL", "KEY"}}
			for _, inv := range invites {
				state := inv.State(now)
				at := inv.ExpiresAt
				switch state {
				case model.InviteUsed:
					at = inv.UsedAt
				case model.InviteReplaced:
					at = inv.ReplacedAt
				}
				t.Add(strconv.FormatUint(uint64(inv.ID), 10), inv.Name, string(inv.Role), inv.Agency,
					strings.Join(inv.Wards, ","), string(state), at.UTC().Format(when), inv.UsedBy)
			}
			return t.WriteText(in.Stdout)
		}}
}
