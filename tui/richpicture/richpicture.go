// Package richpicture writes a rich-picture session as Markdown, as one
// reader may see it: `ssh host richpicture ID` prints it.
//
// Everything is read through the store's viewer-filtered calls: a session
// the reader may not see is not found, and a problem a concern became that
// they may not see is left out of their copy. Every piece of user text is
// cleaned again for the terminal and escaped where it could change the
// document's structure.
package richpicture

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/markdown"
)

// Source is what the picture reads; *store.Store satisfies it. Each call
// filters by viewer, and a record viewer may not see is model.ErrNotFound.
type Source interface {
	Picture(viewer model.User, id model.ID) (model.PictureSession, error)
	PictureElements(viewer model.User, id model.ID) ([]model.Element, error)
	Problem(viewer model.User, id model.ID) (model.Problem, error)
	Ward(code string) (model.Ward, error)
}

// Render writes session id as viewer may read it. Nothing is written
// unless the whole document could be made: an unknown session, or one
// viewer may not see, is model.ErrNotFound and leaves w untouched.
func Render(w io.Writer, src Source, viewer model.User, id model.ID) error {
	s, err := src.Picture(viewer, id)
	if err != nil {
		return err
	}
	if !model.CanSeePicture(viewer, s) {
		return model.ErrNotFound
	}
	lines, err := src.PictureElements(viewer, id)
	if err != nil {
		return err
	}
	r := &renderer{src: src, viewer: viewer}
	for i := range lines {
		lines[i] = lines[i].Safe()
	}
	if err := r.session(s.Safe(), lines); err != nil {
		return err
	}
	_, err = w.Write(append(bytes.TrimRight(r.buf.Bytes(), "\n"), '\n'))
	return err
}

type renderer struct {
	src    Source
	viewer model.User
	buf    bytes.Buffer
}

func (r *renderer) line(format string, args ...any) {
	fmt.Fprintf(&r.buf, format, args...)
	r.buf.WriteByte('\n')
}

func (r *renderer) blank() { r.buf.WriteByte('\n') }

func (r *renderer) session(s model.PictureSession, lines []model.Element) error {
	r.line("# %s", markdown.Heading(s.Title))
	r.blank()
	ward, err := markdown.Ward(r.src.Ward, s.Ward)
	if err != nil {
		return err
	}
	r.line("A rich-picture session of %s.", ward)
	r.blank()
	r.line("- Date: %s", s.Date.Format("Monday 2 January 2006"))
	if s.Place != "" {
		r.line("- Place: %s", markdown.Inline(s.Place))
	}
	if len(s.Facilitators) > 0 {
		r.line("- Facilitators: %s", markdown.Inline(strings.Join(s.Facilitators, ", ")))
	}
	if len(s.Groups) > 0 {
		r.line("- Who came: %s (%d in all)", markdown.Inline(model.FormatGroups(s.Groups)), s.Participants())
	}
	r.line("- Visible to: %s", visibility(s.Visibility))
	r.line("- Lines captured: %d", len(lines))
	r.blank()

	by := map[model.ElementKind][]model.Element{}
	for _, e := range lines {
		by[e.Kind] = append(by[e.Kind], e)
	}
	sections := []struct {
		kind  model.ElementKind
		title string
	}{
		{model.ElementConcern, "Concerns"}, {model.ElementStrength, "Strengths and assets"},
		{model.ElementQuote, "Quotes"}, {model.ElementIdea, "Ideas"},
		{model.ElementActor, "Actors"}, {model.ElementPlace, "Places"},
	}
	for _, sec := range sections {
		if err := r.list(sec.title, by[sec.kind]); err != nil {
			return err
		}
	}
	r.relationships(lines, by[model.ElementRelationship])
	r.themes(lines)
	return r.list("Notes", by[model.ElementNote])
}

func visibility(v model.Visibility) string {
	switch v.Kind {
	case model.VisAgencies:
		return "only " + markdown.Inline(strings.Join(v.Agencies, ", "))
	case model.VisOfficers:
		return "the panel's officers only"
	}
	return "the whole panel"
}

// text is a line's words with the themes typed after them.
func text(e model.Element) string {
	s := e.Text
	if e.Kind == model.ElementQuote {
		s = "“" + strings.Trim(s, `"“” `) + "”"
	}
	for _, t := range e.ExtraThemes() {
		s += " #" + t
	}
	return s
}

// list writes one kind's lines, each with who captured it and what it
// became: the problems viewer may see, a community asset.
func (r *renderer) list(title string, es []model.Element) error {
	if len(es) == 0 {
		return nil
	}
	r.line("## %s", title)
	r.blank()
	for _, e := range es {
		var after []string
		for _, id := range e.Problems {
			p, err := r.src.Problem(r.viewer, id)
			switch {
			case errors.Is(err, model.ErrNotFound):
				continue
			case err != nil:
				return err
			}
			after = append(after, fmt.Sprintf("on the board as problem %s, %s", model.ProblemRef(p.ID), markdown.Inline(model.CleanLine(p.Title, model.MaxTitleLen))))
		}
		if e.AssetID != 0 {
			after = append(after, fmt.Sprintf("community asset %d", e.AssetID))
		}
		tail := " — " + markdown.Inline(e.By)
		if len(after) > 0 {
			tail += "; " + strings.Join(after, "; ")
		}
		r.line("- %s%s", markdown.Item(text(e)), tail)
	}
	r.blank()
	return nil
}

// relationships lists who stands how to whom; a conflict says so in words.
func (r *renderer) relationships(all, rels []model.Element) {
	parties := model.PartiesOf(all)
	var named []string
	for _, p := range parties {
		if p.Kind == "" {
			named = append(named, p.Name)
		}
	}
	if len(rels) == 0 {
		return
	}
	r.line("## Relationships")
	r.blank()
	for _, e := range rels {
		var how string
		switch e.Relation {
		case model.RelConflict:
			how = "**in conflict with**"
		case model.RelSupport:
			how = "supports"
		default:
			how = "influences"
		}
		line := fmt.Sprintf("- %s %s %s", markdown.Item(e.From), how, markdown.Inline(e.To))
		if e.Text != "" {
			line += ": " + markdown.Inline(e.Text)
		}
		for _, t := range e.ExtraThemes() {
			line += " #" + markdown.Inline(t)
		}
		r.line("%s", line)
	}
	if len(named) > 0 {
		r.blank()
		r.line("Also named in relationships: %s.", markdown.Inline(strings.Join(named, ", ")))
	}
	r.blank()
}

func (r *renderer) themes(all []model.Element) {
	counts := model.CountThemes(all)
	if len(counts) == 0 {
		return
	}
	r.line("## Themes")
	r.blank()
	r.line("| theme | lines |")
	r.line("|---|---:|")
	for _, tc := range counts {
		r.line("| #%s | %d |", markdown.Inline(tc.Theme), tc.Count)
	}
	r.blank()
}
