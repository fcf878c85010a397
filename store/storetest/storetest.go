// Package storetest builds real stores for tests: a fresh file in the
// test's temporary folder on a clock that gives every write its own
// minute, and the wards, agencies and people a fixture starts from.
package storetest

import (
	"sync"
	"testing"
	"time"

	"wardpanel/model"
	"wardpanel/store"
)

// Clock gives each reading its own minute after the last, from a fixed
// start, so that a fixture's records and audit trail have the same times
// every run.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts a clock whose first reading is a minute after start.
func NewClock(start time.Time) *Clock { return &Clock{t: start} }

// Now moves the clock on a minute and reads it.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Minute)
	return c.t
}

// Open opens a new store in t's temporary folder on the clock now (nil:
// the real one), closed when the test ends.
func Open(t testing.TB, now func() time.Time) *store.Store {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// Fixture writes a test's starting records as the operator, failing the
// test at the first write that fails.
type Fixture struct {
	T  testing.TB
	St *store.Store
}

// Must fails the test on err.
func (f Fixture) Must(err error) {
	f.T.Helper()
	if err != nil {
		f.T.Fatal(err)
	}
}

// Ward adds ward code called name.
func (f Fixture) Ward(code, name string) {
	f.T.Helper()
	_, err := f.St.AddWard(model.Operator, model.Ward{Code: code, Name: name})
	f.Must(err)
}

// Agencies adds the agencies.
func (f Fixture) Agencies(agencies ...model.Agency) {
	f.T.Helper()
	for _, a := range agencies {
		_, err := f.St.PutAgency(model.Operator, a)
		f.Must(err)
	}
}

// Codes are agencies known by their codes alone.
func Codes(codes ...string) []model.Agency {
	out := make([]model.Agency, len(codes))
	for i, c := range codes {
		out[i] = model.Agency{Code: c}
	}
	return out
}

// User enrols name of agency in role for the wards.
func (f Fixture) User(name, agency string, role model.Role, wards ...string) model.User {
	f.T.Helper()
	u, err := f.St.AddUser(model.Operator, model.User{Name: name, Agency: agency, Role: role, Wards: wards})
	f.Must(err)
	return u
}
