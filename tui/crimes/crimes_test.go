package crimes

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
	"wardpanel/tui/crimes/crimestest"
	"wardpanel/tui/ui"
	"wardpanel/tui/ui/uitest"
)

// fixtures is the crime picture of the police.uk fixtures, open at w×h.
func fixtures(t *testing.T, u model.User, w, h int) (*uitest.Harness, *Screen, *router) {
	t.Helper()
	st := emptyStore(t)
	crimestest.Fixtures(t, st, ward)
	hs, v, r := open(t, st, u, w, h)
	if !strings.Contains(ansi.Strip(v.View()), "Mill Lane") {
		t.Fatalf("the crime picture:\n%s", ansi.Strip(v.View()))
	}
	return hs, v, r
}

// Enter on a place asks the router for the problem form, drafted from the
// place, with the figures to cite and the focus its plan counts; a user
// who may not put a problem on the board is not asked, nor offered it.
func TestEnterOnAPlaceAsksForAProblem(t *testing.T) {
	for _, tt := range []struct {
		u     model.User
		offer bool
	}{{officer, true}, {observer, false}} {
		t.Run(string(tt.u.Role), func(t *testing.T) {
			hs, v, r := fixtures(t, tt.u, 120, 40)
			if got := offered(v, v.k.Crimes.Problem); got != tt.offer {
				t.Errorf("the problem key offered %v", got)
			}
			hs.Keys("enter") // the top place: Elm Grove (recorded crime; ASB is apart)
			out := r.sent()
			if !tt.offer {
				if len(out) != 0 {
					t.Errorf("asked %+v", out)
				}
				return
			}
			a, ok := only[asked](out)
			if !ok {
				t.Fatalf("asked %+v", out)
			}
			if a.p.Title != "Burglary on or near Elm Grove" || a.p.Location != "On or near Elm Grove (SP 334 779)" || a.p.Category != "burglary" {
				t.Errorf("problem %+v", a.p)
			}
			if want := (model.CrimeFocus{Type: "Burglary", Place: "On or near Elm Grove"}); a.focus != want {
				t.Errorf("focus %+v, want %+v", a.focus, want)
			}
			if !strings.Contains(a.cite.Text, "Jan 24 1, Feb 24 1, Mar 24 1, Apr 24 2") || a.cite.Occurred.Format("2006-01-02") != "2024-04-30" {
				t.Errorf("cite %+v", a.cite)
			}
		})
	}
}

func TestCrimeTypeShowsItsPlaces(t *testing.T) {
	hs, v, r := fixtures(t, officer, 120, 40)
	hs.Keys("tab") // the types: recorded crime only, ASB apart
	for i, typ := range v.p.Types {
		if typ.Name == model.ASBType {
			t.Errorf("ASB among the types: %+v", typ)
		}
		if typ.Name == "Burglary" {
			for range i {
				hs.Keys("down")
			}
		}
	}
	if v.focus != paneTypes || v.p.Types[v.cursor[paneTypes]].Name != "Burglary" {
		t.Fatalf("cursor on %+v", v.p.Types[v.cursor[paneTypes]])
	}
	hs.Keys("enter")
	if v.p.Type != "Burglary" || len(v.p.Locations) != 1 || v.p.Locations[0].Name != "On or near Elm Grove" || v.focus != panePlaces {
		t.Fatalf("burglary's places: %+v", v.p.Locations)
	}
	if !strings.Contains(v.View(), "WHERE: BURGLARY ONLY") {
		t.Errorf("no filter heading:\n%s", v.View())
	}
	hs.Keys("esc")
	if v.p.Type != "" || len(v.p.Locations) != 7 || len(r.sent()) != 0 {
		t.Errorf("esc: %q, %d places", v.p.Type, len(v.p.Locations))
	}
	hs.Keys("esc")
	if _, ok := only[ui.Back](r.sent()); !ok {
		t.Errorf("second esc did not go back")
	}
}

func TestCrimeScreenFollowsTheStore(t *testing.T) {
	st := emptyStore(t)
	crimestest.Fixtures(t, st, ward)
	hs, v, _ := open(t, st, officer, 120, 40)
	hs.Keys("down", "up") // Elm Grove: the place stays under the cursor
	if _, err := st.SetWardLSOAs(model.Operator, ward, []string{"E01000003"}); err != nil {
		t.Fatal(err)
	}
	hs.Send(ui.StoreChanged{Revision: st.Revision()})
	if strings.Contains(v.View(), "Parking Area") || v.p.Locations[v.cursor[panePlaces]].Name != "On or near Elm Grove" {
		t.Errorf("after the ward's areas changed:\n%s", v.View())
	}
	hs.Keys("m")
	if v.months() != 24 {
		t.Errorf("m: %d months", v.months())
	}
}

func TestCrimeScreenWithoutData(t *testing.T) {
	_, v, _ := open(t, emptyStore(t), officer, 80, 24)
	if !strings.Contains(ansi.Strip(v.View()), "No police.uk crime data for this ward yet") {
		t.Errorf("no data:\n%s", v.View())
	}
}

// Every size down to 30×8 draws a frame of exactly its size, whichever
// pane has the focus.
func TestCrimeScreenFitsEverySize(t *testing.T) {
	hs, v, _ := fixtures(t, officer, 80, 24)
	for _, sz := range [][2]int{{160, 50}, {100, 30}, {80, 24}, {60, 16}, {40, 12}, {30, 8}} {
		for range 2 {
			v.SetSize(sz[0], sz[1])
			lines := strings.Split(v.View(), "\n")
			if len(lines) != sz[1] {
				t.Errorf("%v: %d lines", sz, len(lines))
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > sz[0] {
					t.Errorf("%v: line %d is %d wide: %q", sz, i, w, ansi.Strip(l))
				}
			}
			hs.Keys("tab")
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
