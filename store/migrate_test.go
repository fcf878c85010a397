package store

import (
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

var updateFixtures = flag.Bool("update-fixtures", false, "rewrite store/testdata's fixture files")

const v1Fixture = "testdata/schema-v1.db"

// writeSchemaV1 writes a file as wardpanel's schema 1 did: raw bbolt, no
// code of today's store, JSON written out literally so the fixture does not
// drift when model types change. Schema 1 had no user_keys and no
// problems_by_ward; it found keys by scanning users.
func writeSchemaV1(path string, duplicateKey bool) error {
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	be := func(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }
	val := func(json string) []byte { return append([]byte{1}, json...) }
	return db.Update(func(tx *bolt.Tx) error {
		b := map[string]*bolt.Bucket{}
		for _, name := range []string{"meta", "wards", "agencies", "users", "user_names", "problems", "audit"} {
			bk, err := tx.CreateBucket([]byte(name))
			if err != nil {
				return err
			}
			b[name] = bk
		}
		must := func(err error) {
			if err != nil {
				panic(err)
			}
		}
		must(b["meta"].Put([]byte("schema"), be(1)))

		must(b["wards"].Put([]byte("E05000001"), val(`{"code":"E05000001","name":"Northgate"}`)))
		must(b["wards"].Put([]byte("E05000002"), val(`{"code":"E05000002","name":"Southmere"}`)))
		must(b["agencies"].Put([]byte("police"), val(`{"code":"police","name":"Police"}`)))
		must(b["agencies"].Put([]byte("housing"), val(`{"code":"housing","name":"Housing"}`)))

		k1, k2, k3 := testKey(101, "pat"), testKey(102, "hana laptop"), testKey(103, "hana phone")
		if duplicateKey {
			k3 = k1
		}
		key := func(k model.Key) string {
			return fmt.Sprintf(`{"fingerprint":%q,"authorized":%q,"comment":%q,"added_at":"2024-05-01T10:00:00Z"}`, k.Fingerprint, k.Authorized, k.Comment)
		}
		users := []struct{ name, json string }{
			{"pat police", `{"id":1,"name":"Pat Police","agency":"police","role":"officer","wards":["E05000001"],"keys":[` + key(k1) + `],"created_at":"2024-05-01T10:00:00Z","version":1}`},
			{"hana housing", `{"id":2,"name":"Hana Housing","agency":"housing","role":"officer","wards":["E05000001"],"keys":[` + key(k2) + `,` + key(k3) + `],"created_at":"2024-05-01T10:00:00Z","version":2}`},
			{"sol south", `{"id":3,"name":"Sol South","agency":"police","role":"officer","wards":["E05000002"],"keys":null,"created_at":"2024-05-01T10:00:00Z","version":1}`},
		}
		for _, u := range users {
			id, err := b["users"].NextSequence()
			must(err)
			must(b["users"].Put(be(id), val(u.json)))
			must(b["user_names"].Put([]byte(u.name), be(id)))
		}

		problem := func(ward, title, vis string) string {
			return fmt.Sprintf(`{"ward":%q,"title":%q,"category":"asb","stage":"scanning","priority":2,"visibility":%s,`+
				`"created_by":"Pat Police","created_at":"2024-05-02T10:00:00Z","updated_by":"Pat Police","updated_at":"2024-05-02T10:00:00Z","version":1}`,
				ward, title, vis)
		}
		problems := []string{
			problem("E05000001", "Noise at the parade", `{"kind":"panel"}`),
			problem("E05000002", "Southern fly-tipping", `{"kind":"panel"}`),
			problem("E05000001", "Dealing in Elm Court", `{"kind":"agencies","agencies":["police"]}`),
			problem("E05000001", "Graffiti on the bridge", `{}`),
		}
		for _, p := range problems {
			id, err := b["problems"].NextSequence()
			must(err)
			// Schema 1 wrote the ID inside the record too.
			must(b["problems"].Put(be(id), val(fmt.Sprintf(`{"id":%d,%s`, id, p[1:]))))
		}

		entries := []string{
			`{"actor":{"User":{"id":0,"name":"operator","agency":"","role":"admin","wards":null,"keys":null,"created_at":"0001-01-01T00:00:00Z","version":0},"Fingerprint":"local"},"action":"ward.add","target":"ward/E05000001","summary":"ward E05000001 \"Northgate\"","visibility":{"kind":"panel"}`,
			`{"actor":{"User":{"id":1,"name":"Pat Police","agency":"police","role":"officer","wards":null,"keys":null,"created_at":"0001-01-01T00:00:00Z","version":0},"Fingerprint":"` + k1.Fingerprint + `"},"action":"problem.create","target":"problem/3","summary":"title \"Dealing in Elm Court\"","ward":"E05000001","visibility":{"kind":"agencies","agencies":["police"]}`,
		}
		for _, en := range entries {
			seq, err := b["audit"].NextSequence()
			must(err)
			must(b["audit"].Put(be(seq), val(fmt.Sprintf(`{"seq":%d,"at":"2024-05-02T10:00:00Z",%s}`, seq, en[1:]))))
		}
		must(b["meta"].Put([]byte("revision"), be(uint64(len(users)+len(problems)+len(entries)))))
		return nil
	})
}

func TestWriteSchemaV1Fixture(t *testing.T) {
	if !*updateFixtures {
		t.Skip("run with -update-fixtures to rewrite " + v1Fixture)
	}
	if err := os.Remove(v1Fixture); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if err := writeSchemaV1(v1Fixture, false); err != nil {
		t.Fatal(err)
	}
}

// copyFixture puts a fixture in a fresh data folder so tests never write to it.
func copyFixture(t *testing.T, fixture string) string {
	t.Helper()
	src, err := os.Open(fixture)
	if err != nil {
		t.Fatalf("%v (write it with: go test ./store -run TestWriteSchemaV1Fixture -update-fixtures)", err)
	}
	defer src.Close()
	dir := t.TempDir()
	dst, err := os.OpenFile(filepath.Join(dir, FileName), os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestMigrationsAreOrdered(t *testing.T) {
	for i, m := range migrations {
		if m.to != i+2 || m.fn == nil || m.name == "" {
			t.Errorf("migration %d: %+v; want to=%d with a name and a function", i, m, i+2)
		}
	}
	if last := migrations[len(migrations)-1].to; last != currentSchema {
		t.Errorf("migrations end at %d, currentSchema is %d", last, currentSchema)
	}
}

func TestMigrateFromSchemaV1(t *testing.T) {
	dir := copyFixture(t, v1Fixture)
	assertSchemaV1(t, filepath.Join(dir, FileName))
	clk := newClock()
	s := openAt(t, dir, clk)

	if v, err := s.SchemaVersion(); err != nil || v != 2 {
		t.Fatalf("SchemaVersion() = %d, %v; want 2", v, err)
	}
	if s.Revision() != 9 {
		t.Errorf("revision %d, want the fixture's 9", s.Revision())
	}

	// The key index: every key of every user, the second key included.
	for seed, name := range map[byte]string{101: "Pat Police", 102: "Hana Housing", 103: "Hana Housing"} {
		u, err := s.UserByKey(testKey(seed, "").Fingerprint)
		if err != nil || u.Name != name {
			t.Errorf("UserByKey(key %d) = %q, %v; want %s", seed, u.Name, err, name)
		}
	}
	_, err := s.UserByKey(testKey(104, "").Fingerprint)
	wantIs(t, err, model.ErrNotFound)

	pat, err := s.UserByName("PAT POLICE")
	if err != nil {
		t.Fatal(err)
	}
	hana, err := s.UserByName("hana housing")
	if err != nil {
		t.Fatal(err)
	}
	sol, err := s.UserByName("Sol South")
	if err != nil {
		t.Fatal(err)
	}

	// The ward index: each board holds the fixture's problems, by ID.
	boards := []struct {
		viewer model.User
		ward   string
		want   []string
	}{
		{pat, north, []string{"Noise at the parade", "Dealing in Elm Court", "Graffiti on the bridge"}},
		{hana, north, []string{"Noise at the parade", "Graffiti on the bridge"}},
		{sol, south, []string{"Southern fly-tipping"}},
		{pat, south, []string{}},
	}
	for _, b := range boards {
		ps, err := s.Problems(b.viewer, b.ward)
		if err != nil {
			t.Fatal(err)
		}
		titles := []string{}
		for _, p := range ps {
			titles = append(titles, p.Title)
		}
		if !reflect.DeepEqual(titles, b.want) {
			t.Errorf("%s's board of %s: %q, want %q", b.viewer.Name, b.ward, titles, b.want)
		}
	}
	got, err := s.Problem(pat, 3)
	if err != nil || got.Visibility.String() != "agencies:police" || got.Version != 1 || got.CreatedBy != "Pat Police" {
		t.Errorf("problem 3 after migration: %+v, %v", got, err)
	}

	// The trail survives, filtered as before.
	entries, err := s.Audit(pat, 0)
	if err != nil || len(entries) != 1 || entries[0].Target != "problem/3" {
		t.Errorf("Pat's audit after migration: %+v, %v", entries, err)
	}

	// New records continue the sequences and land in the new indexes.
	p, err := s.CreateProblem(model.Actor{User: pat, Fingerprint: pat.Keys[0].Fingerprint}, model.Problem{Ward: north, Title: "After the upgrade"})
	if err != nil || p.ID != 5 {
		t.Fatalf("CreateProblem after migration: ID %d, %v; want 5", p.ID, err)
	}
	u, err := s.AddUser(model.Operator, model.User{Name: "New", Agency: "police", Role: model.RoleMember, Wards: []string{north}, Keys: []model.Key{testKey(104, "")}})
	if err != nil || u.ID != 4 {
		t.Fatalf("AddUser after migration: ID %d, %v; want 4", u.ID, err)
	}
	_, err = s.AddKey(model.Operator, u.ID, testKey(102, ""))
	wantIs(t, err, model.ErrDuplicate) // the migrated index guards old keys too
	if s.Revision() != 11 {
		t.Errorf("revision %d after two writes, want 11", s.Revision())
	}

	// Reopening finds nothing left to do.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openAt(t, dir, clk)
	if ps, err := s.Problems(pat, north); err != nil || len(ps) != 4 {
		t.Errorf("after reopen: %d problems, %v", len(ps), err)
	}
}

func TestFailedMigrationLeavesFileAlone(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := writeSchemaV1(path, true); err != nil {
		t.Fatal(err)
	}
	_, err := Open(dir, Options{})
	wantIs(t, err, model.ErrDuplicate)

	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(func(tx *bolt.Tx) error {
		if v, _ := readSchema(tx.Bucket(bucketMeta)); v != 1 {
			t.Errorf("schema %d after a failed migration, want 1", v)
		}
		if tx.Bucket(bucketUserKeys) != nil || tx.Bucket(bucketProblemsByWard) != nil {
			t.Error("a failed migration left index buckets behind")
		}
		return nil
	})
}

// assertSchemaV1 checks the fixture is what it claims, so the migration
// test cannot pass against a file that is already migrated.
func assertSchemaV1(t *testing.T, path string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(func(tx *bolt.Tx) error {
		if v, err := readSchema(tx.Bucket(bucketMeta)); v != 1 || err != nil {
			t.Fatalf("fixture at schema %d, %v; want 1", v, err)
		}
		if tx.Bucket(bucketUserKeys) != nil || tx.Bucket(bucketProblemsByWard) != nil {
			t.Fatal("fixture already has schema 2's indexes")
		}
		return nil
	})
}
