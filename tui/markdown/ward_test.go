package markdown

import (
	"errors"
	"fmt"
	"testing"

	"wardpanel/model"
)

// A document names its ward by name and code; a ward since removed by its
// code alone; a name written to break the document is made inert.
func TestWardAsADocumentNamesIt(t *testing.T) {
	broken := errors.New("disk gone")
	tests := []struct {
		name    string
		ward    model.Ward
		err     error
		want    string
		wantErr error
	}{
		{"known", model.Ward{Code: "E05000001", Name: "Northfield"}, nil, "Northfield (E05000001)", nil},
		{"removed since", model.Ward{}, fmt.Errorf("ward: %w", model.ErrNotFound), "E05000001 (E05000001)", nil},
		{"markup in the name", model.Ward{Name: "*North* [x](http://evil)"}, nil, Inline("*North* [x](http://evil)") + " (E05000001)", nil},
		{"a read that failed", model.Ward{}, broken, "", broken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Ward(func(string) (model.Ward, error) { return tt.ward, tt.err }, "E05000001")
			if got != tt.want || !errors.Is(err, tt.wantErr) {
				t.Errorf("got %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
