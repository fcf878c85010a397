package store

import (
	"os"
	"path/filepath"
	"testing"

	"wardpanel/model"
)

// v15CrimesFixture is a file the schema-15 release wrote, one crime per
// bbolt key: north and south with their areas from the fixture lookup, and
// every fixture file but the last (March republished) imported in turn.
const v15CrimesFixture = "testdata/schema-v15-crimes.db"

// v15Imported are the fixture files imported into v15CrimesFixture.
var v15Imported = crimeFiles[:len(crimeFiles)-1]

// TestWriteSchemaV15CrimesFixture wrote v15CrimesFixture with the schema-15
// code (commit 0047881); it cannot be rewritten by later code, which keeps
// crimes in blocks.
func TestWriteSchemaV15CrimesFixture(t *testing.T) {
	if !*updateFixtures {
		t.Skip("run with -update-fixtures to rewrite " + v15CrimesFixture)
	}
	if currentSchema != 15 {
		t.Skip("written by the schema-15 code only")
	}
	e := newEnv(t)
	withAreas(t, e)
	for _, name := range v15Imported {
		importFile(t, e.s, model.Operator, name)
	}
	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(e.dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(v15CrimesFixture, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}
