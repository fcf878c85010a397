package main

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"time"

	"wardpanel/model"
)

// The demo's crime picture: Riverside is four (fictional) LSOAs, and two
// years of street-level crime in police.uk's format are made up for it and
// imported as a real file would be. The figures tell the stories the demo's
// problems tell: dealing around Kingfisher House, snatches on Station Road
// rising, burglary on the Meadows falling after the work on it. They also
// carry what real files carry, so every part of the picture has something
// to show: police.uk's snap points (each hotspot one point; two "Shopping
// Area" points a kilometre apart), a Crime ID repeated in another LSOA and
// a "No Location" twin, outcomes, and a run of burglaries moving along
// Willow Road and its neighbours for five months (a possible series).

var demoLSOAs = []string{"E01999901", "E01999902", "E01999903", "E01999904"}

type demoHotspot struct {
	lsoa, place, crimeType string
	lon, lat               float64 // the snap point
	base, trend            int     // crimes in the first month, and the change over the two years
}

var demoHotspots = []demoHotspot{
	{"E01999901", "On or near Kingfisher House", "Drugs", -0.1010, 51.5010, 4, 3},
	{"E01999901", "On or near Kingfisher House", "Anti-social behaviour", -0.1010, 51.5010, 9, 2},
	{"E01999902", "On or near Station Road", "Robbery", -0.0950, 51.5040, 1, 5},
	{"E01999902", "On or near Station Road", "Theft from the person", -0.0950, 51.5040, 2, 3},
	{"E01999902", "On or near Riverside Parade", "Shoplifting", -0.0930, 51.5055, 5, 0},
	{"E01999902", "On or near Riverside Parade", "Anti-social behaviour", -0.0930, 51.5055, 6, 1},
	{"E01999903", "On or near Meadows Close", "Burglary", -0.1080, 51.4960, 7, -5},
	{"E01999903", "On or near Mill Lane", "Vehicle crime", -0.1060, 51.4990, 3, -1},
	{"E01999904", "On or near Riverside Park", "Violence and sexual offences", -0.0900, 51.4980, 3, 1},
	{"E01999904", "On or near Mill Lane Underpass", "Criminal damage and arson", -0.0920, 51.4970, 5, -4},
	{"E01999902", "On or near Shopping Area", "Shoplifting", -0.0960, 51.5070, 2, 1},
	{"E01999904", "On or near Shopping Area", "Shoplifting", -0.0880, 51.4990, 2, 0},
}

// demoSeries is the run of burglaries: one point a month, each within
// 200 m of the last, in the months from the 18th of the 24.
var demoSeries = []struct {
	place    string
	lon, lat float64
}{
	{"On or near Willow Road", -0.1120, 51.5030},
	{"On or near Willow Close", -0.1105, 51.5040},
	{"On or near Ash Grove", -0.1095, 51.5028},
	{"On or near Willow Close", -0.1105, 51.5040},
	{"On or near Willow Road", -0.1120, 51.5030},
}

// demoMonths is how many months the demo's file holds.
const demoMonths = 24

// demoCrimesCSV is two years to the month before now, in police.uk's
// street-level format; the same now gives the same file.
func demoCrimesCSV(now time.Time) string {
	var b strings.Builder
	b.WriteString("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n")
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -demoMonths, 0)
	outcomes := []string{"Investigation complete; no suspect identified", "Under investigation", "Offender given a caution",
		"Awaiting court outcome", "Unable to prosecute suspect", "Local resolution", "Investigation complete; no suspect identified"}
	row := func(id, month string, lon, lat float64, place, lsoa, typ, outcome string) {
		fmt.Fprintf(&b, "%s,%s,Riverside Police,Riverside Police,%.4f,%.4f,%s,%s,Riverside %s,%s,%s,\n",
			id, month, lon, lat, place, lsoa, lsoa[len(lsoa)-1:], typ, outcome)
	}
	for m := range demoMonths {
		month := first.AddDate(0, m, 0).Format("2006-01")
		for h, spot := range demoHotspots {
			n := max(0, spot.base+spot.trend*m/(demoMonths-1)+(m*7+h*3)%3-1)
			for i := range n {
				id, outcome := "", ""
				if spot.crimeType != "Anti-social behaviour" {
					sum := sha256.Sum256(fmt.Appendf(nil, "riverside %s %d %d", month, h, i))
					id = fmt.Sprintf("%x", sum)
					outcome = outcomes[(m+h+i)%len(outcomes)]
				}
				row(id, month, spot.lon, spot.lat, spot.place, spot.lsoa, spot.crimeType, outcome)
				switch {
				case id != "" && i == 0 && h == 0:
					// The same crime again, as an anonymised point in
					// another LSOA: one crime, where its first row put it.
					row(id, month, -0.0950, 51.5040, "On or near Station Road", "E01999902", spot.crimeType, outcome)
				case id != "" && i == 0 && h == 2:
					// A "No Location" twin of the crime.
					fmt.Fprintf(&b, "%s,%s,Riverside Police,Riverside Police,,,No Location,,,%s,%s,\n", id, month, spot.crimeType, outcome)
				}
			}
		}
		if k := m - (demoMonths - 7); k >= 0 && k < len(demoSeries) {
			sp := demoSeries[k]
			sum := sha256.Sum256(fmt.Appendf(nil, "riverside series %s", month))
			row(fmt.Sprintf("%x", sum), month, sp.lon, sp.lat, sp.place, "E01999901", "Burglary", "Under investigation")
		}
	}
	return b.String()
}

// seedCrimes gives the demo ward its areas and a year of crime.
func seedCrimes(st seedStore, now time.Time) error {
	if _, err := st.SetWardLSOAs(model.Operator, demoWard, demoLSOAs); err != nil {
		return fmt.Errorf("demo ward areas: %w", err)
	}
	if _, err := st.ImportCrimes(model.Operator, "riverside-demo-street.csv", strings.NewReader(demoCrimesCSV(now))); err != nil {
		return fmt.Errorf("demo crimes: %w", err)
	}
	return nil
}
