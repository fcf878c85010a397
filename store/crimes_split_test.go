package store

import (
	"slices"
	"testing"

	"wardpanel/model"
)

// The import's own splitting gives what model.SplitCSVLine gives, errors
// included, for the lines it takes and the ones it hands on.
func TestImportSplitsAsModelDoes(t *testing.T) {
	const tail = ",2024-06,Testshire,Testshire,-1.5,52.4,On or near X,E01000001,Testford 001,Burglary,,"
	for _, line := range []string{
		"abc" + tail,
		`"abc"` + tail,
		`""` + tail,
		`"a,b"` + tail,
		`"a""b"` + tail,
		`"abc"x` + tail,
		`"abc` + tail,
		`ab"c` + tail,
		` "abc"` + tail,
		"abc" + tail + ",extra",
		"abc" + tail + `,"extra"`,
		"abc,2024-06",
		"abc" + tail[:len(tail)-1],
		`abc,2024-06,a,b,c,d,e,f,g,h,i,"j"`,
		`abc,2024-06,a,b,c,d,e,f,g,h,i,"j`,
		`abc,2024-06,a,b,c,d,e,f,g,h,i,"j",`,
		",,,,,,,,,,,",
		",,,,,,,,,,,,",
		"",
		`"`,
	} {
		imp := &crimeImport{}
		got, gotErr := imp.split(line)
		want, wantErr := model.SplitCSVLine(line)
		if !slices.Equal(got, want) || (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Errorf("%q:\n got %q, %v\nwant %q, %v", line, got, gotErr, want, wantErr)
		}
	}
}
