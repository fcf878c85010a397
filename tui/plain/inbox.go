package plain

import (
	"fmt"

	"wardpanel/model"
	"wardpanel/tui/cli"
	"wardpanel/tui/inbox"
)

// The inbox: since you were last here, what is for you (the TUI's inbox
// panel, read by the same inbox.Read).

func (s *session) readInbox() (model.Inbox, bool) {
	b, err := inbox.Read(s.o.Store, s.u, s.o.Now())
	if err != nil {
		s.refuse("reading your inbox", err)
		return model.Inbox{}, false
	}
	return b, true
}

func (s *session) goInbox() {
	b, ok := s.readInbox()
	if !ok {
		return
	}
	s.at, s.id = placeInbox, 0
	s.t.say(fmt.Sprintf("Inbox, since %s: %s.", b.Since.Format("2 January"), model.Counted(b.Count(), "thing", "things")))
	var cs []choice
	section := func(title string, actions []model.Action) {
		if len(actions) == 0 {
			return
		}
		for _, a := range actions {
			cs = append(cs, choice{label: title + " " + actionLine(a.Safe()), run: func() { s.goAction(a.ID) }})
		}
	}
	section("New or changed for you:", b.New)
	section("Overdue:", b.Overdue)
	section("Due soon:", b.DueSoon)
	for _, p := range b.Changed {
		cs = append(cs, choice{label: fmt.Sprintf("Changed, led by your agency: %s %s.", cli.ProblemRef.Name(p.ID), clean(p.Title)),
			run: func() { s.goProblem(p.ID) }})
	}
	for _, p := range b.PastReview {
		cs = append(cs, choice{label: fmt.Sprintf("Past its review, led by your agency: %s %s, review was due %s.", cli.ProblemRef.Name(p.ID),
			clean(p.Title), p.ReviewBy.Format("2 January")), run: func() { s.goProblem(p.ID) }})
	}
	for _, m := range b.Meetings {
		cs = append(cs, choice{label: "Next meeting: " + meetingLine(m), run: func() { s.goMeeting(m.ID) }})
	}
	for _, a := range b.Asked {
		if a.Posted {
			continue
		}
		label := fmt.Sprintf("Update asked of you for the next meeting: %s %s.", cli.ActionRef.Name(a.ID), clean(a.Title))
		open := func() { s.goAction(a.ID) }
		if a.Kind == model.RecordProblem {
			label = fmt.Sprintf("Update asked of you for the next meeting: %s %s.", cli.ProblemRef.Name(a.ID), clean(a.Title))
			open = func() { s.goProblem(a.ID) }
		}
		cs = append(cs, choice{label: label, run: open})
	}
	cs = append(cs, choice{"back", "Back home", s.goHome})
	s.listChoices(cs)
}
