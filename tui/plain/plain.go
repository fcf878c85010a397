// Package plain is wardpanel's plain mode for screen readers (issue 18):
// the same screens as the TUI, as linear text. Nothing is drawn in place:
// each thing said is a new line, choices are numbered, forms ask one field
// at a time, and what others change while you are here (the chair stepping
// the meeting, a ballot cast, a problem added) arrives as an announcement
// on a line of its own. It uses no colour, so colour never carries meaning.
//
// It reads and writes through the same store methods as the TUI, and so
// under the same permission checks; what it offers is what the model's
// checks allow, and a refusal prints the model's reason.
package plain

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"wardpanel/model"
	"wardpanel/store"
)

// Store is what plain mode reads and writes: the slice of *store.Store
// the TUI's screens use, and the change feed its live updates follow.
type Store interface {
	Ward(code string) (model.Ward, error)
	Agencies() ([]model.Agency, error)
	Problems(viewer model.User, ward string) ([]model.Problem, error)
	Problem(viewer model.User, id model.ID) (model.Problem, error)
	CreateProblem(by model.Actor, p model.Problem) (model.Problem, error)
	// UpdateProblemBecause saves an edit; a stage change needs its reason.
	UpdateProblemBecause(by model.Actor, p model.Problem, reason string) (model.Problem, error)
	Evidence(viewer model.User, problemID model.ID) ([]model.Evidence, error)
	AddEvidence(by model.Actor, e model.Evidence) (model.Evidence, error)
	ProblemActions(viewer model.User, problemID model.ID) ([]model.Action, error)
	Priorities(viewer model.User, ward string) (model.WardPriorities, error)
	Actions(viewer model.User, ward string) ([]model.Action, error)
	Updates(viewer model.User, meetingID model.ID) ([]model.Update, error) // for the inbox's asked updates
	Action(viewer model.User, id model.ID) (model.Action, error)
	Outcomes(viewer model.User, actionID model.ID) ([]model.Outcome, error)
	CreateAction(by model.Actor, a model.Action) (model.Action, error)
	ChangeActionStatus(by model.Actor, ch store.StatusChange) (model.Action, error)
	AddOutcome(by model.Actor, actionID model.ID, o model.Outcome) (model.Outcome, error)
	Meetings(viewer model.User, ward string) ([]model.Meeting, error)
	Meeting(viewer model.User, id model.ID) (model.Meeting, error)
	ChangeMeeting(by model.Actor, id model.ID, ch model.MeetingChange) (model.Meeting, error)
	RaiseMeetingAction(by model.Actor, meetingID model.ID, item int, a model.Action) (model.Action, error)
	ReviewAction(by model.Actor, meetingID, actionID model.ID, update string, status model.ActionStatus) (model.Meeting, error)
	AuditFind(viewer model.User, q store.AuditQuery) ([]model.AuditEntry, error)
	Subscribe() *store.Subscription
}

// Options configure one plain session.
type Options struct {
	Store       Store
	User        model.User
	Fingerprint string
	In          io.Reader
	Out         io.Writer
	// Echo: the client's terminal is raw (`ssh -t`), so what is typed is
	// echoed here; without a terminal the client shows it itself.
	Echo bool
	// Now is the clock for due dates typed as +7 (nil: time.Now).
	Now func() time.Time
	// Personas, when User is not set, are the demo's people a visitor
	// picks from first; Enrol enrols the visitor's key as the one picked.
	Personas []model.User
	Enrol    func(persona model.User) (model.User, error)
}

// errEnded: the person ended the session (ctrl+c, ctrl+d, quit) or the
// input closed.
var errEnded = errors.New("session ended")

// Run holds a plain session until the person quits, the input ends or ctx
// is done. It returns nil when the person ended it.
func Run(ctx context.Context, o Options) error {
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &session{o: o, t: newTerm(o.Out, o.Echo), ctx: ctx, follow: true}
	lines := make(chan string)
	done := make(chan struct{})
	defer close(done)
	go s.t.readLines(o.In, lines, done)
	s.lines = lines
	if o.User.ID == 0 {
		u, err := s.pickPersona()
		if err != nil {
			if errors.Is(err, errEnded) {
				return nil
			}
			return err
		}
		o.User = u
	}
	if len(o.User.Wards) == 0 {
		return errors.New("you belong to no ward yet: ask your panel admin")
	}
	s.u, s.actor, s.ward = o.User, model.Actor{User: o.User, Fingerprint: o.Fingerprint}, o.User.Wards[0]
	sub := o.Store.Subscribe()
	defer sub.Close()
	s.changes = sub.C
	s.remember()

	s.greet()
	s.goHome()
	for {
		line, err := s.read(s.prompt())
		if err != nil {
			if errors.Is(err, errEnded) {
				s.t.say("Goodbye.")
				return nil
			}
			return err
		}
		if quit := s.handle(line); quit {
			s.t.say("Goodbye.")
			return nil
		}
	}
}

// pickPersona has a demo visitor choose who to be, and enrols their key.
func (s *session) pickPersona() (model.User, error) {
	if len(s.o.Personas) == 0 || s.o.Enrol == nil {
		return model.User{}, errors.New("plain mode is for enrolled users: ask your panel admin for an invite")
	}
	s.t.say("wardpanel demo, plain mode. The ward and its people are made up; pick who to be, and your key is theirs from now on.")
	opts := make([]string, len(s.o.Personas))
	for i, p := range s.o.Personas {
		opts[i] = fmt.Sprintf("%s, %s, %s", clean(p.Name), p.Role, p.Agency)
	}
	for {
		picked, ok := s.pick("Who would you like to be?", opts, "")
		if !ok {
			return model.User{}, errEnded
		}
		i := slices.Index(opts, picked)
		u, err := s.o.Enrol(s.o.Personas[i])
		if err == nil {
			return u, nil
		}
		s.refuse("enrolling your key", err)
	}
}

// place is where in the screens the person is.
type place int

const (
	placeHome place = iota
	placeBoard
	placeProblem
	placeActions
	placeAction
	placeMeetings
	placeMeeting
	placeInbox
)

// session is one person's plain session; it lives on one goroutine.
type session struct {
	o       Options
	u       model.User
	actor   model.Actor
	ward    string
	t       *term
	ctx     context.Context
	lines   <-chan string
	changes <-chan uint64

	at   place
	id   model.ID // the problem, action or meeting at hand
	mine bool     // the actions list shows only mine
	// follow: in a live meeting, the item at hand is the one under
	// discussion, and moves when the chair steps; sel is the item browsed
	// to otherwise.
	follow bool
	sel    int

	choices []choice // as last listed, numbered from 1

	// What the person has last heard of, for the announcements.
	meetings map[model.ID]model.Meeting
	problems map[model.ID]bool
}

// choice is one numbered thing to do; word is what may be typed instead
// of its number.
type choice struct {
	word  string
	label string
	run   func()
}

// read shows prompt and waits for a line. Changes to the store arriving
// meanwhile are announced without losing what is being typed.
func (s *session) read(prompt string) (string, error) {
	s.t.ask(prompt)
	for {
		select {
		case <-s.ctx.Done():
			s.t.say("")
			return "", s.ctx.Err()
		case line, ok := <-s.lines:
			if !ok {
				s.t.say("")
				return "", errEnded
			}
			return strings.TrimSpace(line), nil
		case _, ok := <-s.changes:
			if !ok {
				s.changes = nil // the store closed: nothing more to announce
				continue
			}
			s.announce()
		}
	}
}

func (s *session) prompt() string {
	names := map[place]string{placeHome: "home", placeBoard: "board", placeProblem: "problem",
		placeActions: "actions", placeAction: "action", placeMeetings: "meetings", placeMeeting: "meeting", placeInbox: "inbox"}
	return names[s.at] + "> "
}

func (s *session) greet() {
	ward := s.ward
	if w, err := s.o.Store.Ward(s.ward); err == nil {
		ward = fmt.Sprintf("%s (%s)", clean(w.Name), w.Code)
	}
	s.t.say(fmt.Sprintf("wardpanel, plain mode. %s, you are %s, %s, %s.", ward, clean(s.u.Name), s.u.Role, s.u.Agency),
		"Type the number of a choice, or a word from help. help lists them; quit or ctrl+d ends.")
}

// listChoices numbers cs and says them.
func (s *session) listChoices(cs []choice) {
	s.choices = cs
	lines := []string{"Choices:"}
	for i, c := range cs {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, c.label))
	}
	s.t.say(lines...)
}

// offer takes cs as the choices. When they are the same choices as
// before (the chair stepped on: "next" is still 1) they are not said
// again, which would bury what changed; otherwise they are listed.
func (s *session) offer(cs []choice) {
	same := len(cs) == len(s.choices)
	for i := 0; same && i < len(cs); i++ {
		same = cs[i].word == s.choices[i].word && cs[i].word != ""
	}
	if same {
		s.choices = cs
		s.t.say("The choices are as before; an empty line hears them.")
		return
	}
	s.listChoices(cs)
}

// handle acts on one line typed; quit reports that the person is leaving.
func (s *session) handle(line string) (quit bool) {
	if line == "" {
		s.listChoices(s.choices)
		return false
	}
	if n, err := strconv.Atoi(strings.TrimPrefix(line, "#")); err == nil {
		if n < 1 || n > len(s.choices) {
			s.t.say(fmt.Sprintf("There is no choice %d: choose from 1 to %d.", n, len(s.choices)))
			return false
		}
		s.choices[n-1].run()
		return false
	}
	word, arg, _ := strings.Cut(line, " ")
	word, arg = strings.ToLower(word), strings.TrimSpace(arg)
	switch word {
	case "quit", "exit", "q", "bye":
		return true
	case "help", "?", "h":
		s.help()
	case "home", "menu":
		s.goHome()
	case "again", "where", "repeat", "r":
		s.show()
	case "back", "b":
		s.back()
	case "board":
		s.goBoard()
	case "actions":
		s.mine = false
		s.goActions()
	case "mine":
		s.mine = true
		s.goActions()
	case "meetings":
		s.goMeetings()
	case "inbox":
		s.goInbox()
	case "audit":
		s.audit()
	case "problem", "p":
		s.withID(arg, "problem", s.goProblem)
	case "action", "a":
		s.withID(arg, "action", s.goAction)
	case "meeting", "m":
		s.withID(arg, "meeting", s.goMeeting)
	default:
		for _, c := range s.choices {
			if c.word == word {
				c.run()
				return false
			}
		}
		if s.at == placeMeeting && s.meetingWord(word, arg) {
			return false
		}
		s.t.say(fmt.Sprintf("%q is not a command here. Type a number from the choices, or help.", model.CleanLine(word, 30)))
	}
	return false
}

// withID reads a record number (13, #13, P13) and goes there.
func (s *session) withID(arg, noun string, open func(model.ID)) {
	n, err := strconv.ParseUint(strings.TrimLeft(strings.TrimPrefix(arg, "#"), "PpAaMm"), 10, 64)
	if err != nil || n == 0 {
		s.t.say(fmt.Sprintf("Say which %s by its number, as in: %s 3.", noun, noun))
		return
	}
	open(model.ID(n))
}

// show says the place at hand again.
func (s *session) show() {
	switch s.at {
	case placeBoard:
		s.goBoard()
	case placeProblem:
		s.goProblem(s.id)
	case placeActions:
		s.goActions()
	case placeAction:
		s.goAction(s.id)
	case placeMeetings:
		s.goMeetings()
	case placeMeeting:
		s.goMeeting(s.id)
	case placeInbox:
		s.goInbox()
	default:
		s.goHome()
	}
}

// back goes up one level: a record to its list, a list home.
func (s *session) back() {
	switch s.at {
	case placeProblem:
		s.goBoard()
	case placeAction:
		s.goActions()
	case placeMeeting:
		s.goMeetings()
	default:
		s.goHome()
	}
}

// help is the list of what may be typed anywhere, then the choices here.
func (s *session) help() {
	lines := []string{
		"Help. Anywhere, type:",
		"- a number: that choice",
		"- home: the main choices",
		"- board: the ward's problems; problem N: problem N",
		"- actions: all actions; mine: yours and your agency's; action N: action N",
		"- meetings: the ward's meetings; meeting N: meeting N",
		"- inbox: what is for you since you were last here",
		"- audit: who changed what, newest first (officers and admins)",
		"- again: hear where you are again; an empty line: hear the choices again",
		"- back: up one level",
		"- quit: leave (ctrl+d too)",
		"Answering a question: an empty line takes what is offered in brackets; cancel stops the form.",
		"What others change while you are here is announced on a line of its own.",
	}
	if len(s.choices) > 0 {
		lines = append(lines, "Here:")
		for i, c := range s.choices {
			w := ""
			if c.word != "" {
				w = " (or " + c.word + ")"
			}
			lines = append(lines, fmt.Sprintf("- %d%s: %s", i+1, w, c.label))
		}
	}
	s.t.say(lines...)
}

// refuse says why something was not done: the model's reason.
func (s *session) refuse(what string, err error) {
	var conflict *model.ConflictError
	switch {
	case errors.As(err, &conflict):
		s.t.say(fmt.Sprintf("Not done: %s. %s", what, clean(err.Error())+"; hear it again and try once more."))
	case errors.Is(err, model.ErrNotFound):
		s.t.say(fmt.Sprintf("Not done: %s: not found, or not yours to see.", what))
	default:
		s.t.say(fmt.Sprintf("Not done: %s: %s.", what, strings.TrimSuffix(clean(err.Error()), ".")))
	}
}

// clean makes user text inert for the terminal, on one line.
func clean(s string) string { return model.CleanLine(s, model.MaxLineLen) }
