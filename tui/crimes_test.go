package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/crimes/crimestest"
)

// crimeStore is the fixture board in a real store, with Northfield made of
// the fixtures' north LSOAs and the police.uk fixtures imported.
func crimeStore(t *testing.T) *store.Store {
	t.Helper()
	st := realStore(t)
	crimestest.Fixtures(t, st, wardA)
	return st
}

var xKey = tea.KeyPressMsg{Code: 'x', Text: "x"}

// The crime picture: all crime, each type with its sparkline, and the
// places ranked, the top one selected.
func TestGoldenCrimes(t *testing.T) {
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			opts := Options{Store: crimeStore(t), User: &officer, Fingerprint: "SHA256:golden", Now: fixedNow, Live: true}
			tm := startLoaded(t, opts, []string{"Speeding"}, xKey)
			waitFor(t, tm, "Park/Open Space")
			resize(tm, sz)
			teatest.RequireEqualOutput(t, finalScreen(t, tm))
		})
	}
}

func crimeHarness(t *testing.T, u model.User, w, h int) (*harness, *store.Store) {
	t.Helper()
	st := crimeStore(t)
	hs := newHarness(t, Options{Store: st, User: &u, Fingerprint: "SHA256:test", Now: fixedNow}, w, h)
	hs.keys("x")
	if hs.app.active != screenCrimes || !strings.Contains(hs.view(), "Mill Lane") {
		t.Fatalf("x did not open the crime picture:\n%s", hs.view())
	}
	return hs, st
}

func TestCrimePlaceBecomesAProblemCitingItsFigures(t *testing.T) {
	for _, u := range []model.User{officer, member} {
		t.Run(string(u.Role), func(t *testing.T) {
			hs, st := crimeHarness(t, u, 120, 40)
			hs.keys("enter") // the top place: Elm Grove (recorded crime; ASB is apart)
			if hs.app.active != screenForm {
				t.Fatalf("enter on a place: screen %q\n%s", hs.app.active, hs.view())
			}
			f := hs.app.form()
			if got := f.fields[fTitle].Value(); got != "Burglary on or near Elm Grove" {
				t.Errorf("title %q", got)
			}
			// The snap point's grid reference goes with its name.
			if f.fields[fLocation].Value() != "On or near Elm Grove (SP 334 779)" || f.fields[fCategory].Choice.Value() != "burglary" {
				t.Errorf("location %q, category %q", f.fields[fLocation].Value(), f.fields[fCategory].Choice.Value())
			}
			if !strings.Contains(f.fields[fDesc].Value(), "5 crimes recorded by police.uk on or near Elm Grove") {
				t.Errorf("description %q", f.fields[fDesc].Value())
			}
			hs.keys("ctrl+s")
			if hs.app.active != screenDetail {
				t.Fatalf("after saving: screen %q\n%s", hs.app.active, hs.view())
			}
			p := hs.app.detail().p
			es, err := st.Evidence(u, p.ID)
			if err != nil || len(es) != 1 {
				t.Fatalf("evidence %+v %v", es, err)
			}
			e := es[0]
			want := model.EvidenceFact
			if u.Role == model.RoleMember {
				want = model.EvidenceReport // residents add reports
			}
			if e.Kind != want || e.Occurred.Format("2006-01-02") != "2024-04-30" || e.Visibility.String() != p.Visibility.String() {
				t.Errorf("evidence %+v", e)
			}
			for _, fig := range []string{"Northfield (LSOAs E01000001, E01000002, E01000003)", "Jan 2024 – Apr 2024",
				"5 crimes on or near Elm Grove (mostly burglary)", "Apr 2024: 2, against an average of 1.0 over Jan 2024 – Mar 2024 (≈)",
				"Jan 24 1, Feb 24 1, Mar 24 1, Apr 24 2"} {
				if !strings.Contains(e.Text, fig) {
					t.Errorf("evidence lacks %q:\n%s", fig, e.Text)
				}
			}
			checkCrimePlan(t, st, u, p)
		})
	}
}

// checkCrimePlan: a problem made from a hotspot says in its plan that it
// came from the crime picture, with the place and type its figures count,
// so that once a response begins its assessment has before and after
// figures. A resident's proposal leaves the plan to the officers, who may
// write it.
func checkCrimePlan(t *testing.T, st *store.Store, u model.User, p model.Problem) {
	t.Helper()
	plan, err := st.Plan(u, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if u.Role == model.RoleMember {
		if plan.Source != "" || plan.Focus.Set() {
			t.Errorf("a resident's proposal wrote its plan: %+v", plan)
		}
		return
	}
	if want := (model.CrimeFocus{Type: "Burglary", Place: "On or near Elm Grove"}); plan.Source != "crime-picture" || plan.Focus != want {
		t.Fatalf("plan source %q, focus %+v; want crime-picture and %+v", plan.Source, plan.Focus, want)
	}
	began := time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC)
	if _, err := st.AddResponse(model.Actor{User: u, Fingerprint: "SHA256:test"}, p.ID,
		model.Response{Side: model.SideLocation, Text: "Gates and lighting at the back of Elm Grove", Began: began}); err != nil {
		t.Fatal(err)
	}
	ba, ok, err := st.BeforeAfter(u, p.ID)
	if err != nil || !ok {
		t.Fatalf("before/after: %v, %v", ok, err)
	}
	// The evidence's month by month (Jan 24 1, Feb 24 1, Mar 24 1, Apr 24 2),
	// split at March.
	if before, since := ba.Totals(); before != 2 || since != 3 || ba.Began != model.MonthOf(2024, 3) {
		t.Errorf("before/after %+v: %d before, %d since; want 2 and 3 from Mar 2024", ba, before, since)
	}
}

func TestObserversReadTheCrimePictureOnly(t *testing.T) {
	hs, _ := crimeHarness(t, watcher, 120, 40)
	hs.keys("enter")
	if hs.app.active != screenCrimes || strings.Contains(hs.view(), "new problem") {
		t.Errorf("an observer was offered a problem:\n%s", hs.view())
	}
}

// The picture and the analyst's views, each at 80×24 and 120×40: the
// picture with its coverage warning and ASB apart, outcomes, repeat places,
// possible series (the planted one, its points under it) and coverage.
func TestGoldenCrimeViews(t *testing.T) {
	views := []struct{ key, name, wait string }{{"", "picture", "WHERE"}, {"o", "outcomes", "Outcomes:"},
		{"r", "repeats", "Repeat places:"}, {"s", "series", "Willow"}, {"c", "coverage", "Coverage:"}}
	for _, view := range views {
		for _, sz := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s/%dx%d", view.name, sz[0], sz[1]), func(t *testing.T) {
				st := realStore(t)
				crimestest.Analyst(t, st, wardA)
				opts := Options{Store: st, User: &officer, Fingerprint: "SHA256:golden", Now: fixedNow, Live: true}
				tm := startLoaded(t, opts, []string{"Speeding"}, xKey)
				waitFor(t, tm, "Elm Grove")
				resize(tm, sz)
				if view.key != "" {
					tm.Send(tea.KeyPressMsg{Code: rune(view.key[0]), Text: view.key})
				}
				waitFor(t, tm, view.wait)
				teatest.RequireEqualOutput(t, finalScreen(t, tm))
			})
		}
	}
}

// One key makes a problem of a possible series, citing its points and
// months (the views themselves are tested in package crimes).
func TestCrimeSeriesBecomesAProblem(t *testing.T) {
	st := realStore(t)
	crimestest.Analyst(t, st, wardA)
	u := officer
	hs := newHarness(t, Options{Store: st, User: &u, Fingerprint: "SHA256:test", Now: fixedNow}, 120, 40)
	hs.keys("x", "s", "enter")
	if hs.app.active != screenForm {
		t.Fatalf("enter on a series: screen %q\n%s", hs.app.active, hs.view())
	}
	f := hs.app.form()
	if f.fields[fTitle].Value() != "Possible vehicle crime series near Willow Road" || f.fields[fCategory].Choice.Value() != "vehicle-crime" ||
		!strings.Contains(f.cite.Text, "5 crimes of vehicle crime within 250 m of each other in 5 consecutive months") {
		t.Errorf("title %q, category %q, cite %q", f.fields[fTitle].Value(), f.fields[fCategory].Choice.Value(), f.cite.Text)
	}
	hs.keys("ctrl+s")
	if hs.app.active != screenDetail {
		t.Fatalf("after saving: screen %q\n%s", hs.app.active, hs.view())
	}
	es, err := st.Evidence(u, hs.app.detail().p.ID)
	if err != nil || len(es) != 1 || !strings.Contains(es[0].Text, "Ash Grove") {
		t.Errorf("evidence %+v %v", es, err)
	}
}
