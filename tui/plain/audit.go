package plain

import (
	"fmt"

	"wardpanel/model"
	"wardpanel/store"
)

// auditShown is how many entries audit reads out: the newest, as a
// screen reader's user would not listen to a hundred.
const auditShown = 20

// audit says the newest entries of the audit trail this person may see.
func (s *session) audit() {
	if !model.CanReadAudit(s.u) {
		// The words the screen and `ssh host audit` use.
		s.t.say("Not done: the audit trail is for officers and admins.")
		return
	}
	entries, err := s.o.Store.AuditFind(s.u, store.AuditQuery{Limit: auditShown})
	if err != nil {
		s.refuse("reading the audit trail", err)
		return
	}
	lines := []string{fmt.Sprintf("Audit, the newest %s, newest first:", model.Counted(len(entries), "entry", "entries"))}
	for _, e := range entries {
		lines = append(lines, fmt.Sprintf("%s, %s, %s: %s.", e.At.Format("2 January 2006 15:04"), clean(e.Actor.User.Name), e.Action, clean(e.Summary)))
	}
	lines = append(lines, "ssh HOST audit --help has the filters.")
	s.t.say(lines...)
}
