package cli

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"wardpanel/model"
)

// What a listing command prints, in each format a script or a person asks
// for: every cell a user typed reaches the terminal inert, and a cell a
// spreadsheet would run as a formula is not one.
func TestEmitPrintsEachFormatSafely(t *testing.T) {
	table := Table{Header: []string{"Ref", "Title", "Lead agency"}}
	table.Add("P1", "Fly-tipping \x1b[31mbehind\x1b[0m the Parade", "")
	table.Add("P2", "=HYPERLINK(\"http://evil\")", "police")
	v := map[string]int{"count": 2}
	tests := []struct {
		name     string
		format   Format
		heading  string
		table    Table
		want     []string
		wantNone []string
	}{
		{"text: heading, aligned rows, a dash for an empty cell", Text, "Problems on the board:", table,
			[]string{"Problems on the board:\n", "Ref  Title", "P1   Fly-tipping", "the Parade  -\n", "police\n"},
			[]string{"\x1b"}},
		{"text with no rows: the heading alone", Text, "No problems.", Table{Header: []string{"Ref"}},
			[]string{"No problems.\n"}, []string{"Ref"}},
		{"csv: a snake_case header, a formula made text", CSV, "ignored heading", table,
			[]string{"ref,title,lead_agency\n", "P1,", "P2,\"'=HYPERLINK(\"\"http://evil\"\")\",police\n"},
			[]string{"\x1b", "ignored heading", "\n-"}},
		{"json: the value, indented", JSON, "ignored heading", table,
			[]string{"{\n  \"count\": 2\n}\n"}, []string{"P1", "ignored heading"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := Emit(&out, tt.format, v, tt.heading, tt.table); err != nil {
				t.Fatal(err)
			}
			got := out.String()
			for _, w := range append(tt.want, tt.wantNone...) {
				if shown, want := strings.Contains(got, w), slices.Contains(tt.want, w); shown != want {
					t.Errorf("printed\n%s\n%q in it: %t, want %t", got, w, shown, want)
				}
			}
		})
	}
}

// A record's visibility as text shows it after a title, and in a column.
func TestVisibilityAsPrinted(t *testing.T) {
	tests := []struct {
		v              model.Visibility
		marker, column string
	}{
		{model.Visibility{}, "", "panel"},
		{model.Visibility{Kind: model.VisPanel}, "", "panel"},
		{model.Visibility{Kind: model.VisOfficers}, " [officers]", "officers"},
		{model.Visibility{Kind: model.VisAgencies, Agencies: []string{"housing", "police"}}, " [housing,police]", "housing,police"},
	}
	for _, tt := range tests {
		if got := Marker(tt.v); got != tt.marker {
			t.Errorf("Marker(%+v) = %q, want %q", tt.v, got, tt.marker)
		}
		if got := Visibility(tt.v); got != tt.column {
			t.Errorf("Visibility(%+v) = %q, want %q", tt.v, got, tt.column)
		}
	}
}
