package main

import (
	"fmt"

	"wardpanel/model"
)

// demoUpdate is a partner's update before the planned meeting (issue 21):
// on a priority (problem title) or an open action (action title).
type demoUpdate struct {
	by    string
	kind  model.RecordKind
	title string
	text  string
}

// demoUpdates leave some owners still to update, so the chair's list of
// who has and has not updated has both, and some personas' inboxes ask
// them for one. One is on a police-only action, so the briefing differs
// by reader.
var demoUpdates = []demoUpdate{
	{"PC Dana Reid", model.RecordProblem, "Drug dealing in Kingfisher House stairwell",
		"Patrols continue on four evenings a week; one more arrest for possession with intent to supply since the meeting."},
	{"PC Dana Reid", model.RecordAction, "Plain-clothes patrols on Station Road, 4–7pm weekdays",
		"Two arrests on Station Road; the operation runs to the end of the month."},
	{"Priya Shah", model.RecordAction, "Repair the door entry system at Kingfisher House",
		"Parts arrived; the new door entry panel goes in next week."},
	{"Jo Fisher", model.RecordAction, "Write to the Parade landlord supporting the CCTV camera",
		"Letter sent on the panel's behalf; the landlord's agent has acknowledged it."},
	{"Marcus Cole", model.RecordProblem, "Knife carrying reported by young people",
		"The youth forum has chosen a date for the knife crime workshop; a knife arch is booked for the college open evening."},
}

// seedUpdates posts the demo's updates for the planned meeting. It runs
// after every other record is made, so numbers elsewhere stay put.
func seedUpdates(st seedStore, users map[string]model.User, problems map[string]model.Problem) error {
	for _, d := range demoUpdates {
		u := users[d.by]
		id := problems[d.title].ID
		if d.kind == model.RecordAction {
			actions, err := st.Actions(u, demoWard)
			if err != nil {
				return err
			}
			for _, a := range actions {
				if a.Title == d.title {
					id = a.ID
				}
			}
		}
		if _, _, err := st.PostUpdate(demoActor(users, d.by), d.kind, id, d.text); err != nil {
			return fmt.Errorf("update on %q: %w", d.title, err)
		}
	}
	return nil
}
