package main

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"time"

	"wardpanel/model"
	"wardpanel/store"
)

// The demo's crime picture: Riverside is four (fictional) LSOAs, and a
// year of street-level crime in police.uk's format is made up for it and
// imported as a real file would be. The figures tell the stories the demo's
// problems tell: dealing around Kingfisher House, snatches on Station Road
// rising, burglary on the Meadows falling after the work on it.

var demoLSOAs = []string{"E01999901", "E01999902", "E01999903", "E01999904"}

type demoHotspot struct {
	lsoa, place, crimeType string
	base, trend            int // crimes in the first month, and the change over the year
}

var demoHotspots = []demoHotspot{
	{"E01999901", "On or near Kingfisher House", "Drugs", 4, 3},
	{"E01999901", "On or near Kingfisher House", "Anti-social behaviour", 9, 2},
	{"E01999902", "On or near Station Road", "Robbery", 1, 5},
	{"E01999902", "On or near Station Road", "Theft from the person", 2, 3},
	{"E01999902", "On or near Riverside Parade", "Shoplifting", 5, 0},
	{"E01999902", "On or near Riverside Parade", "Anti-social behaviour", 6, 1},
	{"E01999903", "On or near Meadows Close", "Burglary", 7, -5},
	{"E01999903", "On or near Mill Lane", "Vehicle crime", 3, -1},
	{"E01999904", "On or near Riverside Park", "Violence and sexual offences", 3, 1},
	{"E01999904", "On or near Mill Lane Underpass", "Criminal damage and arson", 4, -3},
}

// demoCrimesCSV is twelve months to the month before now, in police.uk's
// street-level format; the same now gives the same file.
func demoCrimesCSV(now time.Time) string {
	var b strings.Builder
	b.WriteString("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n")
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(-1, 0, 0)
	outcomes := []string{"Investigation complete; no suspect identified", "Under investigation", "Offender given a caution",
		"Awaiting court outcome", "Unable to prosecute suspect"}
	for m := range 12 {
		month := first.AddDate(0, m, 0).Format("2006-01")
		for h, spot := range demoHotspots {
			n := max(0, spot.base+spot.trend*m/11+(m*7+h*3)%3-1)
			for i := range n {
				id := ""
				if spot.crimeType != "Anti-social behaviour" {
					sum := sha256.Sum256(fmt.Appendf(nil, "riverside %s %d %d", month, h, i))
					id = fmt.Sprintf("%x", sum)
				}
				outcome := ""
				if id != "" {
					outcome = outcomes[(m+h+i)%len(outcomes)]
				}
				fmt.Fprintf(&b, "%s,%s,Riverside Police,Riverside Police,-0.1%03d,51.5%03d,%s,%s,Riverside %03d%c,%s,%s,\n",
					id, month, h*37+i, h*53+i, spot.place, spot.lsoa, h, 'A'+rune(i%4), spot.crimeType, outcome)
			}
		}
	}
	return b.String()
}

// seedCrimes gives the demo ward its areas and a year of crime.
func seedCrimes(st *store.Store, now time.Time) error {
	if _, err := st.SetWardLSOAs(model.Operator, demoWard, demoLSOAs); err != nil {
		return fmt.Errorf("demo ward areas: %w", err)
	}
	if _, err := st.ImportCrimes(model.Operator, "riverside-demo-street.csv", strings.NewReader(demoCrimesCSV(now))); err != nil {
		return fmt.Errorf("demo crimes: %w", err)
	}
	return nil
}
