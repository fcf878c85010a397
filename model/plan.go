package model

import (
	"slices"
	"strings"
	"time"
)

// A problem's plan is its SARA record: the problem statement and how it
// came in (scanning), the problem analysis triangle and the analysis notes
// (analysis), the responses chosen against the triangle's sides and the
// actions that carry them out (response), and what changed (assessment),
// with the stage history. Every written part keeps its own visibility,
// which may be narrower than the problem's and never wider: a
// police-only analysis note on a panel problem. A part is shown only to
// those who may see both it and the problem (CanSeePlanPart), so narrowing
// the problem hides what is wider while it lasts.

// PlanField names one text of the plan.
type PlanField string

const (
	FieldStatement PlanField = "statement"
	// The triangle's sides, each with its controller.
	FieldVictim       PlanField = "victim"
	FieldGuardian     PlanField = "guardian"
	FieldOffender     PlanField = "offender"
	FieldHandler      PlanField = "handler"
	FieldLocation     PlanField = "location"
	FieldPlaceManager PlanField = "place-manager"
	FieldAssessment   PlanField = "assessment"
)

// PlanFields lists the plan's texts in the order a plan reads.
var PlanFields = []PlanField{FieldStatement, FieldVictim, FieldGuardian, FieldOffender, FieldHandler,
	FieldLocation, FieldPlaceManager, FieldAssessment}

// Title is the field as a heading says it.
func (f PlanField) Title() string {
	switch f {
	case FieldStatement:
		return "Problem statement"
	case FieldPlaceManager:
		return "Place manager"
	case FieldAssessment:
		return "Assessment"
	}
	return strings.ToUpper(string(f[:1])) + string(f[1:])
}

// ParsePlanField reads a field name as typed.
func ParsePlanField(s string) (PlanField, error) {
	f := PlanField(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(PlanFields, f) {
		return f, nil
	}
	return "", invalid("part", "unknown part of the plan %q", CleanLine(s, 30))
}

// Side is a side of the problem analysis triangle.
type Side string

const (
	SideVictim   Side = "victim"
	SideOffender Side = "offender"
	SideLocation Side = "location"
)

// Sides lists the triangle's sides.
var Sides = []Side{SideVictim, SideOffender, SideLocation}

// Controller is who can act on a side: the guardian of a victim, the
// handler of an offender, the manager of a place.
func (s Side) Controller() PlanField {
	switch s {
	case SideVictim:
		return FieldGuardian
	case SideOffender:
		return FieldHandler
	}
	return FieldPlaceManager
}

// ParseSide reads a side as typed.
func ParseSide(s string) (Side, error) {
	sd := Side(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Sides, sd) {
		return sd, nil
	}
	return "", invalid("side", "use victim, offender or location")
}

// ProblemSource is how a problem came in.
type ProblemSource string

// ProblemSources are the ways in, as the scanning stage records them.
var ProblemSources = []ProblemSource{"panel", "rich-picture", "crime-picture", "partner", "resident"}

// ParseProblemSource reads a source as typed ("" is none yet).
func ParseProblemSource(s string) (ProblemSource, error) {
	src := ProblemSource(strings.ToLower(strings.TrimSpace(s)))
	if src == "" || slices.Contains(ProblemSources, src) {
		return src, nil
	}
	return "", invalid("source", "use panel, rich-picture, crime-picture, partner or resident")
}

// Decision is what the assessment decided.
type Decision string

const (
	DecisionClosed   Decision = "closed"
	DecisionAnalysis Decision = "back to analysis"
	DecisionContinue Decision = "continue"
)

// PlanText is one written part of the plan.
type PlanText struct {
	Text       string     `json:"text"`
	Visibility Visibility `json:"visibility"`
	By         string     `json:"by,omitempty"`
	At         time.Time  `json:"at"`
}

// PlanNote is an analysis note.
type PlanNote struct {
	ID         int        `json:"id"`
	Text       string     `json:"text"`
	Visibility Visibility `json:"visibility"`
	By         string     `json:"by,omitempty"`
	At         time.Time  `json:"at"`
}

// Response is a response chosen against one side of the triangle, carried
// out by actions on the problem. Began is when it started: the assessment
// sets the months before the first response against those since.
type Response struct {
	ID         int        `json:"id"`
	Side       Side       `json:"side"`
	Text       string     `json:"text"`
	Actions    []ID       `json:"actions,omitempty"`
	Began      time.Time  `json:"began"`
	Visibility Visibility `json:"visibility"`
	By         string     `json:"by,omitempty"`
	At         time.Time  `json:"at"`
}

// StageMove is one entry of the stage history. The first entry has no From:
// the stage the problem was raised at (or had when plans began).
type StageMove struct {
	From   Stage     `json:"from,omitempty"`
	To     Stage     `json:"to"`
	By     string    `json:"by,omitempty"`
	At     time.Time `json:"at"`
	Reason string    `json:"reason,omitempty"`
}

// CrimeFocus is the place and crime type the assessment's figures count:
// a hotspot (police.uk snap point, by its published name) or an LSOA.
type CrimeFocus struct {
	Type  string `json:"type,omitempty"`
	LSOA  string `json:"lsoa,omitempty"`
	Place string `json:"place,omitempty"`
}

// Set reports whether the focus names a type and a place.
func (f CrimeFocus) Set() bool { return f.Type != "" && (f.LSOA != "" || f.Place != "") }

// Where is the focus's place for people.
func (f CrimeFocus) Where() string {
	if f.Place != "" {
		return PlaceOf(f.Place)
	}
	return "LSOA " + f.LSOA
}

// Plan is a problem's SARA plan.
type Plan struct {
	ProblemID ID                     `json:"problem_id"`
	Ward      string                 `json:"ward"`
	Source    ProblemSource          `json:"source,omitempty"`
	Texts     map[PlanField]PlanText `json:"texts,omitempty"`
	Notes     []PlanNote             `json:"notes,omitempty"`
	Responses []Response             `json:"responses,omitempty"`
	Decision  Decision               `json:"decision,omitempty"`
	Focus     CrimeFocus             `json:"focus,omitzero"`
	History   []StageMove            `json:"history"`
	// Withheld counts the parts left out because the reader may not see
	// them. Not in exports: a count would tell a reader that restricted
	// parts exist.
	Withheld  int       `json:"-"`
	UpdatedBy string    `json:"updated_by,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	// Version counts the plan's saves; an edit names the version it started from.
	Version uint64 `json:"version"`
}

// Text is the plan's text for f ("" when none, or withheld).
func (p Plan) Text(f PlanField) string { return p.Texts[f].Text }

// FirstResponse is when the earliest response began (zero: none yet).
func (p Plan) FirstResponse() time.Time {
	var first time.Time
	for _, r := range p.Responses {
		if !r.Began.IsZero() && (first.IsZero() || r.Began.Before(first)) {
			first = r.Began
		}
	}
	return first
}

// NewPlan is the empty plan of a problem raised (or first recorded) at
// stage by by at at.
// A problem recorded as closed was closed by a decision made elsewhere.
func NewPlan(p Problem, by string, at time.Time, reason string) Plan {
	plan := Plan{ProblemID: p.ID, Ward: p.Ward, History: []StageMove{{To: p.Stage, By: by, At: at, Reason: reason}}, Version: 1}
	if p.Stage == StageClosed {
		plan.Decision = DecisionClosed
	}
	return plan
}

// CanSeePlanPart is the read rule for every part of a plan: the viewer must
// see the problem and the part.
func CanSeePlanPart(u User, p Problem, v Visibility) bool {
	return CanSeeProblem(u, p) && CanSee(u, p.Ward, v)
}

// visibleParts is the parts of a plan's list u may see, in order (nil if
// none); each one left out adds to withheld.
func visibleParts[T any](u User, p Problem, parts []T, vis func(T) Visibility, withheld *int) []T {
	var out []T
	for _, x := range parts {
		if CanSeePlanPart(u, p, vis(x)) {
			out = append(out, x)
		} else {
			*withheld++
		}
	}
	return out
}

// VisiblePlan is plan as u may read it: the parts u may not see are left
// out and counted in Withheld. The problem itself must be visible to u.
func VisiblePlan(u User, p Problem, plan Plan) (Plan, error) {
	if !CanSeeProblem(u, p) {
		return Plan{}, ErrNotFound
	}
	out := plan
	out.Withheld = 0
	out.Texts = map[PlanField]PlanText{}
	for f, t := range plan.Texts {
		if CanSeePlanPart(u, p, t.Visibility) {
			out.Texts[f] = t
		} else {
			out.Withheld++
		}
	}
	out.Notes = visibleParts(u, p, plan.Notes, func(n PlanNote) Visibility { return n.Visibility }, &out.Withheld)
	out.Responses = visibleParts(u, p, plan.Responses, func(r Response) Visibility { return r.Visibility }, &out.Withheld)
	out.History = slices.Clone(plan.History)
	return out, nil
}

// Safe returns the plan with every text cleaned again, for output.
func (p Plan) Safe() Plan {
	texts := make(map[PlanField]PlanText, len(p.Texts))
	for f, t := range p.Texts {
		t.Text, t.By = CleanText(t.Text, MaxTextLen), CleanLine(t.By, MaxNameLen)
		texts[f] = t
	}
	p.Texts = texts
	p.Notes = slices.Clone(p.Notes)
	for i := range p.Notes {
		p.Notes[i].Text, p.Notes[i].By = CleanText(p.Notes[i].Text, MaxTextLen), CleanLine(p.Notes[i].By, MaxNameLen)
	}
	p.Responses = slices.Clone(p.Responses)
	for i := range p.Responses {
		p.Responses[i].Text, p.Responses[i].By = CleanText(p.Responses[i].Text, MaxTextLen), CleanLine(p.Responses[i].By, MaxNameLen)
	}
	p.History = slices.Clone(p.History)
	for i := range p.History {
		p.History[i].Reason, p.History[i].By = CleanLine(p.History[i].Reason, MaxLineLen), CleanLine(p.History[i].By, MaxNameLen)
	}
	p.Focus.Type, p.Focus.Place = CleanLine(p.Focus.Type, MaxLineLen), CleanLine(p.Focus.Place, MaxLineLen)
	p.Focus.LSOA = CleanLine(p.Focus.LSOA, 20)
	return p
}

// CheckEditPlan decides whether u may write a part of problem p's plan with
// visibility v, over a part that had visibility old (nil: a new part).
// Whoever may edit the problem may write its plan; a part is no wider than
// the problem, and a part u cannot see is not u's to overwrite.
func CheckEditPlan(u User, p Problem, old *Visibility, v Visibility) error {
	if err := CheckEditProblem(u, p, p); err != nil {
		return err
	}
	if old != nil && !CanSee(u, p.Ward, *old) {
		return forbidden("this part of the plan is restricted to %s; someone who can see it must change it", old.Label())
	}
	if !v.Within(p.Visibility) {
		return invalid("visibility", "a part of the plan of a problem restricted to %s can be no wider than that", p.Visibility)
	}
	return checkSetVisibility(u, v)
}

// ValidatePlanText cleans a part's text and says whether it is acceptable.
// An empty text clears the part.
func ValidatePlanText(text string) (string, error) {
	text = CleanText(text, MaxTextLen+1)
	if len([]rune(text)) > MaxTextLen {
		return "", invalid("text", "at most %d characters", MaxTextLen)
	}
	return text, nil
}
