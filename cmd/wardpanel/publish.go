package main

import (
	"io"

	"wardpanel/tui/cli"
	"wardpanel/tui/public"
)

// `wardpanel publish --ward CODE [--html]` prints a ward's published
// "you said, we did" (issue 22) for a council website: Markdown, or one
// self-contained HTML page. It prints the frozen version the panel's
// officers published, the same the public screen shows; publishing
// itself is theirs (`ssh HOST publish`).
var publishCmd = cli.Command[*env]{Name: "publish", Args: "--ward CODE [--html] [--data DIR]",
	Summary: "the ward's published you said, we did, as Markdown or HTML", Run: printPublished}

func printPublished(e *env, in *cli.Input) error {
	dir := dataOption(in)
	ward := in.String("ward", "CODE", "the ward")
	asHTML := in.Bool("html", "one self-contained HTML page instead of Markdown")
	if _, err := in.Parse(); err != nil {
		return err
	}
	if err := in.Require("ward"); err != nil {
		return err
	}
	st, err := e.open(in, *dir)
	if err != nil {
		return err
	}
	sum, err := st.Published(*ward)
	if err != nil {
		return err
	}
	out := public.Markdown(sum)
	if *asHTML {
		if out, err = public.HTML(sum); err != nil {
			return err
		}
	}
	_, err = io.WriteString(in.Stdout, out)
	return err
}
