package sshd

import (
	"fmt"
	"io"
	"strings"
	"time"

	"wardpanel/model"
	"wardpanel/tui/cli"
	"wardpanel/tui/inbox"
)

var inboxCmd = cli.Command[*cmdEnv]{Name: "inbox", Args: "[--json]",
	Summary: "what is new for you in the last 7 days, yours overdue and due soon, your next meeting", Run: runInbox}

// inboxJSON is the inbox as scripts see it: actions with their references
// and due marks, meetings without their agendas and minutes, the updates
// asked of you (update.go).
type inboxJSON = model.InboxOf[actionJSON, problemBrief, pastReviewJSON, meetingBrief, askedJSON]

type askedJSON struct {
	Ref     string   `json:"ref"`
	Meeting string   `json:"meeting"`
	Title   string   `json:"title"`
	Posted  bool     `json:"posted"`
	ID      model.ID `json:"id"`
}

type problemBrief struct {
	Ref        string           `json:"ref"`
	ID         model.ID         `json:"id"`
	Ward       string           `json:"ward"`
	Title      string           `json:"title"`
	Stage      model.Stage      `json:"stage"`
	LeadAgency string           `json:"lead_agency"`
	Visibility model.Visibility `json:"visibility"`
	UpdatedBy  string           `json:"updated_by"`
	UpdatedAt  time.Time        `json:"updated_at"`
}

type meetingBrief struct {
	Ref   string             `json:"ref"`
	ID    model.ID           `json:"id"`
	Ward  string             `json:"ward"`
	Title string             `json:"title"`
	When  time.Time          `json:"when"`
	Venue string             `json:"venue,omitempty"`
	State model.MeetingState `json:"state"`
}

func runInbox(c *cmdEnv, in *cli.Input) error {
	format := in.Output(cli.JSON)
	if _, err := in.Parse(); err != nil {
		return err
	}
	now := time.Now()
	b, err := inbox.Read(c.store, c.user, now)
	if err != nil {
		return err
	}
	out := model.MapInbox(b, func(a model.Action) actionJSON { return actionOut(a, now) },
		func(p model.Problem) problemBrief {
			return problemBrief{cli.ProblemRef.Name(p.ID), p.ID, p.Ward, p.Title, p.Stage, p.LeadAgency, p.Visibility, p.UpdatedBy, p.UpdatedAt}
		},
		func(p model.Problem) pastReviewJSON {
			return pastReviewJSON{cli.ProblemRef.Name(p.ID), p.ID, p.Ward, p.Title, p.Stage, p.ReviewBy, p.Visibility}
		},
		func(m model.Meeting) meetingBrief {
			return meetingBrief{cli.MeetingRef.Name(m.ID), m.ID, m.Ward, m.Title, m.When, m.Venue, m.State}
		},
		func(a model.AskedUpdate) askedJSON {
			ref := cli.ActionRef
			if a.Kind == model.RecordProblem {
				ref = cli.ProblemRef
			}
			return askedJSON{ref.Name(a.ID), cli.MeetingRef.Name(a.MeetingID), a.Title, a.Posted, a.ID}
		})
	if *format == cli.JSON {
		return cli.WriteJSON(c.stdout, out)
	}
	return writeInboxText(c.stdout, c.user, out)
}

// writeInboxText prints the inbox a section at a time, every section
// named even when empty, so a reader knows it was looked at.
func writeInboxText(w io.Writer, u model.User, b inboxJSON) error {
	fmt.Fprintf(w, "Inbox for %s: new since %s (the last %d days)\n", model.CleanLine(u.Name, model.MaxNameLen),
		b.Since.Format("2006-01-02"), int(model.InboxWindow/(24*time.Hour)))
	actions := func(heading string, as []actionJSON) {
		t := cli.Table{Header: []string{"ID", "DUE", "STATUS", "OWNER", "ASSIGNEE", "TITLE"}}
		for _, a := range as {
			due := a.Due.Format("2006-01-02")
			switch {
			case a.Overdue:
				due += " OVERDUE"
			case a.DueSoon:
				due += " soon"
			}
			t.Add(a.Ref, due, string(a.Status), a.OwnerAgency, a.Assignee, a.Title+cli.Marker(a.Visibility))
		}
		section(w, heading, t)
	}
	actions("New or changed for you or your agency", b.New)
	actions("Yours overdue", b.Overdue)
	actions(fmt.Sprintf("Yours due within %d days", model.DueSoonDays), b.DueSoon)
	t := cli.Table{Header: []string{"ID", "STAGE", "CHANGED", "BY", "TITLE"}}
	for _, p := range b.Changed {
		t.Add(p.Ref, string(p.Stage), p.UpdatedAt.Format("2006-01-02"), p.UpdatedBy, p.Title+cli.Marker(p.Visibility))
	}
	section(w, "Problems your agency leads, changed", t)
	t = cli.Table{Header: []string{"ID", "STAGE", "REVIEW DUE", "TITLE"}}
	for _, p := range b.PastReview {
		t.Add(p.Ref, string(p.Stage), p.ReviewBy.Format("2006-01-02"), p.Title+cli.Marker(p.Visibility))
	}
	if len(b.PastReview) > 0 { // named only when some are: most readers lead none
		section(w, "Problems your agency leads, past their review", t)
	}
	t = cli.Table{Header: []string{"ID", "WARD", "WHEN", "STATE", "VENUE", "TITLE"}}
	for _, m := range b.Meetings {
		t.Add(m.Ref, m.Ward, m.When.Format("2006-01-02 15:04"), string(m.State), m.Venue, m.Title)
	}
	section(w, "Next meeting", t)
	if len(b.Asked) > 0 { // said only when some are asked: most members are asked none
		t = cli.Table{Header: []string{"ID", "MEETING", "POSTED", "TITLE"}}
		for _, a := range b.Asked {
			t.Add(a.Ref, a.Meeting, map[bool]string{true: "yes", false: "not yet"}[a.Posted], a.Title)
		}
		section(w, "Updates asked of you for the next meeting (ssh host update ID TEXT)", t)
	}
	return nil
}

func section(w io.Writer, heading string, t cli.Table) {
	if len(t.Rows) == 0 {
		fmt.Fprintf(w, "\n%s: none\n", heading)
		return
	}
	fmt.Fprintf(w, "\n%s (%d):\n", heading, len(t.Rows))
	var sb strings.Builder
	_ = t.WriteText(&sb)
	for _, line := range strings.Split(strings.TrimRight(sb.String(), "\n"), "\n") {
		fmt.Fprintln(w, "  "+line)
	}
}

// pastReviewJSON is a problem past its review date, as the inbox lists it.
type pastReviewJSON struct {
	Ref        string           `json:"ref"`
	ID         model.ID         `json:"id"`
	Ward       string           `json:"ward"`
	Title      string           `json:"title"`
	Stage      model.Stage      `json:"stage"`
	ReviewBy   time.Time        `json:"review_by"`
	Visibility model.Visibility `json:"visibility"`
}
