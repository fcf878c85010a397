package tui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"wardpanel/model"
	"wardpanel/store"
)

const crimeFixtures = "../store/testdata/crimes"

// crimeStore is the fixture board in a real store, with Northfield made of
// the fixtures' north LSOAs and the police.uk fixtures imported.
func crimeStore(t *testing.T) *store.Store {
	t.Helper()
	st := realStore(t)
	if _, err := st.SetWardLSOAs(model.Operator, wardA, []string{"E01000001", "E01000002", "E01000003"}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"2024-01-testshire-street.csv", "2024-02-testshire-street.csv", "2024-03-testshire-street.csv",
		"2024-04-testshire-street.csv", "2024-02-neighbourshire-street.csv", "2024-03-testshire-street-as-of-2024-06.csv"} {
		f, err := os.Open(filepath.Join(crimeFixtures, name))
		if err != nil {
			t.Fatal(err)
		}
		_, err = st.ImportCrimes(model.Operator, name, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
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

func TestCrimeTypeShowsItsPlaces(t *testing.T) {
	hs, _ := crimeHarness(t, officer, 120, 40)
	hs.keys("tab") // the types: recorded crime only, ASB apart
	for i, typ := range hs.app.crimes().p.Types {
		if typ.Name == model.ASBType {
			t.Errorf("ASB among the types: %+v", typ)
		}
		if typ.Name == "Burglary" {
			for range i {
				hs.keys("down")
			}
		}
	}
	if v := hs.app.crimes(); v.focus != paneTypes || v.p.Types[v.cursor[paneTypes]].Name != "Burglary" {
		t.Fatalf("cursor on %+v", v.p.Types[v.cursor[paneTypes]])
	}
	hs.keys("enter")
	v := hs.app.crimes()
	if v.p.Type != "Burglary" || len(v.p.Locations) != 1 || v.p.Locations[0].Name != "On or near Elm Grove" || v.focus != panePlaces {
		t.Fatalf("burglary's places: %+v", v.p.Locations)
	}
	if !strings.Contains(hs.view(), "WHERE: BURGLARY ONLY") {
		t.Errorf("no filter heading:\n%s", hs.view())
	}
	hs.keys("esc")
	if hs.app.crimes().p.Type != "" || len(hs.app.crimes().p.Locations) != 7 || hs.app.active != screenCrimes {
		t.Errorf("esc: %q, %d places", hs.app.crimes().p.Type, len(hs.app.crimes().p.Locations))
	}
	hs.keys("esc")
	if hs.app.active != screenBoard {
		t.Errorf("second esc: screen %q", hs.app.active)
	}
}

func TestCrimeScreenFollowsTheStore(t *testing.T) {
	hs, st := crimeHarness(t, officer, 120, 40)
	hs.keys("down", "up") // Elm Grove: the place stays under the cursor
	if _, err := st.SetWardLSOAs(model.Operator, wardA, []string{"E01000003"}); err != nil {
		t.Fatal(err)
	}
	hs.send(StoreChangedMsg{Revision: st.Revision()})
	v := hs.app.crimes()
	if strings.Contains(hs.view(), "Parking Area") || v.p.Locations[v.cursor[panePlaces]].Name != "On or near Elm Grove" {
		t.Errorf("after the ward's areas changed:\n%s", hs.view())
	}
	hs.keys("m")
	if hs.app.crimes().months() != 24 {
		t.Errorf("m: %d months", hs.app.crimes().months())
	}
}

func TestCrimeScreenWithoutData(t *testing.T) {
	u := officer
	hs := newHarness(t, Options{Store: realStore(t), User: &u, Now: fixedNow}, 80, 24)
	hs.keys("x")
	if !strings.Contains(ansi.Strip(hs.view()), "No police.uk crime data for this ward yet") {
		t.Errorf("no data:\n%s", hs.view())
	}
}

// Every size down to 30×8 draws a frame of exactly its size, whichever
// pane has the focus.
func TestCrimeScreenFitsEverySize(t *testing.T) {
	hs, _ := crimeHarness(t, officer, 80, 24)
	for _, sz := range [][2]int{{160, 50}, {100, 30}, {80, 24}, {60, 16}, {40, 12}, {30, 8}} {
		for range 2 {
			hs.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			lines := strings.Split(hs.view(), "\n")
			if len(lines) != sz[1] {
				t.Errorf("%v: %d lines", sz, len(lines))
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > sz[0] {
					t.Errorf("%v: line %d is %d wide: %q", sz, i, w, ansi.Strip(l))
				}
			}
			hs.keys("tab")
		}
	}
}

func TestSparkline(t *testing.T) {
	for _, tt := range []struct {
		counts []int
		w      int
		want   string
	}{
		{[]int{0, 1, 2, 4, 8}, 5, "▁▂▃▅█"},
		{[]int{0, 0}, 2, "▁▁"},
		{[]int{3, 3}, 2, "██"},
		// Months that do not fit are summed two by two (1+2, 3+4).
		{[]int{1, 2, 3, 4}, 2, "▄█"},
		{[]int{1, 2, 3, 4, 5}, 2, "▃█"}, // (1+2, 3+4+5)
		{[]int{1}, 0, ""},
	} {
		if got := sparkline(tt.counts, tt.w); got != tt.want {
			t.Errorf("sparkline(%v, %d) = %q, want %q", tt.counts, tt.w, got, tt.want)
		}
	}
}

// scanFails is the real store whose plan write fails, as a full disk might.
type scanFails struct{ *store.Store }

func (scanFails) SetPlanScan(model.Actor, model.ID, model.ProblemSource, model.CrimeFocus) (model.Plan, error) {
	return model.Plan{}, errors.New("disk full")
}

// A hotspot's problem whose plan cannot be written still stands, and the
// status line is told what was not recorded, after the form has saved.
func TestCrimeProblemSaysWhenItsSourceIsNotRecorded(t *testing.T) {
	st := crimeStore(t)
	by := model.Actor{User: officer, Fingerprint: "SHA256:test"}
	p := model.Problem{Ward: wardA, Title: "Burglary on or near Elm Grove", Category: "burglary"}
	cite := crimeCite{Evidence: model.Evidence{Ward: wardA, Text: "police.uk figures"},
		focus: model.CrimeFocus{Type: "Burglary", Place: "On or near Elm Grove"}}
	msg := saveCitedCmd(scanFails{st}, by, p, cite, 7)()
	// tea.Sequence's message is its commands, in order.
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Len() != 2 {
		t.Fatalf("want the saved form then the error, in sequence; got %T %+v", msg, msg)
	}
	saved, ok := v.Index(0).Interface().(tea.Cmd)().(formSavedMsg)
	if !ok || saved.err != nil || saved.seq != 7 || saved.p.ID == 0 {
		t.Fatalf("first: %+v", saved)
	}
	failed, ok := v.Index(1).Interface().(tea.Cmd)().(errMsg)
	if !ok || failed.op != "recording that it came from the crime picture" {
		t.Fatalf("second: %+v", failed)
	}
	if plan, err := st.Plan(officer, saved.p.ID); err != nil || plan.Source != "" {
		t.Errorf("plan %+v, %v", plan, err)
	}
}
