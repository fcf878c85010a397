package store

import (
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

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
		t.Fatalf("%v (write it with: go test ./store -run 'TestWriteSchemaV.Fixture' -update-fixtures)", err)
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
		if m.to != i+2 || (m.fn == nil && len(m.adds) == 0) || m.name == "" {
			t.Errorf("migration %d to %d (%q): want to=%d with a name, and buckets to add or a function", i, m.to, m.name, i+2)
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

	// 1→2→…: every migration since, not just the next one.
	if v, err := s.SchemaVersion(); err != nil || v != currentSchema {
		t.Fatalf("SchemaVersion() = %d, %v; want %d", v, err, currentSchema)
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
	// Tasking, which schema 1 never had, works on the migrated file.
	a, err := s.CreateAction(model.Actor{User: pat, Fingerprint: pat.Keys[0].Fingerprint},
		model.Action{Ward: north, ProblemID: 3, Title: "Visit the stairwell", OwnerAgency: "police", Due: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil || a.ID != 1 || a.Visibility.String() != "agencies:police" {
		t.Fatalf("CreateAction after migration: %+v, %v", a, err)
	}
	if as, err := s.ProblemActions(hana, 3); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("Hana reads the actions of police-only problem 3: %v, %v", as, err)
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
		for _, name := range [][]byte{bucketUserKeys, bucketProblemsByWard, bucketActions, bucketOutcomes, bucketEvidence,
			bucketMeetings, bucketMeetingsByWard, bucketPriorities} {
			if tx.Bucket(name) != nil {
				t.Errorf("a failed migration left bucket %s behind", name)
			}
		}
		return nil
	})
}

// assertSchemaV1 checks the fixture is what it claims, so the migration
// test cannot pass against a file that is already migrated.
func assertSchemaV1(t *testing.T, path string) {
	t.Helper()
	assertFixture(t, path, 1, nil, [][]byte{bucketUserKeys, bucketProblemsByWard})
}

const v2Fixture = "testdata/schema-v2.db"

// writeSchemaV2 writes a file as wardpanel's schema 2 did, in the same
// spirit as writeSchemaV1: raw bbolt and literal JSON. Schema 2 had the
// user_keys and problems_by_ward indexes and nothing for tasking.
func writeSchemaV2(path string) error {
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	be := func(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }
	val := func(json string) []byte { return append([]byte{1}, json...) }
	return db.Update(func(tx *bolt.Tx) error {
		b := map[string]*bolt.Bucket{}
		for _, name := range []string{"meta", "wards", "agencies", "users", "user_names", "user_keys", "problems", "problems_by_ward", "audit"} {
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
		must(b["meta"].Put([]byte("schema"), be(2)))

		// Every write of schema 2 left one audit entry, at its own minute.
		type entry struct{ actor, action, target, summary, ward, vis string }
		var entries []entry
		operator := `{"User":{"id":0,"name":"operator","agency":"","role":"admin","wards":null,"keys":null,"created_at":"0001-01-01T00:00:00Z","version":0},"Fingerprint":"local"}`
		at := func(i int) string { return fmt.Sprintf("2025-01-10T09:%02d:00Z", i) }

		for _, w := range []struct{ code, name string }{{"E05000001", "Northgate"}, {"E05000002", "Southmere"}} {
			must(b["wards"].Put([]byte(w.code), val(fmt.Sprintf(`{"code":%q,"name":%q}`, w.code, w.name))))
			entries = append(entries, entry{operator, "ward.add", "ward/" + w.code, fmt.Sprintf("ward %s %q", w.code, w.name), "", ""})
		}
		for _, a := range []struct{ code, name string }{{"police", "Police"}, {"housing", "Housing"}, {"council", "Council"}, {"residents", "Residents"}} {
			must(b["agencies"].Put([]byte(a.code), val(fmt.Sprintf(`{"code":%q,"name":%q}`, a.code, a.name))))
			entries = append(entries, entry{operator, "agency.put", "agency/" + a.code, fmt.Sprintf("agency %s %q", a.code, a.name), "", ""})
		}

		key := func(seed byte, comment string, added string) (string, string) {
			k := testKey(seed, comment)
			return k.Fingerprint, fmt.Sprintf(`{"fingerprint":%q,"authorized":%q,"comment":%q,"added_at":%q}`, k.Fingerprint, k.Authorized, k.Comment, added)
		}
		actors := map[string]string{}
		users := []struct {
			name, agency, role, ward string
			seeds                    []byte
		}{
			{"Pat Police", "police", "officer", "E05000001", []byte{201}},
			{"Hana Housing", "housing", "officer", "E05000001", []byte{202, 203}},
			{"Chris Chair", "residents", "chair", "E05000001", []byte{204}},
			{"Sol South", "police", "officer", "E05000002", []byte{205}},
		}
		for _, u := range users {
			id, err := b["users"].NextSequence()
			must(err)
			added := at(len(entries))
			var keys, fps []string
			for _, seed := range u.seeds {
				fp, js := key(seed, u.name, added)
				keys, fps = append(keys, js), append(fps, fp)
			}
			must(b["users"].Put(be(id), val(fmt.Sprintf(`{"id":%d,"name":%q,"agency":%q,"role":%q,"wards":[%q],"keys":[%s],"created_at":%q,"version":1}`,
				id, u.name, u.agency, u.role, u.ward, strings.Join(keys, ","), added))))
			must(b["user_names"].Put([]byte(strings.ToLower(u.name)), be(id)))
			for _, fp := range fps {
				must(b["user_keys"].Put([]byte(fp), be(id)))
			}
			actors[u.name] = fmt.Sprintf(`{"User":{"id":%d,"name":%q,"agency":%q,"role":%q,"wards":null,"keys":null,"created_at":"0001-01-01T00:00:00Z","version":0},"Fingerprint":%q}`,
				id, u.name, u.agency, u.role, fps[0])
			entries = append(entries, entry{operator, "user.add", fmt.Sprintf("user/%d", id),
				fmt.Sprintf("user %q %s %s in %s, %d key(s)", u.name, u.agency, u.role, u.ward, len(keys)), "", ""})
		}

		problems := []struct {
			by, ward, title, extra, vis string
		}{
			{"Pat Police", "E05000001", "Noise at the parade", `"description":"Most evenings after 10pm.","category":"asb","stage":"scanning","priority":2,"lead_agency":"council"`, `{"kind":"panel"}`},
			{"Pat Police", "E05000001", "Dealing in Elm Court", `"location":"Elm Court stairwell","category":"drugs","stage":"analysis","priority":1`, `{"kind":"agencies","agencies":["housing","police"]}`},
			{"Chris Chair", "E05000001", "Complaint about a councillor", `"category":"other","stage":"scanning","priority":3`, `{"kind":"officers"}`},
			{"Sol South", "E05000002", "Southern fly-tipping", `"category":"environmental","stage":"scanning","priority":2`, `{"kind":"panel"}`},
		}
		for _, p := range problems {
			id, err := b["problems"].NextSequence()
			must(err)
			created := at(len(entries))
			must(b["problems"].Put(be(id), val(fmt.Sprintf(`{"id":%d,"ward":%q,"title":%q,%s,"visibility":%s,"created_by":%q,"created_at":%q,"updated_by":%q,"updated_at":%q,"version":1}`,
				id, p.ward, p.title, p.extra, p.vis, p.by, created, p.by, created))))
			must(b["problems_by_ward"].Put(append(append([]byte(p.ward), 0), be(id)...), []byte{}))
			entries = append(entries, entry{actors[p.by], "problem.create", fmt.Sprintf("problem/%d", id), fmt.Sprintf("title %q", p.title), p.ward, p.vis})
		}

		for i, en := range entries {
			seq, err := b["audit"].NextSequence()
			must(err)
			ward := ""
			if en.ward != "" {
				ward = fmt.Sprintf(`"ward":%q,`, en.ward)
			}
			vis := en.vis
			if vis == "" {
				vis = `{"kind":"panel"}`
			}
			must(b["audit"].Put(be(seq), val(fmt.Sprintf(`{"seq":%d,"at":%q,"actor":%s,"action":%q,"target":%q,"summary":%q,%s"visibility":%s}`,
				seq, at(i), en.actor, en.action, en.target, en.summary, ward, vis))))
		}
		must(b["meta"].Put([]byte("revision"), be(uint64(len(entries)))))
		return nil
	})
}

func TestWriteSchemaV2Fixture(t *testing.T) {
	if !*updateFixtures {
		t.Skip("run with -update-fixtures to rewrite " + v2Fixture)
	}
	if err := os.Remove(v2Fixture); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if err := writeSchemaV2(v2Fixture); err != nil {
		t.Fatal(err)
	}
}

func TestMigrateFromSchemaV2(t *testing.T) {
	dir := copyFixture(t, v2Fixture)
	assertSchemaV2(t, filepath.Join(dir, FileName))
	clk := newClock()
	s := openAt(t, dir, clk)

	if v, err := s.SchemaVersion(); err != nil || v != currentSchema {
		t.Fatalf("SchemaVersion() = %d, %v; want %d", v, err, currentSchema)
	}
	const fixtureRev = 14
	if s.Revision() != fixtureRev {
		t.Errorf("revision %d, want the fixture's %d", s.Revision(), fixtureRev)
	}

	// Old data, through the API.
	users := map[string]model.User{}
	for seed, name := range map[byte]string{201: "Pat Police", 202: "Hana Housing", 203: "Hana Housing", 204: "Chris Chair", 205: "Sol South"} {
		u, err := s.UserByKey(testKey(seed, "").Fingerprint)
		if err != nil || u.Name != name {
			t.Fatalf("UserByKey(key %d) = %q, %v; want %s", seed, u.Name, err, name)
		}
		users[name] = u
	}
	pat, hana, chris, sol := users["Pat Police"], users["Hana Housing"], users["Chris Chair"], users["Sol South"]
	if len(hana.Keys) != 2 || hana.Version != 1 || hana.Role != model.RoleOfficer || !reflect.DeepEqual(hana.Wards, []string{north}) {
		t.Errorf("Hana after migration: %+v", hana)
	}
	boards := []struct {
		viewer model.User
		ward   string
		want   []model.ID
	}{
		{pat, north, []model.ID{1, 2}},
		{hana, north, []model.ID{1, 2}},
		{chris, north, []model.ID{1, 3}},
		{sol, south, []model.ID{4}},
		{sol, north, []model.ID{}},
	}
	for _, b := range boards {
		ps, err := s.Problems(b.viewer, b.ward)
		if err != nil || !reflect.DeepEqual(ids(ps), b.want) {
			t.Errorf("%s's board of %s: %v, %v; want %v", b.viewer.Name, b.ward, ids(ps), err, b.want)
		}
	}
	p2, err := s.Problem(hana, 2)
	if err != nil || p2.Title != "Dealing in Elm Court" || p2.Location != "Elm Court stairwell" || p2.Stage != model.StageAnalysis ||
		p2.Priority != model.PriorityHigh || p2.Visibility.String() != "agencies:housing,police" || p2.Version != 1 ||
		p2.CreatedBy != "Pat Police" || p2.CreatedAt.IsZero() || !p2.CreatedAt.Equal(p2.UpdatedAt) {
		t.Errorf("problem 2 after migration: %+v, %v", p2, err)
	}
	_, err = s.Problem(chris, 2)
	wantIs(t, err, model.ErrNotFound)
	for viewer, want := range map[*model.User][]string{&pat: {"problem/2", "problem/1"}, &chris: {"problem/3", "problem/1"}, &sol: {"problem/4"}} {
		entries, err := s.Audit(*viewer, 0)
		var got []string
		for _, en := range entries {
			got = append(got, en.Target)
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s's audit after migration: %v, %v; want %v", viewer.Name, got, err, want)
		}
	}

	// Tasking on the migrated file; its sequences start at 1.
	actor := func(u model.User) model.Actor { return model.Actor{User: u, Fingerprint: u.Keys[0].Fingerprint} }
	a, err := s.CreateAction(actor(pat), model.Action{Ward: north, ProblemID: 2, Title: "Joint visit to Elm Court", OwnerAgency: "housing", Due: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil || a.ID != 1 || a.Visibility.String() != "agencies:housing,police" {
		t.Fatalf("CreateAction: %+v, %v", a, err)
	}
	a, err = s.SetActionStatus(actor(hana), a.ID, model.ActionDone, &model.Outcome{Text: "Visited with the police; locks changed.", Result: "environmental-change"})
	if err != nil || a.Status != model.ActionDone || a.Version != 2 {
		t.Fatalf("SetActionStatus: %+v, %v", a, err)
	}
	outs, err := s.Outcomes(pat, a.ID)
	if err != nil || len(outs) != 1 || outs[0].ID != 1 || outs[0].By != "Hana Housing" {
		t.Errorf("Outcomes: %+v, %v", outs, err)
	}
	ev, err := s.AddEvidence(actor(chris), model.Evidence{ProblemID: 3, Kind: model.EvidenceReport, Text: "Letter from a resident", Occurred: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil || ev.ID != 1 || ev.Ward != north || ev.Visibility.String() != "officers" {
		t.Fatalf("AddEvidence: %+v, %v", ev, err)
	}
	if as, err := s.ProblemActions(chris, 2); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("the chair reads the actions of a housing and police problem: %v, %v", as, err)
	}

	// The old sequences continue.
	p, err := s.CreateProblem(actor(pat), model.Problem{Ward: north, Title: "After the upgrade"})
	if err != nil || p.ID != 5 {
		t.Fatalf("CreateProblem after migration: ID %d, %v; want 5", p.ID, err)
	}
	u, err := s.AddUser(model.Operator, model.User{Name: "Ada Admin", Agency: "council", Role: model.RoleAdmin, Wards: []string{north}})
	if err != nil || u.ID != 5 {
		t.Fatalf("AddUser after migration: ID %d, %v; want 5", u.ID, err)
	}
	_, err = s.AddKey(model.Operator, u.ID, testKey(203, ""))
	wantIs(t, err, model.ErrDuplicate) // the old key index still guards
	const writes = 5
	if s.Revision() != fixtureRev+writes {
		t.Errorf("revision %d after %d writes, want %d", s.Revision(), writes, fixtureRev+writes)
	}
	trail, err := s.Audit(u, 0)
	if err != nil || len(trail) == 0 || trail[0].Seq != fixtureRev+writes || trail[0].Action != "user.add" {
		t.Errorf("audit sequence did not continue: %+v, %v", trail, err)
	}

	// Reopening finds nothing left to do, and everything still there.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openAt(t, dir, clk)
	if v, err := s.SchemaVersion(); err != nil || v != currentSchema {
		t.Errorf("after reopen: schema %d, %v", v, err)
	}
	if as, err := s.Actions(hana, north); err != nil || len(as) != 1 || as[0].Status != model.ActionDone {
		t.Errorf("after reopen: actions %+v, %v", as, err)
	}
	if es, err := s.Evidence(chris, 3); err != nil || len(es) != 1 {
		t.Errorf("after reopen: evidence %+v, %v", es, err)
	}
}

// assertSchemaV2 checks the fixture is what it claims: schema 2's indexes,
// none of schema 3's buckets.
func assertSchemaV2(t *testing.T, path string) {
	t.Helper()
	assertFixture(t, path, 2, [][]byte{bucketUserKeys, bucketProblemsByWard},
		[][]byte{bucketActions, bucketActionsByWard, bucketActionsByProblem, bucketOutcomes, bucketEvidence})
}

// A schema 2 file that somehow has a tasking bucket is not what it says,
// and the migration must not adopt whatever is in it.
func TestMigrateV3RefusesStrayBucket(t *testing.T) {
	refusesStrayBucket(t, v2Fixture, 2, bucketOutcomes, []byte("k"), "", bucketActions)
}

// refusesStrayBucket plants a record in bucket, under key, in a copy of
// fixture (a file at schema from), and holds Open to refusing it as
// corrupt, saying says (if given), and leaving the file at its schema and
// without the buckets absent that the migration would add.
func refusesStrayBucket(t *testing.T, fixture string, from int, bucket, key []byte, says string, absent ...[]byte) {
	t.Helper()
	dir := copyFixture(t, fixture)
	path := filepath.Join(dir, FileName)
	setRaw(t, path, bucket, key, []byte(`{"id":1}`))
	_, err := Open(dir, Options{})
	wantIs(t, err, ErrCorrupt)
	if says != "" && !strings.Contains(err.Error(), says) {
		t.Errorf("error %q does not say what is wrong", err)
	}
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(func(tx *bolt.Tx) error {
		if v, _ := readSchema(tx.Bucket(bucketMeta)); v != from {
			t.Errorf("a refused migration changed the file: schema %d", v)
		}
		for _, b := range absent {
			if tx.Bucket(b) != nil {
				t.Errorf("a refused migration added the %q bucket", b)
			}
		}
		return nil
	})
}

// v3Fixture is a schema 3 file as the last release before meetings really
// wrote it, not one a test writes: made by `wardpanel serve --demo` at
// commit b78ec3e in an empty data folder, stopped, and its wardpanel.db
// copied here. It holds the demo's Riverside ward (E05999999): 10 users
// without keys, 20 problems, 12 actions, 7 outcomes, 5 evidence entries and
// audit entries 1–64, at revision 64.
const v3Fixture = "testdata/schema-v3.db"

const v3Ward = "E05999999"

// userNamed is the enrolled user of that name, as a fixture has them.
func userNamed(t testing.TB, s *Store, name string) model.User {
	t.Helper()
	u, err := s.UserByName(name)
	if err != nil || u.Name != name {
		t.Fatalf("UserByName(%q) = %+v, %v", name, u, err)
	}
	return u
}

func TestMigrateFromSchemaV3(t *testing.T) {
	const fixtureRev = 64
	clk := newClock()
	s, dir := openDemoFixture(t, v3Fixture, 3, assertSchemaV3, clk, fixtureRev,
		"1 ward, 5 agencies, 10 users, 20 problems, 12 actions, 7 outcomes, 5 evidence entries, 0 meetings")

	// Old data, through the API.
	user := func(name string) model.User { t.Helper(); return userNamed(t, s, name) }
	alex, dana, ruth := user("Alex Morgan"), user("PC Dana Reid"), user("Ruth Adeyemi")
	if alex.Role != model.RoleChair || ruth.Role != model.RoleMember || dana.Agency != "police" || !reflect.DeepEqual(alex.Wards, []string{v3Ward}) {
		t.Errorf("users after migration: %+v, %+v, %+v", alex, dana, ruth)
	}
	if ps, err := s.Problems(dana, v3Ward); err != nil || len(ps) != 19 { // all but the officers' problem 9
		t.Errorf("Dana's board: %d problems, %v; want 19", len(ps), err)
	}
	p2, err := s.Problem(dana, 2)
	if err != nil || p2.Title != "Suspected cuckooing at a flat on Heron Walk" || p2.Visibility.String() != "agencies:housing,police" {
		t.Errorf("problem 2 as Dana reads it: %+v, %v", p2, err)
	}
	// A restricted problem stays hidden from a resident, actions and all.
	_, err = s.Problem(ruth, 2)
	wantIs(t, err, model.ErrNotFound)
	if ps, err := s.Problems(ruth, v3Ward); err != nil || slices.Contains(ids(ps), 2) {
		t.Errorf("Ruth's board %v, %v; it holds restricted problem 2", ids(ps), err)
	}
	if as, err := s.ProblemActions(ruth, 2); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("Ruth reads the actions of restricted problem 2: %v, %v", as, err)
	}
	as, err := s.Actions(dana, v3Ward)
	if err != nil || len(as) != 12 {
		t.Fatalf("Dana's actions: %d, %v; want 12", len(as), err)
	}
	outcomes := 0
	for _, a := range as {
		if a.MeetingID != 0 {
			t.Errorf("action %d says meeting %d raised it; schema 3 had no meetings", a.ID, a.MeetingID)
		}
		outs, err := s.Outcomes(dana, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		outcomes += len(outs)
	}
	if outcomes != 7 {
		t.Errorf("%d outcomes, want 7", outcomes)
	}
	if as, err := s.Actions(ruth, v3Ward); err != nil || len(as) != 11 {
		t.Errorf("Ruth's actions: %d, %v; want 11 (not action 10, on problem 2)", len(as), err)
	}

	// The new buckets work: the chair's first meeting has the standard
	// agenda, and is the first write since the fixture's.
	m, err := s.CreateMeeting(model.Actor{User: alex, Fingerprint: "local"},
		model.Meeting{Ward: v3Ward, Title: "Riverside ward panel", When: time.Date(2026, 12, 3, 19, 0, 0, 0, time.UTC), Venue: "Riverside library"})
	if err != nil {
		t.Fatalf("CreateMeeting: %v", err)
	}
	if m.ID != 1 || m.State != model.MeetingPlanned || m.CreatedBy != "Alex Morgan" || m.Version != 1 {
		t.Errorf("meeting after migration: %+v", m)
	}
	std := model.StandardAgenda()
	if len(m.Items) != len(std) {
		t.Fatalf("agenda of %d items, want the standard %d", len(m.Items), len(std))
	}
	for i, it := range m.Items {
		if it.ID != i+1 || it.Kind != std[i].Kind || it.Title != std[i].Title || it.Allotted != std[i].Allotted || len(it.Reviews) != 0 {
			t.Errorf("item %d: %+v; want the standard agenda's %+v", i+1, it, std[i])
		}
	}
	if s.Revision() != fixtureRev+1 {
		t.Errorf("revision %d after one write, want %d", s.Revision(), fixtureRev+1)
	}
	trail, err := s.Audit(alex, 1)
	if err != nil || len(trail) != 1 || trail[0].Seq != fixtureRev+1 || trail[0].Action != "meeting.create" {
		t.Errorf("the audit trail did not continue: %+v, %v", trail, err)
	}
	if p, err := s.Priorities(ruth, v3Ward); err != nil || p.Problems != nil || p.MeetingID != 0 {
		t.Errorf("priorities before any vote: %+v, %v", p, err)
	}

	// Reopening finds nothing left to do, and the meeting still there.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openAt(t, dir, clk)
	if v, err := s.SchemaVersion(); err != nil || v != currentSchema {
		t.Errorf("after reopen: schema %d, %v", v, err)
	}
	if ms, err := s.Meetings(ruth, v3Ward); err != nil || len(ms) != 1 || ms[0].ID != m.ID {
		t.Errorf("after reopen: Ruth's meetings %+v, %v", ms, err)
	}
	if r := mustCheck(t, s); !r.OK() || r.Meetings != 1 {
		t.Errorf("after reopen: %s %q", r.Summary(), r.Faults)
	}
}

// assertSchemaV3 checks the fixture is what it claims: tasking's buckets,
// none of schema 4's.
func assertSchemaV3(t *testing.T, path string) {
	t.Helper()
	assertFixture(t, path, 3, [][]byte{bucketActions, bucketActionsByWard, bucketActionsByProblem, bucketOutcomes, bucketEvidence},
		[][]byte{bucketMeetings, bucketMeetingsByWard, bucketPriorities})
}

// assertFixture checks a fixture is what it claims, so that a migration
// test cannot pass against a file already migrated: schema version, with
// the buckets has and none of lacks (the next version's).
func assertFixture(t *testing.T, path string, version int, has, lacks [][]byte) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(func(tx *bolt.Tx) error {
		if v, err := readSchema(tx.Bucket(bucketMeta)); v != version || err != nil {
			t.Fatalf("fixture at schema %d, %v; want %d", v, err, version)
		}
		for _, name := range has {
			if tx.Bucket(name) == nil {
				t.Fatalf("fixture lacks schema %d's bucket %s", version, name)
			}
		}
		for _, name := range lacks {
			if tx.Bucket(name) != nil {
				t.Fatalf("fixture already has schema %d's bucket %s", version+1, name)
			}
		}
		return nil
	})
}

// A schema 3 file that somehow has a meetings bucket is not what it says,
// and the migration must not adopt whatever is in it.
func TestMigrateV4RefusesStrayBucket(t *testing.T) {
	refusesStrayBucket(t, v3Fixture, 3, bucketMeetings, u64(1), `schema 3 file already has a "meetings" bucket`,
		bucketMeetingsByWard, bucketPriorities)
}

// missingAfter is what CheckFile says of a whole file at schema from:
// every bucket a later migration adds is missing, and the schema is old.
func missingAfter(from int) []string {
	var out []string
	for _, m := range migrations {
		if m.to > from {
			for _, b := range m.adds {
				out = append(out, fmt.Sprintf("bucket %s is missing", b))
			}
		}
	}
	return append(out, fmt.Sprintf("meta: the file is at schema %d; this version of wardpanel reads and writes schema %d", from, currentSchema))
}

// openDemoFixture migrates a copy of a data folder the release at schema
// `from` wrote with serve --demo: before, CheckFile finds it whole but for
// the buckets later schemas add; after, it is at the current schema, keeps
// its revision, and Check finds exactly its records (counts as Check words
// them) and no fault.
func openDemoFixture(t *testing.T, fixture string, from int, assertOld func(*testing.T, string), clk *clock, rev uint64, counts string) (*Store, string) {
	t.Helper()
	dir := copyFixture(t, fixture)
	path := filepath.Join(dir, FileName)
	assertOld(t, path)
	r, err := CheckFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := missingAfter(from); !reflect.DeepEqual(r.Faults, want) {
		t.Errorf("CheckFile before the migration:\n  %s\nwant\n  %s", strings.Join(r.Faults, "\n  "), strings.Join(want, "\n  "))
	}
	s := openAt(t, dir, clk)
	if v, err := s.SchemaVersion(); err != nil || v != currentSchema {
		t.Fatalf("SchemaVersion() = %d, %v; want %d", v, err, currentSchema)
	}
	if s.Revision() != rev {
		t.Errorf("revision %d, want the fixture's %d", s.Revision(), rev)
	}
	r = mustCheck(t, s)
	want := fmt.Sprintf("ok: %s, audit entries 1–%d (revision %d, schema %d)", counts, rev, rev, currentSchema)
	if got := r.Summary(); got != want || !r.OK() {
		t.Errorf("Check after the migration:\n got  %s\n want %s\n%s", got, want, strings.Join(r.Faults, "\n"))
	}
	return s, dir
}
