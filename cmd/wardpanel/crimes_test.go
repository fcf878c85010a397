package main

import (
	"path/filepath"
	"strings"
	"testing"
)

const crimeFixtures = "../../store/testdata/crimes"

func crimeFile(name string) string { return filepath.Join(crimeFixtures, name) }

// crimeFolder has two wards, north (Northgate) with its LSOAs set by
// ward add --lsoa, and south with none yet.
func crimeFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, args := range [][]string{
		{"ward", "add", "--code", "E05000001", "--name", "Northgate", "--lsoa", "E01000001,E01000002"},
		{"ward", "add", "--code", "E05000002", "--name", "Southmere"},
	} {
		if _, errOut, code := wp(append(args, "--data", dir)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}
	return dir
}

func TestWardAreasCommands(t *testing.T) {
	dir := crimeFolder(t)
	out, errOut, code := wp("ward", "lsoas", "--code", "E05000001", "--data", dir)
	if code != 0 || out != "ward E05000001 (Northgate) is made of 2 LSOAs: E01000001, E01000002\n" {
		t.Errorf("show: exit %d %q %q", code, out, errOut)
	}
	out, errOut, code = wp("ward", "lsoas", "--code", "E05000001", "--from", crimeFile("lookup.csv"), "--data", dir)
	if code != 0 || !strings.Contains(out, "is now made of 3 LSOAs: E01000001, E01000002, E01000003") {
		t.Errorf("from the lookup: exit %d %q %q", code, out, errOut)
	}
	out, _, code = wp("ward", "lsoas", "--code=E05000002", "--from="+crimeFile("lookup.csv"), "--data", dir)
	if code != 0 || !strings.Contains(out, "is now made of 1 LSOAs: E01000004") {
		t.Errorf("south from the lookup: exit %d %q", code, out)
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"taken by another ward", []string{"ward", "lsoas", "--code", "E05000002", "--lsoa", "E01000001"}, 1, "in ward E05000001 already"},
		{"not an LSOA", []string{"ward", "lsoas", "--code", "E05000002", "--lsoa", "E05000001"}, 2, "not an LSOA code"},
		{"two sources", []string{"ward", "lsoas", "--code", "E05000002", "--lsoa", "E01000004", "--clear"}, 2, "one of --lsoa, --from and --clear"},
		{"no code", []string{"ward", "lsoas", "--lsoa", "E01000004"}, 2, "--code is required"},
		{"unknown ward", []string{"ward", "lsoas", "--code", "E05000009"}, 1, "unknown ward E05000009"},
		{"lookup missing", []string{"ward", "lsoas", "--code", "E05000002", "--from", "/nonexistent.csv"}, 2, "not a readable file"},
		{"lookup without the ward", []string{"ward", "lsoas", "--code", "E05000003", "--from", crimeFile("lookup.csv")}, 2, "puts no LSOA in ward E05000003"},
		{"lookup that is not one", []string{"ward", "lsoas", "--code", "E05000002", "--from", crimeFile("2024-01-testshire-street.csv")}, 2, "lsoa_code and ward_code"},
		{"ward add with a bad LSOA adds nothing", []string{"ward", "add", "--code", "E05000003", "--name", "East", "--lsoa", "E0100"}, 2, "not an LSOA code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := wp(append(tt.args, "--data", dir)...)
			if code != tt.wantCode || !strings.Contains(errOut, tt.wantErr) || strings.Count(errOut, "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want exit %d and one line containing %q", code, errOut, tt.wantCode, tt.wantErr)
			}
		})
	}
	if out, _, _ := wp("ward", "list", "--data", dir); strings.Contains(out, "E05000003") {
		t.Error("ward add with a bad --lsoa added the ward")
	}
	out, _, code = wp("ward", "lsoas", "--code", "E05000002", "--clear", "--data", dir)
	if code != 0 || !strings.Contains(out, "no LSOAs yet") {
		t.Errorf("clear: exit %d %q", code, out)
	}
}

func TestImportCrimesCommand(t *testing.T) {
	dir := crimeFolder(t)
	files := []string{crimeFile("2024-01-testshire-street.csv"), crimeFile("2024-02-testshire-street.csv"), crimeFile("malformed.csv")}
	out, errOut, code := wp(append(append([]string{"import", "crimes"}, files...), "--data", dir)...)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{
		"2024-01-testshire-street.csv: 11 rows read; replaces Testshire Constabulary 2024-01 (new); 6 in the wards' areas (6 new, 0 updated, 0 moved, 0 unchanged), 0 removed; 0 repeated Crime ID rows, 1 without location, 4 outside any ward, 0 malformed",
		"2024-02-testshire-street.csv: 11 rows read; replaces Testshire Constabulary 2024-02 (new); 4 in the wards' areas (4 new, 0 updated, 0 moved, 0 unchanged), 0 removed; 1 repeated Crime ID row, 2 without location, 4 outside any ward, 0 malformed",
		"malformed.csv: 9 rows read; replaces Testshire Constabulary 2024-04 (new); 2 in the wards' areas",
		"  line 4 skipped: month: \"2024-13\" is not a month",
		"  line 8 skipped: fields: a quoted field is not closed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	// The same file again: nothing changes.
	again, _, code := wp("import", "crimes", files[0], "--data", dir)
	if code != 0 || !strings.Contains(again, "covers Testshire Constabulary 2024-01 (6 crimes held before); nothing changed") {
		t.Errorf("again: exit %d %q", code, again)
	}

	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"nothing to import", []string{"import", "crimes"}, 2, "name the police.uk street-level files"},
		{"import what", []string{"import", "people.json"}, 2, "import needs one of: crimes"},
		{"missing file", []string{"import", "crimes", "/nonexistent.csv"}, 1, "/nonexistent.csv: no such file"},
		{"a folder", []string{"import", "crimes", crimeFixtures}, 1, "is a folder"},
		{"unknown flag", []string{"import", "crimes", "--force", files[0]}, 2, `unknown flag "--force"`},
		{"not a police.uk file", []string{"import", "crimes", crimeFile("lookup.csv")}, 1, "lookup.csv is not a police.uk street-level file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := wp(append(tt.args, "--data", dir)...)
			if code != tt.wantCode || !strings.Contains(errOut, tt.wantErr) || strings.Count(errOut, "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want exit %d and one line containing %q", code, errOut, tt.wantCode, tt.wantErr)
			}
		})
	}
	if _, errOut, code := wp("import", "crimes", files[0], "--data", t.TempDir()); code != 1 || !strings.Contains(errOut, "no data file") {
		t.Errorf("into an empty folder: exit %d %q", code, errOut)
	}
	if _, errOut, code := wp("check", "--data", dir); code != 0 {
		t.Errorf("check: %s", errOut)
	}
}

// Through the running server: the lookup is read here, the crime files by
// the server from their absolute paths, one request per file.
func TestCrimeCommandsReachTheRunningServer(t *testing.T) {
	dir := crimeFolder(t)
	startServe(t, dir, false)
	t.Chdir(crimeFixtures) // relative paths, as typed
	if out, errOut, code := wp("ward", "lsoas", "--code", "E05000001", "--from", "lookup.csv", "--data", dir); code != 0 ||
		!strings.Contains(out, "is now made of 3 LSOAs") {
		t.Fatalf("ward lsoas: exit %d %q %q", code, out, errOut)
	}
	out, errOut, code := wp("import", "crimes", "2024-03-testshire-street.csv", "2024-03-testshire-street-as-of-2024-06.csv", "--data", dir)
	if code != 0 || !strings.Contains(out, "2024-03-testshire-street.csv: 8 rows read; replaces Testshire Constabulary 2024-03 (new); 7 in the wards' areas (7 new") ||
		!strings.Contains(out, "2024-03-testshire-street-as-of-2024-06.csv: 8 rows read; replaces Testshire Constabulary 2024-03 (7 crimes held before); 7 in the wards' areas (0 new, 3 updated, 0 moved, 4 unchanged), 0 removed") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	// The first version again puts its outcomes back: a file replaces its
	// force-month, whatever came before.
	out, _, code = wp("import", "crimes", "2024-03-testshire-street.csv", "--data", dir)
	if code != 0 || !strings.Contains(out, "(0 new, 3 updated, 0 moved, 4 unchanged)") {
		t.Errorf("again: exit %d %q", code, out)
	}
}
