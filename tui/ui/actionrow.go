package ui

import (
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"wardpanel/model"
)

// An action drawn on one line, as the actions list (tui/board) and a
// problem's detail list them.

// Column widths of an action row, in cells. Narrow screens drop the
// assignee, then the problem, then the owner, then fold the due date and
// its marker into one "when" cell, rather than wrap.
const (
	colAStatus      = 11 // "in-progress"
	colADue         = 10 // "2026-03-16"
	colAFlag        = 8  // "overdue", "due soon"
	colAWhen        = 8  // the folded cell: a marker, or a short date
	colAOwner       = 9
	colAProblem     = 5 // "P1234"
	colAAssignee    = 14
	colAAssigneeMax = 22
	// ColATitleMin is the narrowest an action's title gets before a
	// column is dropped.
	ColATitleMin = 16
	// colATitleWithAssignee is the title width a screen must afford
	// before it shows the assignee: the title says what is to be done.
	colATitleWithAssignee = 20
	// TitleRoomy is the title width past which a list's widest optional
	// column (the board's location, the actions' assignee) starts to grow.
	TitleRoomy = 40
)

// ActionCols is how an action row is laid out at one width.
type ActionCols struct {
	Title, Assignee                    int
	Date, Owner, Problem, ShowAssignee bool // Date false: the folded "when" cell
}

// LayoutActionColumns fits an action row to width. withProblem asks for
// the linked-problem column (not wanted inside a problem's own detail).
func LayoutActionColumns(width int, withProblem bool) ActionCols {
	try := []ActionCols{
		{Date: true, Owner: true, Problem: withProblem, ShowAssignee: true},
		{Date: true, Owner: true, Problem: withProblem},
		{Date: true, Owner: true},
		{Date: true},
	}
	for _, c := range try {
		used := ColMarker + colAStatus + 1 + colADue + 1 + colAFlag + 1
		if c.Owner {
			used += colAOwner + 1
		}
		if c.Problem {
			used += colAProblem + 1
		}
		if c.ShowAssignee {
			used += colAAssignee + 1
		}
		c.Title = width - used
		minTitle := ColATitleMin
		if c.ShowAssignee {
			minTitle = colATitleWithAssignee
		}
		if c.Title < minTitle {
			continue
		}
		if c.ShowAssignee {
			c.Title, c.Assignee = Grow(c.Title, colAAssignee, colAAssigneeMax)
		}
		return c
	}
	return ActionCols{Title: max(1, width-ColMarker-colAStatus-1-colAWhen-1)}
}

// ActionColumnHeader is the column names over rows laid out as c.
func ActionColumnHeader(c ActionCols) string {
	cells := []string{strings.Repeat(" ", ColMarker-1), Fit("STATUS", colAStatus)}
	if c.Date {
		cells = append(cells, Fit("DUE", colADue), Fit("", colAFlag))
	} else {
		cells = append(cells, Fit("WHEN", colAWhen))
	}
	if c.Owner {
		cells = append(cells, Fit("OWNER", colAOwner))
	}
	if c.Problem {
		cells = append(cells, Fit("PROB", colAProblem))
	}
	if c.ShowAssignee {
		cells = append(cells, Fit("ASSIGNEE", c.Assignee))
	}
	return strings.Join(append(cells, Fit("TITLE", c.Title)), " ")
}

// ShortDate fits a date in the folded "when" cell.
func ShortDate(t, today time.Time) string {
	switch {
	case t.IsZero():
		return "—"
	case t.Year() == today.Year():
		return t.Format("2 Jan")
	}
	return t.Format("Jan 2006")
}

// DrawActionRow draws one action on one line. As on the board, a selected
// row is drawn plain and styled whole; an overdue or due-soon row carries
// its marker as a word, so NO_COLOR loses only the colour.
func DrawActionRow(st *Styles, c ActionCols, a model.Action, clock DueClock, selected bool, width int) string {
	state := clock.Of(&a)
	now := clock.Today
	styled := func(s Inline, text string) string {
		if selected || state == DueClosed {
			return text
		}
		return s.Render(text)
	}
	due := func(text string) string {
		if state == DueLater {
			return st.Value.Render(text)
		}
		return styled(state.Style(st), text)
	}
	cells := make([]string, 0, 8)
	cells = append(cells, RowMarker(selected)+Fit(SafeLine(string(a.Status), model.MaxLineLen), colAStatus))
	if c.Date {
		cells = append(cells, due(Fit(DateLabel(a.Due), colADue)), due(Fit(state.Marker(), colAFlag)))
	} else {
		when := state.Marker()
		if when == "" {
			when = ShortDate(a.Due, now)
		}
		cells = append(cells, due(Fit(when, colAWhen)))
	}
	if c.Owner {
		cells = append(cells, Fit(OrDash(SafeLine(a.OwnerAgency, model.MaxLineLen)), colAOwner))
	}
	if c.Problem {
		prob := "—"
		if a.ProblemID != 0 {
			prob = model.ProblemRef(a.ProblemID)
		}
		cells = append(cells, Fit(prob, colAProblem))
	}
	if c.ShowAssignee {
		cells = append(cells, Fit(OrDash(SafeName(a.Assignee)), c.Assignee))
	}
	title := SafeLine(a.Title, model.MaxTitleLen)
	if tag := VisibilityTag(a.Visibility); tag != "" {
		tagW := min(lipgloss.Width(tag), max(0, c.Title-ColATitleMin/2))
		tag = Trunc(tag, tagW)
		title = styled(st.Restricted, tag) + " " + Fit(title, max(0, c.Title-tagW-1))
	} else {
		title = Fit(title, c.Title)
	}
	line := strings.Join(append(cells, title), " ")
	switch {
	case selected:
		return st.RowSelected.Render(Fit(line, width))
	case state == DueClosed:
		return st.Closed.Render(line)
	}
	return line
}

// ReviewTag marks a problem past its review date, on the board and in meetings.
const ReviewTag = "REVIEW"

// PriorityLabel is a problem's priority in a word short enough for a column.
func PriorityLabel(p model.Priority) string {
	switch p {
	case model.PriorityHigh:
		return "high"
	case model.PriorityMedium:
		return "med"
	case model.PriorityLow:
		return "low"
	}
	return "—"
}
