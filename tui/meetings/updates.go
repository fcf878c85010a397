package meetings

import (
	"fmt"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/briefing"
	"wardpanel/tui/ui"
)

// The partners' updates in the meeting screen (issue 21): "Police actions
// on the previous priorities" shows each priority's updates, "Minutes and
// actions of the last meeting" each open action's, and the panel's
// officers see under both who has and has not updated. Everything comes
// from model.BuildBriefing over what the store gave this user, so it is
// the briefing pack `ssh host briefing` prints, as this user may see it.

// briefing gathers the meeting's pack from what the screen loaded.
func (v *View) briefing(updates []model.Update) model.Briefing {
	var priorities []model.Problem
	for _, id := range v.priorities.Problems {
		if p, ok := v.problems.get(id); ok {
			priorities = append(priorities, p)
		}
	}
	return model.BuildBriefing(v.c.User(), v.m, priorities, v.actions.list, updates)
}

// updatesOn are the updates posted on one record for this meeting.
func (v *View) updatesOn(kind model.RecordKind, id model.ID) []model.Update {
	if kind == model.RecordProblem {
		for _, p := range v.brief.Priorities {
			if p.Problem.ID == id {
				return p.Updates
			}
		}
		return nil
	}
	for _, a := range v.brief.Actions {
		if a.Action.ID == id {
			return a.Updates
		}
	}
	return nil
}

// updateLines draw a record's updates under it, indented.
func (v *View) updateLines(kind model.RecordKind, id model.ID, w int) []string {
	st := v.c.Styles()
	var out []string
	for _, up := range v.updatesOn(kind, id) {
		who := ui.SafeName(up.By)
		if up.Agency != "" {
			who += " (" + ui.SafeLine(up.Agency, model.MaxLineLen) + ")"
		}
		text := fmt.Sprintf("update, %s, %s: %s", up.At.Format("2 Jan"), who, strings.ReplaceAll(ui.SafeText(up.Text), "\n", " "))
		for _, l := range ui.Wrap(text, max(1, w-4)) {
			out = append(out, "    "+st.Muted.Render(l))
		}
	}
	return out
}

// ownerLines is who has and has not updated, for the panel's officers,
// while the meeting is still to be held or under way.
func (v *View) ownerLines(w int) []string {
	if !model.SeesOwnerUpdates(v.c.User(), v.m) || len(v.brief.Owners) == 0 {
		return nil
	}
	st := v.c.Styles()
	b := v.brief
	out := []string{st.Label.Render(ui.Trunc(fmt.Sprintf("Updates before the meeting: %d of %d owners", b.Updated(), len(b.Owners)), w))}
	for _, o := range b.Owners {
		who := ui.SafeLine(briefing.Owner(o), model.MaxLineLen)
		line, style := "  ✓ "+who+"  updated: "+briefing.Refs(o.Updated), plain
		if len(o.Missing) > 0 {
			line, style = "  · "+who+"  not yet: "+briefing.Refs(o.Missing), st.Overdue.Render
			if len(o.Updated) > 0 {
				line += "; updated: " + briefing.Refs(o.Updated)
			}
		}
		out = append(out, style(ui.Trunc(line, w)))
	}
	return out
}
