package tui

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/inbox"
)

// offers says whether a screen's full help holds b.
func offers(c component, b key.Binding) bool {
	for _, g := range c.FullHelp() {
		for _, k := range g {
			if k.Enabled() && k.Help() == b.Help() {
				return true
			}
		}
	}
	return false
}

// keyRule is one key a screen offers only to some: the keys that take a
// user from the board to the screen, the screen as it then shows, the key,
// and the store's own answer to what the key does (the very write, in this
// role's copy of the store, or, where the store has no refusal to give,
// the model's rule it reads by).
type keyRule struct {
	what  string
	to    []string
	on    screen // where to reaches
	key   func(k *keyMap) key.Binding
	store func(w *ruleWorld) error
}

// ruleWorld is one role's session on a store of its own, and what the
// screen the rule's keys reached shows.
type ruleWorld struct {
	// meeting is a planned meeting of the ward, called by the chair.
	meeting model.ID
	st      *store.Store
	hs      *harness
	u       model.User
	by      model.Actor
}

// on is the screen on top.
func (w *ruleWorld) on() component { return w.hs.app.current() }

// problem is the problem on screen, as the store has it now.
func (w *ruleWorld) problem() model.Problem {
	p, _ := w.st.Problem(w.u, w.hs.app.detail().p.ID)
	return p
}

func (w *ruleWorld) action() model.Action {
	a, _ := w.st.Action(w.u, w.hs.app.action().a.ID)
	return a
}

func (w *ruleWorld) picture() model.PictureSession {
	s, _ := w.st.Picture(w.u, w.hs.app.pics().view.Session().ID)
	return s
}

// errNothingAsked: the inbox asks no update of this role, so there is
// nothing to post from it.
var errNothingAsked = errors.New("no update asked")

// keyRules are the keys the screens offer to some roles and not others.
var keyRules = []keyRule{
	{"a problem on the board", nil, screenBoard, func(k *keyMap) key.Binding { return k.Board.New }, func(w *ruleWorld) error {
		_, err := w.st.CreateProblem(w.by, model.Problem{Ward: wardA, Title: "Litter on Elm", Category: "other", Stage: model.StageScanning, Visibility: model.Panel})
		return err
	}},
	{"the audit trail", nil, screenBoard, func(k *keyMap) key.Binding { return k.Board.Audit }, func(w *ruleWorld) error {
		// The store answers a resident with an empty trail, not a refusal:
		// its rule is the model's.
		if !model.CanReadAudit(w.u) {
			return model.ErrForbidden
		}
		return nil
	}},
	{"a meeting", []string{"m"}, screenMeetings, func(k *keyMap) key.Binding { return k.NewMeeting }, func(w *ruleWorld) error {
		_, err := w.st.CreateMeeting(w.by, model.Meeting{Ward: wardA, Title: "June panel", When: fixedNow().AddDate(0, 0, 7)})
		return err
	}},
	{"editing a problem", []string{"enter"}, screenDetail, func(k *keyMap) key.Binding { return k.Records.Edit }, func(w *ruleWorld) error {
		_, err := w.st.UpdateProblem(w.by, w.problem())
		return err
	}},
	{"raising an action on a problem", []string{"enter"}, screenDetail, func(k *keyMap) key.Binding { return k.Records.Raise }, func(w *ruleWorld) error {
		p := w.problem()
		_, err := w.st.CreateAction(w.by, model.Action{Ward: p.Ward, ProblemID: p.ID, OwnerAgency: model.DefaultActionOwner(w.u, &p),
			Visibility: p.Visibility, Title: "Check the lighting", Due: day(14)})
		return err
	}},
	{"logging evidence on a problem", []string{"enter"}, screenDetail, func(k *keyMap) key.Binding { return k.Records.Evidence }, func(w *ruleWorld) error {
		p := w.problem()
		_, err := w.st.AddEvidence(w.by, model.Evidence{Ward: p.Ward, ProblemID: p.ID, Kind: model.EvidenceReport,
			Visibility: p.Visibility, Text: "Seen again on Friday", Occurred: day(-1)})
		return err
	}},
	{"an action on the actions list", []string{"t"}, screenActions, func(k *keyMap) key.Binding { return k.Board.NewAction }, func(w *ruleWorld) error {
		_, err := w.st.CreateAction(w.by, model.Action{Ward: wardA, ProblemID: 4, OwnerAgency: w.u.Agency, Visibility: model.Panel,
			Title: "Walk the alley at dusk", Due: day(7)})
		return err
	}},
	{"moving an action's status", []string{"t", "enter"}, screenAction, func(k *keyMap) key.Binding { return k.Records.Status }, func(w *ruleWorld) error {
		a := w.action()
		_, err := w.st.ChangeActionStatus(w.by, store.StatusChange{ID: a.ID, Status: model.ActionBlocked, Version: a.Version})
		return err
	}},
	{"editing an action", []string{"t", "enter"}, screenAction, func(k *keyMap) key.Binding { return k.Records.Edit }, func(w *ruleWorld) error {
		_, err := w.st.UpdateAction(w.by, w.action())
		return err
	}},
	{"logging an outcome", []string{"t", "enter"}, screenAction, func(k *keyMap) key.Binding { return k.Records.Outcome }, func(w *ruleWorld) error {
		_, err := w.st.AddOutcome(w.by, w.action().ID, model.Outcome{Text: "Gates fitted", Result: model.ResultKinds[0]})
		return err
	}},
	// The actions list offers the action's own keys on the action under its cursor.
	{"moving an action's status, from the actions list", []string{"t"}, screenActions, func(k *keyMap) key.Binding { return k.Board.Status }, func(w *ruleWorld) error {
		a, to := w.listed(), model.ActionBlocked
		if a.Status == to { // the action's own screen blocked it
			to = model.ActionInProgress
		}
		_, err := w.st.ChangeActionStatus(w.by, store.StatusChange{ID: a.ID, Status: to, Version: a.Version})
		return err
	}},
	{"editing an action, from the actions list", []string{"t"}, screenActions, func(k *keyMap) key.Binding { return k.Board.Edit }, func(w *ruleWorld) error {
		_, err := w.st.UpdateAction(w.by, w.listed())
		return err
	}},
	{"logging an outcome, from the actions list", []string{"t"}, screenActions, func(k *keyMap) key.Binding { return k.Board.Outcome }, func(w *ruleWorld) error {
		_, err := w.st.AddOutcome(w.by, w.listed().ID, model.Outcome{Text: "Gates fitted", Result: model.ResultKinds[0]})
		return err
	}},
	{"an update on an action before the meeting", []string{"t", "enter"}, screenAction, func(k *keyMap) key.Binding { return k.Records.Update }, func(w *ruleWorld) error {
		_, _, err := w.st.PostUpdate(w.by, model.RecordAction, w.action().ID, "Gates ordered, fitting next week")
		return err
	}},
	{"a rich-picture session", []string{"r"}, screenPictures, func(k *keyMap) key.Binding { return k.Pictures.New }, func(w *ruleWorld) error {
		_, err := w.st.CreatePicture(w.by, model.PictureSession{Ward: wardA, Title: "Spring walk", Date: day(3)})
		return err
	}},
	{"capturing a line", []string{"r", "enter"}, screenPicture, func(k *keyMap) key.Binding { return k.Pictures.Type }, func(w *ruleWorld) error {
		_, err := w.st.AddElement(w.by, w.picture().ID, "c: Litter by the shops")
		return err
	}},
	{"the agenda", []string{"m"}, screenMeeting, func(k *keyMap) key.Binding { return k.AddItem }, func(w *ruleWorld) error {
		_, err := w.st.ChangeMeeting(w.by, w.meeting, model.AddItem{Item: model.AgendaItem{Title: "Parking on the Parade", Allotted: 10}})
		return err
	}},
	{"starting a meeting", []string{"m"}, screenMeeting, func(k *keyMap) key.Binding { return k.Start }, func(w *ruleWorld) error {
		_, err := w.st.ChangeMeeting(w.by, w.meeting, model.StartMeeting{})
		return err
	}},
	{"a session's details", []string{"r", "enter"}, screenPicture, func(k *keyMap) key.Binding { return k.Pictures.Details }, func(w *ruleWorld) error {
		_, err := w.st.UpdatePicture(w.by, w.picture())
		return err
	}},
	{"a problem from a crime hotspot", []string{"x"}, screenCrimes, func(k *keyMap) key.Binding { return k.Crimes.Problem }, crimeProblem},
	{"a problem from a possible crime series", []string{"x", "s"}, screenCrimes, func(k *keyMap) key.Binding { return k.Crimes.FromRow }, crimeProblem},
	// The problem screen's plan (package records): writing it, and its review date.
	{"writing a problem's plan", []string{"enter"}, screenDetail, func(k *keyMap) key.Binding { return k.Records.Text }, func(w *ruleWorld) error {
		_, err := w.st.SetPlanText(w.by, w.problem().ID, model.FieldStatement, "Litter dumped behind the shops", nil, 0)
		return err
	}},
	{"a problem's review date", []string{"enter"}, screenDetail, func(k *keyMap) key.Binding { return k.Records.Review }, func(w *ruleWorld) error {
		_, err := w.st.SetReview(w.by, w.problem().ID, day(7))
		return err
	}},
	// The inbox's last row: the last update asked of the user, when any is.
	{"an update asked of you, from the inbox", append([]string{"i"}, slices.Repeat([]string{"down"}, 40)...), screenInbox,
		func(k *keyMap) key.Binding { return k.Inbox.Post }, func(w *ruleWorld) error {
			kind, id, ok := w.on().(pkgScreen).Screen.(*inbox.View).Asked()
			if !ok {
				return errNothingAsked
			}
			_, _, err := w.st.PostUpdate(w.by, kind, id, "Lighting fixed; two reports since")
			return err
		}},
}

// Each screen offers a key to each role exactly when the store lets that
// role do it: the screens ask model's rule book, the store checks the same,
// and this test asks the store itself, the key's own write, role by role.
func TestKeysOfferedAreTheStoresAnswer(t *testing.T) {
	sec := model.User{ID: 6, Name: "Sue Secretary", Agency: "council", Role: model.RoleSecretary, Wards: []string{wardA}}
	// seen counts, for each rule, the roles it was offered to and those it
	// was not: a rule offered to all or to none would prove little.
	seen := map[string][2]int{}
	// The meeting screen's keys, each on a meeting made for it.
	rules := slices.Clone(keyRules)
	at := map[string]func(*ruleWorld) model.ID{}
	for _, r := range meetingKeyRules {
		rules = append(rules, keyRule{r.what, nil, screenMeeting, r.key, r.store})
		at[r.what] = r.at
	}
	for _, u := range []model.User{officer, member, chair, council, watcher, sec, fuzzHousing} {
		t.Run(string(u.Role)+" "+u.Name, func(t *testing.T) {
			st := realStore(t)
			seedPicture(t, st)
			m, err := st.CreateMeeting(model.Actor{User: chair}, model.Meeting{Ward: wardA, Title: "May panel", When: fixedNow().AddDate(0, 0, 3)})
			if err != nil {
				t.Fatal(err)
			}
			by := model.Actor{User: u, Fingerprint: "SHA256:rules"}
			for _, r := range rules {
				w := &ruleWorld{meeting: m.ID, st: st, u: u, by: by,
					hs: newHarness(t, Options{Store: st, User: &u, Fingerprint: "SHA256:rules", Now: fixedNow}, 100, 30)}
				if set := at[r.what]; set != nil {
					w.meeting = set(w)
				}
				w.hs.keys(r.to...)
				if r.on == screenMeeting {
					w.hs.send(openMeetingMsg{id: w.meeting})
				}
				if w.on().capturing() {
					w.hs.keys("esc") // a session opens typing for those who capture
				}
				if w.hs.app.active != r.on {
					t.Fatalf("%s: %v from the board reached %q, not %q", r.what, r.to, w.hs.app.active, r.on)
				}
				offered := offers(w.on(), r.key(&w.hs.app.c.keys))
				n := seen[ruleGroup(r.what)]
				if offered {
					n[0]++
				} else {
					n[1]++
				}
				seen[ruleGroup(r.what)] = n
				err := r.store(w)
				if offered != (err == nil) {
					t.Errorf("%s (on %s): offered %v, the store says %v", r.what, w.on().name(), offered, err)
				}
			}

			// Raising an action in a meeting follows the actions' rules.
			if raises := model.RaisesActions(u); raises != (model.CheckCreateAction(u, model.Action{Ward: wardA, OwnerAgency: u.Agency, Visibility: model.Panel}, nil) == nil) {
				t.Errorf("raising an action in a meeting: offered %v, the model's check disagrees", raises)
			}
		})
	}
	for g, n := range seen {
		if n[0] == 0 || n[1] == 0 {
			t.Errorf("%s: offered to %d roles, not to %d: the roles tried do not tell the rule apart", g, n[0], n[1])
		}
	}
}

// crimeProblem is the write a crime picture's problem key leads to: the
// problem form's, on the ward's board.
func crimeProblem(w *ruleWorld) error {
	_, err := w.st.CreateProblem(w.by, model.Problem{Ward: wardA, Title: "Burglary on or near Elm Grove", Category: "burglary",
		Stage: model.StageScanning, Visibility: model.Panel})
	return err
}

// listed is the action under the actions list's cursor, as the store has it now.
func (w *ruleWorld) listed() model.Action {
	cur, _ := w.hs.app.actions().Current()
	a, _ := w.st.Action(w.u, cur.ID)
	return a
}

// ruleGroup is the key a rule tries: a meeting rule's name before its
// state ("start: live"), which the roles and states together must tell
// apart.
func ruleGroup(what string) string {
	g, _, _ := strings.Cut(what, ": ")
	return g
}

// meetingKeyRule is a key of the meeting screen, tried on a meeting the
// chair made for it in the role's store (at), in a state: the screen
// offers it exactly when the store takes the key's write.
type meetingKeyRule struct {
	what  string
	at    func(w *ruleWorld) model.ID
	key   func(k *keyMap) key.Binding
	store func(w *ruleWorld) error
}

var meetingKeyRules = []meetingKeyRule{
	{"start: planned", planned(), func(k *keyMap) key.Binding { return k.Start }, change(model.StartMeeting{})},
	{"start: live", live(model.ItemApologies), func(k *keyMap) key.Binding { return k.Start }, change(model.StartMeeting{})},
	{"next item: planned", planned(), func(k *keyMap) key.Binding { return k.NextItem }, stepOn},
	{"next item: live", live(model.ItemApologies), func(k *keyMap) key.Binding { return k.NextItem }, stepOn},
	{"next item: closed", closed(), func(k *keyMap) key.Binding { return k.NextItem }, stepOn},
	{"close: live", live(model.ItemApologies), func(k *keyMap) key.Binding { return k.CloseMeeting }, change(model.CloseMeeting{})},
	{"close: closed", closed(), func(k *keyMap) key.Binding { return k.CloseMeeting }, change(model.CloseMeeting{})},
	{"minutes: planned", planned(), func(k *keyMap) key.Binding { return k.Minutes }, writeMinutes},
	{"minutes: live", live(model.ItemApologies), func(k *keyMap) key.Binding { return k.Minutes }, writeMinutes},
	{"minutes: closed", closed(), func(k *keyMap) key.Binding { return k.Minutes }, writeMinutes},
	{"decision: live", live(model.ItemApologies), func(k *keyMap) key.Binding { return k.Decision }, func(w *ruleWorld) error {
		_, sel := w.shown()
		return change(model.AddNote{Item: sel, Kind: model.NoteDecision, Text: "Ask the council for bins", Visibility: model.Panel})(w)
	}},
	{"agenda item: live", live(model.ItemApologies), func(k *keyMap) key.Binding { return k.AddItem }, func(w *ruleWorld) error {
		_, sel := w.shown()
		return change(model.AddItem{After: sel, Item: model.AgendaItem{Title: "Parking on the Parade", Allotted: 10}})(w)
	}},
	{"agenda item: closed", closed(), func(k *keyMap) key.Binding { return k.AddItem }, func(w *ruleWorld) error {
		return change(model.AddItem{Item: model.AgendaItem{Title: "Parking on the Parade", Allotted: 10}})(w)
	}},
	{"attendance: live", live(model.ItemApologies), func(k *keyMap) key.Binding { return k.Register }, change(model.AddAttendee{
		Attendee: model.Attendee{Name: "Pat Resident", Kind: model.AttendPresent}})},
	{"undo: live", live(model.ItemApologies, func(m model.Meeting) model.MeetingChange {
		return model.AddItem{After: m.Items[len(m.Items)-1].ID, Item: model.AgendaItem{Title: "Any other business", Allotted: 5}}
	}), func(k *keyMap) key.Binding { return k.UndoAgenda }, change(model.UndoAgenda{})},
	{"undo: nothing done", live(model.ItemApologies), func(k *keyMap) key.Binding { return k.UndoAgenda }, change(model.UndoAgenda{})},
	{"raise in an item: live", live(model.ItemPriorities), func(k *keyMap) key.Binding { return k.RaiseInItem }, raiseIn},
	{"raise in an item: closed", closed(), func(k *keyMap) key.Binding { return k.RaiseInItem }, raiseIn},
	{"vote: live", live(model.ItemPriorities), func(k *keyMap) key.Binding { return k.Vote }, change(model.OpenVote{Candidates: candidates})},
	{"vote: open, one ballot", live(model.ItemPriorities, openVote, memberBallot), func(k *keyMap) key.Binding { return k.Vote },
		change(model.CloseVote{})},
	{"quorum: open", live(model.ItemPriorities, openVote), func(k *keyMap) key.Binding { return k.Quorum }, change(model.SetQuorum{Quorum: 2})},
	{"cancel the vote: open", live(model.ItemPriorities, openVote), func(k *keyMap) key.Binding { return k.CancelVote }, change(model.CancelVote{})},
	{"ballot: open", live(model.ItemPriorities, openVote), func(k *keyMap) key.Binding { return k.Ballot },
		change(model.CastVote{Choices: candidates[:1]})},
	{"ballot: closed", live(model.ItemPriorities, openVote, memberBallot, func(model.Meeting) model.MeetingChange { return model.CloseVote{} }),
		func(k *keyMap) key.Binding { return k.Ballot }, change(model.CastVote{Choices: candidates[:1]})},
	{"agree the last minutes: live", afterLast(nil), func(k *keyMap) key.Binding { return k.Agree }, func(w *ruleWorld) error {
		m, _ := w.shown()
		return change(model.AgreeMinutes{Previous: m.PreviousID})(w)
	}},
	{"review an action: live", afterLast(func(st *store.Store, m model.Meeting) error {
		_, err := st.RaiseMeetingAction(model.Actor{User: officer}, m.ID, m.Current, model.Action{Title: "Letter drop on Elm Grove",
			OwnerAgency: "police", Assignee: "Asha Patel", Due: day(14)})
		return err
	}), func(k *keyMap) key.Binding { return k.Review }, func(w *ruleWorld) error {
		m, sel := w.shown()
		it, _ := m.Item(sel)
		if it == nil || len(it.Reviews) == 0 {
			return model.ErrNotFound
		}
		a, err := w.st.Action(chair, it.Reviews[it.ReviewAt].ActionID)
		if err != nil {
			return err
		}
		_, err = w.st.ReviewAction(w.by, m.ID, a.ID, "Letters went out on Monday", a.Status)
		return err
	}},
	{"correct the minutes: closed", closed(func(m model.Meeting) model.MeetingChange {
		return model.WriteMinutes{Item: m.Current, Text: "Apologies from Cllr Marsh."}
	}), func(k *keyMap) key.Binding { return k.Correct }, func(w *ruleWorld) error {
		_, sel := w.shown()
		return change(model.CorrectEntry{Item: sel, Note: model.MinutesEntry, Text: "Apologies from Cllr Jean Marsh."})(w)
	}},
	{"correct the minutes: planned", planned(), func(k *keyMap) key.Binding { return k.Correct }, func(w *ruleWorld) error {
		_, sel := w.shown()
		return change(model.CorrectEntry{Item: sel, Note: model.MinutesEntry, Text: "Apologies from Cllr Jean Marsh."})(w)
	}},
}

// candidates are open problems of the ward the whole panel sees.
var candidates = []model.ID{1, 3, 4}

// shown is the meeting on the screen, and its item selected.
func (w *ruleWorld) shown() (model.Meeting, int) { return w.hs.app.meeting().Shown() }

// change is the store's answer to ch, made by the role on the meeting shown.
func change(ch model.MeetingChange) func(w *ruleWorld) error {
	return func(w *ruleWorld) error {
		_, err := w.st.ChangeMeeting(w.by, w.meeting, ch)
		return err
	}
}

// stepOn moves the meeting from its current item to the next.
func stepOn(w *ruleWorld) error {
	m, _ := w.shown()
	_, i := m.Item(m.Current)
	return change(model.StepItem{From: m.Current, To: m.Items[min(i+1, len(m.Items)-1)].ID})(w)
}

func writeMinutes(w *ruleWorld) error {
	m, sel := w.shown()
	it, _ := m.Item(sel)
	var version uint64
	if it != nil {
		version = it.MinutesVersion
	}
	return change(model.WriteMinutes{Item: sel, Text: "Residents raised the bins.", Version: version})(w)
}

func raiseIn(w *ruleWorld) error {
	m, sel := w.shown()
	_, err := w.st.RaiseMeetingAction(w.by, m.ID, sel, model.Action{Title: "Letter drop on Elm Grove", OwnerAgency: model.DefaultActionOwner(w.u, nil),
		Visibility: model.Panel, Due: day(14)})
	return err
}

// Meetings as the chair makes them, then changes them (then: each made of
// the meeting as it stands).
type then = func(model.Meeting) model.MeetingChange

func openVote(model.Meeting) model.MeetingChange { return model.OpenVote{Candidates: candidates} }

// memberBallot is the member's vote for the first candidate (chairs casts
// a ballot as the member).
func memberBallot(model.Meeting) model.MeetingChange { return model.CastVote{Choices: candidates[:1]} }

func planned(changes ...then) func(w *ruleWorld) model.ID {
	return func(w *ruleWorld) model.ID { return w.chairs(model.Meeting{}, changes...).ID }
}

// live is a meeting started and moved on to its item of kind.
func live(kind model.ItemKind, changes ...then) func(w *ruleWorld) model.ID {
	return func(w *ruleWorld) model.ID { return w.chairs(model.Meeting{}, w.started(kind, changes)...).ID }
}

func closed(changes ...then) func(w *ruleWorld) model.ID {
	return func(w *ruleWorld) model.ID {
		return w.chairs(model.Meeting{}, append(w.started(model.ItemApologies, changes),
			func(model.Meeting) model.MeetingChange { return model.CloseMeeting{} })...).ID
	}
}

// afterLast is a meeting live on matters arising, which follows a closed
// one; during is done in that one while it is live.
func afterLast(during func(st *store.Store, m model.Meeting) error) func(w *ruleWorld) model.ID {
	return func(w *ruleWorld) model.ID {
		last := w.chairs(model.Meeting{}, w.started(model.ItemPriorities, nil)...)
		if during != nil {
			if err := during(w.st, last); err != nil {
				w.hs.t.Fatal(err)
			}
		}
		w.chairs(last, func(model.Meeting) model.MeetingChange { return model.CloseMeeting{} })
		return w.chairs(model.Meeting{PreviousID: last.ID}, w.started(model.ItemReview, nil)...).ID
	}
}

// started are the changes that take a meeting live to its item of kind, then changes.
func (w *ruleWorld) started(kind model.ItemKind, changes []then) []then {
	return append([]then{
		func(model.Meeting) model.MeetingChange { return model.StartMeeting{} },
		func(m model.Meeting) model.MeetingChange {
			return model.StepItem{From: m.Current, To: m.ItemOfKind(kind).ID}
		},
	}, changes...)
}

// chairs makes the meeting m (a new one, if it has no ID) and changes it,
// as the chair (or, for a ballot, the member) would.
func (w *ruleWorld) chairs(m model.Meeting, changes ...then) model.Meeting {
	t := w.hs.t
	t.Helper()
	by := model.Actor{User: chair, Fingerprint: "SHA256:fixture"}
	var err error
	if m.ID == 0 {
		m.Ward, m.Title, m.When = wardA, "June panel", fixedNow().AddDate(0, 0, 3)
		if m, err = w.st.CreateMeeting(by, m); err != nil {
			t.Fatal(err)
		}
	}
	for _, ch := range changes {
		c := ch(m)
		who := by
		if _, ok := c.(model.CastVote); ok {
			who = model.Actor{User: member, Fingerprint: "SHA256:fixture"}
		}
		got, err := w.st.ChangeMeeting(who, m.ID, c)
		if err != nil && !errors.Is(err, model.ErrUnchanged) {
			t.Fatalf("%T: %v", c, err)
		}
		if err == nil {
			m = got
		}
	}
	return m
}
