package crimes

import (
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/ui/uitest"
)

// What the screen's tests share: a store, the screen open on it, and what
// it asked of the router.

// Northfield, on the day of the app's tests, seen by an officer and an
// observer.
const ward = "E05009367"

var now = time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)

var officer, observer = model.User{ID: 1, Name: "Asha Patel", Agency: "police", Role: model.RoleOfficer, Wards: []string{ward}},
	model.User{ID: 5, Name: "Obi Observer", Agency: "residents", Role: model.RoleObserver, Wards: []string{ward}}

// asked is a problem the screen asked the router for, by Links.NewProblem.
type asked struct {
	p     model.Problem
	cite  model.Evidence
	focus model.CrimeFocus
}

// router is what the screen asked of the router: what the harness keeps
// (ui.Back, ui.Open, ui.Err), then the problems it asked for.
type router struct {
	hs    *uitest.Harness
	asked []asked
}

// sent is what the screen asked since the last look.
func (r *router) sent() []any {
	var out []any
	for _, m := range r.hs.Out {
		out = append(out, m)
	}
	for _, a := range r.asked {
		out = append(out, a)
	}
	r.hs.Out, r.asked = nil, nil
	return out
}

// emptyStore is a store with Northfield and no crime in it.
func emptyStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{Now: func() time.Time { return now }})
	if err == nil {
		t.Cleanup(func() { _ = st.Close() })
		_, err = st.AddWard(model.Operator, model.Ward{Code: ward, Name: "Northfield"})
	}
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// open shows u the crime picture of st, sized w×h.
func open(t *testing.T, st Store, u model.User, w, h int) (*uitest.Harness, *Screen, *router) {
	t.Helper()
	s := uitest.NewSession(u, now)
	s.W.Name = "Northfield"
	r := &router{}
	v := New(s, st, Links{NewProblem: func(p model.Problem, cite model.Evidence, focus model.CrimeFocus) tea.Msg {
		r.asked = append(r.asked, asked{p, cite, focus})
		return nil
	}})
	r.hs = uitest.New(t, v, w, h)
	return r.hs, v, r
}

// only is the one message of out, if it is a T.
func only[T any](out []any) (T, bool) {
	var zero T
	if len(out) != 1 {
		return zero, false
	}
	m, ok := out[0].(T)
	return m, ok
}

// offered says whether the screen's full help holds b.
func offered(v *Screen, b key.Binding) bool {
	for _, g := range v.FullHelp() {
		for _, k := range g {
			if k.Help() == b.Help() {
				return true
			}
		}
	}
	return false
}
