// Package minutes writes a meeting's minutes as Markdown, as one reader may
// see them: `ssh host minutes ID` and `wardpanel minutes ID` print it.
//
// Everything is read through the store's viewer-filtered calls. Closed
// minutes render from what the meeting froze when it closed, the same for
// every reader who may see the meeting: a line the reader may not see is
// withheld in its place as "(a restricted item)", never renumbered away.
// Every piece of user text is cleaned again for the terminal and escaped
// where it could change the document's structure.
package minutes

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/markdown"
)

// Source is what the minutes read; *store.Store satisfies it. Each call
// filters by viewer, and a record viewer may not see is model.ErrNotFound.
type Source interface {
	Meeting(viewer model.User, id model.ID) (model.Meeting, error)
	Action(viewer model.User, id model.ID) (model.Action, error)
	Problem(viewer model.User, id model.ID) (model.Problem, error)
	Ward(code string) (model.Ward, error)
	Agencies() ([]model.Agency, error)
}

// Render writes meeting id's minutes as viewer may read them. Nothing is
// written unless the whole document could be made: an unknown meeting, or
// one viewer may not see, is model.ErrNotFound and leaves w untouched.
func Render(w io.Writer, src Source, viewer model.User, id model.ID) error {
	m, err := src.Meeting(viewer, id)
	if err != nil {
		return err
	}
	r := &renderer{src: src, viewer: viewer, agencies: map[string]string{}, frozen: m.Safe().Frozen}
	agencies, err := src.Agencies()
	if err != nil {
		return err
	}
	for _, a := range agencies {
		r.agencies[a.Code] = model.CleanLine(a.Name, model.MaxNameLen)
	}
	if err := r.meeting(m.Safe()); err != nil {
		return err
	}
	_, err = w.Write(r.buf.Bytes())
	return err
}

type renderer struct {
	src      Source
	viewer   model.User
	agencies map[string]string // code -> name
	// frozen, for closed minutes, is what they name as it stood at the
	// close (ForViewer has left out what the reader may not see).
	frozen *model.Frozen
	buf    bytes.Buffer
}

// withheld is the line in place of one the reader may not see.
var withheld = markdown.Inline(model.WithheldText)

func (r *renderer) line(format string, args ...any) {
	fmt.Fprintf(&r.buf, format, args...)
	r.buf.WriteByte('\n')
}

func (r *renderer) blank() { r.buf.WriteByte('\n') }

// action is the action viewer may see, or ok false if they may not.
func (r *renderer) action(id model.ID) (model.Action, bool, error) {
	if r.frozen != nil {
		f, ok := r.frozen.Action(id)
		return model.Action{ID: f.ID, Title: f.Title, OwnerAgency: f.OwnerAgency, Assignee: f.Assignee, Due: f.Due, Status: f.Status}, ok, nil
	}
	return visible(r.src.Action(r.viewer, id))
}

// problem is the problem viewer may see, or ok false if they may not.
func (r *renderer) problem(id model.ID) (model.Problem, bool, error) {
	if r.frozen != nil {
		f, ok := r.frozen.Problem(id)
		return model.Problem{ID: f.ID, Title: f.Title}, ok, nil
	}
	return visible(r.src.Problem(r.viewer, id))
}

// visible turns a viewer-filtered read into the record cleaned for output
// and whether viewer may see it: not found means not visible (the minutes
// say "withheld" or leave it out), any other error is an error.
func visible[T interface{ Safe() T }](rec T, err error) (T, bool, error) {
	var none T
	if errors.Is(err, model.ErrNotFound) {
		return none, false, nil
	}
	if err != nil {
		return none, false, err
	}
	return rec.Safe(), true, nil
}

// agency names an agency by its display name, with the code as fallback.
func (r *renderer) agency(code string) string {
	code = model.CleanLine(code, model.MaxNameLen)
	if name := r.agencies[code]; name != "" {
		return name
	}
	return code
}

func (r *renderer) meeting(m model.Meeting) error {
	r.line("# %s", markdown.Heading(m.Title))
	r.blank()
	if m.State != model.MeetingClosed {
		r.line("**Draft: the meeting is %s; these minutes are not final.**", markdown.Inline(string(m.State)))
		r.blank()
	}
	ward, err := markdown.Ward(r.src.Ward, m.Ward)
	if err != nil {
		return err
	}
	r.line("- Ward: %s", ward)
	const when = "Monday 2 January 2006, 15:04"
	if m.HeldOffDay() {
		// Held on another day than planned: the day it was held is the
		// record; the planned one says why the diary differs (issue 17).
		r.line("- When: held %s (planned for %s)", m.HeldAt().Format(when), m.When.Format(when))
	} else {
		r.line("- When: %s", m.When.Format(when))
	}
	if m.Venue != "" {
		r.line("- Venue: %s", markdown.Inline(m.Venue))
	}
	r.line("- State: %s", markdown.Inline(string(m.State)))
	if m.Chair != "" {
		r.line("- Chair: %s", markdown.Inline(m.Chair))
	}
	if m.PreviousID != 0 {
		r.line("- Follows meeting %d", m.PreviousID)
	}
	if m.Agrees != 0 {
		r.line("- Agreed the minutes of meeting %d", m.Agrees)
	}
	if m.AgreedIn != 0 {
		r.line("- Minutes agreed at meeting %d on %s", m.AgreedIn, m.AgreedAt.Format("2 January 2006"))
	} else if m.State == model.MeetingClosed {
		r.line("- Minutes not yet agreed: the chair, vice-chair or secretary may correct them until the next meeting agrees them")
	}
	r.blank()
	r.attendance(m.Attendance)
	for i, it := range m.Items {
		if err := r.item(m, i+1, it); err != nil {
			return err
		}
	}
	return r.vote(m)
}

func (r *renderer) attendance(list []model.Attendee) {
	r.line("## Attendance")
	r.blank()
	if len(list) == 0 {
		r.line("No attendance recorded.")
		r.blank()
		return
	}
	corrected := false
	for _, a := range list {
		corrected = corrected || a.Corrected
	}
	list = slices.DeleteFunc(slices.Clone(list), func(a model.Attendee) bool { return a.Struck })
	defer func() {
		if corrected {
			r.line("The attendance was corrected after the meeting.")
			r.blank()
		}
	}()
	groups := []struct {
		title string
		keep  func(model.Attendee) bool
	}{
		{"Present", func(a model.Attendee) bool { return a.Kind != model.AttendApologies && a.UserID != 0 }},
		{"In the room without an account", func(a model.Attendee) bool { return a.Kind != model.AttendApologies && a.UserID == 0 }},
		{"Apologies", func(a model.Attendee) bool { return a.Kind == model.AttendApologies }},
	}
	for _, g := range groups {
		var rows []string
		for _, a := range list {
			if !g.keep(a) {
				continue
			}
			row := markdown.Inline(a.Name)
			if a.Agency != "" {
				row += " — " + markdown.Inline(r.agency(a.Agency))
			}
			if a.Corrected {
				row += " (corrected)"
			}
			rows = append(rows, row)
		}
		if len(rows) == 0 {
			continue
		}
		r.line("%s:", g.title)
		r.blank()
		for _, row := range rows {
			r.line("- %s", row)
		}
		r.blank()
	}
}

func (r *renderer) item(m model.Meeting, n int, it model.AgendaItem) error {
	if it.Withheld {
		r.line("## %d. %s", n, withheld)
		r.blank()
		return nil
	}
	r.line("## %d. %s", n, markdown.Heading(it.Title))
	r.blank()
	if it.Visibility.Restricted() {
		r.line("Restricted to %s.", markdown.Inline(it.Visibility.Label()))
		r.blank()
	}
	var about []string
	if it.Presenter != "" {
		about = append(about, "Presenter: "+markdown.Inline(it.Presenter))
	}
	if it.CarriedFrom != 0 {
		about = append(about, fmt.Sprintf("Carried over from meeting %d.", it.CarriedFrom))
	}
	switch {
	case m.State == model.MeetingLive && m.Current == it.ID:
		about = append(about, "Under discussion now.")
	case m.State == model.MeetingClosed && !it.Reached:
		about = append(about, "Not reached.")
	}
	for _, a := range about {
		r.line("%s", a)
		r.blank()
	}
	wrote := false
	if it.Minutes != "" {
		for _, l := range markdown.Block(it.Minutes, "") {
			r.line("%s", l)
		}
		r.blank()
		wrote = true
	}
	if it.MinutesCorrected {
		r.line("(The minutes of this item were corrected.)")
		r.blank()
		wrote = true
	}
	for _, kind := range []struct {
		kind  model.NoteKind
		title string
	}{{model.NoteDecision, "Decisions"}, {model.NoteInformation, "Information"}} {
		var notes []model.Note
		for _, note := range it.Notes {
			if note.Kind == kind.kind {
				notes = append(notes, note)
			}
		}
		if len(notes) == 0 {
			continue
		}
		r.line("%s:", kind.title)
		r.blank()
		for _, note := range notes {
			switch {
			case note.Withheld:
				r.line("- %s", withheld)
			case note.Struck:
				r.line("- (struck out; corrected)")
			case note.Corrected:
				r.listItem(note.Text + " (corrected)")
			default:
				r.listItem(note.Text)
			}
		}
		r.blank()
		wrote = true
	}
	var raised []model.Action // ID 0: withheld
	for _, note := range it.Notes {
		if note.Kind != model.NoteAction || note.ActionID == 0 && !note.Withheld {
			continue
		}
		a, ok, err := r.action(note.ActionID)
		if err != nil {
			return err
		}
		if ok || r.frozen != nil {
			raised = append(raised, a)
		}
	}
	if len(raised) > 0 {
		r.line("Actions raised:")
		r.blank()
		for _, a := range raised {
			if a.ID == 0 {
				r.line("- %s", withheld)
				continue
			}
			assignee := a.Assignee
			if assignee == "" {
				assignee = "not yet assigned"
			}
			r.line("- **%s** (action %s): owner %s; assignee %s; due %s; %s",
				markdown.Inline(a.Title), model.ActionRef(a.ID), markdown.Inline(r.agency(a.OwnerAgency)), markdown.Inline(assignee), a.Due.Format("2006-01-02"), markdown.Inline(string(a.Status)))
		}
		r.blank()
		wrote = true
	}
	if err := r.reviews(m.State, it.Reviews, &wrote); err != nil {
		return err
	}
	var linked []model.Problem // ID 0: withheld
	for _, id := range it.Problems {
		p, ok, err := r.problem(id)
		if err != nil {
			return err
		}
		if ok || r.frozen != nil {
			linked = append(linked, p)
		}
	}
	if len(linked) > 0 {
		r.line("Problems:")
		r.blank()
		for _, p := range linked {
			if p.ID == 0 {
				r.line("- %s", withheld)
				continue
			}
			r.line("- %s %s", model.ProblemRef(p.ID), markdown.Inline(p.Title))
		}
		r.blank()
	}
	if !wrote && (m.State == model.MeetingClosed && it.Reached) {
		r.line("No minutes recorded.")
		r.blank()
	}
	return nil
}

// reviews is matters arising: each action's update and the status it moved to.
func (r *renderer) reviews(state model.MeetingState, list []model.Review, wrote *bool) error {
	type shown struct {
		a   model.Action
		rev model.Review
	}
	var rows []shown // a.ID 0: withheld
	for _, rev := range list {
		a, ok, err := r.action(rev.ActionID)
		if err != nil {
			return err
		}
		if ok || rev.Withheld && r.frozen != nil {
			rows = append(rows, shown{a, rev})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	r.line("Matters arising:")
	r.blank()
	for _, s := range rows {
		if s.a.ID == 0 {
			r.line("- %s", withheld)
			continue
		}
		if !s.rev.Taken() {
			untaken := "to be reviewed"
			if state == model.MeetingClosed {
				untaken = "not reviewed"
			}
			r.line("- **%s** (action %s): %s", markdown.Inline(s.a.Title), model.ActionRef(s.a.ID), untaken)
			continue
		}
		r.line("- **%s** (action %s): now %s", markdown.Inline(s.a.Title), model.ActionRef(s.a.ID), markdown.Inline(string(s.rev.Status)))
		for _, l := range markdown.Block(s.rev.Update, "  ") {
			r.line("%s", l)
		}
	}
	r.blank()
	*wrote = true
	return nil
}

func (r *renderer) vote(m model.Meeting) error {
	v := m.Vote
	r.line("## Priorities")
	r.blank()
	if m.CancelledVotes > 0 {
		r.line("Votes opened and cancelled at this meeting: %d.", m.CancelledVotes)
		r.blank()
	}
	if v == nil {
		r.line("No priorities vote was held.")
		return nil
	}
	titles := map[model.ID]string{}
	visible := func(id model.ID) (bool, error) {
		if _, ok := titles[id]; ok {
			return true, nil
		}
		p, ok, err := r.problem(id)
		if ok {
			titles[id] = markdown.Inline(p.Title)
		}
		return ok, err
	}
	counts := v.Counts
	if len(counts) == 0 { // no ballot yet
		for _, c := range v.Candidates {
			counts = append(counts, model.Tally{ProblemID: c})
		}
	}
	ballots := model.Counted(len(v.Ballots), "ballot", "ballots")
	if v.Open {
		r.line("The vote is open: %s so far.", ballots)
	} else {
		r.line("The vote closed with %s.", ballots)
	}
	if v.Quorum > 0 {
		r.line("Quorum: %s.", model.Counted(v.Quorum, "ballot", "ballots"))
	}
	r.blank()
	r.line("%s", markdown.Inline(model.TieBreakRule))
	r.blank()
	r.line("| Problem | Points | First choices | Ballots naming it |")
	r.line("|---|---:|---:|---:|")
	for _, t := range counts {
		if t.ProblemID == 0 {
			r.line("| %s | | | |", withheld)
			continue
		}
		ok, err := visible(t.ProblemID)
		if err != nil {
			return err
		}
		if ok {
			r.line("| %s %s | %d | %d | %d |", model.ProblemRef(t.ProblemID), titles[t.ProblemID], t.Points, t.First, t.Votes)
		}
	}
	if v.Open {
		return nil
	}
	if ties := model.TieBreaks(counts); len(ties) > 0 {
		r.blank()
		r.line("Ties broken by the rule:")
		r.blank()
		for _, tie := range ties {
			r.line("- %s", markdown.Inline(tie))
		}
	}
	r.blank()
	r.line("Priorities set:")
	r.blank()
	for n, id := range v.Result {
		if id == 0 {
			r.line("%d. %s", n+1, withheld)
			continue
		}
		ok, err := visible(id)
		if err != nil {
			return err
		}
		if ok {
			r.line("%d. %s %s", n+1, model.ProblemRef(id), titles[id])
		} else {
			r.line("%d. %s", n+1, withheld)
		}
	}
	if len(v.Result) == 0 {
		r.line("None.")
	}
	return nil
}

// listItem writes multi-line text as one list item.
func (r *renderer) listItem(text string) {
	lines := markdown.Block(text, "  ")
	if len(lines) == 0 {
		return
	}
	r.line("- %s", strings.TrimPrefix(lines[0], "  "))
	for _, l := range lines[1:] {
		r.line("%s", l)
	}
}
