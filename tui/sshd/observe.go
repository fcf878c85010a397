package sshd

import (
	"errors"

	"wardpanel/model"
)

// Observer hears of what the operator's metrics count: connections
// refused and commands run. What it is told comes from fixed sets (a
// reason below, a command's name from the command table), never a name,
// a key or anything typed, so it may become a metric's label as it is.
// Its methods are called on the session's goroutine and must be quick.
type Observer interface {
	Refused(reason Refusal)
	CommandDone(name string, status int)
}

// Refusal is why a connection or session was turned away.
type Refusal string

const (
	// RefusedLimit: over a cap or rate before authentication (gate.go).
	RefusedLimit Refusal = "limit"
	// RefusedUnknownKey: a key that is not enrolled, or no longer is.
	RefusedUnknownKey Refusal = "unknown_key"
	// RefusedDisabled: the user's account is disabled.
	RefusedDisabled Refusal = "disabled"
	// RefusedSessionLimit: the user already has their most sessions open.
	RefusedSessionLimit Refusal = "session_limit"
	// RefusedNoTerminal: a demo visitor or a join without a terminal.
	RefusedNoTerminal Refusal = "no_terminal"
	// RefusedInviteCode: a wrong invite code typed at join@host.
	RefusedInviteCode Refusal = "invite_code"
)

// Refusals lists every reason, so a metric can show each at zero.
var Refusals = []Refusal{RefusedLimit, RefusedUnknownKey, RefusedDisabled, RefusedSessionLimit, RefusedNoTerminal, RefusedInviteCode}

// UnknownCommand is the name a command not in the table is counted under.
const UnknownCommand = "unknown"

// CommandNames lists the commands a session may run, for metrics.
func CommandNames() []string {
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	return names
}

func (s *Server) refused(why Refusal) {
	if s.cfg.Observer != nil {
		s.cfg.Observer.Refused(why)
	}
}

// refusedFor counts a session that track turned away.
func (s *Server) refusedFor(err error) {
	switch {
	case errors.Is(err, model.ErrDisabled):
		s.refused(RefusedDisabled)
	case errors.Is(err, model.ErrNotEnrolled):
		s.refused(RefusedUnknownKey)
	default: // the registry's cap, or (rarely) the user could not be re-read
		s.refused(RefusedSessionLimit)
	}
}

// commandDone counts a command by its name in the table, whatever was typed.
func (s *Server) commandDone(name string, status int) {
	if s.cfg.Observer == nil {
		return
	}
	if _, ok := commands[name]; !ok {
		name = UnknownCommand
	}
	s.cfg.Observer.CommandDone(name, status)
}

// SessionCounts is what the server has open now.
type SessionCounts struct {
	Terminal, Command int // sessions of enrolled users, by kind
	Users             int // distinct users with a session
}

// Sessions counts the sessions of enrolled users open now (not join or
// demo visitors still choosing a persona).
func (s *Server) Sessions() SessionCounts {
	r := s.sessions
	r.mu.Lock()
	defer r.mu.Unlock()
	c := SessionCounts{Users: len(r.byUser)}
	for _, set := range r.byUser {
		for t := range set {
			if t.tui {
				c.Terminal++
			} else {
				c.Command++
			}
		}
	}
	return c
}
