package plain

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/cli"
)

// The meetings list and a meeting: the chair runs it from here (start,
// step, minutes, actions, the vote, close) and everyone else follows it.

func (s *session) goMeetings() {
	ms, err := s.o.Store.Meetings(s.u, s.ward)
	if err != nil {
		s.refuse("reading the meetings", err)
		return
	}
	s.at, s.id = placeMeetings, 0
	s.t.say(fmt.Sprintf("Meetings: %s.", model.Counted(len(ms), "meeting", "meetings")))
	cs := make([]choice, 0, len(ms)+1)
	for _, m := range ms {
		cs = append(cs, choice{label: meetingLine(m), run: func() { s.goMeeting(m.ID) }})
	}
	cs = append(cs, choice{"back", "Back home", s.goHome})
	s.listChoices(cs)
}

// meetingLine is a meeting in a list, and the first line of one opened.
func meetingLine(m model.Meeting) string {
	line := fmt.Sprintf("%s %s. %s", cli.MeetingRef.Name(m.ID), clean(m.Title), m.When.Format("Monday 2 January 2006, 15:04"))
	if m.Venue != "" {
		line += ", " + clean(m.Venue)
	}
	switch m.State {
	case model.MeetingLive:
		return line + ". Live now, chaired by " + clean(m.Chair) + "."
	case model.MeetingClosed:
		return line + ". Closed: its minutes are frozen."
	}
	return line + ". Planned."
}

// goMeeting opens meeting id, or says it again. A meeting newly opened
// follows the chair.
func (s *session) goMeeting(id model.ID) {
	m, err := s.o.Store.Meeting(s.u, id)
	if err != nil {
		s.refuse("opening meeting "+cli.MeetingRef.Name(id), err)
		return
	}
	if s.at != placeMeeting || s.id != id {
		s.follow, s.sel = true, 0
	}
	s.at, s.id = placeMeeting, id
	s.meetings[id] = m
	s.attend(m)
	lines := []string{"Meeting " + meetingLine(m), fmt.Sprintf("The agenda has %s.", model.Counted(len(m.Items), "item", "items"))}
	if it := s.itemAtHand(m); it != nil {
		lines = append(lines, s.itemLines(m, it)...)
	}
	s.t.say(lines...)
	s.listChoices(s.meetingChoices(m))
}

// attend marks the person present at a live meeting they have opened, as
// the TUI does for everyone connected to it.
func (s *session) attend(m model.Meeting) {
	if m.State != model.MeetingLive {
		return
	}
	if a := m.Present(s.u.ID); a != nil && a.Kind == model.AttendPresent {
		return
	}
	if got, err := s.o.Store.ChangeMeeting(s.actor, m.ID, model.Attend{}); err == nil {
		s.seen(got.ID)
	}
}

// itemAtHand is the item under discussion when following a live meeting,
// else the one browsed to, else the first.
func (s *session) itemAtHand(m model.Meeting) *model.AgendaItem {
	if s.follow && m.State == model.MeetingLive && m.Current != 0 {
		it, _ := m.Item(m.Current)
		return it
	}
	if it, _ := m.Item(s.sel); it != nil {
		return it
	}
	if len(m.Items) > 0 {
		return &m.Items[0]
	}
	return nil
}

// itemLine is "Item 3 of 9: Community concerns. Presenter: Police. 15 minutes."
func itemLine(m model.Meeting, it *model.AgendaItem) string {
	_, i := m.Item(it.ID)
	if it.Withheld {
		return fmt.Sprintf("Item %d of %d: %s.", i+1, len(m.Items), model.WithheldText)
	}
	line := fmt.Sprintf("Item %d of %d: %s.", i+1, len(m.Items), clean(it.Title))
	if it.Presenter != "" {
		line += " Presenter: " + clean(it.Presenter) + "."
	}
	line += fmt.Sprintf(" %d minutes.", it.Allotted)
	if m.State == model.MeetingLive && m.Current == it.ID {
		line += " Under discussion now."
	}
	return line
}

// itemLines is an item with what the meeting made of it.
func (s *session) itemLines(m model.Meeting, it *model.AgendaItem) []string {
	lines := []string{itemLine(m, it)}
	if it.Withheld {
		return lines
	}
	if it.Visibility.Restricted() {
		lines = append(lines, "Seen by: "+it.Visibility.Label()+".")
	}
	if len(it.Problems) > 0 {
		refs := make([]string, len(it.Problems))
		for i, id := range it.Problems {
			refs[i] = cli.ProblemRef.Name(id)
		}
		lines = append(lines, "About problems: "+strings.Join(refs, ", ")+".")
	}
	if strings.TrimSpace(it.Minutes) == "" {
		lines = append(lines, "No minutes yet.")
	} else {
		lines = append(lines, "Minutes: "+model.CleanText(it.Minutes, model.MaxTextLen))
	}
	for _, n := range it.Notes {
		lines = append(lines, noteLine(n))
	}
	if it.Kind == model.ItemPriorities {
		lines = append(lines, voteLines(m)...)
	}
	return append(lines, s.kindLines(m, it)...)
}

func noteLine(n model.Note) string {
	switch {
	case n.Withheld:
		return model.WithheldText
	case n.Kind == model.NoteAction:
		return fmt.Sprintf("Action raised: %s %s.", cli.ActionRef.Name(n.ActionID), clean(n.Text))
	case n.Struck:
		return fmt.Sprintf("Struck out: %s", clean(n.Text))
	}
	kind := map[model.NoteKind]string{model.NoteDecision: "Decision", model.NoteInformation: "Information"}[n.Kind]
	return fmt.Sprintf("%s, recorded by %s: %s", kind, clean(n.By), model.CleanText(n.Text, model.MaxTextLen))
}

// voteLines say where the priorities vote stands.
func voteLines(m model.Meeting) []string {
	v := m.Vote
	switch {
	case v == nil:
		return []string{"No priorities vote yet."}
	case v.Open:
		return []string{fmt.Sprintf("The priorities vote is open on %s: %s cast so far.", refs(v.Candidates), model.Counted(len(v.Ballots), "ballot", "ballots"))}
	}
	return []string{fmt.Sprintf("The vote is closed. The ward's priorities, in order: %s.", refs(v.Result))}
}

func refs(ids []model.ID) string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id != 0 {
			out = append(out, cli.ProblemRef.Name(id))
		}
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

// meetingChoices offers what the model's checks let this person do now.
func (s *session) meetingChoices(m model.Meeting) []choice {
	run := model.CheckRunMeeting(s.u) == nil
	keep := model.CheckKeepMeeting(s.u, m) == nil
	live := m.State == model.MeetingLive
	voteOpen := m.Vote != nil && m.Vote.Open
	var cs []choice
	if run && m.State == model.MeetingPlanned {
		cs = append(cs, choice{"start", "Start the meeting", s.start})
	}
	if run && live {
		if n, ok := neighbour(m, m.Current, 1); ok {
			cs = append(cs, choice{"next", "Next item: " + itemTitle(n), func() { s.step(1) }})
		}
		if n, ok := neighbour(m, m.Current, -1); ok {
			cs = append(cs, choice{"previous", "Previous item: " + itemTitle(n), func() { s.step(-1) }})
		}
	}
	it := s.itemAtHand(m)
	if it != nil && !it.Withheld {
		if keep {
			cs = append(cs, choice{"minutes", "Add to the minutes of this item", s.minutes},
				choice{"decision", "Record a decision", func() { s.note(model.NoteDecision) }},
				choice{"information", "Record information heard", func() { s.note(model.NoteInformation) }})
		}
		if m.State != model.MeetingClosed && model.CheckRaiseInMeeting(s.u, m) == nil &&
			model.CheckCreateAction(s.u, model.Action{Ward: m.Ward, OwnerAgency: s.u.Agency}, nil) == nil {
			cs = append(cs, choice{"raise", "Raise an action under this item", s.raise})
		}
		cs = append(cs, s.kindChoices(m, it)...)
		if it.Kind == model.ItemPriorities && model.CheckOpenVote(s.u, m) == nil {
			label := "Open the priorities vote"
			if voteOpen {
				label = "Open the vote again, on other candidates (nobody has voted yet)"
			}
			cs = append(cs, choice{"vote", label, s.openVote})
		}
	}
	if voteOpen && model.CanVote(s.u) && !m.Vote.Voted(s.u.ID) {
		cs = append(cs, choice{"ballot", "Cast your ballot", s.ballot})
	}
	if voteOpen && run {
		cs = append(cs, choice{"closevote", "Close the vote and set the ward's priorities", s.closeVote},
			choice{"cancelvote", "Cancel the vote", s.cancelVote})
	}
	if run && live {
		cs = append(cs, choice{"close", "Close the meeting and freeze its minutes", s.closeMeeting})
	}
	cs = append(cs, choice{"agenda", "Hear the agenda", s.agenda})
	if it != nil && !it.Withheld {
		cs = append(cs, s.agendaChoices(m, it)...)
	}
	if live && !s.follow {
		cs = append(cs, choice{"follow", "Follow the chair again", func() { s.follow = true; s.goMeeting(s.id) }})
	}
	return append(cs, choice{"back", "Back to the meetings", s.goMeetings})
}

// meetingWord takes the meeting's words that carry a number (item 3) and
// the ones typed though not offered: the store then refuses with the
// model's reason, so a resident typing "next" hears why not.
func (s *session) meetingWord(word, arg string) bool {
	switch word {
	case "item", "i":
		n, err := strconv.Atoi(arg)
		m := s.meetings[s.id]
		if err != nil || n < 1 || n > len(m.Items) {
			s.t.say(fmt.Sprintf("Say which item by its place on the agenda, from 1 to %d, as in: item 3.", len(m.Items)))
			return true
		}
		s.sel = m.Items[n-1].ID
		s.follow = m.State == model.MeetingLive && s.sel == m.Current
		s.goMeeting(s.id)
	case "start":
		s.start()
	case "next":
		s.step(1)
	case "previous", "prev":
		s.step(-1)
	case "close":
		s.closeMeeting()
	case "closevote":
		s.closeVote()
	case "cancelvote":
		s.cancelVote()
	case "minutes":
		s.minutes()
	case "decision":
		s.note(model.NoteDecision)
	case "information":
		s.note(model.NoteInformation)
	case "vote":
		s.openVote()
	case "ballot":
		s.ballot()
	case "nextaction":
		s.stepReview(1)
	case "prevaction":
		s.stepReview(-1)
	default:
		return false
	}
	return true
}

func itemTitle(it model.AgendaItem) string {
	if it.Withheld {
		return model.WithheldText
	}
	return clean(it.Title)
}

// neighbour is the item d places from the one with id, if any.
func neighbour(m model.Meeting, id, d int) (model.AgendaItem, bool) {
	_, i := m.Item(id)
	j := i + d
	if i < 0 || j < 0 || j >= len(m.Items) {
		return model.AgendaItem{}, false
	}
	return m.Items[j], true
}

// change makes ch to the meeting at hand; false if refused (and said why).
func (s *session) change(what string, ch model.MeetingChange) (model.Meeting, bool) {
	if _, err := s.o.Store.ChangeMeeting(s.actor, s.id, ch); err != nil {
		s.refuse(what, err)
		return model.Meeting{}, false
	}
	return s.seen(s.id), true
}

// seen reads meeting id as this person sees it and takes it as heard: the
// announcement of one's own change is the answer to it, not a second line.
func (s *session) seen(id model.ID) model.Meeting {
	m, err := s.o.Store.Meeting(s.u, id)
	if err == nil {
		s.meetings[id] = m
	}
	return m
}

func (s *session) start() {
	m, ok := s.change("starting the meeting", model.StartMeeting{})
	if !ok {
		return
	}
	s.follow = true
	s.attend(m)
	m = s.meetings[m.ID]
	s.t.say("The meeting is live: everyone following it hears each step.")
	s.t.say(s.itemLines(m, m.CurrentItem())...)
	s.offer(s.meetingChoices(m))
}

func (s *session) step(d int) {
	m := s.meetings[s.id]
	if m.State != model.MeetingLive {
		// Asked of the model, which words why not.
		s.change("moving the meeting on", model.StepItem{From: m.Current, To: m.Current})
		return
	}
	to, ok := neighbour(m, m.Current, d)
	if !ok {
		if d > 0 {
			s.t.say("That was the last item: close ends the meeting.")
		} else {
			s.t.say("This is the first item.")
		}
		return
	}
	if m, ok = s.change("moving the meeting on", model.StepItem{From: m.Current, To: to.ID}); !ok {
		return
	}
	s.follow = true
	s.t.say(s.itemLines(m, m.CurrentItem())...)
	s.offer(s.meetingChoices(m))
}

func (s *session) closeMeeting() {
	m := s.meetings[s.id]
	if err := model.CheckRunMeeting(s.u); err != nil {
		s.refuse("closing the meeting", err)
		return
	}
	if m.State == model.MeetingLive && !s.confirm("Close the meeting and freeze its minutes?") {
		return
	}
	if _, ok := s.change("closing the meeting", model.CloseMeeting{}); !ok {
		return
	}
	s.t.say(fmt.Sprintf("The meeting is closed: its minutes are frozen. ssh HOST minutes %d prints them.", m.ID))
	s.goMeeting(m.ID)
}

// minutes adds a paragraph to the minutes of the item at hand: a screen
// reader's user writes line by line, so a line is added, never the whole
// text retyped.
func (s *session) minutes() {
	m := s.meetings[s.id]
	it := s.itemAtHand(m)
	if it == nil {
		return
	}
	if err := model.CheckKeepMeeting(s.u, m); err != nil {
		s.refuse("writing the minutes", err)
		return
	}
	id, version, before := it.ID, it.MinutesVersion, it.Minutes
	s.t.say("Adding to the minutes. " + itemLine(m, it))
	text, ok := s.text("Add to the minutes", "")
	if !ok {
		return
	}
	if strings.TrimSpace(before) != "" {
		text = strings.TrimRight(before, "\n") + "\n\n" + text
	}
	if _, ok := s.change("writing the minutes", model.WriteMinutes{Item: id, Text: text, Version: version}); !ok {
		s.t.say("What you typed, to use again: " + clean(text))
		return
	}
	s.t.say("Saved: the minutes are added to.")
}

func (s *session) note(kind model.NoteKind) {
	m := s.meetings[s.id]
	it := s.itemAtHand(m)
	if it == nil {
		return
	}
	if err := model.CheckKeepMeeting(s.u, m); err != nil {
		s.refuse("recording it", err)
		return
	}
	label := map[model.NoteKind]string{model.NoteDecision: "The decision", model.NoteInformation: "The information heard"}[kind]
	text, ok := s.text(label, "")
	if !ok {
		return
	}
	if _, ok := s.change("recording it", model.AddNote{Item: it.ID, Kind: kind, Text: text}); !ok {
		s.t.say("What you typed, to use again: " + clean(text))
		return
	}
	s.t.say(fmt.Sprintf("Saved: %s recorded under item %s.", kind, itemTitle(*it)))
}

// raise asks for an action one field at a time and raises it under the
// item at hand, on the item's first problem if it has one.
func (s *session) raise() {
	m := s.meetings[s.id]
	it := s.itemAtHand(m)
	if it == nil {
		return
	}
	if err := model.CheckRaiseInMeeting(s.u, m); err != nil {
		s.refuse("raising an action", err)
		return
	}
	a := model.Action{Ward: m.Ward, MeetingID: m.ID}
	if len(it.Problems) > 0 {
		a.ProblemID = it.Problems[0]
	}
	s.t.say("New action under " + itemLine(m, it))
	if !s.actionFields(&a) {
		return
	}
	got, err := s.o.Store.RaiseMeetingAction(s.actor, m.ID, it.ID, a)
	if err != nil {
		s.refuse("raising the action", err)
		return
	}
	s.seen(m.ID)
	s.t.say(fmt.Sprintf("Saved: action %s raised, for %s, due %s.", cli.ActionRef.Name(got.ID), got.OwnerAgency, got.Due.Format("2 January 2006")))
}

// openVote asks for the candidates: the ward's open problems every
// partner may see (as the TUI offers them; the store checks again).
func (s *session) openVote() {
	m := s.meetings[s.id]
	if err := model.CheckOpenVote(s.u, m); err != nil {
		s.refuse("opening the vote", err)
		return
	}
	ps, err := s.o.Store.Problems(s.u, s.ward)
	if err != nil {
		s.refuse("reading the board", err)
		return
	}
	ps = slices.DeleteFunc(slices.Clone(ps), func(p model.Problem) bool {
		return p.Visibility.Restricted() || p.Stage == model.StageClosed
	})
	if len(ps) == 0 {
		s.t.say("No open problem the whole panel may see: there is nothing to vote on.")
		return
	}
	lines := []string{"Candidates for the vote:"}
	for i, p := range ps {
		lines = append(lines, fmt.Sprintf("%d. %s %s", i+1, cli.ProblemRef.Name(p.ID), clean(p.Title)))
	}
	s.t.say(lines...)
	picked, ok := s.numbers(fmt.Sprintf("Type the numbers of up to %d candidates: ", model.MaxCandidates), len(ps), model.MaxCandidates)
	if !ok {
		return
	}
	ids := make([]model.ID, len(picked))
	for i, k := range picked {
		ids[i] = ps[k-1].ID
	}
	m, ok = s.change("opening the vote", model.OpenVote{Candidates: ids})
	if !ok {
		return
	}
	s.t.say(voteLines(m)...)
	s.offer(s.meetingChoices(m))
}

// ballot asks for this person's choices, most wanted first.
func (s *session) ballot() {
	m := s.meetings[s.id]
	if m.Vote == nil || !m.Vote.Open {
		s.change("voting", model.CastVote{})
		return
	}
	cands := m.Vote.Candidates
	lines := []string{"Your ballot. The candidates:"}
	for i, id := range cands {
		title := "(not one you may see)"
		if p, err := s.o.Store.Problem(s.u, id); err == nil {
			title = clean(p.Title)
		}
		lines = append(lines, fmt.Sprintf("%d. %s %s", i+1, cli.ProblemRef.Name(id), title))
	}
	s.t.say(lines...)
	picked, ok := s.numbers(fmt.Sprintf("Type up to %d numbers, most wanted first: ", model.MaxPriorities), len(cands), model.MaxPriorities)
	if !ok {
		return
	}
	choices := make([]model.ID, len(picked))
	for i, k := range picked {
		choices[i] = cands[k-1]
	}
	if m, ok = s.change("casting your ballot", model.CastVote{Choices: choices}); !ok {
		return
	}
	s.t.say("Saved: your ballot is cast. " + voteLines(m)[0])
}

func (s *session) closeVote() {
	if err := model.CheckRunMeeting(s.u); err != nil {
		s.refuse("closing the vote", err)
		return
	}
	if !s.confirm("Close the vote and set the ward's priorities?") {
		return
	}
	m, ok := s.change("closing the vote", model.CloseVote{})
	if !ok {
		return
	}
	s.t.say(voteLines(m)...)
	s.offer(s.meetingChoices(m))
}

func (s *session) cancelVote() {
	m, ok := s.change("cancelling the vote", model.CancelVote{})
	if !ok {
		return
	}
	s.t.say("The vote is cancelled: no priorities were set.")
	s.offer(s.meetingChoices(m))
}

// agenda says every item, marking the one under discussion in words.
func (s *session) agenda() {
	m := s.meetings[s.id]
	lines := []string{fmt.Sprintf("Agenda, %s:", model.Counted(len(m.Items), "item", "items"))}
	for i, it := range m.Items {
		line := fmt.Sprintf("%d. %s", i+1, itemTitle(it))
		if m.State == model.MeetingLive && m.Current == it.ID {
			line += ", under discussion now"
		}
		lines = append(lines, line)
	}
	lines = append(lines, "Type item and a number to hear one.")
	s.t.say(lines...)
}
