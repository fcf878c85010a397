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
	"wardpanel/tui/form"
)

// meetingForm is every small form about a meeting: planning one, an agenda
// item, minutes, a note, attendance, a matters-arising update. Each is a
// sheet of fields and a submit that reads them into one store call; the
// form keeps what was typed through errors, and the minutes form through
// someone else's save.
type meetingForm struct {
	*form.Sheet
	c        *common
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
	f := &meetingForm{Sheet: form.NewSheet(c), c: c, heading2: lines}
	f.Heading = f.headingLines
	return f
}

func (f *meetingForm) ready() *meetingForm {
	f.Restyle()
	f.Layout()
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
			out = append(out, st.Title.Render(trunc(l, f.Width())))
			continue
		}
		out = append(out, st.Value.Render(trunc(l, f.Width())))
	}
	return out
}

func (f *meetingForm) Init() tea.Cmd {
	if slices.ContainsFunc(f.Fields, func(fl *form.Field) bool { return fl.Kind == form.PersonField }) {
		return tea.Batch(f.FocusFirst(), form.PeopleCmd(f.c.store, f.c.user, f.c.ward.Code))
	}
	return f.FocusFirst()
}
func (f *meetingForm) capturing() bool { return true }

func (f *meetingForm) ShortHelp() []key.Binding {
	out := f.Sheet.ShortHelp()
	if f.conflict {
		out = append(out, f.c.keys.Reload)
	}
	if f.Mine != nil {
		out = append(out, f.c.keys.UseMine)
	}
	return out
}

func (f *meetingForm) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case form.PeopleMsg:
		f.GotPeople(msg, nil)
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
			f.Banner = fmt.Sprintf("%s saved these minutes at %s since you started — press ctrl+r to load theirs (your text stays on screen).",
				safeName(ce.By), ce.At.Format("15:04"))
			f.Layout()
			return nil
		}
		return f.Fail(msg.err)
	case meetingLoadedMsg:
		if msg.seq != f.loadSeq {
			return nil
		}
		if msg.err != nil {
			return f.Fail(msg.err)
		}
		it, _ := msg.m.Item(f.minutesItem)
		if it == nil {
			f.Banner = "This item is no longer on the agenda. Your text is still here."
			f.Layout()
			return nil
		}
		f.Mine = f.Values()
		f.Fields[0].SetValue(it.Minutes)
		f.version, f.conflict = it.MinutesVersion, false
		f.Banner, f.Info = "", "Their minutes are in the form; yours are above. Save to replace theirs, or ctrl+o to put yours back."
		f.Layout()
		return nil
	case tea.PasteMsg:
		return f.UpdateFocused(msg)
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
			if f.Mine != nil {
				f.Restore(f.Mine)
				f.Mine = nil
				f.Info = "Your text is back in the form. Save to keep it."
				f.Layout()
			}
			return nil
		}
		return f.Key(msg)
	}
	return nil
}

func (f *meetingForm) save() tea.Cmd {
	if f.saving {
		return nil
	}
	f.ClearErrors()
	call, err := f.submit()
	if err != nil {
		return f.Fail(err)
	}
	f.saving = true
	f.saveSeq = f.c.nextSeq()
	f.Layout()
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
	title := f.AddLine("Title", "e.g. Riverside Ward Panel — Spring", 0, "title")
	title.SetValue(safeName(c.ward.Name) + " Ward Panel")
	day := f.AddLine("Date", "2026-12-01, or +28 / +4w", 20, "when", "date")
	day.InputW = 11
	day.Hint = func(s string, room int) string {
		if s == "" {
			return ""
		}
		d, err := model.ParseDate(s, c.today())
		return dateHint(d, err, "2026-12-01 or +28", room)
	}
	day.SetValue("+28")
	at := f.AddLine("Time", "19:00", 5, "time")
	at.InputW = 6
	at.SetValue("19:00")
	venue := f.AddLine("Venue", "e.g. Riverside Community Centre", model.MaxNameLen, "venue")
	var carry *form.Field
	if prev != nil {
		ch := form.Choice{Values: []string{"yes", "no"}, Names: []string{
			"carry over from " + safeLine(prev.Title, 40) + " (" + prev.When.Format("2 Jan") + ")", "no, standard agenda"}}
		carry = f.AddChoice("Agenda", ch)
		venue.SetValue(safeName(prev.Venue))
	}
	f.submit = func() (func(Store, model.Actor) (model.Meeting, error), error) {
		d, err := model.ParseDate(day.Value(), c.today())
		if err != nil {
			return nil, &model.ValidationError{Field: "when", Message: "use a date like 2026-12-01, or +28 for four weeks today"}
		}
		t, err := time.Parse("15:04", strings.TrimSpace(at.Value()))
		if err != nil {
			return nil, &model.ValidationError{Field: "time", Message: "use a time like 19:00"}
		}
		m := model.Meeting{Ward: c.ward.Code, Title: title.Value(), Venue: venue.Value(),
			When: d.Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute)}
		if carry != nil && carry.Value() == "yes" {
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
	text := f.AddText("Minutes", "what was said and agreed under this item", "minutes", "text")
	text.SetValue(it.Minutes)
	f.minutesItem, f.version, f.meetingID = it.ID, it.MinutesVersion, m.ID
	f.submit = func() (func(Store, model.Actor) (model.Meeting, error), error) {
		return change(m.ID, model.WriteMinutes{Item: it.ID, Text: text.Value(), Version: f.version}), nil
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
	text := f.AddText(label, "as it should read in the minutes", "text")
	vis := f.AddChoice("Visible to", entryVisibility(c, model.Panel), "visibility")
	f.submit = func() (func(Store, model.Actor) (model.Meeting, error), error) {
		v, err := model.ParseVisibility(vis.Value())
		if err != nil {
			return nil, err
		}
		return change(m.ID, model.AddNote{Item: it.ID, Kind: kind, Text: text.Value(), Visibility: v}), nil
	}
	f.done = doneWith(label + " recorded under " + itemHeading(m, it))
	return f.ready()
}

// entryVisibility is the choice of who sees a minute entry or an agenda
// item, current first chosen: like any record's, except that a restriction
// to agencies always takes in the panel officers who keep the minutes.
func entryVisibility(c *common, current model.Visibility) form.Choice {
	ch := form.VisibilityChoice(c.user, c.agencies, []model.Visibility{current}, func(v model.Visibility) bool {
		return v.Kind != model.VisAgencies || v.Officers
	})
	ch.Pick(current.String())
	return ch
}

// newCorrectionForm corrects or strikes out one of the item's entries (its
// minutes, a decision or an information entry) or an attendance line,
// until the minutes are agreed. The original goes into the audit trail.
func newCorrectionForm(c *common, m model.Meeting, it model.AgendaItem) *meetingForm {
	f := newMeetingForm(c, "Correct the minutes", itemHeading(m, it)+" — the original stays in the audit trail")
	var entries form.Choice
	if it.Minutes != "" {
		entries.Values = append(entries.Values, "m")
		entries.Names = append(entries.Names, "the minutes: "+trunc(safeLine(it.Minutes, model.MaxLineLen), 40))
	}
	for i, n := range it.Notes {
		if n.Kind == model.NoteAction || n.Withheld || n.Struck {
			continue
		}
		entries.Values = append(entries.Values, fmt.Sprintf("n%d", i))
		entries.Names = append(entries.Names, fmt.Sprintf("%s %d: %s", n.Kind, i+1, trunc(safeLine(n.Text, model.MaxLineLen), 40)))
	}
	for _, a := range m.Attendance {
		if !a.Struck {
			entries.Values = append(entries.Values, "a"+a.Name)
			entries.Names = append(entries.Names, fmt.Sprintf("attendance: %s (%s)", safeName(a.Name), a.Kind))
		}
	}
	entry := f.AddChoice("Entry", entries, "entry")
	do := f.AddChoice("Do", form.Choice{Values: []string{"correct", "strike", string(model.AttendPresent), string(model.AttendApologies)},
		Names: []string{"correct the text", "strike it out", "mark present", "mark apologies"}}, "do")
	text := f.AddText("New text", "the entry as it should read (for a correction)", "text")
	f.submit = func() (func(Store, model.Actor) (model.Meeting, error), error) {
		e, how := entry.Value(), do.Value()
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
		return change(m.ID, model.CorrectEntry{Item: it.ID, Note: note, Text: text.Value(), Strike: how == "strike"}), nil
	}
	f.done = doneWith("Corrected: the minutes say so, and the audit trail keeps the original.")
	return f.ready()
}

// newQuorumForm sets the open vote's quorum: the fewest ballots that may
// set the ward's priorities (0: none).
func newQuorumForm(c *common, m model.Meeting) *meetingForm {
	f := newMeetingForm(c, "Quorum for the priorities vote", "Below it, the vote cannot close: one ballot does not replace the priorities.")
	n := f.AddLine("Ballots", "the fewest that may set priorities; 0 for none", 4, "quorum")
	n.InputW = 5
	if m.Vote != nil {
		n.SetValue(fmt.Sprint(m.Vote.Quorum))
	}
	f.submit = func() (func(Store, model.Actor) (model.Meeting, error), error) {
		var q int
		if _, err := fmt.Sscan(strings.TrimSpace(n.Value()), &q); err != nil {
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
	name := f.AddPerson("Name", &form.PersonPick{Free: true}, "name")
	agency := f.AddLine("Agency", "theirs if enrolled; else residents, police… (optional)", 24, "agency")
	kind := f.AddChoice("Record", form.Choice{Values: []string{string(model.AttendPresent), string(model.AttendApologies)},
		Names: []string{"present in the room", "apologies"}}, "kind")
	f.submit = func() (func(Store, model.Actor) (model.Meeting, error), error) {
		a := model.Attendee{Name: name.Value(), Agency: agency.Value(), Kind: model.AttendKind(kind.Value())}
		if i := slices.IndexFunc(name.Person.People, func(u model.User) bool { return u.Name == a.Name }); i >= 0 && a.Agency == "" {
			a.Agency = name.Person.People[i].Agency
		}
		return change(m.ID, model.AddAttendee{Attendee: a}), nil
	}
	f.done = func(model.Meeting) meetingDoneMsg {
		return meetingDoneMsg{text: fmt.Sprintf("Recorded %s: %s", safeName(name.Value()), kind.Value())}
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
	title := f.AddLine("Title", "what the item is about", 0, "title")
	presenter := f.AddPerson("Presenter", &form.PersonPick{Free: true, Anyone: "nobody named"}, "presenter")
	mins := f.AddLine("Minutes", "time given, e.g. 10", 3, "minutes", "allotted")
	mins.InputW = 4
	mins.SetValue("10")
	current := model.Panel
	if it != nil {
		title.SetValue(it.Title)
		presenter.SetValue(it.Presenter)
		mins.SetValue(strconv.Itoa(it.Allotted))
		if it.Visibility.Restricted() {
			current = it.Visibility
		}
	}
	vis := f.AddChoice("Visible to", entryVisibility(c, current), "visibility")
	f.submit = func() (func(Store, model.Actor) (model.Meeting, error), error) {
		n, err := strconv.Atoi(strings.TrimSpace(mins.Value()))
		if err != nil {
			return nil, &model.ValidationError{Field: "minutes", Message: "give the time in whole minutes, e.g. 10"}
		}
		v, err := model.ParseVisibility(vis.Value())
		if err != nil {
			return nil, err
		}
		if it != nil {
			return change(m.ID, model.EditItem{ID: it.ID, Title: title.Value(), Presenter: presenter.Value(),
				Allotted: n, Problems: it.Problems, Visibility: v}), nil
		}
		return change(m.ID, model.AddItem{After: after, Item: model.AgendaItem{Title: title.Value(), Presenter: presenter.Value(),
			Allotted: n, Visibility: v}}), nil
	}
	f.done = func(model.Meeting) meetingDoneMsg {
		return meetingDoneMsg{text: "Agenda saved: " + safeLine(title.Value(), model.MaxTitleLen)}
	}
	return f.ready()
}

// newReviewForm records, in matters arising, what the owner of a said and
// where the action now stands.
func newReviewForm(c *common, m model.Meeting, a model.Action) *meetingForm {
	f := newMeetingForm(c, "Matters arising: action "+model.ActionRef(a.ID),
		safeLine(a.Title, model.MaxTitleLen), fmt.Sprintf("%s, due %s, now %s", safeLine(a.OwnerAgency, model.MaxLineLen), a.Due.Format("2 Jan 2006"), a.Status))
	update := f.AddText("Update", "what the owner reported", "update", "text")
	st := form.Choice{Values: []string{string(a.Status)}, Names: []string{string(a.Status) + " (unchanged)"}}
	for _, s := range model.ActionStatuses {
		if a.Status.CheckMove(s) == nil {
			st.Values = append(st.Values, string(s))
			st.Names = append(st.Names, string(s))
		}
	}
	status := f.AddChoice("Status", st, "status")
	f.submit = func() (func(Store, model.Actor) (model.Meeting, error), error) {
		text, next := update.Value(), model.ActionStatus(status.Value())
		return func(st Store, by model.Actor) (model.Meeting, error) {
			return st.ReviewAction(by, m.ID, a.ID, text, next)
		}, nil
	}
	f.done = func(model.Meeting) meetingDoneMsg {
		return meetingDoneMsg{text: fmt.Sprintf("Update on action %s recorded (%s)", model.ActionRef(a.ID), status.Value())}
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
