// Package profile writes a problem's profile for a scrutiny panel or a
// handover: its details, its SARA plan, the assessment's figures, its
// actions and its stage history, as one reader may see them. The same
// profile is read over SSH (`problem show P13 --md`) and on the server
// (`wardpanel problem show`).
package profile

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"wardpanel/model"
	"wardpanel/tui/cli"
	"wardpanel/tui/markdown"
)

// Source is what a profile is read from: the store, as viewer.
type Source interface {
	Problem(viewer model.User, id model.ID) (model.Problem, error)
	Plan(viewer model.User, id model.ID) (model.Plan, error)
	ProblemActions(viewer model.User, problemID model.ID) ([]model.Action, error)
	BeforeAfter(viewer model.User, id model.ID) (model.BeforeAfter, bool, error)
	Priorities(viewer model.User, ward string) (model.WardPriorities, error)
}

// Profile is everything a profile shows, already filtered for its reader
// and cleaned for output.
type Profile struct {
	Problem      model.Problem      `json:"problem"`
	Ref          string             `json:"ref"`
	WardPriority bool               `json:"ward_priority"`
	PastReview   bool               `json:"past_review"`
	Plan         model.Plan         `json:"plan"`
	Figures      *model.BeforeAfter `json:"figures,omitempty"`
	Actions      []model.Action     `json:"actions"`
}

// Load reads problem id's profile as viewer; ErrNotFound if it is missing
// or hidden. Every part comes through the store's permission checks.
func Load(src Source, viewer model.User, id model.ID, now time.Time) (Profile, error) {
	p, err := src.Problem(viewer, id)
	if err != nil {
		return Profile{}, err
	}
	plan, err := src.Plan(viewer, id)
	if err != nil {
		return Profile{}, err
	}
	actions, err := src.ProblemActions(viewer, id)
	if err != nil {
		return Profile{}, err
	}
	prio, err := src.Priorities(viewer, p.Ward)
	if err != nil {
		return Profile{}, err
	}
	out := Profile{Problem: p.Safe(), Ref: cli.ProblemRef.Name(p.ID), WardPriority: slices.Contains(prio.Problems, p.ID),
		PastReview: p.PastReview(now), Plan: plan.Safe()}
	slices.SortFunc(actions, model.CompareActions)
	out.Actions = make([]model.Action, len(actions))
	for i, a := range actions {
		out.Actions[i] = a.Safe()
	}
	ba, ok, err := src.BeforeAfter(viewer, id)
	if err != nil && !errors.Is(err, model.ErrForbidden) {
		return Profile{}, err
	}
	if ok {
		out.Figures = &ba
	}
	return out, nil
}

// Write writes the profile in format: Markdown, JSON (the problem's fields
// with ref and ward_priority, as `board --json` has them, and the plan,
// figures and actions), or text.
func Write(w io.Writer, format cli.Format, pr Profile) error {
	switch format {
	case cli.Markdown:
		return Markdown(w, pr)
	case cli.JSON:
		return cli.WriteJSON(w, struct {
			model.Problem
			Ref          string             `json:"ref"`
			WardPriority bool               `json:"ward_priority"`
			PastReview   bool               `json:"past_review"`
			Plan         model.Plan         `json:"plan"`
			Figures      *model.BeforeAfter `json:"figures,omitempty"`
			Actions      []model.Action     `json:"actions"`
		}{pr.Problem, pr.Ref, pr.WardPriority, pr.PastReview, pr.Plan, pr.Figures, pr.Actions})
	}
	return Text(w, pr)
}

// doc is where a profile is written: Markdown or plain text.
type doc interface {
	header(pr Profile)
	heading(s string)
	field(label, value string)
	item(s string)
	para(s string)
}

// Markdown writes the profile as Markdown; every user text is inert.
func Markdown(w io.Writer, pr Profile) error {
	d := &mdDoc{}
	write(d, pr)
	_, err := io.WriteString(w, d.b.String())
	return err
}

// Text writes the profile as plain text, each user text on its line.
func Text(w io.Writer, pr Profile) error {
	d := &textDoc{}
	write(d, pr)
	_, err := io.WriteString(w, d.b.String())
	return err
}

const day = "2006-01-02"

func write(d doc, pr Profile) {
	d.header(pr)
	plan := pr.Plan

	d.heading("Scanning")
	d.field("Came in through", cli.OrDash(strings.ReplaceAll(string(plan.Source), "-", " ")))
	part(d, plan, model.FieldStatement)

	d.heading("Analysis: the problem triangle")
	for _, s := range model.Sides {
		part(d, plan, model.PlanField(s))
		part(d, plan, s.Controller())
	}
	for _, n := range plan.Notes {
		d.item(fmt.Sprintf("Note, %s, %s%s: %s", n.At.Format(day), n.By, cli.Marker(n.Visibility), n.Text))
	}

	d.heading("Response")
	if len(plan.Responses) == 0 {
		d.item("No responses chosen yet.")
	}
	for _, r := range plan.Responses {
		refs := make([]string, len(r.Actions))
		for i, a := range r.Actions {
			refs[i] = cli.ActionRef.Name(a)
		}
		by := "no actions yet"
		if len(refs) > 0 {
			by = "carried out by " + strings.Join(refs, ", ")
		}
		d.item(fmt.Sprintf("Against the %s%s: %s (began %s; %s)", r.Side, cli.Marker(r.Visibility), r.Text, r.Began.Format(day), by))
	}

	d.heading("Assessment")
	part(d, plan, model.FieldAssessment)
	if plan.Decision != "" {
		d.field("Decision", string(plan.Decision))
	}
	if f := pr.Figures; f != nil {
		d.para(f.Summary())
		d.item("Before: " + months(f.Before))
		d.item("Since: " + months(f.Since))
	} else if plan.Focus.Set() {
		d.item(fmt.Sprintf("Figures for %s at %s: none yet (no response has begun, or no crimes imported on one side of it).", plan.Focus.Type, plan.Focus.Where()))
	}

	d.heading("Actions")
	if len(pr.Actions) == 0 {
		d.item("None.")
	}
	for _, a := range pr.Actions {
		d.item(fmt.Sprintf("%s %s%s (%s, %s, due %s)", cli.ActionRef.Name(a.ID), a.Title, cli.Marker(a.Visibility), a.Status, a.OwnerAgency, a.Due.Format(day)))
	}

	d.heading("Stage history")
	for _, m := range plan.History {
		move := "raised at " + string(m.To)
		if m.From != "" {
			move = fmt.Sprintf("%s → %s", m.From, m.To)
		}
		who := ""
		if m.By != "" {
			who = ", " + m.By
		}
		why := ""
		if m.Reason != "" {
			why = ": " + m.Reason
		}
		d.item(fmt.Sprintf("%s %s%s%s", m.At.Format("2006-01-02 15:04"), move, who, why))
	}
}

// part writes one text of the plan, marked when narrower than the problem.
func part(d doc, plan model.Plan, f model.PlanField) {
	t, ok := plan.Texts[f]
	if !ok {
		d.field(f.Title(), "-")
		return
	}
	d.field(f.Title()+cli.Marker(t.Visibility), t.Text)
}

func months(ms []model.MonthCount) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = fmt.Sprintf("%s: %d", m.Month.Start().Format("Jan 06"), m.Count)
	}
	return strings.Join(parts, ", ")
}

// title is the profile's first line: reference, title, marker, star.
func title(pr Profile) string {
	star := ""
	if pr.WardPriority {
		star = " ★ ward priority"
	}
	return fmt.Sprintf("%s %s%s%s", pr.Ref, pr.Problem.Title, cli.Marker(pr.Problem.Visibility), star)
}

// review is the next review date in words.
func review(pr Profile) string {
	if pr.Problem.ReviewBy.IsZero() {
		return "none (closed)"
	}
	s := pr.Problem.ReviewBy.Format(day)
	if pr.PastReview {
		s += " — past review"
	}
	return s
}

type mdDoc struct{ b strings.Builder }

func (d *mdDoc) header(pr Profile) {
	p := pr.Problem
	fmt.Fprintf(&d.b, "# %s\n\n", markdown.Heading(title(pr)))
	d.field("Stage", p.Stage.Title())
	d.field("Priority", p.Priority.String())
	d.field("Category", string(p.Category))
	d.field("Lead agency", cli.OrDash(p.LeadAgency))
	d.field("Visible to", p.Visibility.Label())
	if p.Location != "" {
		d.field("Location", p.Location)
	}
	d.field("Next review", review(pr))
	d.field("Raised", fmt.Sprintf("by %s on %s", p.CreatedBy, p.CreatedAt.Format(day)))
	if p.Description != "" {
		d.para(p.Description)
	}
}

func (d *mdDoc) heading(s string) { fmt.Fprintf(&d.b, "\n## %s\n\n", markdown.Heading(s)) }
func (d *mdDoc) field(label, value string) {
	d.afterPara()
	fmt.Fprintf(&d.b, "- **%s:** %s\n", markdown.Inline(label), markdown.Inline(value))
}
func (d *mdDoc) item(s string) {
	d.afterPara()
	fmt.Fprintf(&d.b, "- %s\n", markdown.Inline(s))
}

// afterPara separates a list from a paragraph just written.
func (d *mdDoc) afterPara() {
	s := d.b.String()
	if i := strings.LastIndexByte(strings.TrimSuffix(s, "\n"), '\n'); i >= 0 && s[i+1] != '-' && s[i+1] != '#' && s[i+1] != '\n' {
		d.b.WriteString("\n")
	}
}
func (d *mdDoc) para(s string) {
	d.b.WriteString("\n")
	for _, l := range markdown.Block(s, "") {
		d.b.WriteString(l + "\n")
	}
}

type textDoc struct{ b strings.Builder }

// header is the lines `problem show` has always printed first.
func (d *textDoc) header(pr Profile) {
	p := pr.Problem
	w := &d.b
	fmt.Fprintf(w, "%s\n", model.CleanLine(title(pr), model.MaxTextLen))
	fmt.Fprintf(w, "stage %s; priority %s; category %s; lead %s; visible to %s; version %d\n", p.Stage, p.Priority,
		p.Category, cli.OrDash(p.LeadAgency), cli.Visibility(p.Visibility), p.Version)
	if p.Location != "" {
		fmt.Fprintf(w, "at %s\n", p.Location)
	}
	fmt.Fprintf(w, "raised by %s on %s; last saved by %s on %s\n", p.CreatedBy, p.CreatedAt.Format(day),
		p.UpdatedBy, p.UpdatedAt.Format("2006-01-02 15:04"))
	fmt.Fprintf(w, "next review %s\n", review(pr))
	if p.Description != "" {
		fmt.Fprintf(w, "\n")
		d.para(p.Description)
	}
}

func (d *textDoc) heading(s string) {
	fmt.Fprintf(&d.b, "\n%s\n", strings.ToUpper(model.CleanLine(s, model.MaxLineLen)))
}
func (d *textDoc) field(label, value string) {
	fmt.Fprintf(&d.b, "%s: %s\n", model.CleanLine(label, model.MaxLineLen), model.CleanLine(value, model.MaxTextLen))
}
func (d *textDoc) item(s string) { fmt.Fprintf(&d.b, "  - %s\n", model.CleanLine(s, model.MaxTextLen)) }
func (d *textDoc) para(s string) {
	for _, l := range strings.Split(model.CleanText(s, model.MaxTextLen), "\n") {
		fmt.Fprintf(&d.b, "  %s\n", l)
	}
}
