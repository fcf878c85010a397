package sshd

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/cli"
)

// The crime picture over SSH (issues 7 and 20):
//
//	crimes [--ward CODE] [--months N] [--type TYPE] [--top N] [--json | --csv]
//	import crimes [--json] < FILE.csv      (officers and admins)
//
// crimes prints the figures the TUI's crime screen shows: recorded crime
// and each type month by month, anti-social behaviour apart, with the
// latest month against the three before, the same month last year and the
// last 12 months against the 12 before; the top places (snap points); the
// share of outcomes; repeat places; possible linked series; and which
// forces' files cover which months. --type (any case) narrows the types
// table and the places to one type; an unknown type is an error listing
// the known ones. --json and --csv carry all of it. import crimes reads a
// police.uk street-level file from the session's input.

var (
	crimesCmd = cli.Command[*cmdEnv]{Name: "crimes", Args: "[--ward CODE] [--months N] [--type TYPE] [--top N] [--json|--csv]",
		Summary: "the ward's police.uk crime by month, type and place, outcomes, repeat places and series", Run: runCrimes}
	importCrimesCmd = cli.Command[*cmdEnv]{Name: "import crimes", Args: "[--json] < FILE.csv",
		Summary: "import a police.uk street-level file (officers and admins)", Run: runImport}
)

// crimesMonth is one month of the picture, for scripts: recorded crime,
// anti-social behaviour and each type's count.
type crimesMonth struct {
	Month model.Month    `json:"month"`
	Total int            `json:"total"`
	ASB   int            `json:"anti_social_behaviour"`
	Types map[string]int `json:"types"`
}

// crimesJSON is `crimes --json`: the ward, the picture whole, and the
// counts month by month.
type crimesJSON struct {
	Ward model.Ward `json:"ward"`
	model.CrimePicture
	ByMonth []crimesMonth `json:"by_month"`
}

func runCrimes(c *cmdEnv, in *cli.Input) error {
	wardFlag := wardOption(in)
	months := in.Int("months", model.DefaultCrimeMonths, "months to show")
	typ := in.Text("type", "one crime type only, any case")
	top := in.Int("top", 10, "places to list, 0 for all")
	format := in.Output(cli.JSON, cli.CSV)
	if _, err := in.Parse(); err != nil {
		return err
	}
	switch {
	case *months < 1 || *months > model.MaxCrimeMonths:
		return cli.Usagef("--months is 1 to %d", model.MaxCrimeMonths)
	case *top < 0:
		return cli.Usagef("--top is a number of places, 0 for all")
	}
	ward, err := c.wardOf(*wardFlag)
	if err != nil {
		return err
	}
	code := ward.Code
	q := model.CrimeQuery{Months: *months, Locations: *top}
	if strings.TrimSpace(*typ) != "" {
		all, err := c.store.CrimePicture(c.user, code, q)
		if err != nil {
			return err
		}
		if q.Type, err = model.ParseCrimeType(*typ, all.KnownTypes); err != nil {
			return cli.Usagef("%s", err)
		}
	}
	p, err := c.store.CrimePicture(c.user, code, q)
	if err != nil {
		return err
	}
	ward.Name = model.CleanLine(ward.Name, model.MaxNameLen)
	switch *format {
	case cli.JSON:
		return cli.WriteJSON(c.stdout, crimesOut(ward, p))
	case cli.CSV:
		w := csv.NewWriter(c.stdout)
		if err := w.WriteAll(p.CSVRecords()); err != nil {
			return err
		}
		return w.Error()
	}
	return printCrimes(c.stdout, ward, p)
}

func crimesOut(ward model.Ward, p model.CrimePicture) crimesJSON {
	out := crimesJSON{Ward: ward, CrimePicture: p, ByMonth: []crimesMonth{}}
	for i, m := range p.Months {
		bm := crimesMonth{Month: m, Total: p.Total.Counts[i], ASB: p.ASB.Counts[i], Types: map[string]int{}}
		for _, t := range p.Types {
			if n := t.Counts[i]; n > 0 {
				bm.Types[t.Name] = n
			}
		}
		out.ByMonth = append(out.ByMonth, bm)
	}
	return out
}

// printCrimes is the picture as text: the types by month, the trends, the
// places, the outcomes, repeat places, series and coverage.
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
	for _, cov := range p.Coverage {
		fmt.Fprintf(w, "Covered by %s: %s.\n", model.CleanLine(model.ForceName(cov.Force), 80), monthRuns(cov.Months))
	}
	for _, g := range p.Gaps {
		fmt.Fprintf(w, "Warning: LSOA %s has no data from %s, which usually reports it, for %s.\n",
			g.LSOA, model.CleanLine(model.ForceName(g.Force), 80), monthRuns(g.Months))
	}
	if n := len(p.PreviousMonths); n > 0 {
		fmt.Fprintf(w, "Latest month %s against the average of %s to %s.\n", latest.Label(), p.PreviousMonths[0].Label(), p.PreviousMonths[n-1].Label())
	}
	series := append([]model.CrimeSeries{p.Total}, p.Types...)
	if p.Type == "" || model.IsASB(p.Type) {
		series = append(series, p.ASB)
	}
	nameW := len("All crime")
	for _, t := range series {
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
	for i, s := range series {
		if i == len(series)-1 && s.Name == model.ASBType && len(series) > 1 {
			fmt.Fprintln(w, "(anti-social behaviour is incidents, not recorded crime: apart, as police.uk shows it)")
		}
		row(s)
	}

	fmt.Fprintf(w, "\n%-*s  %-10s  %-14s  %s\n", nameW, "TREND", "LATEST/3M", "SAME MONTH -1Y", "12 MONTHS/12 BEFORE")
	for _, s := range series {
		fmt.Fprintf(w, "%-*s  %-10s  %-14s  %s\n", nameW, clip(s.Name, nameW), s.Trend(), changeText(s.YearAgo), changeText(s.Year))
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
		placeW = max(placeW, len([]rune(l.Label())))
	}
	placeW = min(placeW, 40)
	fmt.Fprintf(w, "\n%-*s %-10s %6s %6s %6s  %-8s %s\n", placeW, heading, "GRID REF", "TOTAL", "LATEST", "AVG3", "CHANGE", "MOSTLY")
	for _, l := range p.Locations {
		fmt.Fprintf(w, "%-*s %-10s %6d %6d %6.1f  %-8s %s\n", placeW, clip(l.Label(), placeW), l.Place.GridRef, l.Count, l.Latest, l.Previous,
			l.Trend(), model.CleanLine(l.Top, 60))
	}
	if len(p.Locations) == 0 {
		fmt.Fprintln(w, "(none)")
	}

	fmt.Fprintln(w, "\nOUTCOMES (share of the window's crimes by last outcome)")
	for _, s := range series {
		fmt.Fprintf(w, "%-*s  %s\n", nameW, clip(s.Name, nameW), outcomeText(s.Outcomes, 4))
	}
	for _, l := range p.Locations {
		fmt.Fprintf(w, "%-*s  %s\n", nameW, clip(l.Label(), nameW), outcomeText(l.Outcomes, 3))
	}

	r := p.Rules
	fmt.Fprintf(w, "\nREPEAT PLACES (in a type's top %d in at least %d of the last %d months)\n", r.RepeatTop, r.RepeatMin, r.RepeatOf)
	for _, rp := range p.Repeats {
		t := rp.Type
		if t == "" {
			t = "All crime"
		}
		fmt.Fprintf(w, "%-*s  %s %s: %d of %d months (%s), %s\n", nameW, clip(t, nameW), model.CleanLine(rp.Place.Label, 60), rp.Place.GridRef,
			len(rp.Months), rp.Of, monthRuns(rp.Months), model.Counted(rp.Count, "crime", "crimes"))
	}
	if len(p.Repeats) == 0 {
		fmt.Fprintln(w, "(none)")
	}

	fmt.Fprintf(w, "\nPOSSIBLE LINKED SERIES (one type within %.0f m in %d+ consecutive months, p < %.2f at the ward's own rate)\n",
		r.SeriesMetres, r.SeriesMinMonths, r.SeriesP)
	for i, ls := range p.Series {
		fmt.Fprintf(w, "%d. %s, %s: %s at %d points (%.2f a month expected there; p = %.3g)\n", i+1, model.CleanLine(ls.Type, 60),
			monthRuns(ls.Months), model.Counted(ls.Crimes, "crime", "crimes"), len(ls.Points), ls.Expected, ls.P)
		for _, pt := range ls.Points {
			fmt.Fprintf(w, "   %s %s: %s\n", model.CleanLine(pt.Place.Label, 60), pt.Place.GridRef, monthRuns(pt.Months))
		}
	}
	if len(p.Series) == 0 {
		fmt.Fprintln(w, "(none)")
	}
	fmt.Fprintf(w, "\nA change is shown as a percentage only when an exact Poisson test gives p < %.2f; otherwise ≈.\n", r.ClearChangeP)
	return nil
}

// changeText is a comparison in a few characters, or "-" where the data
// does not reach back far enough.
func changeText(c *model.CrimeChange) string {
	if c == nil {
		return "-"
	}
	return fmt.Sprintf("%d vs %d %s", c.Now, c.Before, c.Words())
}

// outcomeText is the first n outcomes with their shares.
func outcomeText(os []model.OutcomeShare, n int) string {
	if len(os) == 0 {
		return "(none)"
	}
	var parts []string
	for i, o := range os {
		if i == n {
			parts = append(parts, fmt.Sprintf("%d more", len(os)-n))
			break
		}
		name := o.Outcome
		if name == "" {
			name = "none recorded"
		}
		parts = append(parts, fmt.Sprintf("%.0f%% %s", o.Percent, model.CleanLine(name, 60)))
	}
	return strings.Join(parts, ", ")
}

// monthRuns is months as runs: "Jan 2024 to Mar 2024, May 2024".
func monthRuns(ms []model.Month) string {
	var parts []string
	for _, run := range model.MonthRuns(ms) {
		part := run[0].Label()
		if len(run) > 1 {
			part += " to " + run[len(run)-1].Label()
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, ", ")
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
	if *format == cli.JSON {
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
