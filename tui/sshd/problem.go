package sshd

import (
	"fmt"
	"strings"
	"time"

	"wardpanel/model"
	"wardpanel/tui/cli"
	"wardpanel/tui/profile"
)

// Problems from the command line: the problem form's fields as options,
// saved through the same store operations as the form, so the same
// permission and version rules answer.
var (
	problemShowCmd = cli.Command[*cmdEnv]{Name: "problem show", Args: "ID [--md] [--json]",
		Summary: "one problem's profile: details, SARA plan, figures, actions, stage history", Run: runProblemShow}
	problemNewCmd = cli.Command[*cmdEnv]{Name: "problem new", Args: "--title TEXT [--location TEXT] [--category C] [--priority P] [--lead AGENCY] [--visibility V] [--stage S] [--ward CODE] [--json]",
		Summary: "put a problem on the board (members: a proposal at scanning)", Run: runProblemNew}
	problemEditCmd = cli.Command[*cmdEnv]{Name: "problem edit", Args: "ID [--title TEXT] [--location TEXT] [--category C] [--priority P] [--lead AGENCY] [--visibility V] [--version N] [--json]",
		Summary: "change a problem's details", Run: runProblemEdit}
	problemStageCmd = cli.Command[*cmdEnv]{Name: "problem stage", Args: "ID STAGE --reason TEXT [--version N] [--json]",
		Summary: "move a problem to another SARA stage, saying why", Run: runProblemStage}
)

// problemFields are the form's fields as options; only those given change.
type problemFields struct {
	title, location, description, category, priority, lead, visibility *string
}

func declareProblemFields(in *cli.Input) problemFields {
	return problemFields{
		title:       in.Text("title", "what the problem is, in a line"),
		location:    in.Text("location", "where"),
		description: in.Text("description", "more about it"),
		category:    in.Enum("category", cli.Names(model.Categories), "the kind of problem"),
		priority:    in.Enum("priority", []string{"high", "medium", "low"}, "how urgent"),
		lead:        in.String("lead", "AGENCY", "the lead agency's code"),
		visibility:  in.String("visibility", "V", "panel, officers, or agencies such as police,housing"),
	}
}

// apply sets on p the fields given on the command line.
func (f problemFields) apply(in *cli.Input, p *model.Problem) error {
	set := func(name string, to *string, v *string) {
		if in.Given(name) {
			*to = *v
		}
	}
	set("title", &p.Title, f.title)
	set("location", &p.Location, f.location)
	set("description", &p.Description, f.description)
	set("lead", &p.LeadAgency, f.lead)
	if in.Given("category") {
		p.Category = model.Category(*f.category)
	}
	if in.Given("priority") {
		pr, err := model.ParsePriority(*f.priority)
		if err != nil {
			return err
		}
		p.Priority = pr
	}
	if in.Given("visibility") {
		v, err := cli.ParseVisibility(*f.visibility)
		if err != nil {
			return err
		}
		p.Visibility = v
	}
	return nil
}

// saved prints a saved problem: one line, or the record as JSON.
func (c *cmdEnv) saved(format cli.Format, verb string, p model.Problem) error {
	prio, err := c.store.Priorities(c.user, p.Ward)
	if err != nil {
		return err
	}
	out := problemOut(p, prio, time.Now())
	if format == cli.JSON {
		return cli.WriteJSON(c.stdout, out)
	}
	_, err = fmt.Fprintf(c.stdout, "problem %s %s: %s%s (%s, %s priority)\n", out.Ref, verb, out.Title,
		cli.Marker(out.Visibility), out.Stage, out.Priority)
	return err
}

func runProblemShow(c *cmdEnv, in *cli.Input) error {
	format := in.Output(cli.JSON, cli.Markdown)
	id, err := in.ParseID(cli.ProblemRef)
	if err != nil {
		return err
	}
	pr, err := profile.Load(c.store, c.user, id, time.Now())
	if err != nil {
		return cli.ProblemRef.NotFound(id, err)
	}
	return profile.Write(c.stdout, *format, pr)
}

func runProblemNew(c *cmdEnv, in *cli.Input) error {
	format := in.Output(cli.JSON)
	fields := declareProblemFields(in)
	stage := in.Enum("stage", cli.Names(model.Stages), "the SARA stage it starts at (default scanning)")
	wardFlag := in.String("ward", "CODE", "one of your wards (default: your first)")
	if _, err := in.Parse(); err != nil {
		return err
	}
	if err := in.Require("title"); err != nil {
		return err
	}
	code, err := c.ward(*wardFlag)
	if err != nil {
		return err
	}
	p := model.Problem{Ward: code, Stage: model.Stage(*stage)}
	if err := fields.apply(in, &p); err != nil {
		return err
	}
	p, err = c.store.CreateProblem(c.actor(), p)
	if err != nil {
		return err
	}
	return c.saved(*format, "added", p)
}

// editProblem reads problem ID, lets change alter it, and saves it with the
// version it read (or the --version given, so a script's edit of what it
// saw earlier is refused if someone saved since).
func (c *cmdEnv) editProblem(in *cli.Input, idText string, version *int, reason string, change func(*model.Problem) error) (model.Problem, error) {
	id, err := cli.ProblemRef.ID(idText)
	if err != nil {
		return model.Problem{}, err
	}
	p, err := c.store.Problem(c.user, id)
	if err != nil {
		return model.Problem{}, cli.ProblemRef.NotFound(id, err)
	}
	p.Visibility.Agencies = append([]string(nil), p.Visibility.Agencies...)
	if in.Given("version") {
		if *version < 1 {
			return model.Problem{}, cli.Usagef("--version is the version you started from (problem show prints it)")
		}
		p.Version = uint64(*version)
	}
	if err := change(&p); err != nil {
		return model.Problem{}, err
	}
	p, err = c.store.UpdateProblemBecause(c.actor(), p, reason)
	return p, cli.ProblemRef.NotFound(id, err)
}

func runProblemEdit(c *cmdEnv, in *cli.Input) error {
	format := in.Output(cli.JSON)
	fields := declareProblemFields(in)
	version := in.Int("version", 0, "the version you started from; refused if someone saved since")
	args, err := in.Parse("ID")
	if err != nil {
		return err
	}
	p, err := c.editProblem(in, args[0], version, "", func(p *model.Problem) error { return fields.apply(in, p) })
	if err != nil {
		return err
	}
	return c.saved(*format, "saved", p)
}

func runProblemStage(c *cmdEnv, in *cli.Input) error {
	format := in.Output(cli.JSON)
	reason := in.Text("reason", "why it moves")
	version := in.Int("version", 0, "the version you started from; refused if someone saved since")
	args, err := in.Parse("ID", "STAGE")
	if err != nil {
		return err
	}
	stage, err := model.ParseStage(args[1])
	if err != nil {
		return cli.Usagef("%s: use %s", err, strings.Join(cli.Names(model.Stages), ", "))
	}
	if err := in.Require("reason"); err != nil {
		return err
	}
	p, err := c.editProblem(in, args[0], version, *reason, func(p *model.Problem) error {
		p.Stage = stage
		return nil
	})
	if err != nil {
		return err
	}
	return c.saved(*format, "moved to "+string(p.Stage), p)
}
