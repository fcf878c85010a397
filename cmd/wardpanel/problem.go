package main

import (
	"errors"
	"fmt"
	"time"

	"wardpanel/model"
	"wardpanel/tui/cli"
	"wardpanel/tui/profile"
)

var problemShowCmd = cli.Command[*env]{Name: "problem show", Args: "ID [--as NAME] [--md] [--json] [--data DIR]",
	Summary: "a problem's profile (plan, figures, actions, history) for a scrutiny panel or a handover", Run: runProblemShow}

// runProblemShow writes the profile as the enrolled user named by --as or,
// without it, as the whole panel reads the problem (as minutes does): a
// member of its ward with no agency and no panel office.
func runProblemShow(e *env, in *cli.Input) error {
	dir := dataOption(in)
	as := in.String("as", "NAME", "read as this enrolled user")
	format := in.Output(cli.JSON, cli.Markdown)
	id, err := in.ParseID(cli.ProblemRef)
	if err != nil {
		return err
	}
	st, viewer, err := e.openAsReader(in, *dir, *as, id, problemPanelReader)
	if err != nil {
		return err
	}
	pr, err := profile.Load(st, viewer, id, time.Now())
	if err != nil {
		return cli.ProblemRef.NotFound(id, err)
	}
	return profile.Write(in.Stdout, *format, pr)
}

// problemPanelReader is a reader of problem id's ward who sees what every
// member of it may, found by asking each ward in turn as such a reader.
func problemPanelReader(st Store, id model.ID) (model.User, error) {
	wards, err := st.Wards()
	if err != nil {
		return model.User{}, err
	}
	for _, w := range wards {
		reader := model.User{Name: "the panel", Role: model.RoleObserver, Wards: []string{w.Code}}
		if _, err := st.Problem(reader, id); err == nil {
			return reader, nil
		} else if !errors.Is(err, model.ErrNotFound) {
			return model.User{}, err
		}
	}
	return model.User{}, fmt.Errorf("no problem %s the whole panel may read (use --as NAME)", cli.ProblemRef.Name(id))
}
