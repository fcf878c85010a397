package main

import (
	"errors"
	"fmt"

	"wardpanel/model"
	"wardpanel/tui/admincmd"
	"wardpanel/tui/cli"
	"wardpanel/tui/minutes"
)

var minutesCmd = cli.Command[*env]{Name: "minutes", Args: "ID [--as NAME] [--data DIR]",
	Summary: "a meeting's minutes as Markdown", Run: runMinutes}

// runMinutes renders as the enrolled user named by --as or, without it, as
// the whole panel reads the meeting: a member of its ward with no agency
// and no panel office, who sees only panel-wide records. The operator has
// no ward of their own and so no view of their own. It makes no data
// file: a missing one is a mistake to report, not an empty folder to start.
func runMinutes(e *env, in *cli.Input) error {
	dir := dataOption(in)
	as := in.String("as", "NAME", "read as this enrolled user")
	id, err := in.ParseID(cli.MeetingRef)
	if err != nil {
		return err
	}
	st, viewer, err := e.openAsReader(in, *dir, *as, id, panelReader)
	if err != nil {
		return err
	}
	if err := minutes.Render(in.Stdout, st, viewer, id); err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return fmt.Errorf("meeting %d not found", id)
		}
		return err
	}
	return nil
}

// panelReader is a reader of meeting id's ward who sees what every member
// of it may: found by asking each ward in turn as such a reader, so even
// the meeting's ward is read through the store's own rule.
func panelReader(st Store, id model.ID) (model.User, error) {
	wards, err := st.Wards()
	if err != nil {
		return model.User{}, err
	}
	for _, w := range wards {
		reader := model.User{Name: "the panel", Role: model.RoleObserver, Wards: []string{w.Code}}
		_, err := st.Meeting(reader, id)
		if err == nil {
			return reader, nil
		}
		if !errors.Is(err, model.ErrNotFound) {
			return model.User{}, err
		}
	}
	return model.User{}, fmt.Errorf("meeting %d not found", id)
}

// openAsReader opens an existing data file (a missing one is a mistake to
// report, not an empty folder to start) and finds whose view record id is
// read with: the enrolled user named by as, else panel's reader of the
// record's ward, who sees what every member of it may.
func (e *env) openAsReader(in *cli.Input, dir, as string, id model.ID,
	panel func(Store, model.ID) (model.User, error)) (Store, model.User, error) {
	if e.st == nil {
		if err := requireDataFile(dir, ""); err != nil {
			return nil, model.User{}, err
		}
	}
	st, err := e.open(in, dir)
	if err != nil {
		return nil, model.User{}, err
	}
	if as == "" {
		viewer, err := panel(st, id)
		return st, viewer, err
	}
	viewer, err := st.UserByName(as)
	if err != nil {
		return nil, model.User{}, admincmd.NotEnrolled(as, err)
	}
	return st, viewer, nil
}
