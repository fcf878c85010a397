package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

func TestOpenCreatesPrivateFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	s := openAt(t, dir, newClock())
	if got, want := s.Path(), filepath.Join(dir, FileName); got != want {
		t.Errorf("Path() = %q, want %q", got, want)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, s.Path(): 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm()&0o077 != 0 || fi.Mode().Perm() != want {
			t.Errorf("%s mode %v, want %v", path, fi.Mode().Perm(), want)
		}
	}
	v, err := s.SchemaVersion()
	if err != nil || v != currentSchema {
		t.Errorf("SchemaVersion() = %d, %v; want %d", v, err, currentSchema)
	}
	if s.Revision() != 0 {
		t.Errorf("new store at revision %d", s.Revision())
	}
}

func TestRoundTrip(t *testing.T) {
	e := newEnv(t)
	s := e.s
	pat := e.actor("Pat Police")
	tests := []struct {
		name  string
		write func() (any, error)
		read  func(written any) (any, error)
	}{
		{
			name: "ward",
			write: func() (any, error) {
				return s.AddWard(model.Operator, model.Ward{Code: " e05000003 ", Name: "Eastbrook"})
			},
			read: func(any) (any, error) { return s.Ward("E05000003") },
		},
		{
			name:  "ward in list",
			write: func() (any, error) { return s.Ward("e05000003") },
			read: func(any) (any, error) {
				ws, err := s.Wards()
				if err != nil || len(ws) != 3 {
					return nil, err
				}
				return ws[2], nil
			},
		},
		{
			name: "agency",
			write: func() (any, error) {
				return s.PutAgency(model.Operator, model.Agency{Code: "Fire", Name: "Fire Service"})
			},
			read: func(any) (any, error) {
				as, err := s.Agencies()
				for _, a := range as {
					if a.Code == "fire" {
						return a, err
					}
				}
				return nil, err
			},
		},
		{
			name: "user with keys",
			write: func() (any, error) {
				return s.AddUser(e.actor("Ada Admin"), model.User{
					Name: "Kim Keys", Agency: "housing", Role: "Vice-Chair", Wards: []string{south, north},
					Keys: []model.Key{testKey(20, "laptop"), testKey(21, "phone")},
				})
			},
			read: func(w any) (any, error) { return s.User(w.(model.User).ID) },
		},
		{
			name:  "user by name",
			write: func() (any, error) { return s.UserByName("Kim Keys") },
			read:  func(any) (any, error) { return s.UserByName("  kim KEYS ") },
		},
		{
			name:  "user by second key",
			write: func() (any, error) { return s.UserByName("Kim Keys") },
			read:  func(any) (any, error) { return s.UserByKey(testKey(21, "").Fingerprint) },
		},
		{
			name: "problem with restricted visibility",
			write: func() (any, error) {
				return s.CreateProblem(pat, model.Problem{
					Ward: north, Title: "Dealing in the Elm Court stairwell", Description: "Evenings.\nTwo lines.",
					Location: "Elm Court", Category: "drugs", Stage: model.StageAnalysis, Priority: model.PriorityHigh,
					LeadAgency: "police", Visibility: onlyAgencies("police", "housing"),
				})
			},
			read: func(w any) (any, error) { return s.Problem(e.u["Pat Police"], w.(model.Problem).ID) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			written, err := tt.write()
			if err != nil {
				t.Fatalf("write: %v", err)
			}
			read, err := tt.read(written)
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if !reflect.DeepEqual(written, read) {
				t.Errorf("read back differs:\nwrote %#v\nread  %#v", written, read)
			}
		})
	}

	kim, err := s.UserByName("kim keys")
	if err != nil {
		t.Fatal(err)
	}
	if kim.Role != model.RoleViceChair || !reflect.DeepEqual(kim.Wards, []string{north, south}) || kim.Version != 1 || kim.CreatedAt.IsZero() {
		t.Errorf("user not normalised on add: %+v", kim)
	}
	for _, k := range kim.Keys {
		if !k.AddedAt.Equal(kim.CreatedAt) || !strings.HasPrefix(k.Fingerprint, "SHA256:") {
			t.Errorf("key %+v: AddedAt or fingerprint not set", k)
		}
	}
	p, err := s.Problems(e.u["Pat Police"], north)
	if err != nil || len(p) != 1 {
		t.Fatalf("Problems = %v, %v", p, err)
	}
	if p[0].Version != 1 || p[0].CreatedBy != "Pat Police" || p[0].UpdatedBy != "Pat Police" || p[0].ID == 0 {
		t.Errorf("problem bookkeeping not set: %+v", p[0])
	}
}

func TestAddUserRules(t *testing.T) {
	e := newEnv(t)
	admin := e.actor("Ada Admin")
	patKey := e.u["Pat Police"].Keys[0]
	n := 0
	user := func(edit func(*model.User)) model.User {
		n++
		u := model.User{Name: fmt.Sprintf("New Person %d", n), Agency: "housing", Role: model.RoleMember, Wards: []string{north}}
		edit(&u)
		return u
	}
	tests := []struct {
		name     string
		by       model.Actor
		u        model.User
		want     error
		contains string
	}{
		{"no keys is fine", admin, user(func(*model.User) {}), nil, ""},
		{"officer may not", e.actor("Hana Housing"), user(func(*model.User) {}), model.ErrForbidden, "admin"},
		{"chair may not", e.actor("Chris Chair"), user(func(*model.User) {}), model.ErrForbidden, "admin"},
		{"invalid", admin, user(func(u *model.User) { u.Name = " " }), model.ErrInvalid, "name"},
		{"unknown ward", admin, user(func(u *model.User) { u.Wards = []string{north, "E05999999"} }), model.ErrNotFound, "unknown ward E05999999"},
		{"unknown agency", admin, user(func(u *model.User) { u.Agency = "Ambulance" }), model.ErrNotFound, "unknown agency ambulance"},
		{"name taken ignoring case", admin, user(func(u *model.User) { u.Name = "PAT police" }), model.ErrDuplicate, `a user named "PAT police" already exists`},
		{"key taken", admin, user(func(u *model.User) { u.Keys = []model.Key{testKey(30, ""), patKey} }), model.ErrDuplicate, "already enrolled"},
		{"key twice", admin, user(func(u *model.User) { u.Keys = []model.Key{testKey(30, ""), testKey(30, "again")} }), model.ErrDuplicate, "twice"},
		{"fingerprint does not match key", admin, user(func(u *model.User) {
			k := testKey(31, "")
			k.Fingerprint = patKey.Fingerprint
			u.Keys = []model.Key{k}
		}), model.ErrInvalid, "does not match"},
		{"no fingerprint", admin, user(func(u *model.User) { u.Keys = []model.Key{{Comment: "x"}} }), model.ErrInvalid, "key"},
		{"fingerprint only", admin, user(func(u *model.User) { u.Name = "Fp Only"; u.Keys = []model.Key{{Fingerprint: "SHA256:abc"}} }), nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, rev := auditCount(t, e.s), e.s.Revision()
			_, err := e.s.AddUser(tt.by, tt.u)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("AddUser: %v", err)
				}
				return
			}
			wantIs(t, err, tt.want)
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error %q does not say %q", err, tt.contains)
			}
			if strings.Contains(err.Error(), "Pat") && tt.name == "key taken" {
				t.Errorf("error %q names the key's owner", err)
			}
			if auditCount(t, e.s) != before || e.s.Revision() != rev {
				t.Error("a refused write left an audit entry or moved the revision")
			}
		})
	}
}

func TestAddKey(t *testing.T) {
	e := newEnv(t)
	hana := e.u["Hana Housing"]
	k := testKey(40, "new laptop")
	u, err := e.s.AddKey(model.Operator, hana.ID, k)
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Keys) != 2 || u.Version != hana.Version+1 || u.Keys[1].AddedAt.IsZero() {
		t.Errorf("after AddKey: %+v", u)
	}
	byKey, err := e.s.UserByKey(k.Fingerprint)
	if err != nil || byKey.ID != hana.ID || !reflect.DeepEqual(byKey, u) {
		t.Errorf("UserByKey = %+v, %v", byKey, err)
	}

	_, err = e.s.AddKey(model.Operator, hana.ID, k)
	wantIs(t, err, model.ErrDuplicate)
	_, err = e.s.AddKey(model.Operator, e.u["Pat Police"].ID, k)
	wantIs(t, err, model.ErrDuplicate)
	if strings.Contains(err.Error(), "Hana") {
		t.Errorf("error %q names the key's owner", err)
	}
	_, err = e.s.AddKey(model.Operator, 999, testKey(41, ""))
	wantIs(t, err, model.ErrNotFound)
	_, err = e.s.AddKey(e.actor("Pat Police"), e.u["Pat Police"].ID, testKey(42, ""))
	wantIs(t, err, model.ErrForbidden)

	_, err = e.s.UserByKey("SHA256:nobody")
	wantIs(t, err, model.ErrNotFound)
	wantIs(t, err, model.ErrNotEnrolled)
	_, err = e.s.UserByName("Nobody")
	wantIs(t, err, model.ErrNotFound)
	_, err = e.s.User(12345)
	wantIs(t, err, model.ErrNotFound)
}

func TestAuditEntryPerWrite(t *testing.T) {
	e := newEnv(t)
	pat := e.actor("Pat Police")
	admin := e.actor("Ada Admin")
	p := e.create(t, "Pat Police", model.Problem{Title: "Bikes stolen from the station", Description: "SECRET DETAIL", Visibility: onlyAgencies("police")})
	p.Stage = model.StageAnalysis
	p.Description = "SECRET DETAIL, updated"
	if _, err := e.s.UpdateProblemBecause(pat, p, "two more reports"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.AddKey(admin, e.u["Mo Member"].ID, testKey(50, "")); err != nil {
		t.Fatal(err)
	}

	entries, err := e.s.Audit(e.u["Pat Police"], 2)
	if err != nil || len(entries) != 2 {
		t.Fatalf("Audit(pat, 2) = %v, %v", entries, err)
	}
	upd, crt := entries[0], entries[1]
	checks := []struct {
		e                      model.AuditEntry
		action                 model.AuditAction
		target, actor          string
		fingerprint, inSummary string
	}{
		{upd, "problem.update", "problem/1", "Pat Police", pat.Fingerprint, `title "Bikes stolen from the station" stage scanning→analysis description edited`},
		{crt, "problem.create", "problem/1", "Pat Police", pat.Fingerprint, `title "Bikes stolen from the station"`},
	}
	for _, c := range checks {
		if c.e.Action != c.action || c.e.Target != c.target || c.e.Actor.User.Name != c.actor ||
			c.e.Actor.Fingerprint != c.fingerprint || c.e.Actor.User.ID != e.u[c.actor].ID || c.e.Ward != north ||
			c.e.Visibility.String() != "agencies:police" || !strings.Contains(c.e.Summary, c.inSummary) {
			t.Errorf("entry %+v, want %s %s by %s (%s) saying %q", c.e, c.action, c.target, c.actor, c.fingerprint, c.inSummary)
		}
		if strings.Contains(c.e.Summary, "SECRET") {
			t.Errorf("summary %q repeats the description", c.e.Summary)
		}
		if len(c.e.Actor.User.Keys) != 0 || len(c.e.Actor.User.Wards) != 0 {
			t.Errorf("entry keeps the actor's keys or wards: %+v", c.e.Actor)
		}
	}
	if !(upd.Seq > crt.Seq) || !upd.At.After(crt.At) {
		t.Errorf("entries out of order: %d@%v then %d@%v", crt.Seq, crt.At, upd.Seq, upd.At)
	}

	all, err := e.s.Audit(e.u["Ada Admin"], 0)
	if err != nil {
		t.Fatal(err)
	}
	// Setup: 2 wards, 4 agencies, len(personas) users; then one key. The
	// admin is council, so the police-only problem's entries are not theirs.
	if want := 2 + 4 + len(personas) + 1; len(all) != want {
		t.Errorf("admin sees %d entries, want %d", len(all), want)
	}
	k := all[0]
	if k.Action != "user.key.add" || k.Actor.User.Name != "Ada Admin" || k.Actor.Fingerprint != admin.Fingerprint || k.Ward != "" {
		t.Errorf("newest admin entry %+v", k)
	}
	op := all[len(all)-1]
	if op.Action != "ward.add" || op.Target != "ward/"+north || op.Actor.User.Name != "operator" || op.Actor.Fingerprint != "local" || op.Actor.User.ID != 0 {
		t.Errorf("oldest entry %+v", op)
	}
	if total := auditCount(t, e.s); uint64(total) != e.s.Revision() {
		t.Errorf("%d audit entries but revision %d: one of each per write", total, e.s.Revision())
	}
}

func TestReopenKeepsData(t *testing.T) {
	e := newEnv(t)
	p := e.create(t, "Pat Police", model.Problem{Title: "Fly-tipping on Mill Lane", Category: "environmental"})
	rev := e.s.Revision()
	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := e.s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}

	s := openAt(t, e.dir, e.clock)
	if s.Revision() != rev {
		t.Errorf("revision after reopen %d, want %d", s.Revision(), rev)
	}
	got, err := s.Problem(e.u["Mo Member"], p.ID)
	if err != nil || !reflect.DeepEqual(got, p) {
		t.Errorf("after reopen: %+v, %v; want %+v", got, err, p)
	}
	u, err := s.UserByKey(e.u["Hana Housing"].Keys[0].Fingerprint)
	if err != nil || u.Name != "Hana Housing" {
		t.Errorf("UserByKey after reopen: %+v, %v", u, err)
	}
	p2, err := s.CreateProblem(e.actor("Pat Police"), model.Problem{Ward: north, Title: "Second problem"})
	if err != nil {
		t.Fatal(err)
	}
	if p2.ID != p.ID+1 {
		t.Errorf("ID after reopen %d, want %d", p2.ID, p.ID+1)
	}
	if s.Revision() != rev+1 {
		t.Errorf("revision %d after one more write, want %d", s.Revision(), rev+1)
	}
}

func TestSecondOpenFailsFast(t *testing.T) {
	dir := t.TempDir()
	openAt(t, dir, newClock())
	for _, timeout := range []time.Duration{0, 100 * time.Millisecond} {
		want := timeout
		if want == 0 {
			want = DefaultLockTimeout
		}
		start := time.Now()
		s, err := Open(dir, Options{LockTimeout: timeout})
		took := time.Since(start)
		if err == nil {
			_ = s.Close()
			t.Fatal("second Open succeeded")
		}
		wantIs(t, err, ErrLocked)
		if !strings.Contains(err.Error(), filepath.Join(dir, FileName)) {
			t.Errorf("error %q does not name the file", err)
		}
		if took > want+time.Second {
			t.Errorf("second Open took %v with LockTimeout %v", took, timeout)
		}
	}
}

func TestClosedStore(t *testing.T) {
	e := newEnv(t)
	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := e.s.Wards()
	wantIs(t, err, ErrClosed)
	_, err = e.s.CreateProblem(e.actor("Pat Police"), model.Problem{Ward: north, Title: "After close"})
	wantIs(t, err, ErrClosed)
	_, err = e.s.SchemaVersion()
	wantIs(t, err, ErrClosed)
	sub := e.s.Subscribe()
	if _, ok := <-sub.C; ok {
		t.Error("Subscribe after Close gave an open channel")
	}
	sub.Close()
}

func TestRefusesNewerSchema(t *testing.T) {
	dir := t.TempDir()
	s := openAt(t, dir, newClock())
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	setRaw(t, filepath.Join(dir, FileName), bucketMeta, metaSchema, u64(currentSchema+1))

	_, err := Open(dir, Options{})
	wantIs(t, err, ErrSchemaTooNew)
	if !strings.Contains(err.Error(), fmt.Sprintf("schema %d", currentSchema+1)) {
		t.Errorf("error %q does not give the file's schema", err)
	}
	// Refusing must not have touched the file.
	db, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(func(tx *bolt.Tx) error {
		if v, _ := readSchema(tx.Bucket(bucketMeta)); v != currentSchema+1 {
			t.Errorf("schema rewritten to %d", v)
		}
		return nil
	})
}

func TestRefusesForeignFile(t *testing.T) {
	dir := t.TempDir()
	setRaw(t, filepath.Join(dir, FileName), []byte("something-else"), []byte("k"), []byte("v"))
	_, err := Open(dir, Options{})
	wantIs(t, err, ErrCorrupt)
}

func TestRefusesGarbage(t *testing.T) {
	dir := t.TempDir()
	junk := make([]byte, 64<<10)
	for i := range junk {
		junk[i] = byte(i * 7)
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), junk, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(dir, Options{})
	wantIs(t, err, ErrCorrupt)
}

func TestUnknownEncodingIsAClearError(t *testing.T) {
	dir := t.TempDir()
	s := openAt(t, dir, newClock())
	if _, err := s.AddWard(model.Operator, model.Ward{Code: north, Name: "Northgate"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	setRaw(t, filepath.Join(dir, FileName), bucketWards, []byte(south), []byte("\x02{}"))

	s = openAt(t, dir, newClock())
	_, err := s.Wards()
	wantIs(t, err, ErrCorrupt)
	if !strings.Contains(err.Error(), "format 2") {
		t.Errorf("error %q does not name the format", err)
	}
	_, err = s.Ward(north)
	if err != nil {
		t.Errorf("a good record next to a bad one: %v", err)
	}
}

func TestDecode(t *testing.T) {
	var w model.Ward
	for _, data := range [][]byte{nil, {}, {0}, {2, '{', '}'}, {formatJSON, '{'}} {
		wantIs(t, decode(data, &w), ErrCorrupt)
	}
	data, err := encode(model.Ward{Code: north, Name: "N"})
	if err != nil || data[0] != formatJSON {
		t.Fatalf("encode: %q, %v", data, err)
	}
	if err := decode(data, &w); err != nil || w.Name != "N" {
		t.Errorf("decode: %+v, %v", w, err)
	}
}

func TestVersionConflict(t *testing.T) {
	e := newEnv(t)
	p := e.create(t, "Pat Police", model.Problem{Title: "Youth nuisance at the parade"})
	mine, theirs := p, p

	theirs.Stage = model.StageAnalysis
	saved, err := e.s.UpdateProblemBecause(e.actor("Chris Chair"), theirs, "seen at two meetings")
	if err != nil {
		t.Fatal(err)
	}
	if saved.Version != 2 || saved.UpdatedBy != "Chris Chair" || saved.CreatedBy != "Pat Police" ||
		!saved.CreatedAt.Equal(p.CreatedAt) || !saved.UpdatedAt.After(p.UpdatedAt) {
		t.Errorf("saved %+v", saved)
	}

	mine.Title = "Youth nuisance at the parade, evenings"
	before, rev := auditCount(t, e.s), e.s.Revision()
	_, err = e.s.UpdateProblem(e.actor("Pat Police"), mine)
	wantIs(t, err, model.ErrConflict)
	var ce *model.ConflictError
	if !errors.As(err, &ce) || ce.By != "Chris Chair" || !ce.At.Equal(saved.UpdatedAt) {
		t.Errorf("conflict %#v, want by Chris Chair at %v", err, saved.UpdatedAt)
	}
	if auditCount(t, e.s) != before || e.s.Revision() != rev {
		t.Error("a refused edit left an audit entry or moved the revision")
	}

	// Starting again from the saved version works, and keeps the creator
	// whatever the caller sent.
	mine = saved
	mine.Title = "Youth nuisance at the parade, evenings"
	mine.CreatedBy, mine.CreatedAt = "someone else", time.Time{}
	got, err := e.s.UpdateProblem(e.actor("Pat Police"), mine)
	if err != nil || got.Version != 3 || got.CreatedBy != "Pat Police" || !got.CreatedAt.Equal(p.CreatedAt) {
		t.Errorf("retry: %+v, %v", got, err)
	}
}

func TestUpdateProblemRules(t *testing.T) {
	e := newEnv(t)
	hidden := e.create(t, "Pat Police", model.Problem{Title: "Police only", Visibility: onlyAgencies("police")})
	open := e.create(t, "Pat Police", model.Problem{Title: "Panel problem"})
	edit := func(p model.Problem, f func(*model.Problem)) model.Problem { f(&p); return p }
	tests := []struct {
		name string
		by   string
		p    model.Problem
		want error
	}{
		{"missing", "Pat Police", edit(open, func(p *model.Problem) { p.ID = 999 }), model.ErrNotFound},
		{"hidden reads as missing", "Hana Housing", hidden, model.ErrNotFound},
		{"hidden, even with a stale version", "Hana Housing", edit(hidden, func(p *model.Problem) { p.Version = 7 }), model.ErrNotFound},
		{"secretary may not edit", "Sam Secretary", open, model.ErrForbidden},
		{"member may not edit", "Mo Member", open, model.ErrForbidden},
		{"no moving wards", "Pat Police", edit(open, func(p *model.Problem) { p.Ward = south }), model.ErrForbidden},
		{"no hiding from yourself", "Pat Police", edit(open, func(p *model.Problem) { p.Visibility = onlyAgencies("housing") }), model.ErrForbidden},
		{"invalid", "Pat Police", edit(open, func(p *model.Problem) { p.Title = "x" }), model.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, rev := auditCount(t, e.s), e.s.Revision()
			_, err := e.s.UpdateProblem(e.actor(tt.by), tt.p)
			wantIs(t, err, tt.want)
			if auditCount(t, e.s) != before || e.s.Revision() != rev {
				t.Error("a refused edit left an audit entry or moved the revision")
			}
		})
	}
	// The same message for hidden and missing, so probing IDs tells nothing.
	_, errHidden := e.s.UpdateProblem(e.actor("Hana Housing"), hidden)
	_, errMissing := e.s.Problem(e.u["Hana Housing"], 999)
	if strings.ReplaceAll(errHidden.Error(), "1", "999") != errMissing.Error() {
		t.Errorf("hidden %q and missing %q read differently", errHidden, errMissing)
	}
}

func TestForbiddenWrites(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name  string
		write func() error
		want  error
	}{
		{"observer creates", func() error {
			_, err := e.s.CreateProblem(e.actor("Olu Observer"), model.Problem{Ward: north, Title: "Observed"})
			return err
		}, model.ErrForbidden},
		{"member creates restricted", func() error {
			_, err := e.s.CreateProblem(e.actor("Mo Member"), model.Problem{Ward: north, Title: "Secret", Visibility: onlyAgencies("residents")})
			return err
		}, model.ErrForbidden},
		{"member creates past scanning", func() error {
			_, err := e.s.CreateProblem(e.actor("Mo Member"), model.Problem{Ward: north, Title: "Advanced", Stage: model.StageResponse})
			return err
		}, model.ErrForbidden},
		{"admin creates", func() error {
			_, err := e.s.CreateProblem(e.actor("Ada Admin"), model.Problem{Ward: north, Title: "Admin's"})
			return err
		}, model.ErrForbidden},
		{"officer of another ward", func() error {
			_, err := e.s.CreateProblem(e.actor("Sol South"), model.Problem{Ward: north, Title: "Not my ward"})
			return err
		}, model.ErrForbidden},
		{"operator creates", func() error {
			_, err := e.s.CreateProblem(model.Operator, model.Problem{Ward: north, Title: "Operator's"})
			return err
		}, model.ErrForbidden},
		{"officer restricts to officers", func() error {
			_, err := e.s.CreateProblem(e.actor("Pat Police"), model.Problem{Ward: north, Title: "Papers", Visibility: model.Visibility{Kind: model.VisOfficers}})
			return err
		}, model.ErrForbidden},
		{"chair adds a ward", func() error {
			_, err := e.s.AddWard(e.actor("Chris Chair"), model.Ward{Code: "E05000009", Name: "Nine"})
			return err
		}, model.ErrForbidden},
		{"officer puts an agency", func() error {
			_, err := e.s.PutAgency(e.actor("Pat Police"), model.Agency{Code: "police", Name: "Renamed"})
			return err
		}, model.ErrForbidden},
		{"someone claiming the operator's name", func() error {
			a := model.Actor{User: model.User{ID: e.u["Pat Police"].ID, Name: "operator", Role: model.RoleOfficer}, Fingerprint: "local"}
			_, err := e.s.AddWard(a, model.Ward{Code: "E05000009", Name: "Nine"})
			return err
		}, model.ErrForbidden},
		{"unknown ward", func() error {
			u := e.u["Pat Police"]
			u.Wards = append(u.Wards, "E05000009")
			_, err := e.s.CreateProblem(model.Actor{User: u, Fingerprint: u.Keys[0].Fingerprint}, model.Problem{Ward: "E05000009", Title: "Nowhere"})
			if err != nil && !strings.Contains(err.Error(), "unknown ward E05000009") {
				t.Errorf("error %q does not name the ward", err)
			}
			return err
		}, model.ErrNotFound},
		{"duplicate ward", func() error {
			_, err := e.s.AddWard(model.Operator, model.Ward{Code: north, Name: "Again"})
			return err
		}, model.ErrDuplicate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub := e.s.Subscribe()
			defer sub.Close()
			before, rev := auditCount(t, e.s), e.s.Revision()
			wantIs(t, tt.write(), tt.want)
			if auditCount(t, e.s) != before || e.s.Revision() != rev {
				t.Error("a refused write left an audit entry or moved the revision")
			}
			if !empty(sub) {
				t.Error("a refused write was published")
			}
		})
	}
}

func TestVisibility(t *testing.T) {
	e := newEnv(t)
	policeOnly := e.create(t, "Pat Police", model.Problem{Title: "County lines cuckooing", Visibility: onlyAgencies("police")})
	officers := e.create(t, "Chris Chair", model.Problem{Title: "Complaint about a councillor", Visibility: model.Visibility{Kind: model.VisOfficers}})
	panel := e.create(t, "Mo Member", model.Problem{Title: "Broken street lights"})
	elsewhere := e.create(t, "Sol South", model.Problem{Ward: south, Title: "Southern problem"})

	tests := []struct {
		viewer string
		sees   []model.ID // in the north ward, oldest first
	}{
		{"Pat Police", []model.ID{policeOnly.ID, panel.ID}},
		{"Hana Housing", []model.ID{panel.ID}},
		{"Ada Admin", []model.ID{panel.ID}},
		{"Chris Chair", []model.ID{officers.ID, panel.ID}},
		{"Sam Secretary", []model.ID{officers.ID, panel.ID}},
		{"Cass Police Chair", []model.ID{policeOnly.ID, officers.ID, panel.ID}},
		{"Mo Member", []model.ID{panel.ID}},
		{"Olu Observer", []model.ID{panel.ID}},
		{"Sol South", []model.ID{}},
	}
	all := []model.Problem{policeOnly, officers, panel, elsewhere}
	for _, tt := range tests {
		t.Run(tt.viewer, func(t *testing.T) {
			viewer := e.u[tt.viewer]
			list, err := e.s.Problems(viewer, north)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(list); !reflect.DeepEqual(got, tt.sees) {
				t.Errorf("Problems = %v, want %v", got, tt.sees)
			}
			for _, p := range all {
				got, err := e.s.Problem(viewer, p.ID)
				if model.CanSeeProblem(viewer, p) {
					if err != nil || got.ID != p.ID {
						t.Errorf("Problem(%d) = %v, want it", p.ID, err)
					}
				} else {
					wantIs(t, err, model.ErrNotFound)
				}
			}
			// The trail of a record is as visible as the record.
			entries, err := e.s.Audit(viewer, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, en := range entries {
				if !model.CanSeeAudit(viewer, en) {
					t.Errorf("sees audit entry %+v", en)
				}
				for _, p := range all {
					if en.Target == fmt.Sprintf("problem/%d", p.ID) && !model.CanSeeProblem(viewer, p) {
						t.Errorf("sees the trail of hidden problem %d: %+v", p.ID, en)
					}
				}
			}
		})
	}

	south, err := e.s.Problems(e.u["Sol South"], "e05000002")
	if err != nil || !reflect.DeepEqual(ids(south), []model.ID{elsewhere.ID}) {
		t.Errorf("south board %v, %v", ids(south), err)
	}
	_, err = e.s.Problems(e.u["Pat Police"], "E05999999")
	wantIs(t, err, model.ErrNotFound)
	_, err = e.s.Problems(e.u["Pat Police"], "nonsense")
	wantIs(t, err, model.ErrInvalid)

	// Who reads the trail at all.
	for name, want := range map[string]bool{"Mo Member": false, "Olu Observer": false, "Pat Police": true, "Ada Admin": true, "Sam Secretary": true} {
		entries, err := e.s.Audit(e.u[name], 0)
		if err != nil || (len(entries) > 0) != want {
			t.Errorf("%s reads %d audit entries (%v), want some: %v", name, len(entries), err, want)
		}
	}
}

func TestCallerSlicesUntouched(t *testing.T) {
	e := newEnv(t)
	vis := []string{"Police", "HOUSING"}
	e.create(t, "Pat Police", model.Problem{Title: "Shared slices", Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: vis}})
	wards := []string{south, "e05000001"}
	if _, err := e.s.AddUser(model.Operator, model.User{Name: "Slice", Agency: "police", Role: model.RoleMember, Wards: wards}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(vis, []string{"Police", "HOUSING"}) || !reflect.DeepEqual(wards, []string{south, "e05000001"}) {
		t.Errorf("caller's slices rewritten: %v %v", vis, wards)
	}
}

// setRaw writes one value with plain bbolt, as damage or another program would.
func setRaw(t *testing.T, path string, bucket, key, value []byte) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucket)
		if err != nil {
			return err
		}
		return b.Put(key, value)
	})
	if err != nil {
		t.Fatal(err)
	}
}
