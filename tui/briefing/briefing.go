// Package briefing gathers and writes a meeting's briefing pack: the
// agenda, the ward's priorities and open actions with the partners'
// updates on them, and who has not yet updated. `ssh host briefing ID`
// prints it as Markdown; the meeting screen shows the same updates.
//
// Everything is read through the store's viewer-filtered calls and
// gathered by model.BuildBriefing, which applies the read rules again:
// what a reader may not see is left out, not even counted in the list of
// who has not updated. Every piece of user text is cleaned again for the
// terminal and escaped where it could change the document's structure.
package briefing

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/markdown"
)

// Source is what the briefing reads; *store.Store satisfies it. Each call
// filters by viewer.
type Source interface {
	Meeting(viewer model.User, id model.ID) (model.Meeting, error)
	Priorities(viewer model.User, ward string) (model.WardPriorities, error)
	Problem(viewer model.User, id model.ID) (model.Problem, error)
	Actions(viewer model.User, ward string) ([]model.Action, error)
	Updates(viewer model.User, meetingID model.ID) ([]model.Update, error)
}

// Read gathers meeting id's briefing pack as viewer may see it. A meeting
// viewer may not see is model.ErrNotFound.
func Read(src Source, viewer model.User, id model.ID) (model.Briefing, error) {
	m, err := src.Meeting(viewer, id)
	if err != nil {
		return model.Briefing{}, err
	}
	return ReadFor(src, viewer, m)
}

// ReadFor is Read for a meeting already read as viewer reads it.
func ReadFor(src Source, viewer model.User, m model.Meeting) (model.Briefing, error) {
	pr, err := src.Priorities(viewer, m.Ward)
	if err != nil {
		return model.Briefing{}, err
	}
	var priorities []model.Problem
	for _, pid := range pr.Problems {
		p, err := src.Problem(viewer, pid)
		if errors.Is(err, model.ErrNotFound) {
			continue
		}
		if err != nil {
			return model.Briefing{}, err
		}
		priorities = append(priorities, p)
	}
	actions, err := src.Actions(viewer, m.Ward)
	if err != nil {
		return model.Briefing{}, err
	}
	updates, err := src.Updates(viewer, m.ID)
	if err != nil {
		return model.Briefing{}, err
	}
	return model.BuildBriefing(viewer, m, priorities, actions, updates), nil
}

// Ref names a record as commands and screens do: P3, A5.
func Ref(r model.UpdateRef) string {
	return model.RecordRef(r.Kind, r.ID)
}

// Owner names who an update is asked of: "police (PC Dana Reid)".
func Owner(o model.OwnerUpdates) string {
	if o.Person == "" {
		return o.Agency
	}
	return o.Agency + " (" + o.Person + ")"
}

// Refs lists records as "A1, P3", or "—" for none.
func Refs(rs []model.UpdateRef) string {
	if len(rs) == 0 {
		return "—"
	}
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = Ref(r)
	}
	return strings.Join(names, ", ")
}

// Render writes the briefing pack b, made for viewer, as Markdown.
func Render(w io.Writer, b model.Briefing, viewer model.User) error {
	var buf bytes.Buffer
	line := func(format string, args ...any) {
		fmt.Fprintf(&buf, format, args...)
		buf.WriteByte('\n')
	}
	m := b.Meeting
	line("# Briefing pack: %s", markdown.Heading(m.Title))
	line("")
	line("- Meeting: M%d, %s", m.ID, m.When.Format("Monday 2 January 2006, 15:04"))
	if m.Venue != "" {
		line("- Venue: %s", markdown.Inline(m.Venue))
	}
	line("- Ward: %s", markdown.Inline(m.Ward))
	line("- Prepared for: %s (%s, %s): what they may see", markdown.Inline(viewer.Name), viewer.Role, markdown.Inline(viewer.Agency))
	line("")
	line("## Agenda")
	line("")
	for i, it := range m.Items {
		if it.Withheld {
			line("%d. %s", i+1, markdown.Inline(model.WithheldText))
			continue
		}
		title := markdown.Inline(it.Title)
		if it.Presenter != "" {
			title += " — " + markdown.Inline(it.Presenter)
		}
		line("%d. %s (%d min)", i+1, title, it.Allotted)
	}
	line("")
	section(line, "Priorities", len(b.Priorities), "No priorities set that you may see.")
	for _, p := range b.Priorities {
		pp := p.Problem
		line("### %s %s", model.ProblemRef(pp.ID), markdown.Heading(pp.Title))
		line("")
		lead := pp.LeadAgency
		if lead == "" {
			lead = "none"
		}
		line("Lead agency: %s; stage: %s%s", markdown.Inline(lead), pp.Stage, seenBy(pp.Visibility))
		line("")
		updates(line, p.Updates)
	}
	section(line, "Open actions", len(b.Actions), "No open actions that you may see.")
	for _, a := range b.Actions {
		aa := a.Action
		line("### %s %s", model.ActionRef(aa.ID), markdown.Heading(aa.Title))
		line("")
		who := markdown.Inline(aa.OwnerAgency)
		if aa.Assignee != "" {
			who += " (" + markdown.Inline(aa.Assignee) + ")"
		}
		about := ""
		if aa.ProblemID != 0 {
			about = "; on " + model.ProblemRef(aa.ProblemID)
		}
		line("Owner: %s; due %s; %s%s%s", who, aa.Due.Format("2006-01-02"), aa.Status, about, seenBy(aa.Visibility))
		line("")
		updates(line, a.Updates)
	}
	line("## Who has updated")
	line("")
	if len(b.Owners) == 0 {
		line("No updates are asked on what you may see.")
	} else {
		line("%d of %d owners have updated everything asked of them.", b.Updated(), len(b.Owners))
		line("")
		line("| Owner | Not yet | Updated |")
		line("|---|---|---|")
		for _, o := range b.Owners {
			line("| %s | %s | %s |", markdown.Inline(Owner(o)), Refs(o.Missing), Refs(o.Updated))
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// section starts a section of n entries; none stands in for an empty
// one, so the reader sees the heading either way.
func section(line func(string, ...any), heading string, n int, none string) {
	line("## %s", heading)
	line("")
	if n == 0 {
		line("%s", none)
		line("")
	}
}

// seenBy marks a restricted record, so a reader knows not to pass it on.
func seenBy(v model.Visibility) string {
	if !v.Restricted() {
		return ""
	}
	return "; seen by " + markdown.Inline(v.Label())
}

func updates(line func(string, ...any), ups []model.Update) {
	if len(ups) == 0 {
		line("No update yet.")
		line("")
		return
	}
	for _, up := range ups {
		line("- %s, %s (%s):", up.At.Format("2006-01-02 15:04"), markdown.Inline(up.By), markdown.Inline(up.Agency))
		for _, l := range markdown.Block(up.Text, "  ") {
			line("%s", l)
		}
	}
	line("")
}
