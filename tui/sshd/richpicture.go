package sshd

import (
	"io"

	"wardpanel/model"
	"wardpanel/tui/cli"
	"wardpanel/tui/richpicture"
)

var richPictureCmd = cli.Command[*cmdEnv]{Name: "richpicture", Args: "ID [--json]",
	Summary: "a rich-picture session, as Markdown (or JSON), with what you may see", Run: runRichPicture}

// runRichPicture is `richpicture ID`: a rich-picture session as Markdown,
// or with --json the session and the lines the user may see.
func runRichPicture(c *cmdEnv, in *cli.Input) error {
	format := in.Output(cli.JSON)
	args, err := in.Parse("ID")
	if err != nil {
		return err
	}
	return c.document(args[0], cli.SessionRef, "rich-picture session", func(w io.Writer, id model.ID) error {
		if *format == cli.JSON {
			return pictureJSON(w, c.store, c.user, id)
		}
		return richpicture.Render(w, c.store, c.user, id)
	})
}

// pictureJSON is the session and its lines as the store lets u read them.
func pictureJSON(w io.Writer, st Store, u model.User, id model.ID) error {
	s, err := st.Picture(u, id)
	if err != nil {
		return err
	}
	lines, err := st.PictureElements(u, id)
	if err != nil {
		return err
	}
	safe := make([]model.Element, len(lines))
	for i, e := range lines {
		safe[i] = e.Safe()
	}
	return cli.WriteJSON(w, struct {
		Session model.PictureSession `json:"session"`
		Lines   []model.Element      `json:"lines"`
	}{s.Safe(), safe})
}
