package sshd

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"wardpanel/model"
)

// `invite` over SSH lets an admin get people in from their own laptop,
// as `wardpanel invite` does on the server: the store allows it to
// admins only, and audits it under their name and key.
func registerInviteCommand(cmds map[string]command) {
	cmds["invite"] = command{
		usage:   "invite --name N --agency A --role R --ward CODE[,CODE] [--expires 72h] | invite list",
		summary: "a one-time code for a newcomer to enrol their key at join@host (admins)",
		run:     runInvite,
	}
}

func runInvite(c *cmdEnv, args []string) error {
	if len(args) > 0 && args[0] == "list" {
		return runInviteList(c, args[1:])
	}
	fs := flag.NewFlagSet("invite", flag.ContinueOnError)
	name := fs.String("name", "", "")
	agency := fs.String("agency", "", "")
	role := fs.String("role", "", "")
	wards := fs.String("ward", "", "")
	expires := fs.String("expires", "", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	for _, f := range []struct{ flag, value string }{{"name", *name}, {"agency", *agency}, {"role", *role}, {"ward", *wards}} {
		if strings.TrimSpace(f.value) == "" {
			return usageError{"--" + f.flag + " is required"}
		}
	}
	r, err := model.ParseRole(*role)
	if err != nil {
		return usageError{err.Error()}
	}
	ttl := model.DefaultInviteTTL
	if *expires != "" {
		if ttl, err = model.ParseInviteTTL(*expires); err != nil {
			return usageError{"--" + err.Error()}
		}
	}
	inv, code, err := c.store.CreateInvite(c.actor(),
		model.Invite{Name: *name, Agency: *agency, Role: r, Wards: strings.Split(*wards, ",")}, ttl)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.stdout, "Invite %d for %s (%s, %s) in %s, good until %s:\n\n    %s\n\n"+
		"Pass the code on privately. With their own SSH key they run ssh -t -p PORT join@HOST\n"+
		"and type it. It works once; inviting the same name again replaces it.\n",
		inv.ID, model.CleanLine(inv.Name, model.MaxNameLen), inv.Role, inv.Agency, strings.Join(inv.Wards, ", "),
		inv.ExpiresAt.UTC().Format("2006-01-02 15:04 UTC"), code)
	return err
}

func runInviteList(c *cmdEnv, args []string) error {
	if err := parseFlags(flag.NewFlagSet("invite list", flag.ContinueOnError), args); err != nil {
		return err
	}
	invites, err := c.store.Invites(c.actor())
	if err != nil {
		return err
	}
	now := time.Now()
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tROLE\tAGENCY\tWARDS\tSTATE\tUNTIL")
	for _, inv := range invites {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", strconv.FormatUint(uint64(inv.ID), 10),
			model.CleanLine(inv.Name, model.MaxNameLen), inv.Role, inv.Agency, strings.Join(inv.Wards, ","),
			inv.State(now), inv.ExpiresAt.UTC().Format("2006-01-02 15:04"))
	}
	return tw.Flush()
}
