package sshd

import (
	"flag"
	"fmt"
	"io"

	"wardpanel/tui/public"
)

// `publish` lets the panel's officers see, then publish, their ward's
// "you said, we did" (issue 22): without --yes it shows the preview of
// what would be frozen; with it, it publishes that as the next version.
const publishUsage = "publish [--ward CODE] [--yes]"

func registerPublishCommands(m map[string]command) {
	m["publish"] = command{usage: publishUsage, summary: "preview, then publish, the ward's you said, we did (officers)", run: runPublish}
	m["concerns"] = command{usage: concernsUsage, summary: "the public's concerns: list, promote, decline (officers)", run: runConcerns}
}

func runPublish(c *cmdEnv, args []string) error {
	fs := flag.NewFlagSet("publish", flag.ContinueOnError)
	wardFlag := fs.String("ward", "", "")
	yes := fs.Bool("yes", false, "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	code, err := c.ward(*wardFlag)
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
