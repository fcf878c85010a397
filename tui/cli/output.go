package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"wardpanel/model"
)

// Table is what a listing command found, as rows under a header: printed
// aligned as text, or as CSV. Every cell is made inert first, since most
// come from users.
type Table struct {
	Header []string
	Rows   [][]string
}

// Add appends a row.
func (t *Table) Add(cells ...string) { t.Rows = append(t.Rows, cells) }

// WriteText prints the table aligned, "-" for an empty cell.
func (t Table) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, row := range append([][]string{t.Header}, t.Rows...) {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = OrDash(model.CleanLine(c, model.MaxLineLen))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

// WriteCSV prints the table as CSV with a header line. A cell a
// spreadsheet would read as a formula is quoted with a leading apostrophe.
func (t Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	header := make([]string, len(t.Header))
	for i, h := range t.Header {
		header[i] = strings.ToLower(strings.ReplaceAll(h, " ", "_"))
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, row := range t.Rows {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = csvCell(model.CleanLine(c, model.MaxTextLen))
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

// Emit prints what a listing command found in the chosen format: v as
// JSON, the table as CSV, or the heading and the table as text.
func Emit(w io.Writer, f Format, v any, heading string, t Table) error {
	switch f {
	case JSON:
		return WriteJSON(w, v)
	case CSV:
		return t.WriteCSV(w)
	}
	if heading != "" {
		fmt.Fprintln(w, heading)
	}
	if len(t.Rows) == 0 {
		return nil
	}
	return t.WriteText(w)
}

// WriteJSON prints v indented, one document.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// OrDash is s, or "-" when it is empty.
func OrDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// Marker is a restricted record's visibility as text output shows it after
// a title: " [police]", " [officers]"; nothing for a panel-wide record.
func Marker(v model.Visibility) string {
	switch v.Kind {
	case model.VisAgencies:
		return " [" + strings.Join(v.Agencies, ",") + "]"
	case model.VisOfficers:
		return " [officers]"
	}
	return ""
}

// Visibility is a record's visibility in a column: panel, officers, police,housing.
func Visibility(v model.Visibility) string {
	if v.Kind == model.VisAgencies {
		return strings.Join(v.Agencies, ",")
	}
	if v.Kind == "" {
		return string(model.VisPanel)
	}
	return string(v.Kind)
}
