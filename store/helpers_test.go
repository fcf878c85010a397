package store

import (
	"crypto/ed25519"
	"errors"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
)

const (
	north = "E05000001"
	south = "E05000002"
)

// clock hands out a new minute on every call, so each write has its own time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Minute)
	return c.t
}

// testKey is a real ed25519 key, the same for the same seed on every run.
func testKey(seed byte, comment string) model.Key {
	priv := ed25519.NewKeyFromSeed(make32(seed))
	pk, err := gossh.NewPublicKey(priv.Public())
	if err != nil {
		panic(err)
	}
	return model.KeyFrom(pk, comment)
}

func make32(seed byte) []byte {
	b := make([]byte, ed25519.SeedSize)
	for i := range b {
		b[i] = seed
	}
	return b
}

func openAt(t testing.TB, dir string, clk *clock) *Store {
	t.Helper()
	s, err := Open(dir, Options{Now: clk.Now})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// env is a store with two wards, three agencies and one user per persona.
type env struct {
	s     *Store
	dir   string
	clock *clock
	u     map[string]model.User
}

// personas: name -> agency, role, ward, key seed.
var personas = []struct {
	name, agency string
	role         model.Role
	ward         string
	seed         byte
}{
	{"Pat Police", "police", model.RoleOfficer, north, 1},
	{"Hana Housing", "housing", model.RoleOfficer, north, 2},
	{"Ada Admin", "council", model.RoleAdmin, north, 3},
	{"Chris Chair", "residents", model.RoleChair, north, 4},
	{"Sam Secretary", "council", model.RoleSecretary, north, 5},
	{"Mo Member", "residents", model.RoleMember, north, 6},
	{"Olu Observer", "residents", model.RoleObserver, north, 7},
	{"Sol South", "police", model.RoleOfficer, south, 8},
	{"Cass Police Chair", "police", model.RoleChair, north, 9},
}

func newEnv(t testing.TB) *env {
	t.Helper()
	e := &env{dir: t.TempDir(), clock: newClock(), u: map[string]model.User{}}
	e.s = openAt(t, e.dir, e.clock)
	op := model.Operator
	for _, w := range []model.Ward{{Code: north, Name: "Northgate"}, {Code: south, Name: "Southmere"}} {
		if _, err := e.s.AddWard(op, w); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range []model.Agency{{Code: "police", Name: "Police"}, {Code: "housing", Name: "Housing"}, {Code: "council", Name: "Council"}, {Code: "residents"}} {
		if _, err := e.s.PutAgency(op, a); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range personas {
		u, err := e.s.AddUser(op, model.User{
			Name: p.name, Agency: p.agency, Role: p.role, Wards: []string{p.ward},
			Keys: []model.Key{testKey(p.seed, p.name)},
		})
		if err != nil {
			t.Fatal(err)
		}
		e.u[p.name] = u
	}
	return e
}

func (e *env) actor(name string) model.Actor {
	u, ok := e.u[name]
	if !ok {
		panic("no persona " + name)
	}
	return model.Actor{User: u, Fingerprint: u.Keys[0].Fingerprint}
}

func (e *env) create(t testing.TB, by string, p model.Problem) model.Problem {
	t.Helper()
	if p.Ward == "" {
		p.Ward = north
	}
	got, err := e.s.CreateProblem(e.actor(by), p)
	if err != nil {
		t.Fatalf("CreateProblem by %s: %v", by, err)
	}
	return got
}

// auditCount reads the trail's length directly, whoever could see it.
func auditCount(t testing.TB, s *Store) int {
	t.Helper()
	n := 0
	err := s.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketAudit).Stats().KeyN
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func onlyAgencies(agencies ...string) model.Visibility {
	return model.Visibility{Kind: model.VisAgencies, Agencies: agencies}
}

func ids(ps []model.Problem) []model.ID {
	out := []model.ID{}
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

func wantIs(t testing.TB, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("got error %v, want one matching %v", err, target)
	}
}

// recv waits briefly for a revision; the feed delivers before the write
// returns, so a short bound is plenty and a miss means no delivery.
func recv(t testing.TB, sub *Subscription) (uint64, bool) {
	t.Helper()
	select {
	case rev, ok := <-sub.C:
		return rev, ok
	case <-time.After(2 * time.Second):
		t.Fatal("no revision received")
		return 0, false
	}
}

func empty(sub *Subscription) bool {
	select {
	case <-sub.C:
		return false
	default:
		return true
	}
}
