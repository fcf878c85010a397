// Package crimestest fills a test's store with crime for the crime picture
// screen's tests, in tui/crimes and in tui (whose tests drive it through
// the whole app): the police.uk fixtures, or two years of made-up crime
// for the analyst's views.
package crimestest

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"wardpanel/model"
	"wardpanel/store"
)

// LSOAs are the areas ward is made of: the fixtures' north LSOAs.
var LSOAs = []string{"E01000001", "E01000002", "E01000003"}

// setLSOAs makes ward of LSOAs.
func setLSOAs(t testing.TB, st *store.Store, ward string) {
	t.Helper()
	if _, err := st.SetWardLSOAs(model.Operator, ward, LSOAs); err != nil {
		t.Fatal(err)
	}
}

// Fixtures makes ward of the fixtures' north LSOAs and imports the
// police.uk fixtures (store/testdata/crimes): Jan to Apr 2024.
func Fixtures(t testing.TB, st *store.Store, ward string) {
	t.Helper()
	setLSOAs(t, st, ward)
	_, self, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(self), "..", "..", "..", "store", "testdata", "crimes")
	for _, name := range []string{"2024-01-testshire-street.csv", "2024-02-testshire-street.csv", "2024-03-testshire-street.csv",
		"2024-04-testshire-street.csv", "2024-02-neighbourshire-street.csv", "2024-03-testshire-street-as-of-2024-06.csv"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		_, err = st.ImportCrimes(model.Operator, name, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
}

// Analyst makes ward two years of made-up crime (Mar 2024 to Feb 2026)
// from two forces: hotspots every month (shoplifting busier in the second
// year), a run of vehicle crime moving along Willow Road and its
// neighbours for five months (a possible series), anti-social behaviour,
// outcomes, and a neighbouring force whose LSOA misses its last month's
// file (a coverage gap).
func Analyst(t testing.TB, st *store.Store, ward string) {
	t.Helper()
	setLSOAs(t, st, ward)
	type spot struct {
		lsoa, place, typ string
		lon, lat         float64
		n                int
	}
	spots := []spot{
		{"E01000001", "Elm Grove", "Burglary", -1.5101, 52.3990, 2},
		{"E01000001", "Supermarket", "Shoplifting", -1.5000, 52.4030, 3},
		{"E01000002", "Station Road", "Violence and sexual offences", -1.4987, 52.4032, 2},
		{"E01000002", "Mill Lane", "Anti-social behaviour", -1.5050, 52.4000, 3},
		{"E01000001", "Shopping Area", "Shoplifting", -1.4900, 52.4100, 1},
		{"E01000002", "Shopping Area", "Shoplifting", -1.5200, 52.3950, 1},
	}
	road := spot{"E01000001", "Willow Road", "Vehicle crime", -1.5300, 52.4070, 1}
	close := spot{"E01000001", "Willow Close", "Vehicle crime", -1.5285, 52.4080, 1}
	ash := spot{"E01000002", "Ash Grove", "Vehicle crime", -1.5275, 52.4068, 1}
	series := []spot{road, close, ash, close, road}
	outcomes := []string{"Investigation complete; no suspect identified", "Under investigation", "Awaiting court outcome", "Local resolution"}
	for i := range 24 {
		m := model.MonthOf(2024, 3).Add(i).String()
		var b strings.Builder
		b.WriteString(strings.Join(model.CrimeColumns, ",") + "\n")
		line := func(force string, s spot, k int) {
			id := ""
			outcome := ""
			if s.typ != model.ASBType {
				id = fmt.Sprintf("%x", sha256.Sum256(fmt.Appendf(nil, "%s %s %s %d", m, s.place, force, k)))
				outcome = outcomes[(i+k)%len(outcomes)]
			}
			fmt.Fprintf(&b, "%s,%s,%s,%s,%.4f,%.4f,On or near %s,%s,Testford,%s,%s,\n", id, m, force, force, s.lon, s.lat, s.place, s.lsoa, s.typ, outcome)
		}
		for k, s := range spots {
			extra := 0
			if i >= 12 && s.typ == "Shoplifting" {
				extra = 2
			}
			for j := range s.n + (i*(k+1))%2 + extra {
				line("Testshire Constabulary", s, k*10+j)
			}
		}
		if k := i - 18; k >= 0 && k < len(series) {
			line("Testshire Constabulary", series[k], 99)
		}
		importString(t, st, "testshire "+m, b.String())
		if i < 23 {
			b.Reset()
			b.WriteString(strings.Join(model.CrimeColumns, ",") + "\n")
			line("Neighbourshire Police", spot{"E01000003", "Park/Open Space", "Drugs", -1.5090, 52.3997, 1}, 1)
			importString(t, st, "neighbourshire "+m, b.String())
		}
	}
}

func importString(t testing.TB, st *store.Store, name, csv string) {
	t.Helper()
	if _, err := st.ImportCrimes(model.Operator, name, strings.NewReader(csv)); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}
