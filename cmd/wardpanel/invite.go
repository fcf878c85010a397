package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"wardpanel/model"
	"wardpanel/tui/cli"
)

// `wardpanel invite --name N --agency A --role R --ward CODE[,CODE]
// [--expires 72h]` prints a one-time code for a newcomer, who connects with
// their own key as join@host and types it; `wardpanel invite list` shows
// the invites and where each stands. Both run as admin commands: in this
// process, or inside the running server through the control socket.
var (
	inviteCmd = cli.Command[*env]{Name: "invite", Args: "--name N --agency A --role R --ward CODE[,CODE] [--expires 72h]",
		Summary: "a one-time code for ssh join@host", Run: invite}
	inviteListCmd = cli.Command[*env]{Name: "invite list", Summary: "invites and their state", Run: inviteList}
)

func invite(e *env, in *cli.Input) error {
	dir := dataOption(in)
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
	r := model.Role(*role)
	var err error
	ttl := model.DefaultInviteTTL
	if *expires != "" {
		if ttl, err = parseTTL(*expires); err != nil {
			return err
		}
	}
	st, err := e.open(in, *dir)
	if err != nil {
		return err
	}
	inv, code, err := st.CreateInvite(model.Operator,
		model.Invite{Name: *name, Agency: *agency, Role: r, Wards: strings.Split(*wards, ",")}, ttl)
	if err != nil {
		return err
	}
	stdout := in.Stdout
	fmt.Fprintf(stdout, "Invite %d for %s (%s, %s) in %s, good until %s:\n\n    %s\n\n",
		inv.ID, model.CleanLine(inv.Name, model.MaxNameLen), inv.Role, inv.Agency, strings.Join(inv.Wards, ", "),
		inv.ExpiresAt.UTC().Format("2006-01-02 15:04 UTC"), code)
	fmt.Fprint(stdout, `Pass the code on privately. With their own SSH key, they run
    ssh -p PORT join@HOST
(the address and port people use for wardpanel) and type the code. It works
once; wardpanel keeps only a hash of it and cannot show it again. Inviting
the same name again replaces this code.
`)
	return nil
}

// parseTTL reads --expires: a Go duration ("72h", "90m") or whole days ("7d").
func parseTTL(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n <= 0 {
			return 0, cli.Usagef("--expires %q: say how long, e.g. 72h or 7d", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, cli.Usagef("--expires %q: say how long, e.g. 72h or 7d", s)
	}
	return d, nil
}

func inviteList(e *env, in *cli.Input) error {
	dir := dataOption(in)
	st, err := e.parseOpen(in, dir)
	if err != nil {
		return err
	}
	invites, err := st.Invites(model.Operator)
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
}
