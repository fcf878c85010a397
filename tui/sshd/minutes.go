package sshd

import (
	"errors"
	"fmt"
	"io"

	"wardpanel/model"
	"wardpanel/tui/cli"
	"wardpanel/tui/minutes"
)

var minutesCmd = cli.Command[*cmdEnv]{Name: "minutes", Args: "ID",
	Summary: "a meeting's minutes, as Markdown, with what you may see", Run: runMinutes}

// runMinutes is `minutes ID`: the meeting's minutes as Markdown, as the
// connecting user may read them.
func runMinutes(c *cmdEnv, in *cli.Input) error {
	args, err := in.Parse("ID")
	if err != nil {
		return err
	}
	return c.document(args[0], cli.MeetingRef, "meeting", func(w io.Writer, id model.ID) error {
		return minutes.Render(w, c.store, c.user, id)
	})
}

// document prints record idText through render, as the user may read it. A
// record that does not exist and one the user may not see are answered alike.
func (c *cmdEnv) document(idText string, ref cli.Ref, noun string,
	render func(io.Writer, model.ID) error) error {
	id, err := ref.ID(idText)
	if err != nil {
		return err
	}
	if err := render(c.stdout, id); err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return fmt.Errorf("%s %d not found", noun, id)
		}
		return err
	}
	return nil
}
