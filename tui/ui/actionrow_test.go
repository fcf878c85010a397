package ui

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestActionColumnsDropInOrder(t *testing.T) {
	tests := []struct {
		width                          int
		withProblem                    bool
		date, owner, problem, assignee bool
	}{
		{120, true, true, true, true, true},
		{100, true, true, true, true, true},
		{80, true, true, true, true, false},
		{80, false, true, true, false, true}, // inside a problem: no problem column, room for the assignee
		{66, true, true, true, true, false},
		{60, true, true, true, false, false},
		{50, true, true, false, false, false},
		{40, true, false, false, false, false},
	}
	for _, tt := range tests {
		c := LayoutActionColumns(tt.width, tt.withProblem)
		if c.Date != tt.date || c.Owner != tt.owner || c.Problem != tt.problem || c.ShowAssignee != tt.assignee {
			t.Errorf("at %d (problem column %v): %+v", tt.width, tt.withProblem, c)
		}
		if w := ansi.StringWidth(ActionColumnHeader(c)); w > tt.width {
			t.Errorf("at %d the header is %d wide", tt.width, w)
		}
	}
}
