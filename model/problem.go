package model

import (
	"slices"
	"strings"
	"time"
)

// Stage is where a problem is in the SARA model.
type Stage string

const (
	StageScanning   Stage = "scanning"
	StageAnalysis   Stage = "analysis"
	StageResponse   Stage = "response"
	StageAssessment Stage = "assessment"
	StageClosed     Stage = "closed"
)

// Stages lists the SARA stages in order, then closed.
var Stages = []Stage{StageScanning, StageAnalysis, StageResponse, StageAssessment, StageClosed}

// Title is the stage as shown to people.
func (s Stage) Title() string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// Category is the kind of problem, as panels usually group them.
type Category string

// Categories are the kinds of problem a panel works on.
var Categories = []Category{
	"asb", "drugs", "burglary", "robbery", "vehicle-crime", "violence",
	"environmental", "traffic", "youth", "exploitation", "other",
}

// Priority orders the board: 1 is the most urgent.
type Priority int

const (
	PriorityHigh   Priority = 1
	PriorityMedium Priority = 2
	PriorityLow    Priority = 3
)

// Priorities lists them most urgent first.
var Priorities = []Priority{PriorityHigh, PriorityMedium, PriorityLow}

func (p Priority) String() string {
	switch p {
	case PriorityHigh:
		return "high"
	case PriorityMedium:
		return "medium"
	case PriorityLow:
		return "low"
	}
	return "unset"
}

// ParseStage, ParseCategory and ParsePriority read what a user typed.
func ParseStage(s string) (Stage, error) {
	st := Stage(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Stages, st) {
		return st, nil
	}
	return "", invalid("stage", "unknown SARA stage %q", CleanLine(s, 30))
}

func ParseCategory(s string) (Category, error) {
	c := Category(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Categories, c) {
		return c, nil
	}
	return "", invalid("category", "unknown category %q", CleanLine(s, 30))
}

func ParsePriority(s string) (Priority, error) {
	for _, p := range Priorities {
		if strings.EqualFold(strings.TrimSpace(s), p.String()) {
			return p, nil
		}
	}
	return 0, invalid("priority", "use high, medium or low")
}

// Problem is a recurring issue in a place, worked through SARA.
type Problem struct {
	ID          ID         `json:"id"`
	Ward        string     `json:"ward"`
	Title       string     `json:"title"`
	Description string     `json:"description,omitempty"`
	Location    string     `json:"location,omitempty"`
	Category    Category   `json:"category"`
	Stage       Stage      `json:"stage"`
	Priority    Priority   `json:"priority"`
	LeadAgency  string     `json:"lead_agency,omitempty"`
	Visibility  Visibility `json:"visibility"`
	CreatedBy   string     `json:"created_by"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedBy   string     `json:"updated_by"`
	UpdatedAt   time.Time  `json:"updated_at"`
	// ReviewBy is the next review date (midnight UTC; zero for a closed
	// problem): set from the stage on each move, or by the lead agency.
	ReviewBy time.Time `json:"review_by,omitzero"`
	// Version counts the saves; an edit must name the version it started from.
	Version uint64 `json:"version"`
}

// Validate checks a problem as a user entered it and makes its text safe.
func (p *Problem) Validate() error {
	err := checkWardTitle(&p.Ward, &p.Title, "say a little more (at least 3 characters)",
		"a title is required", "; put the rest in the description")
	if err != nil {
		return err
	}
	p.Description = CleanText(p.Description, MaxTextLen)
	p.Location = CleanLine(p.Location, MaxLineLen)
	if p.Category == "" {
		p.Category = "other"
	}
	if p.Category, err = ParseCategory(string(p.Category)); err != nil {
		return err
	}
	if p.Stage == "" {
		p.Stage = StageScanning
	}
	if p.Stage, err = ParseStage(string(p.Stage)); err != nil {
		return err
	}
	if p.Priority == 0 {
		p.Priority = PriorityMedium
	}
	if !slices.Contains(Priorities, p.Priority) {
		return invalid("priority", "use high, medium or low")
	}
	p.LeadAgency = strings.ToLower(strings.TrimSpace(p.LeadAgency))
	if p.LeadAgency != "" && !codePattern.MatchString(p.LeadAgency) {
		return invalid("lead agency", "%q is not an agency code", CleanLine(p.LeadAgency, 30))
	}
	return p.Visibility.Validate()
}

// Matches reports whether the problem contains the text, ignoring case, in
// its title, description, location or category.
func (p Problem) Matches(text string) bool {
	if text == "" {
		return true
	}
	text = strings.ToLower(text)
	for _, f := range []string{p.Title, p.Location, string(p.Category), p.Description} {
		if strings.Contains(strings.ToLower(f), text) {
			return true
		}
	}
	return false
}

// Safe returns p with every text field cleaned again. Output paths call it
// so records that reached the file by any route (an import, an older
// version, a hand-edited backup) still cannot drive anyone's terminal.
func (p Problem) Safe() Problem {
	p.Title = CleanLine(p.Title, MaxTitleLen)
	p.Description = CleanText(p.Description, MaxTextLen)
	p.Location = CleanLine(p.Location, MaxLineLen)
	p.CreatedBy = CleanLine(p.CreatedBy, MaxNameLen)
	p.UpdatedBy = CleanLine(p.UpdatedBy, MaxNameLen)
	return p
}
