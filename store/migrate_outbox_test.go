package store

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

const v11Fixture = "testdata/schema-v11.db"

// TestMigrateFromSchemaV11Outbox opens the file the schema-11 release
// wrote with serve --demo: the outbox comes in empty and every record
// stays. Then, on the migrated file: an assignment to a user with an
// address queues one notice in its own transaction (and one without an
// address, to oneself, or re-saving the same assignee queues none); a day's
// digests are queued once however often asked; the queue survives a
// reopen; a failed attempt is deferred; and erasing the person drops their
// queued mail, which their export listed.
func TestMigrateFromSchemaV11Outbox(t *testing.T) {
	dir := copyFixture(t, v11Fixture)
	path := filepath.Join(dir, FileName)
	before, err := CheckFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := missingAfter(11); !reflect.DeepEqual(before.Faults, want) {
		t.Fatalf("CheckFile before the migration:\n  %s\nwant\n  %s", strings.Join(before.Faults, "\n  "), strings.Join(want, "\n  "))
	}
	clk := newClock()
	s := openAt(t, dir, clk)
	if v, err := s.SchemaVersion(); err != nil || v != currentSchema {
		t.Fatalf("SchemaVersion() = %d, %v; want %d", v, err, currentSchema)
	}
	r := mustCheck(t, s)
	before.Faults, before.Schema = nil, currentSchema
	if r.Summary() != before.Summary() {
		t.Errorf("after the migration %q; before it %q", r.Summary(), before.Summary())
	}
	if n, err := s.OutboxLen(); err != nil || n != 0 {
		t.Fatalf("outbox after the migration: %d, %v; want empty", n, err)
	}

	user := func(name string) model.User { t.Helper(); return userNamed(t, s, name) }
	lee, alex := user("Lee Grant"), user("Alex Morgan")
	addr := "lee.grant@example.org"
	if _, err := s.EditUser(model.Operator, lee.ID, UserChange{Email: &addr}); err != nil {
		t.Fatal(err)
	}
	lee = user("Lee Grant")
	byAlex := model.Actor{User: alex, Fingerprint: "test"}

	// Action 9 (council, no assignee) given to Lee by the chair: one notice.
	a, err := s.Action(alex, 9)
	if err != nil {
		t.Fatal(err)
	}
	a.Assignee = "Lee Grant"
	if a, err = s.UpdateAction(byAlex, a); err != nil {
		t.Fatal(err)
	}
	// Saving it again with the same assignee, a new action for the chair
	// herself, and one for Priya (no address) queue nothing more.
	a.Title += " (and the shops)"
	if _, err = s.UpdateAction(byAlex, a); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"Alex Morgan", "Priya Shah"} {
		owner := "residents"
		if who == "Priya Shah" {
			owner = "housing"
		}
		_, err := s.CreateAction(byAlex, model.Action{Ward: a.Ward, Title: "Check the bins", OwnerAgency: owner,
			Assignee: who, Due: clk.Now().AddDate(0, 0, 7)})
		if err != nil {
			t.Fatalf("action for %s: %v", who, err)
		}
	}
	due, _, err := s.DueMail(clk.Now(), 10)
	if err != nil || len(due) != 1 || due[0].Kind != model.MailNotice || due[0].UserID != lee.ID || due[0].ActionID != 9 {
		t.Fatalf("outbox after the assignments: %+v, %v; want one notice to Lee about action 9", due, err)
	}

	day := time.Date(2025, 3, 2, 7, 0, 0, 0, time.UTC)
	for i, want := range []int{1, 0} {
		if n, err := s.QueueDigests(day); err != nil || n != want {
			t.Errorf("QueueDigests, call %d: %d, %v; want %d (only Lee has an address)", i+1, n, err, want)
		}
	}
	s.Close()
	s = openAt(t, dir, clk)
	if n, err := s.QueueDigests(day); err != nil || n != 0 {
		t.Errorf("QueueDigests after a reopen: %d, %v; want 0", n, err)
	}
	due, _, err = s.DueMail(clk.Now(), 10)
	if err != nil || len(due) != 2 || due[1].Kind != model.MailDigest || due[1].Day != "2025-03-02" {
		t.Fatalf("outbox after a reopen: %+v, %v; want the notice and the digest", due, err)
	}
	retry := clk.Now().Add(time.Hour)
	if err := s.MailRetry(due[0].ID, retry); err != nil {
		t.Fatal(err)
	}
	now, next := clk.Now(), time.Time{}
	if due, next, err = s.DueMail(now, 10); err != nil || len(due) != 1 || !next.Equal(retry) {
		t.Errorf("after deferring the notice: %+v due, next at %v, %v; want the digest due and the notice at %v", due, next, err, retry)
	}
	// The next day's digest replaces one never sent.
	if n, err := s.QueueDigests(day.AddDate(0, 0, 1)); err != nil || n != 1 {
		t.Errorf("the next day: %d, %v", n, err)
	}
	if n, _ := s.OutboxLen(); n != 2 {
		t.Errorf("outbox holds %d, want the notice and one digest", n)
	}

	rec, err := s.PersonExport(model.Operator, "Lee Grant", nil)
	if err != nil || rec.User.Email != addr || len(rec.Mail) != 2 || rec.Mail[0].Attempts != 1 {
		t.Errorf("export: address %q, mail %+v, %v; want the address and both queued e-mails", rec.User.Email, rec.Mail, err)
	}
	er, err := s.PersonErase(model.Operator, "Lee Grant")
	if err != nil || er.Mail != 2 {
		t.Errorf("erase: %+v, %v; want 2 queued e-mails dropped", er, err)
	}
	if n, _ := s.OutboxLen(); n != 0 {
		t.Errorf("outbox holds %d after the erasure, want none", n)
	}
	mustCheck(t, s)
	s.Close()

	// Check finds a damaged queue: a record that does not decode, one of
	// an unknown kind, a digest day that is not a date.
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		out := tx.Bucket(bucketOutbox)
		if err := out.Put(u64(out.Sequence()+1), []byte("\x01{not json")); err != nil {
			return err
		}
		if err := put(out, u64(out.Sequence()+2), model.Mail{ID: model.ID(out.Sequence() + 2), Kind: "fax", UserID: 1}); err != nil {
			return err
		}
		if err := out.SetSequence(out.Sequence() + 2); err != nil {
			return err
		}
		return tx.Bucket(bucketMailDigests).Put(u64(1), []byte("someday"))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	r, err = CheckFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(r.Faults, "\n"); len(r.Faults) != 3 || !strings.Contains(got, "queued e-mail") ||
		!strings.Contains(got, `kind "fax"`) || !strings.Contains(got, "mail_digests") {
		t.Errorf("CheckFile on a damaged outbox:\n%s", got)
	}
}
