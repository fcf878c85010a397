package sshd

import (
	"fmt"
	"io"

	"wardpanel/tui/cli"
	"wardpanel/tui/public"
)

// `publish` lets the panel's officers see, then publish, their ward's
// "you said, we did" (issue 22): without --yes it shows the preview of
// what would be frozen; with it, it publishes that as the next version.
var publishCmd = cli.Command[*cmdEnv]{Name: "publish", Args: "[--ward CODE] [--yes]",
	Summary: "preview, then publish, the ward's you said, we did (officers)", Run: runPublish}

func runPublish(c *cmdEnv, in *cli.Input) error {
	wardFlag := wardOption(in)
	yes := in.Bool("yes", "publish what the preview shows")
	code, err := c.parseWard(in, wardFlag)
	if err != nil {
		return err
	}
	if !*yes {
		sum, err := c.store.PreviewSummary(code)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.stdout, "Preview: this is what the public would read. Run publish --yes to publish it.")
		fmt.Fprintln(c.stdout)
		_, err = io.WriteString(c.stdout, public.Text(sum))
		return err
	}
	sum, err := c.store.PublishSummary(c.actor(), code)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.stdout, "published version %d of ward %s's summary: ssh public@HOST summary %s reads it\n", sum.Version, code, code)
	return err
}
