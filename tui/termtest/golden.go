package termtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Golden compares got with the golden file at path (testdata/…); with
// update set (the package's -update flag) it writes the file instead,
// making its folder if need be.
func Golden(t testing.TB, path, got string, update bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from what was written (run with -update after a deliberate change, and read the diff):\n%s", path, got)
	}
}
