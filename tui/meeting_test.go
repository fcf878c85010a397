package tui

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"wardpanel/model"
	"wardpanel/store"
)

// The meeting screens on the real store: each harness is one person's
// session; changes reach the others as the change feed would deliver them.

type room struct {
	t      *testing.T
	st     *store.Store
	people map[string]*harness
}

func newRoom(t *testing.T, people map[string]model.User) *room {
	st := realStore(t)
	r := &room{t: t, st: st, people: map[string]*harness{}}
	for name, u := range people {
		r.people[name] = newHarness(t, Options{Store: st, User: &u, Fingerprint: "SHA256:" + name, Now: fixedNow, Live: true}, 100, 30)
	}
	return r
}

// as sends keys from one person, then lets every session hear of the change.
func (r *room) as(name string, keys ...string) {
	r.t.Helper()
	r.people[name].keys(keys...)
	r.feed()
}

func (r *room) feed() {
	r.t.Helper()
	for _, hs := range r.people {
		hs.send(StoreChangedMsg{Revision: r.st.Revision()})
	}
}

func (r *room) screen(name string) string { return ansi.Strip(r.people[name].view()) }

func (r *room) meeting() model.Meeting {
	r.t.Helper()
	ms, err := r.st.Meetings(chair, wardA)
	if err != nil || len(ms) == 0 {
		r.t.Fatalf("meetings: %v, %v", ms, err)
	}
	return ms[len(ms)-1]
}

func TestAMeetingRunsFromPlanToMinutes(t *testing.T) {
	sec := model.User{ID: 6, Name: "Sue Secretary", Agency: "council", Role: model.RoleSecretary, Wards: []string{wardA}}
	r := newRoom(t, map[string]model.User{"chair": chair, "member": member, "officer": officer, "sec": sec})

	// The secretary plans a meeting from the meetings screen.
	r.as("sec", "m")
	if got := r.screen("sec"); !strings.Contains(got, "No meetings yet. Press n") {
		t.Fatalf("empty meetings screen:\n%s", got)
	}
	r.as("sec", "n", "ctrl+s")
	m := r.meeting()
	if m.State != model.MeetingPlanned || len(m.Items) != 9 || m.Items[0].Kind != model.ItemApologies {
		t.Fatalf("planned meeting: %+v", m)
	}
	if got := r.screen("sec"); !strings.Contains(got, "PLANNED") || !strings.Contains(got, "9 Date of next meeting") {
		t.Fatalf("the new meeting is not on screen:\n%s", got)
	}

	// The chair opens it and starts it; the others join from the board.
	r.as("chair", "m", "enter", "s", "s") // planned four weeks on: s asks, s starts
	for _, who := range []string{"member", "officer"} {
		r.as(who, "m")
	}
	m = r.meeting()
	if m.State != model.MeetingLive || m.Current != m.Items[0].ID {
		t.Fatalf("after s: state %s current %d", m.State, m.Current)
	}
	for _, who := range []string{"chair", "member", "officer"} {
		if got := r.screen(who); !strings.Contains(got, "● LIVE") || !strings.Contains(got, "1. Welcome and apologies") {
			t.Fatalf("%s does not see the live meeting on item 1:\n%s", who, got)
		}
	}
	// Connecting to the live meeting marked each of them present.
	var present []string
	for _, a := range r.meeting().Attendance {
		present = append(present, a.Name+"/"+a.Agency)
	}
	slices.Sort(present)
	if want := []string{"Asha Patel/police", "Carol Hughes/council", "Dee Okafor/residents", "Sue Secretary/council"}; !slices.Equal(present, want) {
		t.Fatalf("attendance %v, want %v", present, want)
	}

	// The chair steps; everyone following moves with them.
	r.as("chair", "n")
	for _, who := range []string{"member", "officer"} {
		if got := r.screen(who); !strings.Contains(got, "2. Minutes and actions of the last meeting") {
			t.Fatalf("%s did not follow to item 2:\n%s", who, got)
		}
	}
	// The member browses away, and stays there while the chair moves on.
	r.as("member", "down", "down")
	r.as("chair", "n")
	if got := r.screen("member"); !strings.Contains(got, "4. Crime, ASB") || !strings.Contains(got, "press f to follow") {
		t.Fatalf("browsing member was moved, or not told how to follow:\n%s", got)
	}
	r.as("member", "f")
	if got := r.screen("member"); !strings.Contains(got, "3. Police actions on the previous priorities") || !strings.Contains(got, "Following the chair") {
		t.Fatalf("f did not follow the chair again:\n%s", got)
	}

	// Minutes and a decision, seen by everyone.
	r.as("sec", "w")
	r.people["sec"].paste("PC Reid reported two arrests at Kingfisher House.")
	r.as("sec", "ctrl+s", "d")
	r.people["sec"].paste("Keep the stairwell on the next agenda.")
	r.as("sec", "ctrl+s")
	for _, who := range []string{"member", "officer"} {
		got := r.screen(who)
		if !strings.Contains(got, "two arrests at Kingfisher House") || !strings.Contains(got, "Decision: Keep the stairwell") {
			t.Fatalf("%s does not see the minutes and decision:\n%s", who, got)
		}
	}

	// An action raised from the item is in Actions at once.
	r.as("officer", "a")
	r.people["officer"].paste("Patrol Kingfisher House stairwell")
	r.as("officer", "ctrl+s")
	acts, err := r.st.Actions(officer, wardA)
	if err != nil {
		t.Fatal(err)
	}
	raised := acts[len(acts)-1]
	if raised.Title != "Patrol Kingfisher House stairwell" || raised.MeetingID != m.ID {
		t.Fatalf("raised action %+v", raised)
	}
	if got := r.screen("member"); !strings.Contains(got, "Action: A"+itoa(raised.ID)+" Patrol Kingfisher House") {
		t.Fatalf("the member does not see the action under the item:\n%s", got)
	}

	// The vote: the chair opens it on two problems, members vote once.
	r.as("chair", "n", "n", "n", "n")
	if got := r.screen("member"); !strings.Contains(got, "7. Agree priorities and actions") {
		t.Fatalf("not on the priorities item:\n%s", got)
	}
	r.as("chair", "v", "space", "down", "space", "enter")
	if v := r.meeting().Vote; v == nil || !v.Open || len(v.Candidates) != 2 {
		t.Fatalf("vote after opening: %+v", v)
	}
	cands := r.meeting().Vote.Candidates
	r.as("member", "b", "down", "space", "enter")
	r.as("officer", "b", "down", "space", "up", "space", "enter")
	if got := r.screen("member"); !strings.Contains(got, "You have voted.") || strings.Contains(got, "b vote") {
		t.Fatalf("after voting the member is still offered a ballot:\n%s", got)
	}
	r.as("member", "b") // a second ballot is not offered
	if n := len(r.meeting().Vote.Ballots); n != 2 {
		t.Fatalf("%d ballots, want 2", n)
	}
	r.as("chair", "v", "v")
	pr, err := r.st.Priorities(member, wardA)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(pr.Problems, []model.ID{cands[1], cands[0]}) {
		t.Fatalf("priorities %v, want %v (two votes, then one)", pr.Problems, []model.ID{cands[1], cands[0]})
	}
	if got := r.screen("member"); !regexp.MustCompile(`★ ` + model.ProblemRef(cands[1]) + ` \w[^,]*, ` + model.ProblemRef(cands[0]) + ` \w`).MatchString(got) {
		t.Fatalf("the header does not show the priorities:\n%s", got)
	}

	// Close: x asks first, then freezes.
	r.as("chair", "x")
	if r.meeting().State != model.MeetingLive {
		t.Fatal("one x closed the meeting")
	}
	r.as("chair", "x")
	if r.meeting().State != model.MeetingClosed {
		t.Fatal("x x did not close the meeting")
	}
	if got := r.screen("sec"); !strings.Contains(got, "CLOSED") || strings.Contains(got, "w write minutes") {
		t.Fatalf("closed meeting still offers minutes:\n%s", got)
	}
}

func itoa(id model.ID) string { return strconv.FormatUint(uint64(id), 10) }

// seedLiveMeeting is a meeting under way on its priorities item: minutes,
// a decision, an action raised, apologies, and a vote with two ballots.
func seedLiveMeeting(t *testing.T, st *store.Store) model.Meeting {
	t.Helper()
	as := func(u model.User) model.Actor { return model.Actor{User: u, Fingerprint: "SHA256:fixture"} }
	must := func(m model.Meeting, err error) model.Meeting {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	m := must(st.CreateMeeting(as(chair), model.Meeting{Ward: wardA, Title: "Northfield Ward Panel — Spring",
		When: time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC), Venue: "Northfield Library"}))
	m = must(st.ChangeMeeting(as(chair), m.ID, model.StartMeeting{}))
	for _, u := range []model.User{chair, member} {
		m = must(st.ChangeMeeting(as(u), m.ID, model.Attend{}))
	}
	m = must(st.ChangeMeeting(as(chair), m.ID, model.AddAttendee{Attendee: model.Attendee{Name: "Cllr Jean Marsh", Agency: "council", Kind: model.AttendApologies}}))
	item := m.ItemOfKind(model.ItemPriorities).ID
	m = must(st.ChangeMeeting(as(chair), m.ID, model.StepItem{From: m.Current, To: item}))
	m = must(st.ChangeMeeting(as(chair), m.ID, model.WriteMinutes{Item: item, Text: "Residents asked for burglary and fly-tipping to stay on the list."}))
	m = must(st.ChangeMeeting(as(chair), m.ID, model.AddNote{Item: item, Kind: model.NoteDecision, Text: "Vote on three candidates tonight."}))
	if _, err := st.RaiseMeetingAction(as(officer), m.ID, item, model.Action{Title: "Letter drop on Elm Grove",
		OwnerAgency: "police", Assignee: "Asha Patel", Due: day(14)}); err != nil {
		t.Fatal(err)
	}
	m = must(st.ChangeMeeting(as(chair), m.ID, model.OpenVote{Candidates: []model.ID{1, 3, 4}}))
	m = must(st.ChangeMeeting(as(member), m.ID, model.CastVote{Choices: []model.ID{4, 1}}))
	return must(st.ChangeMeeting(as(officer), m.ID, model.CastVote{Choices: []model.ID{4}}))
}

// The meeting screen as a member who has not voted sees it, following the chair.
func TestGoldenMeeting(t *testing.T) {
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			st := realStore(t)
			m := seedLiveMeeting(t, st)
			u := member
			u.ID = 9 // has not voted
			// Seven minutes into the item.
			now := func() time.Time { return m.ItemStarted.Add(7*time.Minute + 12*time.Second) }
			opts := Options{Store: st, User: &u, Fingerprint: "SHA256:golden", Now: now, Live: true}
			tm := startLoaded(t, opts, []string{"▶ meeting live"}, tea.KeyPressMsg{Code: 'm', Text: "m"})
			waitFor(t, tm, "Press b to vote")
			resize(tm, sz)
			teatest.RequireEqualOutput(t, finalScreen(t, tm))
		})
	}
}

// Matters arising: the next meeting, made from the last, lists the action
// the last one raised; its owner records an update and a new status in
// place, and the action itself moves on.
func TestMattersArisingCarriesOverAndRecordsUpdates(t *testing.T) {
	r := newRoom(t, map[string]model.User{"chair": chair, "officer": officer})
	last := seedLiveMeeting(t, r.st)
	as := model.Actor{User: chair, Fingerprint: "SHA256:fixture"}
	for _, ch := range []model.MeetingChange{
		model.AddItem{Item: model.AgendaItem{Title: "Knife crime briefing", Presenter: "Youth service", Allotted: 10}},
		model.CloseVote{}, model.CloseMeeting{},
	} {
		if _, err := r.st.ChangeMeeting(as, last.ID, ch); err != nil {
			t.Fatal(err)
		}
	}

	// The chair plans the next one from the meetings list: carry-over is the default.
	r.as("chair", "m", "n")
	if got := r.screen("chair"); !strings.Contains(got, "carry over from Northfield Ward Panel — Spring") {
		t.Fatalf("the form does not offer carry-over:\n%s", got)
	}
	r.as("chair", "ctrl+s", "s", "s", "n") // planned four weeks on: s asks, s starts
	next := r.meeting()
	if next.PreviousID != last.ID || next.State != model.MeetingLive {
		t.Fatalf("next meeting %+v", next)
	}
	// The item the last meeting never reached comes again, before any
	// other business; the standard items are not doubled.
	var titles []string
	for _, it := range next.Items {
		titles = append(titles, it.Title)
	}
	i := slices.Index(titles, "Knife crime briefing")
	if len(titles) != 10 || i < 0 || titles[i+1] != "Any other business" || next.Items[i].CarriedFrom != last.ID {
		t.Fatalf("agenda of the next meeting: %q", titles)
	}

	r.as("officer", "m")
	got := r.screen("officer")
	if !strings.Contains(got, "Matters arising: 1 action") || !strings.Contains(got, "→ A9 Letter drop on Elm Grove") {
		t.Fatalf("matters arising does not list the open action:\n%s", got)
	}
	r.as("officer", "u")
	r.people["officer"].paste("Letters delivered to 140 homes; two residents came forward.")
	// Status: from "open (unchanged)" one to the right is in-progress, then done.
	r.as("officer", "tab", "right", "right", "right")
	if got := r.screen("officer"); !strings.Contains(got, "< done >") {
		t.Fatalf("status choice:\n%s", got)
	}
	r.as("officer", "ctrl+s")
	a, err := r.st.Action(officer, 9)
	if err != nil || a.Status != model.ActionDone {
		t.Fatalf("action after the update: %+v, %v", a, err)
	}
	got = r.screen("chair")
	if !strings.Contains(got, "Asha Patel: Letters delivered to 140 homes") || !strings.Contains(got, "(now done)") {
		t.Fatalf("the chair does not see the update in place:\n%s", got)
	}
	// A resident member can see it but not record one.
	if m := r.meeting(); model.CheckReview(member, m, a) == nil {
		t.Fatal("a member may record matters arising")
	}
}

// At 80 columns a meeting under way stays in the header, whatever the
// length of the name, agency and role beside it.
func TestTheHeaderKeepsTheMeetingOverYourRole(t *testing.T) {
	st := realStore(t)
	seedLiveMeeting(t, st)
	long := model.User{ID: 12, Name: "Rosalind Featherstonehaugh", Agency: "residents", Role: model.RoleObserver, Wards: []string{wardA}}
	hs := newHarness(t, Options{Store: st, User: &long, Fingerprint: "SHA256:t", Now: fixedNow, Live: true}, 80, 24)
	header := strings.SplitN(ansi.Strip(hs.view()), "\n", 2)[0]
	if !strings.Contains(header, "▶ meeting live") || !strings.Contains(header, "Rosalind Featherstonehaugh") {
		t.Fatalf("header %q: want the meeting and the name", header)
	}
}

// A redraw timer gives up when its session ends, so a meeting's screens
// are not kept in memory for up to a minute after everyone has left.
func TestRedrawTimerStopsWhenTheSessionEnds(t *testing.T) {
	done := make(chan struct{})
	type tick struct{}
	cmd := tickUntil(done)(time.Hour, func(time.Time) tea.Msg { return tick{} })
	got := make(chan tea.Msg)
	go func() { got <- cmd() }()
	close(done)
	select {
	case msg := <-got:
		if msg != nil {
			t.Fatalf("the timer sent %#v after its session ended", msg)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the timer still waits after its session ended")
	}
}

// The stuck vote: the chair opens it, nobody votes. The meeting cannot
// close over it; the chair cancels it and closes. In another meeting a
// vote that has closed is not offered again, and v says why.
func TestStuckVoteIsCancelledFromTheScreen(t *testing.T) {
	sec := model.User{ID: 6, Name: "Sue Secretary", Agency: "council", Role: model.RoleSecretary, Wards: []string{wardA}}
	r := newRoom(t, map[string]model.User{"chair": chair, "sec": sec})
	r.as("sec", "m", "n", "ctrl+s")
	r.as("chair", "m", "enter", "s", "s") // planned four weeks on: s asks, s starts
	for range 6 {
		r.as("chair", "n")
	}
	if got := r.screen("chair"); !strings.Contains(got, "7. Agree priorities") || !strings.Contains(got, "Press v to open one") {
		t.Fatalf("the chair is not offered a vote on item 7:\n%s", got)
	}
	r.as("chair", "v", "space", "enter")
	if v := r.meeting().Vote; v == nil || !v.Open {
		t.Fatalf("no vote open: %+v", v)
	}
	r.as("chair", "x", "x")
	if m := r.meeting(); m.State != model.MeetingLive {
		t.Fatalf("the meeting closed over an open vote: %s", m.State)
	}
	// A quorum of two: the chair's one ballot cannot close the vote.
	r.as("chair", "Q", "backspace", "2", "ctrl+s", "b", "space", "enter", "v", "v")
	if v := r.meeting().Vote; v == nil || v.Quorum != 2 || !v.Open || len(v.Ballots) != 1 {
		t.Fatalf("with a quorum of two and one ballot: %+v", v)
	}
	if st := r.people["chair"].app.status; !strings.Contains(st.text, "1 of the 2 ballots the quorum needs") {
		t.Errorf("closing below the quorum says %+v", st)
	}
	r.as("chair", "C")
	if m := r.meeting(); m.Vote != nil || m.CancelledVotes != 1 {
		t.Fatalf("after C: vote %+v, cancelled %d", m.Vote, m.CancelledVotes)
	}
	// A vote that decided: not offered again.
	r.as("chair", "v", "space", "enter", "b", "space", "enter", "v", "v")
	if v := r.meeting().Vote; v == nil || v.Open || len(v.Result) != 1 {
		t.Fatalf("the second vote: %+v", v)
	}
	r.as("chair", "v")
	if st := r.people["chair"].app.status; !strings.Contains(st.text, "not reopened") {
		t.Errorf("v after a closed vote says %+v", st)
	}
	r.as("chair", "x", "x")
	if m := r.meeting(); m.State != model.MeetingClosed {
		t.Fatalf("the meeting did not close: %s", m.State)
	}
}

// The secretary corrects a decision in closed minutes from the screen;
// everyone's copy says "corrected".
func TestACorrectionFromTheScreen(t *testing.T) {
	sec := model.User{ID: 6, Name: "Sue Secretary", Agency: "council", Role: model.RoleSecretary, Wards: []string{wardA}}
	r := newRoom(t, map[string]model.User{"chair": chair, "sec": sec, "member": member})
	r.as("sec", "m", "n", "ctrl+s")
	r.as("chair", "m", "enter", "s", "s") // planned four weeks on: s asks, s starts
	r.as("sec", "m", "enter", "d")
	r.people["sec"].paste("Close the alley at night.")
	r.as("sec", "ctrl+s")
	r.as("chair", "x", "x")
	if m := r.meeting(); m.State != model.MeetingClosed {
		t.Fatalf("not closed: %s", m.State)
	}
	r.as("sec", "E", "tab", "tab")
	r.people["sec"].paste("Gate the alley at night.")
	r.as("sec", "ctrl+s")
	n := r.meeting().Items[0].Notes
	if len(n) != 1 || n[0].Text != "Gate the alley at night." || !n[0].Corrected {
		t.Fatalf("after the correction: %+v\n%s", n, r.screen("sec"))
	}
	r.as("member", "m", "enter")
	if got := r.screen("member"); !strings.Contains(got, "Decision: Gate the alley at night. (corrected)") {
		t.Errorf("the member's screen:\n%s", got)
	}
}

// The meeting's full help names every key the secretary may press on
// any item, r attendance among them, once (issue 17).
func TestMeetingHelpNamesAttendance(t *testing.T) {
	sec := model.User{ID: 6, Name: "Sue Secretary", Agency: "council", Role: model.RoleSecretary, Wards: []string{wardA}}
	r := newRoom(t, map[string]model.User{"chair": chair, "sec": sec})
	r.as("sec", "m", "n", "ctrl+s")
	r.as("chair", "m", "enter", "s", "s")     // planned four weeks on: s asks, s starts
	r.as("sec", "m", "enter", "down", "down") // past the apologies item, whose own keys name r
	n := 0
	for _, g := range r.people["sec"].app.meeting().FullHelp() {
		for _, b := range g {
			if b.Help().Desc == "attendance" {
				n++
			}
		}
	}
	if n != 1 {
		t.Fatalf("the meeting's full help names r attendance %d times, want once", n)
	}
}

// The agenda column grows with a wide screen, between its minimum and
// maximum: at 200 columns titles are no longer cut at 30.
func TestAgendaColumnGrowsWithWidth(t *testing.T) {
	_, hs := liveMeetingOn(t, 2)
	tests := []struct{ width, agenda int }{
		{76, 34}, {80, 34}, {100, 34}, {120, 40}, {160, 60}, {200, 64},
	}
	for _, tt := range tests {
		hs.send(tea.WindowSizeMsg{Width: tt.width, Height: 30})
		body := strings.Split(ansi.Strip(hs.app.current().View()), "\n")
		col := -1
		for _, l := range body[1:] {
			if i := strings.Index(l, "│"); i >= 0 {
				col = ansi.StringWidth(l[:i])
				break
			}
		}
		if col != tt.agenda {
			t.Errorf("at %d columns the agenda is %d wide, want %d", tt.width, col, tt.agenda)
		}
		if tt.width >= 160 && !strings.Contains(strings.Join(body, "\n"), "Minutes and actions of the last meeting ") {
			t.Errorf("at %d columns a long item title is still cut:\n%s", tt.width, strings.Join(body, "\n"))
		}
	}
}

// Without colour, the row you browse to and the row the meeting is on
// still look different: › marks the one, ▶ the other (issue 17).
func TestBrowsedAndCurrentRowsDifferWithoutColour(t *testing.T) {
	r, _ := liveMeetingOn(t, 3)
	r.as("sec", "m", "enter", "up")
	lines := strings.Split(r.screen("sec"), "\n")
	var browsed, current string
	for _, l := range lines {
		switch {
		case strings.Contains(l, "2 Minutes and actions"):
			browsed = l
		case strings.Contains(l, "3 Police actions"):
			current = l
		}
	}
	if !strings.HasPrefix(browsed, "›✓ 2") || !strings.HasPrefix(current, " ▶ 3") {
		t.Fatalf("browsed %q, current %q", browsed, current)
	}
}

// Starting a meeting on another day than planned asks first, naming both
// days; on the planned day one s starts it (issue 17). The started
// meeting's header then gives the day held and the day planned.
func TestStartingOnAnotherDayAsks(t *testing.T) {
	// Planned for 19:00, days after today (Mon 2 Mar 2026); what one s says ("": it starts).
	for days, prompt := range map[int]string{
		0:   "",
		20:  "Planned for Sun 22 Mar, not today (Mon 2 Mar): press s again to start it today.",
		-1:  "Planned for Sun 1 Mar, not today (Mon 2 Mar): press s again to start it today.",
		365: "Planned for Tue 2 Mar 2027, not today (Mon 2 Mar 2026): press s again to start it today.",
	} {
		when := time.Date(2026, 3, 2, 19, 0, 0, 0, time.UTC).AddDate(0, 0, days)
		t.Run(fmt.Sprintf("%d days on", days), func(t *testing.T) {
			// The session's clock and the store's agree: the store's
			// starts at t0 (Mon 2 Mar, 09:30) and ticks a minute a write.
			st := realStore(t)
			r := &room{t: t, st: st, people: map[string]*harness{}}
			u := chair
			r.people["chair"] = newHarness(t, Options{Store: st, User: &u, Fingerprint: "SHA256:chair", Live: true,
				Now: func() time.Time { return t0.Add(time.Hour) }}, 100, 30)
			if _, err := r.st.CreateMeeting(model.Actor{User: chair, Fingerprint: "SHA256:chair"},
				model.Meeting{Ward: wardA, Title: "Northfield Ward Panel", When: when}); err != nil {
				t.Fatal(err)
			}
			r.as("chair", "m", "enter", "s")
			hs := r.people["chair"]
			if prompt == "" {
				if st := r.meeting().State; st != model.MeetingLive {
					t.Fatalf("one s on the day left it %s; status %q", st, hs.app.status.text)
				}
				if strings.Contains(r.screen("chair"), "planned") {
					t.Fatalf("the header names a planned day:\n%s", r.screen("chair"))
				}
				return
			}
			if st := r.meeting().State; st != model.MeetingPlanned {
				t.Fatalf("one s started it on another day: %s", st)
			}
			if got := hs.app.status.text; got != prompt {
				t.Fatalf("one s says %q, want %q", got, prompt)
			}
			// Another key disarms it; then two s start it.
			r.as("chair", "z", "s")
			if st := r.meeting().State; st != model.MeetingPlanned {
				t.Fatalf("s, z, s started it: %s", st)
			}
			r.as("chair", "s")
			m := r.meeting()
			if m.State != model.MeetingLive || !m.HeldOffDay() {
				t.Fatalf("two s: %s, held off day %v", m.State, m.HeldOffDay())
			}
			if got := r.screen("chair"); !strings.Contains(got, "held ") || !strings.Contains(got, "planned "+when.Format("Mon 2 Jan")) {
				t.Fatalf("the header does not give both days:\n%s", got)
			}
		})
	}
}

// The rest of the two-key confirmations, and refusals in a meeting, as
// the user sees them at the golden sizes (TestGoldenConfirmations has the
// form guards, the vote and a refusal on an action): removing an agenda
// item, closing the meeting, starting it on another day than planned,
// making a rich-picture line a problem; a member's w and the secretary's
// U with nothing to undo. The goldens have no colour at all.
func TestGoldenMeetingConfirmations(t *testing.T) {
	key := func(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }
	live := func(t *testing.T, st *store.Store) func() time.Time {
		m := seedLiveMeeting(t, st)
		return func() time.Time { return m.ItemStarted.Add(7 * time.Minute) }
	}
	planned := func(t *testing.T, st *store.Store) func() time.Time {
		if _, err := st.CreateMeeting(model.Actor{User: chair, Fingerprint: "SHA256:fixture"}, model.Meeting{Ward: wardA,
			Title: "Northfield Ward Panel — Spring", When: time.Date(2026, 3, 22, 19, 0, 0, 0, time.UTC), Venue: "Northfield Library"}); err != nil {
			t.Fatal(err)
		}
		return fixedNow
	}
	picture := func(t *testing.T, st *store.Store) func() time.Time {
		seedPicture(t, st)
		return fixedNow
	}
	sec := model.User{Name: "Sue Secretary", Agency: "council", Role: model.RoleSecretary, Wards: []string{wardA}}
	// steps are keys to send and, as strings, text to wait for first.
	cases := []struct {
		name  string
		who   model.User
		seed  func(t *testing.T, st *store.Store) func() time.Time
		steps []any
	}{
		{"remove item", chair, live, []any{"▶ meeting live", key('m'), "LIVE", press(tea.KeyUp), "6. Community concerns",
			key('-'), "Press - again to remove"}},
		{"close meeting", chair, live, []any{"▶ meeting live", key('m'), "LIVE", key('x'), "Press x again to close the meeting"}},
		{"start on another day", chair, planned, []any{"Speeding", key('m'), "Spring", press(tea.KeyEnter), "PLANNED",
			key('s'), "press s again to start it today"}},
		{"promote line", officer, picture, []any{"Speeding", key('r'), "Parade walk-and-talk", press(tea.KeyEnter), "No lighting",
			press(tea.KeyEscape), press(tea.KeyHome), press(tea.KeyDown), key('p'), "Press p again to make line"}},
		{"refusal minutes", member, live, []any{"▶ meeting live", key('m'), "LIVE", key('w'), "Only the chair, vice-chair or secretary"}},
		{"refusal undo", sec, live, []any{"▶ meeting live", key('m'), "LIVE", key('U'), "There is no agenda change to undo"}},
		// Not a confirmation: the browsed row beside the current one, told
		// apart without colour (› and ▶).
		{"browsing", member, live, []any{"▶ meeting live", key('m'), "LIVE", press(tea.KeyUp), "press f to follow"}},
	}
	for _, tc := range cases {
		for _, sz := range goldenSizes {
			t.Run(fmt.Sprintf("%s/%dx%d", tc.name, sz[0], sz[1]), func(t *testing.T) {
				st := realStore(t)
				who := tc.who
				if who.ID == 0 {
					u, err := st.AddUser(model.Operator, who)
					if err != nil {
						t.Fatal(err)
					}
					who = u
				}
				now := tc.seed(t, st)
				opts := Options{Store: st, User: &who, Fingerprint: "SHA256:golden", Now: now, Live: true}
				tm := startLoaded(t, opts, nil)
				playSteps(t, tm, tc.steps)
				resize(tm, sz)
				teatest.RequireEqualOutput(t, finalScreen(t, tm))
			})
		}
	}
}

// playSteps sends steps to the program in order: a key is sent, and a
// string is waited for on the screen before the next step.
func playSteps(t *testing.T, tm *teatest.TestModel, steps []any) {
	t.Helper()
	for _, s := range steps {
		switch s := s.(type) {
		case string:
			waitFor(t, tm, s)
		case tea.KeyPressMsg:
			tm.Send(s)
		}
	}
}
