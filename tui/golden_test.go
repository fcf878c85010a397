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
	return st
}

func startProgram(t *testing.T, opts Options, w, h int, profile colorprofile.Profile) *teatest.TestModel {
	t.Helper()
	return teatest.NewTestModel(t, New(opts),
		teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(profile)),
	)
}

func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
}

// finalScreen quits the program and returns its last frame as plain text,
// as a terminal without colour would show it.
func finalScreen(t *testing.T, tm *teatest.TestModel) []byte {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	m := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second))
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
			opts := Options{Store: realStore(t), User: &officer, Fingerprint: "SHA256:golden", Demo: true}
			tm := startProgram(t, opts, sz[0], sz[1], colorprofile.NoTTY)
			waitFor(t, tm, "Speeding")
			teatest.RequireEqualOutput(t, finalScreen(t, tm))
		})
	}
}

func TestGoldenDetail(t *testing.T) {
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			opts := Options{Store: realStore(t), User: &officer, Fingerprint: "SHA256:golden"}
			tm := startProgram(t, opts, sz[0], sz[1], colorprofile.NoTTY)
			waitFor(t, tm, "Speeding")
			tm.Send(tea.KeyPressMsg{Code: tea.KeyDown})
			tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
			waitFor(t, tm, "Visible to")
			teatest.RequireEqualOutput(t, finalScreen(t, tm))
		})
	}
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
			out, err := io.ReadAll(tm.FinalOutput(t, teatest.WithFinalTimeout(5*time.Second)))
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
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}
