package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"wardpanel/model"
)

// The previous release's file (schema 7, its serve --demo) opens at
// the current schema: nothing is published, old outcomes are not publishable, and
// the chair can publish and the public leave a concern.
func TestMigratePublishFromSchemaV7(t *testing.T) {
	dir := copyFixture(t, "testdata/schema-v7.db")
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, err := s.SchemaVersion(); err != nil || v != currentSchema {
		t.Fatalf("SchemaVersion() = %d, %v; want %d", v, err, currentSchema)
	}
	const ward = "E05999999"
	if _, err := s.Published(ward); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("a migrated ward is published: %v", err)
	}
	if _, err := s.AddPublicConcern(model.PublicUser(""), model.Concern{Ward: ward, Text: "too early"}); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("a concern for an unpublished ward: %v", err)
	}
	chair, err := s.UserByName("Alex Morgan")
	if err != nil {
		t.Fatal(err)
	}
	pre, err := s.PreviewSummary(ward)
	if err != nil || len(pre.Current) == 0 {
		t.Fatalf("preview %+v, %v", pre, err)
	}
	for _, p := range pre.Current {
		if len(p.Did) > 0 {
			t.Errorf("an outcome from before publishing existed is published: %+v", p)
		}
	}
	sum, err := s.PublishSummary(model.Actor{User: chair, Fingerprint: "test"}, ward)
	if err != nil || sum.Version != 1 {
		t.Fatalf("publish: %+v, %v", sum, err)
	}
	c, err := s.AddPublicConcern(model.PublicUser(""), model.Concern{Ward: ward, Text: "Speeding on Mill Lane"})
	if err != nil || c.Status != model.ConcernPending {
		t.Fatalf("concern %+v, %v", c, err)
	}
	if r, err := s.Check(); err != nil || !r.OK() {
		t.Errorf("check after migration: %v %v", r, err)
	}
}

// A file that already has a bucket the publishing migration adds is not
// what it says.
func TestMigratePublishRefusesStrayBucket(t *testing.T) {
	dir := copyFixture(t, "testdata/schema-v7.db")
	setRaw(t, filepath.Join(dir, FileName), bucketConcerns, u64(1), []byte(`{"id":1}`))
	_, err := Open(dir, Options{})
	wantIs(t, err, ErrCorrupt)
	if !strings.Contains(err.Error(), `schema 10 file already has a "concerns" bucket`) {
		t.Errorf("error %q does not say what is wrong", err)
	}
}

// Check reads the published summaries and concerns, and says which is wrong.
func TestCheckFindsABrokenConcern(t *testing.T) {
	dir := copyFixture(t, "testdata/schema-v7.db")
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	chair, _ := s.UserByName("Alex Morgan")
	if _, err := s.PublishSummary(model.Actor{User: chair, Fingerprint: "test"}, "E05999999"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddPublicConcern(model.PublicUser(""), model.Concern{Ward: "E05999999", Text: "Speeding on Mill Lane"}); err != nil {
		t.Fatal(err)
	}
	if r, err := s.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %v", r, err)
	}
	s.Close()
	setRaw(t, filepath.Join(dir, FileName), bucketConcerns, u64(1), []byte("\x01{\"id\":1,\"ward\":\"E05000404\",\"status\":\"pending\"}"))
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, err := s.Check()
	if err != nil || r.OK() || !strings.Contains(r.Summary()+fmt.Sprint(r), `concern 1: ward "E05000404" does not exist`) {
		t.Errorf("check: %+v %v", r, err)
	}
}
