package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"wardpanel/model"
	"wardpanel/store"
)

// `wardpanel invite --name N --agency A --role R --ward CODE[,CODE]
// [--expires 72h]` prints a one-time code for a newcomer, who connects with
// their own key as join@host and types it; `wardpanel invite list` shows
// the invites and where each stands. Both run as admin commands: in this
// process, or inside the running server through the control socket.
func init() { adminCommands["invite"] = inviteCmd }

func inviteCmd(st *store.Store, args []string, stdout io.Writer) error {
	if len(args) > 0 && args[0] == "list" {
		return inviteList(st, args[1:], stdout)
	}
	fs := flag.NewFlagSet("invite", flag.ContinueOnError)
	name := fs.String("name", "", "")
	agency := fs.String("agency", "", "")
	role := fs.String("role", "", "")
	wards := fs.String("ward", "", "")
	expires := fs.String("expires", "", "")
	if err := parse(fs, args, "name", "agency", "role", "ward"); err != nil {
		return err
	}
	r, err := model.ParseRole(*role)
	if err != nil {
		return usageError{err.Error()}
	}
	ttl := model.DefaultInviteTTL
	if *expires != "" {
		if ttl, err = parseTTL(*expires); err != nil {
			return err
		}
	}
	inv, code, err := st.CreateInvite(model.Operator,
		model.Invite{Name: *name, Agency: *agency, Role: r, Wards: strings.Split(*wards, ",")}, ttl)
	if err != nil {
		return err
	}
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
	d, err := model.ParseInviteTTL(s)
	if err != nil {
		return 0, usageError{"--expires " + strings.TrimPrefix(err.Error(), "expires: ")}
	}
	return d, nil
}

func inviteList(st *store.Store, args []string, stdout io.Writer) error {
	if err := parse(flag.NewFlagSet("invite list", flag.ContinueOnError), args); err != nil {
		return err
	}
	invites, err := st.Invites(model.Operator)
	if err != nil {
		return err
	}
	const when = "2006-01-02 15:04"
	now := time.Now()
	rows := [][]string{{"ID", "NAME", "ROLE", "AGENCY", "WARDS", "STATE", "SINCE/UNTIL", "KEY"}}
	for _, inv := range invites {
		state := inv.State(now)
		at := inv.ExpiresAt
		switch state {
		case model.InviteUsed:
			at = inv.UsedAt
		case model.InviteReplaced:
			at = inv.ReplacedAt
		}
		rows = append(rows, []string{strconv.FormatUint(uint64(inv.ID), 10), inv.Name, string(inv.Role), inv.Agency,
			strings.Join(inv.Wards, ","), string(state), at.UTC().Format(when), inv.UsedBy})
	}
	return printTable(stdout, rows)
}
