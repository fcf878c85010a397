package tui

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"wardpanel/model"
	"wardpanel/store"
)

// Golden files are the real program (teatest) on the real store (bbolt in a
// temp dir) with a fixed clock, drawn without colour. Run with -update to
// rewrite them after a deliberate change, and read the diff.

// stepClock gives each write its own minute, from a fixed start.
type stepClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Minute)
	return c.t
}

// realStore is the fixture board in a real store: the same problems as
// newFakeStore, each created by someone whose role allows it.
func realStore(t *testing.T) *store.Store {
	t.Helper()
	clk := &stepClock{t: t0}
	st, err := store.Open(t.TempDir(), store.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	for _, w := range []model.Ward{{Code: wardA, Name: "Northfield"}, {Code: wardB, Name: "Southmere"}} {
		if _, err := st.AddWard(model.Operator, w); err != nil {
			t.Fatal(err)
		}
	}
	fake := newFakeStore()
	for _, a := range fake.agencies {
		if _, err := st.PutAgency(model.Operator, a); err != nil {
			t.Fatal(err)
		}
	}
	// The fixture's partners are enrolled, as assignees must be (issue 17).
	people := []model.User{officer, chair, council,
		{Name: "PC Dan Jones", Agency: "police", Role: model.RoleOfficer, Wards: []string{wardA}},
		{Name: "Priya Shah", Agency: "housing", Role: model.RoleOfficer, Wards: []string{wardA}}}
	clk.mu.Lock()
	before := clk.t
	clk.mu.Unlock()
	for _, u := range people {
		u.ID = 0
		if _, err := st.AddUser(model.Operator, u); err != nil {
			t.Fatal(err)
		}
	}
	clk.mu.Lock()
	clk.t = before // the goldens' times are as they were before people were enrolled
	clk.mu.Unlock()
	for id := model.ID(1); id <= 7; id++ {
		p := fake.get(id)
		p.ID, p.Version = 0, 0
		by := officer
		switch {
		case p.Visibility.Kind == model.VisOfficers:
			by = chair
		case p.LeadAgency == "council":
			by = council
			by.Wards = []string{wardA, wardB}
		}
		if _, err := st.CreateProblem(model.Actor{User: by, Fingerprint: "SHA256:fixture"}, p); err != nil {
			t.Fatalf("fixture #%d: %v", id, err)
		}
	}
	addRealTasking(t, st)
	return st
}

// addRealTasking stores the fake's actions, outcomes and evidence through
// the real store's API, each by the user the fixture names.
func addRealTasking(t *testing.T, st *store.Store) {
	t.Helper()
	as := func(u model.User) model.Actor {
		u.Wards = []string{wardA, wardB}
		return model.Actor{User: u, Fingerprint: "SHA256:fixture"}
	}
	for i, fa := range fixtureActions() {
		a := fa.a
		if a.Ward == "" {
			a.Ward = wardA
		}
		got, err := st.CreateAction(as(fa.by), a)
		if err != nil {
			t.Fatalf("fixture action %d: %v", i+1, err)
		}
		if got.ID != model.ID(i+1) {
			t.Fatalf("fixture action %d stored as #%d", i+1, got.ID)
		}
	}
	for _, fo := range fixtureOutcomes() {
		if _, err := st.AddOutcome(as(fo.by), fo.action, fo.o); err != nil {
			t.Fatalf("fixture outcome: %v", err)
		}
	}
	for _, fe := range fixtureEvidence() {
		by := fe.by
		if by.Role == model.RoleMember {
			by.Wards = []string{wardA}
		}
		if _, err := st.AddEvidence(model.Actor{User: by}, fe.e); err != nil {
			t.Fatalf("fixture evidence: %v", err)
		}
	}
}

func startProgram(t *testing.T, opts Options, w, h int, profile colorprofile.Profile) *teatest.TestModel {
	t.Helper()
	return teatest.NewTestModel(t, New(opts),
		teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(profile)),
	)
}

// waitLimit is how long a test waits for a screen: it returns as soon as
// the screen shows, so the limit only matters on a machine loaded enough
// (the race detector, two cores shared) to be slow.
const waitLimit = 20 * time.Second

func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(waitLimit), teatest.WithCheckInterval(5*time.Millisecond))
}

// finalScreen quits the program and returns its last frame as plain text,
// as a terminal without colour would show it.
func finalScreen(t *testing.T, tm *teatest.TestModel) []byte {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	m := tm.FinalModel(t, teatest.WithFinalTimeout(waitLimit))
	var buf bytes.Buffer
	w := &colorprofile.Writer{Forward: &buf, Profile: colorprofile.NoTTY}
	if _, err := io.WriteString(w, m.View().Content); err != nil {
		t.Fatal(err)
	}
	return append(buf.Bytes(), '\n')
}

var goldenSizes = [][2]int{{80, 24}, {40, 12}}

func TestGoldenBoard(t *testing.T) {
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			// A fixed clock: every open problem's review date is weeks after it.
			opts := Options{Store: realStore(t), User: &officer, Fingerprint: "SHA256:golden", Demo: true, Now: fixedNow}
			tm := startProgram(t, opts, sz[0], sz[1], colorprofile.NoTTY)
			waitFor(t, tm, "Speeding")
			teatest.RequireEqualOutput(t, finalScreen(t, tm))
		})
	}
}

func TestGoldenDetail(t *testing.T) {
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			opts := Options{Store: realStore(t), User: &officer, Fingerprint: "SHA256:golden", Now: fixedNow}
			tm := startLoaded(t, opts, []string{"Speeding"}, press(tea.KeyDown), press(tea.KeyEnter))
			waitFor(t, tm, "found cannabis and wraps")
			resize(tm, sz)
			teatest.RequireEqualOutput(t, finalScreen(t, tm))
		})
	}
}

// The problem detail with its actions (one overdue, one due soon) and its
// evidence log (a fact, a resident's report, an opinion), scrolled to them.
func TestGoldenProblemTasking(t *testing.T) {
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			opts := Options{Store: realStore(t), User: &officer, Fingerprint: "SHA256:golden", Now: fixedNow, Live: true}
			tm := startLoaded(t, opts, []string{"Speeding"}, press(tea.KeyEnter))
			// The actions come with the evidence log, below the plan.
			waitFor(t, tm, "Door-knock odd numbers 1-41")
			resize(tm, sz)
			tm.Send(press(tea.KeyEnd))
			teatest.RequireEqualOutput(t, finalScreen(t, tm))
		})
	}
}

// The actions screen: every action Asha may see in Northfield, by due date.
func TestGoldenActions(t *testing.T) {
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			opts := Options{Store: realStore(t), User: &officer, Fingerprint: "SHA256:golden", Now: fixedNow, Live: true}
			tm := startLoaded(t, opts, []string{"Speeding"}, tea.KeyPressMsg{Code: 't', Text: "t"})
			waitFor(t, tm, "Youth outreach evenings")
			resize(tm, sz)
			teatest.RequireEqualOutput(t, finalScreen(t, tm))
		})
	}
}

// One action: its fields and its outcome log.
func TestGoldenActionDetail(t *testing.T) {
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			opts := Options{Store: realStore(t), User: &officer, Fingerprint: "SHA256:golden", Now: fixedNow}
			tm := startLoaded(t, opts, []string{"Speeding"}, tea.KeyPressMsg{Code: 't', Text: "t"})
			waitFor(t, tm, "Youth outreach evenings")
			tm.Send(press(tea.KeyEnter))
			waitFor(t, tm, "waits on a lock")
			resize(tm, sz)
			teatest.RequireEqualOutput(t, finalScreen(t, tm))
		})
	}
}

func press(code rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: code} }

// loadSize is big enough that everything the goldens wait for is drawn:
// a load is known to have landed only when its text is on the screen.
var loadSize = [2]int{160, 60}

// startLoaded starts the program at loadSize, waits for each of waits, then
// sends keys. Tests resize to the golden's size once what they wait for has
// been drawn: messages are handled in order, so the last frame is stable.
func startLoaded(t *testing.T, opts Options, waits []string, keys ...tea.KeyPressMsg) *teatest.TestModel {
	t.Helper()
	tm := startProgram(t, opts, loadSize[0], loadSize[1], colorprofile.NoTTY)
	for _, w := range waits {
		waitFor(t, tm, w)
	}
	for _, k := range keys {
		tm.Send(k)
	}
	return tm
}

func resize(tm *teatest.TestModel, sz [2]int) {
	tm.Send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
}

// colourParam finds an SGR sequence that sets a foreground or background colour.
var colourParam = regexp.MustCompile(`\x1b\[[0-9;:]*(?:^|;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])[;m:]`)

func TestNoColourProfilesEmitNoColour(t *testing.T) {
	for _, profile := range []colorprofile.Profile{colorprofile.ASCII, colorprofile.NoTTY} {
		t.Run(profile.String(), func(t *testing.T) {
			opts := Options{Store: newFakeStore(), User: &officer, Demo: true}
			tm := startProgram(t, opts, 80, 24, profile)
			waitFor(t, tm, "Speeding")
			tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
			waitFor(t, tm, "Visible to")
			if err := tm.Quit(); err != nil {
				t.Fatal(err)
			}
			out, err := io.ReadAll(tm.FinalOutput(t, teatest.WithFinalTimeout(waitLimit)))
			if err != nil {
				t.Fatal(err)
			}
			if loc := colourParam.FindIndex(out); loc != nil {
				t.Fatalf("%s profile output sets a colour: %q", profile, out[loc[0]:min(len(out), loc[1]+10)])
			}
		})
	}
}

// The real store's change feed, forwarded as the SSH layer does, brings
// another session's new problem onto this screen.
func TestLiveUpdateFromTheRealStore(t *testing.T) {
	st := realStore(t)
	sub := st.Subscribe()
	defer sub.Close()
	tm := startProgram(t, Options{Store: st, User: &officer}, 80, 24, colorprofile.NoTTY)
	waitFor(t, tm, "Speeding")
	done := make(chan struct{})
	go func() {
		defer close(done)
		for rev := range sub.C {
			tm.Send(StoreChangedMsg{Revision: rev})
		}
	}()
	if _, err := st.CreateProblem(model.Actor{User: chair}, model.Problem{Ward: wardA, Title: "Cuckooing at Flat 12",
		Category: "exploitation", Stage: model.StageScanning, Priority: model.PriorityHigh}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tm, "Cuckooing at Flat 12")
	sub.Close()
	<-done
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	tm.WaitFinished(t, teatest.WithFinalTimeout(waitLimit))
}

// Another session's new action reaches this session's actions screen, and
// its outcome reaches an open action detail, through the real change feed.
func TestLiveTaskingFromTheRealStore(t *testing.T) {
	st := realStore(t)
	sub := st.Subscribe()
	defer sub.Close()
	tm := startProgram(t, Options{Store: st, User: &officer, Live: true, Now: fixedNow}, 100, 30, colorprofile.NoTTY)
	waitFor(t, tm, "Speeding")
	done := make(chan struct{})
	go func() {
		defer close(done)
		for rev := range sub.C {
			tm.Send(StoreChangedMsg{Revision: rev})
		}
	}()
	tm.Send(tea.KeyPressMsg{Code: 't', Text: "t"})
	waitFor(t, tm, "Youth outreach evenings")
	by := model.Actor{User: council}
	if _, err := st.CreateAction(by, model.Action{Ward: wardA, ProblemID: 1, Title: "Install a camera over the service road",
		OwnerAgency: "council", Due: day(3), Visibility: model.Panel}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tm, "Install a camera over the service")
	tm.Send(press(tea.KeyEnter)) // #1, first by due date
	waitFor(t, tm, "waits on a lock")
	if _, err := st.AddOutcome(by, 1, model.Outcome{Text: "South-end lock fitted this morning.", Result: "environmental-change"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tm, "South-end lock fitted")
	sub.Close()
	<-done
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	tm.WaitFinished(t, teatest.WithFinalTimeout(waitLimit))
}
