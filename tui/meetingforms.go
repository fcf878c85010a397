package tui

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// meetingForm is every small form about a meeting: planning one, an agenda
// item, minutes, a note, attendance, a matters-arising update. Each is a
// sheet of fields and a submit that reads them into one store call; the
// form keeps what was typed through errors, and the minutes form through
// someone else's save.
type meetingForm struct {
	*sheet
	heading2 []string
	// submit reads the fields into the store call to make.
	submit func() (func(Store, model.Actor) (model.Meeting, error), error)
	done   func(model.Meeting) meetingDoneMsg

	// minutes: the item whose minutes this form writes, and the version
	// they started from (0 item: not a minutes form).
	minutesItem int
	version     uint64
	meetingID   model.ID
	conflict    bool

	saving  bool
	saveSeq int
	loadSeq int
}

func newMeetingForm(c *common, lines ...string) *meetingForm {
	f := &meetingForm{sheet: newSheet(c), heading2: lines}
	f.heading = f.headingLines
	return f
}

func (f *meetingForm) ready() *meetingForm {
	f.restyle()
	f.layout()
	return f
}

func (f *meetingForm) headingLines() []string {
	st := &f.c.styles
	out := make([]string, 0, len(f.heading2))
	for i, l := range f.heading2 {
		if i == 0 {
			if f.saving {
				l = "Saving… " + l
			}
			out = append(out, st.Title.Render(trunc(l, f.width)))
			continue
		}
		out = append(out, st.Value.Render(trunc(l, f.width)))
	}
	return out
}

func (f *meetingForm) Init() tea.Cmd {
	if slices.ContainsFunc(f.fields, func(fl *sheetField) bool { return fl.kind == personField }) {
		return tea.Batch(f.focusFirst(), peopleCmd(f.c.store, f.c.user, f.c.ward.Code))
	}
	return f.focusFirst()
}
func (f *meetingForm) capturing() bool { return true }

func (f *meetingForm) ShortHelp() []key.Binding {
	out := f.sheet.ShortHelp()
	if f.conflict {
		out = append(out, f.c.keys.Reload)
	}
	if f.mine != nil {
		out = append(out, f.c.keys.UseMine)
	}
	return out
}

func (f *meetingForm) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case peopleMsg:
		f.gotPeople(msg, nil)
		return nil
	case meetingSavedMsg:
		if msg.seq != f.saveSeq || !f.saving {
			return nil
		}
		f.saving = false
		if msg.err == nil {
			return msgCmd(f.done(msg.m))
		}
		var ce *model.ConflictError
		if f.minutesItem != 0 && errors.As(msg.err, &ce) {
			f.conflict = true
			f.banner = fmt.Sprintf("%s saved these minutes at %s since you started — press ctrl+r to load theirs (your text stays on screen).",
				safeName(ce.By), ce.At.Format("15:04"))
			f.layout()
			return nil
		}
		return f.fail(msg.err)
	case meetingLoadedMsg:
		if msg.seq != f.loadSeq {
			return nil
		}
		if msg.err != nil {
			return f.fail(msg.err)
		}
		it, _ := msg.m.Item(f.minutesItem)
		if it == nil {
			f.banner = "This item is no longer on the agenda. Your text is still here."
			f.layout()
			return nil
		}
		f.mine = f.values()
		f.fields[0].setValue(it.Minutes)
		f.version, f.conflict = it.MinutesVersion, false
		f.banner, f.info = "", "Their minutes are in the form; yours are above. Save to replace theirs, or ctrl+o to put yours back."
		f.layout()
		return nil
	case tea.PasteMsg:
		return f.updateFocused(msg)
	case tea.KeyPressMsg:
		k := f.c.keys
		switch {
		case key.Matches(msg, k.Save):
			return f.save()
		case key.Matches(msg, k.Cancel):
			if f.saving {
				return nil
			}
			return msgCmd(backMsg{})
		case key.Matches(msg, k.Reload):
			if f.conflict && !f.saving {
				f.loadSeq = f.c.nextSeq()
				return loadMeetingCmd(f.c.store, f.c.user, f.meetingID, f.loadSeq)
			}
			return nil
		case key.Matches(msg, k.UseMine):
			if f.mine != nil {
				f.restore(f.mine)
				f.mine = nil
				f.info = "Your text is back in the form. Save to keep it."
				f.layout()
			}
			return nil
		}
		return f.key(msg)
	}
	return nil
}

func (f *meetingForm) save() tea.Cmd {
	if f.saving {
		return nil
	}
	f.clearErrors()
	call, err := f.submit()
	if err != nil {
		return f.fail(err)
	}
	f.saving = true
	f.saveSeq = f.c.nextSeq()
	f.layout()
	st, by, seq := f.c.store, f.c.actor, f.saveSeq
	return func() tea.Msg {
		m, err := call(st, by)
		return meetingSavedMsg{seq: seq, m: m, err: err}
	}
}

// change is a submit that makes one model.MeetingChange.
func change(id model.ID, ch model.MeetingChange) func(Store, model.Actor) (model.Meeting, error) {
	return func(st Store, by model.Actor) (model.Meeting, error) { return st.ChangeMeeting(by, id, ch) }
}

func doneWith(text string) func(model.Meeting) meetingDoneMsg {
	return func(m model.Meeting) meetingDoneMsg { return meetingDoneMsg{text: text} }
}

// newMeetingCreateForm plans a meeting; after prev, it offers to carry
// prev's unfinished items and open actions over.
func newMeetingCreateForm(c *common, prev *model.Meeting) *meetingForm {
	f := newMeetingForm(c, "Plan a meeting", "The agenda starts from the ward panel handbook's standard items.")
	title := f.addLine("Title", "e.g. Riverside Ward Panel — Spring", 0, "title")
	title.setValue(safeName(c.ward.Name) + " Ward Panel")
	day := f.addLine("Date", "2026-12-01, or +28 / +4w", 20, "when", "date")
	day.inputW = 11
	day.hint = func(s string, room int) string {
		if s == "" {
			return ""
		}
		d, err := model.ParseDate(s, c.today())
		return dateHint(d, err, "2026-12-01 or +28", room)
	}
	day.setValue("+28")
	at := f.addLine("Time", "19:00", 5, "time")
	at.inputW = 6
	at.setValue("19:00")
	venue := f.addLine("Venue", "e.g. Riverside Community Centre", model.MaxNameLen, "venue")
	var carry *sheetField
	if prev != nil {
		ch := choice{values: []string{"yes", "no"}, names: []string{
			"carry over from " + safeLine(prev.Title, 40) + " (" + prev.When.Format("2 Jan") + ")", "no, standard agenda"}}
		carry = f.addChoice("Agenda", ch)
		venue.setValue(safeName(prev.Venue))
	}
	f.submit = func() (func(Store, model.Actor) (model.Meeting, error), error) {
		d, err := model.ParseDate(day.value(), c.today())
		if err != nil {
			return nil, &model.ValidationError{Field: "when", Message: "use a date like 2026-12-01, or +28 for four weeks today"}
		}
		t, err := time.Parse("15:04", strings.TrimSpace(at.value()))
		if err != nil {
			return nil, &model.ValidationError{Field: "time", Message: "use a time like 19:00"}
		}
		m := model.Meeting{Ward: c.ward.Code, Title: title.value(), Venue: venue.value(),
			When: d.Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute)}
		if carry != nil && carry.value() == "yes" {
			m.PreviousID = prev.ID
		}
		return func(st Store, by model.Actor) (model.Meeting, error) { return st.CreateMeeting(by, m) }, nil
	}
	f.done = func(m model.Meeting) meetingDoneMsg {
		return meetingDoneMsg{text: fmt.Sprintf("Planned %s for %s", safeLine(m.Title, model.MaxTitleLen), m.When.Format("Mon 2 Jan 15:04")), id: m.ID}
	}
	return f.ready()
}

func itemHeading(m model.Meeting, it model.AgendaItem) string {
	_, i := m.Item(it.ID)
	return fmt.Sprintf("%d. %s", i+1, safeLine(it.Title, model.MaxTitleLen))
}

// newMinutesForm writes an item's minutes, starting from what is there.
func newMinutesForm(c *common, m model.Meeting, it model.AgendaItem) *meetingForm {
	f := newMeetingForm(c, "Minutes", itemHeading(m, it))
	text := f.addText("Minutes", "what was said and agreed under this item", "minutes", "text")
	text.setValue(it.Minutes)
	f.minutesItem, f.version, f.meetingID = it.ID, it.MinutesVersion, m.ID
	f.submit = func() (func(Store, model.Actor) (model.Meeting, error), error) {
		return change(m.ID, model.WriteMinutes{Item: it.ID, Text: text.value(), Version: f.version}), nil
	}
	f.done = doneWith("Minutes saved for " + itemHeading(m, it))
	return f.ready()
}

// newNoteForm records a decision or information under an item.
func newNoteForm(c *common, m model.Meeting, it model.AgendaItem, kind model.NoteKind) *meetingForm {
	label := "Decision"
	if kind == model.NoteInformation {
		label = "Information"
	}
	f := newMeetingForm(c, "Record "+strings.ToLower(label), itemHeading(m, it))
	text := f.addText(label, "as it should read in the minutes", "text")
	vis := f.addChoice("Visible to", entryVisibility(c, model.Panel), "visibility")
	f.submit = func() (func(Store, model.Actor) (model.Meeting, error), error) {
		v, err := model.ParseVisibility(vis.value())
		if err != nil {
			return nil, err
		}
		return change(m.ID, model.AddNote{Item: it.ID, Kind: kind, Text: text.value(), Visibility: v}), nil
	}
	f.done = doneWith(label + " recorded under " + itemHeading(m, it))
	return f.ready()
}

// entryVisibility is the choice of who sees a minute entry or an agenda
// item, current first chosen: like any record's, except that a restriction
// to agencies always takes in the panel officers who keep the minutes.
func entryVisibility(c *common, current model.Visibility) choice {
	ch := visibilityChoice(c.user, c.agencies, []model.Visibility{current}, func(v model.Visibility) bool {
		return v.Kind != model.VisAgencies || v.Officers
	})
	ch.pick(current.String())
	return ch
}

// newCorrectionForm corrects or strikes out one of the item's entries (its
// minutes, a decision or an information entry) or an attendance line,
// until the minutes are agreed. The original goes into the audit trail.
func newCorrectionForm(c *common, m model.Meeting, it model.AgendaItem) *meetingForm {
	f := newMeetingForm(c, "Correct the minutes", itemHeading(m, it)+" — the original stays in the audit trail")
	var entries choice
	if it.Minutes != "" {
		entries.values = append(entries.values, "m")
		entries.names = append(entries.names, "the minutes: "+trunc(safeLine(it.Minutes, model.MaxLineLen), 40))
	}
	for i, n := range it.Notes {
		if n.Kind == model.NoteAction || n.Withheld || n.Struck {
			continue
		}
		entries.values = append(entries.values, fmt.Sprintf("n%d", i))
		entries.names = append(entries.names, fmt.Sprintf("%s %d: %s", n.Kind, i+1, trunc(safeLine(n.Text, model.MaxLineLen), 40)))
	}
	for _, a := range m.Attendance {
		if !a.Struck {
			entries.values = append(entries.values, "a"+a.Name)
			entries.names = append(entries.names, fmt.Sprintf("attendance: %s (%s)", safeName(a.Name), a.Kind))
		}
	}
	entry := f.addChoice("Entry", entries, "entry")
	do := f.addChoice("Do", choice{values: []string{"correct", "strike", string(model.AttendPresent), string(model.AttendApologies)},
		names: []string{"correct the text", "strike it out", "mark present", "mark apologies"}}, "do")
	text := f.addText("New text", "the entry as it should read (for a correction)", "text")
	f.submit = func() (func(Store, model.Actor) (model.Meeting, error), error) {
		e, how := entry.value(), do.value()
		if name, ok := strings.CutPrefix(e, "a"); ok {
			return change(m.ID, model.CorrectAttendance{Name: name, Strike: how == "strike", Kind: model.AttendKind(how)}), nil
		}
		note := model.MinutesEntry
		if n, ok := strings.CutPrefix(e, "n"); ok {
			if _, err := fmt.Sscan(n, &note); err != nil {
				return nil, err
			}
		}
		if how != "correct" && how != "strike" {
			return nil, &model.ValidationError{Field: "do", Message: "correct or strike a minute entry; present and apologies are for attendance"}
		}
		return change(m.ID, model.CorrectEntry{Item: it.ID, Note: note, Text: text.value(), Strike: how == "strike"}), nil
	}
	f.done = doneWith("Corrected: the minutes say so, and the audit trail keeps the original.")
	return f.ready()
}

// newQuorumForm sets the open vote's quorum: the fewest ballots that may
// set the ward's priorities (0: none).
func newQuorumForm(c *common, m model.Meeting) *meetingForm {
	f := newMeetingForm(c, "Quorum for the priorities vote", "Below it, the vote cannot close: one ballot does not replace the priorities.")
	n := f.addLine("Ballots", "the fewest that may set priorities; 0 for none", 4, "quorum")
	n.inputW = 5
	if m.Vote != nil {
		n.setValue(fmt.Sprint(m.Vote.Quorum))
	}
	f.submit = func() (func(Store, model.Actor) (model.Meeting, error), error) {
		var q int
		if _, err := fmt.Sscan(strings.TrimSpace(n.value()), &q); err != nil {
			return nil, &model.ValidationError{Field: "quorum", Message: "a number of ballots, e.g. 5 (0 for none)"}
		}
		return change(m.ID, model.SetQuorum{Quorum: q}), nil
	}
	f.done = func(m model.Meeting) meetingDoneMsg {
		if m.Vote == nil {
			return meetingDoneMsg{text: "The vote has closed."}
		}
		return meetingDoneMsg{text: "Quorum: " + model.Counted(m.Vote.Quorum, "ballot", "ballots") + "."}
	}
	return f.ready()
}

// newAttendeeForm adds someone in the room without an account, or apologies.
func newAttendeeForm(c *common, m model.Meeting) *meetingForm {
	f := newMeetingForm(c, "Attendance", "Connected users are marked present by themselves; add others here.")
	// Someone enrolled is picked; a resident without an account is typed.
	name := f.addPerson("Name", &personPick{free: true}, "name")
	agency := f.addLine("Agency", "theirs if enrolled; else residents, police… (optional)", 24, "agency")
	kind := f.addChoice("Record", choice{values: []string{string(model.AttendPresent), string(model.AttendApologies)},
		names: []string{"present in the room", "apologies"}}, "kind")
	f.submit = func() (func(Store, model.Actor) (model.Meeting, error), error) {
		a := model.Attendee{Name: name.value(), Agency: agency.value(), Kind: model.AttendKind(kind.value())}
		if i := slices.IndexFunc(name.person.people, func(u model.User) bool { return u.Name == a.Name }); i >= 0 && a.Agency == "" {
			a.Agency = name.person.people[i].Agency
		}
		return change(m.ID, model.AddAttendee{Attendee: a}), nil
	}
	f.done = func(model.Meeting) meetingDoneMsg {
		return meetingDoneMsg{text: fmt.Sprintf("Recorded %s: %s", safeName(name.value()), kind.value())}
	}
	return f.ready()
}

// newItemForm edits item it, or adds one after item `after` when it is nil.
func newItemForm(c *common, m model.Meeting, it *model.AgendaItem, after int) *meetingForm {
	head := "Add an agenda item"
	if it != nil {
		head = "Edit " + itemHeading(m, *it)
	}
	f := newMeetingForm(c, head)
	title := f.addLine("Title", "what the item is about", 0, "title")
	presenter := f.addPerson("Presenter", &personPick{free: true, anyone: "nobody named"}, "presenter")
	mins := f.addLine("Minutes", "time given, e.g. 10", 3, "minutes", "allotted")
	mins.inputW = 4
	mins.setValue("10")
	current := model.Panel
	if it != nil {
		title.setValue(it.Title)
		presenter.setValue(it.Presenter)
		mins.setValue(strconv.Itoa(it.Allotted))
		if it.Visibility.Restricted() {
			current = it.Visibility
		}
	}
	vis := f.addChoice("Visible to", entryVisibility(c, current), "visibility")
	f.submit = func() (func(Store, model.Actor) (model.Meeting, error), error) {
		n, err := strconv.Atoi(strings.TrimSpace(mins.value()))
		if err != nil {
			return nil, &model.ValidationError{Field: "minutes", Message: "give the time in whole minutes, e.g. 10"}
		}
		v, err := model.ParseVisibility(vis.value())
		if err != nil {
			return nil, err
		}
		if it != nil {
			return change(m.ID, model.EditItem{ID: it.ID, Title: title.value(), Presenter: presenter.value(),
				Allotted: n, Problems: it.Problems, Visibility: v}), nil
		}
		return change(m.ID, model.AddItem{After: after, Item: model.AgendaItem{Title: title.value(), Presenter: presenter.value(),
			Allotted: n, Visibility: v}}), nil
	}
	f.done = func(model.Meeting) meetingDoneMsg {
		return meetingDoneMsg{text: "Agenda saved: " + safeLine(title.value(), model.MaxTitleLen)}
	}
	return f.ready()
}

// newReviewForm records, in matters arising, what the owner of a said and
// where the action now stands.
func newReviewForm(c *common, m model.Meeting, a model.Action) *meetingForm {
	f := newMeetingForm(c, "Matters arising: action "+model.ActionRef(a.ID),
		safeLine(a.Title, model.MaxTitleLen), fmt.Sprintf("%s, due %s, now %s", safeLine(a.OwnerAgency, model.MaxLineLen), a.Due.Format("2 Jan 2006"), a.Status))
	update := f.addText("Update", "what the owner reported", "update", "text")
	st := choice{values: []string{string(a.Status)}, names: []string{string(a.Status) + " (unchanged)"}}
	for _, s := range model.ActionStatuses {
		if a.Status.CheckMove(s) == nil {
			st.values = append(st.values, string(s))
			st.names = append(st.names, string(s))
		}
	}
	status := f.addChoice("Status", st, "status")
	f.submit = func() (func(Store, model.Actor) (model.Meeting, error), error) {
		text, next := update.value(), model.ActionStatus(status.value())
		return func(st Store, by model.Actor) (model.Meeting, error) {
			return st.ReviewAction(by, m.ID, a.ID, text, next)
		}, nil
	}
	f.done = func(model.Meeting) meetingDoneMsg {
		return meetingDoneMsg{text: fmt.Sprintf("Update on action %s recorded (%s)", model.ActionRef(a.ID), status.value())}
	}
	return f.ready()
}

// problemPick chooses problems in order: candidates for a vote, or a
// ballot's choices (first is most wanted).
type problemPick struct {
	c       *common
	title   string
	hint    string
	options []model.Problem
	chosen  []model.ID
	limit   int
	cursor  int
	submit  func(chosen []model.ID) tea.Cmd
	done    string
	err     string

	saving  bool
	saveSeq int

	width, height int
}

func (p *problemPick) Init() tea.Cmd    { return nil }
func (p *problemPick) capturing() bool  { return false }
func (p *problemPick) SetSize(w, h int) { p.width, p.height = w, h }

func (p *problemPick) ShortHelp() []key.Binding {
	k := p.c.keys
	return []key.Binding{k.Toggle, k.Confirm, k.Cancel, k.Down, k.Up}
}

func (p *problemPick) FullHelp() [][]key.Binding {
	k := p.c.keys
	return [][]key.Binding{{k.Up, k.Down, k.Toggle}, {k.Confirm, k.Cancel, k.ForceQuit}}
}

func newVotePick(c *common, m model.Meeting, candidates []model.Problem) *problemPick {
	p := &problemPick{c: c, title: "Open the priorities vote",
		hint:    "Choose the candidate problems (only those the whole panel can see), then enter.",
		options: candidates, limit: model.MaxCandidates, done: "Vote open: members and officers press b to vote."}
	p.submit = func(chosen []model.ID) tea.Cmd {
		p.saveSeq = c.nextSeq()
		return changeMeetingCmd(c.store, c.actor, m.ID, model.OpenVote{Candidates: chosen}, "", p.saveSeq)
	}
	return p
}

func newBallotPick(c *common, m model.Meeting, problem func(model.ID) (model.Problem, bool)) *problemPick {
	p := &problemPick{c: c, title: "Your vote", limit: model.MaxPriorities,
		hint: "Choose up to three, most wanted first, then enter. You vote once.", done: "Your vote is in."}
	for _, id := range m.Vote.Candidates {
		if pr, ok := problem(id); ok {
			p.options = append(p.options, pr)
		}
	}
	p.submit = func(chosen []model.ID) tea.Cmd {
		p.saveSeq = c.nextSeq()
		return changeMeetingCmd(c.store, c.actor, m.ID, model.CastVote{Choices: chosen}, "", p.saveSeq)
	}
	return p
}

func (p *problemPick) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case meetingSavedMsg:
		if msg.seq != p.saveSeq || !p.saving {
			return nil
		}
		p.saving = false
		if msg.err != nil {
			p.err = describeErr("saving", msg.err)
			return nil
		}
		return msgCmd(meetingDoneMsg{text: p.done})
	case tea.KeyPressMsg:
		k := p.c.keys
		switch {
		case key.Matches(msg, k.Cancel):
			if !p.saving {
				return msgCmd(backMsg{})
			}
		case key.Matches(msg, k.Up):
			p.cursor = max(0, p.cursor-1)
		case key.Matches(msg, k.Down):
			p.cursor = min(len(p.options)-1, p.cursor+1)
		case key.Matches(msg, k.Toggle):
			if len(p.options) == 0 {
				return nil
			}
			id := p.options[p.cursor].ID
			if i := slices.Index(p.chosen, id); i >= 0 {
				p.chosen = slices.Delete(p.chosen, i, i+1)
			} else if len(p.chosen) < p.limit {
				p.chosen = append(p.chosen, id)
			} else {
				p.err = fmt.Sprintf("At most %d: press space on one to drop it first.", p.limit)
				return nil
			}
			p.err = ""
		case key.Matches(msg, k.Confirm):
			if p.saving {
				return nil
			}
			if len(p.chosen) == 0 {
				p.err = "Choose at least one with space."
				return nil
			}
			p.saving, p.err = true, ""
			return p.submit(slices.Clone(p.chosen))
		}
	}
	return nil
}

func (p *problemPick) View() string {
	st := &p.c.styles
	head := p.title
	if p.saving {
		head = "Saving… " + head
	}
	lines := []string{st.Title.Render(trunc(head, p.width))}
	for _, l := range wrap(p.hint, p.width) {
		lines = append(lines, st.Muted.Render(l))
	}
	if p.err != "" {
		lines = append(lines, st.Error.Render(trunc(safeLine(p.err, model.MaxLineLen), p.width)))
	}
	if len(p.options) == 0 {
		lines = append(lines, st.Muted.Render("There is nothing to choose from."))
	}
	room := max(1, p.height-len(lines))
	first := clamp(p.cursor-room+1, 0, max(0, len(p.options)-room))
	for i := first; i < len(p.options) && i < first+room; i++ {
		o := p.options[i]
		box := "[ ]"
		if n := slices.Index(p.chosen, o.ID); n >= 0 {
			box = fmt.Sprintf("[%d]", n+1)
		}
		line := fmt.Sprintf("%s %s %s", box, model.ProblemRef(o.ID), safeLine(o.Title, model.MaxTitleLen))
		if i == p.cursor {
			lines = append(lines, st.RowSelected.Render(fit("> "+line, p.width)))
		} else {
			lines = append(lines, trunc("  "+line, p.width))
		}
	}
	return block(lines, p.width, p.height)
}
