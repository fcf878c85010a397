package sshd

import (
	"errors"
	"fmt"
	"time"

	"wardpanel/model"
	"wardpanel/tui/briefing"
	"wardpanel/tui/cli"
)

var briefingCmd = cli.Command[*cmdEnv]{Name: "briefing", Args: "[MEETING]",
	Summary: "a meeting's briefing pack, as Markdown: priorities and open actions with updates (default: your next meeting)",
	Run:     runBriefing}

func runBriefing(c *cmdEnv, in *cli.Input) error {
	args, err := in.Parse("[MEETING]")
	if err != nil {
		return err
	}
	var id model.ID
	if args[0] != "" {
		if id, err = cli.MeetingRef.ID(args[0]); err != nil {
			return err
		}
	} else if id, err = c.nextMeeting(); err != nil {
		return err
	}
	b, err := briefing.Read(c.store, c.user, id)
	if errors.Is(err, model.ErrNotFound) {
		return fmt.Errorf("meeting %d not found", id)
	}
	if err != nil {
		return err
	}
	return briefing.Render(c.stdout, b, c.user)
}

// nextMeeting is the soonest next meeting of the user's wards.
func (c *cmdEnv) nextMeeting() (model.ID, error) {
	var all []model.Meeting
	now := time.Now()
	for _, w := range c.user.Wards {
		ms, err := c.store.Meetings(c.user, w)
		if err != nil {
			return 0, err
		}
		if m, ok := model.NextMeeting(ms, w, now); ok {
			all = append(all, m)
		}
	}
	if len(all) == 0 {
		return 0, errors.New("no meeting is planned in your wards: name one (see meetings)")
	}
	next := all[0] // a live meeting first, then the soonest
	for _, m := range all[1:] {
		live, nextLive := m.State == model.MeetingLive, next.State == model.MeetingLive
		if live && !nextLive || live == nextLive && m.When.Before(next.When) {
			next = m
		}
	}
	return next.ID, nil
}
