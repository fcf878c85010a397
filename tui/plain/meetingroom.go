package plain

import (
	"fmt"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/cli"
)

// The items with work of their own: attendance under "welcome and
// apologies", and matters arising (the last meeting's open actions, one at
// a time, and agreeing its minutes).

// kindLines are what an item of its kind adds to itemLines.
func (s *session) kindLines(m model.Meeting, it *model.AgendaItem) []string {
	switch it.Kind {
	case model.ItemApologies:
		return attendanceLines(m)
	case model.ItemReview:
		return s.reviewLines(m, it)
	}
	return nil
}

func attendanceLines(m model.Meeting) []string {
	var present, apologies []string
	for _, a := range m.Attendance {
		who := clean(a.Name)
		if a.Agency != "" {
			who += " (" + a.Agency + ")"
		}
		if a.Kind == model.AttendApologies {
			apologies = append(apologies, who)
		} else {
			present = append(present, who)
		}
	}
	list := func(names []string) string {
		if len(names) == 0 {
			return "nobody yet"
		}
		return strings.Join(names, ", ")
	}
	return []string{"Present: " + list(present) + ".", "Apologies: " + list(apologies) + "."}
}

func (s *session) reviewLines(m model.Meeting, it *model.AgendaItem) []string {
	var lines []string
	if m.PreviousID != 0 {
		if m.Agrees != 0 {
			lines = append(lines, fmt.Sprintf("The minutes of meeting %s are agreed.", cli.MeetingRef.Name(m.Agrees)))
		} else {
			lines = append(lines, fmt.Sprintf("The minutes of meeting %s are not agreed yet.", cli.MeetingRef.Name(m.PreviousID)))
		}
	}
	lines = append(lines, fmt.Sprintf("Matters arising: %s.", model.Counted(len(it.Reviews), "action", "actions")))
	for i, r := range it.Reviews {
		line := fmt.Sprintf("%d. %s", i+1, s.reviewLine(r))
		if i == it.ReviewAt && m.State == model.MeetingLive {
			line += " Under discussion now."
		}
		lines = append(lines, line)
	}
	return lines
}

// reviewLine is one action of matters arising with what was heard of it.
func (s *session) reviewLine(r model.Review) string {
	if r.Withheld {
		return model.WithheldText
	}
	line := cli.ActionRef.Name(r.ActionID)
	if a, err := s.o.Store.Action(s.u, r.ActionID); err == nil {
		line += " " + clean(a.Title) + ", " + a.OwnerAgency + "."
	}
	if !r.Taken() {
		return line + " Not heard yet."
	}
	return fmt.Sprintf("%s Heard from %s: %s Now %s.", line, clean(r.By), strings.TrimSuffix(clean(r.Update), ".")+".", r.Status)
}

// reviewing is the matters-arising entry under discussion, if any.
func reviewing(it *model.AgendaItem) *model.Review {
	if it == nil || it.Kind != model.ItemReview || it.ReviewAt >= len(it.Reviews) {
		return nil
	}
	return &it.Reviews[it.ReviewAt]
}

// kindChoices are what an item of its kind offers.
func (s *session) kindChoices(m model.Meeting, it *model.AgendaItem) []choice {
	run := model.CheckRunMeeting(s.u) == nil
	live := m.State == model.MeetingLive
	var cs []choice
	switch it.Kind {
	case model.ItemApologies:
		if model.CheckKeepMeeting(s.u, m) == nil {
			cs = append(cs, choice{"present", "Record someone present", func() { s.attendee(model.AttendPresent) }},
				choice{"apologies", "Record someone's apologies", func() { s.attendee(model.AttendApologies) }})
		}
	case model.ItemReview:
		if run && live && m.PreviousID != 0 && m.Agrees == 0 {
			cs = append(cs, choice{"agree", fmt.Sprintf("Agree the minutes of meeting %s as they stand", cli.MeetingRef.Name(m.PreviousID)), s.agree})
		}
		r := reviewing(it)
		if r == nil || !live {
			break
		}
		if run && it.ReviewAt+1 < len(it.Reviews) {
			cs = append(cs, choice{"nextaction", "Matters arising: on to the next action", func() { s.stepReview(1) }})
		}
		if run && it.ReviewAt > 0 {
			cs = append(cs, choice{"prevaction", "Matters arising: back to the previous action", func() { s.stepReview(-1) }})
		}
		if a, err := s.o.Store.Action(s.u, r.ActionID); err == nil && model.CheckReview(s.u, m, a) == nil {
			cs = append(cs, choice{"update", "Record the update heard on " + cli.ActionRef.Name(a.ID), func() { s.review(a) }})
		}
	}
	return cs
}

func (s *session) attendee(kind model.AttendKind) {
	name, ok := s.text("Their name", "")
	if !ok {
		return
	}
	agency, ok := s.optional("Their agency, as police or residents")
	if !ok {
		return
	}
	m, ok := s.change("recording attendance", model.AddAttendee{Attendee: model.Attendee{Name: name, Agency: agency, Kind: kind}})
	if !ok {
		return
	}
	s.t.say(fmt.Sprintf("Saved: %s, %s.", clean(name), kind))
	s.t.say(attendanceLines(m)...)
}

func (s *session) agree() {
	m := s.meetings[s.id]
	if _, ok := s.change("agreeing the minutes", model.AgreeMinutes{Previous: m.PreviousID}); !ok {
		return
	}
	s.t.say(fmt.Sprintf("Saved: the minutes of meeting %s are agreed; they stand as they are.", cli.MeetingRef.Name(m.PreviousID)))
}

func (s *session) stepReview(d int) {
	m := s.meetings[s.id]
	it := s.itemAtHand(m)
	if it == nil || it.Kind != model.ItemReview {
		s.t.say("Matters arising is not the item at hand.")
		return
	}
	if m, ok := s.change("moving matters arising on", model.StepReview{Item: it.ID, To: it.ReviewAt + d}); ok {
		it, _ := m.Item(it.ID)
		if r := reviewing(it); r != nil {
			s.t.say("Matters arising, now: " + s.reviewLine(*r))
		}
	}
}

// review records the update heard on a, and the status it moves to.
func (s *session) review(a model.Action) {
	update, ok := s.text(fmt.Sprintf("The update heard on %s %s", cli.ActionRef.Name(a.ID), clean(a.Title)), "")
	if !ok {
		return
	}
	opts := make([]string, len(model.ActionStatuses))
	for i, st := range model.ActionStatuses {
		opts[i] = string(st)
	}
	status, ok := s.pick("Its status now.", opts, string(a.Status))
	if !ok {
		return
	}
	if _, err := s.o.Store.ReviewAction(s.actor, s.id, a.ID, update, model.ActionStatus(status)); err != nil {
		s.refuse("recording the update", err)
		return
	}
	s.seen(s.id)
	s.t.say(fmt.Sprintf("Saved: the update on %s, now %s.", cli.ActionRef.Name(a.ID), status))
}

// agendaChoices is the keepers' one way into editing the agenda: one
// choice, then a question, so the meeting's list of choices stays short.
func (s *session) agendaChoices(m model.Meeting, it *model.AgendaItem) []choice {
	if model.CheckKeepMeeting(s.u, m) != nil {
		return nil
	}
	return []choice{{"change", "Change the agenda: add, edit, move or remove an item", func() { s.changeAgenda(*it) }}}
}

func (s *session) changeAgenda(it model.AgendaItem) {
	m := s.meetings[s.id]
	_, i := m.Item(it.ID)
	edits := []string{"add an item after this one", "edit this item"}
	if i > 0 {
		edits = append(edits, "move this item up")
	}
	if i+1 < len(m.Items) {
		edits = append(edits, "move this item down")
	}
	edits = append(edits, "remove this item")
	edit, ok := s.pick("Change the agenda at "+itemLine(m, &it), edits, "")
	if !ok {
		return
	}
	switch edit {
	case "add an item after this one":
		s.addItem(it.ID)
	case "edit this item":
		s.editItem(it)
	case "move this item up":
		s.moveItem(it.ID, -1)
	case "move this item down":
		s.moveItem(it.ID, 1)
	default:
		s.removeItem(it)
	}
}

// itemFields asks for an item's title, presenter and minutes allotted.
func (s *session) itemFields(it *model.AgendaItem) bool {
	var ok bool
	if it.Title, ok = s.text("Item title", clean(it.Title)); !ok {
		return false
	}
	if it.Presenter, ok = s.keep("Presenter", it.Presenter); !ok {
		return false
	}
	for {
		mins, ok := s.text("Minutes allotted", fmt.Sprint(or(it.Allotted, 10)))
		if !ok {
			return false
		}
		if _, err := fmt.Sscan(mins, &it.Allotted); err == nil {
			return true
		}
		s.t.say("Type a number of minutes, as 15.")
	}
}

func (s *session) addItem(after int) {
	var it model.AgendaItem
	if !s.itemFields(&it) {
		return
	}
	m, ok := s.change("adding the item", model.AddItem{Item: it, After: after})
	if ok {
		s.t.say("Saved: the item is on the agenda.")
		s.offer(s.meetingChoices(m))
	}
}

func (s *session) editItem(it model.AgendaItem) {
	if !s.itemFields(&it) {
		return
	}
	if _, ok := s.change("saving the item", model.EditItem{ID: it.ID, Title: it.Title, Presenter: it.Presenter,
		Allotted: it.Allotted, Problems: it.Problems}); ok {
		s.t.say("Saved: the item is changed.")
	}
}

func (s *session) moveItem(id, by int) {
	m, ok := s.change("moving the item", model.MoveItem{ID: id, By: by})
	if !ok {
		return
	}
	if it, i := m.Item(id); it != nil {
		s.t.say(fmt.Sprintf("Saved: %s is item %d of %d now.", itemTitle(*it), i+1, len(m.Items)))
	}
	s.offer(s.meetingChoices(m))
}

func (s *session) removeItem(it model.AgendaItem) {
	if !s.confirm(fmt.Sprintf("Remove %s from the agenda?", itemTitle(it))) {
		return
	}
	m, ok := s.change("removing the item", model.RemoveItem{ID: it.ID})
	if !ok {
		return
	}
	s.sel = 0
	s.t.say("Saved: the item is off the agenda.")
	s.offer(s.meetingChoices(m))
}
