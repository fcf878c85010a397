package meetings

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/form"
	"wardpanel/tui/ui"
)

// Form is every small form about a meeting: planning one, an agenda
// item, minutes, a note, attendance, a matters-arising update. Each is a
// sheet of fields and a submit that reads them into one store call, saved
// through the shared flow of tui/form; the form keeps what was typed
// through errors, and the minutes form through someone else's save.
type Form struct {
	*form.Sheet
	c        *env
	heading2 []string
	// submit reads the fields into the store call to make.
	submit func() (func(Store, model.Actor) (model.Meeting, error), error)
	done   func(model.Meeting) doneMsg

	// minutes: the item whose minutes this form writes, and the version
	// they started from (0 item: not a minutes form).
	minutesItem int
	version     uint64
	meetingID   model.ID
}

// doneMsg is what a form that saved tells the router (Links.Done).
type doneMsg struct {
	text string
	id   model.ID
}

func newMeetingForm(c *env, lines ...string) *Form {
	f := &Form{Sheet: form.NewSheet(c), c: c, heading2: lines}
	f.Heading = f.headingLines
	return f
}

func (f *Form) ready() *Form {
	f.Restyle()
	f.Layout()
	return f
}

func (f *Form) headingLines() []string {
	st := f.c.Styles()
	out := make([]string, 0, len(f.heading2))
	for i, l := range f.heading2 {
		if i == 0 {
			if f.Saving {
				l = "Saving… " + l
			}
			out = append(out, st.Title.Render(ui.Trunc(l, f.Width())))
			continue
		}
		out = append(out, st.Value.Render(ui.Trunc(l, f.Width())))
	}
	return out
}

func (f *Form) Init() tea.Cmd {
	if slices.ContainsFunc(f.Fields, func(fl *form.Field) bool { return fl.Kind == form.PersonField }) {
		return tea.Batch(f.FocusFirst(), form.PeopleCmd(f.c.st, f.c.User(), f.c.Ward().Code))
	}
	return f.FocusFirst()
}

func (f *Form) Capturing() bool { return true }
func (f *Form) Title() string   { return "Meeting form" }

func (f *Form) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case form.PeopleMsg:
		f.GotPeople(msg, nil)
		return nil
	case meetingSavedMsg:
		if !f.SaveAnswered(msg.seq) {
			return nil
		}
		if msg.err == nil {
			d := f.done(msg.m)
			return ui.Cmd(f.c.links.Done(d.text, d.id))
		}
		var ce *model.ConflictError
		if f.minutesItem != 0 && errors.As(msg.err, &ce) {
			f.Conflict = ce
			f.Banner = fmt.Sprintf("%s saved these minutes at %s since you started — press ctrl+r to load theirs (your text stays on screen).",
				ui.SafeName(ce.By), ce.At.Format("15:04"))
			f.Layout()
			return nil
		}
		return f.Fail(msg.err)
	case meetingLoadedMsg:
		if f.minutesItem == 0 || !f.LatestAnswered(msg.seq, true) {
			return nil
		}
		return f.theirs(msg)
	}
	flow := form.Flow{Save: f.save}
	if f.minutesItem != 0 {
		flow.Reload = func(seq int) tea.Cmd { return loadMeetingCmd(f.c.st, f.c.User(), f.meetingID, seq) }
		flow.UseMine = func() { f.Restore(f.Mine) }
	}
	return f.Handle(msg, flow)
}

// theirs puts the minutes someone else saved in the form (ctrl+r), and
// keeps the user's own text above it.
func (f *Form) theirs(msg meetingLoadedMsg) tea.Cmd {
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
	f.version, f.Conflict = it.MinutesVersion, nil
	f.Banner, f.Info = "", "Their minutes are in the form; yours are above. Save to replace theirs, or ctrl+o to put yours back."
	f.Layout()
	return nil
}

func (f *Form) save() tea.Cmd {
	f.ClearErrors()
	call, err := f.submit()
	if err != nil {
		return f.Fail(err)
	}
	st, by := f.c.st, f.c.Actor()
	return f.StartSave(func(seq int) tea.Cmd { return saveCmd(call, st, by, "", seq) })
}

func doneWith(text string) func(model.Meeting) doneMsg {
	return func(model.Meeting) doneMsg { return doneMsg{text: text} }
}

// newMeetingCreateForm plans a meeting; after prev, it offers to carry
// prev's unfinished items and open actions over.
func newMeetingCreateForm(c *env, prev *model.Meeting) *Form {
	f := newMeetingForm(c, "Plan a meeting", "The agenda starts from the ward panel handbook's standard items.")
	title := f.AddLine("Title", "e.g. Riverside Ward Panel — Spring", 0, "title")
	title.SetValue(ui.SafeName(c.Ward().Name) + " Ward Panel")
	day := f.AddLine("Date", "2026-12-01, or +28 / +4w", 20, "when", "date")
	day.InputW = 11
	day.Hint = func(s string, room int) string {
		if s == "" {
			return ""
		}
		d, err := model.ParseDate(s, c.Today())
		return form.DateHint(d, err, "2026-12-01 or +28", room)
	}
	day.SetValue("+28")
	at := f.AddLine("Time", "19:00", 5, "time")
	at.InputW = 6
	at.SetValue("19:00")
	venue := f.AddLine("Venue", "e.g. Riverside Community Centre", model.MaxNameLen, "venue")
	var carry *form.Field
	if prev != nil {
		ch := form.Choice{Values: []string{"yes", "no"}, Names: []string{
			"carry over from " + ui.SafeLine(prev.Title, 40) + " (" + prev.When.Format("2 Jan") + ")", "no, standard agenda"}}
		carry = f.AddChoice("Agenda", ch)
		venue.SetValue(ui.SafeName(prev.Venue))
	}
	f.submit = func() (func(Store, model.Actor) (model.Meeting, error), error) {
		d, err := model.ParseDate(day.Value(), c.Today())
		if err != nil {
			return nil, &model.ValidationError{Field: "when", Message: "use a date like 2026-12-01, or +28 for four weeks today"}
		}
		t, err := time.Parse("15:04", strings.TrimSpace(at.Value()))
		if err != nil {
			return nil, &model.ValidationError{Field: "time", Message: "use a time like 19:00"}
		}
		m := model.Meeting{Ward: c.Ward().Code, Title: title.Value(), Venue: venue.Value(),
			When: d.Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute)}
		if carry != nil && carry.Value() == "yes" {
			m.PreviousID = prev.ID
		}
		return func(st Store, by model.Actor) (model.Meeting, error) { return st.CreateMeeting(by, m) }, nil
	}
	f.done = func(m model.Meeting) doneMsg {
		return doneMsg{text: fmt.Sprintf("Planned %s for %s", ui.SafeLine(m.Title, model.MaxTitleLen), m.When.Format("Mon 2 Jan 15:04")), id: m.ID}
	}
	return f.ready()
}

func itemHeading(m model.Meeting, it model.AgendaItem) string {
	_, i := m.Item(it.ID)
	return fmt.Sprintf("%d. %s", i+1, ui.SafeLine(it.Title, model.MaxTitleLen))
}

// newMinutesForm writes an item's minutes, starting from what is there.
func newMinutesForm(c *env, m model.Meeting, it model.AgendaItem) *Form {
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
func newNoteForm(c *env, m model.Meeting, it model.AgendaItem, kind model.NoteKind) *Form {
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
func entryVisibility(c *env, current model.Visibility) form.Choice {
	ch := form.VisibilityChoice(c.User(), c.links.Agencies(), []model.Visibility{current}, func(v model.Visibility) bool {
		return v.Kind != model.VisAgencies || v.Officers
	})
	ch.Pick(current.String())
	return ch
}

// newCorrectionForm corrects or strikes out one of the item's entries (its
// minutes, a decision or an information entry) or an attendance line,
// until the minutes are agreed. The original goes into the audit trail.
func newCorrectionForm(c *env, m model.Meeting, it model.AgendaItem) *Form {
	f := newMeetingForm(c, "Correct the minutes", itemHeading(m, it)+" — the original stays in the audit trail")
	var entries form.Choice
	if it.Minutes != "" {
		entries.Values = append(entries.Values, "m")
		entries.Names = append(entries.Names, "the minutes: "+ui.Trunc(ui.SafeLine(it.Minutes, model.MaxLineLen), 40))
	}
	for i, n := range it.Notes {
		if n.Kind == model.NoteAction || n.Withheld || n.Struck {
			continue
		}
		entries.Values = append(entries.Values, fmt.Sprintf("n%d", i))
		entries.Names = append(entries.Names, fmt.Sprintf("%s %d: %s", n.Kind, i+1, ui.Trunc(ui.SafeLine(n.Text, model.MaxLineLen), 40)))
	}
	for _, a := range m.Attendance {
		if !a.Struck {
			entries.Values = append(entries.Values, "a"+a.Name)
			entries.Names = append(entries.Names, fmt.Sprintf("attendance: %s (%s)", ui.SafeName(a.Name), a.Kind))
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
func newQuorumForm(c *env, m model.Meeting) *Form {
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
	f.done = func(m model.Meeting) doneMsg {
		if m.Vote == nil {
			return doneMsg{text: "The vote has closed."}
		}
		return doneMsg{text: "Quorum: " + model.Counted(m.Vote.Quorum, "ballot", "ballots") + "."}
	}
	return f.ready()
}

// newAttendeeForm adds someone in the room without an account, or apologies.
func newAttendeeForm(c *env, m model.Meeting) *Form {
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
	f.done = func(model.Meeting) doneMsg {
		return doneMsg{text: fmt.Sprintf("Recorded %s: %s", ui.SafeName(name.Value()), kind.Value())}
	}
	return f.ready()
}

// newItemForm edits item it, or adds one after item `after` when it is nil.
func newItemForm(c *env, m model.Meeting, it *model.AgendaItem, after int) *Form {
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
	f.done = func(model.Meeting) doneMsg {
		return doneMsg{text: "Agenda saved: " + ui.SafeLine(title.Value(), model.MaxTitleLen)}
	}
	return f.ready()
}

// newReviewForm records, in matters arising, what the owner of a said and
// where the action now stands.
func newReviewForm(c *env, m model.Meeting, a model.Action) *Form {
	f := newMeetingForm(c, "Matters arising: action "+model.ActionRef(a.ID),
		ui.SafeLine(a.Title, model.MaxTitleLen), fmt.Sprintf("%s, due %s, now %s", ui.SafeLine(a.OwnerAgency, model.MaxLineLen), a.Due.Format("2 Jan 2006"), a.Status))
	update := f.AddText("Update", "what the owner reported", "update", "text")
	st := form.Choice{Values: []string{string(a.Status)}, Names: []string{string(a.Status) + " (unchanged)"}}
	for _, s := range a.Status.Moves() {
		st.Values = append(st.Values, string(s))
		st.Names = append(st.Names, string(s))
	}
	status := f.AddChoice("Status", st, "status")
	f.submit = func() (func(Store, model.Actor) (model.Meeting, error), error) {
		text, next := update.Value(), model.ActionStatus(status.Value())
		return func(st Store, by model.Actor) (model.Meeting, error) {
			return st.ReviewAction(by, m.ID, a.ID, text, next)
		}, nil
	}
	f.done = func(model.Meeting) doneMsg {
		return doneMsg{text: fmt.Sprintf("Update on action %s recorded (%s)", model.ActionRef(a.ID), status.Value())}
	}
	return f.ready()
}
