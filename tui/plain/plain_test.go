package plain

import (
	"context"
	"flag"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/store/storetest"
	"wardpanel/tui/plain/plaintest"
	"wardpanel/tui/termtest"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata")

const ward = "E05000001"

// t0 is the fixture's clock: due dates typed as +14 count from it.
var t0 = time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)

// people of the fixture ward, by role.
type people struct {
	chair, member, officer model.User
}

// fixture is a ward with three problems (one police only), a closed
// meeting (M1) that raised an action, and the next one (M2) planned with
// the standard agenda, in a real store.
func fixture(t *testing.T) (*store.Store, people, model.Meeting) {
	t.Helper()
	// Each write a minute after the last, from a fixed hour: the audit
	// trail's times are the same every run.
	st := storetest.Open(t, storetest.NewClock(t0.Add(-24*time.Hour)).Now)
	fx := storetest.Fixture{T: t, St: st}
	must := fx.Must
	var err error
	fx.Ward(ward, "Riverside")
	fx.Agencies(storetest.Codes("council", "police", "residents")...)
	add := func(name, agency string, role model.Role) model.User { return fx.User(name, agency, role, ward) }
	p := people{chair: add("Alex Morgan", "residents", model.RoleChair), member: add("Ruth Adeyemi", "residents", model.RoleMember),
		officer: add("Dana Reid", "police", model.RoleOfficer)}
	add("Lee Grant", "council", model.RoleOfficer) // an assignee to pick: only the enrolled can be named
	by := model.Actor{User: p.officer, Fingerprint: "test"}
	for _, pr := range []model.Problem{
		{Title: "Drug dealing in Kingfisher House stairwell", Location: "Kingfisher House", Category: "drugs", Priority: model.PriorityHigh,
			LeadAgency: "police", Description: "Dealing most evenings."},
		{Title: "Suspected cuckooing on Heron Walk", Location: "Heron Walk", Category: "exploitation", Priority: model.PriorityHigh,
			LeadAgency: "police", Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}},
		{Title: "Fly-tipping behind Riverside Parade", Location: "Riverside Parade", Category: "environmental", Priority: model.PriorityMedium,
			LeadAgency: "council"},
	} {
		pr.Ward = ward
		_, err := st.CreateProblem(by, pr)
		must(err)
	}
	_, err = st.CreateAction(by, model.Action{Ward: ward, ProblemID: 1, Title: "Fix the door entry system", OwnerAgency: "residents",
		Assignee: "Ruth Adeyemi", Due: t0.AddDate(0, 0, 7)})
	must(err)
	// Last meeting raised an action that matters arising goes through.
	chair := model.Actor{User: p.chair, Fingerprint: "test"}
	prev, err := st.CreateMeeting(chair, model.Meeting{Ward: ward, Title: "Riverside panel, autumn",
		When: time.Date(2026, 10, 13, 19, 0, 0, 0, time.UTC), Venue: "Library"})
	must(err)
	prev, err = st.ChangeMeeting(chair, prev.ID, model.StartMeeting{})
	must(err)
	_, err = st.RaiseMeetingAction(chair, prev.ID, prev.Current, model.Action{Ward: ward, Title: "Write to the parade's businesses",
		OwnerAgency: "council", Due: t0.AddDate(0, 0, 3)})
	must(err)
	_, err = st.ChangeMeeting(chair, prev.ID, model.CloseMeeting{})
	must(err)
	m, err := st.CreateMeeting(chair, model.Meeting{Ward: ward, Title: "Riverside panel, winter", PreviousID: prev.ID,
		When: time.Date(2027, 1, 12, 19, 0, 0, 0, time.UTC), Venue: "Library"})
	must(err)
	return st, p, m
}

// driver types into a plain session and waits for what it says.
type driver struct {
	t    *testing.T
	in   *io.PipeWriter
	out  *plaintest.Output
	done chan error
}

func start(t *testing.T, st *store.Store, u model.User) *driver {
	t.Helper()
	r, w := io.Pipe()
	d := &driver{t: t, in: w, out: plaintest.NewOutput(), done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go func() {
		d.done <- Run(ctx, Options{Store: st, User: u, Fingerprint: "test", In: r, Out: d.out, Echo: true, Now: func() time.Time { return t0 }})
	}()
	return d
}

// waitFor waits until the output, after what was last waited for, has s.
func (d *driver) waitFor(s string) {
	d.t.Helper()
	d.out.WaitFor(d.t, s)
}

// typeLine types line and enter, as a raw terminal sends them.
func (d *driver) typeLine(line string) {
	d.t.Helper()
	if _, err := io.WriteString(d.in, line+"\r"); err != nil {
		d.t.Fatal(err)
	}
}

// say types line and waits for the prompt after the answer.
func (d *driver) say(line, prompt string) {
	d.t.Helper()
	d.typeLine(line)
	d.waitFor(prompt)
}

func (d *driver) quit() string {
	d.t.Helper()
	d.typeLine("quit")
	select {
	case err := <-d.done:
		if err != nil {
			d.t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		d.t.Fatal("the session did not end on quit")
	}
	return d.out.String()
}

// checkLinear fails if out does anything but write lines down the page.
func checkLinear(t *testing.T, out string) {
	t.Helper()
	if err := plaintest.Linear(out); err != nil {
		t.Error(err)
	}
}

// golden compares a transcript with testdata/NAME.golden (-update writes it).
func golden(t *testing.T, name, out string) {
	t.Helper()
	out = strings.ReplaceAll(out, "\r\n", "\n")
	termtest.Golden(t, filepath.Join("testdata", name+".golden"), out, *update)
}

// TestChairRunsAMeeting is a whole meeting run in plain mode: start, step,
// minute an item, raise an action, open the vote, vote, close it, close
// the meeting; the transcript is a golden file.
func TestChairRunsAMeeting(t *testing.T) {
	st, p, m := fixture(t)
	d := start(t, st, p.chair)
	d.waitFor("home> ")
	d.say("meetings", "meetings> ")
	d.say("2", "meeting> ")
	d.say("start", "meeting> ")
	d.say("present", "Their name: ")
	d.say("Gwen Hollis", "enter to skip): ")
	d.say("residents", "meeting> ")
	d.say("next", "meeting> ")
	d.say("agree", "meeting> ")
	d.say("update", ": ")
	d.say("Letters went to all twelve businesses", "Choose a number [open]: ")
	d.say("done", "meeting> ")
	d.say("change", "Choose a number: ")
	d.say("1", "Item title: ")
	d.say("Speeding on Mill Lane", "enter to skip): ")
	d.say("Lee Grant", "[10]: ")
	d.say("", "meeting> ")
	d.say("agenda", "meeting> ")
	for range 5 {
		d.say("next", "meeting> ")
	}
	d.say("minutes", ": ")
	d.say("Residents raised the fly-tipping behind the parade again.", "meeting> ")
	d.say("decision", ": ")
	d.say("The council will survey the service road.", "meeting> ")
	d.say("raise", ": ")
	d.say("Survey the service road behind the parade", "Choose a number [residents]: ")
	d.say("council", "(optional, enter to skip): ")
	d.say("Lee Grant", "[+14]: ")
	d.say("", "meeting> ")
	d.say("next", "meeting> ")
	d.say("vote", "candidates: ")
	d.say("2 1", "meeting> ")
	d.say("ballot", "first: ")
	d.say("1", "meeting> ")
	d.say("closevote", "go ahead: ")
	d.say("yes", "meeting> ")
	d.say("close", "go ahead: ")
	d.say("yes", "meeting> ")
	out := d.quit()
	checkLinear(t, out)
	golden(t, "chair-runs-a-meeting", out)

	got, err := st.Meeting(p.chair, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != model.MeetingClosed || got.Vote == nil || len(got.Vote.Result) == 0 {
		t.Errorf("the meeting is %s with vote %+v, want closed with priorities set", got.State, got.Vote)
	}
	actions, err := st.Actions(p.chair, ward)
	if err != nil {
		t.Fatal(err)
	}
	raised := map[string]model.Action{}
	for _, a := range actions {
		raised[a.Title] = a
	}
	if a := raised["Survey the service road behind the parade"]; a.MeetingID != m.ID || a.Assignee != "Lee Grant" || a.OwnerAgency != "council" {
		t.Errorf("the action raised: %+v", a)
	}
	if a := raised["Write to the parade's businesses"]; a.Status != model.ActionDone {
		t.Errorf("the action reviewed is %s, want done", a.Status)
	}
	if got.Agrees == 0 {
		t.Error("the last meeting's minutes were not agreed")
	}
}

// TestResidentReadsTheBoard: a resident reads the board, a problem and
// their actions, hears help as a list, and is refused what only the chair
// may do with the model's reason.
func TestResidentReadsTheBoard(t *testing.T) {
	st, p, _ := fixture(t)
	d := start(t, st, p.member)
	d.waitFor("home> ")
	d.say("help", "home> ")
	d.say("inbox", "inbox> ")
	d.say("board", "board> ")
	d.say("1", "problem> ")
	d.say("1", "action> ")
	d.say("mine", "actions> ")
	d.say("problem 2", "actions> ")
	d.say("meeting 2", "meeting> ")
	d.say("start", "meeting> ")
	d.say("frobnicate", "meeting> ")
	d.say("board", "board> ")
	d.say("new", "Title: ")
	d.say("Litter from the takeaway on Station Road", "enter to skip): ")
	d.say("Station Road", "enter to skip): ")
	d.say("", "Choose a number [other]: ")
	d.say("environmental", "Choose a number [medium]: ")
	d.say("low", "enter to skip): ")
	d.say("", "[panel]: ")
	d.say("", "problem> ")
	out := d.quit()
	checkLinear(t, out)
	golden(t, "resident-reads-the-board", out)
	for _, want := range []string{"Not done: starting the meeting: not allowed: only the chair or vice-chair can do that (you are member).",
		"Not done: opening problem P2: not found"} {
		if !strings.Contains(out, want) {
			t.Errorf("the transcript lacks %q", want)
		}
	}
	if strings.Contains(out, "cuckooing") {
		t.Error("a resident heard of the police-only problem")
	}
}

// TestFollowerHearsTheChair: a second person in the meeting hears each
// step, the vote and the close as announcements, without typing anything.
func TestFollowerHearsTheChair(t *testing.T) {
	st, p, _ := fixture(t)
	chair := start(t, st, p.chair)
	chair.waitFor("home> ")
	member := start(t, st, p.member)
	member.waitFor("home> ")
	member.say("meeting 2", "meeting> ")

	chair.say("meeting 2", "meeting> ")
	chair.say("start", "meeting> ")
	member.waitFor("The meeting has started, chaired by Alex Morgan.")
	member.waitFor("Item 1 of 9: Welcome and apologies.")
	chair.say("next", "meeting> ")
	member.waitFor("Item 2 of 9: Minutes and actions of the last meeting. 15 minutes. Under discussion now.")
	member.waitFor("meeting> ") // the prompt again after the announcement
	chair.say("decision", ": ")
	chair.say("The minutes of the last meeting were agreed.", "meeting> ")
	member.waitFor("Decision, recorded by Alex Morgan: The minutes of the last meeting were agreed.")
	chair.say("close", "go ahead: ")
	chair.say("yes", "meeting> ")
	member.waitFor("is closed: its minutes are frozen.")

	out := member.quit()
	chair.quit()
	checkLinear(t, out)
}

// TestAnnouncementKeepsTheTyping: an announcement arriving while the
// person types ends their line, and gives them the prompt and their text
// back on a new one.
func TestAnnouncementKeepsTheTyping(t *testing.T) {
	st, p, _ := fixture(t)
	chair := start(t, st, p.chair)
	chair.waitFor("home> ")
	member := start(t, st, p.member)
	member.waitFor("home> ")
	if _, err := io.WriteString(member.in, "boa"); err != nil {
		t.Fatal(err)
	}
	member.waitFor("boa")
	chair.say("meeting 2", "meeting> ")
	chair.say("start", "meeting> ")
	member.waitFor("is live now: type meeting 2 to follow it.\r\nhome> boa")
	member.say("rd", "board> ")
	checkLinear(t, member.quit())
	chair.quit()
}

// TestLineEditing: backspace, arrow keys and \r\n are taken as a
// terminal's user means them.
func TestLineEditing(t *testing.T) {
	for _, tc := range []struct {
		name, typed, want string
	}{
		{"backspace", "boardx\x7f\r", "board"},
		{"arrows dropped", "bo\x1b[Dard\r", "board"},
		{"crlf is one line", "board\r\nmine\r", "board|mine"},
		{"lf alone", "board\n", "board"},
		{"control characters dropped", "bo\x07ard\r", "board"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tm := newTerm(io.Discard, true)
			lines := make(chan string, 4)
			tm.readLines(strings.NewReader(tc.typed), lines, make(chan struct{}))
			var got []string
			for l := range lines {
				got = append(got, l)
			}
			if strings.Join(got, "|") != tc.want {
				t.Errorf("lines %q, want %q", got, tc.want)
			}
		})
	}
}

// TestOfficerWorksAProblem: an officer logs evidence, moves the problem on
// with a reason, and closes their action with an outcome.
func TestOfficerWorksAProblem(t *testing.T) {
	st, p, _ := fixture(t)
	d := start(t, st, p.officer)
	d.waitFor("home> ")
	d.say("problem 1", "problem> ")
	d.say("evidence", "Choose a number: ")
	d.say("1", "The evidence: ")
	d.say("Nine calls about dealing in January", "[2027-01-04]: ")
	d.say("2027-01-02", "problem> ")
	d.say("stage", "Choose a number: ")
	d.say("analysis", "Why it moves: ")
	d.say("Enough reports to analyse the pattern", "problem> ")
	d.say("mine", "actions> ")
	d.say("action 1", "action> ")
	d.say("status", "Choose a number: ")
	d.say("done", "what changed: ")
	d.say("The door entry system was repaired", "Choose a number [other]: ")
	d.say("environmental-change", "action> ")
	d.say("problem 1", "problem> ")
	d.say("raise", "What is to be done: ")
	d.say("Patrol the stairwell on Friday evenings", "Choose a number [police]: ")
	d.say("", "enter to skip): ")
	d.say("", "[+14]: ")
	d.say("+7", "problem> ")
	d.say("audit", "problem> ")
	out := d.quit()
	checkLinear(t, out)
	golden(t, "officer-works-a-problem", out)
	got, err := st.Problem(p.officer, 1)
	if err != nil || got.Stage != model.StageAnalysis {
		t.Errorf("problem 1 is at %s (%v), want analysis", got.Stage, err)
	}
}
