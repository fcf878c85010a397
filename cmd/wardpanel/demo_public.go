package main

import (
	"fmt"

	"wardpanel/model"
)

// The demo ward publishes its "you said, we did" (issue 22): partners
// mark an update on each current priority as fit for residents, in their
// own words, the chair publishes, and a resident has left a concern
// that waits for the panel's officers (ssh HOST concerns).

var demoPublicUpdates = []struct{ by, action, text string }{
	{"PC Dana Reid", "Targeted patrols 6–10pm for four weeks",
		"Patrols on four evenings a week at Kingfisher House; two people arrested for dealing."},
	{"Priya Shah", "Repair the door entry system at Kingfisher House",
		"A contractor is booked to repair the door entry system; the parts are on order."},
	{"Marcus Cole", "Knife crime workshop with the youth forum",
		"The youth forum's first knife crime workshop is booked at the youth centre; young people chose the speakers."},
}

const demoPublicConcern = "Cars parked on the pavement on Mill Lane at school time: my buggy has to go in the road."

func seedPublic(st seedStore, users map[string]model.User) error {
	for _, u := range demoPublicUpdates {
		actions, err := st.Actions(users[u.by], demoWard)
		if err != nil {
			return err
		}
		found := false
		for _, a := range actions {
			if a.Title != u.action {
				continue
			}
			found = true
			o := model.Outcome{Text: u.text, Result: model.ResultKind("engagement"), Publishable: true}
			if _, err := st.AddOutcome(demoActor(users, u.by), a.ID, o); err != nil {
				return fmt.Errorf("demo public update on %q: %w", u.action, err)
			}
		}
		if !found {
			return fmt.Errorf("%s sees no action %q", u.by, u.action)
		}
	}
	if _, err := st.PublishSummary(demoActor(users, demoChair), demoWard); err != nil {
		return fmt.Errorf("demo publish: %w", err)
	}
	_, err := st.AddPublicConcern(model.PublicUser(""), model.Concern{Ward: demoWard, Text: demoPublicConcern})
	return err
}
