package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// ListCursor is the cursor of a list screen whose rows are records (the
// board's problems, the actions list): its window under the chrome, and
// the record under the cursor, kept by ID across reloads and filters.
type ListCursor struct {
	ListFrame
	// Selected is the record under the cursor (0: none).
	Selected model.ID
	// Want is a record to put the cursor on once a load brings it, such
	// as one just created; until then the cursor stays where it is.
	Want model.ID
}

// Rows is what a ListCursor needs of the rows in view: how many there are,
// the record of row r, and the row of a record (ok false: not in view).
type Rows interface {
	Len() int
	ID(r int) model.ID
	Find(id model.ID) (r int, ok bool)
}

// Key moves the cursor for a navigation key (ui.Keys.Step); it says
// whether msg was one.
func (c *ListCursor) Key(k *Keys, msg tea.KeyPressMsg, rows Rows) bool {
	d, ok := k.Step(msg, c.PageSize(), rows.Len())
	if ok {
		c.Move(d, rows)
	}
	return ok
}

// Move moves the cursor delta rows, within the list.
func (c *ListCursor) Move(delta int, rows Rows) {
	n := rows.Len()
	if n == 0 {
		return
	}
	c.Want = 0
	c.Cursor = Clamp(c.Cursor+delta, 0, n-1)
	c.Selected = rows.ID(c.Cursor)
	c.Scroll(n)
}

// Place puts the cursor back on its record after the rows changed: on
// Want if it is in view, else on Selected, wherever it now sits. A record
// that left the view (filtered out, removed, restricted) leaves the cursor
// at the same height on screen rather than at the top.
func (c *ListCursor) Place(rows Rows) {
	n := rows.Len()
	for _, id := range []model.ID{c.Want, c.Selected} {
		if id == 0 {
			continue
		}
		if r, ok := rows.Find(id); ok {
			c.Cursor, c.Selected = r, id
			c.Scroll(n)
			return
		}
	}
	c.Cursor = Clamp(c.Cursor, 0, max(0, n-1))
	c.Selected = 0
	if c.Cursor < n {
		c.Selected = rows.ID(c.Cursor)
	}
	c.Scroll(n)
}

// Reset puts the cursor at the top of a list to be loaded afresh.
func (c *ListCursor) Reset() { c.Cursor, c.Offset, c.Selected = 0, 0, 0 }

// InView is the rows drawn, from the first to the one before end.
func (c *ListCursor) InView(n int) (first, end int) {
	return c.Offset, min(n, c.Offset+c.ListHeight())
}

// RowMarker is the cursor's mark at the start of a list's row.
func RowMarker(selected bool) string {
	if selected {
		return "> "
	}
	return "  "
}

// Styler draws a cell of a row in its style, or plain on the selected
// row, which is styled whole: inner styles would reset its highlight midway.
func Styler(selected bool) func(s Inline, text string) string {
	return func(s Inline, text string) string {
		if selected {
			return text
		}
		return s.Render(text)
	}
}

// Grow widens a list's optional column from col towards colMax by half
// the title's width past TitleRoomy, and returns the title's and the
// column's widths.
func Grow(title, col, colMax int) (int, int) {
	if extra := title - TitleRoomy; extra > 0 {
		grow := min(extra/2, colMax-col)
		return title - grow, col + grow
	}
	return title, col
}

// When is keys for a key help some users are offered, or none.
func When(on bool, keys ...key.Binding) []key.Binding {
	if on {
		return keys
	}
	return nil
}

// Moves are the keys that move a list's cursor, for its full help.
func (k *Keys) Moves() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}
}
