package sshd

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/minutes"
)

// runMinutes is `minutes ID`: the meeting's minutes as Markdown, as the
// connecting user may read them. A meeting that does not exist and one the
// user may not see are answered alike.
func runMinutes(c *cmdEnv, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if err := parseFlags(flag.NewFlagSet("minutes", flag.ContinueOnError), args); err != nil {
			return err
		}
		return usageError{"say which meeting, e.g. minutes 3"}
	}
	n, err := strconv.ParseUint(strings.TrimPrefix(args[0], "#"), 10, 64)
	if err != nil || n == 0 {
		return usageError{fmt.Sprintf("%q is not a meeting number", model.CleanLine(args[0], 20))}
	}
	if err := parseFlags(flag.NewFlagSet("minutes", flag.ContinueOnError), args[1:]); err != nil {
		return err
	}
	id := model.ID(n)
	if err := minutes.Render(c.stdout, c.store, c.user, id); err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return fmt.Errorf("meeting %d not found", id)
		}
		return err
	}
	return nil
}
