package sshd

import (
	"io"

	"wardpanel/model"
	"wardpanel/tui/cli"
)

var (
	meetingsCmd = cli.Command[*cmdEnv]{Name: "meetings", Args: "[--ics] [--ward CODE] [--json]",
		Summary: "the ward's meetings; --ics as an iCalendar file for your calendar", Run: runMeetings}
	meetingICSCmd = cli.Command[*cmdEnv]{Name: "meeting ics", Args: "ID",
		Summary: "one meeting as an iCalendar file (.ics)", Run: runMeetingICS}
)

func runMeetings(c *cmdEnv, in *cli.Input) error {
	format := in.Output(cli.JSON)
	ics := in.Bool("ics", "as an iCalendar file (RFC 5545): import it, or save it as meetings.ics")
	wardFlag := wardOption(in)
	if _, err := in.Parse(); err != nil {
		return err
	}
	if *ics && *format == cli.JSON {
		return cli.Usagef("--ics and --json are two formats: choose one")
	}
	code, err := c.ward(*wardFlag)
	if err != nil {
		return err
	}
	ms, err := c.store.Meetings(c.user, code)
	if err != nil {
		return err
	}
	if *ics {
		name := "Ward panel " + code
		if w, err := c.store.Ward(code); err == nil && w.Name != "" {
			name = w.Name + " ward panel"
		}
		_, err := io.WriteString(c.stdout, model.MeetingsICS(name, ms))
		return err
	}
	out := []meetingBrief{}
	t := cli.Table{Header: []string{"ID", "WHEN", "STATE", "VENUE", "TITLE"}}
	for _, m := range ms {
		m = m.Safe()
		out = append(out, meetingBrief{cli.MeetingRef.Name(m.ID), m.ID, m.Ward, m.Title, m.When, m.Venue, m.State})
		t.Add(cli.MeetingRef.Name(m.ID), m.When.Format("2006-01-02 15:04"), string(m.State), m.Venue, m.Title)
	}
	return cli.Emit(c.stdout, *format, out, model.Counted(len(out), "meeting", "meetings")+" in "+code, t)
}

// runMeetingICS is `meeting ics ID`; a meeting the user may not see is
// answered as one that does not exist.
func runMeetingICS(c *cmdEnv, in *cli.Input) error {
	args, err := in.Parse("ID")
	if err != nil {
		return err
	}
	return c.document(args[0], cli.MeetingRef, "meeting", func(w io.Writer, id model.ID) error {
		m, err := c.store.Meeting(c.user, id)
		if err != nil {
			return err
		}
		_, err = io.WriteString(w, model.MeetingsICS("", []model.Meeting{m}))
		return err
	})
}
