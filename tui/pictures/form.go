package pictures

import (
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/form"
	"wardpanel/tui/ui"
)

// FormID is the session form's line in the table.
const FormID = "picture form"

// Form holds a new rich-picture session, or edits one's details: title,
// date, place, facilitators, participant groups and who may see it. It
// keeps what was typed through errors, and through someone else's save.
type Form struct {
	*form.Sheet
	s      ui.Session
	st     Store
	links  Links
	base   *model.PictureSession // nil: a new session
	title  *form.Field
	date   *form.Field
	place  *form.Field
	facil  *form.Field
	groups *form.Field
	vis    *form.Field
}

var _ ui.Screen = (*Form)(nil)

// NewForm makes the session form, afresh each time it opens: base nil for
// a new session in the session's ward.
func NewForm(s ui.Session, st Store, base *model.PictureSession, links Links) *Form {
	f := &Form{Sheet: form.NewSheet(s), s: s, st: st, links: links}
	f.Heading = f.headingLines
	f.title = f.AddLine("Title", "e.g. Riverside Parade walk-and-talk", 0, "title")
	f.date = f.AddLine("Date", "today, yesterday, -3, or 2026-03-12", 20, "date")
	f.date.InputW = 11
	f.date.Hint = func(text string, room int) string {
		if text == "" {
			return ""
		}
		d, err := parseSessionDate(text, s.Today())
		return form.DateHint(d, err, "today or 2026-03-12", room)
	}
	f.place = f.AddLine("Place", "e.g. Riverside Community Centre", model.MaxNameLen, "place")
	f.facil = f.AddLine("Facilitators", "names, separated by commas", 0, "facilitators")
	f.groups = f.AddLine("Who came", "residents 12, young people 6, shopkeepers 3", 0, "groups")
	u := s.User()
	vis := form.VisibilityChoice(u, nil, nil, func(v model.Visibility) bool {
		return model.CheckCreatePicture(u, model.PictureSession{Ward: s.Ward().Code, Visibility: v}) == nil
	})
	f.vis = f.AddChoice("Visible to", vis, "visibility")
	if base != nil {
		b := base.Safe()
		f.base = &b
		f.title.SetValue(b.Title)
		f.date.SetValue(b.Date.Format(time.DateOnly))
		f.place.SetValue(b.Place)
		f.facil.SetValue(strings.Join(b.Facilitators, ", "))
		f.groups.SetValue(model.FormatGroups(b.Groups))
		f.vis.Choice.Set(b.Visibility.String(), form.VisibilityName(b.Visibility))
	} else {
		f.date.SetValue("today")
		f.facil.SetValue(ui.SafeName(u.Name))
	}
	f.Restyle()
	f.Layout()
	return f
}

// parseSessionDate reads a workshop's day: today, yesterday, -3 (days
// ago), a date, or +7 for one planned ahead.
func parseSessionDate(s string, today time.Time) (time.Time, error) {
	if strings.HasPrefix(strings.TrimSpace(s), "+") {
		return model.ParseDate(s, today)
	}
	d, err := form.ParseOccurred(s, today)
	if err == nil {
		return d, nil
	}
	if d, err2 := model.ParseDate(s, today); err2 == nil {
		return d, nil // a date ahead: a session being planned
	}
	return time.Time{}, err
}

func (f *Form) headingLines() []string {
	head := "Hold a rich-picture session"
	if f.base != nil {
		head = "Session details"
	}
	if f.Saving {
		head = "Saving… " + head
	}
	return []string{f.s.Styles().Title.Render(ui.Trunc(head, f.Width()))}
}

func (f *Form) Init() tea.Cmd   { return f.FocusFirst() }
func (f *Form) Capturing() bool { return true }
func (f *Form) Title() string   { return "Rich picture session" }

// formSavedMsg answers the form's save.
type formSavedMsg struct {
	seq int
	s   model.PictureSession
	err error
}

// formBaseMsg brings the stored session after a conflict.
type formBaseMsg struct {
	seq int
	s   model.PictureSession
}

func (f *Form) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case formBaseMsg:
		f.rebase(msg)
		return nil
	case formSavedMsg:
		return f.saved(msg)
	}
	return f.Handle(msg, form.Flow{Save: f.save})
}

func (f *Form) saved(msg formSavedMsg) tea.Cmd {
	if !f.SaveAnswered(msg.seq) {
		return nil
	}
	var ce *model.ConflictError
	switch {
	case errors.As(msg.err, &ce):
		// Their details go into base, so saving again writes ours over
		// theirs knowingly; our text stays in the form.
		f.Banner = fmt.Sprintf("%s saved these details at %s since you began; your text is still here: ctrl+s saves it over theirs.",
			ui.SafeName(ce.By), ce.At.Format("15:04"))
		f.Layout()
		id := f.base.ID
		st, u, seq := f.st, f.s.User(), msg.seq
		return func() tea.Msg {
			s, err := st.Picture(u, id)
			if err != nil {
				return ui.Err{Op: "reading the session", Err: err}
			}
			return formBaseMsg{seq: seq, s: s}
		}
	case msg.err != nil:
		return f.Fail(msg.err)
	}
	verb := "Holding"
	if f.base != nil {
		verb = "Saved"
	}
	return ui.Cmd(f.links.Done(fmt.Sprintf("%s %s: type a line and press enter to capture it.", verb, ui.SafeLine(msg.s.Title, model.MaxTitleLen)), msg.s.ID))
}

func (f *Form) rebase(msg formBaseMsg) {
	if f.base != nil && msg.seq == f.LastSave() {
		b := msg.s
		f.base = &b
	}
}

func (f *Form) save() tea.Cmd {
	f.ClearErrors()
	d, err := parseSessionDate(f.date.Value(), f.s.Today())
	if err != nil {
		return f.Fail(&model.ValidationError{Field: "date", Message: "use today, yesterday, -3 for three days ago, or a date like 2026-03-12"})
	}
	groups, err := model.ParseGroups(f.groups.Value())
	if err != nil {
		return f.Fail(err)
	}
	vis, err := model.ParseVisibility(f.vis.Value())
	if err != nil {
		return f.Fail(err)
	}
	s := model.PictureSession{Ward: f.s.Ward().Code, Title: f.title.Value(), Date: d, Place: f.place.Value(),
		Facilitators: model.ParseNames(f.facil.Value()), Groups: groups, Visibility: vis}
	by, write := f.s.Actor(), f.st.CreatePicture
	if f.base != nil {
		s.ID, s.Ward, s.Version = f.base.ID, f.base.Ward, f.base.Version
		write = f.st.UpdatePicture
	}
	return f.StartSave(func(seq int) tea.Cmd {
		return func() tea.Msg {
			saved, err := write(by, s)
			return formSavedMsg{seq: seq, s: saved, err: err}
		}
	})
}
