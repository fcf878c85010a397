package meetings

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// View is the Meeting screen: the agenda with the current item, and
// the selected item's minutes, notes, actions and what its kind adds
// (attendance, matters arising, priorities). While the meeting is live it
// follows the chair: whenever the current item moves, so does the
// selection, until the user browses to another item; f follows again.
type View struct {
	c *env

	m          model.Meeting
	has        bool
	problems   records[model.Problem]
	actions    records[model.Action]
	priorities model.WardPriorities
	// brief is the partners' updates for this meeting and who has not
	// updated, as this user may see them (updates.go).
	brief model.Briefing

	sel    int // the selected item's ID
	follow bool
	scroll int // first line of the item pane shown
	// attended holds the live meetings this session has marked its user
	// present at, so reconnecting screens do not write it again.
	attended map[model.ID]bool
	ticking  bool
	// confirm: the two-key pattern for closing the meeting or a vote and
	// removing an item.
	confirm ui.Twice

	load    ui.Loader
	saveSeq int
	saving  bool
	// held are keys pressed while a change was on its way to the store,
	// played in order once it answers: a chair who presses n twice steps
	// twice, each step from where the last one left the meeting, and no
	// key is lost because the screen had not yet heard back.
	held []tea.KeyPressMsg

	width, height int
}

// NewView makes the meeting screen, once per session.
func NewView(s ui.Session, st Store, links Links) *View {
	return &View{c: newEnv(s, st, links), attended: map[model.ID]bool{}, follow: true}
}

func (v *View) Init() tea.Cmd    { return nil }
func (v *View) Capturing() bool  { return false }
func (v *View) Title() string    { return "Meeting" }
func (v *View) SetSize(w, h int) { v.width, v.height = w, h }

// show opens meeting id, following the chair.
func (v *View) show(id model.ID) tea.Cmd {
	if !v.has || v.m.ID != id {
		v.has, v.m, v.sel, v.scroll = false, model.Meeting{ID: id}, 0, 0
	}
	v.follow, v.confirm, v.held = true, ui.Twice{}, nil // keys held were for the screen as it was
	v.load.Forget()
	return tea.Batch(v.reload(), v.tick())
}

func (v *View) reload() tea.Cmd {
	if v.m.ID == 0 {
		return nil
	}
	seq, ok := v.load.Start(v.c.NextSeq)
	if !ok {
		return nil
	}
	return loadMeetingCmd(v.c.st, v.c.User(), v.m.ID, seq)
}

// Lapse: the router let the timer go while another screen was on top.
func (v *View) Lapse() { v.ticking = false }

// may says whether the meeting's rule (model/meetingrules.go) lets this
// user do it now.
func (v *View) may(rule func(model.User, model.Meeting) error) bool {
	return rule(v.c.User(), v.m) == nil
}

// keeps: this user keeps the agenda, minutes and attendance.
func (v *View) keeps() bool { return v.may(model.CheckKeepMeeting) }

// tick keeps the timer moving while the meeting is live and on screen. The
// timer counts whole minutes, so each session redraws once a minute, on the
// minute of the item's own clock, rather than every second: a full room
// following the chair would otherwise redraw every screen every second.
func (v *View) tick() tea.Cmd {
	if v.ticking || (v.has && v.m.State != model.MeetingLive) {
		return nil
	}
	v.ticking = true
	id := v.m.ID
	wait := time.Minute
	if v.has && !v.m.ItemStarted.IsZero() {
		wait = time.Minute - v.m.Elapsed(v.c.Now())%time.Minute + 50*time.Millisecond
	}
	return v.c.links.Tick(wait, func(time.Time) tea.Msg { return tickMsg{id: id} })
}

func (v *View) item() *model.AgendaItem {
	it, _ := v.m.Item(v.sel)
	return it
}

func (v *View) ShortHelp() []key.Binding {
	k := v.c.k
	out := []key.Binding{k.Help, k.Back}
	live := v.m.State == model.MeetingLive
	if live && !v.follow {
		out = append(out, k.Follow)
	}
	if v.may(model.CheckStartMeeting) {
		out = append(out, k.Start)
	}
	if v.may(model.CheckStepMeeting) {
		out = append(out, k.NextItem, k.PrevItem)
	}
	if v.keeps() {
		out = append(out, k.Minutes, k.Decision)
		if v.canRaise() {
			out = append(out, k.RaiseInItem)
		}
	}
	if v.canUndo() {
		out = append(out, k.UndoAgenda)
	}
	if v.m.State == model.MeetingClosed && v.canCorrect() {
		out = append(out, k.Correct)
	}
	if it := v.item(); it != nil {
		out = append(out, v.kindKeys(it)...)
	}
	return append(out, k.Down, k.Up, k.Quit)
}

// kindKeys are the keys an item of its kind adds, for this user.
func (v *View) kindKeys(it *model.AgendaItem) []key.Binding {
	k := v.c.k
	var out []key.Binding
	switch it.Kind {
	case model.ItemApologies:
		if v.keeps() {
			out = append(out, k.Register)
		}
	case model.ItemReview:
		if v.may(model.CheckAgreeMinutes) {
			out = append(out, k.Agree)
		}
		if v.reviewing() != nil {
			if v.may(model.CheckStepMeeting) {
				out = append(out, k.NextReview, k.PrevReview)
			}
			if v.canReview() {
				out = append(out, k.Review)
			}
		}
	case model.ItemPriorities:
		// Offered exactly when the model would take it: a closed vote is
		// not reopened.
		if v.may(model.CheckSteerVote) {
			out = append(out, k.Vote, k.Quorum, k.CancelVote)
		} else if v.may(model.CheckOpenVote) {
			out = append(out, k.Vote)
		}
		if v.canBallot() {
			out = append(out, k.Ballot)
		}
	}
	return out
}

func (v *View) FullHelp() [][]key.Binding {
	k := v.c.k
	groups := [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Follow, k.Back}}
	if v.may(model.CheckStartMeeting) {
		groups = append(groups, []key.Binding{k.Start})
	}
	if v.may(model.CheckStepMeeting) {
		run := []key.Binding{k.NextItem, k.PrevItem}
		if v.may(model.CheckCloseMeeting) {
			run = append(run, k.CloseMeeting)
		}
		groups = append(groups, run)
	}
	var raise []key.Binding
	if v.canRaise() {
		raise = []key.Binding{k.RaiseInItem}
	}
	if v.keeps() {
		// r works on every item, not only apologies (issue 17).
		groups = append(groups, slices.Concat([]key.Binding{k.Minutes, k.Decision, k.Info}, raise, []key.Binding{k.Register}),
			[]key.Binding{k.AddItem, k.EditItem, k.RemoveItem, k.MoveUp, k.MoveDown})
		if v.canUndo() {
			groups[len(groups)-1] = append(groups[len(groups)-1], k.UndoAgenda)
		}
	} else if raise != nil {
		groups = append(groups, raise)
	}
	if v.canCorrect() {
		groups = append(groups, []key.Binding{k.Correct})
	}
	var own []key.Binding
	if it := v.item(); it != nil {
		own = slices.DeleteFunc(v.kindKeys(it), func(b key.Binding) bool {
			return v.keeps() && b.Help() == k.Register.Help()
		})
	}
	return append(groups, append(own, k.Help, k.Quit))
}

// reviewing is the matters-arising entry under discussion, if the
// selected item is matters arising and has one.
func (v *View) reviewing() *model.Review {
	it := v.item()
	if it == nil || it.Kind != model.ItemReview || it.ReviewAt >= len(it.Reviews) {
		return nil
	}
	return &it.Reviews[it.ReviewAt]
}

func (v *View) canReview() bool {
	r := v.reviewing()
	if r == nil || v.m.State != model.MeetingLive {
		return false
	}
	a, ok := v.actions.get(r.ActionID)
	return ok && model.CheckReview(v.c.User(), v.m, a) == nil
}

func (v *View) canBallot() bool {
	it := v.item()
	return it != nil && it.Kind == model.ItemPriorities && v.may(model.CheckCastVote)
}

// canRaise: this user may raise an action from an item of the meeting.
func (v *View) canRaise() bool { return model.CanRaiseInMeeting(v.c.User(), v.m) }

func (v *View) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ui.StoreChanged:
		return v.reload()
	case Show:
		return v.show(msg.ID)
	case tickMsg:
		v.ticking = false
		if msg.id != v.m.ID {
			return nil
		}
		return v.tick()
	case meetingLoadedMsg:
		return v.loaded(msg)
	case meetingSavedMsg:
		if msg.seq != v.saveSeq {
			return nil
		}
		v.saving = false
		if msg.err != nil {
			// Keys pressed after a refused change were meant for a meeting
			// that did not come about: drop them with the refusal.
			v.held = nil
			return ui.Cmd(ui.Err{Op: "changing the meeting", Err: msg.err})
		}
		v.apply(msg.m)
		cmds := []tea.Cmd{v.reload()}
		if msg.text != "" {
			cmds = append(cmds, ui.Cmd(ui.Status{Text: msg.text}))
		}
		return tea.Batch(append(cmds, v.replay())...)
	case tea.KeyPressMsg:
		return v.key(msg)
	}
	return nil
}

func (v *View) loaded(msg meetingLoadedMsg) tea.Cmd {
	cmd, ours, gone := v.load.Opened(msg.seq, "the meeting", msg.err, v.reload)
	switch {
	case !ours:
		return nil
	case gone:
		v.has = false
	case msg.err == nil:
		v.problems = records[model.Problem]{msg.problems, func(p model.Problem) model.ID { return p.ID }}
		v.actions = records[model.Action]{msg.actions, func(a model.Action) model.ID { return a.ID }}
		v.priorities = msg.priorities
		v.apply(msg.m)
		v.brief = v.briefing(msg.updates)
		cmd = tea.Batch(v.attend(), v.tick(), cmd)
	}
	return cmd
}

// apply takes a newer copy of the meeting, moving the selection with the
// chair if following.
func (v *View) apply(m model.Meeting) {
	if v.has && m.Version < v.m.Version {
		return
	}
	was := v.m.State
	v.m, v.has = m, true
	if v.follow && m.Current != 0 {
		if v.sel != m.Current {
			v.scroll = 0
		}
		v.sel = m.Current
	}
	if it, _ := m.Item(v.sel); it == nil && len(m.Items) > 0 {
		v.sel, v.scroll = m.Items[0].ID, 0
	}
	if m.State != was {
		// A step armed in one state (close, start) means nothing in another.
		v.confirm = ui.Twice{}
	}
}

// attend marks this user present at the live meeting they are connected
// to, once per session: a write only if they are not yet on the list.
func (v *View) attend() tea.Cmd {
	if v.attended[v.m.ID] || !v.may(model.CheckAttend) {
		return nil
	}
	v.attended[v.m.ID] = true
	st, by, id := v.c.st, v.c.Actor(), v.m.ID
	return func() tea.Msg {
		if _, err := st.ChangeMeeting(by, id, model.Attend{}); err != nil {
			return ui.Err{Op: "marking you present", Err: err}
		}
		return nil
	}
}

func (v *View) change(ch model.MeetingChange, text string) tea.Cmd {
	if v.saving {
		return nil
	}
	v.saving = true
	v.saveSeq = v.c.NextSeq()
	return changeMeetingCmd(v.c.st, v.c.Actor(), v.m.ID, ch, text, v.saveSeq)
}

// replay plays the held keys until one of them starts another change,
// which holds the rest in turn.
func (v *View) replay() tea.Cmd {
	var cmds []tea.Cmd
	for len(v.held) > 0 && !v.saving {
		msg := v.held[0]
		v.held = v.held[1:]
		cmds = append(cmds, v.key(msg))
	}
	return tea.Batch(cmds...)
}

// neighbour is the item d places from the one with id, if any.
func (v *View) neighbour(id, d int) (model.AgendaItem, bool) {
	_, i := v.m.Item(id)
	j := i + d
	if i < 0 || j < 0 || j >= len(v.m.Items) {
		return model.AgendaItem{}, false
	}
	return v.m.Items[j], true
}

// maxHeld bounds the keys kept while a change is saved; a save takes
// milliseconds, so more than this is a stuck store or a pasted stream.
const maxHeld = 8

func (v *View) key(msg tea.KeyPressMsg) tea.Cmd {
	if v.saving {
		if len(v.held) < maxHeld {
			v.held = append(v.held, msg)
		}
		return nil
	}
	k := v.c.k
	armed := v.confirm.Take()
	if !v.has {
		if key.Matches(msg, k.Back) {
			return ui.Cmd(ui.Back{})
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		return ui.Cmd(ui.Back{})
	case key.Matches(msg, k.Follow):
		v.follow = true
		if v.m.Current != 0 && v.sel != v.m.Current {
			v.sel, v.scroll = v.m.Current, 0
		}
		return nil
	case key.Matches(msg, k.UndoAgenda):
		return v.undo()
	case key.Matches(msg, k.Start):
		return v.start(armed)
	case key.Matches(msg, k.NextItem, k.PrevItem):
		if err := model.CheckStepMeeting(v.c.User(), v.m); err != nil {
			return ui.Refused(err)
		}
		if key.Matches(msg, k.NextItem) {
			return v.step(1)
		}
		return v.step(-1)
	case key.Matches(msg, k.CloseMeeting):
		if err := model.CheckCloseMeeting(v.c.User(), v.m); err != nil {
			return ui.Refused(err)
		}
		if armed != "close" {
			return v.confirm.Ask("close", "Press x again to close the meeting and freeze its minutes.")
		}
		return v.change(model.CloseMeeting{}, "Meeting closed: its minutes are frozen. `minutes "+fmt.Sprint(v.m.ID)+"` prints them.")
	case key.Matches(msg, k.Minutes, k.Decision, k.Info, k.Register, k.AddItem, k.RemoveItem, k.EditItem, k.MoveUp, k.MoveDown) && !v.keeps():
		return ui.Refused(model.CheckKeepMeeting(v.c.User(), v.m))
	case key.Matches(msg, k.Vote):
		return v.vote(armed)
	case key.Matches(msg, k.Quorum, k.CancelVote):
		if err := model.CheckSteerVote(v.c.User(), v.m); err != nil {
			return ui.Refused(err)
		}
	case key.Matches(msg, k.Agree):
		if err := model.CheckAgreeMinutes(v.c.User(), v.m); err != nil {
			return ui.Refused(err)
		}
	}
	if d, ok := v.c.k.Step(msg, max(1, v.paneHeight()-1), 0); ok {
		v.move(msg, d)
		return nil
	}
	if it := v.item(); it != nil {
		return v.itemKey(msg, *it, armed)
	}
	return nil
}

// move browses the agenda (up, down) or scrolls the item (page up, down).
func (v *View) move(msg tea.KeyPressMsg, d int) {
	switch k := v.c.k; {
	case key.Matches(msg, k.Up, k.Down):
		v.browse(d)
	case key.Matches(msg, k.PageUp, k.PageDown):
		v.scroll = max(0, v.scroll+d)
	}
}

// start takes a planned meeting live, asking first on another day than
// the one planned.
func (v *View) start(armed string) tea.Cmd {
	if err := model.CheckStartMeeting(v.c.User(), v.m); err != nil {
		return ui.Refused(err)
	}
	if now := v.c.Now(); v.m.OffDay(now) && armed != "start" {
		// Starting records today as the day it was held (issue 17).
		layout := "Mon 2 Jan"
		if today := now.In(v.m.When.Location()); today.Year() != v.m.When.Year() {
			layout = "Mon 2 Jan 2006"
		}
		return v.confirm.Ask("start", fmt.Sprintf("Planned for %s, not today (%s): press s again to start it today.",
			v.m.When.Format(layout), now.In(v.m.When.Location()).Format(layout)))
	}
	v.follow = true
	return v.change(model.StartMeeting{}, "The meeting is live: everyone's screen follows the agenda.")
}

// vote opens the priorities vote, or closes the open one.
func (v *View) vote(armed string) tea.Cmd {
	if v.voteOpen() {
		if err := model.CheckSteerVote(v.c.User(), v.m); err != nil {
			return ui.Refused(err)
		}
		if it := v.item(); it == nil || it.Kind != model.ItemPriorities {
			return nil
		}
		if armed != "vote" {
			return v.confirm.Ask("vote", "Press v again to close the vote and set the ward's priorities.")
		}
		return v.change(model.CloseVote{}, "Vote closed: the ward's priorities are set.")
	}
	if err := model.CheckOpenVote(v.c.User(), v.m); err != nil {
		return ui.Refused(err)
	}
	if it := v.item(); it == nil || it.Kind != model.ItemPriorities {
		return nil
	}
	return ui.Cmd(v.c.links.OpenPick(newVotePick(v.c, v.m, openCandidates(v.problems.list))))
}

// itemKey is a key about the selected item, it.
func (v *View) itemKey(msg tea.KeyPressMsg, it model.AgendaItem, armed string) tea.Cmd {
	k := v.c.k
	form := func(f *Form) tea.Cmd { return ui.Cmd(v.c.links.OpenForm(f)) }
	switch {
	case key.Matches(msg, k.Correct) && v.canCorrect():
		return form(newCorrectionForm(v.c, v.m, it))
	case key.Matches(msg, k.Minutes):
		return form(newMinutesForm(v.c, v.m, it))
	case key.Matches(msg, k.Decision):
		return form(newNoteForm(v.c, v.m, it, model.NoteDecision))
	case key.Matches(msg, k.Info):
		return form(newNoteForm(v.c, v.m, it, model.NoteInformation))
	case key.Matches(msg, k.Register):
		return form(newAttendeeForm(v.c, v.m))
	case key.Matches(msg, k.AddItem):
		return form(newItemForm(v.c, v.m, nil, it.ID))
	case key.Matches(msg, k.EditItem):
		return form(newItemForm(v.c, v.m, &it, 0))
	case key.Matches(msg, k.RemoveItem):
		if step := fmt.Sprint("remove ", it.ID); armed != step {
			return v.confirm.Ask(step, "Press - again to remove "+ui.SafeLine(it.Title, model.MaxTitleLen)+" from the agenda.")
		}
		return v.change(model.RemoveItem{ID: it.ID}, "Removed "+ui.SafeLine(it.Title, model.MaxTitleLen))
	case key.Matches(msg, k.MoveUp):
		return v.change(model.MoveItem{ID: it.ID, By: -1}, "")
	case key.Matches(msg, k.MoveDown):
		return v.change(model.MoveItem{ID: it.ID, By: 1}, "")
	case key.Matches(msg, k.RaiseInItem) && v.canRaise():
		a := model.Action{Ward: v.m.Ward, MeetingID: v.m.ID}
		var problem *model.Problem
		if len(it.Problems) > 0 {
			if p, ok := v.problems.get(it.Problems[0]); ok {
				a.ProblemID, problem = p.ID, &p
			}
		}
		return ui.Cmd(v.c.links.RaiseAction(a, problem, it.ID, it.Problems))
	case it.Kind == model.ItemReview && key.Matches(msg, k.NextReview, k.PrevReview) && v.may(model.CheckStepMeeting):
		to := it.ReviewAt + 1
		if key.Matches(msg, k.PrevReview) {
			to = it.ReviewAt - 1
		}
		return v.change(model.StepReview{Item: it.ID, To: to}, "")
	case key.Matches(msg, k.Review) && v.canReview():
		a, _ := v.actions.get(v.reviewing().ActionID)
		return form(newReviewForm(v.c, v.m, a))
	case key.Matches(msg, k.Review) && v.reviewing() != nil:
		a, ok := v.actions.get(v.reviewing().ActionID)
		if !ok {
			return ui.Refused(model.ErrNotFound)
		}
		return ui.Refused(model.CheckReview(v.c.User(), v.m, a))
	case it.Kind == model.ItemPriorities && key.Matches(msg, k.Quorum):
		return form(newQuorumForm(v.c, v.m))
	case it.Kind == model.ItemPriorities && key.Matches(msg, k.CancelVote):
		return v.change(model.CancelVote{}, "Vote cancelled: no priorities were set. Open another, or close the meeting.")
	case it.Kind == model.ItemReview && key.Matches(msg, k.Agree):
		return v.change(model.AgreeMinutes{Previous: v.m.PreviousID},
			fmt.Sprintf("The minutes of meeting %d are agreed: they stand as they are.", v.m.PreviousID))
	case key.Matches(msg, k.Ballot) && v.canBallot():
		return ui.Cmd(v.c.links.OpenPick(newBallotPick(v.c, v.m, v.problems.get)))
	}
	return nil
}

// canUndo says whether u may undo the agenda's last change now.
func (v *View) canUndo() bool { return model.CheckUndoAgenda(v.c.User(), v.m) == nil }

// undo takes back the agenda's last change (an item added, removed or
// moved), or says why it cannot.
func (v *View) undo() tea.Cmd {
	if err := model.CheckUndoAgenda(v.c.User(), v.m); err != nil {
		return ui.Refused(err)
	}
	un := v.m.Undo
	title := itemTitle(un.Item)
	text := map[model.UndoKind]string{
		model.UndoAdded:   "Undone: " + title + " is off the agenda again.",
		model.UndoRemoved: "Undone: " + title + " is back on the agenda.",
		model.UndoMoved:   "Undone: " + title + " is back in its place.",
	}[un.Kind]
	if un.Kind == model.UndoRemoved {
		v.sel, v.scroll = un.Item.ID, 0
		v.follow = v.m.State == model.MeetingLive && v.sel == v.m.Current
	}
	return v.change(model.UndoAgenda{}, text)
}

// voteOpen reports whether the meeting has a vote open.
func (v *View) voteOpen() bool { return v.m.Vote != nil && v.m.Vote.Open }

// canCorrect says whether u may correct this meeting's record now: a
// keeper, once it has started, until a later meeting agrees its minutes.
func (v *View) canCorrect() bool {
	return model.CheckCorrectMeeting(v.c.User(), v.m) == nil
}

// itemTitle is an item's title, or the mark of one withheld from this reader.
func itemTitle(it model.AgendaItem) string {
	if it.Withheld {
		return model.WithheldText
	}
	return ui.SafeLine(it.Title, model.MaxTitleLen)
}

// browse moves the selection; leaving the current item stops following.
func (v *View) browse(d int) {
	if n, ok := v.neighbour(v.sel, d); ok {
		v.sel, v.scroll = n.ID, 0
	}
	v.follow = v.m.State == model.MeetingLive && v.sel == v.m.Current
}

// step moves the meeting on (or back) one item from the current one.
func (v *View) step(d int) tea.Cmd {
	to, ok := v.neighbour(v.m.Current, d)
	if !ok {
		if d > 0 {
			return ui.Cmd(ui.Status{Text: "That was the last item: press x twice to close the meeting."})
		}
		return nil
	}
	v.follow = true
	return v.change(model.StepItem{From: v.m.Current, To: to.ID}, "")
}

// Layout: a title line, then the agenda beside the item (wide screens) or
// above it (narrow ones), and one line saying whether you follow. The
// agenda grows with the screen, between agendaMin and agendaMax columns,
// by half of what the screen has past 40: titles show in full on a wide
// terminal, and the item keeps the larger part.
const (
	agendaMin = 34
	agendaMax = 64
)

// agendaWidth is the agenda column's width beside the item on a wide screen.
func (v *View) agendaWidth() int { return ui.Clamp((v.width-40)/2, agendaMin, agendaMax) }

func (v *View) wide() bool { return v.width >= 76 }

func (v *View) paneHeight() int {
	h := v.height - 2
	if !v.wide() {
		h -= v.agendaRows()
	}
	return max(0, h)
}

func (v *View) agendaRows() int {
	if v.wide() {
		return max(0, v.height-2)
	}
	return ui.Clamp(v.height/3, 1, 5)
}

func (v *View) View() string {
	st := v.c.Styles()
	if !v.has {
		return ui.Block([]string{st.Muted.Render("Loading the meeting…")}, v.width, v.height)
	}
	lines := []string{v.titleLine()}
	agenda := v.agendaLines(v.agendaRows())
	paneW := v.width
	if v.wide() {
		paneW = v.width - v.agendaWidth() - 1
	}
	pane := v.paneLines(paneW)
	ph := v.paneHeight()
	v.scroll = ui.Clamp(v.scroll, 0, max(0, len(pane)-ph))
	pane = pane[v.scroll:min(len(pane), v.scroll+ph)]
	if v.wide() {
		for i := range max(len(agenda), ph) {
			l, r := "", ""
			if i < len(agenda) {
				l = agenda[i]
			}
			if i < len(pane) {
				r = pane[i]
			}
			lines = append(lines, ui.Fit(l, v.agendaWidth())+st.Muted.Render("│")+r)
		}
		lines = lines[:min(len(lines), v.height-1)]
	} else {
		lines = append(lines, agenda...)
		lines = append(lines, pane...)
	}
	for len(lines) < v.height-1 {
		lines = append(lines, "")
	}
	lines = append(lines, v.followLine())
	return ui.Block(lines, v.width, v.height)
}

func (v *View) titleLine() string {
	st := v.c.Styles()
	m := &v.m
	state := strings.ToUpper(string(m.State))
	title := ui.SafeLine(m.Title, model.MaxTitleLen)
	when := m.When.Format("Mon 2 Jan 15:04")
	// Held on another day than planned: both days, where they fit.
	held := when
	if m.HeldOffDay() {
		held = "held " + m.HeldAt().Format("Mon 2 Jan 15:04") + ", planned " + m.When.Format("Mon 2 Jan")
	}
	present, apologies := 0, 0
	for _, a := range m.Attendance {
		if a.Kind == model.AttendPresent {
			present++
		} else {
			apologies++
		}
	}
	count := fmt.Sprintf("%d present", present)
	if apologies > 0 {
		count += ", " + model.Counted(apologies, "apology", "apologies")
	}
	head := state + " · " + title
	if m.State == model.MeetingLive {
		head = st.Live.Render("● "+state) + " · " + st.Title.Render(title)
	} else {
		head = st.Title.Render(head)
	}
	// The fullest tail that fits: the time, then the head count, go last.
	for _, tail := range []string{" · " + held + " · " + count, " · " + when + " · " + count, " · " + count, fmt.Sprintf(" · %d present", present)} {
		if ui.TextWidth(head)+ui.TextWidth(tail) <= v.width {
			return head + st.Muted.Render(tail)
		}
	}
	return ui.Trunc(head, v.width)
}

func (v *View) followLine() string {
	st := v.c.Styles()
	switch {
	case v.m.State != model.MeetingLive:
		return ""
	case v.follow:
		return st.Muted.Render(ui.Trunc("Following the chair.", v.width))
	}
	_, i := v.m.Item(v.m.Current)
	return st.Notice.Render(ui.Trunc(fmt.Sprintf("You are browsing; the meeting is on item %d — press f to follow.", i+1), v.width))
}

func (v *View) agendaLines(rows int) []string {
	st := v.c.Styles()
	w := v.width
	if v.wide() {
		w = v.agendaWidth()
	}
	_, sel := v.m.Item(v.sel)
	first := ui.Clamp(sel-rows/2, 0, max(0, len(v.m.Items)-rows))
	numW := len(fmt.Sprint(len(v.m.Items)))
	var out []string
	for i := first; i < len(v.m.Items) && len(out) < rows; i++ {
		it := v.m.Items[i]
		// The marks are text, so NO_COLOR keeps them: › is the row you
		// have selected, ▶ the one the meeting is on, ✓ one it has been on.
		mark := " "
		if it.ID == v.sel {
			mark = "›"
		}
		switch {
		case it.ID == v.m.Current && v.m.State == model.MeetingLive:
			mark += "▶ "
		case it.Reached:
			mark += "✓ "
		default:
			mark += "  "
		}
		mins := fmt.Sprintf("%3d'", it.Allotted)
		title := ui.Fit(fmt.Sprintf("%s%*d %s", mark, numW, i+1, itemTitle(it)), max(1, w-len(mins)-1))
		line := title + " " + mins
		switch {
		case it.ID == v.sel:
			out = append(out, st.RowSelected.Render(ui.Fit(line, w)))
		case it.ID == v.m.Current:
			out = append(out, st.Live.Render(ui.Fit(line, w)))
		default:
			out = append(out, ui.Fit(line, w))
		}
	}
	return out
}

// paneLines is the selected item in full, wrapped to w; the view shows a
// window of it.
func (v *View) paneLines(w int) []string {
	st := v.c.Styles()
	it := v.item()
	if it == nil {
		return []string{st.Muted.Render("The agenda is empty.")}
	}
	_, idx := v.m.Item(it.ID)
	var out []string
	add := func(s string) { out = append(out, ui.Trunc(s, w)) }
	para := func(style func(...string) string, s string, indent int) {
		for _, l := range ui.Wrap(s, max(1, w-indent)) {
			out = append(out, strings.Repeat(" ", indent)+style(l))
		}
	}
	add(st.Section.Render(fmt.Sprintf("%d. %s", idx+1, itemTitle(*it))))
	if it.Withheld {
		return out
	}
	if it.Visibility.Restricted() {
		add(st.Restricted.Render("Restricted to " + ui.SafeLine(it.Visibility.Label(), model.MaxLineLen)))
	}
	meta := fmt.Sprintf("%d min", it.Allotted)
	if it.ID == v.m.Current && v.m.State == model.MeetingLive {
		el := v.m.Elapsed(v.c.Now())
		meta = fmt.Sprintf("⏱ %d of %d min", int(el/time.Minute), it.Allotted)
		if el > time.Duration(it.Allotted)*time.Minute {
			meta = st.Overdue.Render(meta + " over time")
		}
	} else if it.Spent > 0 {
		meta += " · took " + clock(it.Spent)
	}
	if it.Presenter != "" {
		meta = ui.SafeName(it.Presenter) + " · " + meta
	}
	add(st.Muted.Render(meta))
	if it.CarriedFrom != 0 {
		add(st.Muted.Render(fmt.Sprintf("Carried over from meeting %d", it.CarriedFrom)))
	}
	for _, id := range it.Problems {
		if p, ok := v.problems.get(id); ok {
			add(fmt.Sprintf("Problem %s %s", model.ProblemRef(p.ID), ui.SafeLine(p.Title, model.MaxTitleLen)))
		} else if id == 0 {
			add(st.Muted.Render("Problem " + model.WithheldText))
		}
	}

	switch it.Kind {
	case model.ItemApologies:
		out = append(out, v.attendanceLines(w)...)
	case model.ItemReview:
		out = append(out, v.reviewLines(it, w)...)
	case model.ItemPriorityReview:
		out = append(out, v.priorityReviewLines(w)...)
	case model.ItemPriorities:
		out = append(out, v.voteLines(w)...)
	}

	if it.Minutes != "" {
		by := " — " + ui.SafeName(it.MinutesBy)
		if it.MinutesCorrected {
			by += " (corrected)"
		}
		out = append(out, st.Label.Render("Minutes")+st.Muted.Render(by))
		for _, p := range strings.Split(ui.SafeText(it.Minutes), "\n") {
			para(plain, p, 0)
		}
	} else if v.keeps() {
		add(st.Muted.Render("No minutes yet — w to write them."))
	}
	for _, n := range it.Notes {
		text := ui.SafeText(n.Text)
		switch {
		case n.Withheld:
			text = model.WithheldText
		case n.Struck:
			text = "(struck out; corrected)"
		case n.Corrected:
			text += " (corrected)"
		}
		if n.Visibility.Restricted() && !n.Withheld {
			text = "[" + ui.SafeLine(n.Visibility.Label(), model.MaxLineLen) + "] " + text
		}
		switch {
		case n.Kind == model.NoteAction && !n.Withheld:
			para(plain, "Action: "+v.actionLine(n.ActionID, n.Text), 0)
		case n.Kind == model.NoteAction:
			para(plain, "Action: "+text, 0)
		case n.Kind == model.NoteDecision:
			para(st.Value.Render, "Decision: "+text, 0)
		default:
			para(plain, "Information: "+text, 0)
		}
	}
	return out
}

// actionLine names an action with its owner, due date and status.
func (v *View) actionLine(id model.ID, fallback string) string {
	a, ok := v.actions.get(id)
	if !ok {
		return fmt.Sprintf("%s %s", model.ActionRef(id), ui.SafeLine(fallback, model.MaxTitleLen))
	}
	who := ui.SafeLine(a.OwnerAgency, model.MaxLineLen)
	if a.Assignee != "" {
		who += ", " + ui.SafeName(a.Assignee)
	}
	return fmt.Sprintf("%s %s — %s, due %s, %s", model.ActionRef(a.ID), ui.SafeLine(a.Title, model.MaxTitleLen), who, a.Due.Format("2 Jan"), a.Status)
}

func (v *View) attendanceLines(w int) []string {
	st := v.c.Styles()
	out := []string{st.Label.Render("Present")}
	var apologies []string
	for _, a := range v.m.Attendance {
		line := "  " + ui.SafeName(a.Name)
		if a.Agency != "" {
			line += " — " + ui.SafeLine(a.Agency, model.MaxLineLen)
		}
		if a.Connected {
			line += st.Live.Render(" ●")
		}
		if a.Kind == model.AttendApologies {
			apologies = append(apologies, ui.Trunc(line, w))
			continue
		}
		out = append(out, ui.Trunc(line, w))
	}
	if len(out) == 1 {
		out = append(out, st.Muted.Render("  nobody yet"))
	}
	if len(apologies) > 0 {
		out = append(out, st.Label.Render("Apologies"))
		out = append(out, apologies...)
	}
	return out
}

func (v *View) reviewLines(it *model.AgendaItem, w int) []string {
	st := v.c.Styles()
	if len(it.Reviews) == 0 {
		return append([]string{st.Muted.Render("No open actions from earlier meetings.")}, v.pastReviewLines(w)...)
	}
	out := []string{st.Label.Render("Matters arising: " + model.Counted(len(it.Reviews), "action", "actions"))}
	for i, r := range it.Reviews {
		mark := "  "
		if i == it.ReviewAt && v.m.State == model.MeetingLive {
			mark = "→ "
		}
		line := mark + v.actionLine(r.ActionID, "")
		if r.Withheld {
			line = mark + model.WithheldText
		}
		if i == it.ReviewAt && v.m.State == model.MeetingLive {
			out = append(out, st.Value.Render(ui.Trunc(line, w)))
		} else {
			out = append(out, ui.Trunc(line, w))
		}
		if r.Taken() {
			for _, l := range ui.Wrap(fmt.Sprintf("%s: %s (now %s)", ui.SafeName(r.By), ui.SafeText(r.Update), r.Status), max(1, w-4)) {
				out = append(out, "    "+st.Muted.Render(l))
			}
		} else if !r.Withheld {
			out = append(out, v.updateLines(model.RecordAction, r.ActionID, w)...)
		}
	}
	out = append(out, v.pastReviewLines(w)...)
	return append(out, v.ownerLines(w)...)
}

func (v *View) priorityReviewLines(w int) []string {
	st := v.c.Styles()
	pr := v.priorities
	if len(pr.Problems) == 0 || pr.MeetingID == v.m.ID {
		return []string{st.Muted.Render("No priorities were set before this meeting.")}
	}
	out := []string{st.Label.Render(ui.Trunc("The priorities set last time, and what partners did", w))}
	for _, id := range pr.Problems {
		p, ok := v.problems.get(id)
		if !ok {
			continue
		}
		out = append(out, ui.Trunc(fmt.Sprintf("★ %s %s (%s)", model.ProblemRef(p.ID), ui.SafeLine(p.Title, model.MaxTitleLen), p.Stage), w))
		out = append(out, v.reviewMark(p, w)...)
		out = append(out, v.updateLines(model.RecordProblem, p.ID, w)...)
		n := 0
		for _, a := range v.actions.list {
			if a.ProblemID == id {
				out = append(out, ui.Trunc("    "+v.actionLine(a.ID, ""), w))
				n++
			}
		}
		if n == 0 {
			out = append(out, st.Muted.Render("    no actions recorded"))
		}
	}
	return append(out, v.ownerLines(w)...)
}

func (v *View) voteLines(w int) []string {
	st := v.c.Styles()
	vote := v.m.Vote
	if vote == nil {
		msg := "No vote yet."
		if v.may(model.CheckOpenVote) {
			msg += " Press v to open one on candidate problems."
		}
		return []string{st.Muted.Render(ui.Trunc(msg, w))}
	}
	ballots := model.Counted(len(vote.Ballots), "ballot", "ballots")
	head := "Priorities vote — open, " + ballots
	if !vote.Open {
		head = "Priorities vote — closed, " + ballots
	}
	if vote.Quorum > 0 {
		head += fmt.Sprintf(", quorum %d", vote.Quorum)
	}
	out := []string{st.Label.Render(head), st.Muted.Render(ui.Trunc("   pts 1st", w))}
	counts := vote.Counts
	if len(counts) == 0 {
		for _, id := range vote.Candidates {
			counts = append(counts, model.Tally{ProblemID: id})
		}
	}
	mine := vote.Choices(v.c.User().ID)
	for _, t := range counts {
		if t.ProblemID == 0 {
			out = append(out, st.Muted.Render(ui.Trunc("  "+model.WithheldText, w)))
			continue
		}
		title := model.ProblemRef(t.ProblemID)
		if p, ok := v.problems.get(t.ProblemID); ok {
			title += " " + ui.SafeLine(p.Title, model.MaxTitleLen)
		}
		mark := "  "
		if slices.Contains(vote.Result, t.ProblemID) {
			mark = "★ "
		}
		line := fmt.Sprintf("%s%3d %3d ", mark, t.Points, t.First)
		if i := slices.Index(mine, t.ProblemID); i >= 0 {
			title += fmt.Sprintf(" (your %s choice)", ordinal(i+1))
		}
		out = append(out, ui.Trunc(line+title, w))
	}
	// The rule under the tally, so a short screen keeps the tally.
	for _, l := range ui.Wrap(model.TieBreakRule, max(1, w)) {
		out = append(out, st.Muted.Render(l))
	}
	if !vote.Open {
		for _, tie := range model.TieBreaks(counts) {
			for _, l := range ui.Wrap(tie, max(1, w)) {
				out = append(out, st.Notice.Render(l))
			}
		}
	}
	switch {
	case vote.Open && vote.Voted(v.c.User().ID):
		out = append(out, st.Muted.Render("You have voted."))
	case vote.Open && model.CanVote(v.c.User()):
		out = append(out, st.Notice.Render(ui.Trunc("Press b to vote for up to three.", w)))
	}
	return out
}

func ordinal(n int) string {
	switch n {
	case 1:
		return "first"
	case 2:
		return "second"
	case 3:
		return "third"
	}
	return fmt.Sprint(n)
}

func plain(s ...string) string { return strings.Join(s, " ") }

// clock shows a duration as m:ss, or h:mm:ss from an hour.
func clock(d time.Duration) string {
	s := int(d / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// Shown is the meeting on screen and the ID of its item selected.
func (v *View) Shown() (m model.Meeting, selected int) { return v.m, v.sel }
