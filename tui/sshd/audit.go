package sshd

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/cli"
)

// auditJSON is one audit entry as scripts see it: every field a string a
// terminal cannot act on, the key in full. The trail's own sequence number
// is left out: a reader sees only the entries of records they may see, and
// the gaps between the numbers of those would count the others.
type auditJSON struct {
	At         time.Time `json:"at"`
	Who        string    `json:"who"`
	UserID     model.ID  `json:"user_id,omitempty"`
	Agency     string    `json:"agency,omitempty"`
	Role       string    `json:"role,omitempty"`
	Key        string    `json:"key"`
	Action     string    `json:"action"`
	Target     string    `json:"target"`
	Summary    string    `json:"summary"`
	Ward       string    `json:"ward,omitempty"`
	Visibility string    `json:"visibility"`
}

func auditEntryJSON(e model.AuditEntry) auditJSON {
	line := func(s string) string { return model.CleanLine(s, model.MaxLineLen) }
	vis := "admins"
	if e.Ward != "" {
		vis = line(e.Visibility.String())
	}
	return auditJSON{
		At:     e.At,
		Who:    model.CleanLine(e.Actor.User.Name, model.MaxNameLen),
		UserID: e.Actor.User.ID,
		Agency: line(e.Actor.User.Agency), Role: line(string(e.Actor.User.Role)),
		Key:    line(e.Actor.Fingerprint),
		Action: line(string(e.Action)), Target: line(e.Target), Summary: line(e.Summary),
		Ward: line(e.Ward), Visibility: vis,
	}
}

// parseSince reads --since and --until: an age back from now ("7d", "2w",
// "36h", "90m") or a moment ("2026-03-01", "2026-03-01T09:30:00Z").
func parseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			if v, err := strconv.Atoi(n); err == nil && v >= 0 {
				return now.Add(-time.Duration(v) * unit), nil
			}
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, cli.Usagef("%q is not a time: use an age (7d, 2w, 36h) or a date (2026-03-01)", s)
}

// runAudit lists the audit entries the user may see, newest first, as the
// audit screen does: officers and admins only, and of them only what the
// store's rules let each see.
var auditCmd = cli.Command[*cmdEnv]{Name: "audit", Args: "[--who X] [--action PREFIX] [--since 7d] [--until DATE] [--limit N] [--json]",
	Summary: "who changed what, when (officers and admins)", Run: runAudit}

func runAudit(c *cmdEnv, in *cli.Input) error {
	who := in.String("who", "X", "part of a name or key fingerprint")
	action := in.String("action", "PREFIX", "what was done: problem., action., denied. …")
	since := in.String("since", "WHEN", "from: an age (7d, 2w, 36h) or a date (2026-03-01)")
	until := in.String("until", "WHEN", "to: an age or a date")
	limit := in.Int("limit", 100, "at most this many entries")
	format := in.Output(cli.JSON)
	if _, err := in.Parse(); err != nil {
		return err
	}
	if *limit < 1 {
		return cli.Usagef("--limit must be at least 1")
	}
	if !model.CanReadAudit(c.user) {
		return errors.New("the audit trail is for officers and admins")
	}
	now := time.Now()
	q := store.AuditQuery{Who: *who, Action: *action, Limit: min(*limit, store.MaxAuditLimit)}
	var err error
	if q.Since, err = parseSince(*since, now); err != nil {
		return err
	}
	if q.Until, err = parseSince(*until, now); err != nil {
		return err
	}
	entries, err := c.store.AuditFind(c.user, q)
	if err != nil {
		return err
	}
	shown := make([]auditJSON, 0, len(entries))
	for _, e := range entries {
		if model.CanSeeAudit(c.user, e) { // the store's rule, applied once more
			shown = append(shown, auditEntryJSON(e))
		}
	}
	t := cli.Table{Header: []string{"WHEN", "WHO", "KEY", "ACTION", "RECORD", "SUMMARY"}}
	for _, e := range shown {
		t.Add(e.At.UTC().Format("2006-01-02 15:04"), e.Who, e.Key, e.Action, model.TargetRef(e.Target), e.Summary)
	}
	return cli.Emit(c.stdout, *format, shown, model.Counted(len(shown), "audit entry", "audit entries")+", newest first", t)
}
