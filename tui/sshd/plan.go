package sshd

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"wardpanel/model"
	"wardpanel/tui/cli"
)

// A problem's SARA plan from the command line (issue 19), for officers
// working between meetings: the same store operations as the problem
// screen's, so the same rules answer (model.CheckEditPlan,
// model.CheckSetReview) and every write is one transaction with its audit
// entry. What a command prints is the plan as its user may read it.
var (
	problemReviewCmd = cli.Command[*cmdEnv]{Name: "problem review", Args: "ID DATE [--json]",
		Summary: "set an open problem's next review date (2026-03-01, or +4w from today; the lead agency)", Run: runProblemReview}
	problemPlanCmd = cli.Command[*cmdEnv]{Name: "problem plan", Args: "ID PART TEXT...|--clear [--visibility V|--police] [--version N] [--json]",
		Summary: "write one part of a problem's plan: statement, victim, guardian, offender, handler, location, place-manager, assessment", Run: runProblemPlan}
	problemNoteCmd = cli.Command[*cmdEnv]{Name: "problem note", Args: "ID TEXT... [--visibility V|--police] [--json]",
		Summary: "add an analysis note to a problem's plan (- reads standard input)", Run: runProblemNote}
	problemRespondCmd = cli.Command[*cmdEnv]{Name: "problem respond", Args: "ID --side victim|offender|location [--action A5]... [--began DATE] TEXT... [--visibility V|--police] [--json]",
		Summary: "add a response against a side of the problem's triangle, carried out by its actions", Run: runProblemRespond}
	problemSourceCmd = cli.Command[*cmdEnv]{Name: "problem source", Args: "ID SOURCE [--type TYPE --place PLACE|--lsoa CODE] [--json]",
		Summary: "say how a problem came in, and the crime type and place its before/after figures count", Run: runProblemSource}
)

// planJSON is a plan as scripts see it, named by its problem's reference.
type planJSON struct {
	Ref string `json:"ref"`
	model.Plan
}

// planSaved prints what a plan write did: one line, or the plan as the
// user may now read it.
func (c *cmdEnv) planSaved(format cli.Format, plan model.Plan, what string) error {
	plan = plan.Safe()
	if format == cli.JSON {
		return cli.WriteJSON(c.stdout, planJSON{Ref: cli.ProblemRef.Name(plan.ProblemID), Plan: plan})
	}
	_, err := fmt.Fprintf(c.stdout, "plan of %s: %s (plan version %d)\n", cli.ProblemRef.Name(plan.ProblemID), what, plan.Version)
	return err
}

// partOptions are the options a written part takes for who may read it:
// --visibility as the other commands take it, or --police for a
// police-only part. Neither keeps the part's (a new part: the problem's).
type partOptions struct {
	visibility *string
	police     *bool
}

func declarePart(in *cli.Input) partOptions {
	return partOptions{
		visibility: in.String("visibility", "V", "who may read this part: panel, officers, or agencies such as police,housing; no wider than the problem (default: the problem's)"),
		police:     in.Bool("police", "police only: the same as --visibility police"),
	}
}

// get is the visibility asked for, or nil for none.
func (o partOptions) get(in *cli.Input) (*model.Visibility, error) {
	switch {
	case in.Given("visibility") && *o.police:
		return nil, cli.Usagef("give --visibility or --police, not both")
	case *o.police:
		v := model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}
		return &v, nil
	case in.Given("visibility"):
		v, err := cli.ParseVisibility(*o.visibility)
		return &v, err
	}
	return nil, nil
}

// parseProblem reads the words: the problem's ID first, then names. It
// returns the problem and the other arguments.
func parseProblem(in *cli.Input, names ...string) (model.ID, []string, error) {
	args, err := in.Parse(append([]string{"ID"}, names...)...)
	if err != nil {
		return 0, nil, err
	}
	id, err := cli.ProblemRef.ID(args[0])
	return id, args[1:], err
}

// text is a written part as typed (or from standard input for -), with
// the visibility asked for.
func (o partOptions) text(in *cli.Input, words string) (string, *model.Visibility, error) {
	text, err := in.TextArg(words)
	if err != nil {
		return "", nil, err
	}
	vis, err := o.get(in)
	return text, vis, err
}

// visibleTo is a part's readers in words.
func visibleTo(v model.Visibility) string { return "visible to " + cli.Visibility(v) }

func runProblemReview(c *cmdEnv, in *cli.Input) error {
	format := in.Output(cli.JSON)
	id, args, err := parseProblem(in, "DATE")
	if err != nil {
		return err
	}
	date, err := model.ParseDate(args[0], time.Now())
	if err != nil {
		return cli.Usagef("%q is not a date: use 2026-03-01, or +4w for four weeks today", model.CleanLine(args[0], 20))
	}
	p, err := c.store.SetReview(c.actor(), id, date)
	if err != nil {
		return cli.ProblemRef.NotFound(id, err)
	}
	return c.saved(*format, "to be reviewed by "+p.ReviewBy.Format(time.DateOnly), p)
}

func runProblemPlan(c *cmdEnv, in *cli.Input) error {
	format := in.Output(cli.JSON)
	part := declarePart(in)
	clearPart := in.Bool("clear", "clear the part instead of writing it")
	version := in.Int("version", 0, "the plan version you started from (the commands print it); refused if someone saved since")
	id, args, err := parseProblem(in, "PART", "[TEXT...]")
	if err != nil {
		return err
	}
	field, err := model.ParsePlanField(args[0])
	if err != nil {
		return cli.Usagef("unknown part %q: use %s", model.CleanLine(args[0], 30), strings.Join(cli.Names(model.PlanFields), ", "))
	}
	switch {
	case *clearPart && args[1] != "":
		return cli.Usagef("give the text or --clear, not both")
	case !*clearPart && args[1] == "":
		return cli.Usagef("missing the text (or - to read it from standard input, or --clear)")
	}
	var text string
	var vis *model.Visibility
	if *clearPart {
		vis, err = part.get(in)
	} else {
		text, vis, err = part.text(in, args[1])
	}
	if err != nil {
		return err
	}
	if in.Given("version") && *version < 1 {
		return cli.Usagef("--version is the plan version you started from (the commands print it)")
	}
	plan, err := c.store.SetPlanText(c.actor(), id, field, text, vis, uint64(*version))
	if err != nil {
		return cli.ProblemRef.NotFound(id, err)
	}
	what := fmt.Sprintf("%s cleared", field)
	if t, ok := plan.Texts[field]; ok {
		what = fmt.Sprintf("%s written, %s", field, visibleTo(t.Visibility))
	}
	return c.planSaved(*format, plan, what)
}

func runProblemNote(c *cmdEnv, in *cli.Input) error {
	format := in.Output(cli.JSON)
	part := declarePart(in)
	id, args, err := parseProblem(in, "TEXT...")
	if err != nil {
		return err
	}
	text, vis, err := part.text(in, args[0])
	if err != nil {
		return err
	}
	plan, err := c.store.AddPlanNote(c.actor(), id, text, vis)
	if err != nil {
		return cli.ProblemRef.NotFound(id, err)
	}
	what := "analysis note added"
	if len(plan.Notes) > 0 {
		n := slices.MaxFunc(plan.Notes, func(a, b model.PlanNote) int { return a.ID - b.ID })
		what = fmt.Sprintf("analysis note %d added, %s", n.ID, visibleTo(n.Visibility))
	}
	return c.planSaved(*format, plan, what)
}

func runProblemRespond(c *cmdEnv, in *cli.Input) error {
	format := in.Output(cli.JSON)
	side := in.Enum("side", cli.Names(model.Sides), "the side of the triangle it acts on")
	actions := in.Strings("action", "A5", "an action on the problem that carries it out")
	began := in.String("began", "DATE", "when it began: 2026-03-01, or today (the default); the before/after figures split there")
	part := declarePart(in)
	id, args, err := parseProblem(in, "TEXT...")
	if err != nil {
		return err
	}
	if err := in.Require("side"); err != nil {
		return err
	}
	r := model.Response{Side: model.Side(*side)}
	for _, a := range *actions {
		aid, err := cli.ActionRef.ID(a)
		if err != nil {
			return err
		}
		r.Actions = append(r.Actions, aid)
	}
	if in.Given("began") {
		if r.Began, err = time.Parse(time.DateOnly, strings.TrimSpace(*began)); err != nil {
			return cli.Usagef("--began %q is not a date: use 2026-03-01", model.CleanLine(*began, 20))
		}
	}
	var vis *model.Visibility
	if r.Text, vis, err = part.text(in, args[0]); err != nil {
		return err
	}
	if vis != nil {
		r.Visibility = *vis
	}
	plan, err := c.store.AddResponse(c.actor(), id, r)
	if err != nil {
		return cli.ProblemRef.NotFound(id, err)
	}
	what := "response added"
	if len(plan.Responses) > 0 {
		added := slices.MaxFunc(plan.Responses, func(a, b model.Response) int { return a.ID - b.ID })
		carried := ""
		if len(added.Actions) > 0 {
			carried = ", carried out by " + cli.ActionRef.Names(added.Actions)
		}
		what = fmt.Sprintf("response %d against the %s side added%s, %s", added.ID, added.Side, carried, visibleTo(added.Visibility))
	}
	return c.planSaved(*format, plan, what)
}

func runProblemSource(c *cmdEnv, in *cli.Input) error {
	format := in.Output(cli.JSON)
	typ := in.Text("type", "the police.uk crime type its figures count, any case")
	place := in.Text("place", "the place, as the crime picture lists it (Station Road, or On or near Station Road)")
	lsoa := in.String("lsoa", "CODE", "or one of the ward's LSOAs, for crime across it")
	id, args, err := parseProblem(in, "SOURCE")
	if err != nil {
		return err
	}
	src, err := model.ParseProblemSource(args[0])
	if err != nil || src == "" {
		return cli.Usagef("unknown source %q: use %s", model.CleanLine(args[0], 30), strings.Join(cli.Names(model.ProblemSources), ", "))
	}
	hasType, hasPlace, hasLSOA := strings.TrimSpace(*typ) != "", strings.TrimSpace(*place) != "", strings.TrimSpace(*lsoa) != ""
	switch {
	case hasPlace && hasLSOA:
		return cli.Usagef("give --place or --lsoa, not both")
	case hasType != (hasPlace || hasLSOA):
		return cli.Usagef("--type and --place (or --lsoa) go together: the figures count one crime type at one place")
	}
	// Without --type and --place the figures keep counting what they did.
	plan, err := c.store.Plan(c.user, id)
	if err != nil {
		return cli.ProblemRef.NotFound(id, err)
	}
	if hasType {
		if plan.Focus, err = c.crimeFocus(plan.Ward, *typ, *place, *lsoa); err != nil {
			return err
		}
	}
	plan, err = c.store.SetPlanScan(c.actor(), id, src, plan.Focus)
	if err != nil {
		return cli.ProblemRef.NotFound(id, err)
	}
	what := "came in from " + string(plan.Source)
	if plan.Focus.Set() {
		what += fmt.Sprintf("; its figures count %s at %s", strings.ToLower(plan.Focus.Type), plan.Focus.Where())
	}
	return c.planSaved(*format, plan, what)
}

// crimeFocus reads a crime type and a place (or an LSOA) as typed and
// spells them as the ward's imported crimes do, so the figures find them:
// a type in any case, a place by its published name or its name in the
// crime picture. One the imports do not know is a usage error naming
// where to look.
func (c *cmdEnv) crimeFocus(ward, typ, place, lsoa string) (model.CrimeFocus, error) {
	all, err := c.store.CrimePicture(c.user, ward, model.CrimeQuery{Months: model.MaxCrimeMonths})
	if err != nil {
		return model.CrimeFocus{}, err
	}
	var f model.CrimeFocus
	if f.Type, err = model.ParseCrimeType(typ, all.KnownTypes); err != nil {
		return f, cli.Usagef("%s", err)
	}
	if lsoa != "" {
		code, err := model.ParseLSOACode(lsoa)
		if err != nil || !slices.Contains(all.LSOAs, code) {
			return f, cli.Usagef("%q is not one of ward %s's LSOAs (%s)", model.CleanLine(lsoa, 20), ward, strings.Join(all.LSOAs, ", "))
		}
		f.LSOA = code
		return f, nil
	}
	of, err := c.store.CrimePicture(c.user, ward, model.CrimeQuery{Months: model.MaxCrimeMonths, Type: f.Type})
	if err != nil {
		return f, err
	}
	want := strings.Join(strings.Fields(place), " ")
	for _, s := range of.Locations {
		if strings.EqualFold(s.Name, want) || strings.EqualFold(model.PlaceOf(s.Name), want) ||
			s.Place != nil && strings.EqualFold(s.Place.Label, want) {
			f.Place = s.Name
			return f, nil
		}
	}
	return f, cli.Usagef("no %s is recorded at %q in ward %s's crimes: `crimes --type %q` lists its places",
		strings.ToLower(f.Type), model.CleanLine(place, 40), ward, f.Type)
}
