package sshd

import (
	"fmt"
	"io"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/cli"
)

// The crime picture over SSH (issue 7):
//
//	crimes [--ward CODE] [--months N] [--type TYPE] [--top N] [--json]
//	import crimes [--json] < FILE.csv      (officers and admins)
//
// crimes prints the figures the TUI's crime screen shows: all crime and
// each type month by month, with totals and the latest month against the
// average of the three before, then the top places. import crimes reads a
// police.uk street-level file from the session's input.

var (
	crimesCmd = cli.Command[*cmdEnv]{Name: "crimes", Args: "[--ward CODE] [--months N] [--type TYPE] [--top N] [--json]",
		Summary: "the ward's police.uk crime by month, type and place", Run: runCrimes}
	importCrimesCmd = cli.Command[*cmdEnv]{Name: "import crimes", Args: "[--json] < FILE.csv",
		Summary: "import a police.uk street-level file (officers and admins)", Run: runImport}
)

// crimesMonth is one month of the picture, for scripts: all crime and
// each type's count.
type crimesMonth struct {
	Month model.Month    `json:"month"`
	Total int            `json:"total"`
	Types map[string]int `json:"types"`
}

// crimesJSON is `crimes --json`: the ward, then the picture.
type crimesJSON struct {
	Ward           model.Ward          `json:"ward"`
	LSOAs          []string            `json:"lsoas"`
	Months         []model.Month       `json:"months"`
	PreviousMonths []model.Month       `json:"previous_months"`
	Type           string              `json:"type,omitempty"`
	ByMonth        []crimesMonth       `json:"by_month"`
	Total          model.CrimeSeries   `json:"total"`
	Types          []model.CrimeSeries `json:"types"`
	Locations      []model.CrimeSeries `json:"locations"`
	LocationsInAll int                 `json:"locations_in_all"`
}

func runCrimes(c *cmdEnv, in *cli.Input) error {
	wardFlag := in.String("ward", "CODE", "one of your wards (default: your first)")
	months := in.Int("months", model.DefaultCrimeMonths, "months to show")
	typ := in.String("type", "TYPE", "one crime type only")
	top := in.Int("top", 10, "places to list, 0 for all")
	format := in.Output(cli.JSON)
	if _, err := in.Parse(); err != nil {
		return err
	}
	asJSON := *format == cli.JSON
	if *months < 1 || *months > model.MaxCrimeMonths {
		return cli.Usagef("--months is 1 to %d", model.MaxCrimeMonths)
	}
	if *top < 0 {
		return cli.Usagef("--top is a number of places, 0 for all")
	}
	code, err := c.ward(*wardFlag)
	if err != nil {
		return err
	}
	ward, err := c.store.Ward(code)
	if err != nil {
		return err
	}
	p, err := c.store.CrimePicture(c.user, code, model.CrimeQuery{Months: *months, Type: strings.TrimSpace(*typ), Locations: *top})
	if err != nil {
		return err
	}
	ward.Name = model.CleanLine(ward.Name, model.MaxNameLen)
	if asJSON {
		return cli.WriteJSON(c.stdout, crimesOut(ward, p))
	}
	return printCrimes(c.stdout, ward, p)
}

func crimesOut(ward model.Ward, p model.CrimePicture) crimesJSON {
	out := crimesJSON{Ward: ward, LSOAs: p.LSOAs, Months: p.Months, PreviousMonths: p.PreviousMonths, Type: p.Type,
		ByMonth: []crimesMonth{}, Total: p.Total, Types: p.Types, Locations: p.Locations, LocationsInAll: p.LocationsInAll}
	for i, m := range p.Months {
		bm := crimesMonth{Month: m, Total: p.Total.Counts[i], Types: map[string]int{}}
		for _, t := range p.Types {
			if n := t.Counts[i]; n > 0 {
				bm.Types[t.Name] = n
			}
		}
		out.ByMonth = append(out.ByMonth, bm)
	}
	return out
}

// printCrimes is the picture as two tables: types by month, then places.
func printCrimes(w io.Writer, ward model.Ward, p model.CrimePicture) error {
	latest, ok := p.Latest()
	if !ok {
		why := "no police.uk file imported yet covers its LSOAs"
		if len(p.LSOAs) == 0 {
			why = "an admin has not yet set the LSOAs it is made of (wardpanel ward lsoas)"
		}
		_, err := fmt.Fprintf(w, "%s (%s): no crime data: %s\n", ward.Name, ward.Code, why)
		return err
	}
	span := latest.Label()
	if len(p.Months) > 1 {
		span = p.Months[0].Label() + " to " + span
	}
	fmt.Fprintf(w, "%s (%s): police.uk street-level crime, %s, in LSOAs %s\n", ward.Name, ward.Code, span, strings.Join(p.LSOAs, ", "))
	if n := len(p.PreviousMonths); n > 0 {
		fmt.Fprintf(w, "Latest month %s against the average of %s to %s.\n", latest.Label(), p.PreviousMonths[0].Label(), p.PreviousMonths[n-1].Label())
	}
	nameW := len("All crime")
	for _, t := range p.Types {
		nameW = max(nameW, len([]rune(t.Name)))
	}
	nameW = min(nameW, 40)
	fmt.Fprintf(w, "\n%-*s", nameW, "TYPE")
	for _, m := range p.Months {
		fmt.Fprintf(w, " %7s", m)
	}
	fmt.Fprintf(w, " %6s %6s %6s  %s\n", "TOTAL", "LATEST", "AVG3", "CHANGE")
	row := func(s model.CrimeSeries) {
		fmt.Fprintf(w, "%-*s", nameW, clip(s.Name, nameW))
		for _, n := range s.Counts {
			fmt.Fprintf(w, " %7d", n)
		}
		fmt.Fprintf(w, " %6d %6d %6.1f  %s\n", s.Count, s.Latest, s.Previous, s.Trend())
	}
	row(p.Total)
	for _, t := range p.Types {
		row(t)
	}
	heading := "PLACE (ON OR NEAR)"
	if p.Type != "" {
		heading = "PLACE: " + strings.ToUpper(model.CleanLine(p.Type, 60)) + " ONLY"
	}
	if len(p.Locations) < p.LocationsInAll {
		heading = fmt.Sprintf("TOP %d OF %d PLACES", len(p.Locations), p.LocationsInAll)
	}
	placeW := len(heading)
	for _, l := range p.Locations {
		placeW = max(placeW, len([]rune(model.PlaceOf(l.Name))))
	}
	placeW = min(placeW, 40)
	fmt.Fprintf(w, "\n%-*s %6s %6s %6s  %-8s %s\n", placeW, heading, "TOTAL", "LATEST", "AVG3", "CHANGE", "MOSTLY")
	for _, l := range p.Locations {
		fmt.Fprintf(w, "%-*s %6d %6d %6.1f  %-8s %s\n", placeW, clip(model.PlaceOf(l.Name), placeW), l.Count, l.Latest, l.Previous, l.Trend(), l.Top)
	}
	if len(p.Locations) == 0 {
		fmt.Fprintln(w, "(none)")
	}
	return nil
}

// clip cuts a cleaned name to n runes, marking the cut.
func clip(s string, n int) string {
	s = model.CleanLine(s, model.MaxLineLen)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// runImport is `import crimes < FILE.csv`: the file comes on the
// session's input, is read as it arrives, and its summary is the answer.
func runImport(c *cmdEnv, in *cli.Input) error {
	format := in.Output(cli.JSON)
	if _, err := in.Parse(); err != nil {
		return err
	}
	asJSON := *format == cli.JSON
	if err := model.CheckImportCrimes(c.user); err != nil {
		return err
	}
	// The session is the input: a command run over SSH reads what the
	// client sends, here the file redirected into ssh.
	if in.Stdin == nil {
		return cli.Usagef("send the file on the input: ssh HOST import crimes < FILE.csv")
	}
	name := fmt.Sprintf("ssh input from %s", model.CleanLine(c.user.Name, model.MaxNameLen))
	sum, err := c.store.ImportCrimes(c.actor(), name, in.Stdin)
	if err != nil {
		if sum.Rows > 0 {
			return fmt.Errorf("%s: %w", sum.Summary(), err)
		}
		return err
	}
	if asJSON {
		return cli.WriteJSON(c.stdout, sum)
	}
	fmt.Fprintln(c.stdout, sum.Summary())
	for _, p := range sum.Problems {
		fmt.Fprintf(c.stdout, "  line %d skipped: %s\n", p.Line, model.CleanLine(p.Reason, 160))
	}
	if more := sum.Malformed - len(sum.Problems); more > 0 {
		fmt.Fprintf(c.stdout, "  … and %d more malformed lines\n", more)
	}
	return nil
}
