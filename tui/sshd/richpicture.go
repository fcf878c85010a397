package sshd

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/richpicture"
)

// runRichPicture is `richpicture ID`: a rich-picture session as Markdown,
// as the connecting user may read it. A session that does not exist and
// one the user may not see are answered alike.
func runRichPicture(c *cmdEnv, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if err := parseFlags(flag.NewFlagSet("richpicture", flag.ContinueOnError), args); err != nil {
			return err
		}
		return usageError{"say which session, e.g. richpicture 2"}
	}
	n, err := strconv.ParseUint(strings.TrimPrefix(args[0], "#"), 10, 64)
	if err != nil || n == 0 {
		return usageError{fmt.Sprintf("%q is not a session number", model.CleanLine(args[0], 20))}
	}
	if err := parseFlags(flag.NewFlagSet("richpicture", flag.ContinueOnError), args[1:]); err != nil {
		return err
	}
	id := model.ID(n)
	if err := richpicture.Render(c.stdout, c.store, c.user, id); err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return fmt.Errorf("rich-picture session %d not found", id)
		}
		return err
	}
	return nil
}
