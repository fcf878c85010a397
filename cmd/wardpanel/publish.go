package main

import (
	"flag"
	"io"

	"wardpanel/store"
	"wardpanel/tui/public"
)

// `wardpanel publish --ward CODE [--html]` prints a ward's published
// "you said, we did" (issue 22) for a council website: Markdown, or one
// self-contained HTML page. It prints the frozen version the panel's
// officers published, the same the public screen shows; publishing
// itself is theirs (`ssh HOST publish`).
func init() { adminCommands["publish"] = publishCmd }

func publishCmd(st *store.Store, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("publish", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	ward := fs.String("ward", "", "")
	asHTML := fs.Bool("html", false, "")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if *ward == "" || fs.NArg() > 0 {
		return usageError{"usage: wardpanel publish --ward CODE [--html]"}
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
	_, err = io.WriteString(stdout, out)
	return err
}
